"""Regression tests for the field-hardening review: each test names the
finding it pins. Exceptions carry ``.code``; trust is per issuer; no silent
downgrade; integer arguments out of range are InvalidInput."""

from __future__ import annotations

import copy
import pickle

import argon2
import pytest

import credkit

NOW = 1_760_000_000
DAY = 86_400


def signing_key(seed: int) -> credkit.SigningKey:
    return credkit.SigningKey.from_bytes(bytes([seed]) * 32)


def issuer(seed: int, key_id: str, name: str) -> credkit.CredentialIssuer:
    return credkit.CredentialIssuer(signing_key(seed), key_id=key_id, issuer=name)


def two_issuer_verifier() -> credkit.CredentialVerifier:
    return credkit.CredentialVerifier(
        {
            "authority-a": {"kid-A": signing_key(10).verifying_key},
            "authority-b": {"kid-B": signing_key(11).verifying_key},
        }
    )


class TestErrorCodes:
    def test_codes_tell_failures_apart(self) -> None:
        """expired, revoked, rollback, unknown_key and malformed are told
        apart by .code, not by message text."""
        a = issuer(10, "kid-A", "authority-a")
        ver = two_issuer_verifier()
        qr = a.issue(subject="1012345678", valid_for=DAY, status_index=0, now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.verify(qr, now=NOW + 2 * DAY)
        assert e.value.code == "expired"
        revoked = credkit.StatusList(8)
        revoked.set(0, "revoked")
        ver.load_status_list(a.issue_status_list(revoked, version=2, ttl=DAY, now=NOW), now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.verify(qr, now=NOW)
        assert e.value.code == "revoked"
        with pytest.raises(credkit.VerificationError) as e:
            ver.load_status_list(
                a.issue_status_list(credkit.StatusList(8), version=1, ttl=DAY, now=NOW), now=NOW
            )
        assert e.value.code == "rollback"
        with pytest.raises(credkit.VerificationError) as e:
            ver.verify(issuer(12, "kid-Z", "authority-a").issue(subject="1", valid_for=DAY, now=NOW), now=NOW)
        assert e.value.code == "unknown_key"
        with pytest.raises(credkit.InvalidInput) as e2:
            ver.verify("CK1:%%%", now=NOW)
        assert e2.value.code == "malformed"

    def test_codes_in_verify_many_and_other_modules(self) -> None:
        ver = two_issuer_verifier()
        results = ver.verify_many(["not a credential"], now=NOW)
        assert isinstance(results[0], credkit.InvalidInput)
        assert results[0].code == "malformed"
        h = credkit.PasswordHasher(memory_kib=64, iterations=1)
        with pytest.raises(credkit.VerificationError) as e:
            h.verify(h.hash("right"), "wrong")
        assert e.value.code == "mismatch"
        totp = credkit.Totp(b"12345678901234567890")
        step = totp.verify(totp.at(NOW), at=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            totp.verify(totp.at(NOW), at=NOW, last_step=step)
        assert e.value.code == "replayed"
        with pytest.raises(credkit.VerificationError) as e:
            totp.verify("000000" if totp.at(NOW) != "000000" else "111111", at=NOW)
        assert e.value.code == "mismatch"

    def test_code_survives_pickle_and_copy(self) -> None:
        err = credkit.VerificationError("credential has expired", "expired")
        for clone in (pickle.loads(pickle.dumps(err)), copy.deepcopy(err)):
            assert type(clone) is credkit.VerificationError
            assert clone.code == "expired"
            assert str(clone) == "credential has expired"
        assert credkit.InvalidInput("bad").code == "malformed"

    def test_caller_mistakes_are_value_errors_with_codes(self) -> None:
        """Duplicate key ids and contradictory policies are ValueError (not
        TypeError), with a code."""
        key = bytes(32)
        with pytest.raises(ValueError) as e:
            credkit.CodeIssuer(key, key_id=1, retired_keys={1: bytes([1]) * 32})
        assert not isinstance(e.value, TypeError)
        assert getattr(e.value, "code") == "invalid_argument"
        with pytest.raises(ValueError) as e:
            credkit.PasswordPolicy(require=["no-such-class"])  # type: ignore[list-item]
        assert getattr(e.value, "code") == "invalid_argument"


class TestTrustAcrossIssuers:
    def test_rollback_across_issuers(self) -> None:
        """A v2 (revoking), then B's list, then A v1: v1 is refused and the
        credential stays revoked."""
        a = issuer(10, "kid-A", "authority-a")
        b = issuer(11, "kid-B", "authority-b")
        clean = credkit.StatusList(8)
        revoked = credkit.StatusList(8)
        revoked.set(0, "revoked")
        ver = two_issuer_verifier()
        ver.load_status_list(a.issue_status_list(revoked, version=2, ttl=DAY, now=NOW), now=NOW)
        ver.load_status_list(b.issue_status_list(clean, version=1, ttl=DAY, now=NOW), now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.load_status_list(a.issue_status_list(clean, version=1, ttl=DAY, now=NOW), now=NOW)
        assert e.value.code == "rollback"
        assert ver.status_list_versions == {"authority-a": 2, "authority-b": 1}
        qr = a.issue(subject="1012345678", valid_for=DAY, status_index=0, now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.verify(qr, now=NOW)
        assert e.value.code == "revoked"

    def test_rollback_across_issuers_flat_form(self) -> None:
        """The same sequence through a flat trust list holding both keys."""
        a = issuer(10, "kid-A", "authority-a")
        b = issuer(11, "kid-B", "authority-b")
        revoked = credkit.StatusList(8)
        revoked.set(0, "revoked")
        ver = credkit.CredentialVerifier(
            {"kid-A": signing_key(10).verifying_key, "kid-B": signing_key(11).verifying_key}
        )
        ver.load_status_list(a.issue_status_list(revoked, version=2, ttl=DAY, now=NOW), now=NOW)
        ver.load_status_list(b.issue_status_list(credkit.StatusList(8), version=1, ttl=DAY, now=NOW), now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.load_status_list(
                a.issue_status_list(credkit.StatusList(8), version=1, ttl=DAY, now=NOW), now=NOW
            )
        assert e.value.code == "rollback"

    def test_a_key_signs_only_for_its_issuer(self) -> None:
        b_as_a = issuer(11, "kid-B", "authority-a")
        ver = two_issuer_verifier()
        with pytest.raises(credkit.VerificationError) as e:
            ver.load_status_list(
                b_as_a.issue_status_list(credkit.StatusList(8), version=9, ttl=DAY, now=NOW), now=NOW
            )
        assert e.value.code == "wrong_issuer"
        forged = b_as_a.issue(subject="1012345678", valid_for=DAY, now=NOW)
        with pytest.raises(credkit.VerificationError) as e:
            ver.verify(forged, now=NOW)
        assert e.value.code == "wrong_issuer"
        [result] = ver.verify_many([forged], now=NOW)
        assert isinstance(result, credkit.VerificationError) and result.code == "wrong_issuer"

    def test_forms_do_not_mix(self) -> None:
        vk = signing_key(1).verifying_key
        with pytest.raises(credkit.InvalidInput):
            credkit.CredentialVerifier({"kid-1": vk, "authority-a": {"kid-A": vk}})
        with pytest.raises(credkit.InvalidInput):
            credkit.CredentialVerifier({"a": {"kid-1": vk}, "b": {"kid-1": vk}})


class TestNoSilentDowngrade:
    def test_argon2_cffi_default_hash_is_kept(self) -> None:
        """An argon2-cffi default hash (m=65536, t=3, p=4) is not "upgraded"
        to the weaker OWASP preset."""
        stored = argon2.PasswordHasher().hash("correct horse")
        h = credkit.PasswordHasher()
        assert h.needs_rehash(stored) is False
        assert h.verify_and_upgrade(stored, "correct horse") is None

    def test_weaker_hash_is_upgraded_to_the_stronger_of_each(self) -> None:
        stored = argon2.PasswordHasher(time_cost=1, memory_cost=65536, parallelism=1).hash("pw")
        h = credkit.PasswordHasher(memory_kib=19456, iterations=2, parallelism=1)
        assert h.needs_rehash(stored) is True
        new = h.verify_and_upgrade(stored, "pw")
        assert new is not None and "$m=65536,t=2,p=1$" in new
        argon2.PasswordHasher().verify(new, "pw")


class TestIntegersOutOfRange:
    @pytest.mark.parametrize(
        "call",
        [
            lambda: credkit.StatusList(8).set(-1, "revoked"),
            lambda: credkit.StatusList(8).get(-1),
            lambda: credkit.StatusList(-5),
            lambda: credkit.Totp(b"12345678901234567890").at(-1),
            lambda: credkit.Totp(b"12345678901234567890").verify("123456", at=-30),
            lambda: credkit.Hotp(b"12345678901234567890").at(-1),
            lambda: credkit.Hotp(b"12345678901234567890").at(2**64),
            lambda: credkit.PasswordHasher(max_scrypt_log_n=-1),
            lambda: credkit.PasswordHasher(max_scrypt_log_n=64),
            lambda: credkit.CredentialVerifier({}, clock_skew=-1),
            lambda: credkit.CodeIssuer(bytes(32), ttl_seconds=-1),
            lambda: credkit.PasswordPolicy.pin(length=-6),
        ],
    )
    def test_invalid_input_not_overflow(self, call: object) -> None:
        with pytest.raises(credkit.InvalidInput) as e:
            call()  # type: ignore[operator]
        assert e.value.code == "out_of_range"


class TestSmallerFindings:
    def test_check_with_previous_over_the_hasher_limit(self) -> None:
        """PasswordPolicy.check(previous_hash=, hasher=) calls Rust: a
        password over the hasher's length limit cannot be the previous one,
        so it gets the policy's answer, not InvalidInput."""
        h = credkit.PasswordHasher(memory_kib=64, iterations=1, max_password_bytes=16)
        previous = h.hash("previous-pass")
        policy = credkit.PasswordPolicy.nist()
        long_password = "Plover-Quince-Marmot-1987"
        got = policy.check(long_password, previous_hash=previous, hasher=h)
        assert [v.code for v in got] == [v.code for v in policy.check(long_password)]
        reused = credkit.PasswordPolicy.nist().check("previous-pass", previous_hash=previous, hasher=h)
        assert "reused" in [v.code for v in reused]

    def test_otpauth_leading_space_parses(self) -> None:
        uri = "otpauth://totp/%20alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"
        totp = credkit.Totp.from_uri(uri)
        again = credkit.Totp.from_uri(totp.uri(account="alice", issuer="Example"))
        assert again.at(NOW) == totp.at(NOW)

    def test_qr_text_with_trailing_newline(self) -> None:
        qr = issuer(10, "kid-A", "authority-a").issue(subject="1", valid_for=DAY, now=NOW)
        ver = two_issuer_verifier()
        for suffix in ("\n", "\r\n"):
            assert ver.verify(qr + suffix, now=NOW).subject == "1"
        # One line ending, as a scanner appends; a second is refused, as
        # HC1 text refuses it.
        for bad in (" ", "\n\n", "\r\n\r\n"):
            with pytest.raises(credkit.InvalidInput):
                ver.verify(qr + bad, now=NOW)

    def test_qr_svg_names_the_reason(self) -> None:
        with pytest.raises(credkit.InvalidInput, match="alphanumeric") as e:
            credkit.qr_svg("CK1:abc")
        assert e.value.code == "malformed"
