//! Verifying credentials offline: trust list, clock skew, status list.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::CredentialError;
use super::claims::{Attributes, CredentialClaims};
use super::cose::CoseAlg;
use super::cose::{ParsedSign1, parse_sign1};
use super::qr_text::decode_qr_text;
use super::status_list::{STATUS_LIST_TYP, Status, StatusListToken};
use crate::sign::{AnyVerifyingKey, KeyId, KeySet, P256VerifyingKey, Signature, verify_many};

/// The trusted key a credential names, by kind.
enum TrustedKey<'a> {
    /// In the Ed25519 [`KeySet`], verified with its precomputed tables.
    Ed25519,
    /// A P-256 key (ES256).
    P256(&'a P256VerifyingKey),
}

/// A credential whose signature, validity period and status were checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    key_id: String,
    claims: CredentialClaims,
}

impl Credential {
    /// The key id that signed it.
    #[must_use]
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The issuer (`iss`).
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.claims.issuer
    }

    /// The subject (`sub`): the holder's ID number.
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.claims.subject
    }

    /// When it was issued (`iat`, seconds since the Unix epoch).
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.claims.issued_at
    }

    /// When it expires (`exp`, seconds since the Unix epoch).
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.claims.expires_at
    }

    /// When it becomes valid (`nbf`), if set.
    #[must_use]
    pub fn not_before(&self) -> Option<u64> {
        self.claims.not_before
    }

    /// The credential id (`cti`), if set.
    #[must_use]
    pub fn credential_id(&self) -> Option<&[u8]> {
        self.claims.credential_id.as_deref()
    }

    /// The version of the holder's data (1 if the credential has no
    /// version claim).
    #[must_use]
    pub fn version(&self) -> u64 {
        self.claims.version
    }

    /// The index into the issuer's status list, if any.
    #[must_use]
    pub fn status_index(&self) -> Option<u64> {
        self.claims.status_index
    }

    /// The attributes (empty if the credential has none).
    #[must_use]
    pub fn attributes(&self) -> &Attributes {
        &self.claims.attributes
    }

    /// The credential's claims as a CWT claims map (CBOR), to save a
    /// verified credential and restore it with
    /// [`Self::from_claims_unchecked`] (for example when it is pickled to
    /// another process).
    ///
    /// # Errors
    /// [`CredentialError::AttributeInvalid`] if an attribute cannot be
    /// encoded (it was decoded from CBOR, so this does not happen).
    pub fn claims_cbor(&self) -> Result<Vec<u8>, CredentialError> {
        self.claims.encode()
    }

    /// A credential restored from what [`Self::key_id`] and
    /// [`Self::claims_cbor`] returned.
    ///
    /// The claims map is parsed with the bounds that apply to a scanned
    /// credential, but **nothing is verified**: no signature, validity
    /// period or status. Use it only for bytes this process, or one that
    /// trusts it, saved after a [`CredentialVerifier`] returned the
    /// credential.
    ///
    /// # Errors
    /// [`CredentialError::DecompressedTooLarge`] above
    /// [`MAX_DECOMPRESSED_LEN`](super::MAX_DECOMPRESSED_LEN) bytes;
    /// [`CredentialError::ParameterInvalid`] for an invalid key id; the
    /// claims errors of [`CredentialVerifier::verify`] for a malformed map.
    pub fn from_claims_unchecked(key_id: &str, claims: &[u8]) -> Result<Self, CredentialError> {
        if claims.len() > super::MAX_DECOMPRESSED_LEN {
            return Err(CredentialError::DecompressedTooLarge);
        }
        KeyId::new(key_id).map_err(|_| CredentialError::ParameterInvalid)?;
        Ok(Self {
            key_id: key_id.to_owned(),
            claims: CredentialClaims::decode(claims)?,
        })
    }
}

/// Verifies credentials offline against a trust list, an allowed clock
/// skew and, optionally, status lists.
///
/// [`verify`](Self::verify) checks, in order, and fails with the first
/// check that does not pass:
///
/// | check | error |
/// |---|---|
/// | QR text, zlib, COSE_Sign1 structure, alg EdDSA or ES256, claims well formed | `InvalidInput` kinds |
/// | key id in the trust list | [`CredentialError::KeyIdUnknown`] |
/// | the algorithm is the trusted key's (EdDSA for Ed25519, ES256 for P-256) | [`CredentialError::AlgorithmMismatch`] |
/// | signature (the rule of [`sign`](crate::sign)) | [`CredentialError::SignatureInvalid`] |
/// | the key is trusted for the issuer the credential names (`iss`) | [`CredentialError::WrongIssuer`] |
/// | `nbf` and `iat` ≤ now + skew | [`CredentialError::NotYetValid`] |
/// | now < `exp` + skew | [`CredentialError::Expired`] |
/// | a status list is loaded for the credential's issuer | [`CredentialError::StatusUnknown`] |
/// | that list is fresh: now ≤ `iat` + `ttl` + skew | [`CredentialError::StatusListStale`] |
/// | status index present and in the list | [`CredentialError::StatusUnknown`] |
/// | status valid | [`CredentialError::Revoked`], [`Suspended`](CredentialError::Suspended), [`Superseded`](CredentialError::Superseded) |
///
/// # Trust across issuers
///
/// A key is trusted either for one named issuer
/// ([`add_issuer_key`](Self::add_issuer_key), the nested form
/// `{issuer: {kid: key}}` of the Python bindings) or, in a verifier that
/// trusts a single issuer, for whatever issuer that is
/// ([`add_key`](Self::add_key), the flat form `{kid: key}`). A verifier
/// holds one form or the other, never both, so a key listed for issuer B
/// can never vouch for a credential or status list that names issuer A:
/// that is [`CredentialError::WrongIssuer`]. Key ids are unique across
/// issuers.
///
/// # Status lists
///
/// Without status lists no status is checked: a superseded credential then
/// verifies until it expires. Once any list is loaded, every credential
/// needs a fresh list of its own issuer and a status index into it (fail
/// closed: a verifier cut off from an issuer must not go on accepting
/// credentials that may have been superseded, and a credential without an
/// index could never be revoked). The verifier keeps one list per issuer,
/// the highest list version it has seen, and refuses an older one
/// ([`CredentialError::StatusListRollback`]) whatever was loaded in between.
#[derive(Clone, Debug, Default)]
pub struct CredentialVerifier {
    /// Trusted Ed25519 keys (with their verification tables).
    keys: KeySet,
    /// Trusted P-256 keys. Invariant: no key id is in both maps.
    p256_keys: BTreeMap<String, P256VerifyingKey>,
    /// The issuer each key id is trusted for, in the nested form. Empty in
    /// the flat form. Invariant: either empty, or it has an entry for
    /// every key in `keys`.
    key_issuers: BTreeMap<String, String>,
    clock_skew: u64,
    /// One status list per issuer name: the highest version loaded.
    status: BTreeMap<String, StatusListToken>,
}

impl CredentialVerifier {
    /// Default allowed clock skew: 300 seconds, the customary 5 minutes
    /// (the Kerberos default, RFC 4120 §1.7, and common JWT/CWT leeway).
    pub const DEFAULT_CLOCK_SKEW: u64 = 300;

    /// Largest allowed clock skew: one day.
    pub const MAX_CLOCK_SKEW: u64 = 86_400;

    /// A verifier trusting the keys in `keys` for a single issuer (the flat
    /// form), with the default clock skew and no status list.
    #[must_use]
    pub fn new(keys: KeySet) -> Self {
        Self {
            keys,
            p256_keys: BTreeMap::new(),
            key_issuers: BTreeMap::new(),
            clock_skew: Self::DEFAULT_CLOCK_SKEW,
            status: BTreeMap::new(),
        }
    }

    /// Trusts one more key of the single issuer this verifier trusts (the
    /// flat form; for key rotation, several are trusted at once).
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] if `key_id` is not a valid
    /// [`KeyId`], or if the verifier already holds keys bound to named
    /// issuers (mixing the forms would let an unbound key sign for any of
    /// them).
    pub fn add_key(
        &mut self,
        key_id: &str,
        key: impl Into<AnyVerifyingKey>,
    ) -> Result<(), CredentialError> {
        let id = KeyId::new(key_id).map_err(|_| CredentialError::ParameterInvalid)?;
        if !self.key_issuers.is_empty() {
            return Err(CredentialError::ParameterInvalid);
        }
        self.insert_key(id, key.into());
        Ok(())
    }

    /// Trusts `key` under `id`, replacing any key of either kind there.
    fn insert_key(&mut self, id: KeyId, key: AnyVerifyingKey) {
        self.keys.remove(&id);
        self.p256_keys.remove(id.as_str());
        match key {
            AnyVerifyingKey::P256(k) => {
                self.p256_keys.insert(id.as_str().to_owned(), k);
            }
            AnyVerifyingKey::Ed25519(k) => {
                self.keys.insert(id, k);
            }
        }
    }

    fn has_keys(&self) -> bool {
        !self.keys.is_empty() || !self.p256_keys.is_empty()
    }

    /// Trusts `key` to sign credentials and status lists of `issuer` only
    /// (the nested form). Verifying anything that names another issuer with
    /// this key fails with [`CredentialError::WrongIssuer`].
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] if `key_id` is not a valid
    /// [`KeyId`], `issuer` is empty, the key id is already trusted for
    /// another issuer, or the verifier holds flat-form keys
    /// ([`Self::add_key`], [`Self::new`] with a non-empty set).
    pub fn add_issuer_key(
        &mut self,
        issuer: &str,
        key_id: &str,
        key: impl Into<AnyVerifyingKey>,
    ) -> Result<(), CredentialError> {
        let id = KeyId::new(key_id).map_err(|_| CredentialError::ParameterInvalid)?;
        let flat = self.key_issuers.is_empty() && self.has_keys();
        let bound_elsewhere = self
            .key_issuers
            .get(key_id)
            .is_some_and(|bound| bound != issuer);
        if issuer.is_empty() || flat || bound_elsewhere {
            return Err(CredentialError::ParameterInvalid);
        }
        self.insert_key(id, key.into());
        self.key_issuers
            .insert(key_id.to_owned(), issuer.to_owned());
        Ok(())
    }

    /// The issuer `key_id` is trusted for, or `None` for a flat-form key
    /// (or an unknown one).
    #[must_use]
    pub fn key_issuer(&self, key_id: &str) -> Option<&str> {
        self.key_issuers.get(key_id).map(String::as_str)
    }

    /// Refuses `issuer` unless the key `key_id` is trusted for it.
    fn check_issuer(&self, key_id: &str, issuer: &str) -> Result<(), CredentialError> {
        match self.key_issuers.get(key_id) {
            Some(bound) if bound != issuer => Err(CredentialError::WrongIssuer),
            _ => Ok(()),
        }
    }

    /// Sets the allowed clock skew, in seconds.
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] above [`Self::MAX_CLOCK_SKEW`].
    pub fn set_clock_skew(&mut self, seconds: u64) -> Result<(), CredentialError> {
        if seconds > Self::MAX_CLOCK_SKEW {
            return Err(CredentialError::ParameterInvalid);
        }
        self.clock_skew = seconds;
        Ok(())
    }

    /// The allowed clock skew, in seconds.
    #[must_use]
    pub fn clock_skew(&self) -> u64 {
        self.clock_skew
    }

    /// The trust list.
    #[must_use]
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// The status list loaded for `issuer`, if any: the highest version
    /// seen.
    #[must_use]
    pub fn status_list(&self, issuer: &str) -> Option<&StatusListToken> {
        self.status.get(issuer)
    }

    /// Every loaded status list, one per issuer.
    pub fn status_lists(&self) -> impl Iterator<Item = &StatusListToken> {
        self.status.values()
    }

    /// The trusted P-256 keys, by key id.
    pub fn p256_keys(&self) -> impl Iterator<Item = (&str, &P256VerifyingKey)> {
        self.p256_keys.iter().map(|(id, key)| (id.as_str(), key))
    }

    fn check_signature(&self, parsed: &ParsedSign1) -> Result<(), CredentialError> {
        let verified = match self.trusted_key(parsed)? {
            TrustedKey::Ed25519 => self
                .keys
                .verify_bytes(
                    parsed.key_id.as_bytes(),
                    &parsed.to_be_signed,
                    &Signature::from_bytes(&parsed.signature),
                )
                .is_ok(),
            TrustedKey::P256(key) => key.verify(&parsed.to_be_signed, &parsed.signature).is_ok(),
        };
        if verified {
            Ok(())
        } else {
            Err(CredentialError::SignatureInvalid)
        }
    }

    /// The key trusted under the credential's key id, if the credential's
    /// algorithm is that key's: the algorithm comes from the key, so an
    /// ES256 header cannot make an Ed25519 key verify, nor the reverse.
    fn trusted_key(&self, parsed: &ParsedSign1) -> Result<TrustedKey<'_>, CredentialError> {
        let key = if self.keys.get_bytes(parsed.key_id.as_bytes()).is_some() {
            TrustedKey::Ed25519
        } else if let Some(key) = self.p256_keys.get(&parsed.key_id) {
            TrustedKey::P256(key)
        } else {
            return Err(CredentialError::KeyIdUnknown);
        };
        match (parsed.alg, &key) {
            (CoseAlg::EdDsa, TrustedKey::Ed25519) | (CoseAlg::Es256, TrustedKey::P256(_)) => {
                Ok(key)
            }
            _ => Err(CredentialError::AlgorithmMismatch),
        }
    }

    /// Loads a signed status list (from
    /// [`CredentialIssuer::issue_status_list`](super::CredentialIssuer::issue_status_list)),
    /// replacing the list of the same issuer. Once any list is loaded, the
    /// credentials of issuers without one fail with
    /// [`CredentialError::StatusUnknown`].
    ///
    /// # Errors
    /// [`CredentialError::StatusListMalformed`] or
    /// [`CredentialError::StatusListTooLarge`] for a malformed token (or a
    /// COSE_Sign1 that is not a status list); [`CredentialError::KeyIdUnknown`];
    /// [`CredentialError::SignatureInvalid`]; [`CredentialError::WrongIssuer`]
    /// if the signing key is trusted for another issuer than the list names;
    /// [`CredentialError::NotYetValid`] if issued after `now` + skew;
    /// [`CredentialError::StatusListStale`] if already stale;
    /// [`CredentialError::StatusListRollback`] if its list version is lower
    /// than the highest this verifier has loaded for the same issuer.
    pub fn load_status_list(
        &mut self,
        token: &[u8],
        now: u64,
    ) -> Result<&StatusListToken, CredentialError> {
        let parsed = parse_sign1(token).map_err(|e| match e {
            CredentialError::KeyIdMissing | CredentialError::AlgorithmUnsupported => e,
            _ => CredentialError::StatusListMalformed,
        })?;
        if parsed.typ.as_deref() != Some(STATUS_LIST_TYP) {
            return Err(CredentialError::StatusListMalformed);
        }
        self.check_signature(&parsed)?;
        let mut list = StatusListToken::decode_payload(parsed.key_id, &parsed.payload)?;
        self.check_issuer(&list.key_id, &list.issuer)?;
        if list.issued_at > now.saturating_add(self.clock_skew) {
            return Err(CredentialError::NotYetValid);
        }
        if self.is_stale(&list, now) {
            return Err(CredentialError::StatusListStale);
        }
        if let Some(current) = self.status.get(&list.issuer)
            && list.version < current.version
        {
            return Err(CredentialError::StatusListRollback);
        }
        list.token = token.to_vec();
        let slot = self.status.entry(list.issuer.clone());
        Ok(match slot {
            std::collections::btree_map::Entry::Occupied(mut entry) => {
                entry.insert(list);
                entry.into_mut()
            }
            std::collections::btree_map::Entry::Vacant(entry) => entry.insert(list),
        })
    }

    fn is_stale(&self, list: &StatusListToken, now: u64) -> bool {
        now > list
            .issued_at
            .saturating_add(list.ttl)
            .saturating_add(self.clock_skew)
    }

    /// Verifies QR text at time `now` (seconds since the Unix epoch).
    ///
    /// # Errors
    /// The first check that fails, as in the table of [`CredentialVerifier`].
    pub fn verify(&self, qr_text: &str, now: u64) -> Result<Credential, CredentialError> {
        self.verify_cose(&decode_qr_text(qr_text)?, now)
    }

    /// Verifies a tagged COSE_Sign1 credential (the bytes inside the QR
    /// text) at time `now`.
    ///
    /// # Errors
    /// As [`Self::verify`], without the QR text stages.
    pub fn verify_cose(&self, cose: &[u8], now: u64) -> Result<Credential, CredentialError> {
        let parsed = Self::parse_credential(cose)?;
        self.check_signature(&parsed)?;
        self.check_claims(parsed, now)
    }

    fn parse_credential(cose: &[u8]) -> Result<ParsedSign1, CredentialError> {
        let parsed = parse_sign1(cose)?;
        // A status list token is never a credential.
        if parsed.typ.as_deref() == Some(STATUS_LIST_TYP) {
            return Err(CredentialError::CoseMalformed);
        }
        Ok(parsed)
    }

    /// The checks after the signature: claims, time, status.
    fn check_claims(&self, parsed: ParsedSign1, now: u64) -> Result<Credential, CredentialError> {
        let claims = CredentialClaims::decode(&parsed.payload)?;
        self.check_issuer(&parsed.key_id, &claims.issuer)?;
        let latest_start = now.saturating_add(self.clock_skew);
        if claims.issued_at > latest_start
            || claims.not_before.is_some_and(|nbf| nbf > latest_start)
        {
            return Err(CredentialError::NotYetValid);
        }
        if now >= claims.expires_at.saturating_add(self.clock_skew) {
            return Err(CredentialError::Expired);
        }
        if !self.status.is_empty() {
            let list = self
                .status
                .get(&claims.issuer)
                .ok_or(CredentialError::StatusUnknown)?;
            if self.is_stale(list, now) {
                return Err(CredentialError::StatusListStale);
            }
            let index = claims.status_index.ok_or(CredentialError::StatusUnknown)?;
            match list.list.get(index) {
                Some(Status::Valid) => {}
                Some(Status::Revoked) => return Err(CredentialError::Revoked),
                Some(Status::Suspended) => return Err(CredentialError::Suspended),
                Some(Status::Superseded) => return Err(CredentialError::Superseded),
                None => return Err(CredentialError::StatusUnknown),
            }
        }
        Ok(Credential {
            key_id: parsed.key_id,
            claims,
        })
    }

    /// Verifies many QR texts at time `now`, in parallel (rayon), with
    /// batch signature verification ([`sign::verify_many`](crate::sign::verify_many)):
    /// one result per item, in order, each with the reason it failed.
    ///
    /// Every item gets exactly the answer [`Self::verify`] gives it.
    #[must_use]
    pub fn verify_many<S: AsRef<str> + Sync>(
        &self,
        qr_texts: &[S],
        now: u64,
    ) -> Vec<Result<Credential, CredentialError>> {
        crate::pool::install(|| self.verify_many_here(qr_texts, now))
    }

    fn verify_many_here<S: AsRef<str> + Sync>(
        &self,
        qr_texts: &[S],
        now: u64,
    ) -> Vec<Result<Credential, CredentialError>> {
        let parsed: Vec<Result<(ParsedSign1, Signature), CredentialError>> = qr_texts
            .par_iter()
            .map(|text| {
                let parsed = Self::parse_credential(&decode_qr_text(text.as_ref())?)?;
                self.trusted_key(&parsed)?;
                let signature = Signature::from_bytes(&parsed.signature);
                Ok((parsed, signature))
            })
            .collect();
        // One batch item per Ed25519 credential that reached the signature
        // check, verified with its key's tables; P-256 ones are checked one
        // by one below, in parallel.
        let mut positions = Vec::with_capacity(parsed.len());
        let mut items = Vec::with_capacity(parsed.len());
        for (i, entry) in parsed.iter().enumerate() {
            if let Ok((p, signature)) = entry
                && let Some(item) =
                    self.keys
                        .item_bytes(p.key_id.as_bytes(), &p.to_be_signed, signature)
            {
                positions.push(i);
                items.push(item);
            }
        }
        let verdicts = verify_many(&items);
        let mut signature_ok = vec![false; parsed.len()];
        for (&i, &ok) in positions.iter().zip(&verdicts) {
            signature_ok[i] = ok;
        }
        parsed
            .into_par_iter()
            .zip(signature_ok.into_par_iter())
            .map(|(entry, ok)| {
                let (p, _) = entry?;
                let ok = match self.trusted_key(&p)? {
                    TrustedKey::Ed25519 => ok,
                    TrustedKey::P256(key) => key.verify(&p.to_be_signed, &p.signature).is_ok(),
                };
                if !ok {
                    return Err(CredentialError::SignatureInvalid);
                }
                self.check_claims(p, now)
            })
            .collect()
    }
}
