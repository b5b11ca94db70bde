"""The HC1 profile (EU DCC / WHO GDHCN): TrustList and Hc1Verifier.

Every case of the EU DCC test-data sample (tests/vectors/dcc-sample,
Apache-2.0) runs at its own validation clock against its EXPECTED* flags;
credkit's own negative cases (tests/vectors/hc1-negative, made with
pyca/cryptography by generate.py) give their exact error codes; and
credentials built here with pycose and pyca/cryptography, which share no
code with credkit, verify.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import pathlib
import pickle
import zlib

import base45
import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pycose.headers import KID, Algorithm
from pycose.keys import CoseKey
from pycose.messages import Sign1Message

import credkit

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
SAMPLE = json.loads((VECTORS / "dcc-sample" / "cases.json").read_text())["cases"]
OWN = json.loads((VECTORS / "hc1-negative" / "cases.json").read_text())


def der_of(case: dict) -> bytes:
    return base64.b64decode(case["certificate"])


def expectation(case: dict) -> tuple[str, set[str]]:
    """("valid", {}) or ("invalid", {}) or ("fails", allowed codes) from the flags."""
    flags = case["expected"]
    if any(flags.get(f) is False for f in
           ("EXPECTEDUNPREFIX", "EXPECTEDB45DECODE", "EXPECTEDCOMPRESSION", "EXPECTEDDECODE")):
        return "invalid", set()
    if flags.get("EXPECTEDVERIFY") is False:
        return "fails", {"unknown_key", "bad_signature"}
    if flags.get("EXPECTEDEXPIRATIONCHECK") is False:
        return "fails", {"expired", "not_yet_valid"}
    if flags.get("EXPECTEDKEYUSAGE") is False:
        return "fails", {"key_usage"}
    return "valid", set()


class TestDccSample:
    @pytest.mark.parametrize("case", SAMPLE, ids=[c["id"] for c in SAMPLE])
    def test_case_gives_its_expected_result(self, case: dict) -> None:
        """Each sample case, trusting only its certificate, at its clock, gives what its flags say."""
        tl = credkit.TrustList()
        kid = tl.add_certificate(der_of(case))
        assert kid == bytes.fromhex(case["derived"]["kid"])
        hv = credkit.Hc1Verifier(tl)
        outcome, codes = expectation(case)
        now = case["validation_clock"]
        if outcome == "valid":
            c = hv.verify(case["prefix"], now=now)
            d = case["derived"]
            assert c.issuer == d["iss"]
            assert c.issued_at == d["iat"]
            assert c.expires_at == d["exp"]
            assert c.key_id == bytes.fromhex(d["cose_kid"])
            assert c.algorithm == {-7: "ES256", -37: "PS256"}[d["alg"]]
            assert c.payload[1] == d["payload"]
        elif outcome == "invalid":
            with pytest.raises(credkit.InvalidInput):
                hv.verify(case["prefix"], now=now)
        else:
            with pytest.raises(credkit.VerificationError) as info:
                hv.verify(case["prefix"], now=now)
            assert info.value.code in codes

    def test_verify_many_matches_verify(self) -> None:
        """verify_many gives, item by item, what verify gives or raises."""
        tl = credkit.TrustList([der_of(c) for c in SAMPLE])
        hv = credkit.Hc1Verifier(tl)
        now = 1_622_000_000
        qrs = [c["prefix"] for c in SAMPLE]
        for qr, got in zip(qrs, hv.verify_many(qrs, now=now)):
            try:
                want = hv.verify(qr, now=now)
            except credkit.CredkitError as e:
                assert type(got) is type(e) and got.code == e.code
            else:
                assert isinstance(got, credkit.Hc1Credential)
                assert got.payload == want.payload and got.key_id == want.key_id

    def test_pem_and_der_give_the_same_key_id(self) -> None:
        """A certificate in PEM (str or bytes) has the key id of its DER."""
        der = der_of(SAMPLE[0])
        pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
        tl = credkit.TrustList()
        assert tl.add_certificate(pem) == tl.add_certificate(pem.decode()) == tl.add_certificate(der)
        assert len(tl) == 1
        assert tl.key_ids() == [hashlib.sha256(der).digest()[:8]]

    def test_trailing_line_ending_is_accepted_and_nothing_else_trimmed(self) -> None:
        """A scanner's CR/LF is accepted; other whitespace is InvalidInput."""
        case = SAMPLE[0]
        hv = credkit.Hc1Verifier(credkit.TrustList([der_of(case)]))
        now = case["validation_clock"]
        for suffix in ("\n", "\r\n", "\r"):
            hv.verify(case["prefix"] + suffix, now=now)
        for bad in (" " + case["prefix"], case["prefix"] + " ", case["prefix"] + "\n\n"):
            with pytest.raises(credkit.InvalidInput):
                hv.verify(bad, now=now)


class TestOwnCases:
    @pytest.mark.parametrize("case", OWN["cases"], ids=[c["description"] for c in OWN["cases"]])
    def test_case_gives_its_exact_code(self, case: dict) -> None:
        """Each generated credential is valid or fails with exactly the expected code."""
        tl = credkit.TrustList([base64.b64decode(c) for c in case["trust"]])
        hv = credkit.Hc1Verifier(tl)
        if case["expected"] == "valid":
            hv.verify(case["qr"], now=OWN["now"])
        else:
            with pytest.raises(credkit.CredkitError) as info:
                hv.verify(case["qr"], now=OWN["now"])
            assert info.value.code == case["expected"]

    @pytest.mark.parametrize("case", OWN["certificates"], ids=[c["description"] for c in OWN["certificates"]])
    def test_certificate_case(self, case: dict) -> None:
        """Key sizes and types: RSA 8192 too_large, RSA 1024 and P-384 unsupported, RSA 4096 accepted."""
        tl = credkit.TrustList()
        der = base64.b64decode(case["certificate"])
        if case["expected"] == "valid":
            assert tl.add_certificate(der) == hashlib.sha256(der).digest()[:8]
        else:
            with pytest.raises(credkit.InvalidInput) as info:
                tl.add_certificate(der)
            assert info.value.code == case["expected"]


def make_signer(ekus: tuple[str, ...] = ()) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pytest DSC")])
    import datetime as dt

    start = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
    builder = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + dt.timedelta(days=730))
    )
    if ekus:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in ekus]), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    return key, cert.public_bytes(serialization.Encoding.DER)


NOW = 1_700_000_000


def pycose_hc1(key: ec.EllipticCurvePrivateKey, kid: bytes, dgc: dict, *, iat: int = NOW - 60,
               exp: int = NOW + 86_400) -> str:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    msg = Sign1Message(phdr={Algorithm: "ES256", KID: kid},
                       payload=cbor2.dumps({1: "XX", 6: iat, 4: exp, -260: {1: dgc}}))
    msg.key = CoseKey.from_pem_private_key(pem.decode())
    return "HC1:" + base45.b45encode(zlib.compress(msg.encode(tag=True))).decode()


class TestPeerBuilt:
    def test_pycose_credential_verifies_with_its_payload(self) -> None:
        """A credential signed by pycose verifies and hands back its payload as a dict."""
        key, der = make_signer()
        tl = credkit.TrustList()
        kid = tl.add_certificate(der)
        dgc = {"ver": "1.3.0", "dob": "1990-01-01", "v": [{"dn": 1, "sd": 2, "co": "XX"}],
               "nam": {"fn": "Muster"}}
        c = credkit.Hc1Verifier(tl).verify(pycose_hc1(key, kid, dgc), now=NOW)
        assert c.payload == {1: dgc}
        assert (c.issuer, c.issued_at, c.expires_at, c.key_id, c.algorithm) == (
            "XX", NOW - 60, NOW + 86_400, kid, "ES256")

    def test_key_usage_is_checked_against_the_payload(self) -> None:
        """A test-only signer may sign a test, not a vaccination (code key_usage)."""
        key, der = make_signer(("1.3.6.1.4.1.1847.2021.1.1",))
        tl = credkit.TrustList()
        kid = tl.add_certificate(der)
        hv = credkit.Hc1Verifier(tl)
        hv.verify(pycose_hc1(key, kid, {"t": [{"tt": "LP6464-4"}]}), now=NOW)
        with pytest.raises(credkit.VerificationError) as info:
            hv.verify(pycose_hc1(key, kid, {"v": [{"dn": 1}]}), now=NOW)
        assert info.value.code == "key_usage"

    def test_clock_skew(self) -> None:
        """clock_skew admits an iat slightly ahead; bad skews and times are InvalidInput out_of_range."""
        key, der = make_signer()
        tl = credkit.TrustList()
        kid = tl.add_certificate(der)
        qr = pycose_hc1(key, kid, {"v": []}, iat=NOW + 100)
        with pytest.raises(credkit.VerificationError) as info:
            credkit.Hc1Verifier(tl).verify(qr, now=NOW)
        assert info.value.code == "not_yet_valid"
        credkit.Hc1Verifier(tl, clock_skew=300).verify(qr, now=NOW)
        for skew in (-1, 86_401, 2**70):
            with pytest.raises(credkit.InvalidInput) as info:
                credkit.Hc1Verifier(tl, clock_skew=skew)
            assert info.value.code == "out_of_range"
        with pytest.raises(credkit.InvalidInput) as info:
            credkit.Hc1Verifier(tl).verify(qr, now=-1)
        assert info.value.code == "out_of_range"


class TestObjects:
    def test_pickle_and_deepcopy_round_trip(self) -> None:
        """TrustList and Hc1Verifier pickle and deep-copy, and verify the same afterwards."""
        case = SAMPLE[0]
        tl = credkit.TrustList([der_of(case)])
        hv = credkit.Hc1Verifier(tl, clock_skew=60)
        for tl2 in (pickle.loads(pickle.dumps(tl)), copy.deepcopy(tl)):
            assert tl2.key_ids() == tl.key_ids()
        for hv2 in (pickle.loads(pickle.dumps(hv)), copy.deepcopy(hv)):
            assert hv2.clock_skew == 60
            got = hv2.verify(case["prefix"], now=case["validation_clock"])
            assert got.payload[1] == case["derived"]["payload"]

    def test_bad_arguments(self) -> None:
        """Wrong argument types are InvalidInput (malformed), garbage certificates too."""
        tl = credkit.TrustList()
        for bad in (b"", b"\x30\x00", "not a pem", b"-----BEGIN CERTIFICATE-----\n"):
            with pytest.raises(credkit.InvalidInput) as info:
                tl.add_certificate(bad)
            assert info.value.code == "malformed"
        with pytest.raises(credkit.InvalidInput):
            tl.add_certificate(123)  # type: ignore[arg-type]
        with pytest.raises(credkit.InvalidInput):
            credkit.Hc1Verifier(tl).verify(b"\xff\xfe")
