"""Type-checks the otp API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import credkit


def totp_flow() -> int:
    secret: bytes = credkit.random_secret()
    t = credkit.Totp(secret, digits=6, period=30, algorithm="sha1")
    code: str = t.at(1_700_000_000)
    uri: str = t.uri(account="alice", issuer="Example")
    same: credkit.Totp = credkit.Totp.from_uri(uri)
    assert same.digits == 6 and t.now() != ""
    step: int = t.verify(code, at=1_700_000_000, window=1, last_step=None)
    return step


def hotp_flow() -> int:
    h = credkit.Hotp("JBSWY3DPEHPK3PXP", digits=6, algorithm="sha256")
    back, counter = credkit.Hotp.from_uri(h.uri(account="bob", counter=3))
    matched: int = back.verify(h.at(counter), counter, look_ahead=2)
    return matched


def code_flow() -> bytes:
    ci = credkit.CodeIssuer(b"k" * 32, digits=6, ttl_seconds=14400, max_attempts=5)
    rotated = credkit.CodeIssuer.sim_registration(b"n" * 32, key_id=2, retired_keys={1: b"k" * 32})
    code, record = ci.issue(subject="1012345678", purpose="sim-activation:provider-x", now=None)
    rotated.redeem(record, code, subject="1012345678", purpose="sim-activation:provider-x")
    used: bool = record.used
    attempts: int = record.attempts
    assert used or attempts >= 0
    return credkit.CodeRecord.from_bytes(record.to_bytes()).to_bytes()


def labels_and_datetimes() -> str | None:
    import datetime

    t = credkit.Totp.from_uri("otpauth://totp/Sanad:alice?secret=JBSWY3DPEHPK3PXP&issuer=Sanad")
    account: str | None = t.account
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    code: str = t.at(when)
    step: int = t.verify(code, at=when)
    h = credkit.Hotp(b"k" * 20, account="bob", issuer="Nafath")
    assert step >= 0 and h.uri() != "" and t.uri() != ""
    return account
