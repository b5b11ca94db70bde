"""Interoperability of credkit credentials with peer libraries.

cbor2 (CBOR), base45 (RFC 9285) and PyNaCl (libsodium Ed25519) decode and
verify what credkit issues, build COSE_Sign1 credentials credkit verifies,
and every tampered byte is refused.
"""

from __future__ import annotations

import zlib

import base45
import cbor2
import nacl.signing
import pytest

import credkit

SEED = bytes(range(32))
NOW = 1_760_000_000


def peer_key() -> nacl.signing.SigningKey:
    return nacl.signing.SigningKey(SEED)


def peer_public() -> bytes:
    return bytes(peer_key().verify_key)


def decode_qr(qr: str) -> cbor2.CBORTag:
    assert qr.startswith("CK1:")
    return cbor2.loads(zlib.decompress(base45.b45decode(qr[4:])))


def encode_qr(tag: cbor2.CBORTag) -> str:
    return "CK1:" + base45.b45encode(zlib.compress(cbor2.dumps(tag))).decode()


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def credkit_qr() -> str:
    issuer = credkit.CredentialIssuer(
        credkit.SigningKey.from_bytes(SEED), key_id="kid-1", issuer="example-authority"
    )
    return issuer.issue(
        subject="1012345678",
        claims={"name": "Ali", "name_ar": "علي", "nationality": "SAU"},
        valid_for=3600,
        version=2,
        now=NOW,
    )


def peer_qr(protected: dict[int, object], claims: dict[int, object]) -> str:
    protected_bytes = cbor2.dumps(protected)
    payload = cbor2.dumps(claims)
    signature = peer_key().sign(sig_structure(protected_bytes, payload)).signature
    return encode_qr(cbor2.CBORTag(18, [protected_bytes, {}, payload, signature]))


def verifier() -> credkit.CredentialVerifier:
    return credkit.CredentialVerifier({"kid-1": peer_public(), "peer": peer_public()})


class TestPeersReadCredkit:
    def test_structure(self) -> None:
        """A credkit QR is a tagged COSE_Sign1 with EdDSA and kid in the protected header."""
        tag = decode_qr(credkit_qr())
        assert tag.tag == 18
        protected, unprotected, payload, signature = tag.value
        assert cbor2.loads(protected) == {1: -8, 4: b"kid-1"}
        assert unprotected == {}
        assert len(signature) == 64
        claims = cbor2.loads(payload)
        assert claims[1] == "example-authority"
        assert claims[2] == "1012345678"
        assert claims[4] - claims[6] == 3600
        assert claims[-65537] == 2
        assert claims[-65539]["name_ar"] == "علي"

    def test_signature_verifies_with_pynacl(self) -> None:
        """PyNaCl verifies the signature over the RFC 9052 Sig_structure."""
        protected, _, payload, signature = decode_qr(credkit_qr()).value
        peer_key().verify_key.verify(sig_structure(protected, payload), signature)


class TestCredkitReadsPeers:
    def test_standard_claims_only(self) -> None:
        """A peer-built credential with only standard claims verifies as version 1."""
        qr = peer_qr({1: -8, 4: b"peer"}, {1: "peer-iss", 2: "2098765432", 4: NOW + 60, 6: NOW})
        cred = verifier().verify(qr, now=NOW)
        assert (cred.subject, cred.issuer, cred.version, cred.key_id) == (
            "2098765432",
            "peer-iss",
            1,
            "peer",
        )
        assert cred.claims == {}
        assert (cred.issued_at, cred.expires_at) == (NOW, NOW + 60)

    def test_credkit_claims_from_peer(self) -> None:
        """credkit's private claims written by a peer are read back."""
        claims = {
            1: "peer-iss",
            2: "s",
            4: NOW + 60,
            6: NOW,
            -65537: 7,
            -65539: {"dob": cbor2.CBORTag(1004, "1990-01-31"), "tags": [1, True, b"\x00"]},
        }
        cred = verifier().verify(peer_qr({1: -8, 4: b"peer"}, claims), now=NOW)
        import datetime

        assert cred.version == 7
        assert cred.claims == {"dob": datetime.date(1990, 1, 31), "tags": [1, True, b"\x00"]}

    def test_other_algorithm_refused(self) -> None:
        """A peer credential claiming ES256 is refused as malformed input."""
        qr = peer_qr({1: -7, 4: b"peer"}, {1: "i", 2: "s", 4: NOW + 60, 6: NOW})
        with pytest.raises(credkit.InvalidInput):
            verifier().verify(qr, now=NOW)


class TestTampering:
    @pytest.mark.parametrize("part", [0, 2, 3])
    def test_every_byte(self, part: int) -> None:
        """Flipping any byte of the protected header, payload or signature is refused."""
        tag = decode_qr(credkit_qr())
        v = verifier()
        v.verify(encode_qr(tag), now=NOW)
        original = tag.value[part]
        for i in range(len(original)):
            fields = list(tag.value)
            tampered = bytearray(original)
            tampered[i] ^= 0x01
            fields[part] = bytes(tampered)
            qr = encode_qr(cbor2.CBORTag(18, fields))
            expected = credkit.CredkitError if part == 0 else credkit.VerificationError
            with pytest.raises(expected):
                v.verify(qr, now=NOW)
