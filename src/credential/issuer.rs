//! Issuing credentials and status lists.

use core::fmt;

use rayon::prelude::*;

use super::CredentialError;
use super::claims::{AttributeValue, Attributes, ClaimsRef};
use super::cose::{
    CoseAlg, UnsignedSign1, protected_header, write_sig_structure, write_tagged_sign1,
};
use super::qr_text::encode_qr_text;
use super::status_list::{STATUS_LIST_TYP, StatusList, StatusListToken};
use crate::secret::fill_random;
use crate::sign::batch_sign::{GROUP, sign_messages};
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
///
/// Invariant: `protected` is the COSE protected header for `alg` and
/// `key_id` (no `typ`).
#[derive(Clone)]
pub struct CredentialIssuer {
    key: AnySigningKey,
    alg: CoseAlg,
    key_id: KeyId,
    issuer: String,
    protected: Vec<u8>,
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
        // Invariant established here.
        let protected = protected_header(alg, key_id.as_str(), None)?;
        Ok(Self {
            key,
            alg,
            key_id,
            issuer: issuer.to_owned(),
            protected,
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
        let unsigned = UnsignedSign1::new(self.alg, key_id, typ, payload)?;
        let signature = self.key.sign(&unsigned.to_be_signed());
        Ok(unsigned.into_tagged_bytes(signature))
    }

    /// Checks `request` and appends its `Sig_structure` (the bytes to sign)
    /// to `tbs`, and its payload (the claims map) to `payload`, with the
    /// credential id `cti`.
    fn prepare(
        &self,
        request: &CredentialRequest,
        now: u64,
        cti: &[u8],
        payload: &mut Vec<u8>,
        tbs: &mut Vec<u8>,
    ) -> Result<(), CredentialError> {
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
        let claims = ClaimsRef {
            issuer: &self.issuer,
            subject: &request.subject,
            issued_at: now,
            expires_at,
            not_before: request.not_before,
            credential_id: Some(cti),
            version: request.version,
            status_index: request.status_index,
            attributes: &request.attributes,
        };
        payload.clear();
        claims.encode_into(payload)?;
        write_sig_structure(tbs, &self.protected, payload);
        Ok(())
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
        let mut cti = [0u8; Self::CREDENTIAL_ID_LEN];
        fill_random(&mut cti)?;
        let (mut payload, mut tbs) = (Vec::new(), Vec::new());
        self.prepare(request, now, &cti, &mut payload, &mut tbs)?;
        let signature = self.key.sign(&tbs);
        let mut out = Vec::with_capacity(payload.len() + self.protected.len() + 80);
        write_tagged_sign1(&mut out, &self.protected, &payload, &signature);
        Ok(out)
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
    /// in order, each as [`Self::issue`] would give it.
    ///
    /// Each rayon task issues a group of requests: one call to the random
    /// source for all their credential ids, the payloads and `Sig_structure`s
    /// written into two buffers shared by the group, and, for an Ed25519
    /// key, signatures that share one field inversion
    /// ([`sign_many`](crate::sign::sign_many)). Issuing a typical ID costs
    /// then about as much CPU as verifying one with
    /// [`CredentialVerifier::verify_many`](super::CredentialVerifier::verify_many)
    /// (`cargo bench --bench credential -- issue_vs_verify`).
    #[must_use]
    pub fn issue_many(
        &self,
        requests: &[CredentialRequest],
        now: u64,
    ) -> Vec<Result<String, CredentialError>> {
        crate::pool::install(|| {
            requests
                .par_chunks(GROUP)
                .flat_map_iter(|group| self.issue_group(group, now))
                .collect()
        })
    }

    /// [`Self::issue_many`] for one group of at most [`GROUP`] requests, on
    /// the calling thread.
    fn issue_group(
        &self,
        requests: &[CredentialRequest],
        now: u64,
    ) -> Vec<Result<String, CredentialError>> {
        let mut ctis = [[0u8; Self::CREDENTIAL_ID_LEN]; GROUP];
        let ctis = &mut ctis[..requests.len()];
        if fill_random(ctis.as_flattened_mut()).is_err() {
            return vec![Err(CredentialError::RandomSourceFailed); requests.len()];
        }
        // Every request's payload and Sig_structure, back to back; `ends`
        // marks where each request's pair ends (or its error).
        let (mut payloads, mut tbs) = (Vec::new(), Vec::new());
        let mut payload = Vec::new();
        let mut ends: Vec<Result<(usize, usize), CredentialError>> =
            Vec::with_capacity(requests.len());
        for (request, cti) in requests.iter().zip(ctis.iter()) {
            let tbs_start = tbs.len();
            let prepared = self.prepare(request, now, cti, &mut payload, &mut tbs);
            if prepared.is_err() {
                tbs.truncate(tbs_start);
            } else {
                payloads.extend_from_slice(&payload);
            }
            ends.push(prepared.map(|()| (payloads.len(), tbs.len())));
        }
        let mut messages: Vec<&[u8]> = Vec::with_capacity(requests.len());
        let mut start = 0;
        for &(_, end) in ends.iter().flatten() {
            messages.push(&tbs[start..end]);
            start = end;
        }
        let mut signatures: Vec<[u8; 64]> = match &self.key {
            AnySigningKey::Ed25519(key) => sign_messages(key, &messages)
                .iter()
                .map(crate::sign::Signature::to_bytes)
                .collect::<Vec<_>>(),
            other => messages.iter().map(|m| other.sign(m)).collect::<Vec<_>>(),
        }
        .into_iter()
        .rev()
        .collect();
        let mut cose = Vec::new();
        let mut start = 0;
        ends.into_iter()
            .map(|end| {
                let (end, _) = end?;
                let signature = signatures.pop().ok_or(CredentialError::CoseMalformed)?;
                cose.clear();
                write_tagged_sign1(
                    &mut cose,
                    &self.protected,
                    &payloads[start..end],
                    &signature,
                );
                start = end;
                encode_qr_text(&cose)
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::CredentialVerifier;
    use crate::sign::{KeySet, P256SigningKey, SigningKey};

    fn requests(n: u64) -> Vec<CredentialRequest> {
        (0..n)
            .map(|i| {
                let request = CredentialRequest::new(format!("10{i:08}"), 86_400)
                    .status_index(i)
                    .attribute("name", "Juan Español García")
                    .attribute("document", format!("{i:08}Z"));
                match i % 37 {
                    // Bad requests at positions across group boundaries.
                    5 => CredentialRequest::new("", 86_400),
                    11 => request.version(0),
                    _ => request,
                }
            })
            .collect()
    }

    #[test]
    fn issue_many_equals_issue_item_by_item() {
        let ed = AnySigningKey::from(SigningKey::from_bytes(&[3; 32]));
        let p256 = AnySigningKey::from(P256SigningKey::from_bytes(&[4; 32]).expect("valid"));
        for key in [ed, p256] {
            let mut verifier = CredentialVerifier::new(KeySet::new());
            verifier.add_key("k", key.verifying_key()).expect("valid");
            let issuer = CredentialIssuer::new(key, "k", "authority").expect("valid");
            let reqs = requests(2 * GROUP as u64 + 9);
            let many = issuer.issue_many(&reqs, 1_700_000_000);
            assert_eq!(many.len(), reqs.len());
            let mut ctis = std::collections::HashSet::new();
            for (i, (request, result)) in reqs.iter().zip(&many).enumerate() {
                let single = issuer.issue(request, 1_700_000_000);
                match (result, single) {
                    (Ok(text), Ok(_)) => {
                        let cred = verifier.verify(text, 1_700_000_001).expect("verifies");
                        assert_eq!(cred.subject(), request.subject, "{i}");
                        assert_eq!(cred.attributes(), &request.attributes, "{i}");
                        assert!(ctis.insert(cred.credential_id().expect("cti").to_vec()));
                    }
                    (Err(a), Err(b)) => assert_eq!(*a, b, "{i}"),
                    (a, b) => panic!("item {i}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}
