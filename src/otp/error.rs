//! Errors of the [`otp`](crate::otp) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`otp`](crate::otp) module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtpError {
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl OtpError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            OtpError::RandomSourceFailed => ErrorKind::Rng,
        }
    }
}

impl fmt::Display for OtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OtpError::RandomSourceFailed => {
                f.write_str("the operating system's random source failed")
            }
        }
    }
}

impl std::error::Error for OtpError {}

impl From<RandomSourceError> for OtpError {
    fn from(_: RandomSourceError) -> Self {
        OtpError::RandomSourceFailed
    }
}
