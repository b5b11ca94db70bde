//! Peppers: a server-side secret fed to Argon2 as its secret input `K`
//! (RFC 9106 §3.1), named by a key id stored in the PHC string's `keyid`
//! parameter, and a keyring so that hashes made under an older pepper still
//! verify (and report that they need a rehash).

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::PasswordError;
use super::phc::MAX_KEYID_BYTES;
use crate::secret::SecretBytes;

/// A pepper and its key id.
///
/// Invariant: the key id is 1 to 8 bytes and the secret 16 to 64 bytes,
/// checked by [`Pepper::new`].
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Pepper {
    key_id: Vec<u8>,
    secret: SecretBytes,
}

impl Pepper {
    /// Shortest pepper accepted: 16 bytes (128 bits).
    pub const MIN_SECRET_BYTES: usize = 16;
    /// Longest pepper accepted: 64 bytes.
    pub const MAX_SECRET_BYTES: usize = 64;
    /// Longest key id: 8 bytes (the Argon2 PHC `keyid` convention, the argon2
    /// crate's `KeyId::MAX_LEN`).
    pub const MAX_KEY_ID_BYTES: usize = MAX_KEYID_BYTES;

    /// A pepper named `key_id`.
    ///
    /// # Errors
    /// [`PasswordError::PepperInvalid`] if `key_id` is empty or longer than
    /// 8 bytes, or `secret` is not 16 to 64 bytes long.
    ///
    /// # Security
    /// The secret is moved into zeroize-on-drop storage. Keep peppers out of
    /// the database that stores the hashes: a pepper protects exactly
    /// against an attacker who reads that database but not the server's
    /// configuration.
    pub fn new(key_id: &[u8], secret: SecretBytes) -> Result<Self, PasswordError> {
        // Invariant established here (see the type's comment).
        if key_id.is_empty()
            || key_id.len() > Self::MAX_KEY_ID_BYTES
            || secret.len() < Self::MIN_SECRET_BYTES
            || secret.len() > Self::MAX_SECRET_BYTES
        {
            return Err(PasswordError::PepperInvalid);
        }
        Ok(Self {
            key_id: key_id.to_vec(),
            secret,
        })
    }

    /// The key id stored in hashes made with this pepper.
    #[must_use]
    pub fn key_id(&self) -> &[u8] {
        &self.key_id
    }

    pub(crate) fn secret(&self) -> &[u8] {
        self.secret.expose()
    }

    /// The pepper itself, so that a keyring can be saved and rebuilt with
    /// [`Pepper::new`] (for example when a hasher is pickled to a worker
    /// process).
    ///
    /// # Security
    /// Borrowed from zeroize-on-drop storage. Whoever holds the pepper and
    /// the hash database can run the offline guessing the pepper exists to
    /// prevent: copy it only to where the server's configuration may be kept.
    #[must_use]
    pub fn expose_secret(&self) -> &SecretBytes {
        &self.secret
    }
}

impl fmt::Debug for Pepper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pepper")
            .field("key_id", &String::from_utf8_lossy(&self.key_id))
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

/// The current pepper (used for new hashes) and older ones (verify only).
///
/// Invariant: key ids are unique; the current pepper, if any, is
/// `peppers[0]`.
#[derive(Clone, Default)]
pub struct Keyring {
    peppers: Vec<Pepper>,
    has_current: bool,
}

impl Keyring {
    /// An empty keyring: hashes are made without a pepper.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A keyring whose current pepper is `pepper`.
    #[must_use]
    pub fn with_current(pepper: Pepper) -> Self {
        Self {
            peppers: vec![pepper],
            has_current: true,
        }
    }

    /// Adds a retired pepper: hashes that name it still verify, and need a
    /// rehash.
    ///
    /// # Errors
    /// [`PasswordError::PepperInvalid`] if its key id is already in the ring.
    pub fn add_retired(&mut self, pepper: Pepper) -> Result<(), PasswordError> {
        if self.find(pepper.key_id()).is_some() {
            return Err(PasswordError::PepperInvalid);
        }
        self.peppers.push(pepper);
        Ok(())
    }

    /// The pepper new hashes are made with, if any.
    #[must_use]
    pub fn current(&self) -> Option<&Pepper> {
        if self.has_current {
            self.peppers.first()
        } else {
            None
        }
    }

    /// The retired peppers (verify only).
    pub fn retired(&self) -> impl Iterator<Item = &Pepper> {
        self.peppers.iter().skip(usize::from(self.has_current))
    }

    /// The pepper named `key_id`, if in the ring.
    #[must_use]
    pub fn find(&self, key_id: &[u8]) -> Option<&Pepper> {
        self.peppers.iter().find(|p| p.key_id() == key_id)
    }

    /// Number of peppers (current and retired).
    #[must_use]
    pub fn len(&self) -> usize {
        self.peppers.len()
    }

    /// Whether the ring holds no pepper.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.peppers.is_empty()
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field(
                "current",
                &self
                    .current()
                    .map(|p| String::from_utf8_lossy(p.key_id()).into_owned()),
            )
            .field("peppers", &self.peppers)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pepper(id: &[u8]) -> Pepper {
        Pepper::new(id, SecretBytes::from_slice(&[7u8; 32])).expect("valid pepper")
    }

    #[test]
    fn bounds() {
        let ok = SecretBytes::from_slice(&[1u8; 16]);
        assert!(Pepper::new(b"", ok.clone()).is_err());
        assert!(Pepper::new(b"123456789", ok.clone()).is_err());
        assert!(Pepper::new(b"k1", SecretBytes::from_slice(&[1u8; 15])).is_err());
        assert!(Pepper::new(b"k1", SecretBytes::from_slice(&[1u8; 65])).is_err());
        assert!(Pepper::new(b"k1", ok).is_ok());
    }

    #[test]
    fn ring_finds_and_refuses_duplicates() {
        let mut ring = Keyring::with_current(pepper(b"k2"));
        ring.add_retired(pepper(b"k1")).expect("new id");
        assert_eq!(
            ring.add_retired(pepper(b"k1")),
            Err(PasswordError::PepperInvalid)
        );
        assert_eq!(ring.current().map(Pepper::key_id), Some(&b"k2"[..]));
        assert!(ring.find(b"k1").is_some());
        assert!(ring.find(b"k3").is_none());
        assert_eq!(ring.len(), 2);
    }

    #[test]
    fn debug_redacts() {
        let ring = Keyring::with_current(pepper(b"k1"));
        let text = format!("{ring:?}");
        assert!(text.contains("REDACTED"));
        assert!(!text.contains("7, 7"));
    }
}
