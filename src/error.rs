//! The crate-level error: one variant per module, each wrapping that
//! module's own error enum.
//!
//! Module functions return their own error type; this enum exists so that a
//! caller who uses several capabilities can propagate them with `?` into one
//! type, and so that the Python layer converts errors at exactly one place.

use core::fmt;

use crate::{credential, otp, password, policy, sign, sso};

mod code;
mod kind;

pub use code::{ErrorCode, UnknownErrorCode};
pub use kind::ErrorKind;

/// Any error returned by credkit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An error from [`password`] hashing or verification.
    Password(password::PasswordError),
    /// An error from a [`policy`] or national-ID check.
    Policy(policy::PolicyError),
    /// An error from [`otp`].
    Otp(otp::OtpError),
    /// An error from [`sign`].
    Sign(sign::SignError),
    /// An error from [`credential`].
    Credential(credential::CredentialError),
    /// An error from the [`credential::hc1`] profile.
    Hc1(credential::Hc1Error),
    /// An error from [`sso`].
    Sso(sso::SsoError),
}

impl Error {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Password(e) => e.kind(),
            Error::Policy(e) => e.kind(),
            Error::Otp(e) => e.kind(),
            Error::Sign(e) => e.kind(),
            Error::Credential(e) => e.kind(),
            Error::Hc1(e) => e.kind(),
            Error::Sso(e) => e.kind(),
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Password(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Otp(e) => e.code(),
            Error::Sign(e) => e.code(),
            Error::Credential(e) => e.code(),
            Error::Hc1(e) => e.code(),
            Error::Sso(e) => e.code(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Password(e) => write!(f, "password: {e}"),
            Error::Policy(e) => write!(f, "policy: {e}"),
            Error::Otp(e) => write!(f, "otp: {e}"),
            Error::Sign(e) => write!(f, "signature: {e}"),
            Error::Credential(e) => write!(f, "credential: {e}"),
            Error::Hc1(e) => write!(f, "hc1: {e}"),
            Error::Sso(e) => write!(f, "sso: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Password(e) => Some(e),
            Error::Policy(e) => Some(e),
            Error::Otp(e) => Some(e),
            Error::Sign(e) => Some(e),
            Error::Credential(e) => Some(e),
            Error::Hc1(e) => Some(e),
            Error::Sso(e) => Some(e),
        }
    }
}

macro_rules! impl_from_module_error {
    ($($module_error:ty => $variant:ident),* $(,)?) => {
        $(impl From<$module_error> for Error {
            fn from(e: $module_error) -> Self {
                Error::$variant(e)
            }
        })*
    };
}

impl_from_module_error! {
    password::PasswordError => Password,
    policy::PolicyError => Policy,
    otp::OtpError => Otp,
    sign::SignError => Sign,
    credential::CredentialError => Credential,
    credential::Hc1Error => Hc1,
    sso::SsoError => Sso,
}
