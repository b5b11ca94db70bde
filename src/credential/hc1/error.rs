//! Errors of the [`hc1`](crate::credential::hc1) module.

use core::fmt;

use crate::credential::CredentialError;
use crate::error::{code::ErrorCode, kind::ErrorKind};

/// An error from reading a document-signer certificate or verifying an
/// `HC1:` credential.
///
/// Decoding errors ([`ErrorKind::InvalidInput`]) name the stage that refused
/// the input (QR text, Base45, zlib, COSE, CWT, certificate); verification
/// errors ([`ErrorKind::Verification`]) name the check that failed, never why
/// a signature is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hc1Error {
    /// The QR text is longer than [`MAX_QR_TEXT_LEN`](crate::credential::MAX_QR_TEXT_LEN).
    QrTextTooLong,
    /// The QR text does not start with `HC1:`.
    PrefixMissing,
    /// The QR text is not valid Base45 (RFC 9285).
    Base45Invalid,
    /// The compressed credential is larger than
    /// [`MAX_COMPRESSED_LEN`](crate::credential::MAX_COMPRESSED_LEN).
    CompressedTooLarge,
    /// The credential decompresses to more than
    /// [`MAX_DECOMPRESSED_LEN`](crate::credential::MAX_DECOMPRESSED_LEN).
    DecompressedTooLarge,
    /// The zlib stream is malformed, truncated or has trailing data.
    CompressionInvalid,
    /// The bytes are not a well-formed COSE_Sign1 with an attached payload.
    CoseMalformed,
    /// The algorithm is missing or is neither ES256 nor PS256, or the
    /// protected header names a critical parameter.
    AlgorithmUnsupported,
    /// Neither header carries a key id, or it is longer than 64 bytes.
    KeyIdMissing,
    /// The payload is not a CWT claims map with numeric `iat` and `exp`,
    /// text `iss` and a map as the hcert claim (-260).
    ClaimsMalformed,
    /// A required claim (`iat`, `exp` or hcert) is missing.
    ClaimMissing,
    /// The hcert claim holds a CBOR value credkit does not hand out as
    /// data (a tag other than 0 and 1, `undefined`, a simple value, or a
    /// map key that is neither an integer nor text).
    PayloadUnsupported,
    /// The certificate is not a well-formed X.509 certificate in DER or PEM.
    CertificateMalformed,
    /// The certificate is larger than
    /// [`MAX_CERTIFICATE_LEN`](crate::credential::hc1::MAX_CERTIFICATE_LEN).
    CertificateTooLarge,
    /// The certificate's public key is neither P-256 nor RSA.
    KeyUnsupported,
    /// The certificate's RSA modulus is shorter than
    /// [`MIN_RSA_BITS`](crate::credential::hc1::MIN_RSA_BITS), or its public
    /// exponent is out of range.
    RsaKeyTooSmall,
    /// The certificate's RSA modulus is longer than
    /// [`MAX_RSA_BITS`](crate::credential::hc1::MAX_RSA_BITS).
    RsaKeyTooLarge,
    /// A parameter of the verifier is out of range (a clock skew above
    /// [`Hc1Verifier::MAX_CLOCK_SKEW`](crate::credential::hc1::Hc1Verifier::MAX_CLOCK_SKEW)).
    ParameterInvalid,
    /// No certificate in the trust list has the credential's key id.
    KeyIdUnknown,
    /// The algorithm in the header is not the one of the certificate's key
    /// (ES256 needs a P-256 key, PS256 an RSA key).
    AlgorithmMismatch,
    /// The signature does not verify under the certificate's key.
    SignatureInvalid,
    /// The credential's `iat` is later than now plus the clock skew.
    NotYetValid,
    /// The credential's `exp` has passed.
    Expired,
    /// The signing certificate's validity period has not begun.
    CertificateNotYetValid,
    /// The signing certificate's validity period has ended.
    CertificateExpired,
    /// The signing certificate's extended key usage does not allow a
    /// certificate type (test, vaccination, recovery) that the credential
    /// carries.
    KeyUsageMismatch,
}

impl Hc1Error {
    /// Classifies this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        use Hc1Error as E;
        match self {
            E::QrTextTooLong
            | E::PrefixMissing
            | E::Base45Invalid
            | E::CompressedTooLarge
            | E::DecompressedTooLarge
            | E::CompressionInvalid
            | E::CoseMalformed
            | E::AlgorithmUnsupported
            | E::KeyIdMissing
            | E::ClaimsMalformed
            | E::ClaimMissing
            | E::PayloadUnsupported
            | E::CertificateMalformed
            | E::CertificateTooLarge
            | E::KeyUnsupported
            | E::RsaKeyTooSmall
            | E::RsaKeyTooLarge => ErrorKind::InvalidInput,
            // The verifier's own parameters, never a scanned credential.
            E::ParameterInvalid => ErrorKind::ApiMisuse,
            E::KeyIdUnknown
            | E::AlgorithmMismatch
            | E::SignatureInvalid
            | E::NotYetValid
            | E::Expired
            | E::CertificateNotYetValid
            | E::CertificateExpired
            | E::KeyUsageMismatch => ErrorKind::Verification,
        }
    }

    /// The stable, machine-readable reason of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        use Hc1Error as E;
        match self {
            E::QrTextTooLong
            | E::CompressedTooLarge
            | E::DecompressedTooLarge
            | E::CertificateTooLarge
            | E::RsaKeyTooLarge => ErrorCode::TooLarge,
            E::PrefixMissing
            | E::Base45Invalid
            | E::CompressionInvalid
            | E::CoseMalformed
            | E::KeyIdMissing
            | E::ClaimsMalformed
            | E::ClaimMissing
            | E::CertificateMalformed => ErrorCode::Malformed,
            E::AlgorithmUnsupported
            | E::PayloadUnsupported
            | E::KeyUnsupported
            | E::RsaKeyTooSmall => ErrorCode::Unsupported,
            E::ParameterInvalid => ErrorCode::OutOfRange,
            E::KeyIdUnknown => ErrorCode::UnknownKey,
            E::AlgorithmMismatch => ErrorCode::AlgorithmNotAllowed,
            E::SignatureInvalid => ErrorCode::BadSignature,
            E::NotYetValid | E::CertificateNotYetValid => ErrorCode::NotYetValid,
            E::Expired | E::CertificateExpired => ErrorCode::Expired,
            E::KeyUsageMismatch => ErrorCode::KeyUsage,
        }
    }
}

impl fmt::Display for Hc1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Hc1Error as E;
        f.write_str(match self {
            E::QrTextTooLong => "qr text is too long",
            E::PrefixMissing => "qr text does not start with HC1:",
            E::Base45Invalid => "qr text is not valid base45",
            E::CompressedTooLarge => "compressed credential is too large",
            E::DecompressedTooLarge => "credential decompresses beyond the size limit",
            E::CompressionInvalid => "compressed credential is malformed",
            E::CoseMalformed => "not a well-formed COSE_Sign1",
            E::AlgorithmUnsupported => {
                "algorithm is missing or not ES256/PS256, or a critical header is present"
            }
            E::KeyIdMissing => "no valid key id in the protected or unprotected header",
            E::ClaimsMalformed => "claims are malformed",
            E::ClaimMissing => "a required claim is missing",
            E::PayloadUnsupported => "the hcert claim holds an unsupported CBOR value",
            E::CertificateMalformed => "not a well-formed X.509 certificate",
            E::CertificateTooLarge => "certificate is too large",
            E::KeyUnsupported => "certificate key is neither P-256 nor RSA",
            E::RsaKeyTooSmall => "certificate RSA key is too small or has a bad exponent",
            E::RsaKeyTooLarge => "certificate RSA key is too large",
            E::ParameterInvalid => "parameter is out of range",
            E::KeyIdUnknown => "key id is not trusted",
            E::AlgorithmMismatch => "algorithm does not match the certificate key",
            E::SignatureInvalid => "signature verification failed",
            E::NotYetValid => "not valid yet",
            E::Expired => "credential has expired",
            E::CertificateNotYetValid => "signing certificate is not valid yet",
            E::CertificateExpired => "signing certificate has expired",
            E::KeyUsageMismatch => {
                "signing certificate's extended key usage does not allow this certificate type"
            }
        })
    }
}

impl std::error::Error for Hc1Error {}

impl From<CredentialError> for Hc1Error {
    /// Maps the errors of the QR-text stages shared with CK1 (Base45 and
    /// bounded zlib) onto their HC1 counterparts.
    fn from(e: CredentialError) -> Self {
        match e {
            CredentialError::QrTextTooLong => Hc1Error::QrTextTooLong,
            CredentialError::QrPrefixMissing => Hc1Error::PrefixMissing,
            CredentialError::Base45Invalid => Hc1Error::Base45Invalid,
            CredentialError::CompressedTooLarge => Hc1Error::CompressedTooLarge,
            CredentialError::DecompressedTooLarge => Hc1Error::DecompressedTooLarge,
            CredentialError::CompressionInvalid => Hc1Error::CompressionInvalid,
            CredentialError::ClaimMissing => Hc1Error::ClaimMissing,
            _ => Hc1Error::ClaimsMalformed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_codes_are_the_designed_ones() {
        assert_eq!(Hc1Error::SignatureInvalid.code().as_str(), "bad_signature");
        assert_eq!(Hc1Error::KeyIdUnknown.code().as_str(), "unknown_key");
        assert_eq!(Hc1Error::CertificateExpired.code().as_str(), "expired");
        assert_eq!(Hc1Error::NotYetValid.code().as_str(), "not_yet_valid");
        assert_eq!(Hc1Error::KeyUsageMismatch.code().as_str(), "key_usage");
        assert_eq!(Hc1Error::RsaKeyTooLarge.kind(), ErrorKind::InvalidInput);
    }
}
