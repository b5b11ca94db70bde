"""Type-checks shared breach filters (mypy --strict)."""

import pathlib

import credkit


def shared(path: str) -> bool:
    f = credkit.BreachFilter.open(path, in_memory=False)
    p: pathlib.Path | None = f.path
    return p is not None and f.contains_many(["a", b"b"]) == [False, False]

