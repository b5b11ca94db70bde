//! Errors of the [`sign`](crate::sign) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`sign`](crate::sign) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl SignError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            SignError::RandomSourceFailed => ErrorKind::Rng,
        }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::RandomSourceFailed => {
                f.write_str("the operating system's random source failed")
            }
        }
    }
}

impl std::error::Error for SignError {}

impl From<RandomSourceError> for SignError {
    fn from(_: RandomSourceError) -> Self {
        SignError::RandomSourceFailed
    }
}
