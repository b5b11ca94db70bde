//! Issuing credentials and status lists.

use core::fmt;

use rayon::prelude::*;

use super::CredentialError;
use super::claims::{AttributeValue, Attributes, CredentialClaims};
use super::cose::{CoseAlg, UnsignedSign1};
use super::qr_text::encode_qr_text;
use super::status_list::{STATUS_LIST_TYP, StatusList, StatusListToken};
use crate::secret::fill_random;
use crate::sign::{AnySigningKey, KeyId};

/// What to put in one credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRequest {
    subject: String,
    valid_for: u64,
    version: u64,
    status_index: Option<u64>,
    not_before: Option<u64>,
    attributes: Attributes,
}

impl CredentialRequest {
    /// A credential for `subject` (the holder's ID number), valid for
    /// `valid_for` seconds from issue, version 1, no attributes.
    #[must_use]
    pub fn new(subject: impl Into<String>, valid_for: u64) -> Self {
        Self {
            subject: subject.into(),
            valid_for,
            version: 1,
            status_index: None,
            not_before: None,
            attributes: Attributes::new(),
        }
    }

    /// Sets the version of the holder's data (from 1; a re-issue after the
    /// data change carries a higher one).
    #[must_use]
    pub fn version(mut self, version: u64) -> Self {
        self.version = version;
        self
    }

    /// Sets the credential's index in the issuer's status list.
    #[must_use]
    pub fn status_index(mut self, index: u64) -> Self {
        self.status_index = Some(index);
        self
    }

    /// Makes the credential valid only from `not_before` (seconds since the
    /// Unix epoch).
    #[must_use]
    pub fn not_before(mut self, not_before: u64) -> Self {
        self.not_before = Some(not_before);
        self
    }

    /// Adds (or replaces) one attribute.
    #[must_use]
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<AttributeValue>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }

    /// Replaces all attributes.
    #[must_use]
    pub fn attributes(mut self, attributes: Attributes) -> Self {
        self.attributes = attributes;
        self
    }
}

/// Issues credentials (QR text) and status lists under one signing key.
///
/// The signing key is Ed25519 ([`SigningKey`](crate::sign::SigningKey),
/// COSE alg EdDSA, -8) or P-256
/// ([`P256SigningKey`](crate::sign::P256SigningKey), COSE alg ES256, -7),
/// zeroized on drop; `Debug` prints only the key id and issuer.
#[derive(Clone)]
pub struct CredentialIssuer {
    key: AnySigningKey,
    alg: CoseAlg,
    key_id: KeyId,
    issuer: String,
}

impl fmt::Debug for CredentialIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialIssuer")
            .field("key_id", &self.key_id.as_str())
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl CredentialIssuer {
    /// Longest issuer name and subject accepted: 256 bytes.
    pub const MAX_NAME_LEN: usize = 256;

    /// Length of the random credential id (`cti`) in each credential: 16
    /// bytes, so ids never collide (birthday bound 2⁶⁴).
    pub const CREDENTIAL_ID_LEN: usize = 16;

    /// An issuer signing with `key`, naming it `key_id` in the COSE `kid`
    /// header, and writing `issuer` as the `iss` claim.
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] if `key_id` is not a valid
    /// [`KeyId`] (1 to 64 printable ASCII bytes) or `issuer` is empty or
    /// longer than [`Self::MAX_NAME_LEN`].
    ///
    /// # Security
    /// Takes ownership of the signing key; it is wiped when the issuer is
    /// dropped.
    pub fn new(
        key: impl Into<AnySigningKey>,
        key_id: &str,
        issuer: &str,
    ) -> Result<Self, CredentialError> {
        let key = key.into();
        let key_id = KeyId::new(key_id).map_err(|_| CredentialError::ParameterInvalid)?;
        if issuer.is_empty() || issuer.len() > Self::MAX_NAME_LEN {
            return Err(CredentialError::ParameterInvalid);
        }
        let alg = CoseAlg::for_key(key.kind());
        Ok(Self {
            key,
            alg,
            key_id,
            issuer: issuer.to_owned(),
        })
    }

    /// The signing key.
    ///
    /// # Security
    /// The secret key: for moving the issuer (serialising it for a worker
    /// process, say), never for logs.
    #[must_use]
    pub fn signing_key(&self) -> &AnySigningKey {
        &self.key
    }

    /// The key id written in every credential.
    #[must_use]
    pub fn key_id(&self) -> &str {
        self.key_id.as_str()
    }

    /// The issuer name written in every credential.
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    fn sign(
        &self,
        key_id: &str,
        typ: Option<&str>,
        payload: Vec<u8>,
    ) -> Result<Vec<u8>, CredentialError> {
        let unsigned = UnsignedSign1::new(self.alg, key_id, typ, payload);
        let signature = self.key.sign(&unsigned.to_be_signed());
        unsigned.into_tagged_bytes(signature)
    }

    /// Issues one credential as a tagged COSE_Sign1 (the bytes the QR text
    /// carries), at time `now` (seconds since the Unix epoch).
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] for an empty or over-long
    /// subject, a zero validity period or version, or an expiry past the
    /// year 292277026596; [`CredentialError::AttributeInvalid`] for
    /// attributes nested too deeply; [`CredentialError::RandomSourceFailed`].
    pub fn issue_cose(
        &self,
        request: &CredentialRequest,
        now: u64,
    ) -> Result<Vec<u8>, CredentialError> {
        if request.subject.is_empty()
            || request.subject.len() > Self::MAX_NAME_LEN
            || request.valid_for == 0
            || request.version == 0
        {
            return Err(CredentialError::ParameterInvalid);
        }
        let expires_at = now
            .checked_add(request.valid_for)
            .filter(|&e| i64::try_from(e).is_ok())
            .ok_or(CredentialError::ParameterInvalid)?;
        let mut cti = vec![0u8; Self::CREDENTIAL_ID_LEN];
        fill_random(&mut cti)?;
        let claims = CredentialClaims {
            issuer: self.issuer.clone(),
            subject: request.subject.clone(),
            issued_at: now,
            expires_at,
            not_before: request.not_before,
            credential_id: Some(cti),
            version: request.version,
            status_index: request.status_index,
            attributes: request.attributes.clone(),
        };
        self.sign(self.key_id.as_str(), None, claims.encode()?)
    }

    /// Issues one credential as QR text: `CK1:` + Base45(zlib(COSE_Sign1)).
    ///
    /// # Errors
    /// As [`Self::issue_cose`], and [`CredentialError::CredentialTooLarge`]
    /// if the text would not fit in a QR code at error correction Q
    /// ([`MAX_ISSUED_QR_TEXT_LEN`](super::MAX_ISSUED_QR_TEXT_LEN)).
    pub fn issue(&self, request: &CredentialRequest, now: u64) -> Result<String, CredentialError> {
        encode_qr_text(&self.issue_cose(request, now)?)
    }

    /// Issues many credentials in parallel (rayon): one result per request,
    /// in order.
    #[must_use]
    pub fn issue_many(
        &self,
        requests: &[CredentialRequest],
        now: u64,
    ) -> Vec<Result<String, CredentialError>> {
        crate::pool::install(|| requests.par_iter().map(|r| self.issue(r, now)).collect())
    }

    /// Signs a status list: list version `version` (each publication must
    /// have a higher one; verifiers refuse going back), issued at `now`,
    /// to be relied on for `ttl` seconds.
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] if `ttl` is 0 or `now + ttl`
    /// overflows.
    pub fn issue_status_list(
        &self,
        list: &StatusList,
        version: u64,
        ttl: u64,
        now: u64,
    ) -> Result<Vec<u8>, CredentialError> {
        if ttl == 0
            || now
                .checked_add(ttl)
                .is_none_or(|e| i64::try_from(e).is_err())
        {
            return Err(CredentialError::ParameterInvalid);
        }
        let payload = StatusListToken::encode_payload(&self.issuer, list, version, now, ttl)?;
        self.sign(self.key_id.as_str(), Some(STATUS_LIST_TYP), payload)
    }
}
