//! HOTP, TOTP, otpauth URIs and single-use purpose-bound codes.

mod error;

pub use error::OtpError;
