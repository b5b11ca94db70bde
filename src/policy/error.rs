//! Errors of the [`policy`](crate::policy) module.
//!
//! A password that breaks a rule is not an error: [`Policy::check`] returns
//! the [`Violation`]s. These errors are for malformed inputs (an ID number,
//! a breached-password filter file, a line of a Pwned Passwords file, a
//! stored hash) and for policies built with inconsistent parameters.
//!
//! [`Policy::check`]: crate::policy::Policy::check
//! [`Violation`]: crate::policy::Violation

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`policy`](crate::policy) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The operating system's random source failed.
    RandomSourceFailed,
    /// The national ID number has the wrong length or characters for its country.
    NationalIdMalformed,
    /// The national ID number is well formed but its check letter or digit is wrong.
    NationalIdCheckFailed,
    /// The country code is not one of the supported countries (`ES`, `SA`, `JO`).
    CountryUnsupported,
    /// The breached-password filter file is shorter than its header says.
    FilterTruncated,
    /// The file does not start with the breached-password filter magic bytes.
    FilterMagicInvalid,
    /// The filter file has a format version this build cannot read.
    FilterVersionUnsupported,
    /// The filter file's checksum does not match its contents.
    FilterChecksumMismatch,
    /// The filter file's parameters are inconsistent or out of bounds.
    FilterParametersInvalid,
    /// A line of a Pwned Passwords file is not `SHA1HEX` or `SHA1HEX:count`.
    PwnedLineMalformed,
    /// The filter would exceed the format's bounds (too many keys per shard).
    FilterTooLarge,
    /// The filter construction did not converge (astronomically unlikely).
    FilterConstructionFailed,
    /// The policy's parameters contradict each other. Never caused by
    /// untrusted data: the caller chose them.
    PolicyParametersInvalid,
    /// The stored hash of the previous password could not be checked: it is
    /// malformed, names an unknown scheme or pepper, or exceeds the hasher's
    /// limits.
    PreviousHashUnusable,
}

impl PolicyError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            PolicyError::RandomSourceFailed => ErrorKind::Rng,
            PolicyError::PolicyParametersInvalid => ErrorKind::ApiMisuse,
            PolicyError::NationalIdMalformed
            | PolicyError::NationalIdCheckFailed
            | PolicyError::CountryUnsupported
            | PolicyError::FilterTruncated
            | PolicyError::FilterMagicInvalid
            | PolicyError::FilterVersionUnsupported
            | PolicyError::FilterChecksumMismatch
            | PolicyError::FilterParametersInvalid
            | PolicyError::PwnedLineMalformed
            | PolicyError::FilterTooLarge
            | PolicyError::FilterConstructionFailed
            | PolicyError::PreviousHashUnusable => ErrorKind::InvalidInput,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            PolicyError::RandomSourceFailed => ErrorCode::RandomSourceFailed,
            PolicyError::PolicyParametersInvalid => ErrorCode::InvalidArgument,
            PolicyError::NationalIdMalformed
            | PolicyError::FilterTruncated
            | PolicyError::FilterMagicInvalid
            | PolicyError::FilterChecksumMismatch
            | PolicyError::FilterParametersInvalid
            | PolicyError::PwnedLineMalformed
            | PolicyError::PreviousHashUnusable => ErrorCode::Malformed,
            PolicyError::NationalIdCheckFailed => ErrorCode::Mismatch,
            PolicyError::CountryUnsupported | PolicyError::FilterVersionUnsupported => {
                ErrorCode::Unsupported
            }
            PolicyError::FilterTooLarge | PolicyError::FilterConstructionFailed => {
                ErrorCode::TooLarge
            }
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PolicyError::RandomSourceFailed => "the operating system's random source failed",
            PolicyError::NationalIdMalformed => {
                "the national id number has the wrong length or characters"
            }
            PolicyError::NationalIdCheckFailed => {
                "the national id number's check letter or digit is wrong"
            }
            PolicyError::CountryUnsupported => {
                "unsupported country for national id numbers (expected ES, SA or JO)"
            }
            PolicyError::FilterTruncated => "the breached-password filter file is truncated",
            PolicyError::FilterMagicInvalid => "the file is not a credkit breached-password filter",
            PolicyError::FilterVersionUnsupported => {
                "the breached-password filter file has an unsupported format version"
            }
            PolicyError::FilterChecksumMismatch => {
                "the breached-password filter file is corrupt (checksum mismatch)"
            }
            PolicyError::FilterParametersInvalid => {
                "the breached-password filter file has invalid parameters"
            }
            PolicyError::PwnedLineMalformed => {
                "a pwned passwords line is not a 40-digit sha-1 hex hash with an optional :count"
            }
            PolicyError::FilterTooLarge => "too many keys for one breached-password filter shard",
            PolicyError::FilterConstructionFailed => {
                "the breached-password filter construction did not converge"
            }
            PolicyError::PolicyParametersInvalid => "the policy's parameters are inconsistent",
            PolicyError::PreviousHashUnusable => {
                "the stored hash of the previous password cannot be checked"
            }
        })
    }
}

impl std::error::Error for PolicyError {}

impl From<RandomSourceError> for PolicyError {
    fn from(_: RandomSourceError) -> Self {
        PolicyError::RandomSourceFailed
    }
}
