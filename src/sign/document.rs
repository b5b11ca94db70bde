//! Document signatures: Ed25519ph (RFC 8032, section 5.1, with the SHA-512
//! prehash and a context string), streamed so that a file of any size is
//! signed or verified without being loaded into memory.
//!
//! The signature covers SHA-512 of the document, so the signer reads the
//! document once; verification uses the same rule as every other path
//! (see [`sign`](super)).

use std::io::{ErrorKind as IoErrorKind, Read};

use sha2::{Digest, Sha512};

use super::SignError;
use super::keys::{Signature, SigningKey, VerifyingKey};
use super::rule;

/// The SHA-512 prehash of a document, PH(M) in RFC 8032, section 5.1.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prehash([u8; 64]);

impl Prehash {
    /// Wraps a SHA-512 digest computed elsewhere.
    #[must_use]
    pub fn from_bytes(digest: &[u8; 64]) -> Self {
        Self(*digest)
    }

    /// The 64-byte digest.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// Hashes a whole document read from `reader` until end of input.
    ///
    /// # Errors
    /// [`SignError::DocumentReadFailed`] if reading fails.
    pub fn from_reader<R: Read>(reader: R) -> Result<Self, SignError> {
        let mut hasher = DocumentHasher::new();
        hasher.read_from(reader)?;
        Ok(hasher.finish())
    }
}

impl core::fmt::Debug for Prehash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Prehash(")?;
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// Incremental SHA-512 over a document, for callers that feed the bytes
/// themselves.
#[derive(Clone, Debug, Default)]
pub struct DocumentHasher {
    hash: Sha512,
}

impl DocumentHasher {
    /// Size of the buffer used by [`DocumentHasher::read_from`].
    pub const READ_BUFFER: usize = 64 * 1024;

    /// An empty hasher.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `bytes` to the document.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
    }

    /// Appends everything `reader` yields until end of input, returning the
    /// number of bytes read.
    ///
    /// # Errors
    /// [`SignError::DocumentReadFailed`] if reading fails (interrupted reads
    /// are retried).
    pub fn read_from<R: Read>(&mut self, mut reader: R) -> Result<u64, SignError> {
        let mut buffer = vec![0u8; Self::READ_BUFFER];
        let mut total: u64 = 0;
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => return Ok(total),
                Ok(n) => {
                    let chunk = buffer.get(..n).ok_or(SignError::DocumentReadFailed)?;
                    self.hash.update(chunk);
                    total = total.saturating_add(n as u64);
                }
                Err(e) if e.kind() == IoErrorKind::Interrupted => {}
                Err(_) => return Err(SignError::DocumentReadFailed),
            }
        }
    }

    /// The prehash of everything appended.
    #[must_use]
    pub fn finish(self) -> Prehash {
        let mut out = [0u8; 64];
        out.copy_from_slice(self.hash.finalize().as_slice());
        Prehash(out)
    }
}

/// Longest context string, in bytes (RFC 8032, section 5.1: one length byte).
pub const MAX_CONTEXT_LEN: usize = 255;

/// dom2(1, context) from RFC 8032, section 5.1.
fn dom2_ph(context: &[u8]) -> Result<Vec<u8>, SignError> {
    let len = u8::try_from(context.len()).map_err(|_| SignError::ContextTooLong)?;
    let mut dom = Vec::with_capacity(34 + context.len());
    dom.extend_from_slice(b"SigEd25519 no Ed25519 collisions");
    dom.push(1);
    dom.push(len);
    dom.extend_from_slice(context);
    Ok(dom)
}

impl SigningKey {
    /// Signs a prehashed document with Ed25519ph under `context` (up to
    /// 255 bytes, may be empty; use it to separate kinds of documents).
    ///
    /// # Errors
    /// [`SignError::ContextTooLong`] if `context` is longer than 255 bytes.
    ///
    /// # Security
    /// Uses the secret key. The nonce depends on the prehash and context.
    pub fn sign_prehashed(
        &self,
        prehash: &Prehash,
        context: &[u8],
    ) -> Result<Signature, SignError> {
        let dom = dom2_ph(context)?;
        Ok(self.sign_parts(&dom, &[&prehash.0]))
    }

    /// Reads a document from `reader` to its end and signs it with
    /// Ed25519ph under `context`.
    ///
    /// # Errors
    /// [`SignError::ContextTooLong`] if `context` is longer than 255 bytes;
    /// [`SignError::DocumentReadFailed`] if reading fails.
    ///
    /// # Security
    /// Uses the secret key.
    pub fn sign_document<R: Read>(
        &self,
        reader: R,
        context: &[u8],
    ) -> Result<Signature, SignError> {
        // Check the context before reading a possibly large document.
        dom2_ph(context)?;
        let prehash = Prehash::from_reader(reader)?;
        self.sign_prehashed(&prehash, context)
    }
}

impl VerifyingKey {
    /// Verifies an Ed25519ph signature of a prehashed document under
    /// `context`, with the same rule as [`VerifyingKey::verify`].
    ///
    /// # Errors
    /// [`SignError::ContextTooLong`] if `context` is longer than 255 bytes;
    /// [`SignError::SignatureInvalid`] if the signature does not verify.
    pub fn verify_prehashed(
        &self,
        prehash: &Prehash,
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), SignError> {
        let dom = dom2_ph(context)?;
        match self.prepare(&dom, &[&prehash.0], signature) {
            Some(p) if rule::check(&p) => Ok(()),
            _ => Err(SignError::SignatureInvalid),
        }
    }

    /// Reads a document from `reader` to its end and verifies its
    /// Ed25519ph signature under `context`.
    ///
    /// # Errors
    /// [`SignError::ContextTooLong`], [`SignError::DocumentReadFailed`],
    /// or [`SignError::SignatureInvalid`] if the signature does not verify.
    pub fn verify_document<R: Read>(
        &self,
        reader: R,
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), SignError> {
        dom2_ph(context)?;
        let prehash = Prehash::from_reader(reader)?;
        self.verify_prehashed(&prehash, context, signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_bounded() {
        let sk = SigningKey::from_bytes(&[3u8; 32]);
        let long = [0u8; MAX_CONTEXT_LEN + 1];
        assert_eq!(
            sk.sign_document(&b"doc"[..], &long).err(),
            Some(SignError::ContextTooLong)
        );
        assert!(
            sk.sign_document(&b"doc"[..], &long[..MAX_CONTEXT_LEN])
                .is_ok()
        );
    }

    #[test]
    fn context_and_document_are_bound() {
        let sk = SigningKey::from_bytes(&[4u8; 32]);
        let vk = sk.verifying_key();
        let sig = sk
            .sign_document(&b"contract"[..], b"sanad")
            .expect("small context");
        assert_eq!(vk.verify_document(&b"contract"[..], b"sanad", &sig), Ok(()));
        assert!(
            vk.verify_document(&b"contract"[..], b"other", &sig)
                .is_err()
        );
        assert!(
            vk.verify_document(&b"contracT"[..], b"sanad", &sig)
                .is_err()
        );
        // A prehash signature is not a plain signature of the same bytes.
        assert!(vk.verify(b"contract", &sig).is_err());
    }

    struct Failing;
    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk"))
        }
    }

    #[test]
    fn read_errors_are_reported() {
        let sk = SigningKey::from_bytes(&[5u8; 32]);
        assert_eq!(
            sk.sign_document(Failing, b"").err(),
            Some(SignError::DocumentReadFailed)
        );
    }
}
