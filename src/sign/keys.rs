//! Ed25519 keys and signatures (RFC 8032, section 5.1).

use core::fmt;

use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::{Scalar, clamp_integer};
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::SignError;
use super::precomputed::KeyTable;
use super::rule::{self, Prepared};
use crate::secret::random_array;

/// An Ed25519 signing key.
///
/// Holds the 32-byte seed and the expanded secret derived from it (the
/// clamped scalar and the nonce prefix, RFC 8032, section 5.1.5), so that
/// signing does not hash the seed again on every call. All three are
/// zeroized on drop, and `Debug` prints only the public key.
///
/// Invariant: `scalar`, `prefix` and `verifying_key` are derived from `seed`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey {
    seed: [u8; 32],
    scalar: Scalar,
    prefix: [u8; 32],
    #[zeroize(skip)]
    verifying_key: VerifyingKey,
}

impl SigningKey {
    /// Length of a seed in bytes (RFC 8032, section 5.1.5).
    pub const SEED_LEN: usize = 32;

    /// A new key from 32 bytes of the operating system's random source.
    ///
    /// # Errors
    /// [`SignError::RandomSourceFailed`] if the random source fails.
    ///
    /// # Security
    /// The seed is the whole secret: store it only where it is protected.
    pub fn generate() -> Result<Self, SignError> {
        let seed = random_array::<32>()?;
        Ok(Self::from_bytes(&seed))
    }

    /// The key whose seed (RFC 8032 "private key") is `seed`.
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `seed`.
    #[must_use]
    pub fn from_bytes(seed: &[u8; 32]) -> Self {
        // Invariant established here: everything is derived from `seed`.
        let mut hash = Zeroizing::new([0u8; 64]);
        hash.copy_from_slice(Sha512::digest(seed).as_slice());
        let mut lower = Zeroizing::new([0u8; 32]);
        let mut prefix = [0u8; 32];
        lower.copy_from_slice(&hash[..32]);
        prefix.copy_from_slice(&hash[32..]);
        let scalar = Scalar::from_bytes_mod_order(clamp_integer(*lower));
        let point = EdwardsPoint::mul_base(&scalar);
        let verifying_key = VerifyingKey {
            bytes: point.compress().to_bytes(),
            point,
        };
        Self {
            seed: *seed,
            scalar,
            prefix,
            verifying_key,
        }
    }

    /// The key whose seed is `seed`, which must be 32 bytes.
    ///
    /// # Errors
    /// [`SignError::KeyLengthInvalid`] if `seed` is not 32 bytes.
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `seed`.
    pub fn from_slice(seed: &[u8]) -> Result<Self, SignError> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| SignError::KeyLengthInvalid)?;
        Ok(Self::from_bytes(seed))
    }

    /// The 32-byte seed.
    ///
    /// # Security
    /// This is the secret key: wipe the copy when done (for example by
    /// wrapping it in [`zeroize::Zeroizing`]).
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.seed
    }

    /// The public key.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        self.verifying_key
    }

    /// Signs `message` with Ed25519 (PureEdDSA, RFC 8032, section 5.1.6).
    /// Deterministic: the same key and message give the same signature.
    ///
    /// # Security
    /// Uses the secret key; the nonce is derived from the secret prefix and
    /// the message and wiped after use.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.sign_parts(&[], &[message])
    }

    /// Signs the concatenation of `message` parts after the domain prefix
    /// `dom` (empty for Ed25519, `dom2(1, ctx)` for Ed25519ph).
    pub(crate) fn sign_parts(&self, dom: &[u8], message: &[&[u8]]) -> Signature {
        let r = self.nonce(dom, message);
        let mut point = EdwardsPoint::mul_base(&r);
        let r_bytes = point.compress().to_bytes();
        point.zeroize();
        self.finish(dom, message, r, &r_bytes)
    }

    /// The secret nonce r = SHA-512(dom ‖ prefix ‖ M) mod L (RFC 8032,
    /// section 5.1.6 steps 1 and 2), wiped when dropped.
    ///
    /// The steps of signing are split so that
    /// [`sign_messages`](super::batch_sign::sign_messages) can compute the
    /// points R = rB of many signatures and compress them with one shared
    /// inversion; both paths run these same two functions around it.
    pub(crate) fn nonce(&self, dom: &[u8], message: &[&[u8]]) -> Zeroizing<Scalar> {
        let mut h = Sha512::new();
        h.update(dom);
        h.update(self.prefix);
        for part in message {
            h.update(part);
        }
        Zeroizing::new(Scalar::from_hash(h))
    }

    /// The signature (R, S = r + k·a) once R = `r_bytes` is known (RFC
    /// 8032, section 5.1.6 steps 3 to 6). Consumes and wipes `r`.
    pub(crate) fn finish(
        &self,
        dom: &[u8],
        message: &[&[u8]],
        r: Zeroizing<Scalar>,
        r_bytes: &[u8; 32],
    ) -> Signature {
        let k = challenge(dom, r_bytes, &self.verifying_key.bytes, message);
        let s = Zeroizing::new(k * self.scalar + *r);
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(r_bytes);
        out[32..].copy_from_slice(s.as_bytes());
        Signature(out)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("seed", &"[REDACTED]")
            .field("verifying_key", &self.verifying_key)
            .finish()
    }
}

/// k = SHA-512(dom ‖ R ‖ A ‖ M) mod L (RFC 8032, section 5.1.6 step 4).
pub(crate) fn challenge(dom: &[u8], r: &[u8; 32], a: &[u8; 32], message: &[&[u8]]) -> Scalar {
    let mut h = Sha512::new();
    h.update(dom);
    h.update(r);
    h.update(a);
    for part in message {
        h.update(part);
    }
    Scalar::from_hash(h)
}

/// An Ed25519 public key.
///
/// Invariant: `bytes` is the canonical encoding of `point`, and `point` is
/// a curve point of large order (not in the torsion subgroup), as checked by
/// the verification rule (see [`rule`](super::rule)). A small-order key would make
/// some signatures valid for every message, so it cannot be constructed.
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    bytes: [u8; 32],
    point: EdwardsPoint,
}

impl VerifyingKey {
    /// Length of an encoded public key in bytes (RFC 8032, section 5.1.5).
    pub const LEN: usize = 32;

    /// Decodes a public key.
    ///
    /// # Errors
    /// [`SignError::VerifyingKeyInvalid`] if `bytes` is not a canonical
    /// encoding of a curve point, or the point has small order.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, SignError> {
        // Invariant established here.
        let point = rule::decode_point(bytes).ok_or(SignError::VerifyingKeyInvalid)?;
        Ok(Self {
            bytes: *bytes,
            point,
        })
    }

    /// Decodes a public key from a slice, which must be 32 bytes.
    ///
    /// # Errors
    /// [`SignError::KeyLengthInvalid`] if `bytes` is not 32 bytes, and the
    /// errors of [`VerifyingKey::from_bytes`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SignError> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| SignError::KeyLengthInvalid)?;
        Self::from_bytes(bytes)
    }

    /// The 32-byte encoding.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.bytes
    }

    /// The 32-byte encoding, borrowed.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The decoded point (of large order, by the type's invariant).
    pub(crate) fn point(&self) -> &EdwardsPoint {
        &self.point
    }

    /// Verifies an Ed25519 signature of `message` under the rule described
    /// in [`sign`](super): the same rule as [`verify_many`](super::verify_many).
    ///
    /// # Errors
    /// [`SignError::SignatureInvalid`] if the signature does not verify, for
    /// whatever reason.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), SignError> {
        self.verify_parts(&[], &[message], signature)
    }

    /// [`VerifyingKey::verify`] with the precomputed tables of this key.
    pub(crate) fn verify_with_table(
        &self,
        table: &KeyTable,
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), SignError> {
        match self.prepare(&[], &[message], signature) {
            Some(p) if rule::check(&p.with_table(table)) => Ok(()),
            _ => Err(SignError::SignatureInvalid),
        }
    }

    /// Verifies a signature over `dom ‖ message parts`.
    pub(crate) fn verify_parts(
        &self,
        dom: &[u8],
        message: &[&[u8]],
        signature: &Signature,
    ) -> Result<(), SignError> {
        match self.prepare(dom, message, signature) {
            Some(p) if rule::check(&p) => Ok(()),
            _ => Err(SignError::SignatureInvalid),
        }
    }

    /// Applies rules 1 to 3 to the signature and computes the challenge.
    pub(crate) fn prepare(
        &self,
        dom: &[u8],
        message: &[&[u8]],
        signature: &Signature,
    ) -> Option<Prepared<'static>> {
        let (r, s) = rule::decode_signature(&signature.0)?;
        let (r_bytes, _) = rule::split_signature(&signature.0);
        let k = challenge(dom, &r_bytes, &self.bytes, message);
        Some(Prepared {
            a: self.point,
            a_bytes: self.bytes,
            r,
            s,
            k,
            table: None,
        })
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyingKey {}

impl core::hash::Hash for VerifyingKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey(")?;
        write_hex(f, &self.bytes)?;
        write!(f, ")")
    }
}

impl TryFrom<&[u8]> for VerifyingKey {
    type Error = SignError;

    fn try_from(bytes: &[u8]) -> Result<Self, SignError> {
        Self::from_slice(bytes)
    }
}

/// An Ed25519 signature: R (32 bytes) followed by S (32 bytes).
///
/// Any 64 bytes make a `Signature`; whether they are a valid one is decided
/// only by verification, so that every check lives in one rule.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 64]);

impl Signature {
    /// Length of a signature in bytes (RFC 8032, section 5.1.6).
    pub const LEN: usize = 64;

    /// Wraps 64 bytes.
    #[must_use]
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        Self(*bytes)
    }

    /// Wraps a slice, which must be 64 bytes.
    ///
    /// # Errors
    /// [`SignError::SignatureLengthInvalid`] if `bytes` is not 64 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SignError> {
        let bytes: &[u8; 64] = bytes
            .try_into()
            .map_err(|_| SignError::SignatureLengthInvalid)?;
        Ok(Self(*bytes))
    }

    /// The 64 bytes.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// The 64 bytes, borrowed.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature(")?;
        write_hex(f, &self.0)?;
        write!(f, ")")
    }
}

impl TryFrom<&[u8]> for Signature {
    type Error = SignError;

    fn try_from(bytes: &[u8]) -> Result<Self, SignError> {
        Self::from_slice(bytes)
    }
}

fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for b in bytes {
        write!(f, "{b:02x}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_seed() {
        let sk = SigningKey::from_bytes(&[7u8; 32]);
        let debug = format!("{sk:?}");
        assert!(debug.contains("REDACTED"));
        assert!(!debug.contains("0707070707"));
    }

    #[test]
    fn lengths_are_checked() {
        assert_eq!(
            SigningKey::from_slice(&[0u8; 31]).err(),
            Some(SignError::KeyLengthInvalid)
        );
        assert_eq!(
            VerifyingKey::from_slice(&[0u8; 33]).err(),
            Some(SignError::KeyLengthInvalid)
        );
        assert_eq!(
            Signature::from_slice(&[0u8; 63]).err(),
            Some(SignError::SignatureLengthInvalid)
        );
    }

    #[test]
    fn sign_then_verify() {
        let sk = SigningKey::generate().expect("os rng");
        let vk = sk.verifying_key();
        let sig = sk.sign(b"hello");
        assert_eq!(vk.verify(b"hello", &sig), Ok(()));
        assert_eq!(vk.verify(b"hellp", &sig), Err(SignError::SignatureInvalid));
        let again = SigningKey::from_bytes(&sk.to_bytes());
        assert_eq!(again.sign(b"hello"), sig);
    }
}
