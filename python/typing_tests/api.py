"""Type-checks the public API against the stubs (mypy --strict, not run)."""

from __future__ import annotations

import credkit


def exceptions_are_typed() -> None:
    assert issubclass(credkit.InvalidInput, ValueError)
    assert issubclass(credkit.VerificationError, credkit.CredkitError)
