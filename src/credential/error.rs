//! Errors of the [`credential`](crate::credential) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`credential`](crate::credential) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialError {
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl CredentialError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            CredentialError::RandomSourceFailed => ErrorKind::Rng,
        }
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialError::RandomSourceFailed => {
                f.write_str("the operating system's random source failed")
            }
        }
    }
}

impl std::error::Error for CredentialError {}

impl From<RandomSourceError> for CredentialError {
    fn from(_: RandomSourceError) -> Self {
        CredentialError::RandomSourceFailed
    }
}
