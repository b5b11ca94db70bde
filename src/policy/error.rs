//! Errors of the [`policy`](crate::policy) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`policy`](crate::policy) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl PolicyError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            PolicyError::RandomSourceFailed => ErrorKind::Rng,
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::RandomSourceFailed => {
                f.write_str("the operating system's random source failed")
            }
        }
    }
}

impl std::error::Error for PolicyError {}

impl From<RandomSourceError> for PolicyError {
    fn from(_: RandomSourceError) -> Self {
        PolicyError::RandomSourceFailed
    }
}
