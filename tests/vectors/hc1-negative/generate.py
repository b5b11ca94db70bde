"""Generates credkit's own HC1 negative (and a few positive) cases.

Writes cases.json beside this file: document-signer certificates made with
pyca/cryptography, and HC1 QR texts built independently of credkit with
cbor2, zlib and the base45 package, each with the outcome credkit must give
("valid" or an error code) at the case's clock.

Run: python tests/vectors/hc1-negative/generate.py
Needs: cryptography>=42, cbor2>=5.6, base45>=0.4. The keys are fresh on
every run (the RSA 8192 one takes a while), so the output differs each time
while the expectations stay the same.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import pathlib
import zlib

import base45
import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

OUT = pathlib.Path(__file__).with_name("cases.json")

EKU_TEST = "1.3.6.1.4.1.1847.2021.1.1"
EKU_VACCINATION = "1.3.6.1.4.1.1847.2021.1.2"
EKU_RECOVERY_ALT = "1.3.6.1.4.1.0.1847.2021.1.3"
EKU_TEST_ALT = "1.3.6.1.4.1.0.1847.2021.1.1"

NOW = 1_700_000_000  # 2023-11-14
DAY = 86_400


def utc(ts: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc)


def certificate(key, *, name: str, not_before: int, not_after: int, ekus=(), issuer_key=None) -> bytes:
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "XX"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"credkit test DSC {name}"),
    ])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(utc(not_before))
        .not_valid_after(utc(not_after))
    )
    if ekus:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in ekus]), critical=False
        )
    signer = issuer_key or key
    algorithm = hashes.SHA256()
    cert = builder.sign(signer, algorithm)
    return cert.public_bytes(serialization.Encoding.DER)


def kid(der: bytes) -> bytes:
    return hashlib.sha256(der).digest()[:8]


def sign(key, message: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return key.sign(
        message,
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
        hashes.SHA256(),
    )


def dgc(kind: str) -> dict:
    entry = {
        "v": {"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215",
              "dn": 1, "sd": 2, "dt": "2023-09-01", "co": "XX", "is": "credkit test", "ci": "URN:UVCI:01:XX:1"},
        "t": {"tg": "840539006", "tt": "LP6464-4", "sc": cbor2.CBORTag(0, "2023-11-13T10:00:00Z"),
              "tr": "260415000", "tc": "Test centre", "co": "XX", "is": "credkit test", "ci": "URN:UVCI:01:XX:2"},
        "r": {"tg": "840539006", "fr": "2023-08-01", "co": "XX", "is": "credkit test",
              "df": "2023-08-12", "du": "2024-02-01", "ci": "URN:UVCI:01:XX:3"},
    }[kind]
    return {"ver": "1.3.0", "nam": {"fn": "Muster", "fnt": "MUSTER", "gn": "Erika", "gnt": "ERIKA"},
            "dob": "1964-08-12", kind: [entry]}


def hc1(
    key,
    key_id: bytes | None,
    *,
    alg: int = -7,
    kind: str = "v",
    iat: int = NOW - DAY,
    exp: int = NOW + 30 * DAY,
    kid_in: str = "protected",
    unprotected_kid: bytes | None = None,
    tagged: bool = True,
    extra_protected: dict | None = None,
    tamper: str | None = None,
    compress: bool = True,
    prefix: str = "HC1:",
) -> str:
    protected = {1: alg}
    unprotected = {}
    if key_id is not None:
        (protected if kid_in == "protected" else unprotected)[4] = key_id
    if unprotected_kid is not None:
        unprotected[4] = unprotected_kid
    protected.update(extra_protected or {})
    protected_bstr = cbor2.dumps(protected)
    claims = {1: "XX", 6: iat, 4: exp, -260: {1: dgc(kind)}}
    payload = cbor2.dumps(claims)
    tbs = cbor2.dumps(["Signature1", protected_bstr, b"", payload])
    signature = sign(key, tbs)
    if tamper == "signature":
        signature = signature[:10] + bytes([signature[10] ^ 1]) + signature[11:]
    if tamper == "payload":
        claims[-260][1]["nam"]["gn"] = "Erik"
        payload = cbor2.dumps(claims)
    body = [protected_bstr, unprotected, payload, signature]
    cose = cbor2.dumps(cbor2.CBORTag(18, body) if tagged else body)
    data = zlib.compress(cose, 9) if compress else cose
    return prefix + base45.b45encode(data).decode()


def b64(der: bytes) -> str:
    return base64.b64encode(der).decode()


def main() -> None:
    p256 = ec.generate_private_key(ec.SECP256R1())
    any_type = certificate(p256, name="any", not_before=NOW - 365 * DAY, not_after=NOW + 365 * DAY)
    vacc_key = ec.generate_private_key(ec.SECP256R1())
    vacc_only = certificate(vacc_key, name="vacc", not_before=NOW - 365 * DAY, not_after=NOW + 365 * DAY,
                            ekus=[EKU_VACCINATION])
    alt_key = ec.generate_private_key(ec.SECP256R1())
    test_alt = certificate(alt_key, name="test-alt", not_before=NOW - 365 * DAY, not_after=NOW + 365 * DAY,
                           ekus=[EKU_TEST_ALT, "1.3.6.1.5.5.7.3.4"])
    other_eku_key = ec.generate_private_key(ec.SECP256R1())
    other_eku = certificate(other_eku_key, name="other-eku", not_before=NOW - 365 * DAY,
                            not_after=NOW + 365 * DAY, ekus=["1.3.6.1.5.5.7.3.4"])
    old_key = ec.generate_private_key(ec.SECP256R1())
    expired_cert = certificate(old_key, name="expired", not_before=NOW - 400 * DAY, not_after=NOW - 30 * DAY)
    future_key = ec.generate_private_key(ec.SECP256R1())
    future_cert = certificate(future_key, name="future", not_before=NOW + 30 * DAY, not_after=NOW + 400 * DAY)
    rsa4096 = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    rsa4096_cert = certificate(rsa4096, name="rsa4096", not_before=NOW - DAY, not_after=NOW + 365 * DAY)
    rsa2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa2048_cert = certificate(rsa2048, name="rsa2048", not_before=NOW - DAY, not_after=NOW + 365 * DAY)
    # Keys outside the accepted sizes: their certificates are signed by a
    # small key (credkit does not check a DSC's own signature).
    rsa8192 = rsa.generate_private_key(public_exponent=65537, key_size=8192)
    rsa8192_cert = certificate(rsa8192, name="rsa8192", not_before=NOW - DAY, not_after=NOW + 365 * DAY,
                               issuer_key=rsa2048)
    rsa1024 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    rsa1024_cert = certificate(rsa1024, name="rsa1024", not_before=NOW - DAY, not_after=NOW + 365 * DAY,
                               issuer_key=rsa2048)
    p384 = ec.generate_private_key(ec.SECP384R1())
    p384_cert = certificate(p384, name="p384", not_before=NOW - DAY, not_after=NOW + 365 * DAY,
                            issuer_key=p256)

    k_any = kid(any_type)
    wrong = bytes(8)
    qr_cases = [
        ("es256 valid, kid in the protected header", hc1(p256, k_any), [any_type], "valid"),
        ("es256 valid, untagged COSE_Sign1", hc1(p256, k_any, tagged=False), [any_type], "valid"),
        ("es256 valid, kid only in the unprotected header", hc1(p256, k_any, kid_in="unprotected"),
         [any_type], "valid"),
        ("protected kid right, unprotected kid wrong: the protected one wins",
         hc1(p256, k_any, unprotected_kid=wrong), [any_type], "valid"),
        ("wrong kid in the protected header", hc1(p256, wrong), [any_type], "unknown_key"),
        ("wrong kid in the unprotected header (none protected)", hc1(p256, wrong, kid_in="unprotected"),
         [any_type], "unknown_key"),
        ("protected kid wrong, unprotected kid right: the unprotected one is not consulted",
         hc1(p256, wrong, unprotected_kid=k_any), [any_type], "unknown_key"),
        ("no kid anywhere", hc1(p256, None), [any_type], "malformed"),
        ("tampered signature", hc1(p256, k_any, tamper="signature"), [any_type], "bad_signature"),
        ("tampered payload", hc1(p256, k_any, tamper="payload"), [any_type], "bad_signature"),
        ("signed by another key under a trusted kid", hc1(vacc_key, k_any), [any_type], "bad_signature"),
        ("CWT expired", hc1(p256, k_any, exp=NOW - 1), [any_type], "expired"),
        ("CWT expires exactly now", hc1(p256, k_any, exp=NOW), [any_type], "expired"),
        ("CWT issued in the future", hc1(p256, k_any, iat=NOW + 3600), [any_type], "not_yet_valid"),
        ("certificate expired", hc1(old_key, kid(expired_cert)), [expired_cert], "expired"),
        ("certificate not yet valid", hc1(future_key, kid(future_cert)), [future_cert], "not_yet_valid"),
        ("vaccination-only certificate signs a vaccination", hc1(vacc_key, kid(vacc_only), kind="v"),
         [vacc_only], "valid"),
        ("vaccination-only certificate signs a test", hc1(vacc_key, kid(vacc_only), kind="t"),
         [vacc_only], "key_usage"),
        ("vaccination-only certificate signs a recovery", hc1(vacc_key, kid(vacc_only), kind="r"),
         [vacc_only], "key_usage"),
        ("test certificate (1.3.6.1.4.1.0.1847 form) signs a test", hc1(alt_key, kid(test_alt), kind="t"),
         [test_alt], "valid"),
        ("test certificate (1.3.6.1.4.1.0.1847 form) signs a recovery",
         hc1(alt_key, kid(test_alt), kind="r"), [test_alt], "key_usage"),
        ("certificate with a non-DCC EKU signs any type", hc1(other_eku_key, kid(other_eku), kind="r"),
         [other_eku], "valid"),
        ("PS256 with a 4096-bit RSA key", hc1(rsa4096, kid(rsa4096_cert), alg=-37), [rsa4096_cert], "valid"),
        ("PS256 with a 2048-bit RSA key", hc1(rsa2048, kid(rsa2048_cert), alg=-37), [rsa2048_cert], "valid"),
        ("PS256 header naming a P-256 certificate", hc1(rsa2048, k_any, alg=-37), [any_type],
         "algorithm_not_allowed"),
        ("ES256 header naming an RSA certificate", hc1(p256, kid(rsa2048_cert)), [rsa2048_cert],
         "algorithm_not_allowed"),
        ("EdDSA is not an HC1 algorithm", hc1(p256, k_any, alg=-8), [any_type], "unsupported"),
        ("a critical (private-use) header parameter", hc1(p256, k_any, extra_protected={2: [-70000], -70000: 1}), [any_type],
         "unsupported"),
        ("HC2: prefix", hc1(p256, k_any, prefix="HC2:"), [any_type], "malformed"),
        ("lower-case prefix", hc1(p256, k_any, prefix="hc1:"), [any_type], "malformed"),
        ("not compressed", hc1(p256, k_any, compress=False), [any_type], "malformed"),
    ]
    certificate_cases = [
        ("RSA 8192 refused before any arithmetic", rsa8192_cert, "too_large"),
        ("RSA 1024 too small", rsa1024_cert, "unsupported"),
        ("P-384 key", p384_cert, "unsupported"),
        ("RSA 4096 accepted", rsa4096_cert, "valid"),
        ("truncated certificate", any_type[:-1], "malformed"),
    ]
    doc = {
        "source": "credkit tests/vectors/hc1-negative/generate.py (pyca/cryptography, cbor2, base45)",
        "now": NOW,
        "cases": [
            {"description": d, "qr": qr, "trust": [b64(c) for c in certs], "expected": e}
            for d, qr, certs, e in qr_cases
        ],
        "certificates": [
            {"description": d, "certificate": b64(der), "expected": e} for d, der, e in certificate_cases
        ],
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {len(qr_cases)} QR cases and {len(certificate_cases)} certificate cases to {OUT}")


if __name__ == "__main__":
    main()
