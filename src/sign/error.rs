//! Errors of the [`sign`](crate::sign) module.

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`sign`](crate::sign) module.
///
/// A verification failure is always [`SignError::SignatureInvalid`],
/// whatever check failed (point decoding, range of `S`, small order, the
/// equation): the error never says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The operating system's random source failed.
    RandomSourceFailed,
    /// A secret seed or public key was not exactly 32 bytes.
    KeyLengthInvalid,
    /// A signature was not exactly 64 bytes.
    SignatureLengthInvalid,
    /// A public key is not the canonical encoding of a curve point of large order.
    VerifyingKeyInvalid,
    /// The signature does not verify under the key for this message.
    SignatureInvalid,
    /// A key id is empty, longer than [`KeyId::MAX_LEN`](crate::sign::KeyId::MAX_LEN) bytes, or not printable ASCII.
    KeyIdInvalid,
    /// No trusted key has this key id.
    KeyIdUnknown,
    /// An Ed25519ph context string is longer than 255 bytes (RFC 8032, section 5.1).
    ContextTooLong,
    /// Reading a document from its source failed.
    DocumentReadFailed,
    /// A P-256 key is invalid: a secret scalar of 0 or not below the group
    /// order, or a public point not on the curve or the identity.
    P256KeyInvalid,
    /// A PEM, PKCS#8, SubjectPublicKeyInfo or JWK encoding is malformed.
    KeyEncodingInvalid,
    /// A well-formed key of a type or curve credkit does not support here
    /// (P-384, RSA, an encrypted key, the other kind of key than expected).
    KeyTypeUnsupported,
}

impl SignError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            SignError::RandomSourceFailed => ErrorKind::Rng,
            SignError::SignatureInvalid | SignError::KeyIdUnknown => ErrorKind::Verification,
            SignError::KeyLengthInvalid
            | SignError::SignatureLengthInvalid
            | SignError::VerifyingKeyInvalid
            | SignError::KeyIdInvalid
            | SignError::ContextTooLong
            | SignError::DocumentReadFailed
            | SignError::P256KeyInvalid
            | SignError::KeyEncodingInvalid
            | SignError::KeyTypeUnsupported => ErrorKind::InvalidInput,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            SignError::RandomSourceFailed => ErrorCode::RandomSourceFailed,
            SignError::SignatureInvalid => ErrorCode::BadSignature,
            SignError::KeyIdUnknown => ErrorCode::UnknownKey,
            SignError::KeyLengthInvalid
            | SignError::SignatureLengthInvalid
            | SignError::VerifyingKeyInvalid
            | SignError::KeyIdInvalid
            | SignError::DocumentReadFailed
            | SignError::P256KeyInvalid
            | SignError::KeyEncodingInvalid => ErrorCode::Malformed,
            SignError::KeyTypeUnsupported => ErrorCode::Unsupported,
            SignError::ContextTooLong => ErrorCode::TooLarge,
        }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignError::RandomSourceFailed => "the operating system's random source failed",
            SignError::KeyLengthInvalid => "a key must be 32 bytes",
            SignError::SignatureLengthInvalid => "a signature must be 64 bytes",
            SignError::VerifyingKeyInvalid => "invalid ed25519 public key",
            SignError::SignatureInvalid => "signature verification failed",
            SignError::KeyIdInvalid => "a key id must be 1 to 64 bytes of printable ascii",
            SignError::KeyIdUnknown => "no trusted key has this key id",
            SignError::ContextTooLong => "an ed25519ph context must be at most 255 bytes",
            SignError::DocumentReadFailed => "the document could not be read",
            SignError::P256KeyInvalid => "invalid p-256 key",
            SignError::KeyEncodingInvalid => "malformed key encoding",
            SignError::KeyTypeUnsupported => "unsupported key type or curve",
        })
    }
}

impl std::error::Error for SignError {}

impl From<RandomSourceError> for SignError {
    fn from(_: RandomSourceError) -> Self {
        SignError::RandomSourceFailed
    }
}
