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



# --- otp --------------------------------------------------------------------



# --- sign -------------------------------------------------------------------



# --- credential -------------------------------------------------------------

