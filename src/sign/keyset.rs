//! Key ids and the trust list a verifier keeps: key id → verifying key,
//! with several keys valid at once so that keys can be rotated.

use core::fmt;
use std::collections::BTreeMap;
use std::sync::Arc;

use sha2::{Digest, Sha512};

use super::SignError;
use super::batch::{VerifyItem, verify_many};
use super::keys::{Signature, VerifyingKey};
use super::precomputed::KeyTable;

/// A key id: 1 to [`KeyId::MAX_LEN`] bytes of printable ASCII (no spaces).
///
/// Key ids name keys in credentials (the COSE `kid` header) and in a
/// [`KeySet`]. They are public labels, not secrets.
///
/// Invariant: the text is 1 to `MAX_LEN` bytes in `'!'..='~'`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(String);

impl KeyId {
    /// Longest key id accepted, in bytes: short enough to fit a QR
    /// credential's header with room to spare.
    pub const MAX_LEN: usize = 64;

    /// Checks and wraps a key id.
    ///
    /// # Errors
    /// [`SignError::KeyIdInvalid`] if `id` is empty, longer than
    /// [`KeyId::MAX_LEN`] bytes, or has a byte outside printable ASCII.
    pub fn new(id: &str) -> Result<Self, SignError> {
        Self::from_bytes(id.as_bytes())
    }

    /// Checks and wraps a key id given as bytes (a COSE `kid`).
    ///
    /// # Errors
    /// As [`KeyId::new`].
    pub fn from_bytes(id: &[u8]) -> Result<Self, SignError> {
        // Invariant established here.
        if id.is_empty()
            || id.len() > Self::MAX_LEN
            || !id.iter().all(|b| (b'!'..=b'~').contains(b))
        {
            return Err(SignError::KeyIdInvalid);
        }
        let text = core::str::from_utf8(id).map_err(|_| SignError::KeyIdInvalid)?;
        Ok(Self(text.to_owned()))
    }

    /// A key id derived from the key itself: `ed25519:` and 32 hex digits
    /// of SHA-512(`"credkit key id v1"` ‖ public key). Stable across runs,
    /// different for different keys.
    #[must_use]
    pub fn derive(key: &VerifyingKey) -> Self {
        let digest = Sha512::new()
            .chain_update(b"credkit key id v1")
            .chain_update(key.as_bytes())
            .finalize();
        let mut text = String::from("ed25519:");
        for b in &digest[..16] {
            text.push(char::from(HEX[usize::from(b >> 4)]));
            text.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        Self(text)
    }

    /// The key id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key id as bytes (for a COSE `kid`).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({:?})", self.0)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::str::FromStr for KeyId {
    type Err = SignError;

    fn from_str(s: &str) -> Result<Self, SignError> {
        Self::new(s)
    }
}

/// A trust list: the verifying keys a verifier accepts, by key id.
///
/// Several keys may be trusted at once: during a rotation the new key is
/// added before the old one is removed, so credentials signed with either
/// verify.
///
/// Each trusted key carries tables computed once when it is inserted (about
/// 20 KiB per key; see `precomputed.rs`), so verifying through the set —
/// [`KeySet::verify`], or batch items from [`KeySet::item`] and
/// [`KeySet::verify_many`] — is faster than through the bare
/// [`VerifyingKey`], under the same rule and with the same answers.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    // Arc: cloning a set (a verifier per thread or per issuer) shares the
    // tables instead of copying them.
    keys: BTreeMap<KeyId, Arc<KeyTable>>,
}

impl PartialEq for KeySet {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for KeySet {}

impl KeySet {
    /// An empty trust list.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts `key` under `id`, returning the key previously trusted under
    /// that id, if any. Builds the key's tables (tens of microseconds).
    pub fn insert(&mut self, id: KeyId, key: VerifyingKey) -> Option<VerifyingKey> {
        self.keys
            .insert(id, Arc::new(KeyTable::new(key)))
            .map(|t| *t.key())
    }

    /// Stops trusting the key under `id`, returning it.
    pub fn remove(&mut self, id: &KeyId) -> Option<VerifyingKey> {
        self.keys.remove(id).map(|t| *t.key())
    }

    /// The key trusted under `id`.
    #[must_use]
    pub fn get(&self, id: &KeyId) -> Option<&VerifyingKey> {
        self.keys.get(id).map(|t| t.key())
    }

    /// The key trusted under the key id given as bytes (a COSE `kid`).
    #[must_use]
    pub fn get_bytes(&self, id: &[u8]) -> Option<&VerifyingKey> {
        self.table_bytes(id).map(KeyTable::key)
    }

    fn table_bytes(&self, id: &[u8]) -> Option<&KeyTable> {
        let id = KeyId::from_bytes(id).ok()?;
        self.keys.get(&id).map(|t| &**t)
    }

    /// Number of trusted keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is trusted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The trusted keys, ordered by key id.
    pub fn iter(&self) -> impl Iterator<Item = (&KeyId, &VerifyingKey)> {
        self.keys.iter().map(|(id, t)| (id, t.key()))
    }

    /// Verifies `signature` of `message` with the key trusted under `id`,
    /// using the key's tables.
    ///
    /// # Errors
    /// [`SignError::KeyIdUnknown`] if no key is trusted under `id`;
    /// [`SignError::SignatureInvalid`] if the signature does not verify.
    pub fn verify(
        &self,
        id: &KeyId,
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), SignError> {
        let table = self.keys.get(id).ok_or(SignError::KeyIdUnknown)?;
        table.key().verify_with_table(table, message, signature)
    }

    /// As [`KeySet::verify`], with the key id given as bytes (a COSE `kid`).
    ///
    /// # Errors
    /// As [`KeySet::verify`]; an id that is not a valid [`KeyId`] is
    /// [`SignError::KeyIdUnknown`].
    pub fn verify_bytes(
        &self,
        id: &[u8],
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), SignError> {
        let table = self.table_bytes(id).ok_or(SignError::KeyIdUnknown)?;
        table.key().verify_with_table(table, message, signature)
    }

    /// A batch item for [`verify_many`](super::verify_many) verified with
    /// the tables of the key trusted under `id`; `None` if no key is.
    #[must_use]
    pub fn item<'a>(
        &'a self,
        id: &KeyId,
        message: &'a [u8],
        signature: &'a Signature,
    ) -> Option<VerifyItem<'a>> {
        let table = self.keys.get(id)?;
        Some(VerifyItem::trusted(table, message, signature))
    }

    /// As [`KeySet::item`], with the key id given as bytes (a COSE `kid`).
    #[must_use]
    pub fn item_bytes<'a>(
        &'a self,
        id: &[u8],
        message: &'a [u8],
        signature: &'a Signature,
    ) -> Option<VerifyItem<'a>> {
        let table = self.table_bytes(id)?;
        Some(VerifyItem::trusted(table, message, signature))
    }

    /// Verifies (key id, message, signature) triples in parallel with the
    /// tables of the trusted keys: one `bool` per item, in order, each the
    /// answer [`KeySet::verify`] gives it (`false` for an unknown key id).
    ///
    /// **Returns booleans, not a `Result`:** the caller must look at every
    /// entry, as with [`verify_many`](super::verify_many).
    #[must_use]
    pub fn verify_many(&self, items: &[(&KeyId, &[u8], &Signature)]) -> Vec<bool> {
        let mut out = vec![false; items.len()];
        let (index, batch): (Vec<usize>, Vec<VerifyItem<'_>>) = items
            .iter()
            .enumerate()
            .filter_map(|(i, &(id, message, signature))| {
                Some((i, self.item(id, message, signature)?))
            })
            .unzip();
        for (i, ok) in index.into_iter().zip(verify_many(&batch)) {
            out[i] = ok;
        }
        out
    }
}

impl FromIterator<(KeyId, VerifyingKey)> for KeySet {
    fn from_iter<I: IntoIterator<Item = (KeyId, VerifyingKey)>>(iter: I) -> Self {
        Self {
            keys: iter
                .into_iter()
                .map(|(id, key)| (id, Arc::new(KeyTable::new(key))))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SigningKey;

    #[test]
    fn key_id_bounds() {
        assert!(KeyId::new("kid-1").is_ok());
        assert_eq!(KeyId::new(""), Err(SignError::KeyIdInvalid));
        assert_eq!(KeyId::new("a b"), Err(SignError::KeyIdInvalid));
        assert_eq!(KeyId::new("é"), Err(SignError::KeyIdInvalid));
        assert!(KeyId::new(&"a".repeat(KeyId::MAX_LEN)).is_ok());
        assert_eq!(
            KeyId::new(&"a".repeat(KeyId::MAX_LEN + 1)),
            Err(SignError::KeyIdInvalid)
        );
    }

    #[test]
    fn rotation_keeps_both_keys_valid() {
        let old = SigningKey::from_bytes(&[1u8; 32]);
        let new = SigningKey::from_bytes(&[2u8; 32]);
        let old_id = KeyId::derive(&old.verifying_key());
        let new_id = KeyId::derive(&new.verifying_key());
        assert_ne!(old_id, new_id);
        assert!(
            KeyId::new(old_id.as_str()).is_ok(),
            "derived ids are valid ids"
        );
        let mut set = KeySet::new();
        set.insert(old_id.clone(), old.verifying_key());
        set.insert(new_id.clone(), new.verifying_key());
        assert_eq!(set.verify(&old_id, b"m", &old.sign(b"m")), Ok(()));
        assert_eq!(set.verify(&new_id, b"m", &new.sign(b"m")), Ok(()));
        assert_eq!(
            set.verify(&new_id, b"m", &old.sign(b"m")),
            Err(SignError::SignatureInvalid)
        );
        set.remove(&old_id);
        assert_eq!(
            set.verify(&old_id, b"m", &old.sign(b"m")),
            Err(SignError::KeyIdUnknown)
        );
    }
}
