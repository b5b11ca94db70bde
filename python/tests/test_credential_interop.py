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
        """An algorithm credkit does not verify (ES384) is unsupported input;
        ES256 under an Ed25519 key is not the key's algorithm."""
        claims = {1: "i", 2: "s", 4: NOW + 60, 6: NOW}
        with pytest.raises(credkit.InvalidInput) as e:
            verifier().verify(peer_qr({1: -35, 4: b"peer"}, claims), now=NOW)
        assert e.value.code == "unsupported"
        with pytest.raises(credkit.VerificationError) as e2:
            verifier().verify(peer_qr({1: -7, 4: b"peer"}, claims), now=NOW)
        assert e2.value.code == "algorithm_not_allowed"


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


class TestEs256:
    """ES256 (COSE alg -7) credentials against pyca/cryptography and pycose."""

    @staticmethod
    def keys() -> tuple[credkit.P256SigningKey, object]:
        from cryptography.hazmat.primitives import serialization

        ek = credkit.P256SigningKey.generate()
        peer = serialization.load_pem_private_key(ek.to_pem().encode(), password=None)
        return ek, peer

    def test_credkit_es256_verifies_in_cryptography(self) -> None:
        # pycose 1.1 cannot decode any COSE message under cbor2 6 (arrays
        # come back as tuples), so the signature is checked with pyca's
        # ECDSA over the Sig_structure built by cbor2.
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

        ek, peer = self.keys()
        qr = credkit.CredentialIssuer(ek, key_id="kid-p256", issuer="example-authority").issue(
            subject="1012345678", claims={"name": "Ali"}, valid_for=3600, now=NOW
        )
        tag = decode_qr(qr)
        protected, _unprotected, payload, signature = tag.value
        assert cbor2.loads(protected)[1] == -7
        assert len(signature) == 64
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        peer.public_key().verify(  # type: ignore[attr-defined]
            der, sig_structure(protected, payload), ec.ECDSA(hashes.SHA256())
        )
        verifier = credkit.CredentialVerifier({"kid-p256": ek.verifying_key})
        assert verifier.verify(qr, now=NOW).claims == {"name": "Ali"}

    def test_peer_es256_verifies_in_credkit(self) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        ek, peer = self.keys()
        protected = cbor2.dumps({1: -7, 4: b"kid-p256"})
        payload = cbor2.dumps({1: "example-authority", 2: "1012345678", 4: NOW + 3600, 6: NOW})
        der = peer.sign(sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))  # type: ignore[attr-defined]
        r, s = decode_dss_signature(der)
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        qr = encode_qr(cbor2.CBORTag(18, [protected, {}, payload, signature]))
        verifier = credkit.CredentialVerifier({"kid-p256": ek.verifying_key})
        assert verifier.verify(qr, now=NOW).subject == "1012345678"
        # The same bytes under an Ed25519 key id: the algorithm is the key's.
        ed = credkit.CredentialVerifier({"kid-p256": credkit.SigningKey.generate().verifying_key})
        with pytest.raises(credkit.VerificationError) as e:
            ed.verify(qr, now=NOW)
        assert e.value.code == "algorithm_not_allowed"
        tampered = bytearray(signature)
        tampered[5] ^= 1
        bad = encode_qr(cbor2.CBORTag(18, [protected, {}, payload, bytes(tampered)]))
        with pytest.raises(credkit.VerificationError) as e:
            verifier.verify(bad, now=NOW)
        assert e.value.code == "bad_signature"

    def test_ed25519_alg_minus_19_is_accepted(self) -> None:
        protected = {1: -19, 4: b"kid-1"}
        claims = {1: "example-authority", 2: "1012345678", 4: NOW + 3600, 6: NOW}
        verifier = credkit.CredentialVerifier({"kid-1": peer_public()})
        assert verifier.verify(peer_qr(protected, claims), now=NOW).subject == "1012345678"
