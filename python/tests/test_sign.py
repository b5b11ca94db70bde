"""Tests for credkit's Ed25519 signatures, against PyNaCl and standard vectors."""

from __future__ import annotations

import io
import json
import os
import threading
import time
from pathlib import Path

import pytest

import credkit

nacl_signing = pytest.importorskip("nacl.signing")
nacl_exceptions = pytest.importorskip("nacl.exceptions")

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"


def wycheproof_cases() -> list[tuple[int, bytes, bytes, bytes, bool]]:
    data = json.loads((VECTORS / "wycheproof_ed25519_test.json").read_text())
    cases = []
    for group in data["testGroups"]:
        pk = bytes.fromhex(group["publicKey"]["pk"])
        for t in group["tests"]:
            cases.append(
                (
                    t["tcId"],
                    pk,
                    bytes.fromhex(t["msg"]),
                    bytes.fromhex(t["sig"]),
                    t["result"] == "valid",
                )
            )
    assert len(cases) == data["numberOfTests"] == 151
    return cases


class TestKeys:
    def test_seed_round_trip(self) -> None:
        """A key rebuilt from its seed has the same public key and signatures."""
        sk = credkit.SigningKey.generate()
        again = credkit.SigningKey.from_bytes(sk.to_bytes())
        assert again.verifying_key == sk.verifying_key
        assert again.sign(b"m") == sk.sign(b"m")

    def test_wrong_lengths_are_invalid_input(self) -> None:
        """Seeds, keys and signatures of the wrong length raise InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.SigningKey.from_bytes(b"\x00" * 31)
        with pytest.raises(credkit.InvalidInput):
            credkit.VerifyingKey.from_bytes(b"\x00" * 33)
        vk = credkit.SigningKey.generate().verifying_key
        with pytest.raises(credkit.InvalidInput):
            vk.verify(b"m", b"\x00" * 63)

    def test_small_order_key_is_refused(self) -> None:
        """The identity point and other small-order keys cannot be loaded."""
        identity = b"\x01" + b"\x00" * 31
        with pytest.raises(ValueError):
            credkit.VerifyingKey.from_bytes(identity)
        with pytest.raises(credkit.InvalidInput):
            credkit.VerifyingKey.from_bytes(b"\x00" * 32)

    def test_repr_hides_the_seed(self) -> None:
        """repr() shows the public key only."""
        sk = credkit.SigningKey.from_bytes(b"\x07" * 32)
        assert "0707070707" not in repr(sk)
        assert sk.verifying_key.to_bytes().hex() in repr(sk)

    def test_key_id_is_stable(self) -> None:
        """The derived key id depends only on the public key."""
        vk = credkit.SigningKey.from_bytes(b"\x01" * 32).verifying_key
        same = credkit.VerifyingKey.from_bytes(vk.to_bytes())
        assert vk.key_id == same.key_id
        assert vk.key_id.startswith("ed25519:")


class TestPyNaCl:
    @pytest.mark.parametrize("n", range(12))
    def test_byte_identical_signatures(self, n: int) -> None:
        """Same seed and message give the same key and signature as PyNaCl."""
        seed = os.urandom(32)
        message = os.urandom(n * 37)
        ours = credkit.SigningKey.from_bytes(seed)
        theirs = nacl_signing.SigningKey(seed)
        assert ours.verifying_key.to_bytes() == bytes(theirs.verify_key)
        assert ours.sign(message) == theirs.sign(message).signature

    def test_each_verifies_the_others(self) -> None:
        """PyNaCl verifies credkit's signatures and credkit verifies PyNaCl's."""
        theirs = nacl_signing.SigningKey.generate()
        ours = credkit.SigningKey.from_bytes(bytes(theirs))
        vk = credkit.VerifyingKey.from_bytes(bytes(theirs.verify_key))
        for message in (b"", b"abc", os.urandom(1000)):
            assert vk.verify(message, theirs.sign(message).signature) is True
            theirs.verify_key.verify(message, ours.sign(message))
        tampered = bytearray(ours.sign(b"abc"))
        tampered[0] ^= 1
        with pytest.raises(nacl_exceptions.BadSignatureError):
            theirs.verify_key.verify(b"abc", bytes(tampered))

    def test_str_is_signed_as_utf8(self) -> None:
        """A str message is signed as its UTF-8 bytes."""
        sk = credkit.SigningKey.generate()
        assert sk.sign("ñandú") == sk.sign("ñandú".encode())


class TestVerify:
    def test_bad_signature_raises(self) -> None:
        """verify returns True or raises VerificationError, never False."""
        sk = credkit.SigningKey.generate()
        vk = sk.verifying_key
        sig = sk.sign(b"hello")
        assert vk.verify(b"hello", sig) is True
        with pytest.raises(credkit.VerificationError):
            vk.verify(b"hellO", sig)
        other = credkit.SigningKey.generate().verifying_key
        with pytest.raises(credkit.VerificationError):
            other.verify(b"hello", sig)


class TestBatch:
    def test_sign_batch_matches_sign(self) -> None:
        """sign_batch gives the same signatures as sign, in order."""
        sk = credkit.SigningKey.generate()
        messages: list[bytes | str] = [os.urandom(i) for i in range(50)] + ["text"]
        assert credkit.sign_batch(sk, messages) == [sk.sign(m) for m in messages]

    def test_verify_batch_names_the_bad_items(self) -> None:
        """Each item gets its own answer; bad ones are False, the rest True."""
        keys = [credkit.SigningKey.generate() for _ in range(8)]
        items = []
        bad = {3, 17, 40, 99}
        for i in range(100):
            sk = keys[i % len(keys)]
            message = i.to_bytes(2, "big")
            sig = sk.sign(b"wrong" if i in bad else message)
            items.append((sk.verifying_key.to_bytes(), message, sig))
        assert credkit.verify_batch(items) == [i not in bad for i in range(100)]

    def test_malformed_items_are_false(self) -> None:
        """Wrong lengths, wrong field types and bad keys are False, not errors; list rows count."""
        sk = credkit.SigningKey.generate()
        pk = sk.verifying_key.to_bytes()
        sig = sk.sign(b"m")
        items: list = [
            (pk, b"m", sig),
            (pk[:31], b"m", sig),
            (pk, b"m", sig[:63]),
            (b"\x00" * 32, b"m", sig),
            (pk, 12, sig),
            (None, b"m", sig),
            [pk, b"m", sig],
            (sk.verifying_key, b"m", sig),
        ]
        assert credkit.verify_batch(items) == [True, False, False, False, False, False, True, True]
        assert credkit.verify_batch([]) == []

    def test_gil_is_released(self) -> None:
        """Another Python thread keeps running while a large batch verifies."""
        sk = credkit.SigningKey.generate()
        messages = [i.to_bytes(4, "big") for i in range(3000)]
        sigs = credkit.sign_batch(sk, messages)
        pk = sk.verifying_key.to_bytes()
        items = [(pk, m, s) for m, s in zip(messages, sigs)]
        ticks = 0
        done = threading.Event()

        def count() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                time.sleep(0.0005)

        t = threading.Thread(target=count)
        t.start()
        try:
            for _ in range(3):
                assert all(credkit.verify_batch(items))
        finally:
            done.set()
            t.join()
        assert ticks > 1


class TestWycheproof:
    def test_single_path(self) -> None:
        """All 151 Wycheproof cases through VerifyingKey.verify, as labelled."""
        for tc_id, pk, msg, sig, valid in wycheproof_cases():
            try:
                got = credkit.VerifyingKey.from_bytes(pk).verify(msg, sig)
            except (credkit.VerificationError, credkit.InvalidInput):
                got = False
            assert got == valid, tc_id

    def test_batch_path(self) -> None:
        """All 151 cases in one verify_batch call, as labelled."""
        cases = wycheproof_cases()
        got = credkit.verify_batch([(pk, msg, sig) for _, pk, msg, sig, _ in cases])
        assert got == [valid for *_, valid in cases]


class TestDocuments:
    def rfc_vector(self) -> dict[str, str]:
        data = json.loads((VECTORS / "rfc8032_ed25519ph.json").read_text())
        vector: dict[str, str] = data["tests"][0]
        return vector

    def test_rfc8032_ed25519ph_vector(self, tmp_path: Path) -> None:
        """RFC 8032 section 7.3 from bytes, a file object and a path."""
        v = self.rfc_vector()
        sk = credkit.SigningKey.from_bytes(bytes.fromhex(v["secret_key"]))
        message = bytes.fromhex(v["message"])
        expected = bytes.fromhex(v["signature"])
        path = tmp_path / "doc.bin"
        path.write_bytes(message)
        assert sk.sign_document(message) == expected
        assert sk.sign_document(io.BytesIO(message)) == expected
        assert sk.sign_document(path) == expected
        assert sk.sign_document(str(path)) == expected
        assert sk.verifying_key.verify_document(path, expected) is True

    def test_large_file_streams_and_binds_context(self, tmp_path: Path) -> None:
        """A multi-megabyte file signs by streaming; context and content are bound."""
        sk = credkit.SigningKey.generate()
        path = tmp_path / "big.bin"
        with path.open("wb") as f:
            for _ in range(8):
                f.write(os.urandom(1 << 20))
        sig = sk.sign_document(path, context=b"sanad")
        with path.open("rb") as f:
            assert sk.verifying_key.verify_document(f, sig, context=b"sanad") is True
        with pytest.raises(credkit.VerificationError):
            sk.verifying_key.verify_document(path, sig, context=b"other")
        with pytest.raises(credkit.InvalidInput):
            sk.sign_document(path, context=b"x" * 256)
        with pytest.raises(credkit.InvalidInput):
            sk.sign_document(tmp_path / "missing.bin")
