//! Secret values and constant-time comparison.
//!
//! Every secret credkit holds (passwords, peppers, OTP keys, MAC keys,
//! signing seeds) lives in a type from this module or in a module type that
//! derives `ZeroizeOnDrop`, so it is wiped when dropped and never printed by
//! `Debug`.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A byte string that is secret: zeroized on drop, redacted in `Debug`,
/// compared in constant time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Wraps `bytes`, taking ownership so no unzeroized copy is left behind
    /// by this call.
    #[must_use]
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// Copies `bytes` into a new secret.
    ///
    /// # Security
    /// The caller remains responsible for wiping its own copy.
    #[must_use]
    pub fn from_slice(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    /// `len` bytes from the operating system's random source.
    ///
    /// # Errors
    /// [`RandomSourceError`] if the operating system's random source fails.
    pub fn random(len: usize) -> Result<Self, RandomSourceError> {
        let mut bytes = vec![0u8; len];
        fill_random(&mut bytes)?;
        Ok(Self(bytes))
    }

    /// The secret bytes.
    ///
    /// # Security
    /// Do not copy the result into storage that is not wiped.
    #[must_use]
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes([REDACTED; {}])", self.0.len())
    }
}

impl ConstantTimeEq for SecretBytes {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        ct_eq(&self.0, &other.0)
    }
}

impl PartialEq for SecretBytes {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SecretBytes {}

/// A secret string (a password or PIN): zeroized on drop, redacted in
/// `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `s`.
    #[must_use]
    pub fn new(s: String) -> Self {
        Self(s)
    }

    /// The secret text.
    ///
    /// # Security
    /// Do not copy the result into storage that is not wiped.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([REDACTED])")
    }
}

/// Collects `chars` into a zeroizing `String` that never leaves a copy in
/// freed memory.
///
/// `String` grows by reallocating, and the block it leaves behind still
/// holds what was written so far: `Zeroizing` wipes only the final buffer.
/// Here the buffer starts at `capacity` bytes and, when full, its contents
/// move into a buffer twice as large while the old one is wiped, so every
/// block that held the text is zeroed before it is freed. Pass the exact
/// size when it is known, so the common case never grows.
#[cfg(any(feature = "password", feature = "policy"))]
pub(crate) fn collect_secret_string(
    chars: impl IntoIterator<Item = char>,
    capacity: usize,
) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(capacity));
    for c in chars {
        if out.len() + c.len_utf8() > out.capacity() {
            let mut bigger = Zeroizing::new(String::with_capacity(
                (out.capacity() * 2).max(out.len() + c.len_utf8()).max(16),
            ));
            bigger.push_str(&out);
            // The old buffer is wiped as it drops here.
            out = bigger;
        }
        out.push(c);
    }
    out
}

/// The characters of `text` in a zeroizing `Vec`, allocated once at the
/// exact size (a collected `Vec<char>` would grow, leaving copies behind).
#[cfg(feature = "policy")]
pub(crate) fn secret_chars(text: &str) -> Zeroizing<Vec<char>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.chars().count()));
    out.extend(text.chars());
    out
}

/// Constant-time equality of two byte strings.
///
/// The time depends only on the lengths, never on the contents; strings of
/// different lengths are unequal (lengths are not secret in credkit's uses:
/// MAC and code lengths are public parameters).
#[must_use]
pub fn ct_eq(a: &[u8], b: &[u8]) -> subtle::Choice {
    a.ct_eq(b)
}

/// The operating system's random source failed. Never caused by input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomSourceError;

impl fmt::Display for RandomSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the operating system's random source failed")
    }
}

impl std::error::Error for RandomSourceError {}

/// Fills `dest` from the operating system's random source.
///
/// # Errors
/// [`RandomSourceError`] if the random source fails.
pub fn fill_random(dest: &mut [u8]) -> Result<(), RandomSourceError> {
    getrandom::fill(dest).map_err(|_| RandomSourceError)
}

/// A `Zeroizing` buffer of `N` random bytes.
///
/// # Errors
/// [`RandomSourceError`] if the random source fails.
pub fn random_array<const N: usize>() -> Result<Zeroizing<[u8; N]>, RandomSourceError> {
    let mut out = Zeroizing::new([0u8; N]);
    fill_random(out.as_mut())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts() {
        let s = SecretBytes::from_slice(b"hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let p = SecretString::from("hunter2");
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn ct_eq_matches_eq() {
        assert!(bool::from(ct_eq(b"abc", b"abc")));
        assert!(!bool::from(ct_eq(b"abc", b"abd")));
        assert!(!bool::from(ct_eq(b"abc", b"ab")));
    }

    #[test]
    fn random_differs() {
        let a = SecretBytes::random(32).expect("os rng");
        let b = SecretBytes::random(32).expect("os rng");
        assert_ne!(a, b);
    }
}

#[cfg(test)]
mod collect_tests {
    use super::*;

    #[test]
    fn collects_and_grows() {
        let text = "ﬁ".repeat(100);
        let grown = collect_secret_string(text.chars(), 1);
        assert_eq!(*grown, text);
        let exact = secret_chars("añb");
        assert_eq!(exact.as_slice(), ['a', 'ñ', 'b']);
        assert_eq!(exact.capacity(), 3);
    }
}
