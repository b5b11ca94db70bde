"""Type-checks shared breach filters and column arguments (mypy --strict)."""

import pathlib

import credkit


def shared(path: str) -> bool:
    f = credkit.BreachFilter.open(path, in_memory=False)
    p: pathlib.Path | None = f.path
    return p is not None and f.contains_many(["a", b"b"]) == [False, False]


def columns(h: credkit.PasswordHasher, hashes: list[str], passwords: list[str]) -> list[bool]:
    return h.verify_many(hashes=hashes, passwords=passwords)
