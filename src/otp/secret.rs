//! The shared secret of an HOTP/TOTP authenticator.

use core::fmt;

use super::{OtpError, base32};
use crate::secret::SecretBytes;

/// The secret key shared by a server and an authenticator: zeroized on drop
/// and compared in constant time (it is a [`SecretBytes`] with a length
/// invariant), redacted in `Debug`.
///
/// Invariant: `MIN_LEN <= len <= MAX_LEN`, checked by every constructor.
#[derive(Clone)]
pub struct OtpSecret(SecretBytes);

impl OtpSecret {
    /// Default length of a generated secret: 20 bytes (160 bits), the length
    /// RFC 4226 §4 (R6) recommends and the HMAC-SHA-1 output size.
    pub const DEFAULT_LEN: usize = 20;
    /// Shortest secret accepted: 10 bytes (80 bits). RFC 4226 §4 (R6)
    /// requires 128 bits, but some deployed services issue 80-bit secrets,
    /// so credkit accepts them and generates 160 bits by default.
    pub const MIN_LEN: usize = 10;
    /// Longest secret accepted: 128 bytes, one SHA-512 block; bounds what a
    /// hostile otpauth URI can make us allocate.
    pub const MAX_LEN: usize = 128;

    /// Wraps `bytes` as a secret, taking ownership.
    ///
    /// # Errors
    /// [`OtpError::SecretTooShort`] or [`OtpError::SecretTooLong`] outside
    /// [`MIN_LEN`](Self::MIN_LEN)..=[`MAX_LEN`](Self::MAX_LEN). The rejected
    /// bytes are wiped.
    ///
    /// # Security
    /// The bytes are moved in, so no unzeroized copy is left by this call.
    pub fn new(bytes: Vec<u8>) -> Result<Self, OtpError> {
        // Invariant established here: the length is checked before wrapping.
        let len = bytes.len();
        let secret = Self(SecretBytes::new(bytes));
        if len < Self::MIN_LEN {
            return Err(OtpError::SecretTooShort);
        }
        if len > Self::MAX_LEN {
            return Err(OtpError::SecretTooLong);
        }
        Ok(secret)
    }

    /// Copies `bytes` into a new secret.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    ///
    /// # Security
    /// The caller remains responsible for wiping its own copy.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, OtpError> {
        if bytes.len() > Self::MAX_LEN {
            return Err(OtpError::SecretTooLong);
        }
        Self::new(bytes.to_vec())
    }

    /// `len` bytes from the operating system's random source.
    ///
    /// # Errors
    /// [`OtpError::SecretTooShort`]/[`OtpError::SecretTooLong`] for a length
    /// out of bounds, [`OtpError::RandomSourceFailed`] if the source fails.
    ///
    /// # Security
    /// Generated from the OS random source (`getrandom`), never a userspace
    /// PRNG.
    pub fn random(len: usize) -> Result<Self, OtpError> {
        if len < Self::MIN_LEN {
            return Err(OtpError::SecretTooShort);
        }
        if len > Self::MAX_LEN {
            return Err(OtpError::SecretTooLong);
        }
        Ok(Self(SecretBytes::random(len)?))
    }

    /// A fresh random secret of [`DEFAULT_LEN`](Self::DEFAULT_LEN) bytes.
    ///
    /// # Errors
    /// [`OtpError::RandomSourceFailed`] if the random source fails.
    ///
    /// # Security
    /// As [`random`](Self::random).
    pub fn generate() -> Result<Self, OtpError> {
        Self::random(Self::DEFAULT_LEN)
    }

    /// Decodes a Base32 secret (RFC 4648; lower case, spaces and missing
    /// padding tolerated).
    ///
    /// # Errors
    /// [`OtpError::Base32Invalid`] for malformed text, or the length errors
    /// of [`new`](Self::new).
    ///
    /// # Security
    /// Decoding does not branch on the secret's characters; the caller's
    /// text is not wiped.
    pub fn from_base32(text: &str) -> Result<Self, OtpError> {
        // Bound before decoding: 8 characters per 5 bytes, plus padding and
        // spaces allowance (4x covers any spacing a human would use).
        if text.len() > Self::MAX_LEN * 8 {
            return Err(OtpError::SecretTooLong);
        }
        let bytes = base32::decode(text)?;
        Self::from_slice(&bytes)
    }

    /// The secret as unpadded upper-case Base32, as authenticator apps and
    /// otpauth URIs expect.
    ///
    /// # Security
    /// The result is the secret in clear text: show it once during
    /// enrolment and do not log or store it.
    #[must_use]
    pub fn to_base32(&self) -> String {
        base32::encode(self.0.expose(), false)
    }

    /// The secret bytes.
    ///
    /// # Security
    /// Do not copy the result into storage that is not wiped.
    #[must_use]
    pub fn expose(&self) -> &[u8] {
        self.0.expose()
    }

    /// Number of bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a secret has at least [`MIN_LEN`](Self::MIN_LEN) bytes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for OtpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OtpSecret([REDACTED; {}])", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(
            OtpSecret::from_slice(&[0; 9]).err(),
            Some(OtpError::SecretTooShort)
        );
        assert!(OtpSecret::from_slice(&[0; 10]).is_ok());
        assert!(OtpSecret::from_slice(&[0; 128]).is_ok());
        assert_eq!(
            OtpSecret::from_slice(&[0; 129]).err(),
            Some(OtpError::SecretTooLong)
        );
        assert_eq!(OtpSecret::random(9).err(), Some(OtpError::SecretTooShort));
        assert_eq!(OtpSecret::generate().map(|s| s.len()), Ok(20));
    }

    #[test]
    fn debug_redacts_and_base32_round_trips() {
        let s = OtpSecret::from_slice(b"12345678901234567890").expect("20 bytes");
        assert_eq!(format!("{s:?}"), "OtpSecret([REDACTED; 20])");
        assert_eq!(s.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let back = OtpSecret::from_base32(&s.to_base32().to_lowercase()).expect("valid");
        assert_eq!(back.expose(), s.expose());
    }

    #[test]
    fn random_secrets_differ() {
        let a = OtpSecret::generate().expect("os rng");
        let b = OtpSecret::generate().expect("os rng");
        assert_ne!(a.expose(), b.expose());
    }
}
