"""Tests for credkit.PasswordHasher: behaviour, interop with argon2-cffi,
legacy hashes made by Python libraries, and hostile inputs."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import time

import argon2
import bcrypt
import pytest

import credkit

# Cheap parameters: the behaviour under test does not depend on the cost.
CHEAP = {"memory_kib": 64, "iterations": 1, "parallelism": 1}


def b64(data: bytes) -> str:
    """Standard Base64 without padding (the PHC string format's B64)."""
    return base64.b64encode(data).decode().rstrip("=")


def ab64(data: bytes) -> str:
    """passlib's adapted Base64: '.' instead of '+', no padding."""
    return b64(data).replace("+", ".")


@pytest.fixture
def hasher() -> credkit.PasswordHasher:
    return credkit.PasswordHasher(**CHEAP)


class TestHashVerify:
    def test_defaults_are_owasp(self) -> None:
        """The default hasher produces OWASP-parameter Argon2id v19 strings."""
        h = credkit.PasswordHasher()
        assert (h.memory_kib, h.iterations, h.parallelism) == (19456, 2, 1)
        phc = h.hash("correct horse")
        assert phc.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert h.verify(phc, "correct horse") is True

    def test_mismatch_raises_verification_error(self, hasher: credkit.PasswordHasher) -> None:
        """A wrong password raises VerificationError, not InvalidInput."""
        phc = hasher.hash("right")
        with pytest.raises(credkit.VerificationError):
            hasher.verify(phc, "wrong")

    def test_str_and_bytes_agree(self, hasher: credkit.PasswordHasher) -> None:
        """A str password and its UTF-8 bytes are the same password."""
        phc = hasher.hash("pässwörd")
        assert hasher.verify(phc, "pässwörd".encode())
        assert hasher.verify(phc.encode(), "pässwörd")
        raw = hasher.hash(b"\xff\x00binary")
        assert hasher.verify(raw, b"\xff\x00binary")

    def test_nfkc_normalisation(self, hasher: credkit.PasswordHasher) -> None:
        """Compatibility-equivalent passwords verify unless normalisation is off."""
        phc = hasher.hash("\ufb01x\uff11")  # "ﬁx１"
        assert hasher.verify(phc, "fix1")
        off = credkit.PasswordHasher(**CHEAP, normalize=False)
        assert off.normalize is False
        raw = off.hash("\ufb01x\uff11")
        with pytest.raises(credkit.VerificationError):
            off.verify(raw, "fix1")

    def test_malformed_is_invalid_input(self, hasher: credkit.PasswordHasher) -> None:
        """Malformed strings raise InvalidInput, which is also a ValueError."""
        for bad in ["", "plain", "$argon2id$v=19$m=64", "$md5$x$y", b"\xff\xfe"]:
            with pytest.raises(credkit.InvalidInput):
                hasher.verify(bad, "pw")
            with pytest.raises(ValueError):
                hasher.needs_rehash(bad)

    def test_wrong_types_raise_type_error(self, hasher: credkit.PasswordHasher) -> None:
        """Passwords must be str or bytes."""
        with pytest.raises(TypeError):
            hasher.hash(1234)  # type: ignore[arg-type]

    def test_bad_parameters_are_invalid_input(self) -> None:
        """Parameters below the minimum or above the limits are refused."""
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(memory_kib=8, iterations=1, parallelism=4)
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(memory_kib=-1)
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(iterations=2**40)
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(memory_kib=2 * 1024 * 1024, iterations=1, parallelism=4)
        h = credkit.PasswordHasher(
            memory_kib=2 * 1024 * 1024,
            iterations=1,
            parallelism=4,
            max_memory_kib=2 * 1024 * 1024,
        )
        assert h.memory_kib == 2 * 1024 * 1024

    def test_repr_hides_pepper(self) -> None:
        """The repr shows parameters and whether a pepper is set, never the pepper."""
        h = credkit.PasswordHasher(**CHEAP, pepper=b"s" * 32, pepper_id="k1")
        assert "sss" not in repr(h)
        assert "peppered=True" in repr(h)


class TestRehash:
    def test_parameter_change(self, hasher: credkit.PasswordHasher) -> None:
        """A hash with other parameters needs a rehash, and upgrade returns one."""
        phc = hasher.hash("pw")
        assert hasher.needs_rehash(phc) is False
        stronger = credkit.PasswordHasher(memory_kib=128, iterations=2, parallelism=1)
        assert stronger.needs_rehash(phc) is True
        new = stronger.verify_and_upgrade(phc, "pw")
        assert new is not None and new.startswith("$argon2id$v=19$m=128,t=2,p=1$")
        assert stronger.verify_and_upgrade(new, "pw") is None
        with pytest.raises(credkit.VerificationError):
            stronger.verify_and_upgrade(phc, "wrong")

    def test_pepper_rotation(self) -> None:
        """Hashes under a retired pepper verify and need a rehash."""
        v1 = credkit.PasswordHasher(**CHEAP, pepper=b"1" * 32, pepper_id="k1")
        phc1 = v1.hash("pw")
        assert ",keyid=azE$" in phc1
        v2 = credkit.PasswordHasher(
            **CHEAP, pepper=b"2" * 32, pepper_id="k2", retired_peppers={"k1": b"1" * 32}
        )
        assert v2.verify(phc1, "pw")
        assert v2.needs_rehash(phc1)
        phc2 = v2.verify_and_upgrade(phc1, "pw")
        assert phc2 is not None and ",keyid=azI$" in phc2
        assert not v2.needs_rehash(phc2)
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(**CHEAP).verify(phc1, "pw")
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(**CHEAP, pepper=b"short", pepper_id="k1")
        with pytest.raises(credkit.InvalidInput):
            credkit.PasswordHasher(**CHEAP, pepper=b"1" * 32)

    def test_dummy_verify_raises(self, hasher: credkit.PasswordHasher) -> None:
        """dummy_verify always fails like a wrong password."""
        with pytest.raises(credkit.VerificationError):
            hasher.dummy_verify("anything")


class TestArgon2CffiInterop:
    @pytest.mark.parametrize(
        ("m", "t", "p"), [(19456, 2, 1), (65536, 3, 4), (64, 1, 1), (1024, 3, 2)]
    )
    def test_both_ways(self, m: int, t: int, p: int) -> None:
        """Hashes made by either library verify in the other, byte for byte."""
        ours = credkit.PasswordHasher(memory_kib=m, iterations=t, parallelism=p)
        theirs = argon2.PasswordHasher(
            time_cost=t, memory_cost=m, parallelism=p, hash_len=32, salt_len=16
        )
        for password in ["pw", "pässwörd 🔑", ""]:
            mine = ours.hash(password)
            assert theirs.verify(mine, password)
            assert not theirs.check_needs_rehash(mine)
            assert ours.verify(theirs.hash(password), password)
            assert not ours.needs_rehash(theirs.hash(password))
            with pytest.raises(argon2.exceptions.VerifyMismatchError):
                theirs.verify(mine, password + "x")

    def test_same_salt_same_string(self) -> None:
        """A string from the reference low-level API verifies and needs no rehash."""
        salt = os.urandom(16)
        raw = argon2.low_level.hash_secret(
            b"pw", salt, time_cost=1, memory_cost=64, parallelism=1, hash_len=32,
            type=argon2.low_level.Type.ID,
        ).decode()
        h = credkit.PasswordHasher(**CHEAP)
        assert h.verify(raw, "pw")
        assert not h.needs_rehash(raw)

    def test_other_variants_verify_and_need_rehash(self, hasher: credkit.PasswordHasher) -> None:
        """Argon2i and Argon2d strings verify (verify-only) and need a rehash."""
        for kind in [argon2.low_level.Type.I, argon2.low_level.Type.D]:
            phc = argon2.PasswordHasher(
                time_cost=1, memory_cost=64, parallelism=1, type=kind
            ).hash("pw")
            assert hasher.verify(phc, "pw")
            assert hasher.needs_rehash(phc)


class TestLegacy:
    def test_bcrypt(self, hasher: credkit.PasswordHasher) -> None:
        """bcrypt $2b$, $2a$ and $2y$ hashes from Python bcrypt verify and need a rehash."""
        made = bcrypt.hashpw(b"hunter2", bcrypt.gensalt(rounds=4)).decode()
        for prefix in ["$2b$", "$2a$", "$2y$"]:
            phc = prefix + made[4:]
            assert hasher.verify(phc, "hunter2")
            assert hasher.needs_rehash(phc)
            with pytest.raises(credkit.VerificationError):
                hasher.verify(phc, "hunter3")
        new = hasher.verify_and_upgrade(made, "hunter2")
        assert new is not None and new.startswith("$argon2id$")
        assert hasher.verify(new, "hunter2")

    def test_scrypt(self, hasher: credkit.PasswordHasher) -> None:
        """hashlib.scrypt output in PHC form verifies."""
        salt = os.urandom(16)
        key = hashlib.scrypt(b"pw", salt=salt, n=2**10, r=8, p=1, dklen=32)
        phc = f"$scrypt$ln=10,r=8,p=1${b64(salt)}${b64(key)}"
        assert hasher.verify(phc, "pw")
        assert hasher.needs_rehash(phc)
        with pytest.raises(credkit.VerificationError):
            hasher.verify(phc, "px")

    @pytest.mark.parametrize("digest", ["sha256", "sha512"])
    def test_pbkdf2_phc_and_passlib_forms(
        self, hasher: credkit.PasswordHasher, digest: str
    ) -> None:
        """hashlib.pbkdf2_hmac output verifies in the PHC form and passlib's form."""
        salt = os.urandom(16)
        length = 32 if digest == "sha256" else 64
        key = hashlib.pbkdf2_hmac(digest, b"pw", salt, 1000, length)
        forms = [
            f"$pbkdf2-{digest}$i=1000,l={length}${b64(salt)}${b64(key)}",
            f"$pbkdf2-{digest}$i=1000${b64(salt)}${b64(key)}",
            f"$pbkdf2-{digest}$1000${ab64(salt)}${ab64(key)}",
        ]
        for phc in forms:
            assert hasher.verify(phc, "pw")
            assert hasher.needs_rehash(phc)
            with pytest.raises(credkit.VerificationError):
                hasher.verify(phc, "px")

    def test_passlib_pbkdf2(self, hasher: credkit.PasswordHasher) -> None:
        """A hash written by passlib itself verifies."""
        passlib_hash = pytest.importorskip("passlib.hash")
        phc = passlib_hash.pbkdf2_sha256.using(rounds=1000).hash("pw")
        assert hasher.verify(phc, "pw")
        phc = passlib_hash.pbkdf2_sha512.using(rounds=1000).hash("pw")
        assert hasher.verify(phc, "pw")


class TestHostile:
    HOSTILE = [
        "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=4294967295,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=1048576,t=1,p=16777215$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=1,p=1$" + "A" * 10_000 + "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$2b$31$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "$scrypt$ln=30,r=8,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$scrypt$ln=16,r=8,p=1000000$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$pbkdf2-sha256$i=4294967295,l=32$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$pbkdf2-sha512$4000000000$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
    ]

    @pytest.mark.parametrize("phc", HOSTILE)
    def test_refused_quickly(self, phc: str) -> None:
        """Over-limit costs are refused as InvalidInput in well under a second."""
        h = credkit.PasswordHasher()
        start = time.perf_counter()
        with pytest.raises(credkit.InvalidInput):
            h.verify(phc, "pw")
        with pytest.raises(credkit.InvalidInput):
            h.needs_rehash(phc)
        assert h.verify_many([(phc, "pw")]) == [False]
        assert time.perf_counter() - start < 0.1

    def test_over_long_password(self, hasher: credkit.PasswordHasher) -> None:
        """Passwords over the limit are refused without hashing."""
        with pytest.raises(credkit.InvalidInput):
            hasher.hash("x" * 4097)
        small = credkit.PasswordHasher(**CHEAP, max_password_bytes=8)
        with pytest.raises(credkit.InvalidInput):
            small.hash("123456789")
        assert small.verify(small.hash("12345678"), "12345678")

    def test_configurable_limits(self) -> None:
        """A lowered memory limit refuses hashes that the default accepts."""
        strict = credkit.PasswordHasher(**CHEAP, max_memory_kib=1024)
        phc = credkit.PasswordHasher(memory_kib=2048, iterations=1, parallelism=1).hash("pw")
        with pytest.raises(credkit.InvalidInput):
            strict.verify(phc, "pw")


class TestBatch:
    def test_hash_many_and_verify_many(self, hasher: credkit.PasswordHasher) -> None:
        """One result per item; malformed items are False, not a failed batch."""
        passwords = ["a", "b", b"c", "d"]
        hashes = hasher.hash_many(passwords)
        assert len(hashes) == 4
        pairs: list[tuple[str | bytes, str | bytes]] = [
            (hashes[0], "a"),
            (hashes[1], "a"),
            ("garbage", "a"),
            (b"\xff", "a"),
            (hashes[2], "c"),
            (hashes[3].encode(), b"d"),
        ]
        assert hasher.verify_many(pairs) == [True, False, False, False, True, True]
        assert hasher.verify_many([]) == []
        assert hasher.hash_many([]) == []

    def test_hash_many_refuses_over_long(self, hasher: credkit.PasswordHasher) -> None:
        """hash_many raises InvalidInput if any password is over the limit."""
        with pytest.raises(credkit.InvalidInput):
            hasher.hash_many(["ok", "x" * 5000])

    def test_gil_released(self) -> None:
        """Hashing in threads overlaps (the GIL is released during Argon2)."""
        h = credkit.PasswordHasher(memory_kib=8192, iterations=2, parallelism=1)
        counter = 0
        stop = threading.Event()

        def spin() -> None:
            nonlocal counter
            while not stop.is_set():
                counter += 1

        spinner = threading.Thread(target=spin)
        spinner.start()
        try:
            for _ in range(3):
                h.hash("pw")
        finally:
            stop.set()
            spinner.join()
        assert counter > 1000
