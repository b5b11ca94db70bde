//! Errors of the [`password`](crate::password) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`password`](crate::password) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordError {
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl PasswordError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            PasswordError::RandomSourceFailed => ErrorKind::Rng,
        }
    }
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordError::RandomSourceFailed => {
                f.write_str("the operating system's random source failed")
            }
        }
    }
}

impl std::error::Error for PasswordError {}

impl From<RandomSourceError> for PasswordError {
    fn from(_: RandomSourceError) -> Self {
        PasswordError::RandomSourceFailed
    }
}
