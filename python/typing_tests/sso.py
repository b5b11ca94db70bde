"""Type-checks the sso API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import credkit


def tokens() -> None:
    ti = credkit.TokenIssuer(credkit.P256SigningKey.generate(), key_id="2026-11", issuer="https://sso")
    tok: str = ti.issue(subject="s", audience=["a", "b"], ttl=300, nonce=None, claims={"acr": 1}, now=None)
    tv = credkit.TokenVerifier(ti.jwks(), issuer="https://sso", audience="a", clock_skew=60)
    t: credkit.Token = tv.verify(tok, nonce=None, now=None)
    exp: int = t.expires_at
    claims: dict[str, object] = t.claims
    many = tv.verify_many([tok])
    first = many[0]
    if isinstance(first, credkit.Token):
        assert first.subject
    assert exp and claims is not None and t.audience[0] and t.token_id


def approvals() -> None:
    ai = credkit.ApprovalIssuer(b"k" * 32, ttl_seconds=120, choices=3)
    req = ai.request(subject="s", service="svc")
    n: int = req.number
    dev = credkit.SigningKey.generate()
    sig = dev.sign(credkit.approval_message(req.request_id, "s", n))
    ai.approve(req, n, sig, dev.verifying_key)
    again = credkit.ApprovalRequest.from_bytes(req.to_bytes())
    assert again.used and again.choices
