//! [`TrustList`]: the document-signer certificates a verifier trusts,
//! by DCC key id.

use std::collections::HashMap;
use std::sync::Arc;

use super::Hc1Error;
use super::certificate::DocumentSigner;

/// Document-signer certificates, by DCC key id (the first 8 bytes of
/// SHA-256 of each certificate's DER).
///
/// An 8-byte key id can collide, so a key id may name several
/// certificates; the verifier tries each ("a verifier MUST check all DSCs
/// with that KID", hcert specification §3.3.1). Adding the same
/// certificate twice keeps one copy.
///
/// Cloning is cheap: the certificates are shared.
#[derive(Clone, Debug, Default)]
pub struct TrustList {
    by_key_id: HashMap<[u8; 8], Vec<Arc<DocumentSigner>>>,
    len: usize,
}

impl TrustList {
    /// Most certificates kept under one key id: 8. Past this many
    /// distinct certificates with the same truncated hash, a collision is
    /// being manufactured, and each one would cost a signature check of
    /// every credential naming that key id.
    pub const MAX_CERTIFICATES_PER_KEY_ID: usize = 8;

    /// An empty trust list.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a document-signer certificate in DER or PEM and returns its
    /// DCC key id.
    ///
    /// # Errors
    /// The errors of [`DocumentSigner::from_der_or_pem`];
    /// [`Hc1Error::ParameterInvalid`] if the key id already names
    /// [`Self::MAX_CERTIFICATES_PER_KEY_ID`] other certificates.
    pub fn add_certificate(&mut self, der_or_pem: &[u8]) -> Result<[u8; 8], Hc1Error> {
        let signer = DocumentSigner::from_der_or_pem(der_or_pem)?;
        self.add_signer(signer)
    }

    /// Adds a certificate already read.
    ///
    /// # Errors
    /// [`Hc1Error::ParameterInvalid`] as for [`Self::add_certificate`].
    pub fn add_signer(&mut self, signer: DocumentSigner) -> Result<[u8; 8], Hc1Error> {
        let kid = signer.key_id();
        let entry = self.by_key_id.entry(kid).or_default();
        if entry.iter().any(|s| s.der() == signer.der()) {
            return Ok(kid);
        }
        if entry.len() >= Self::MAX_CERTIFICATES_PER_KEY_ID {
            return Err(Hc1Error::ParameterInvalid);
        }
        entry.push(Arc::new(signer));
        self.len += 1;
        Ok(kid)
    }

    /// The certificates with key id `key_id` (empty if none).
    #[must_use]
    pub fn get(&self, key_id: &[u8]) -> &[Arc<DocumentSigner>] {
        <[u8; 8]>::try_from(key_id)
            .ok()
            .and_then(|kid| self.by_key_id.get(&kid))
            .map_or(&[], Vec::as_slice)
    }

    /// Every certificate, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &DocumentSigner> {
        self.by_key_id.values().flatten().map(AsRef::as_ref)
    }

    /// Number of certificates.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
