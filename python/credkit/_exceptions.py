"""credkit's exceptions, defined once here and raised by the Rust layer."""

from __future__ import annotations

__all__ = ["CredkitError", "InvalidInput", "VerificationError"]


class CredkitError(Exception):
    """
    Base class of every credkit exception.

    Never raised directly: catch it to handle any credkit failure.

    .. versionadded:: 0.1.0
    """


class VerificationError(CredkitError):
    """
    A check failed on well-formed input.

    Raised for a wrong password, a wrong or replayed one-time code, a bad
    signature, and an expired, used, locked, superseded or revoked credential
    or code. The message never says which byte or internal check failed.

    .. versionadded:: 0.1.0
    """


class InvalidInput(CredkitError, ValueError):
    """
    The input is malformed or out of bounds, so it could never verify.

    Raised for a malformed PHC string, bad Base32, a malformed otpauth URI, a
    key of the wrong length, an undecodable credential, or parameters beyond
    the configured limits. Also a :class:`ValueError`.

    .. versionadded:: 0.1.0
    """
