//! ECDSA over P-256 with SHA-256 (ES256: RFC 7518 section 3.4, RFC 9053
//! section 2.1), beside Ed25519 for the parties that require it: phones'
//! secure hardware (iOS Secure Enclave, Android StrongBox) holds only P-256
//! keys, and relying parties and the OpenID4VC HAIP profile ask for ES256.
//!
//! # What a signature is
//!
//! A signature is always the fixed 64-byte `r ‖ s` form (IEEE P1363), the
//! form JOSE and COSE use, never ASN.1 DER: a DER signature does not have 64
//! bytes and is refused by length, and credkit never tries to parse one, so
//! there is one encoding to reason about. `r` and `s` must both lie in
//! `[1, n − 1]` (n the group order); anything else fails verification.
//!
//! # High `s`
//!
//! If `(r, s)` verifies, so does `(r, n − s)`. JOSE (RFC 7518) and COSE
//! (RFC 9053) do not require the low form, and common signers (OpenSSL,
//! pyca/cryptography, phones' secure hardware) emit high `s` half of the
//! time, so [`P256VerifyingKey::verify`] **accepts both**; refusing high `s`
//! would reject honest device approvals and foreign credentials.
//! [`P256SigningKey::sign`] always emits the low form (RFC 6979 deterministic
//! nonce, then `s` normalised), so credkit's own signatures are canonical.
//!
//! Consequence for callers: a P-256 signature is not unique for its message
//! and key. Never use the signature bytes as an identifier (a replay cache
//! key, a token id): use the signed content, such as a token's `jti`.
//!
//! # Batches
//!
//! ECDSA has no cheaper batch equation without extra data from the signer
//! (the point R), so [`verify_many_p256`] is independent single
//! verifications spread over rayon, with answers equal to the single path's
//! by construction.

use core::fmt;

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature as EcdsaSignature, SigningKey, VerifyingKey};
use p256::elliptic_curve::sec1::{Coordinates, Sec1Point};
use rayon::prelude::*;
use zeroize::Zeroizing;

use super::SignError;
use crate::secret::random_array;

/// A P-256 ECDSA signing key (ES256).
///
/// The secret scalar is zeroized on drop (by the `ecdsa` crate's key type),
/// and `Debug` prints only the public key.
#[derive(Clone)]
pub struct P256SigningKey {
    inner: SigningKey,
}

impl P256SigningKey {
    /// Length of the secret scalar in bytes.
    pub const SECRET_LEN: usize = 32;

    /// A new key from the operating system's random source.
    ///
    /// # Errors
    /// [`SignError::RandomSourceFailed`] if the random source fails.
    ///
    /// # Security
    /// The scalar is drawn by rejection: 32 random bytes are used only when
    /// they encode an integer in `[1, n − 1]` (all but about 2⁻³² of draws),
    /// so the key is uniform.
    pub fn generate() -> Result<Self, SignError> {
        loop {
            let bytes = Zeroizing::new(random_array::<32>()?);
            if let Ok(key) = Self::from_bytes(&bytes) {
                return Ok(key);
            }
        }
    }

    /// The key whose secret scalar is the big-endian integer `bytes`.
    ///
    /// # Errors
    /// [`SignError::P256KeyInvalid`] if the integer is 0 or not below the
    /// group order.
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `bytes`.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, SignError> {
        let inner = SigningKey::from_slice(bytes).map_err(|_| SignError::P256KeyInvalid)?;
        Ok(Self { inner })
    }

    /// As [`from_bytes`](Self::from_bytes), from a slice of 32 bytes.
    ///
    /// # Errors
    /// [`SignError::KeyLengthInvalid`] if `bytes` is not 32 bytes, and the
    /// errors of [`from_bytes`](Self::from_bytes).
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `bytes`.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SignError> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| SignError::KeyLengthInvalid)?;
        Self::from_bytes(bytes)
    }

    /// The 32-byte big-endian secret scalar.
    ///
    /// # Security
    /// This is the secret key: the copy is wrapped in [`Zeroizing`] so it
    /// is wiped when dropped.
    #[must_use]
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&self.inner.to_bytes());
        out
    }

    /// The public key.
    #[must_use]
    pub fn verifying_key(&self) -> P256VerifyingKey {
        P256VerifyingKey {
            inner: *self.inner.verifying_key(),
        }
    }

    /// Signs `message` with ECDSA P-256 / SHA-256: the 64-byte `r ‖ s`
    /// form, with low `s` (see [the module documentation](self)).
    /// Deterministic (RFC 6979): the same key and message give the same
    /// signature.
    ///
    /// # Security
    /// The nonce is derived from the secret key and the message hash
    /// (RFC 6979), so a broken random source cannot leak the key through
    /// nonce reuse.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let signature: EcdsaSignature = self.inner.sign(message);
        let mut out = [0u8; 64];
        out.copy_from_slice(&signature.normalize_s().to_bytes());
        out
    }

    pub(crate) fn inner(&self) -> &SigningKey {
        &self.inner
    }

    pub(crate) fn from_inner(inner: SigningKey) -> Self {
        Self { inner }
    }
}

impl fmt::Debug for P256SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("P256SigningKey")
            .field("secret", &"[REDACTED]")
            .field("verifying_key", &self.verifying_key())
            .finish()
    }
}

/// A P-256 public key.
///
/// Invariant: the point is on the curve and is not the identity (checked by
/// every constructor, through the `p256` crate's SEC1 decoding).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct P256VerifyingKey {
    inner: VerifyingKey,
}

impl P256VerifyingKey {
    /// Length of the uncompressed SEC1 encoding (`04 ‖ x ‖ y`).
    pub const UNCOMPRESSED_LEN: usize = 65;

    /// Decodes a SEC1 point: uncompressed (`04 ‖ x ‖ y`, 65 bytes) or
    /// compressed (`02`/`03 ‖ x`, 33 bytes).
    ///
    /// # Errors
    /// [`SignError::P256KeyInvalid`] if the bytes are not one of those
    /// forms, a coordinate is not below the field prime, the point is not
    /// on the curve, or it is the identity.
    pub fn from_sec1_bytes(bytes: &[u8]) -> Result<Self, SignError> {
        // Invariant established here: the crate checks the point.
        let inner = VerifyingKey::from_sec1_bytes(bytes).map_err(|_| SignError::P256KeyInvalid)?;
        Ok(Self { inner })
    }

    /// The key with affine coordinates `x` and `y` (big-endian, 32 bytes
    /// each), the form of a JWK's `x` and `y`.
    ///
    /// # Errors
    /// [`SignError::P256KeyInvalid`] if the point is not on the curve.
    pub fn from_affine_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self, SignError> {
        let mut sec1 = [0u8; 65];
        sec1[0] = 0x04;
        sec1[1..33].copy_from_slice(x);
        sec1[33..].copy_from_slice(y);
        Self::from_sec1_bytes(&sec1)
    }

    /// The uncompressed SEC1 encoding `04 ‖ x ‖ y`.
    #[must_use]
    pub fn to_sec1_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out.copy_from_slice(self.inner.to_sec1_point(false).as_bytes());
        out
    }

    /// The compressed SEC1 encoding `02`/`03 ‖ x`.
    #[must_use]
    pub fn to_compressed_sec1_bytes(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out.copy_from_slice(self.inner.to_sec1_point(true).as_bytes());
        out
    }

    /// The affine coordinates `(x, y)`, big-endian.
    #[must_use]
    pub fn affine_coordinates(&self) -> ([u8; 32], [u8; 32]) {
        let point: Sec1Point<p256::NistP256> = self.inner.to_sec1_point(false);
        let mut x = [0u8; 32];
        let mut y = [0u8; 32];
        // Invariant: the key is not the identity and the point is
        // uncompressed, so the coordinates are present.
        if let Coordinates::Uncompressed { x: px, y: py } = point.coordinates() {
            x.copy_from_slice(px);
            y.copy_from_slice(py);
        }
        (x, y)
    }

    /// Verifies an ES256 signature `r ‖ s` of `message`. High and low `s`
    /// are both accepted (see [the module documentation](self)).
    ///
    /// # Errors
    /// [`SignError::SignatureInvalid`] if `r` or `s` is out of range or the
    /// signature does not verify, whichever check failed.
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> Result<(), SignError> {
        let signature =
            EcdsaSignature::from_slice(signature).map_err(|_| SignError::SignatureInvalid)?;
        self.inner
            .verify(message, &signature)
            .map_err(|_| SignError::SignatureInvalid)
    }

    /// As [`verify`](Self::verify), for a signature of unchecked length.
    ///
    /// # Errors
    /// [`SignError::SignatureLengthInvalid`] if `signature` is not 64 bytes
    /// (an ASN.1 DER signature is refused here), and the errors of
    /// [`verify`](Self::verify).
    pub fn verify_slice(&self, message: &[u8], signature: &[u8]) -> Result<(), SignError> {
        let signature: &[u8; 64] = signature
            .try_into()
            .map_err(|_| SignError::SignatureLengthInvalid)?;
        self.verify(message, signature)
    }

    pub(crate) fn inner(&self) -> &VerifyingKey {
        &self.inner
    }
}

impl core::hash::Hash for P256VerifyingKey {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.to_sec1_bytes().hash(state);
    }
}

impl fmt::Debug for P256VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P256VerifyingKey(")?;
        for b in self.to_compressed_sec1_bytes() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// Verifies many ES256 signatures in parallel, one `bool` per item in
/// order: `(key, message, signature)`; a signature that is not 64 bytes is
/// `false`. Each answer is exactly [`P256VerifyingKey::verify_slice`]'s.
#[must_use]
pub fn verify_many_p256<M, S>(items: &[(&P256VerifyingKey, M, S)]) -> Vec<bool>
where
    M: AsRef<[u8]> + Sync,
    S: AsRef<[u8]> + Sync,
{
    crate::pool::install(|| {
        items
            .par_iter()
            .map(|(key, message, signature)| {
                key.verify_slice(message.as_ref(), signature.as_ref())
                    .is_ok()
            })
            .collect()
    })
}

/// Signs many messages in parallel with one key, in order.
#[must_use]
pub fn sign_many_p256<M: AsRef<[u8]> + Sync>(
    key: &P256SigningKey,
    messages: &[M],
) -> Vec<[u8; 64]> {
    crate::pool::install(|| messages.par_iter().map(|m| key.sign(m.as_ref())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_low_s_and_high_s() {
        let sk = P256SigningKey::generate().expect("os rng");
        let vk = sk.verifying_key();
        let sig = sk.sign(b"hello");
        assert_eq!(sig, sk.sign(b"hello"), "RFC 6979 is deterministic");
        assert_eq!(vk.verify(b"hello", &sig), Ok(()));
        assert_eq!(vk.verify(b"hellp", &sig), Err(SignError::SignatureInvalid));
        // The high-s twin (n - s) verifies too, by the documented rule.
        let parsed = EcdsaSignature::from_slice(&sig).expect("valid");
        let (r, s) = parsed.split_scalars();
        let high = EcdsaSignature::from_scalars(r.to_bytes(), (-*s).to_bytes()).expect("in range");
        let high: [u8; 64] = high.to_bytes().into();
        assert_ne!(high, sig);
        assert_eq!(vk.verify(b"hello", &high), Ok(()));
        assert_eq!(high[..32], sig[..32]);
    }

    #[test]
    fn out_of_range_and_der_signatures_fail() {
        let sk = P256SigningKey::from_bytes(&[7u8; 32]).expect("valid scalar");
        let vk = sk.verifying_key();
        assert_eq!(
            vk.verify(b"m", &[0u8; 64]),
            Err(SignError::SignatureInvalid)
        );
        assert_eq!(
            vk.verify(b"m", &[0xff; 64]),
            Err(SignError::SignatureInvalid)
        );
        let der = EcdsaSignature::from_slice(&sk.sign(b"m"))
            .expect("valid")
            .to_der();
        assert_eq!(
            vk.verify_slice(b"m", der.as_bytes()),
            Err(SignError::SignatureLengthInvalid)
        );
    }

    #[test]
    fn keys_round_trip_and_bad_keys_are_refused() {
        assert_eq!(
            P256SigningKey::from_bytes(&[0u8; 32]).err(),
            Some(SignError::P256KeyInvalid)
        );
        assert_eq!(
            P256SigningKey::from_bytes(&[0xff; 32]).err(),
            Some(SignError::P256KeyInvalid)
        );
        let sk = P256SigningKey::generate().expect("os rng");
        let again = P256SigningKey::from_bytes(&sk.to_bytes()).expect("round trip");
        let vk = sk.verifying_key();
        assert_eq!(again.verifying_key(), vk);
        assert_eq!(
            P256VerifyingKey::from_sec1_bytes(&vk.to_sec1_bytes()),
            Ok(vk)
        );
        assert_eq!(
            P256VerifyingKey::from_sec1_bytes(&vk.to_compressed_sec1_bytes()),
            Ok(vk)
        );
        let (x, y) = vk.affine_coordinates();
        assert_eq!(P256VerifyingKey::from_affine_coordinates(&x, &y), Ok(vk));
        let mut off_curve = y;
        off_curve[31] ^= 1;
        assert_eq!(
            P256VerifyingKey::from_affine_coordinates(&x, &off_curve),
            Err(SignError::P256KeyInvalid)
        );
        assert_eq!(
            P256VerifyingKey::from_sec1_bytes(&[0u8]),
            Err(SignError::P256KeyInvalid)
        );
        let debug = format!("{sk:?}");
        assert!(debug.contains("REDACTED"));
    }

    #[test]
    fn batch_answers_equal_single_answers() {
        let sk = P256SigningKey::generate().expect("os rng");
        let vk = sk.verifying_key();
        let msgs: Vec<Vec<u8>> = (0u8..20).map(|i| vec![i; 10]).collect();
        let mut sigs: Vec<Vec<u8>> = sign_many_p256(&sk, &msgs)
            .into_iter()
            .map(|s| s.to_vec())
            .collect();
        sigs[3][5] ^= 1;
        sigs[7].truncate(63);
        let items: Vec<_> = msgs
            .iter()
            .zip(&sigs)
            .map(|(m, s)| (&vk, m.as_slice(), s.as_slice()))
            .collect();
        let got = verify_many_p256(&items);
        for (i, ok) in got.iter().enumerate() {
            assert_eq!(*ok, vk.verify_slice(&msgs[i], &sigs[i]).is_ok());
            assert_eq!(*ok, i != 3 && i != 7);
        }
    }
}
