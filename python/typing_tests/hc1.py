"""Type-checks the HC1 API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import credkit


def verify_hc1(der: bytes, pem: str, qr: str) -> None:
    tl = credkit.TrustList([der])
    kid: bytes = tl.add_certificate(pem)
    ids: list[bytes] = tl.key_ids()
    n: int = len(tl)
    hv = credkit.Hc1Verifier(tl, clock_skew=0)
    c = hv.verify(qr, now=None)
    issuer: str | None = c.issuer
    alg: str = c.algorithm
    key_id: bytes = c.key_id
    dgc = c.payload[1]
    for item in hv.verify_many([qr, qr.encode()], now=1_700_000_000):
        if isinstance(item, credkit.Hc1Credential):
            expires: int = item.expires_at
        else:
            code: str = item.code
    del kid, ids, n, issuer, alg, key_id, dgc
