//! HOTP (RFC 4226) and the constant-time candidate check shared with TOTP.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use super::{OtpError, OtpSecret};

/// The HMAC hash function of an HOTP/TOTP authenticator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA-1: the RFC 4226 function and the authenticator-app default.
    #[default]
    Sha1,
    /// HMAC-SHA-256 (RFC 6238 §1.2).
    Sha256,
    /// HMAC-SHA-512 (RFC 6238 §1.2).
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs: `SHA1`, `SHA256`, `SHA512`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Parses `SHA1`, `SHA256` or `SHA512`, ignoring ASCII case and an
    /// optional dash (`sha-256`).
    ///
    /// # Errors
    /// [`OtpError::UriParameterInvalid`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, OtpError> {
        let mut folded = [0u8; 8];
        let mut n = 0;
        for &b in name.as_bytes() {
            if b == b'-' {
                continue;
            }
            if n == folded.len() {
                return Err(OtpError::UriParameterInvalid);
            }
            folded[n] = b.to_ascii_uppercase();
            n += 1;
        }
        match &folded[..n] {
            b"SHA1" => Ok(Algorithm::Sha1),
            b"SHA256" => Ok(Algorithm::Sha256),
            b"SHA512" => Ok(Algorithm::Sha512),
            _ => Err(OtpError::UriParameterInvalid),
        }
    }
}

impl core::str::FromStr for Algorithm {
    type Err = OtpError;

    /// As [`Algorithm::from_name`].
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Algorithm::from_name(name)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Bounds on the number of digits of a code (RFC 4226 §5.3: at least 6;
/// the 31-bit truncated value has 10 decimal digits).
pub(crate) const MIN_DIGITS: u8 = 6;
pub(crate) const MAX_DIGITS: u8 = 10;

/// Checks a digit count.
pub(crate) fn check_digits(digits: u8) -> Result<u8, OtpError> {
    if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        Ok(digits)
    } else {
        Err(OtpError::DigitsOutOfRange)
    }
}

/// An HMAC keyed once with the OTP secret (when the authenticator is
/// built), cloned for every counter, so each candidate costs two
/// compressions and no key schedule.
/// The `zeroize` features of `hmac`, `sha1` and `sha2` wipe these states on
/// drop.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl KeyedMac {
    pub(crate) fn new(algorithm: Algorithm, key: &[u8]) -> Self {
        // `expect` cannot fire: HMAC accepts keys of any length (RFC 2104
        // §2), and hmac's `new_from_slice` never returns `InvalidLength`.
        const ANY_LENGTH: &str = "HMAC accepts keys of any length";
        match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(Hmac::new_from_slice(key).expect(ANY_LENGTH)),
            Algorithm::Sha256 => KeyedMac::Sha256(Hmac::new_from_slice(key).expect(ANY_LENGTH)),
            Algorithm::Sha512 => KeyedMac::Sha512(Hmac::new_from_slice(key).expect(ANY_LENGTH)),
        }
    }

    /// RFC 4226 §5.3 dynamic truncation of HMAC(K, counter): a 31-bit value.
    pub(crate) fn truncated(&self, counter: u64) -> u32 {
        let msg = counter.to_be_bytes();
        match self {
            KeyedMac::Sha1(m) => {
                dynamic_truncate(&m.clone().chain_update(msg).finalize().into_bytes())
            }
            KeyedMac::Sha256(m) => {
                dynamic_truncate(&m.clone().chain_update(msg).finalize().into_bytes())
            }
            KeyedMac::Sha512(m) => {
                dynamic_truncate(&m.clone().chain_update(msg).finalize().into_bytes())
            }
        }
    }
}

/// RFC 4226 §5.3 `DT`: the offset is the low nibble of the last byte; the
/// four bytes there, big-endian, with the top bit cleared.
///
/// The offset is secret-derived, so the four bytes are gathered by scanning
/// every byte of the MAC with arithmetic masks rather than indexing at the
/// offset (no secret-dependent address or branch).
fn dynamic_truncate(mac: &[u8]) -> u32 {
    let offset = u32::from(mac.last().map_or(0, |b| b & 0x0f));
    let mut word = 0u32;
    // d is the byte's position relative to the offset, as a two's-complement
    // u32 (|d| < 64): the word is d = 0..=3.
    let mut d = 0u32.wrapping_sub(offset);
    for &byte in mac {
        // Top bit of d or of 3 - d set iff d < 0 or d > 3; mask is all ones
        // iff neither is.
        let outside = (d | 3u32.wrapping_sub(d)) >> 31;
        let mask = outside.wrapping_sub(1);
        let shift = 24 - 8 * (d & 3);
        word |= (u32::from(byte) << shift) & mask;
        d = d.wrapping_add(1);
    }
    word & 0x7fff_ffff
}

/// Writes the `digits` low decimal digits of `value` into `out[..digits]`.
/// Division by the constant 10 compiles to a multiply, so the time does not
/// depend on the value.
pub(crate) fn decimal(value: u32, digits: u8, out: &mut [u8; MAX_DIGITS as usize]) {
    let mut v = value;
    for i in (0..usize::from(digits)).rev() {
        out[i] = b'0' + (v % 10).to_be_bytes()[3];
        v /= 10;
    }
}

/// A submitted code, parsed without branching on its characters: the bytes
/// (zero padded) and whether it is exactly `digits` ASCII digits.
pub(crate) fn parse_code(code: &str, digits: u8) -> (Zeroizing<[u8; MAX_DIGITS as usize]>, Choice) {
    let bytes = code.as_bytes();
    let mut out = Zeroizing::new([0u8; MAX_DIGITS as usize]);
    // The length is public (the submitter chose it); branching on it reveals
    // nothing about the secret.
    let mut ok = Choice::from(u8::from(bytes.len() == usize::from(digits)));
    for (slot, &b) in out.iter_mut().zip(bytes) {
        *slot = b;
        let is_digit = b.ct_gt(&(b'0' - 1)) & (b'9' + 1).ct_gt(&b);
        ok &= is_digit;
    }
    (out, ok)
}

/// Checks `code` against the candidates `first..first+count`, computing and
/// comparing every one of them in constant time, with no early exit.
/// Candidates `<= last` (when given) are computed but can never match.
///
/// Returns the matched counter (the highest, should two collide).
pub(crate) fn verify_window(
    mac: &KeyedMac,
    digits: u8,
    code: &str,
    first: u64,
    count: u64,
    last: Option<u64>,
) -> Result<u64, OtpError> {
    let (given, well_formed) = parse_code(code, digits);
    let d = usize::from(digits);
    let (floor, has_floor) = match last {
        Some(l) => (l, Choice::from(1)),
        None => (0, Choice::from(0)),
    };
    let mut found = Choice::from(0);
    let mut replayed = Choice::from(0);
    let mut matched = 0u64;
    let mut candidate = Zeroizing::new([0u8; MAX_DIGITS as usize]);
    for i in 0..count {
        let counter = first.wrapping_add(i);
        decimal(mac.truncated(counter), digits, &mut candidate);
        let fresh = !has_floor | counter.ct_gt(&floor);
        let equal = candidate[..d].ct_eq(&given[..d]);
        let hit = equal & fresh;
        matched.conditional_assign(&counter, hit);
        found |= hit;
        replayed |= equal & !fresh;
    }
    // Select the outcome by index rather than by a branch, so accepting and
    // refusing also take the same instruction path (all entries are built).
    // A code that matches only an already-used step is reported as replayed:
    // whoever sends it saw it once, so saying so reveals nothing new.
    let accepted = found & well_formed;
    let replay = replayed & well_formed & !found;
    let outcomes = [
        Err(OtpError::CodeRejected),
        Err(OtpError::CodeReplayed),
        Ok(matched),
    ];
    outcomes[usize::from(accepted.unwrap_u8() * 2 + replay.unwrap_u8())]
}

/// An HOTP authenticator (RFC 4226): secret, hash and number of digits.
///
/// Invariant: `digits` is within 6..=10 (checked by [`Hotp::new`]).
#[derive(Clone)]
pub struct Hotp {
    secret: OtpSecret,
    /// HMAC keyed with `secret` once, at construction (wiped on drop).
    mac: KeyedMac,
    algorithm: Algorithm,
    digits: u8,
}

impl fmt::Debug for Hotp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hotp")
            .field("secret", &self.secret)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .finish()
    }
}

impl Hotp {
    /// Default number of digits (RFC 4226 §5.3).
    pub const DEFAULT_DIGITS: u8 = 6;
    /// Largest look-ahead accepted by [`verify`](Self::verify): RFC 4226
    /// §7.4 leaves the resynchronisation parameter `s` to the server; 100
    /// keeps one verification under a few hundred microseconds.
    pub const MAX_LOOK_AHEAD: u64 = 100;

    /// An HOTP authenticator.
    ///
    /// # Errors
    /// [`OtpError::DigitsOutOfRange`] unless `6 <= digits <= 10`.
    pub fn new(secret: OtpSecret, algorithm: Algorithm, digits: u8) -> Result<Self, OtpError> {
        // Invariant established here.
        let digits = check_digits(digits)?;
        Ok(Self {
            mac: KeyedMac::new(algorithm, secret.expose()),
            secret,
            algorithm,
            digits,
        })
    }

    /// The secret.
    #[must_use]
    pub fn secret(&self) -> &OtpSecret {
        &self.secret
    }

    /// The hash function.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits.
    #[must_use]
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The code for `counter`.
    ///
    /// # Security
    /// The result is a live one-time code: send it, do not log it.
    #[must_use]
    pub fn generate(&self, counter: u64) -> String {
        let mut out = [0u8; MAX_DIGITS as usize];
        decimal(self.mac.truncated(counter), self.digits, &mut out);
        out[..usize::from(self.digits)]
            .iter()
            .map(|&b| char::from(b))
            .collect()
    }

    /// Verifies `code` against counters `counter ..= counter + look_ahead`
    /// and returns the counter that matched. Store `matched + 1` as the next
    /// `counter`: codes at or before the matched counter are then refused
    /// (RFC 4226 §7.2; NIST SP 800-63B: an OTP is accepted only once).
    /// A `look_ahead` above zero resynchronises a token whose counter ran
    /// ahead (RFC 4226 §7.4).
    ///
    /// # Errors
    /// [`OtpError::CodeRejected`] if no counter matches or the code is not
    /// exactly `digits` ASCII digits; [`OtpError::WindowTooLarge`] if
    /// `look_ahead > MAX_LOOK_AHEAD`; [`OtpError::CounterOverflow`] if the
    /// window passes `u64::MAX`.
    ///
    /// # Security
    /// Every counter in the window is computed and compared in constant time
    /// with no early exit; the time does not depend on which counter
    /// matched, whether one did, or what the code contains.
    pub fn verify(&self, code: &str, counter: u64, look_ahead: u64) -> Result<u64, OtpError> {
        if look_ahead > Self::MAX_LOOK_AHEAD {
            return Err(OtpError::WindowTooLarge);
        }
        counter
            .checked_add(look_ahead)
            .ok_or(OtpError::CounterOverflow)?;
        verify_window(&self.mac, self.digits, code, counter, look_ahead + 1, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4226_truncation_example() {
        // RFC 4226 §5.4: the HMAC-SHA-1 value and its truncation.
        let mac = hex::decode("1f8698690e02ca16618550ef7f19da8e945b555a").expect("hex");
        assert_eq!(dynamic_truncate(&mac), 0x50ef_7f19);
        let mut out = [0u8; 10];
        decimal(0x50ef_7f19, 6, &mut out);
        assert_eq!(&out[..6], b"872921");
    }

    #[test]
    fn truncation_matches_naive_indexing() {
        let mut mac = [0u8; 64];
        for (i, b) in mac.iter_mut().enumerate() {
            *b = u8::try_from(i * 37 % 251).expect("below 251");
        }
        for len in [20usize, 32, 64] {
            for offset in 0u8..16 {
                let mut m = mac[..len].to_vec();
                m[len - 1] = (m[len - 1] & 0xf0) | offset;
                let o = usize::from(offset);
                let naive = u32::from_be_bytes([m[o], m[o + 1], m[o + 2], m[o + 3]]) & 0x7fff_ffff;
                assert_eq!(dynamic_truncate(&m), naive, "len {len} offset {offset}");
            }
        }
    }

    #[test]
    fn parse_code_flags() {
        assert!(bool::from(parse_code("123456", 6).1));
        assert!(!bool::from(parse_code("12345", 6).1));
        assert!(!bool::from(parse_code("1234567", 6).1));
        assert!(!bool::from(parse_code("12345a", 6).1));
        assert!(!bool::from(parse_code("12/456", 6).1));
        assert!(!bool::from(parse_code("12:456", 6).1));
        assert!(!bool::from(parse_code("１２３４５６", 6).1));
    }

    #[test]
    fn algorithm_names() {
        for a in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            assert_eq!(Algorithm::from_name(a.name()), Ok(a));
        }
        assert_eq!(Algorithm::from_name("sha-256"), Ok(Algorithm::Sha256));
        assert!(Algorithm::from_name("MD5").is_err());
        assert!(Algorithm::from_name("SHA1SHA1SHA1").is_err());
    }
}
