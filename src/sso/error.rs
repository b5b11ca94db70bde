//! Errors of the [`sso`](crate::sso) module.

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`sso`](crate::sso) module.
///
/// A signature failure is always [`SsoError::SignatureInvalid`], whatever
/// check failed; a malformed token is [`SsoError::TokenMalformed`], never
/// saying which byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SsoError {
    /// The operating system's random source failed.
    RandomSourceFailed,
    /// A token is longer than [`MAX_TOKEN_LEN`](crate::sso::MAX_TOKEN_LEN).
    TokenTooLarge,
    /// A token is not a well-formed compact JWS with a JSON claims set
    /// (structure, base64url, JSON, duplicate member names, claim types).
    TokenMalformed,
    /// The header names an algorithm the key does not allow (`none`, HMAC,
    /// RSA, or an algorithm of the other key kind).
    AlgorithmNotAllowed,
    /// The header carries a parameter credkit refuses: a key or key URL
    /// (`jwk`, `jku`, `x5u`, `x5c`), `crit`, `b64`, `cty`, `zip`, or a
    /// `typ` other than JWT.
    HeaderParameterRefused,
    /// The header has no `kid`, or one that is not in the verifier's JWKS.
    KeyIdUnknown,
    /// The signature does not verify.
    SignatureInvalid,
    /// `iss` is missing or not the expected issuer.
    IssuerMismatch,
    /// `aud` is missing or does not contain the expected audience.
    AudienceMismatch,
    /// `exp` has passed (beyond the clock skew).
    TokenExpired,
    /// `nbf` or `iat` is in the future (beyond the clock skew).
    TokenNotYetValid,
    /// The token's lifetime exceeds the verifier's maximum.
    LifetimeTooLong,
    /// `nonce` is missing or differs from the expected one.
    NonceMismatch,
    /// A JWKS document is malformed, has no usable key, repeats a `kid`,
    /// or has a usable key without a `kid`.
    JwksInvalid,
    /// A parameter (issuer, audience, subject, key id, lifetime, skew,
    /// choices) is empty or out of its documented range.
    ParameterOutOfRange,
    /// An extra claim uses a registered claim name that the issuer sets
    /// itself (`iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`, `nonce`), or
    /// the extra claims are not a JSON object. Never caused by untrusted input.
    ClaimReserved,
    /// An approval request's stored bytes are malformed.
    RequestMalformed,
    /// An approval request's MAC does not verify, or its key is unknown.
    RequestRejected,
    /// The approval request was already spent (approved or tried once).
    RequestUsed,
    /// The approval request has expired.
    RequestExpired,
    /// The chosen number is not the one shown; the request is now spent.
    NumberMismatch,
    /// The device's signature of the approval does not verify; the request
    /// is now spent.
    DeviceSignatureInvalid,
}

impl SsoError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            SsoError::RandomSourceFailed => ErrorKind::Rng,
            SsoError::TokenTooLarge
            | SsoError::TokenMalformed
            | SsoError::HeaderParameterRefused
            | SsoError::JwksInvalid
            | SsoError::RequestMalformed => ErrorKind::InvalidInput,
            // The issuer's or verifier's own parameters, never a token.
            SsoError::ParameterOutOfRange | SsoError::ClaimReserved => ErrorKind::ApiMisuse,
            SsoError::AlgorithmNotAllowed
            | SsoError::KeyIdUnknown
            | SsoError::SignatureInvalid
            | SsoError::IssuerMismatch
            | SsoError::AudienceMismatch
            | SsoError::TokenExpired
            | SsoError::TokenNotYetValid
            | SsoError::LifetimeTooLong
            | SsoError::NonceMismatch
            | SsoError::RequestRejected
            | SsoError::RequestUsed
            | SsoError::RequestExpired
            | SsoError::NumberMismatch
            | SsoError::DeviceSignatureInvalid => ErrorKind::Verification,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            SsoError::RandomSourceFailed => ErrorCode::RandomSourceFailed,
            SsoError::TokenTooLarge => ErrorCode::TooLarge,
            SsoError::TokenMalformed | SsoError::JwksInvalid | SsoError::RequestMalformed => {
                ErrorCode::Malformed
            }
            SsoError::HeaderParameterRefused => ErrorCode::Unsupported,
            SsoError::ParameterOutOfRange => ErrorCode::OutOfRange,
            SsoError::ClaimReserved => ErrorCode::InvalidArgument,
            SsoError::AlgorithmNotAllowed => ErrorCode::AlgorithmNotAllowed,
            SsoError::KeyIdUnknown => ErrorCode::UnknownKey,
            SsoError::SignatureInvalid
            | SsoError::RequestRejected
            | SsoError::DeviceSignatureInvalid => ErrorCode::BadSignature,
            SsoError::IssuerMismatch => ErrorCode::WrongIssuer,
            SsoError::AudienceMismatch => ErrorCode::WrongAudience,
            // No closer code exists: a token whose lifetime is too long is
            // refused as if it had expired.
            SsoError::TokenExpired | SsoError::LifetimeTooLong | SsoError::RequestExpired => {
                ErrorCode::Expired
            }
            SsoError::TokenNotYetValid => ErrorCode::NotYetValid,
            SsoError::NonceMismatch => ErrorCode::NonceMismatch,
            SsoError::RequestUsed => ErrorCode::Used,
            SsoError::NumberMismatch => ErrorCode::Mismatch,
        }
    }
}

impl fmt::Display for SsoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SsoError::RandomSourceFailed => "the operating system's random source failed",
            SsoError::TokenTooLarge => "token too large",
            SsoError::TokenMalformed => "malformed token",
            SsoError::AlgorithmNotAllowed => "algorithm not allowed for this key",
            SsoError::HeaderParameterRefused => "token header parameter refused",
            SsoError::KeyIdUnknown => "no trusted key has this key id",
            SsoError::SignatureInvalid => "token signature verification failed",
            SsoError::IssuerMismatch => "token issuer is not the expected issuer",
            SsoError::AudienceMismatch => "token is not addressed to this audience",
            SsoError::TokenExpired => "token expired",
            SsoError::TokenNotYetValid => "token not yet valid",
            SsoError::LifetimeTooLong => "token lifetime exceeds the maximum",
            SsoError::NonceMismatch => "token nonce does not match",
            SsoError::JwksInvalid => "invalid jwks",
            SsoError::ParameterOutOfRange => "parameter out of range",
            SsoError::ClaimReserved => {
                "extra claims must be an object without registered claim names"
            }
            SsoError::RequestMalformed => "malformed approval request",
            SsoError::RequestRejected => "approval request rejected",
            SsoError::RequestUsed => "approval request already used",
            SsoError::RequestExpired => "approval request expired",
            SsoError::NumberMismatch => "wrong number",
            SsoError::DeviceSignatureInvalid => "device signature verification failed",
        })
    }
}

impl std::error::Error for SsoError {}

impl From<RandomSourceError> for SsoError {
    fn from(_: RandomSourceError) -> Self {
        SsoError::RandomSourceFailed
    }
}
