//! [`ErrorKind`]: the coarse class of an error.
//!
//! A leaf module: it imports nothing from credkit, so every module can use
//! it without an import circle.

/// What kind of failure an [`Error`](crate::Error) is, for callers (such as the Python
/// bindings) that map errors onto a small set of exception classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A check failed on well-formed input: wrong password, bad signature,
    /// expired, used, replayed, locked, revoked.
    Verification,
    /// The input is malformed or out of bounds: it could never verify.
    InvalidInput,
    /// The caller used the API in a way it documents as wrong: its own
    /// configuration or arguments (a pepper, limits, an issuer key that is
    /// too short, duplicate key ids, a policy or lifetime out of range, a
    /// reserved claim name). Never caused by untrusted data (a stored hash,
    /// a scanned credential, a token, a record): a service logs it as a bug
    /// to fix, where it answers `InvalidInput` by refusing the request.
    ApiMisuse,
    /// The operating system's random source failed.
    Rng,
    /// A resource the operation needs (memory) could not be had; the input
    /// itself may be fine and the call may succeed later.
    ResourceUnavailable,
}
