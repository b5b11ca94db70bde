# Type stubs for the native module credkit._credkit.
# One section per capability; keep each section's names as in DESIGN.md.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, final

# --- password ---------------------------------------------------------------

from typing import NoReturn

@final
class PasswordHasher:
    """Argon2id password hashing into PHC strings (defaults: OWASP)."""

    def __init__(
        self,
        memory_kib: int = 19456,
        iterations: int = 2,
        parallelism: int = 1,
        *,
        pepper: str | bytes | None = None,
        pepper_id: str | bytes | None = None,
        retired_peppers: Mapping[str | bytes, str | bytes] | None = None,
        normalize: bool = True,
        max_memory_kib: int = 1048576,
        max_iterations: int = 64,
        max_parallelism: int = 16,
        max_password_bytes: int = 4096,
        max_bcrypt_cost: int = 14,
        max_scrypt_log_n: int = 20,
        max_pbkdf2_rounds: int = 2000000,
    ) -> None: ...
    @property
    def memory_kib(self) -> int: ...
    @property
    def iterations(self) -> int: ...
    @property
    def parallelism(self) -> int: ...
    @property
    def normalize(self) -> bool: ...
    def hash(self, password: str | bytes) -> str: ...
    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]: ...
    def needs_rehash(self, hash: str | bytes) -> bool: ...
    def verify_and_upgrade(self, hash: str | bytes, password: str | bytes) -> str | None: ...
    def dummy_verify(self, password: str | bytes) -> NoReturn: ...
    def hash_many(self, passwords: Iterable[str | bytes]) -> list[str]: ...
    def verify_many(
        self, pairs: Iterable[tuple[str | bytes, str | bytes]]
    ) -> list[bool]: ...


# --- policy -----------------------------------------------------------------

import os

ViolationCode = Literal[
    "too_short",
    "too_long",
    "missing_lowercase",
    "missing_uppercase",
    "missing_digit",
    "missing_symbol",
    "blocklisted",
    "contains_context",
    "repetitive",
    "sequential",
    "not_digits",
    "reused",
]

@final
class Violation:
    """One broken rule of a password policy."""

    @property
    def code(self) -> ViolationCode: ...
    @property
    def message(self) -> str: ...
    @property
    def params(self) -> dict[str, int | str]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class BreachFilter:
    """A breached-password filter (binary fuse, 16-bit fingerprints)."""

    @staticmethod
    def from_bytes(data: bytes) -> BreachFilter: ...
    @staticmethod
    def open(path: str | os.PathLike[str]) -> BreachFilter: ...
    @staticmethod
    def from_pwned_file(path: str | os.PathLike[str]) -> BreachFilter: ...
    @staticmethod
    def from_passwords(passwords: Sequence[str]) -> BreachFilter: ...
    def to_bytes(self) -> bytes: ...
    def save(self, path: str | os.PathLike[str]) -> None: ...
    def contains(self, password: str | bytes) -> bool: ...
    def __contains__(self, password: str | bytes) -> bool: ...
    def __len__(self) -> int: ...

CharClassName = Literal["lowercase", "uppercase", "digit", "symbol"]

@final
class PasswordPolicy:
    """A password or PIN policy; ``check`` returns every broken rule."""

    def __init__(
        self,
        *,
        min_length: int = 1,
        max_length: int = 64,
        require: Sequence[CharClassName] = ...,
        min_classes: int | None = None,
        symbols: str | None = None,
        waive_classes_from: int | None = None,
        blocklist: bool = False,
        extra_blocklist: Sequence[str] = ...,
        context: bool = False,
        max_repeat: int | None = None,
        max_sequence: int | None = None,
        digits_only: bool = False,
        breach_filter: BreachFilter | None = None,
    ) -> None: ...
    @staticmethod
    def clave() -> PasswordPolicy: ...
    @staticmethod
    def nist(multi_factor: bool = False) -> PasswordPolicy: ...
    @staticmethod
    def pin(length: int = 6) -> PasswordPolicy: ...
    def with_breach_filter(self, breach_filter: BreachFilter) -> PasswordPolicy: ...
    @property
    def min_length(self) -> int: ...
    @property
    def max_length(self) -> int: ...
    def check(
        self,
        password: str | bytes,
        context: Sequence[str] = ...,
        previous_hash: str | None = None,
    ) -> list[Violation]: ...

def normalize_national_id(value: str, country: Literal["ES", "SA", "JO"] | str) -> str: ...



# --- otp --------------------------------------------------------------------



# --- sign -------------------------------------------------------------------



# --- credential -------------------------------------------------------------

