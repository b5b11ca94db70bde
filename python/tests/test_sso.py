"""Tests for single-sign-on tokens and push approvals, against PyJWT, joserfc and pyca/cryptography."""

from __future__ import annotations

import base64
import hashlib
import hmac
import copy
import json
import pickle
import time

import pytest

import credkit

jwt = pytest.importorskip("jwt")
joserfc_jwt = pytest.importorskip("joserfc.jwt")
joserfc_jwk = pytest.importorskip("joserfc.jwk")
ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")
ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
hashes = pytest.importorskip("cryptography.hazmat.primitives.hashes")
utils = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.utils")

ISS = "https://sso.example.jo"
AUD = "https://portal.moj.example.jo"
PKCS8 = serialization.PrivateFormat.PKCS8
PEM = serialization.Encoding.PEM
NOENC = serialization.NoEncryption()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rs_from_der(der: bytes) -> bytes:
    r, s = utils.decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


@pytest.fixture(params=["ed25519", "p256"])
def issuer(request: pytest.FixtureRequest) -> credkit.TokenIssuer:
    key = credkit.SigningKey.generate() if request.param == "ed25519" else credkit.P256SigningKey.generate()
    return credkit.TokenIssuer(key, key_id="2026-11", issuer=ISS)


class TestCredkitTokensInPeers:
    def test_pyjwt_verifies_with_published_jwks(self, issuer: credkit.TokenIssuer) -> None:
        """A credkit token verifies in PyJWT with the key from the published JWKS."""
        tok = issuer.issue(subject="9871234567", audience=AUD, ttl=300, nonce="n1", claims={"acr": "loa3"})
        jwks = jwt.PyJWKSet.from_dict(issuer.jwks())
        header = jwt.get_unverified_header(tok)
        key = jwks[header["kid"]]
        claims = jwt.decode(tok, key=key, algorithms=[header["alg"]], audience=AUD, issuer=ISS)
        assert claims["sub"] == "9871234567" and claims["nonce"] == "n1" and claims["acr"] == "loa3"
        assert header["alg"] in ("EdDSA", "ES256") and header["typ"] == "JWT"

    def test_joserfc_verifies_with_published_jwks(self, issuer: credkit.TokenIssuer) -> None:
        """A credkit token verifies in joserfc with the published JWKS."""
        tok = issuer.issue(subject="9871234567", audience=[AUD, "other"], ttl=300)
        keyset = joserfc_jwk.KeySet.import_key_set(issuer.jwks())
        alg = "EdDSA" if issuer.jwks()["keys"][0]["kty"] == "OKP" else "ES256"
        decoded = joserfc_jwt.decode(tok, keyset, algorithms=[alg])
        assert decoded.claims["iss"] == ISS and AUD in decoded.claims["aud"]
        assert decoded.header["kid"] == "2026-11"


class TestPeerTokensInCredkit:
    def peer_keys(self) -> list[tuple[object, str]]:
        return [
            (ed25519.Ed25519PrivateKey.generate(), "EdDSA"),
            (ec.generate_private_key(ec.SECP256R1()), "ES256"),
        ]

    def jwks_for(self, key: object, kid: str, alg: str) -> dict[str, object]:
        pem = key.private_bytes(PEM, PKCS8, NOENC)  # type: ignore[attr-defined]
        jwk = joserfc_jwk.import_key(pem).as_dict(private=False)
        return {"keys": [{**jwk, "kid": kid, "alg": alg, "use": "sig"}]}

    def test_pyjwt_tokens_verify(self) -> None:
        """EdDSA and ES256 tokens made by PyJWT (with kid) verify in credkit."""
        now = int(time.time())
        for key, alg in self.peer_keys():
            tok = jwt.encode(
                {"iss": ISS, "sub": "u1", "aud": AUD, "iat": now, "exp": now + 300, "jti": "j1", "x": [1, 2]},
                key,
                algorithm=alg,
                headers={"kid": "peer-1"},
            )
            tv = credkit.TokenVerifier(self.jwks_for(key, "peer-1", alg), issuer=ISS, audience=AUD)
            t = tv.verify(tok)
            assert (t.subject, t.token_id, t.algorithm, t.key_id) == ("u1", "j1", alg, "peer-1")
            assert t.claims == {"x": [1, 2]} and t.audience == [AUD]
            [many] = tv.verify_many([tok])
            assert isinstance(many, credkit.Token) and many.subject == "u1"

    def test_joserfc_tokens_verify(self) -> None:
        """EdDSA, Ed25519 (RFC 9864) and ES256 tokens made by joserfc verify in credkit."""
        now = int(time.time())
        for key, alg in self.peer_keys() + [(ed25519.Ed25519PrivateKey.generate(), "Ed25519")]:
            pem = key.private_bytes(PEM, PKCS8, NOENC)  # type: ignore[attr-defined]
            jkey = joserfc_jwk.import_key(pem)
            tok = joserfc_jwt.encode(
                {"alg": alg, "kid": "peer-2"},
                {"iss": ISS, "sub": "u2", "aud": AUD, "iat": now, "exp": now + 60},
                jkey,
                algorithms=[alg],
            )
            tv = credkit.TokenVerifier(self.jwks_for(key, "peer-2", alg), issuer=ISS, audience=AUD)
            assert tv.verify(tok).subject == "u2"


class TestVerifierRules:
    def test_claims_and_rotation(self) -> None:
        """Issuer, audience, expiry, nonce and a two-key rotation behave as documented."""
        old = credkit.TokenIssuer(credkit.SigningKey.generate(), key_id="2026-10", issuer=ISS)
        new = credkit.TokenIssuer(credkit.P256SigningKey.generate(), key_id="2026-11", issuer=ISS)
        jwks = {"keys": old.jwks()["keys"] + new.jwks()["keys"]}
        tv = credkit.TokenVerifier(jwks, issuer=ISS, audience=AUD, clock_skew=0)
        now = 1_800_000_000
        for iss in (old, new):
            tok = iss.issue(subject="s", audience=AUD, ttl=300, nonce="n", now=now)
            t = tv.verify(tok, nonce="n", now=now + 1)
            assert (t.issued_at, t.expires_at, t.key_id) == (now, now + 300, iss.key_id)
            for kwargs, code in (
                ({"now": now + 300}, "expired"),
                ({"now": now - 1}, "not_yet_valid"),
                ({"now": now, "nonce": "m"}, "nonce_mismatch"),
            ):
                with pytest.raises(credkit.VerificationError) as e:
                    tv.verify(tok, **kwargs)  # type: ignore[arg-type]
                assert e.value.code == code
        other = credkit.TokenVerifier(jwks, issuer=ISS, audience="https://land.example.jo")
        with pytest.raises(credkit.VerificationError) as e:
            other.verify(old.issue(subject="s", audience=AUD))
        assert e.value.code == "wrong_audience"
        wrong_iss = credkit.TokenIssuer(credkit.SigningKey.generate(), key_id="2026-10", issuer="https://evil")
        with pytest.raises(credkit.VerificationError) as e:
            credkit.TokenVerifier(wrong_iss.jwks(), issuer=ISS, audience=AUD).verify(
                wrong_iss.issue(subject="s", audience=AUD)
            )
        assert e.value.code == "wrong_issuer"

    def test_parameters_out_of_range(self) -> None:
        """Negative or too-large integers raise InvalidInput, never OverflowError."""
        ti = credkit.TokenIssuer(credkit.SigningKey.generate(), key_id="k", issuer=ISS)
        for ttl in (-1, 0, 86_401, 2**70):
            with pytest.raises(credkit.InvalidInput) as e:
                ti.issue(subject="s", audience=AUD, ttl=ttl)
            assert e.value.code == "out_of_range"
        with pytest.raises(ValueError):
            ti.issue(subject="s", audience=AUD, claims={"exp": 1})
        with pytest.raises(credkit.InvalidInput):
            credkit.TokenVerifier(ti.jwks(), issuer=ISS, audience=AUD, clock_skew=-5)


def forge(header: dict[str, object], payload: dict[str, object], sign: object) -> str:
    h = b64(json.dumps(header).encode())
    p = b64(json.dumps(payload).encode())
    sig = sign(f"{h}.{p}".encode())  # type: ignore[operator]
    return f"{h}.{p}.{b64(sig)}"


class TestJwtAttacks:
    def test_attack_table(self) -> None:
        """Known JWT attacks are refused with the documented code, by verify and verify_many alike."""
        sk = credkit.SigningKey.generate()
        ek = credkit.P256SigningKey.generate()
        jwks = {
            "keys": credkit.TokenIssuer(sk, key_id="ed", issuer=ISS).jwks()["keys"]
            + credkit.TokenIssuer(ek, key_id="ec", issuer=ISS).jwks()["keys"]
        }
        tv = credkit.TokenVerifier(jwks, issuer=ISS, audience=AUD)
        now = int(time.time())
        claims = {"iss": ISS, "sub": "s", "aud": AUD, "iat": now, "exp": now + 300}
        pub = sk.verifying_key.to_bytes()
        pub_pem = sk.verifying_key.to_pem().encode()
        attacker = credkit.SigningKey.generate()
        rows = [
            ("good", forge({"alg": "EdDSA", "kid": "ed"}, claims, sk.sign), None),
            ("alg none", forge({"alg": "none", "kid": "ed"}, claims, lambda m: b""), "algorithm_not_allowed"),
            ("alg None", forge({"alg": "None", "kid": "ed"}, claims, lambda m: b""), "algorithm_not_allowed"),
            (
                "HS256 keyed with public key",
                forge({"alg": "HS256", "kid": "ed"}, claims, lambda m: hmac.new(pub, m, hashlib.sha256).digest()),
                "algorithm_not_allowed",
            ),
            (
                "HS256 keyed with public PEM",
                forge({"alg": "HS256", "kid": "ed"}, claims, lambda m: hmac.new(pub_pem, m, hashlib.sha256).digest()),
                "algorithm_not_allowed",
            ),
            ("ES256 on Ed25519 key", forge({"alg": "ES256", "kid": "ed"}, claims, ek.sign), "algorithm_not_allowed"),
            ("EdDSA on P-256 key", forge({"alg": "EdDSA", "kid": "ec"}, claims, sk.sign), "algorithm_not_allowed"),
            (
                "attacker key in jwk",
                forge({"alg": "EdDSA", "kid": "ed", "jwk": attacker.verifying_key.to_jwk()}, claims, attacker.sign),
                "unsupported",
            ),
            (
                "attacker jku",
                forge({"alg": "EdDSA", "kid": "ed", "jku": "https://evil.example/jwks"}, claims, attacker.sign),
                "unsupported",
            ),
            ("attacker x5c", forge({"alg": "ES256", "kid": "ec", "x5c": ["MIIB"]}, claims, ek.sign), "unsupported"),
            ("kid injection", forge({"alg": "EdDSA", "kid": "../../../dev/null"}, claims, sk.sign), "unknown_key"),
            ("kid sql", forge({"alg": "EdDSA", "kid": "x' UNION SELECT 'k"}, claims, sk.sign), "unknown_key"),
            ("crit", forge({"alg": "EdDSA", "kid": "ed", "crit": ["foo"], "foo": 1}, claims, sk.sign), "unsupported"),
            ("b64 false", forge({"alg": "EdDSA", "kid": "ed", "b64": False, "crit": ["b64"]}, claims, sk.sign), "unsupported"),
            ("other signer", forge({"alg": "EdDSA", "kid": "ed"}, claims, attacker.sign), "bad_signature"),
        ]
        results = tv.verify_many([r[1] for r in rows])
        for (name, tok, code), batch in zip(rows, results):
            if code is None:
                assert tv.verify(tok).subject == "s"
                assert isinstance(batch, credkit.Token)
                continue
            with pytest.raises(credkit.CredkitError) as e:
                tv.verify(tok)
            assert e.value.code == code, name  # type: ignore[attr-defined]
            assert isinstance(batch, type(e.value)) and batch.code == code, name  # type: ignore[attr-defined]

    def test_pyjwt_hs256_with_public_key_refused(self) -> None:
        """A PyJWT HS256 token whose secret is the verifier's public key (CVE-2022-29217 style) is refused."""
        ek = credkit.P256SigningKey.generate()
        ti = credkit.TokenIssuer(ek, key_id="ec", issuer=ISS)
        tv = credkit.TokenVerifier(ti.jwks(), issuer=ISS, audience=AUD)
        now = int(time.time())
        secret = ek.verifying_key.to_pem().encode()
        tok = jwt.api_jws.PyJWS().encode(
            json.dumps({"iss": ISS, "aud": AUD, "exp": now + 60}).encode(),
            hashlib.sha256(secret).digest(),
            algorithm="HS256",
            headers={"kid": "ec"},
        )
        with pytest.raises(credkit.VerificationError) as e:
            tv.verify(tok)
        assert e.value.code == "algorithm_not_allowed"


class TestApproval:
    def test_device_signatures_from_cryptography(self) -> None:
        """Ed25519 and P-256 device approvals signed by cryptography succeed once; the stored form hides the number."""
        ai = credkit.ApprovalIssuer(b"k" * 32, ttl_seconds=120, choices=3)
        devices = [
            (ed25519.Ed25519PrivateKey.generate(), lambda k, m: k.sign(m), credkit.VerifyingKey),
            (
                ec.generate_private_key(ec.SECP256R1()),
                lambda k, m: rs_from_der(k.sign(m, ec.ECDSA(hashes.SHA256()))),
                credkit.P256VerifyingKey,
            ),
        ]
        for priv, sign, cls in devices:
            pub = cls.from_pem(
                priv.public_key()
                .public_bytes(PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                .decode()
            )
            req = ai.request(subject="1012345678", service="portal-x", now=1000)
            number = req.number
            assert 10 <= number <= 99 and number in req.choices and len(set(req.choices)) == 3
            stored = credkit.ApprovalRequest.from_bytes(req.to_bytes())
            with pytest.raises(credkit.InvalidInput):
                stored.number  # noqa: B018
            sig = sign(priv, credkit.approval_message(stored.request_id, "1012345678", number))
            assert ai.approve(stored, number, sig, pub, now=1001) is None
            assert stored.used
            with pytest.raises(credkit.VerificationError) as e:
                ai.approve(stored, number, sig, pub, now=1001)
            assert e.value.code == "used"

    def test_wrong_number_expired_and_bad_signature(self) -> None:
        """A wrong number spends the request; expiry and a bad signature raise their codes."""
        ai = credkit.ApprovalIssuer(b"k" * 32, choices=0)
        dev = credkit.P256SigningKey.generate()
        req = ai.request(subject="s", service="svc", now=1000)
        assert req.choices == []
        wrong = 10 if req.number != 10 else 11
        with pytest.raises(credkit.VerificationError) as e:
            ai.approve(req, wrong, dev.sign(credkit.approval_message(req.request_id, "s", wrong)), dev.verifying_key, now=1001)
        assert e.value.code == "mismatch"
        right = dev.sign(credkit.approval_message(req.request_id, "s", req.number))
        with pytest.raises(credkit.VerificationError) as e:
            ai.approve(req, req.number, right, dev.verifying_key, now=1001)
        assert e.value.code == "used"
        req2 = ai.request(subject="s", service="svc", now=1000)
        sig2 = dev.sign(credkit.approval_message(req2.request_id, "s", req2.number))
        with pytest.raises(credkit.VerificationError) as e:
            ai.approve(req2, req2.number, sig2, dev.verifying_key, now=1120)
        assert e.value.code == "expired"
        other = credkit.P256SigningKey.generate().verifying_key
        with pytest.raises(credkit.VerificationError) as e:
            ai.approve(req2, req2.number, sig2, other, now=1001)
        assert e.value.code == "bad_signature"
        tampered = bytearray(req.to_bytes())
        tampered[21] ^= 1  # the used flag
        with pytest.raises(credkit.VerificationError) as e:
            ai.approve(credkit.ApprovalRequest.from_bytes(bytes(tampered)), 10, right, dev.verifying_key, now=1001)
        assert e.value.code == "bad_signature"


class TestPickling:
    def test_objects_round_trip(self) -> None:
        """Keys, issuers, verifiers and stored requests pickle and deepcopy and behave the same after."""
        for key in (credkit.SigningKey.generate(), credkit.P256SigningKey.generate()):
            ti = pickle.loads(pickle.dumps(credkit.TokenIssuer(key, key_id="k", issuer=ISS)))
            tv = credkit.TokenVerifier(ti.jwks(), issuer=ISS, audience=AUD, clock_skew=5, max_lifetime=600)
            tv2 = copy.deepcopy(pickle.loads(pickle.dumps(tv)))
            tok = ti.issue(subject="s", audience=AUD, ttl=300)
            assert tv2.verify(tok).subject == "s" and tv2.clock_skew == 5
        ek = credkit.P256SigningKey.generate()
        assert pickle.loads(pickle.dumps(ek)).to_bytes() == ek.to_bytes()
        assert pickle.loads(pickle.dumps(ek.verifying_key)) == ek.verifying_key
        ai = credkit.ApprovalIssuer(b"k" * 32)
        req = ai.request(subject="s", service="svc", now=1000)
        again = pickle.loads(pickle.dumps(req))
        assert again.to_bytes() == req.to_bytes() and again.request_id == req.request_id
