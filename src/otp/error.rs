//! Errors of the [`otp`](crate::otp) module.

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`otp`](crate::otp) module.
///
/// Verification failures are deliberately coarse: a wrong code, a code of
/// the wrong length, a code with non-digits and a code bound to another
/// subject or purpose are all [`OtpError::CodeRejected`], so the error never
/// says which check failed. The one exception is a TOTP code that matches
/// only an already-used step ([`OtpError::CodeReplayed`]): its sender saw
/// the code accepted once, so naming the replay tells them nothing new.
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
    /// The code matches a time step at or before the last step already
    /// used: the code was right once and is being replayed.
    CodeReplayed,
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
            | OtpError::CodeReplayed
            | OtpError::RecordRejected
            | OtpError::CodeUsed
            | OtpError::CodeExpired
            | OtpError::CodeLocked => ErrorKind::Verification,
            // The issuer's own key and policy, never a record or a code.
            OtpError::KeyIdDuplicate | OtpError::KeyTooShort | OtpError::PolicyOutOfRange => {
                ErrorKind::ApiMisuse
            }
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
            | OtpError::BindingOutOfRange
            | OtpError::RecordMalformed => ErrorKind::InvalidInput,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            OtpError::RandomSourceFailed => ErrorCode::RandomSourceFailed,
            OtpError::CodeRejected => ErrorCode::Mismatch,
            OtpError::CodeReplayed => ErrorCode::Replayed,
            OtpError::RecordRejected => ErrorCode::BadSignature,
            OtpError::CodeUsed => ErrorCode::Used,
            OtpError::CodeExpired => ErrorCode::Expired,
            OtpError::CodeLocked => ErrorCode::Locked,
            OtpError::KeyIdDuplicate => ErrorCode::InvalidArgument,
            OtpError::SecretTooShort
            | OtpError::Base32Invalid
            | OtpError::UriSchemeInvalid
            | OtpError::UriLabelInvalid
            | OtpError::UriParameterInvalid
            | OtpError::UriSecretMissing
            | OtpError::UriCounterMissing
            | OtpError::UriIssuerMismatch
            | OtpError::KeyTooShort
            | OtpError::RecordMalformed => ErrorCode::Malformed,
            OtpError::SecretTooLong | OtpError::UriTooLong => ErrorCode::TooLarge,
            OtpError::UriUnrepresentable => ErrorCode::Unsupported,
            OtpError::DigitsOutOfRange
            | OtpError::PeriodOutOfRange
            | OtpError::WindowTooLarge
            | OtpError::TimeBeforeEpoch
            | OtpError::CounterOverflow
            | OtpError::PolicyOutOfRange
            | OtpError::BindingOutOfRange => ErrorCode::OutOfRange,
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
            OtpError::CodeReplayed => "code already used for this time step",
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
