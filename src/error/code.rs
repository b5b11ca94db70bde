//! [`ErrorCode`]: the stable, machine-readable reason of an error.

use core::fmt;
use core::str::FromStr;

/// Why an operation failed, in a form a program can act on.
///
/// Every credkit error maps to exactly one code through its `code()` method
/// (and [`Error::code`](crate::Error::code)). The strings of
/// [`as_str`](Self::as_str) are part of the public contract: the Python
/// bindings expose them as the `.code` attribute of every exception, and they
/// do not change between versions. Messages stay for people and may change.
///
/// Codes of [`ErrorKind::Verification`](crate::ErrorKind::Verification)
/// errors say which check failed; codes of
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) errors say
/// what is wrong with the input, never which byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A password, one-time code or number does not match.
    Mismatch,
    /// A one-time code's time step was already used (step ≤ last step).
    Replayed,
    /// A code, credential, token, request or certificate has expired.
    Expired,
    /// A credential, token, status list or certificate is not valid yet.
    NotYetValid,
    /// A single-use code or request was already spent.
    Used,
    /// Too many failed attempts: the code is locked.
    Locked,
    /// A signature or MAC does not verify.
    BadSignature,
    /// The key id is not in the verifier's trust list.
    UnknownKey,
    /// The signer's key is not listed under the issuer the data names, or
    /// the issuer is not the one expected.
    WrongIssuer,
    /// A token is not addressed to this audience.
    WrongAudience,
    /// A token's nonce differs from the one expected.
    NonceMismatch,
    /// The algorithm named by the input is not the one the key allows.
    AlgorithmNotAllowed,
    /// The status list marks the credential revoked.
    Revoked,
    /// The status list marks the credential suspended.
    Suspended,
    /// The status list marks the credential superseded by a newer version.
    Superseded,
    /// The credential's status cannot be determined from the loaded list.
    StatusUnknown,
    /// The status list is older than its time to live allows.
    StatusStale,
    /// A status list older than one already seen for its issuer.
    Rollback,
    /// A certificate's key usage does not allow what it signed.
    KeyUsage,
    /// The input is not well formed (encoding, structure, checksum).
    Malformed,
    /// The input, or a parameter read from it, exceeds a configured limit.
    TooLarge,
    /// The input is well formed but uses an algorithm, version or form
    /// credkit does not support.
    Unsupported,
    /// A caller-supplied parameter is out of its documented range.
    OutOfRange,
    /// The caller used the API in a way it documents as wrong (inconsistent
    /// parameters, duplicate key ids). Never caused by untrusted data.
    InvalidArgument,
    /// Memory for the operation could not be reserved.
    MemoryUnavailable,
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 26] = [
        ErrorCode::Mismatch,
        ErrorCode::Replayed,
        ErrorCode::Expired,
        ErrorCode::NotYetValid,
        ErrorCode::Used,
        ErrorCode::Locked,
        ErrorCode::BadSignature,
        ErrorCode::UnknownKey,
        ErrorCode::WrongIssuer,
        ErrorCode::WrongAudience,
        ErrorCode::NonceMismatch,
        ErrorCode::AlgorithmNotAllowed,
        ErrorCode::Revoked,
        ErrorCode::Suspended,
        ErrorCode::Superseded,
        ErrorCode::StatusUnknown,
        ErrorCode::StatusStale,
        ErrorCode::Rollback,
        ErrorCode::KeyUsage,
        ErrorCode::Malformed,
        ErrorCode::TooLarge,
        ErrorCode::Unsupported,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidArgument,
        ErrorCode::MemoryUnavailable,
        ErrorCode::RandomSourceFailed,
    ];

    /// The code's stable snake_case name, e.g. `"not_yet_valid"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Mismatch => "mismatch",
            ErrorCode::Replayed => "replayed",
            ErrorCode::Expired => "expired",
            ErrorCode::NotYetValid => "not_yet_valid",
            ErrorCode::Used => "used",
            ErrorCode::Locked => "locked",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::UnknownKey => "unknown_key",
            ErrorCode::WrongIssuer => "wrong_issuer",
            ErrorCode::WrongAudience => "wrong_audience",
            ErrorCode::NonceMismatch => "nonce_mismatch",
            ErrorCode::AlgorithmNotAllowed => "algorithm_not_allowed",
            ErrorCode::Revoked => "revoked",
            ErrorCode::Suspended => "suspended",
            ErrorCode::Superseded => "superseded",
            ErrorCode::StatusUnknown => "status_unknown",
            ErrorCode::StatusStale => "status_stale",
            ErrorCode::Rollback => "rollback",
            ErrorCode::KeyUsage => "key_usage",
            ErrorCode::Malformed => "malformed",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unsupported => "unsupported",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::MemoryUnavailable => "memory_unavailable",
            ErrorCode::RandomSourceFailed => "random_source_failed",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name given to [`ErrorCode::from_str`] is not a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownErrorCode;

impl fmt::Display for UnknownErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a credkit error code")
    }
}

impl std::error::Error for UnknownErrorCode {}

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL
            .into_iter()
            .find(|code| code.as_str() == name)
            .ok_or(UnknownErrorCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate name {name}");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert_eq!(name.parse::<ErrorCode>(), Ok(code));
        }
        assert_eq!("Mismatch".parse::<ErrorCode>(), Err(UnknownErrorCode));
    }
}
