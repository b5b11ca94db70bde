"""Tests for credkit.Totp, credkit.Hotp, CodeIssuer/CodeRecord, checked
against pyotp (a peer implementation we did not write) where possible."""

from __future__ import annotations

import base64
import hashlib
import json
import pathlib
import time

import pyotp
import pytest

import credkit

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
KEY = bytes(range(32))
DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}


class TestVectors:
    def test_rfc4226(self) -> None:
        """Every RFC 4226 Appendix D code is generated and verifies."""
        v = json.loads((VECTORS / "rfc4226_hotp.json").read_text())
        h = credkit.Hotp(bytes.fromhex(v["secret_hex"]))
        for case in v["tests"]:
            assert h.at(case["counter"]) == case["hotp"]
            assert h.verify(case["hotp"], case["counter"]) == case["counter"]

    def test_rfc6238(self) -> None:
        """Every RFC 6238 Appendix B code (20/32/64-byte seeds) is generated."""
        v = json.loads((VECTORS / "rfc6238_totp.json").read_text())
        for case in v["tests"]:
            alg = case["algorithm"]
            t = credkit.Totp(
                bytes.fromhex(v["seeds"][alg]["hex"]), digits=8, algorithm=alg.lower()
            )
            assert t.at(case["unix_time"]) == case["totp"]
            step = int(case["T_hex"], 16)
            assert t.verify(case["totp"], at=case["unix_time"]) == step


class TestPyotpCodes:
    @pytest.mark.parametrize("alg", ["sha1", "sha256", "sha512"])
    @pytest.mark.parametrize("digits", [6, 8, 10])
    def test_totp_codes_match_pyotp(self, alg: str, digits: int) -> None:
        """Our TOTP codes equal pyotp's for every algorithm and digit count."""
        secret = credkit.random_secret(32)
        b32 = base64.b32encode(secret).decode()
        ours = credkit.Totp(secret, digits=digits, period=45, algorithm=alg)
        theirs = pyotp.TOTP(b32, digits=digits, interval=45, digest=DIGESTS[alg])
        for t in (0, 59, 1_111_111_109, 2_000_000_000, int(time.time())):
            assert ours.at(t) == theirs.at(t)
            assert ours.verify(theirs.at(t), at=t, window=0) == t // 45

    def test_hotp_codes_match_pyotp(self) -> None:
        """Our HOTP codes equal pyotp's, and look-ahead returns the counter."""
        secret = credkit.random_secret()
        ours = credkit.Hotp(secret)
        theirs = pyotp.HOTP(base64.b32encode(secret).decode())
        for c in range(0, 50):
            assert ours.at(c) == theirs.at(c)
        assert ours.verify(theirs.at(17), 10, look_ahead=10) == 17

    def test_base32_str_secret(self) -> None:
        """A Base32 str secret (lower case, spaces) equals the raw bytes."""
        b32 = pyotp.random_base32()
        spaced = " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)).lower()
        t = credkit.Totp(spaced)
        assert t.at(1_700_000_000) == pyotp.TOTP(b32).at(1_700_000_000)
        assert t.secret_base32 == b32


class TestVerify:
    def test_window_and_replay(self) -> None:
        """A code verifies within the window once; its step is then refused."""
        t = credkit.Totp(credkit.random_secret())
        now = 1_700_000_000
        code = t.at(now - 30)
        step = t.verify(code, at=now)
        assert step == (now - 30) // 30
        with pytest.raises(credkit.VerificationError):
            t.verify(code, at=now, last_step=step)
        with pytest.raises(credkit.VerificationError):
            t.verify(code, at=now, window=0)

    @pytest.mark.parametrize("bad", ["", "12345", "1234567", "12345a", "１２３４５６", " 12345"])
    def test_malformed_codes_are_verification_errors(self, bad: str) -> None:
        """Malformed codes raise VerificationError, not a different error."""
        t = credkit.Totp(credkit.random_secret())
        with pytest.raises(credkit.VerificationError):
            t.verify(bad, at=1_700_000_000)

    def test_invalid_parameters(self) -> None:
        """Bad parameters raise InvalidInput (a ValueError)."""
        s = credkit.random_secret()
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp(s, digits=5)
        with pytest.raises(ValueError):
            credkit.Totp(s, period=0)
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp(s, algorithm="md5")
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp(b"short")
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp("not base32!")
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp(s).verify("123456", at=0, window=11)
        with pytest.raises(credkit.InvalidInput):
            credkit.random_secret(9)
        with pytest.raises(TypeError):
            credkit.Totp(12345)  # type: ignore[arg-type]

    def test_random_secret(self) -> None:
        """random_secret returns distinct bytes of the asked length."""
        assert len(credkit.random_secret()) == 20
        assert len(credkit.random_secret(10)) == 10
        assert credkit.random_secret() != credkit.random_secret()


class TestUriInterop:
    def test_pyotp_parses_ours(self) -> None:
        """pyotp.parse_uri reads our URI to the same authenticator."""
        t = credkit.Totp(credkit.random_secret(32), digits=8, period=60, algorithm="sha256")
        uri = t.uri(account="alice@example.com", issuer="Gobierno de España")
        p = pyotp.parse_uri(uri)
        assert isinstance(p, pyotp.TOTP)
        assert p.name == "alice@example.com"
        assert p.issuer == "Gobierno de España"
        assert p.digits == 8 and p.interval == 60
        assert p.at(1_700_000_000) == t.at(1_700_000_000)

    def test_we_parse_pyotp(self) -> None:
        """We read pyotp's provisioning_uri to the same authenticator."""
        b32 = pyotp.random_base32()
        p = pyotp.TOTP(b32, digits=7, interval=20, digest=hashlib.sha512)
        uri = p.provisioning_uri(name="jo doe+1@example.com", issuer_name="ACME Co")
        t = credkit.Totp.from_uri(uri)
        assert (t.digits, t.period, t.algorithm) == (7, 20, "sha512")
        assert t.at(1_700_000_000) == p.at(1_700_000_000)

    def test_hotp_both_ways(self) -> None:
        """HOTP URIs round-trip through pyotp in both directions."""
        h = credkit.Hotp(credkit.random_secret())
        p = pyotp.parse_uri(h.uri(account="bob", issuer="Sanad", counter=7))
        assert isinstance(p, pyotp.HOTP)
        # pyotp.HOTP.at(n) is the code for initial_count + n.
        assert p.initial_count == 7 and p.at(0) == h.at(7)
        theirs = pyotp.HOTP(pyotp.random_base32(), initial_count=3)
        back, counter = credkit.Hotp.from_uri(theirs.provisioning_uri(name="bob"))
        assert counter == 3 and back.at(3) == theirs.at(0)

    @pytest.mark.parametrize(
        "uri",
        [
            "otpauth://totp/x?issuer=a",
            "http://totp/x?secret=JBSWY3DPEHPK3PXP",
            "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
            "otpauth://totp/A:x?secret=JBSWY3DPEHPK3PXP&issuer=B",
            "otpauth://totp/x%zz?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/x?secret=JBSW",
            "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
        ],
    )
    def test_malformed_uris(self, uri: str) -> None:
        """Malformed URIs raise InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.Totp.from_uri(uri)


def issue(ci: credkit.CodeIssuer, now: int = 1_000) -> tuple[str, credkit.CodeRecord]:
    return ci.issue(subject="1012345678", purpose="sim-activation:provider-x", now=now)


class TestCodeIssuer:
    def test_issue_and_redeem_once(self) -> None:
        """A code redeems once; the record object is updated in place."""
        ci = credkit.CodeIssuer.sim_registration(KEY)
        code, record = issue(ci)
        assert len(code) == 6 and code.isdigit()
        assert code.encode() not in record.to_bytes()
        assert record.expires_at == 1_000 + 4 * 3600
        ci.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_001)
        assert record.used
        with pytest.raises(credkit.VerificationError, match="used"):
            ci.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_002)

    def test_expired_and_misbound(self) -> None:
        """Expired codes and codes for another subject or purpose are refused."""
        ci = credkit.CodeIssuer(KEY, ttl_seconds=60)
        code, record = issue(ci)
        with pytest.raises(credkit.VerificationError):
            ci.redeem(record, code, subject="1012345679", purpose="sim-activation:provider-x", now=1_001)
        with pytest.raises(credkit.VerificationError):
            ci.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-y", now=1_001)
        assert record.attempts == 2
        with pytest.raises(credkit.VerificationError, match="expired"):
            ci.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_060)

    def test_lockout_counts_every_failure(self) -> None:
        """Each wrong code counts; after max_attempts even the right one fails."""
        ci = credkit.CodeIssuer(KEY, max_attempts=3)
        code, record = issue(ci)
        wrong = "000000" if code != "000000" else "111111"
        for n in range(1, 4):
            with pytest.raises(credkit.VerificationError):
                ci.redeem(record, wrong, subject="1012345678", purpose="sim-activation:provider-x", now=1_001)
            assert record.attempts == n
        with pytest.raises(credkit.VerificationError, match="attempts"):
            ci.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_001)

    def test_bytes_round_trip_and_tamper(self) -> None:
        """Stored bytes round-trip; any edited byte makes the record refused."""
        ci = credkit.CodeIssuer(KEY)
        code, record = issue(ci)
        blob = record.to_bytes()
        assert credkit.CodeRecord.from_bytes(blob).to_bytes() == blob
        for i in range(len(blob)):
            edited = bytearray(blob)
            edited[i] ^= 0x01
            try:
                r = credkit.CodeRecord.from_bytes(bytes(edited))
            except credkit.InvalidInput:
                continue
            with pytest.raises(credkit.VerificationError):
                ci.redeem(r, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_001)
        with pytest.raises(credkit.InvalidInput):
            credkit.CodeRecord.from_bytes(b"\x01" * 2000)

    def test_key_rotation(self) -> None:
        """Records of a retired key still redeem; unknown key ids are refused."""
        old = credkit.CodeIssuer(KEY, key_id=1)
        code, record = issue(old)
        new_key = bytes(range(100, 132))
        rotated = credkit.CodeIssuer(new_key, key_id=2, retired_keys={1: KEY})
        assert rotated.current_key_id == 2
        _, fresh = issue(rotated)
        assert fresh.key_id == 2
        rotated.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x", now=1_001)
        code2, record2 = issue(old)
        with pytest.raises(credkit.VerificationError):
            credkit.CodeIssuer(new_key, key_id=2).redeem(
                record2, code2, subject="1012345678", purpose="sim-activation:provider-x", now=1_001
            )
        with pytest.raises(ValueError):
            credkit.CodeIssuer(new_key, key_id=1, retired_keys={1: KEY})

    def test_clave_activation_crockford(self) -> None:
        """Cl@ve activation codes are Crockford Base32, redeemable in groups and lower case."""
        ci = credkit.CodeIssuer.clave_activation(KEY)
        code, record = ci.issue(subject="12345678Z", purpose="clave-activation", now=0)
        assert len(code) == 10 and ci.alphabet == "crockford"
        typed = (code[:5] + "-" + code[5:]).lower()
        ci.redeem(record, typed, subject="12345678Z", purpose="clave-activation", now=86_400)

    def test_parameter_errors(self) -> None:
        """Short keys and out-of-range policies raise InvalidInput."""
        with pytest.raises(credkit.InvalidInput):
            credkit.CodeIssuer(b"k" * 31)
        with pytest.raises(credkit.InvalidInput):
            credkit.CodeIssuer(KEY, digits=4)
        with pytest.raises(credkit.InvalidInput):
            credkit.CodeIssuer(KEY, alphabet="hex")
        with pytest.raises(credkit.InvalidInput):
            credkit.CodeIssuer(KEY).issue(subject="", purpose="p")
