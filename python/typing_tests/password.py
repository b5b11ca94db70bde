"""Type-checks credkit.PasswordHasher against the stubs (mypy --strict, not run)."""

from __future__ import annotations

from typing import Literal

import credkit


def password_api() -> None:
    h = credkit.PasswordHasher(memory_kib=19456, iterations=2, parallelism=1)
    peppered = credkit.PasswordHasher(
        pepper=b"0" * 32, pepper_id="k2", retired_peppers={"k1": b"1" * 32}, normalize=False
    )
    phc: str = h.hash("pw")
    also: str = peppered.hash(b"pw")
    ok: Literal[True] = h.verify(phc, "pw")
    stale: bool = h.needs_rehash(also)
    upgraded: str | None = h.verify_and_upgrade(phc, b"pw")
    hashes: list[str] = h.hash_many(["a", b"b"])
    results: list[bool] = h.verify_many([(phc, "pw"), (also.encode(), b"pw")])
    params: tuple[int, int, int, bool] = (h.memory_kib, h.iterations, h.parallelism, h.normalize)
    try:
        h.dummy_verify("pw")
    except credkit.VerificationError:
        pass
    print(ok, stale, upgraded, hashes, results, params)
