"""credkit's exceptions, defined once here and raised by the Rust layer."""

from __future__ import annotations

__all__ = ["CredkitError", "InvalidInput", "VerificationError"]


class CredkitError(Exception):
    """
    Base class of every credkit exception.

    Never raised directly: catch it to handle any credkit failure.

    Every credkit exception has ``.code``, a stable machine-readable reason
    (``"expired"``, ``"revoked"``, ``"malformed"``, ...); the message is for
    people and may change between versions.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``code``
    """

    #: The code used when an exception is raised without one.
    default_code = "error"

    code: str

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.code = code if code is not None else self.default_code

    def __reduce__(self) -> tuple[type[CredkitError], tuple[str, str]]:
        # Keeps .code through pickle (process pools send exceptions back).
        message = self.args[0] if self.args else ""
        return (type(self), (message, self.code))


class VerificationError(CredkitError):
    """
    A check failed on well-formed input.

    Raised for a wrong password, a wrong or replayed one-time code, a bad
    signature, and an expired, used, locked, superseded or revoked credential
    or code. The message never says which byte or internal check failed;
    ``.code`` says which check: ``"mismatch"``, ``"replayed"``,
    ``"expired"``, ``"not_yet_valid"``, ``"used"``, ``"locked"``,
    ``"bad_signature"``, ``"unknown_key"``, ``"wrong_issuer"``,
    ``"wrong_audience"``, ``"nonce_mismatch"``, ``"algorithm_not_allowed"``,
    ``"revoked"``, ``"suspended"``, ``"superseded"``, ``"status_unknown"``,
    ``"status_stale"``, ``"rollback"``, ``"key_usage"``.

    .. versionadded:: 0.1.0
    """

    default_code = "mismatch"


class InvalidInput(CredkitError, ValueError):
    """
    The input is malformed or out of bounds, so it could never verify.

    Raised for a malformed PHC string, bad Base32, a malformed otpauth URI, a
    key of the wrong length, an undecodable credential, or parameters beyond
    the configured limits. Also a :class:`ValueError`. ``.code`` is
    ``"malformed"``, ``"too_large"``, ``"unsupported"`` or
    ``"out_of_range"`` (a negative or too large integer argument).

    .. versionadded:: 0.1.0
    """

    default_code = "malformed"
