"""Tests for P-256 keys and the PEM/JWK encodings of both key kinds, against pyca/cryptography and joserfc."""

from __future__ import annotations

import json

import pytest

import credkit

ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")
ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
hashes = pytest.importorskip("cryptography.hazmat.primitives.hashes")
utils = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.utils")
jwk_mod = pytest.importorskip("joserfc.jwk")

PKCS8 = serialization.PrivateFormat.PKCS8
SPKI = serialization.PublicFormat.SubjectPublicKeyInfo
PEM = serialization.Encoding.PEM
NOENC = serialization.NoEncryption()


def to_rs(der: bytes) -> bytes:
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def to_der(rs: bytes) -> bytes:
    return utils.encode_dss_signature(int.from_bytes(rs[:32], "big"), int.from_bytes(rs[32:], "big"))


N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class TestP256Signatures:
    def test_credkit_signatures_verify_in_cryptography(self) -> None:
        """An ES256 signature made by credkit verifies with cryptography, and is low-s."""
        sk = credkit.P256SigningKey.generate()
        peer = serialization.load_pem_public_key(sk.verifying_key.to_pem().encode())
        for i in range(20):
            msg = b"message %d" % i
            sig = sk.sign(msg)
            assert len(sig) == 64
            assert int.from_bytes(sig[32:], "big") <= N // 2
            peer.verify(to_der(sig), msg, ec.ECDSA(hashes.SHA256()))

    def test_cryptography_signatures_verify_in_credkit_high_and_low_s(self) -> None:
        """cryptography's signatures (high s half the time) verify in credkit; a changed message does not."""
        peer = ec.generate_private_key(ec.SECP256R1())
        pem = peer.public_key().public_bytes(PEM, SPKI).decode()
        vk = credkit.P256VerifyingKey.from_pem(pem)
        highs = 0
        for i in range(40):
            msg = b"m%d" % i
            sig = to_rs(peer.sign(msg, ec.ECDSA(hashes.SHA256())))
            highs += int.from_bytes(sig[32:], "big") > N // 2
            assert vk.verify(msg, sig) is True
            with pytest.raises(credkit.VerificationError) as e:
                vk.verify(msg + b"x", sig)
            assert e.value.code == "bad_signature"
        assert highs > 0

    def test_der_signature_is_refused(self) -> None:
        """A DER signature is refused on the r||s API: InvalidInput, not a verification attempt."""
        peer = ec.generate_private_key(ec.SECP256R1())
        vk = credkit.P256VerifyingKey.from_pem(peer.public_key().public_bytes(PEM, SPKI).decode())
        der = peer.sign(b"m", ec.ECDSA(hashes.SHA256()))
        with pytest.raises(credkit.InvalidInput) as e:
            vk.verify(b"m", der)
        assert e.value.code == "malformed"


class TestPem:
    def test_p256_private_pem_both_ways(self) -> None:
        """A PKCS#8 P-256 key moves between cryptography and credkit in both directions."""
        peer = ec.generate_private_key(ec.SECP256R1())
        sk = credkit.P256SigningKey.from_pem(peer.private_bytes(PEM, PKCS8, NOENC).decode())
        assert sk.verifying_key.to_bytes() == peer.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        back = serialization.load_pem_private_key(sk.to_pem().encode(), None)
        assert back.private_numbers().private_value == peer.private_numbers().private_value
        assert sk.to_pem().startswith("-----BEGIN PRIVATE KEY-----")

    def test_ed25519_pem_both_ways(self) -> None:
        """A PKCS#8 Ed25519 key and its SPKI public key move both ways, and signatures agree."""
        peer = ed25519.Ed25519PrivateKey.generate()
        sk = credkit.SigningKey.from_pem(peer.private_bytes(PEM, PKCS8, NOENC).decode())
        assert sk.sign(b"x") == peer.sign(b"x")
        back = serialization.load_pem_private_key(sk.to_pem().encode(), None)
        assert back.private_bytes_raw() == sk.to_bytes()
        vk_pem = sk.verifying_key.to_pem()
        assert vk_pem == peer.public_key().public_bytes(PEM, SPKI).decode()
        assert credkit.VerifyingKey.from_pem(vk_pem) == sk.verifying_key

    def test_wrong_curve_and_kind_are_invalid_input(self) -> None:
        """A P-384 key, the other key kind, encrypted PKCS#8 and garbage all raise InvalidInput."""
        p384 = ec.generate_private_key(ec.SECP384R1())
        ed = ed25519.Ed25519PrivateKey.generate()
        cases = [
            (credkit.P256SigningKey.from_pem, p384.private_bytes(PEM, PKCS8, NOENC).decode(), "unsupported"),
            (credkit.P256VerifyingKey.from_pem, p384.public_key().public_bytes(PEM, SPKI).decode(), "unsupported"),
            (credkit.P256SigningKey.from_pem, ed.private_bytes(PEM, PKCS8, NOENC).decode(), "unsupported"),
            (credkit.SigningKey.from_pem, p384.private_bytes(PEM, PKCS8, NOENC).decode(), "unsupported"),
            (
                credkit.SigningKey.from_pem,
                ed.private_bytes(PEM, PKCS8, serialization.BestAvailableEncryption(b"pw")).decode(),
                "unsupported",
            ),
            (credkit.VerifyingKey.from_pem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "malformed"),
            (credkit.VerifyingKey.from_pem, "not pem", "malformed"),
        ]
        for fn, text, code in cases:
            with pytest.raises(credkit.InvalidInput) as e:
                fn(text)
            assert e.value.code == code, (fn, code)


class TestJwk:
    def test_jwk_both_ways_with_joserfc(self) -> None:
        """Public JWKs of both kinds round-trip through joserfc and match cryptography's keys."""
        for sk, cls in (
            (credkit.SigningKey.generate(), credkit.VerifyingKey),
            (credkit.P256SigningKey.generate(), credkit.P256VerifyingKey),
        ):
            jwk = sk.verifying_key.to_jwk()
            assert "d" not in jwk
            theirs = jwk_mod.import_key(jwk)
            exported = theirs.as_dict(private=False)
            assert cls.from_jwk(exported) == sk.verifying_key
            assert cls.from_jwk(json.dumps(exported)) == sk.verifying_key
            if cls is credkit.P256VerifyingKey:
                assert theirs.thumbprint() == sk.verifying_key.key_id

    def test_joserfc_generated_keys_import(self) -> None:
        """Keys generated by joserfc import into credkit from their public JWK."""
        ok = jwk_mod.OKPKey.generate_key("Ed25519")
        credkit.VerifyingKey.from_jwk(ok.as_dict(private=False))
        eck = jwk_mod.ECKey.generate_key("P-256")
        vk = credkit.P256VerifyingKey.from_jwk(eck.as_dict(private=False))
        assert vk.key_id == eck.thumbprint()

    def test_bad_jwks_are_invalid_input(self) -> None:
        """Wrong curve, kty mismatch, a private member and bad base64 raise InvalidInput."""
        good = credkit.P256SigningKey.generate().verifying_key.to_jwk()
        p384 = jwk_mod.ECKey.generate_key("P-384").as_dict(private=False)
        cases = [
            (credkit.P256VerifyingKey, p384, "unsupported"),
            (credkit.P256VerifyingKey, {**good, "kty": "OKP"}, "unsupported"),
            (credkit.VerifyingKey, good, "unsupported"),
            (credkit.P256VerifyingKey, {**good, "d": "AAAA"}, "malformed"),
            (credkit.P256VerifyingKey, {**good, "x": good["x"] + "="}, "malformed"),
            (credkit.P256VerifyingKey, {**good, "alg": "RS256"}, "unsupported"),
            (credkit.P256VerifyingKey, {"kty": "EC"}, "malformed"),
        ]
        for cls, jwk, code in cases:
            with pytest.raises(credkit.InvalidInput) as e:
                cls.from_jwk(jwk)
            assert e.value.code == code, jwk
