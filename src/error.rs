//! The crate-level error: one variant per module, each wrapping that
//! module's own error enum.
//!
//! Module functions return their own error type; this enum exists so that a
//! caller who uses several capabilities can propagate them with `?` into one
//! type, and so that the Python layer converts errors at exactly one place.
//!
//! # Imports run one way
//! This file names every module's error; the modules import [`ErrorKind`]
//! and [`ErrorCode`] from the leaf files `error/kind.rs` and `error/code.rs`,
//! which import nothing from credkit. So the module graph has no circle:
//! `error` → `password::error` → `error::kind`, never back to `error`.
//! Each variant exists only with its capability's feature.

use core::fmt;

#[cfg(feature = "credential")]
use crate::credential;
#[cfg(feature = "otp")]
use crate::otp;
#[cfg(feature = "password")]
use crate::password;
#[cfg(feature = "policy")]
use crate::policy;
#[cfg(feature = "sign")]
use crate::sign;
#[cfg(feature = "sso")]
use crate::sso;

pub(crate) mod code;
pub(crate) mod kind;

pub use code::{ErrorCode, UnknownErrorCode};
pub use kind::ErrorKind;

/// Any error returned by credkit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An error from [`password`] hashing or verification.
    #[cfg(feature = "password")]
    Password(password::PasswordError),
    /// An error from a [`policy`] or national-ID check.
    #[cfg(feature = "policy")]
    Policy(policy::PolicyError),
    /// An error from [`otp`].
    #[cfg(feature = "otp")]
    Otp(otp::OtpError),
    /// An error from [`sign`].
    #[cfg(feature = "sign")]
    Sign(sign::SignError),
    /// An error from [`credential`].
    #[cfg(feature = "credential")]
    Credential(credential::CredentialError),
    /// An error from the [`credential::hc1`] profile.
    #[cfg(feature = "credential")]
    Hc1(credential::Hc1Error),
    /// An error from [`sso`].
    #[cfg(feature = "sso")]
    Sso(sso::SsoError),
}

impl Error {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match *self {
            #[cfg(feature = "password")]
            Error::Password(ref e) => e.kind(),
            #[cfg(feature = "policy")]
            Error::Policy(ref e) => e.kind(),
            #[cfg(feature = "otp")]
            Error::Otp(ref e) => e.kind(),
            #[cfg(feature = "sign")]
            Error::Sign(ref e) => e.kind(),
            #[cfg(feature = "credential")]
            Error::Credential(ref e) => e.kind(),
            #[cfg(feature = "credential")]
            Error::Hc1(ref e) => e.kind(),
            #[cfg(feature = "sso")]
            Error::Sso(ref e) => e.kind(),
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match *self {
            #[cfg(feature = "password")]
            Error::Password(ref e) => e.code(),
            #[cfg(feature = "policy")]
            Error::Policy(ref e) => e.code(),
            #[cfg(feature = "otp")]
            Error::Otp(ref e) => e.code(),
            #[cfg(feature = "sign")]
            Error::Sign(ref e) => e.code(),
            #[cfg(feature = "credential")]
            Error::Credential(ref e) => e.code(),
            #[cfg(feature = "credential")]
            Error::Hc1(ref e) => e.code(),
            #[cfg(feature = "sso")]
            Error::Sso(ref e) => e.code(),
        }
    }
}

impl fmt::Display for Error {
    #[allow(unused_variables)] // `f` is unused when no capability feature is on
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            #[cfg(feature = "password")]
            Error::Password(ref e) => write!(f, "password: {e}"),
            #[cfg(feature = "policy")]
            Error::Policy(ref e) => write!(f, "policy: {e}"),
            #[cfg(feature = "otp")]
            Error::Otp(ref e) => write!(f, "otp: {e}"),
            #[cfg(feature = "sign")]
            Error::Sign(ref e) => write!(f, "signature: {e}"),
            #[cfg(feature = "credential")]
            Error::Credential(ref e) => write!(f, "credential: {e}"),
            #[cfg(feature = "credential")]
            Error::Hc1(ref e) => write!(f, "hc1: {e}"),
            #[cfg(feature = "sso")]
            Error::Sso(ref e) => write!(f, "sso: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match *self {
            #[cfg(feature = "password")]
            Error::Password(ref e) => Some(e),
            #[cfg(feature = "policy")]
            Error::Policy(ref e) => Some(e),
            #[cfg(feature = "otp")]
            Error::Otp(ref e) => Some(e),
            #[cfg(feature = "sign")]
            Error::Sign(ref e) => Some(e),
            #[cfg(feature = "credential")]
            Error::Credential(ref e) => Some(e),
            #[cfg(feature = "credential")]
            Error::Hc1(ref e) => Some(e),
            #[cfg(feature = "sso")]
            Error::Sso(ref e) => Some(e),
        }
    }
}

macro_rules! impl_from_module_error {
    ($($(#[$attr:meta])* $module_error:ty => $variant:ident),* $(,)?) => {
        $($(#[$attr])* impl From<$module_error> for Error {
            fn from(e: $module_error) -> Self {
                Error::$variant(e)
            }
        })*
    };
}

impl_from_module_error! {
    #[cfg(feature = "password")]
    password::PasswordError => Password,
    #[cfg(feature = "policy")]
    policy::PolicyError => Policy,
    #[cfg(feature = "otp")]
    otp::OtpError => Otp,
    #[cfg(feature = "sign")]
    sign::SignError => Sign,
    #[cfg(feature = "credential")]
    credential::CredentialError => Credential,
    #[cfg(feature = "credential")]
    credential::Hc1Error => Hc1,
    #[cfg(feature = "sso")]
    sso::SsoError => Sso,
}
