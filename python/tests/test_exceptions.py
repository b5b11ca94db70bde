"""The exception hierarchy that callers rely on."""

from __future__ import annotations

import credkit


class TestHierarchy:
    def test_invalid_input_is_value_error(self) -> None:
        """InvalidInput is both a CredkitError and a ValueError."""
        assert issubclass(credkit.InvalidInput, credkit.CredkitError)
        assert issubclass(credkit.InvalidInput, ValueError)

    def test_verification_error_is_credkit_error(self) -> None:
        """VerificationError derives from CredkitError and not ValueError."""
        assert issubclass(credkit.VerificationError, credkit.CredkitError)
        assert not issubclass(credkit.VerificationError, ValueError)
