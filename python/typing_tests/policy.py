"""Type-checks the policy API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import credkit


def presets() -> list[str]:
    clave = credkit.PasswordPolicy.clave()
    nist = credkit.PasswordPolicy.nist(multi_factor=True)
    pin = credkit.PasswordPolicy.pin(length=6)
    violations: list[credkit.Violation] = clave.check("pw", context=["Juan", "12345678Z"])
    violations += nist.check(b"pw", previous_hash=None)
    violations += pin.check("123456")
    hasher = credkit.PasswordHasher()
    violations += clave.check("pw", previous_hash=hasher.hash("old"), hasher=hasher)
    params: dict[str, int | str] = violations[0].params
    assert isinstance(params, dict)
    return [v.code + v.message for v in violations]


def custom_and_filter(path: str) -> bool:
    f = credkit.BreachFilter.from_passwords(["hunter2"])
    f.save(path)
    g = credkit.BreachFilter.open(path)
    policy = credkit.PasswordPolicy(
        min_length=10,
        require=["lowercase", "digit"],
        min_classes=1,
        symbols="!#",
        blocklist=True,
        extra_blocklist=["sanad"],
        max_repeat=3,
        breach_filter=g,
    ).with_breach_filter(f)
    n: int = len(g)
    return policy.check("x") == [] and "hunter2" in g and n == 1


def national_id() -> str:
    return credkit.normalize_national_id("12345678z", "ES")


def columns() -> list[list[str]]:
    p = credkit.PasswordPolicy.clave()
    rows: list[list[credkit.Violation]] = p.check_many(
        ["pw", b"Otro-Secreto-9"], [["Juan"], None], progress=lambda done, total: None
    )
    h = credkit.PasswordHasher()
    ok: list[bool] = h.verify_many(hashes=[h.hash("a")], passwords=["a"])
    assert ok
    return [[v.code for v in r] for r in rows]
