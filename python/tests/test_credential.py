"""credkit.CredentialIssuer, CredentialVerifier, StatusList and qr_svg."""

from __future__ import annotations

import datetime

import pytest

import credkit

NOW = 1_760_000_000
DAY = 86_400


def make_issuer(seed: int = 1, key_id: str = "kid-1") -> credkit.CredentialIssuer:
    return credkit.CredentialIssuer(
        credkit.SigningKey.from_bytes(bytes([seed]) * 32), key_id=key_id, issuer="example-authority"
    )


def make_verifier(**kwargs: int) -> credkit.CredentialVerifier:
    vk = credkit.SigningKey.from_bytes(bytes([1]) * 32).verifying_key
    return credkit.CredentialVerifier({"kid-1": vk}, **kwargs)


class TestIssueVerify:
    def test_round_trip(self) -> None:
        """Every claim type comes back as issued, with the standard fields."""
        claims = {
            "name": "Mohammed Ali",
            "name_ar": "محمد علي",
            "born": datetime.date(1990, 5, 17),
            "photo_sha256": bytes(32),
            "height_cm": 180,
            "organ_donor": True,
            "address": {"city": "Riyadh", "district": "Al Olaya"},
            "languages": ["ar", "en"],
        }
        qr = make_issuer().issue(
            subject="1012345678", claims=claims, valid_for=DAY, version=3, now=NOW
        )
        assert qr.startswith("CK1:")
        cred = make_verifier().verify(qr, now=NOW)
        assert cred.subject == "1012345678"
        assert cred.issuer == "example-authority"
        assert cred.key_id == "kid-1"
        assert cred.version == 3
        assert (cred.issued_at, cred.expires_at) == (NOW, NOW + DAY)
        assert cred.claims == claims
        assert cred.credential_id is not None and len(cred.credential_id) == 16

    def test_bytes_qr_accepted(self) -> None:
        """QR text read by a scanner as bytes verifies like str."""
        qr = make_issuer().issue(subject="1", valid_for=DAY, now=NOW)
        assert make_verifier().verify(qr.encode(), now=NOW).subject == "1"

    def test_default_now(self) -> None:
        """Without now, the system clock is used for issue and verify."""
        qr = make_issuer().issue(subject="1", valid_for=DAY)
        assert make_verifier().verify(qr).version == 1

    def test_expired_and_not_yet_valid(self) -> None:
        """Expiry and nbf are checked with the clock skew."""
        qr = make_issuer().issue(subject="1", valid_for=DAY, not_before=NOW + 1000, now=NOW)
        v = make_verifier(clock_skew=60)
        with pytest.raises(credkit.VerificationError, match="not valid yet"):
            v.verify(qr, now=NOW)
        v.verify(qr, now=NOW + 940)
        with pytest.raises(credkit.VerificationError, match="expired"):
            v.verify(qr, now=NOW + DAY + 60)

    def test_untrusted_key(self) -> None:
        """A credential from an unknown key id or another key is refused."""
        with pytest.raises(credkit.VerificationError, match="key id"):
            make_verifier().verify(make_issuer(key_id="kid-9").issue(subject="1", valid_for=DAY))
        with pytest.raises(credkit.VerificationError, match="signature"):
            make_verifier().verify(make_issuer(seed=2).issue(subject="1", valid_for=DAY))

    def test_malformed_input(self) -> None:
        """Malformed QR text raises InvalidInput, which is a ValueError."""
        for bad in ["", "CK1:", "CK1:GGW", "XYZ", "CK1:" + "0" * 5000]:
            with pytest.raises(ValueError):
                make_verifier().verify(bad, now=NOW)

    def test_unsupported_claims(self) -> None:
        """Floats, datetimes and non-str keys are refused at issue."""
        for claims in [{"x": 1.5}, {"x": datetime.datetime(2020, 1, 1)}, {"x": {1: "a"}}, {"x": 2**64}]:
            with pytest.raises(credkit.InvalidInput):
                make_issuer().issue(subject="1", claims=claims, valid_for=DAY)  # type: ignore[arg-type]


class TestBulk:
    def test_issue_many_verify_many(self) -> None:
        """verify_many returns a Credential or an exception per item, in order."""
        issuer = make_issuer()
        qrs = issuer.issue_many(
            [{"subject": str(i), "valid_for": DAY, "claims": {"i": i}} for i in range(50)], now=NOW
        )
        qrs[7] = make_issuer(seed=2).issue(subject="x", valid_for=DAY, now=NOW)
        qrs[9] = "CK1:??"
        results = make_verifier().verify_many(qrs, now=NOW)
        assert len(results) == 50
        assert isinstance(results[7], credkit.VerificationError)
        assert isinstance(results[9], credkit.InvalidInput)
        for i, r in enumerate(results):
            if i not in (7, 9):
                assert isinstance(r, credkit.Credential) and r.claims == {"i": i}

    def test_issue_many_reports_the_bad_request(self) -> None:
        """A bad request in issue_many raises InvalidInput naming its index."""
        with pytest.raises(credkit.InvalidInput, match="request 1"):
            make_issuer().issue_many([{"subject": "a", "valid_for": DAY}, {"subject": "", "valid_for": DAY}])


class TestStatusList:
    def test_absher_rule(self) -> None:
        """After a re-issue, the superseded credential stops verifying."""
        issuer, statuses = make_issuer(), credkit.StatusList(1000)
        old = issuer.issue(subject="1012345678", claims={"city": "Jeddah"}, valid_for=DAY, status_index=10, now=NOW)
        new = issuer.issue(
            subject="1012345678", claims={"city": "Riyadh"}, valid_for=7 * DAY, version=2, status_index=11, now=NOW
        )
        statuses.set(10, "superseded")
        assert statuses.get(10) == "superseded" and statuses.get(11) == "valid" and len(statuses) == 1000
        token = issuer.issue_status_list(statuses, version=1, ttl=DAY, now=NOW)
        v = make_verifier()
        v.verify(old, now=NOW)
        v.load_status_list(token, now=NOW)
        assert v.status_list_version == 1
        with pytest.raises(credkit.VerificationError, match="superseded"):
            v.verify(old, now=NOW)
        assert v.verify(new, now=NOW).claims == {"city": "Riyadh"}
        with pytest.raises(credkit.VerificationError, match="stale"):
            v.verify(new, now=NOW + 2 * DAY)

    def test_rollback_and_forgery(self) -> None:
        """An older list version and a list signed by another key are refused."""
        statuses = credkit.StatusList(8)
        v = make_verifier()
        v.load_status_list(make_issuer().issue_status_list(statuses, version=5, ttl=DAY, now=NOW), now=NOW)
        with pytest.raises(credkit.VerificationError, match="older"):
            v.load_status_list(make_issuer().issue_status_list(statuses, version=4, ttl=DAY, now=NOW), now=NOW)
        with pytest.raises(credkit.VerificationError, match="signature"):
            v.load_status_list(make_issuer(seed=2).issue_status_list(statuses, version=6, ttl=DAY, now=NOW), now=NOW)

    def test_bad_status(self) -> None:
        """Unknown status names and indexes past the end are InvalidInput."""
        statuses = credkit.StatusList(4)
        with pytest.raises(credkit.InvalidInput):
            statuses.set(0, "gone")
        with pytest.raises(credkit.InvalidInput):
            statuses.set(4, "revoked")


class TestSvg:
    def test_render(self) -> None:
        """qr_svg renders a QR code and reports its version."""
        qr = make_issuer().issue(subject="1012345678", claims={"name": "Ali"}, valid_for=DAY, now=NOW)
        rendered = credkit.qr_svg(qr)
        assert rendered.svg.startswith("<?xml") and "<svg" in rendered.svg
        assert 1 <= rendered.version <= 40
        assert rendered.modules == 17 + 4 * rendered.version
        with pytest.raises(credkit.InvalidInput):
            credkit.qr_svg("lowercase")
