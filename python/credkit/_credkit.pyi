# Type stubs for the native module credkit._credkit.
# One section per capability; keep each section's names as in DESIGN.md.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Callable, Literal, final

# progress(done, total), called after each chunk of a batch call.
_Progress = Callable[[int, int], object]

import datetime as _dt

# A time argument: Unix seconds, or an aware datetime (a naive one raises InvalidInput).
_Time = int | _dt.datetime

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
    def hash_many(
        self, passwords: Iterable[str | bytes], *, progress: _Progress | None = None
    ) -> list[str]: ...
    def verify_many(
        self,
        pairs: Iterable[tuple[str | bytes, str | bytes] | list[str | bytes]] | None = None,
        *,
        hashes: Iterable[str | bytes] | None = None,
        passwords: Iterable[str | bytes] | None = None,
        progress: _Progress | None = None,
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
    def contains_many(
        self, passwords: Iterable[str | bytes], *, progress: _Progress | None = None
    ) -> list[bool]: ...
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
        require: Sequence[CharClassName] = (),
        min_classes: int | None = None,
        symbols: str | None = None,
        waive_classes_from: int | None = None,
        blocklist: bool = False,
        extra_blocklist: Sequence[str] = (),
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
        context: Sequence[str] | None = None,
        previous_hash: str | None = None,
        hasher: PasswordHasher | None = None,
    ) -> list[Violation]: ...
    def check_many(
        self,
        passwords: Iterable[str | bytes],
        context: Iterable[Sequence[str] | None] | None = None,
        *,
        progress: _Progress | None = None,
    ) -> list[list[Violation]]: ...

def normalize_national_id(value: str, country: Literal["ES", "SA", "JO"] | str) -> str: ...



# --- otp --------------------------------------------------------------------

def random_secret(length: int = 20) -> bytes: ...

@final
class Totp:
    def __init__(
        self,
        secret: bytes | str,
        digits: int = 6,
        period: int = 30,
        algorithm: Literal["sha1", "sha256", "sha512"] = "sha1",
        t0: int = 0,
        *,
        account: str | None = None,
        issuer: str | None = None,
    ) -> None: ...
    def at(self, unix_time: _Time) -> str: ...
    def now(self) -> str: ...
    def step(self, at: _Time | None = None) -> int: ...
    def verify(
        self,
        code: str,
        at: _Time | None = None,
        window: int = 1,
        last_step: int | None = None,
    ) -> int: ...
    def uri(self, account: str | None = None, issuer: str | None = None) -> str: ...
    @staticmethod
    def from_uri(uri: str) -> Totp: ...
    @property
    def account(self) -> str | None: ...
    @property
    def issuer(self) -> str | None: ...
    @property
    def secret_base32(self) -> str: ...
    @property
    def digits(self) -> int: ...
    @property
    def period(self) -> int: ...
    @property
    def algorithm(self) -> Literal["sha1", "sha256", "sha512"]: ...
    @property
    def t0(self) -> int: ...

@final
class Hotp:
    def __init__(
        self,
        secret: bytes | str,
        digits: int = 6,
        algorithm: Literal["sha1", "sha256", "sha512"] = "sha1",
        *,
        account: str | None = None,
        issuer: str | None = None,
    ) -> None: ...
    def at(self, counter: int) -> str: ...
    def verify(self, code: str, counter: int, look_ahead: int = 0) -> int: ...
    def uri(self, account: str | None = None, issuer: str | None = None, counter: int = 0) -> str: ...
    @staticmethod
    def from_uri(uri: str) -> tuple[Hotp, int]: ...
    @property
    def account(self) -> str | None: ...
    @property
    def issuer(self) -> str | None: ...
    @property
    def digits(self) -> int: ...
    @property
    def algorithm(self) -> Literal["sha1", "sha256", "sha512"]: ...

@final
class CodeRecord:
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(blob: bytes) -> CodeRecord: ...
    @property
    def subject(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def issued_at(self) -> int: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def attempts(self) -> int: ...
    @property
    def max_attempts(self) -> int: ...
    @property
    def used(self) -> bool: ...
    @property
    def nonce(self) -> bytes: ...
    @property
    def key_id(self) -> int: ...

@final
class CodeIssuer:
    def __init__(
        self,
        key: bytes,
        digits: int = 6,
        ttl_seconds: int = 14400,
        max_attempts: int = 5,
        *,
        alphabet: Literal["digits", "crockford"] = "digits",
        key_id: int = 1,
        retired_keys: Mapping[int, bytes] | None = None,
    ) -> None: ...
    @staticmethod
    def sim_registration(
        key: bytes, *, key_id: int = 1, retired_keys: Mapping[int, bytes] | None = None
    ) -> CodeIssuer: ...
    @staticmethod
    def clave_activation(
        key: bytes, *, key_id: int = 1, retired_keys: Mapping[int, bytes] | None = None
    ) -> CodeIssuer: ...
    @staticmethod
    def sms_login(
        key: bytes, *, key_id: int = 1, retired_keys: Mapping[int, bytes] | None = None
    ) -> CodeIssuer: ...
    def issue(
        self, subject: str, purpose: str, now: _Time | None = None
    ) -> tuple[str, CodeRecord]: ...
    def redeem(
        self,
        record: CodeRecord,
        code: str,
        subject: str,
        purpose: str,
        now: _Time | None = None,
    ) -> None: ...
    @property
    def current_key_id(self) -> int: ...
    @property
    def digits(self) -> int: ...
    @property
    def ttl_seconds(self) -> int: ...
    @property
    def max_attempts(self) -> int: ...
    @property
    def alphabet(self) -> Literal["digits", "crockford"]: ...



# --- sign -------------------------------------------------------------------

import os as _os
from typing import BinaryIO as _BinaryIO

_Message = bytes | str
_Document = bytes | str | _os.PathLike[str] | _BinaryIO

@final
class SigningKey:
    """An Ed25519 signing key (RFC 8032). The seed is wiped when freed.

    .. versionadded:: 0.1.0
    """

    @staticmethod
    def generate() -> SigningKey: ...
    @staticmethod
    def from_bytes(seed: bytes) -> SigningKey:
        """Raises InvalidInput unless ``seed`` is 32 bytes."""
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_pem(pem: str) -> SigningKey:
        """Decodes PKCS#8 PEM; InvalidInput ("malformed", "unsupported") otherwise."""
    def to_pem(self) -> str: ...
    @property
    def verifying_key(self) -> VerifyingKey: ...
    def sign(self, message: _Message) -> bytes:
        """The 64-byte signature; ``str`` is signed as UTF-8."""
    def sign_document(self, document: _Document, context: bytes | None = None) -> bytes:
        """Ed25519ph signature of bytes, a file path, or a binary file (streamed)."""

@final
class VerifyingKey:
    """An Ed25519 public key; decoding refuses non-canonical and small-order keys.

    .. versionadded:: 0.1.0
    """

    @staticmethod
    def from_bytes(key: bytes) -> VerifyingKey:
        """Raises InvalidInput if ``key`` is not a valid 32-byte public key."""
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_pem(pem: str) -> VerifyingKey:
        """Decodes SubjectPublicKeyInfo PEM."""
    def to_pem(self) -> str: ...
    @staticmethod
    def from_jwk(jwk: Mapping[str, Any] | str) -> VerifyingKey:
        """Decodes an RFC 8037 JWK (kty OKP, crv Ed25519); a private ``d`` is refused."""
    def to_jwk(self) -> dict[str, str]: ...
    @property
    def key_id(self) -> str: ...
    def verify(self, message: _Message, signature: bytes) -> Literal[True]:
        """Raises VerificationError if the signature does not verify."""
    def verify_document(
        self, document: _Document, signature: bytes, context: bytes | None = None
    ) -> Literal[True]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class P256SigningKey:
    """An ECDSA P-256 (ES256) signing key. The secret scalar is wiped when freed.

    .. versionadded:: 0.1.0
    """

    @staticmethod
    def generate() -> P256SigningKey: ...
    @staticmethod
    def from_bytes(secret: bytes) -> P256SigningKey:
        """The key whose 32-byte big-endian scalar is ``secret``."""
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_pem(pem: str) -> P256SigningKey:
        """Decodes PKCS#8 PEM; a P-384 or Ed25519 key raises InvalidInput ("unsupported")."""
    def to_pem(self) -> str: ...
    @property
    def verifying_key(self) -> P256VerifyingKey: ...
    def sign(self, message: _Message) -> bytes:
        """The 64-byte ``r || s`` signature (low s, RFC 6979 deterministic)."""

@final
class P256VerifyingKey:
    """An ECDSA P-256 public key.

    .. versionadded:: 0.1.0
    """

    @staticmethod
    def from_bytes(key: bytes) -> P256VerifyingKey:
        """A SEC1 point, 65 bytes uncompressed or 33 compressed."""
    def to_bytes(self) -> bytes:
        """The 65-byte uncompressed SEC1 point."""
    @staticmethod
    def from_pem(pem: str) -> P256VerifyingKey: ...
    def to_pem(self) -> str: ...
    @staticmethod
    def from_jwk(jwk: Mapping[str, Any] | str) -> P256VerifyingKey:
        """Decodes an RFC 7518 JWK (kty EC, crv P-256); a private ``d`` is refused."""
    def to_jwk(self) -> dict[str, str]: ...
    @property
    def key_id(self) -> str:
        """The RFC 7638 JWK thumbprint."""
    def verify(self, message: _Message, signature: bytes) -> Literal[True]:
        """64-byte ``r || s`` only (DER raises InvalidInput); high and low s both verify."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def sign_batch(
    key: SigningKey, messages: Iterable[_Message], *, progress: _Progress | None = None
) -> list[bytes]:
    """Signs every message in parallel (GIL released)."""

def verify_batch(
    items: Iterable[tuple[bytes | VerifyingKey, _Message, bytes] | list[Any]] | None = None,
    *,
    keys: Iterable[bytes | VerifyingKey] | None = None,
    messages: Iterable[_Message] | None = None,
    signatures: Iterable[bytes] | None = None,
    progress: _Progress | None = None,
) -> list[bool]:
    """One bool per row, in parallel (GIL released); a field of the wrong type
    or length is False, a row that is not a triple raises InvalidInput.

    Returns booleans, not an exception: check every entry.
    """

# --- credential -------------------------------------------------------------

import datetime
from typing import Required, TypedDict

from credkit._exceptions import CredkitError, InvalidInput, VerificationError

ClaimValue = str | int | bool | bytes | datetime.date | list["ClaimValue"] | dict[str, "ClaimValue"]

@final
class Credential:
    """A verified credential."""

    @property
    def subject(self) -> str: ...
    @property
    def issuer(self) -> str: ...
    @property
    def key_id(self) -> str: ...
    @property
    def issued_at(self) -> int: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def not_before(self) -> int | None: ...
    @property
    def version(self) -> int: ...
    @property
    def status_index(self) -> int | None: ...
    @property
    def credential_id(self) -> bytes | None: ...
    @property
    def claims(self) -> dict[str, ClaimValue]: ...

class _CredentialRequest(TypedDict, total=False):
    subject: Required[str]
    valid_for: Required[int]
    claims: Mapping[str, ClaimValue] | None
    version: int
    status_index: int | None
    not_before: _Time | None

@final
class StatusList:
    """Statuses by credential index: "valid", "revoked", "suspended", "superseded"."""

    def __init__(self, size: int) -> None: ...
    def __len__(self) -> int: ...
    def get(self, index: int) -> Literal["valid", "revoked", "suspended", "superseded"]: ...
    def set(self, index: int, status: Literal["valid", "revoked", "suspended", "superseded"]) -> None: ...

@final
class CredentialIssuer:
    """Issues QR credentials (COSE_Sign1/CWT) and signed status lists."""

    def __init__(self, signing_key: SigningKey | P256SigningKey, *, key_id: str, issuer: str) -> None: ...
    @property
    def key_id(self) -> str: ...
    @property
    def issuer(self) -> str: ...
    def issue(
        self,
        *,
        subject: str,
        claims: Mapping[str, ClaimValue] | None = None,
        valid_for: int,
        version: int = 1,
        status_index: int | None = None,
        not_before: _Time | None = None,
        now: _Time | None = None,
    ) -> str: ...
    def issue_cose(
        self,
        *,
        subject: str,
        claims: Mapping[str, ClaimValue] | None = None,
        valid_for: int,
        version: int = 1,
        status_index: int | None = None,
        not_before: _Time | None = None,
        now: _Time | None = None,
    ) -> bytes: ...
    def issue_many(
        self,
        requests: Iterable[_CredentialRequest],
        *,
        now: _Time | None = None,
        progress: _Progress | None = None,
    ) -> list[str]: ...
    def issue_status_list(
        self, status_list: StatusList, *, version: int, ttl: int, now: _Time | None = None
    ) -> bytes: ...

@final
class CredentialVerifier:
    """Verifies QR credentials offline: trust list, clock skew, optional status list."""

    def __init__(
        self,
        keys: Mapping[str, VerifyingKey | P256VerifyingKey | bytes]
        | Mapping[str, Mapping[str, VerifyingKey | P256VerifyingKey | bytes]],
        *,
        clock_skew: int = 300,
    ) -> None: ...
    @property
    def clock_skew(self) -> int: ...
    @property
    def status_list_version(self) -> int | None: ...
    @property
    def status_list_versions(self) -> dict[str, int]: ...
    def load_status_list(self, token: bytes, now: _Time | None = None) -> None: ...
    def verify(self, qr: str | bytes, now: _Time | None = None) -> Credential: ...
    def verify_many(
        self,
        qrs: Iterable[str | bytes],
        now: _Time | None = None,
        *,
        progress: _Progress | None = None,
    ) -> list[Credential | CredkitError]: ...
    def check_many(
        self,
        qrs: Iterable[str | bytes],
        now: _Time | None = None,
        *,
        progress: _Progress | None = None,
    ) -> list[str]: ...

@final
class QrSvg:
    """A QR code rendered as SVG."""

    @property
    def svg(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def modules(self) -> int: ...

def qr_svg(qr: str | bytes, module_px: int = 4) -> QrSvg: ...

# --- hc1 (EU DCC / WHO GDHCN) ---------------------------------------------------

@final
class TrustList:
    """X.509 document-signer certificates trusted for HC1 credentials, by DCC key id."""

    def __init__(self, certificates: Iterable[bytes | str] | None = None) -> None: ...
    def add_certificate(self, der_or_pem: bytes | str) -> bytes: ...
    def key_ids(self) -> list[bytes]: ...
    def __len__(self) -> int: ...

@final
class Hc1Credential:
    """A verified HC1 credential (EU DCC / WHO GDHCN)."""

    @property
    def issuer(self) -> str | None: ...
    @property
    def issued_at(self) -> int: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def key_id(self) -> bytes: ...
    @property
    def algorithm(self) -> Literal["ES256", "PS256"]: ...
    @property
    def payload(self) -> dict[int | str, Any]: ...

@final
class Hc1Verifier:
    """Verifies HC1: credentials offline against a TrustList (copied when made)."""

    def __init__(self, trust_list: TrustList, clock_skew: int = 0) -> None: ...
    @property
    def clock_skew(self) -> int: ...
    def verify(self, qr: str | bytes, now: _Time | None = None) -> Hc1Credential: ...
    def verify_many(
        self, qrs: Iterable[str | bytes], now: _Time | None = None
    ) -> list[Hc1Credential | CredkitError]: ...

# --- sso ----------------------------------------------------------------------

@final
class TokenIssuer:
    """Issues compact JWS JWTs: ``EdDSA`` with a SigningKey, ``ES256`` with a P256SigningKey.

    .. versionadded:: 0.1.0
    """

    def __init__(self, key: SigningKey | P256SigningKey, key_id: str, issuer: str) -> None: ...
    def issue(
        self,
        subject: str,
        audience: str | Sequence[str],
        ttl: int = 300,
        nonce: str | None = None,
        claims: Mapping[str, Any] | None = None,
        now: _Time | None = None,
    ) -> str:
        """Raises InvalidInput ("out_of_range") for ttl 0 or above 86400; ValueError for a registered claim name in ``claims``."""
    def jwks(self) -> dict[str, list[dict[str, str]]]: ...
    @property
    def key_id(self) -> str: ...
    @property
    def issuer(self) -> str: ...

@final
class Token:
    """A verified token's claims.

    .. versionadded:: 0.1.0
    """

    @property
    def subject(self) -> str | None: ...
    @property
    def issuer(self) -> str: ...
    @property
    def audience(self) -> list[str]: ...
    @property
    def issued_at(self) -> int | None: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def not_before(self) -> int | None: ...
    @property
    def token_id(self) -> str | None:
        """``jti``: keep it until ``expires_at`` to refuse replays."""
    @property
    def nonce(self) -> str | None: ...
    @property
    def key_id(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def claims(self) -> dict[str, Any]:
        """The claims other than iss, sub, aud, exp, nbf, iat, jti and nonce."""

@final
class TokenVerifier:
    """Verifies tokens against a JWKS (RFC 8725 rules: the algorithm comes from the key).

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        jwks: Mapping[str, Any] | str,
        issuer: str,
        audience: str,
        clock_skew: int = 60,
        max_lifetime: int | None = None,
    ) -> None: ...
    def verify(self, token: str, nonce: str | None = None, now: _Time | None = None) -> Token:
        """Raises VerificationError (algorithm_not_allowed, unknown_key, bad_signature, wrong_issuer,
        wrong_audience, expired, not_yet_valid, nonce_mismatch) or InvalidInput (malformed, too_large,
        unsupported)."""
    def verify_many(
        self, tokens: Sequence[str], now: _Time | None = None
    ) -> list[Token | VerificationError | InvalidInput]:
        """In parallel (GIL released); each entry is a Token or the exception ``verify`` would raise."""
    @property
    def issuer(self) -> str: ...
    @property
    def audience(self) -> str: ...
    @property
    def clock_skew(self) -> int: ...

@final
class ApprovalRequest:
    """A stored number-matching login request (MAC over every field; the number only as a MAC).

    .. versionadded:: 0.1.0
    """

    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(blob: bytes) -> ApprovalRequest: ...
    @property
    def number(self) -> int:
        """10..99; raises InvalidInput on a request parsed from bytes, which does not hold it."""
    @property
    def choices(self) -> list[int]: ...
    @property
    def request_id(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def issued_at(self) -> int: ...
    @property
    def expires_at(self) -> int: ...
    @property
    def used(self) -> bool: ...

@final
class ApprovalIssuer:
    """Issues and approves number-matching login requests (one attempt each).

    .. versionadded:: 0.1.0
    """

    def __init__(self, key: bytes, ttl_seconds: int = 120, choices: int = 3, key_id: int = 1) -> None: ...
    def request(self, subject: str, service: str, now: _Time | None = None) -> ApprovalRequest: ...
    def approve(
        self,
        request: ApprovalRequest,
        chosen_number: int,
        device_signature: bytes,
        device_key: VerifyingKey | P256VerifyingKey,
        now: _Time | None = None,
    ) -> None:
        """Raises VerificationError: mismatch (request spent), used, expired, bad_signature."""
    @property
    def ttl_seconds(self) -> int: ...
    @property
    def choices(self) -> int: ...

def approval_message(request_id: str, subject: str, number: int) -> bytes:
    """The bytes the enrolled device signs to approve ``request_id`` with ``number``."""

# credkit's worker pool (see the README, "Threads, processes and memory").
def set_num_threads(n: int) -> None: ...
def get_num_threads() -> int: ...
def release_memory() -> int: ...
