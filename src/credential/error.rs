//! Errors of the [`credential`](crate::credential) module.

use core::fmt;

use crate::error::{code::ErrorCode, kind::ErrorKind};
use crate::secret::RandomSourceError;

/// An error from the [`credential`](crate::credential) module.
///
/// Decoding errors ([`ErrorKind::InvalidInput`]) say which stage of the QR
/// text, COSE or CWT decoding refused the input; verification errors
/// ([`ErrorKind::Verification`]) say which check failed (key id, signature,
/// validity period, status) but never why a signature is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialError {
    /// The QR text is longer than [`MAX_QR_TEXT_LEN`](crate::credential::MAX_QR_TEXT_LEN).
    QrTextTooLong,
    /// The QR text does not start with the `CK1:` prefix.
    QrPrefixMissing,
    /// The QR text is not valid Base45 (RFC 9285).
    Base45Invalid,
    /// The compressed credential is larger than
    /// [`MAX_COMPRESSED_LEN`](crate::credential::MAX_COMPRESSED_LEN).
    CompressedTooLarge,
    /// The credential decompresses to more than
    /// [`MAX_DECOMPRESSED_LEN`](crate::credential::MAX_DECOMPRESSED_LEN).
    DecompressedTooLarge,
    /// The zlib stream is malformed or has trailing data.
    CompressionInvalid,
    /// The bytes are not a well-formed tagged COSE_Sign1 with an attached payload.
    CoseMalformed,
    /// The protected header names an algorithm other than EdDSA, or a critical header.
    AlgorithmUnsupported,
    /// The protected header has no key id, or it is not short UTF-8 text.
    KeyIdMissing,
    /// The payload is not a well-formed CWT claims map.
    ClaimsMalformed,
    /// A required claim (iss, sub, iat or exp) is missing.
    ClaimMissing,
    /// An attribute has a type credkit does not carry, or nests too deeply.
    AttributeInvalid,
    /// The credential's QR text would exceed the QR text limit.
    CredentialTooLarge,
    /// The text given to [`qr_svg`](crate::credential::qr_svg) has a
    /// character outside the QR alphanumeric set.
    QrTextNotAlphanumeric,
    /// A parameter of the issuer or verifier is out of range: an empty or
    /// over-long key id or issuer, a zero validity period or version.
    ParameterInvalid,
    /// The status list is malformed (bad bit width, bad encoding, wrong type).
    StatusListMalformed,
    /// The status list has more entries than
    /// [`StatusList::MAX_ENTRIES`](crate::credential::StatusList::MAX_ENTRIES).
    StatusListTooLarge,
    /// A status index is beyond the end of the status list.
    StatusIndexOutOfRange,
    /// The key id is not in the verifier's trust list.
    KeyIdUnknown,
    /// The credential's COSE algorithm is not the trusted key's (EdDSA for
    /// an Ed25519 key, ES256 for a P-256 key).
    AlgorithmMismatch,
    /// The credential or status list names an issuer that its signing key
    /// is not listed under in the verifier's trust list.
    WrongIssuer,
    /// The signature does not verify under the trusted key.
    SignatureInvalid,
    /// The credential (or status list) is not valid yet.
    NotYetValid,
    /// The credential has expired.
    Expired,
    /// The status list marks the credential revoked.
    Revoked,
    /// The status list marks the credential suspended.
    Suspended,
    /// The status list marks the credential superseded by a newer version.
    Superseded,
    /// The verifier has a status list but the credential carries no index
    /// into it, or an index beyond its end.
    StatusUnknown,
    /// The verifier's status list is older than its time to live allows.
    StatusListStale,
    /// The status list is older (lower list version) than the one loaded.
    StatusListRollback,
    /// The operating system's random source failed.
    RandomSourceFailed,
}

impl CredentialError {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        use CredentialError as E;
        match self {
            E::QrTextTooLong
            | E::QrPrefixMissing
            | E::Base45Invalid
            | E::CompressedTooLarge
            | E::DecompressedTooLarge
            | E::CompressionInvalid
            | E::CoseMalformed
            | E::AlgorithmUnsupported
            | E::KeyIdMissing
            | E::ClaimsMalformed
            | E::ClaimMissing
            | E::AttributeInvalid
            | E::CredentialTooLarge
            | E::QrTextNotAlphanumeric
            | E::StatusListMalformed
            | E::StatusListTooLarge
            | E::StatusIndexOutOfRange => ErrorKind::InvalidInput,
            // An issuer's, verifier's or request's own parameter, never a
            // scanned credential.
            E::ParameterInvalid => ErrorKind::ApiMisuse,
            E::KeyIdUnknown
            | E::AlgorithmMismatch
            | E::WrongIssuer
            | E::SignatureInvalid
            | E::NotYetValid
            | E::Expired
            | E::Revoked
            | E::Suspended
            | E::Superseded
            | E::StatusUnknown
            | E::StatusListStale
            | E::StatusListRollback => ErrorKind::Verification,
            E::RandomSourceFailed => ErrorKind::Rng,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        use CredentialError as E;
        match self {
            E::QrTextTooLong
            | E::CompressedTooLarge
            | E::DecompressedTooLarge
            | E::CredentialTooLarge
            | E::StatusListTooLarge => ErrorCode::TooLarge,
            E::QrPrefixMissing
            | E::Base45Invalid
            | E::CompressionInvalid
            | E::CoseMalformed
            | E::KeyIdMissing
            | E::ClaimsMalformed
            | E::ClaimMissing
            | E::StatusListMalformed
            | E::QrTextNotAlphanumeric => ErrorCode::Malformed,
            E::AlgorithmUnsupported | E::AttributeInvalid => ErrorCode::Unsupported,
            E::ParameterInvalid | E::StatusIndexOutOfRange => ErrorCode::OutOfRange,
            E::KeyIdUnknown => ErrorCode::UnknownKey,
            E::AlgorithmMismatch => ErrorCode::AlgorithmNotAllowed,
            E::WrongIssuer => ErrorCode::WrongIssuer,
            E::SignatureInvalid => ErrorCode::BadSignature,
            E::NotYetValid => ErrorCode::NotYetValid,
            E::Expired => ErrorCode::Expired,
            E::Revoked => ErrorCode::Revoked,
            E::Suspended => ErrorCode::Suspended,
            E::Superseded => ErrorCode::Superseded,
            E::StatusUnknown => ErrorCode::StatusUnknown,
            E::StatusListStale => ErrorCode::StatusStale,
            E::StatusListRollback => ErrorCode::Rollback,
            E::RandomSourceFailed => ErrorCode::RandomSourceFailed,
        }
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CredentialError as E;
        f.write_str(match self {
            E::QrTextTooLong => "qr text is too long",
            E::QrPrefixMissing => "qr text does not start with CK1:",
            E::Base45Invalid => "qr text is not valid base45",
            E::CompressedTooLarge => "compressed credential is too large",
            E::DecompressedTooLarge => "credential decompresses beyond the size limit",
            E::CompressionInvalid => "compressed credential is malformed",
            E::CoseMalformed => "not a well-formed COSE_Sign1",
            E::AlgorithmUnsupported => {
                "algorithm is not EdDSA or ES256, or a critical header is present"
            }
            E::KeyIdMissing => "protected header has no valid key id",
            E::ClaimsMalformed => "claims are malformed",
            E::ClaimMissing => "a required claim is missing",
            E::AttributeInvalid => "attribute value is not supported",
            E::CredentialTooLarge => "credential does not fit in a qr code",
            E::QrTextNotAlphanumeric => {
                "qr text has a character outside the QR alphanumeric set (0-9, A-Z, space, $%*+-./:)"
            }
            E::ParameterInvalid => "parameter is out of range",
            E::StatusListMalformed => "status list is malformed",
            E::StatusListTooLarge => "status list is too large",
            E::StatusIndexOutOfRange => "status index is beyond the end of the status list",
            E::KeyIdUnknown => "key id is not trusted",
            E::AlgorithmMismatch => "the algorithm is not the one the trusted key uses",
            E::WrongIssuer => "the signing key is not trusted for the issuer named",
            E::SignatureInvalid => "signature verification failed",
            E::NotYetValid => "not valid yet",
            E::Expired => "credential has expired",
            E::Revoked => "credential has been revoked",
            E::Suspended => "credential is suspended",
            E::Superseded => "credential has been superseded by a newer version",
            E::StatusUnknown => "credential status cannot be determined",
            E::StatusListStale => "status list is stale",
            E::StatusListRollback => "status list is older than the one loaded",
            E::RandomSourceFailed => "the operating system's random source failed",
        })
    }
}

impl std::error::Error for CredentialError {}

impl From<RandomSourceError> for CredentialError {
    fn from(_: RandomSourceError) -> Self {
        CredentialError::RandomSourceFailed
    }
}
