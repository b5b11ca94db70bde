//! Errors of the [`password`](crate::password) module.

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`password`](crate::password) module.
///
/// A wrong password is [`PasswordError::VerificationFailed`] and nothing
/// else: the error never says which byte or which internal check failed.
/// Every other variant describes input that could never verify (a malformed
/// or out-of-bounds hash string, a password over the length limit) or a
/// configuration the caller chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordError {
    /// The password does not match the stored hash.
    VerificationFailed,
    /// The hash string is not a well-formed PHC or bcrypt string.
    MalformedHash,
    /// The hash string names a scheme credkit does not verify.
    UnsupportedAlgorithm,
    /// The Argon2 version in the hash string is neither 16 nor 19.
    UnsupportedVersion,
    /// The memory cost exceeds the configured limit.
    MemoryTooLarge,
    /// The iteration count (time cost) exceeds the configured limit.
    IterationsTooLarge,
    /// The parallelism (lane count) exceeds the configured limit.
    ParallelismTooLarge,
    /// A cost parameter is below the algorithm's minimum or inconsistent.
    ParamsInvalid,
    /// A legacy scheme's cost parameter (bcrypt cost, scrypt `ln`/`r`/`p`,
    /// PBKDF2 rounds) exceeds the configured limit.
    LegacyCostTooHigh,
    /// The password is longer than the configured limit.
    PasswordTooLong,
    /// The salt is shorter than the minimum.
    SaltTooShort,
    /// The salt is longer than the configured limit.
    SaltTooLong,
    /// The hash output is shorter than the minimum.
    OutputTooShort,
    /// The hash output is longer than the maximum.
    OutputTooLong,
    /// The hash names a pepper key id that is not in the keyring.
    UnknownPepper,
    /// A pepper or its key id has an invalid length, or a key id repeats.
    PepperInvalid,
    /// The configured limits are inconsistent with themselves or the parameters.
    LimitsInvalid,
    /// The memory the parameters need could not be allocated.
    MemoryUnavailable,
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl PasswordError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            PasswordError::VerificationFailed => ErrorKind::Verification,
            PasswordError::RandomSourceFailed => ErrorKind::Rng,
            PasswordError::MalformedHash
            | PasswordError::UnsupportedAlgorithm
            | PasswordError::UnsupportedVersion
            | PasswordError::MemoryTooLarge
            | PasswordError::IterationsTooLarge
            | PasswordError::ParallelismTooLarge
            | PasswordError::ParamsInvalid
            | PasswordError::LegacyCostTooHigh
            | PasswordError::PasswordTooLong
            | PasswordError::SaltTooShort
            | PasswordError::SaltTooLong
            | PasswordError::OutputTooShort
            | PasswordError::OutputTooLong
            | PasswordError::UnknownPepper => ErrorKind::InvalidInput,
            // The service's own configuration, never a stored hash or a
            // password. (`ParamsInvalid` stays above: parsed hashes raise
            // it too.)
            PasswordError::PepperInvalid | PasswordError::LimitsInvalid => ErrorKind::ApiMisuse,
            PasswordError::MemoryUnavailable => ErrorKind::ResourceUnavailable,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            PasswordError::VerificationFailed => ErrorCode::Mismatch,
            PasswordError::MalformedHash
            | PasswordError::ParamsInvalid
            | PasswordError::SaltTooShort
            | PasswordError::OutputTooShort
            | PasswordError::PepperInvalid => ErrorCode::Malformed,
            PasswordError::UnsupportedAlgorithm
            | PasswordError::UnsupportedVersion
            | PasswordError::UnknownPepper => ErrorCode::Unsupported,
            PasswordError::MemoryTooLarge
            | PasswordError::IterationsTooLarge
            | PasswordError::ParallelismTooLarge
            | PasswordError::LegacyCostTooHigh
            | PasswordError::PasswordTooLong
            | PasswordError::SaltTooLong
            | PasswordError::OutputTooLong => ErrorCode::TooLarge,
            PasswordError::LimitsInvalid => ErrorCode::OutOfRange,
            PasswordError::MemoryUnavailable => ErrorCode::MemoryUnavailable,
            PasswordError::RandomSourceFailed => ErrorCode::RandomSourceFailed,
        }
    }
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PasswordError::VerificationFailed => "password does not match",
            PasswordError::MalformedHash => "malformed password hash string",
            PasswordError::UnsupportedAlgorithm => "unsupported password hash algorithm",
            PasswordError::UnsupportedVersion => "unsupported argon2 version",
            PasswordError::MemoryTooLarge => "memory cost exceeds the configured limit",
            PasswordError::IterationsTooLarge => "iteration count exceeds the configured limit",
            PasswordError::ParallelismTooLarge => "parallelism exceeds the configured limit",
            PasswordError::ParamsInvalid => "invalid cost parameters",
            PasswordError::LegacyCostTooHigh => "legacy hash cost exceeds the configured limit",
            PasswordError::PasswordTooLong => "password exceeds the configured length limit",
            PasswordError::SaltTooShort => "salt is too short",
            PasswordError::SaltTooLong => "salt is too long",
            PasswordError::OutputTooShort => "hash output is too short",
            PasswordError::OutputTooLong => "hash output is too long",
            PasswordError::UnknownPepper => "hash names a pepper key id not in the keyring",
            PasswordError::PepperInvalid => "invalid pepper or pepper key id",
            PasswordError::LimitsInvalid => "inconsistent limits",
            PasswordError::MemoryUnavailable => "could not allocate the memory the hash needs",
            PasswordError::RandomSourceFailed => "the operating system's random source failed",
        })
    }
}

impl std::error::Error for PasswordError {}

impl From<RandomSourceError> for PasswordError {
    fn from(_: RandomSourceError) -> Self {
        PasswordError::RandomSourceFailed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_lowercase_and_kinds_are_mapped() {
        let all = [
            PasswordError::VerificationFailed,
            PasswordError::MalformedHash,
            PasswordError::MemoryTooLarge,
            PasswordError::LegacyCostTooHigh,
            PasswordError::RandomSourceFailed,
        ];
        for e in all {
            let text = e.to_string();
            assert!(
                text.chars().next().is_some_and(|c| c.is_lowercase()),
                "{text}"
            );
        }
        assert_eq!(
            PasswordError::VerificationFailed.kind(),
            ErrorKind::Verification
        );
        assert_eq!(PasswordError::MalformedHash.kind(), ErrorKind::InvalidInput);
        assert_eq!(PasswordError::RandomSourceFailed.kind(), ErrorKind::Rng);
    }
}
