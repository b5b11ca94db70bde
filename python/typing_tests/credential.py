"""Type-checks the credential API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import datetime

import credkit


def issue_and_verify() -> None:
    sk = credkit.SigningKey.generate()
    issuer = credkit.CredentialIssuer(sk, key_id="kid-1", issuer="example-authority")
    qr: str = issuer.issue(
        subject="1012345678",
        claims={"name": "Ali", "dob": datetime.date(1990, 1, 1), "tags": ["a", 1], "photo": b"\x00"},
        valid_for=86400,
        version=2,
        now=None,
    )
    many: list[str] = issuer.issue_many([{"subject": "1", "valid_for": 60, "claims": {"n": 1}}])
    statuses = credkit.StatusList(100)
    statuses.set(0, "superseded")
    token: bytes = issuer.issue_status_list(statuses, version=1, ttl=3600)

    verifier = credkit.CredentialVerifier({"kid-1": sk.verifying_key}, clock_skew=60)
    verifier.load_status_list(token)
    cred = verifier.verify(qr, now=None)
    subject: str = cred.subject
    version: int = cred.version
    expires: int = cred.expires_at
    claims = cred.claims
    for result in verifier.verify_many([qr, *many]):
        if isinstance(result, credkit.Credential):
            print(result.key_id, subject, version, expires, claims)
        else:
            print(str(result))
    svg: str = credkit.qr_svg(qr).svg
    print(svg, credkit.qr_svg(qr, module_px=2).version)
