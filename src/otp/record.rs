//! [`CodeRecord`]: the stored state of one single-use code, and its byte
//! form. [`CodeIssuer`](super::CodeIssuer) writes and checks the MACs.

use core::fmt;

#[cfg(doc)]
use super::CodeIssuer;
use super::{CodeAlphabet, CodePolicy, OtpError};
use crate::record::{Reader, Writer};

pub(super) const MAC_LEN: usize = 32;
pub(super) const NONCE_LEN: usize = 16;
/// Byte length of the fixed header of the encoding (before subject).
const HEADER_LEN: usize = 1 + 4 + 8 + 8 + 2 + 2 + 1 + 1 + 1 + NONCE_LEN;
const FLAG_USED: u8 = 1;

/// The stored state of one issued code.
///
/// Byte form, version 1 (all integers big-endian):
///
/// | bytes | field |
/// |---|---|
/// | 1 | version = 1 |
/// | 4 | issuer key id |
/// | 8 | issued at (Unix seconds) |
/// | 8 | expires at (Unix seconds) |
/// | 2 | failed attempts |
/// | 2 | maximum attempts |
/// | 1 | flags (bit 0: used; other bits zero) |
/// | 1 | alphabet (0 digits, 1 Crockford) |
/// | 1 | code length |
/// | 16 | nonce |
/// | 1 + n | subject (UTF-8, 1..=255 bytes) |
/// | 1 + n | purpose (UTF-8, 1..=255 bytes) |
/// | 32 | HMAC-SHA-256 of the code bound to nonce, subject and purpose |
/// | 32 | HMAC-SHA-256 of all the bytes above |
///
///
/// # Storing records: the caller's compare-and-set
///
/// [`CodeIssuer::redeem`] updates the record in memory on success *and* on
/// every wrong code (the attempt counter). The caller must persist the new
/// bytes after every call, and must do so with an atomic compare-and-set on
/// the bytes it read, e.g.
///
/// ```sql
/// UPDATE codes SET record = :new WHERE id = :id AND record = :old
/// ```
///
/// and act on the result only if exactly one row changed. Otherwise two
/// concurrent redeems that both read the unused record could both succeed,
/// or a failed attempt could be lost by a racing write. If the update
/// changes no row, re-read the record and call `redeem` again.
///
/// Invariant: the fields satisfy the bounds [`CodeRecord::from_bytes`]
/// checks (lengths, alphabet, flags, `attempts <= max_attempts`,
/// `issued_at <= expires_at`). The MACs are checked only by
/// [`CodeIssuer::redeem`], which holds the key.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeRecord {
    pub(super) key_id: u32,
    pub(super) issued_at: u64,
    pub(super) expires_at: u64,
    pub(super) attempts: u16,
    pub(super) max_attempts: u16,
    pub(super) used: bool,
    pub(super) alphabet: CodeAlphabet,
    pub(super) length: u8,
    pub(super) nonce: [u8; NONCE_LEN],
    pub(super) subject: String,
    pub(super) purpose: String,
    pub(super) code_mac: [u8; MAC_LEN],
    pub(super) record_mac: [u8; MAC_LEN],
}

impl fmt::Debug for CodeRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeRecord")
            .field("key_id", &self.key_id)
            .field("subject", &self.subject)
            .field("purpose", &self.purpose)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .field("attempts", &self.attempts)
            .field("max_attempts", &self.max_attempts)
            .field("used", &self.used)
            .field("alphabet", &self.alphabet)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

impl CodeRecord {
    /// Encoding version written by [`to_bytes`](Self::to_bytes).
    pub const VERSION: u8 = 1;
    /// Longest subject or purpose, in UTF-8 bytes.
    pub const MAX_BINDING_LEN: usize = 255;
    /// Longest byte form: the bound checked before any parsing.
    pub const MAX_LEN: usize = HEADER_LEN + 2 * (1 + Self::MAX_BINDING_LEN) + 2 * MAC_LEN;

    /// The subject (user) the code is bound to.
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The purpose the code is bound to.
    #[must_use]
    pub fn purpose(&self) -> &str {
        &self.purpose
    }

    /// Unix time of issue.
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// Unix time from which the code is refused.
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// Failed attempts so far.
    #[must_use]
    pub fn attempts(&self) -> u16 {
        self.attempts
    }

    /// Failed attempts at which the record locks.
    #[must_use]
    pub fn max_attempts(&self) -> u16 {
        self.max_attempts
    }

    /// Whether the code has been redeemed.
    #[must_use]
    pub fn is_used(&self) -> bool {
        self.used
    }

    /// Id of the issuer key that MACs this record.
    #[must_use]
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The record's random nonce: unique per issued code and not secret.
    /// A service that must resist restored records keeps the nonces of
    /// redeemed records until they expire (see [`CodeIssuer`]).
    #[must_use]
    pub fn nonce(&self) -> [u8; NONCE_LEN] {
        self.nonce
    }

    /// The bytes covered by the record MAC.
    pub(super) fn body(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(Self::MAX_LEN);
        w.u8(Self::VERSION)
            .u32(self.key_id)
            .u64(self.issued_at)
            .u64(self.expires_at)
            .u16(self.attempts)
            .u16(self.max_attempts)
            .u8(u8::from(self.used) * FLAG_USED)
            .u8(self.alphabet.to_byte())
            .u8(self.length)
            .bytes(&self.nonce)
            // Within 1..=255 bytes: Invariant (checked at issue and parse).
            .short_str(&self.subject)
            .short_str(&self.purpose)
            .bytes(&self.code_mac);
        w.into_bytes()
    }

    /// The record's byte form (version 1), for storage.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.body();
        out.extend_from_slice(&self.record_mac);
        out
    }

    /// Parses a stored record. Checks the structure and bounds only; the
    /// MACs are checked by [`CodeIssuer::redeem`].
    ///
    /// # Errors
    /// [`OtpError::RecordMalformed`] for a wrong length (checked first,
    /// against [`MAX_LEN`](Self::MAX_LEN)), an unknown version, unknown
    /// flags or alphabet, a code length outside the alphabet's range, an
    /// empty or non-UTF-8 subject or purpose, `attempts > max_attempts`,
    /// `expires_at < issued_at`, or trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, OtpError> {
        if bytes.len() > Self::MAX_LEN {
            return Err(OtpError::RecordMalformed);
        }
        let mut r = Reader::new(bytes, OtpError::RecordMalformed);
        if r.u8()? != Self::VERSION {
            return Err(OtpError::RecordMalformed);
        }
        let key_id = r.u32()?;
        let issued_at = r.u64()?;
        let expires_at = r.u64()?;
        let attempts = r.u16()?;
        let max_attempts = r.u16()?;
        let flags = r.u8()?;
        let alphabet = r.u8()?;
        let length = r.u8()?;
        let nonce = r.array()?;
        let subject = r.short_str()?;
        let purpose = r.short_str()?;
        let code_mac = r.array()?;
        let record_mac = r.array()?;
        r.finish()?;
        let alphabet = CodeAlphabet::from_byte(alphabet).ok_or(OtpError::RecordMalformed)?;
        if flags & !FLAG_USED != 0
            || !alphabet.length_range().contains(&length)
            || max_attempts == 0
            || max_attempts > CodePolicy::MAX_ATTEMPTS_LIMIT
            || attempts > max_attempts
            || expires_at < issued_at
        {
            return Err(OtpError::RecordMalformed);
        }
        // Invariant established here.
        Ok(Self {
            key_id,
            issued_at,
            expires_at,
            attempts,
            max_attempts,
            used: flags & FLAG_USED != 0,
            alphabet,
            length,
            nonce,
            subject,
            purpose,
            code_mac,
            record_mac,
        })
    }
}
