"""
credkit: credential cryptography for digital-identity services.

Argon2id password hashing, password and PIN policies, HOTP/TOTP and
single-use purpose-bound codes, Ed25519 signatures with batch verification,
and offline QR credentials. A thin layer over the Rust crate of the same name.
"""

from __future__ import annotations

from credkit._exceptions import CredkitError, InvalidInput, VerificationError
from credkit._credkit import *  # noqa: F403
from credkit import _credkit

__all__ = ["CredkitError", "InvalidInput", "VerificationError"]
__all__ += [name for name in dir(_credkit) if not name.startswith("_")]
__version__ = "0.1.0"
