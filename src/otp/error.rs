//! Errors of the [`otp`](crate::otp) module.

use core::fmt;

use crate::error::ErrorKind;
use crate::secret::RandomSourceError;

/// An error from the [`otp`](crate::otp) module.
///
/// Verification failures are deliberately coarse: a wrong code, a code of
/// the wrong length, a code with non-digits, a replayed code and a code bound
/// to another subject or purpose are all [`OtpError::CodeRejected`], so the
/// error never says which check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtpError {
    /// The operating system's random source failed.
    RandomSourceFailed,
    /// The secret is shorter than [`OtpSecret::MIN_LEN`](crate::otp::OtpSecret::MIN_LEN).
    SecretTooShort,
    /// The secret is longer than [`OtpSecret::MAX_LEN`](crate::otp::OtpSecret::MAX_LEN).
    SecretTooLong,
    /// The text is not valid RFC 4648 Base32.
    Base32Invalid,
    /// The number of digits is outside 6 to 10 (RFC 4226 §5.3, RFC 6238 §4).
    DigitsOutOfRange,
    /// The TOTP period is zero or above [`Totp::MAX_PERIOD`](crate::otp::Totp::MAX_PERIOD).
    PeriodOutOfRange,
    /// The verification window is larger than the documented maximum.
    WindowTooLarge,
    /// The time is before the TOTP epoch T0.
    TimeBeforeEpoch,
    /// The HOTP counter would overflow 64 bits.
    CounterOverflow,
    /// The one-time code is wrong, malformed, replayed or bound elsewhere.
    CodeRejected,
    /// The otpauth URI is longer than [`OtpAuthUri::MAX_LEN`](crate::otp::OtpAuthUri::MAX_LEN).
    UriTooLong,
    /// The URI does not start with `otpauth://totp/` or `otpauth://hotp/`.
    UriSchemeInvalid,
    /// The URI's label (issuer and account name) is missing or malformed.
    UriLabelInvalid,
    /// A URI parameter is malformed, duplicated or out of range.
    UriParameterInvalid,
    /// The URI has no `secret` parameter.
    UriSecretMissing,
    /// An HOTP URI has no `counter` parameter.
    UriCounterMissing,
    /// The issuer in the label differs from the `issuer` parameter.
    UriIssuerMismatch,
    /// The value cannot be expressed as an otpauth URI (a TOTP with T0 ≠ 0).
    UriUnrepresentable,
    /// The code issuer's key is shorter than [`CodeIssuer::MIN_KEY_LEN`](crate::otp::CodeIssuer::MIN_KEY_LEN).
    KeyTooShort,
    /// Two keys of the code issuer share a key id. Never caused by untrusted data.
    KeyIdDuplicate,
    /// A code policy parameter (length, lifetime, attempts) is out of range.
    PolicyOutOfRange,
    /// The subject or purpose is empty or longer than the record allows.
    BindingOutOfRange,
    /// The stored record bytes are malformed or of an unknown version.
    RecordMalformed,
    /// The record's MAC does not verify, or its key id is unknown.
    RecordRejected,
    /// The code was already redeemed.
    CodeUsed,
    /// The code's lifetime is over.
    CodeExpired,
    /// The record has reached its maximum number of failed attempts.
    CodeLocked,
}

impl OtpError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            OtpError::RandomSourceFailed => ErrorKind::Rng,
            OtpError::CodeRejected
            | OtpError::RecordRejected
            | OtpError::CodeUsed
            | OtpError::CodeExpired
            | OtpError::CodeLocked => ErrorKind::Verification,
            OtpError::KeyIdDuplicate => ErrorKind::ApiMisuse,
            OtpError::SecretTooShort
            | OtpError::SecretTooLong
            | OtpError::Base32Invalid
            | OtpError::DigitsOutOfRange
            | OtpError::PeriodOutOfRange
            | OtpError::WindowTooLarge
            | OtpError::TimeBeforeEpoch
            | OtpError::CounterOverflow
            | OtpError::UriTooLong
            | OtpError::UriSchemeInvalid
            | OtpError::UriLabelInvalid
            | OtpError::UriParameterInvalid
            | OtpError::UriSecretMissing
            | OtpError::UriCounterMissing
            | OtpError::UriIssuerMismatch
            | OtpError::UriUnrepresentable
            | OtpError::KeyTooShort
            | OtpError::PolicyOutOfRange
            | OtpError::BindingOutOfRange
            | OtpError::RecordMalformed => ErrorKind::InvalidInput,
        }
    }
}

impl fmt::Display for OtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OtpError::RandomSourceFailed => "the operating system's random source failed",
            OtpError::SecretTooShort => "secret too short (at least 10 bytes)",
            OtpError::SecretTooLong => "secret too long",
            OtpError::Base32Invalid => "invalid base32",
            OtpError::DigitsOutOfRange => "digits must be between 6 and 10",
            OtpError::PeriodOutOfRange => "period out of range",
            OtpError::WindowTooLarge => "verification window too large",
            OtpError::TimeBeforeEpoch => "time is before the totp epoch",
            OtpError::CounterOverflow => "counter overflow",
            OtpError::CodeRejected => "code rejected",
            OtpError::UriTooLong => "otpauth uri too long",
            OtpError::UriSchemeInvalid => "not an otpauth totp or hotp uri",
            OtpError::UriLabelInvalid => "invalid otpauth uri label",
            OtpError::UriParameterInvalid => "invalid otpauth uri parameter",
            OtpError::UriSecretMissing => "otpauth uri has no secret",
            OtpError::UriCounterMissing => "hotp uri has no counter",
            OtpError::UriIssuerMismatch => "otpauth uri label issuer differs from issuer parameter",
            OtpError::UriUnrepresentable => "a totp with a non-zero t0 has no otpauth uri",
            OtpError::KeyTooShort => "code issuer key too short (at least 32 bytes)",
            OtpError::KeyIdDuplicate => "duplicate code issuer key id",
            OtpError::PolicyOutOfRange => "code policy parameter out of range",
            OtpError::BindingOutOfRange => "subject or purpose empty or too long",
            OtpError::RecordMalformed => "malformed code record",
            OtpError::RecordRejected => "code record rejected",
            OtpError::CodeUsed => "code already used",
            OtpError::CodeExpired => "code expired",
            OtpError::CodeLocked => "too many failed attempts",
        })
    }
}

impl std::error::Error for OtpError {}

impl From<RandomSourceError> for OtpError {
    fn from(_: RandomSourceError) -> Self {
        OtpError::RandomSourceFailed
    }
}
