//! Single-sign-on tokens: compact JWS JWTs (RFC 7515, RFC 7519) under the
//! JWT best current practices (RFC 8725), and JWK Sets (RFC 7517).
//!
//! # What the verifier checks, in order
//!
//! [`TokenVerifier::verify`] returns the first failure of this list, and
//! [`TokenVerifier::verify_many`] returns exactly the same answer for each
//! token (its Ed25519 signatures go through the batch verifier, whose
//! answers equal the single path's: see [`sign::batch`](crate::sign::batch)).
//!
//! 1. Length at most [`MAX_TOKEN_LEN`], else [`SsoError::TokenTooLarge`];
//!    exactly three `.`-separated parts in canonical unpadded base64url,
//!    the header at most [`MAX_HEADER_LEN`] bytes, a JSON object with
//!    unique member names, else [`SsoError::TokenMalformed`].
//! 2. `alg` is `EdDSA`, `Ed25519` or `ES256`, else
//!    [`SsoError::AlgorithmNotAllowed`] (`none`, `HS256`, `RS256`, ...).
//! 3. No `jwk`, `jku`, `x5u`, `x5c` (a key or key URL chosen by the sender
//!    is never used), no `crit` (credkit understands no extension, and RFC
//!    7515 section 4.1.11 requires refusing unknown ones), no `b64` (RFC
//!    7797 unencoded payloads), no `cty` (nested tokens), no `zip`/`enc`
//!    (JWE), and `typ`, if present, is `JWT`: else
//!    [`SsoError::HeaderParameterRefused`].
//! 4. `kid` is present and names a key of the verifier's JWKS, else
//!    [`SsoError::KeyIdUnknown`].
//! 5. The algorithm suits that key: `EdDSA` or `Ed25519` (RFC 9864) for an
//!    Ed25519 key, `ES256` for a P-256 key, and the JWK's own `alg` if it
//!    has one; else [`SsoError::AlgorithmNotAllowed`]. The key decides the
//!    algorithm: a P-256 key never verifies an `EdDSA` token, so no
//!    algorithm-confusion attack (RFC 8725 section 2.1) can choose it.
//! 6. The signature: 64 bytes that verify over `header.payload`, else
//!    [`SsoError::SignatureInvalid`].
//! 7. The claims set is a JSON object with unique member names, and the
//!    registered claims have their types (`exp`, `nbf`, `iat` non-negative
//!    integers; `iss`, `sub`, `jti`, `nonce` strings; `aud` a string or an
//!    array of strings), and `exp` is present: else
//!    [`SsoError::TokenMalformed`].
//! 8. `iss` equals the expected issuer ([`SsoError::IssuerMismatch`]).
//! 9. `aud` contains the expected audience ([`SsoError::AudienceMismatch`]).
//! 10. `now < exp + skew` ([`SsoError::TokenExpired`]); `nbf ≤ now + skew`
//!     and `iat ≤ now + skew` ([`SsoError::TokenNotYetValid`]); with a
//!     maximum lifetime set, `exp − iat` (or `exp − now` without `iat`) is
//!     at most that ([`SsoError::LifetimeTooLong`]).
//! 11. With an expected nonce, `nonce` equals it
//!     ([`SsoError::NonceMismatch`]).
//!
//! Nothing of the claims is read before the signature verifies.
//!
//! # Replay
//!
//! A token is a bearer credential until it expires. Each carries a random
//! `jti` ([`Token::token_id`]): a portal that must accept a token once
//! keeps the ids it has seen until their `exp` and refuses a repeat. The
//! issuer keeps lifetimes short ([`TokenIssuer::MAX_TTL`]).

use std::collections::HashMap;

use base64ct::{Base64UrlUnpadded, Encoding};
use rayon::prelude::*;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use super::SsoError;
use crate::secret::random_array;
use crate::sign::encoding::public_key_from_jwk_object;
use crate::sign::json::parse_object;
use crate::sign::{AnySigningKey, AnyVerifyingKey, KeyKind, SignError, VerifyItem, verify_many};

/// Longest token accepted, in bytes, checked before anything is decoded.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// Longest encoded header accepted, in bytes.
pub const MAX_HEADER_LEN: usize = 1024;

/// Longest JWKS document accepted by [`Jwks::from_json`], in bytes.
pub const MAX_JWKS_LEN: usize = 64 * 1024;

/// Most keys in one JWKS.
pub const MAX_JWKS_KEYS: usize = 64;

/// Claim names the issuer sets itself and the verifier interprets.
const REGISTERED: [&str; 8] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "nonce"];

/// Header members refused whatever their value (see the module docs, step 3).
const REFUSED_HEADER: [&str; 9] = [
    "jwk", "jku", "x5u", "x5c", "crit", "b64", "cty", "zip", "enc",
];

/// The JWS `alg` for a key kind when credkit signs.
fn signing_alg(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::P256 => "ES256",
        KeyKind::Ed25519 => "EdDSA",
    }
}

/// Whether a token's `alg` suits a key of `kind`.
fn alg_suits(kind: KeyKind, alg: &str) -> bool {
    match kind {
        KeyKind::Ed25519 => alg == "EdDSA" || alg == "Ed25519",
        KeyKind::P256 => alg == "ES256",
    }
}

/// Checks a caller-supplied name: 1 to 255 bytes, no control characters.
fn check_name(s: &str) -> Result<(), SsoError> {
    if s.is_empty() || s.len() > 255 || s.chars().any(char::is_control) {
        return Err(SsoError::ParameterOutOfRange);
    }
    Ok(())
}

/// One key of a JWKS.
#[derive(Clone, Debug, PartialEq, Eq)]
struct JwksEntry {
    key: AnyVerifyingKey,
    /// The JWK's `alg`, if it named one.
    alg: Option<String>,
}

/// A JWK Set: the public keys a verifier trusts, by key id.
///
/// Two or more keys during a rotation: the issuer publishes the new key
/// before signing with it and keeps the old one until the old tokens have
/// expired.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jwks {
    keys: HashMap<String, JwksEntry>,
}

impl Jwks {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key under `kid`.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `kid` is empty, longer than 255
    /// bytes, has control characters or is already in the set, or the set
    /// already has [`MAX_JWKS_KEYS`].
    pub fn insert(&mut self, kid: &str, key: impl Into<AnyVerifyingKey>) -> Result<(), SsoError> {
        check_name(kid)?;
        if self.keys.contains_key(kid) || self.keys.len() >= MAX_JWKS_KEYS {
            return Err(SsoError::ParameterOutOfRange);
        }
        self.keys.insert(
            kid.to_owned(),
            JwksEntry {
                key: key.into(),
                alg: None,
            },
        );
        Ok(())
    }

    /// Parses a JWKS document `{"keys": [...]}`.
    ///
    /// Keys of a type credkit does not support (RSA, P-384, X25519, keys
    /// for encryption) are skipped, as RFC 7517 section 5 recommends, so a
    /// provider's mixed JWKS can be used as is.
    ///
    /// # Errors
    /// [`SsoError::JwksInvalid`] if the document is larger than
    /// [`MAX_JWKS_LEN`] or not such an object, has more than
    /// [`MAX_JWKS_KEYS`] keys, a supported key is malformed or has no
    /// `kid`, two keys share a `kid`, or no key is usable.
    pub fn from_json(json: &str) -> Result<Self, SsoError> {
        if json.len() > MAX_JWKS_LEN {
            return Err(SsoError::JwksInvalid);
        }
        let doc = parse_object(json.as_bytes()).ok_or(SsoError::JwksInvalid)?;
        let Some(Value::Array(list)) = doc.get("keys") else {
            return Err(SsoError::JwksInvalid);
        };
        if list.len() > MAX_JWKS_KEYS {
            return Err(SsoError::JwksInvalid);
        }
        let mut keys = HashMap::new();
        for item in list {
            let Value::Object(map) = item else {
                return Err(SsoError::JwksInvalid);
            };
            let parsed = match public_key_from_jwk_object(map) {
                Ok(p) => p,
                Err(SignError::KeyTypeUnsupported) => continue,
                Err(_) => return Err(SsoError::JwksInvalid),
            };
            let kid = parsed.kid.ok_or(SsoError::JwksInvalid)?;
            check_name(&kid).map_err(|_| SsoError::JwksInvalid)?;
            let entry = JwksEntry {
                key: parsed.key,
                alg: parsed.alg,
            };
            if keys.insert(kid, entry).is_some() {
                return Err(SsoError::JwksInvalid);
            }
        }
        if keys.is_empty() {
            return Err(SsoError::JwksInvalid);
        }
        Ok(Self { keys })
    }

    /// The JWKS document, each key with `kid`, `alg` and `use: "sig"`,
    /// sorted by `kid`.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut kids: Vec<&String> = self.keys.keys().collect();
        kids.sort();
        let list: Vec<Value> = kids
            .into_iter()
            .map(|kid| {
                let entry = &self.keys[kid];
                let alg = entry
                    .alg
                    .clone()
                    .unwrap_or_else(|| signing_alg(entry.key.kind()).to_owned());
                Value::Object(public_jwk(&entry.key, kid, &alg))
            })
            .collect();
        let mut doc = Map::new();
        doc.insert("keys".into(), Value::Array(list));
        Value::Object(doc).to_string()
    }

    /// The key with this id.
    #[must_use]
    pub fn get(&self, kid: &str) -> Option<&AnyVerifyingKey> {
        self.keys.get(kid).map(|e| &e.key)
    }

    /// Number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds every key of `other`.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if a `kid` is in both, or the
    /// union has more than [`MAX_JWKS_KEYS`].
    pub fn merge(&mut self, other: &Jwks) -> Result<(), SsoError> {
        if other.keys.keys().any(|k| self.keys.contains_key(k))
            || self.keys.len() + other.keys.len() > MAX_JWKS_KEYS
        {
            return Err(SsoError::ParameterOutOfRange);
        }
        self.keys
            .extend(other.keys.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }
}

fn public_jwk(key: &AnyVerifyingKey, kid: &str, alg: &str) -> Map<String, Value> {
    let mut jwk = key.jwk_object();
    jwk.insert("kid".into(), kid.into());
    jwk.insert("alg".into(), alg.into());
    jwk.insert("use".into(), "sig".into());
    jwk
}

/// Issues signed tokens with one key.
#[derive(Clone, Debug)]
pub struct TokenIssuer {
    key: AnySigningKey,
    key_id: String,
    issuer: String,
    /// The encoded header, the same for every token.
    header: String,
}

/// The audience of a token: RFC 7519 allows one string or an array.
#[derive(Clone, Copy, Debug)]
pub enum Audience<'a> {
    /// One audience, written as a string.
    One(&'a str),
    /// Several audiences, written as an array.
    Many(&'a [&'a str]),
}

impl TokenIssuer {
    /// Longest token lifetime [`issue`](Self::issue) accepts: one day.
    /// Single-sign-on tokens should live minutes (RFC 8725 section 3.10
    /// leaves it to the profile; OpenID Connect ID tokens typically live
    /// 5 to 60 minutes).
    pub const MAX_TTL: u64 = 86_400;

    /// An issuer signing with `key`, published under `key_id`, naming
    /// itself `issuer` in every token.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `key_id` or `issuer` is empty,
    /// longer than 255 bytes or has control characters.
    ///
    /// # Security
    /// Holds the signing key; it is wiped when the issuer is dropped.
    pub fn new(
        key: impl Into<AnySigningKey>,
        key_id: &str,
        issuer: &str,
    ) -> Result<Self, SsoError> {
        check_name(key_id)?;
        check_name(issuer)?;
        let key = key.into();
        let mut header = Map::new();
        header.insert("alg".into(), signing_alg(key.kind()).into());
        header.insert("kid".into(), key_id.into());
        header.insert("typ".into(), "JWT".into());
        let header = Base64UrlUnpadded::encode_string(Value::Object(header).to_string().as_bytes());
        Ok(Self {
            key,
            key_id: key_id.to_owned(),
            issuer: issuer.to_owned(),
            header,
        })
    }

    /// The key id.
    #[must_use]
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The signing key.
    ///
    /// # Security
    /// The secret key, for persisting the issuer (e.g. pickling); handle as such.
    #[must_use]
    pub fn signing_key(&self) -> &AnySigningKey {
        &self.key
    }

    /// The issuer name.
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The public JWK with `kid`, `alg` and `use`.
    #[must_use]
    pub fn jwk(&self) -> String {
        let key = self.key.verifying_key();
        Value::Object(public_jwk(&key, &self.key_id, signing_alg(key.kind()))).to_string()
    }

    /// The JWKS document with this issuer's key, to publish.
    #[must_use]
    pub fn jwks(&self) -> Jwks {
        let mut jwks = Jwks::new();
        // Invariant: the key id was checked by `new`, and the set is empty.
        let _ = jwks.insert(&self.key_id, self.key.verifying_key());
        if let Some(entry) = jwks.keys.get_mut(&self.key_id) {
            entry.alg = Some(signing_alg(self.key.kind()).to_owned());
        }
        jwks
    }

    /// Issues a token for `subject` and `audience`, valid for `ttl` seconds
    /// from `now`, with a random `jti`, an optional `nonce` (OpenID
    /// Connect) and optional extra claims.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `ttl` is 0 or above
    /// [`MAX_TTL`](Self::MAX_TTL), `subject`, an audience or the nonce is
    /// empty, longer than 255 bytes or has control characters, or the
    /// audience list is empty; [`SsoError::ClaimReserved`] if an extra claim
    /// uses a registered name; [`SsoError::RandomSourceFailed`].
    ///
    /// # Security
    /// Signs with the issuer's key.
    pub fn issue(
        &self,
        subject: &str,
        audience: Audience<'_>,
        ttl: u64,
        nonce: Option<&str>,
        claims: Option<&Map<String, Value>>,
        now: u64,
    ) -> Result<String, SsoError> {
        if ttl == 0 || ttl > Self::MAX_TTL {
            return Err(SsoError::ParameterOutOfRange);
        }
        check_name(subject)?;
        let aud = match audience {
            Audience::One(a) => {
                check_name(a)?;
                Value::from(a)
            }
            Audience::Many(list) => {
                if list.is_empty() {
                    return Err(SsoError::ParameterOutOfRange);
                }
                for a in list {
                    check_name(a)?;
                }
                Value::from(list.to_vec())
            }
        };
        let mut payload = Map::new();
        if let Some(extra) = claims {
            if REGISTERED.iter().any(|name| extra.contains_key(*name)) {
                return Err(SsoError::ClaimReserved);
            }
            payload.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let jti = Base64UrlUnpadded::encode_string(random_array::<16>()?.as_slice());
        payload.insert("iss".into(), self.issuer.clone().into());
        payload.insert("sub".into(), subject.into());
        payload.insert("aud".into(), aud);
        payload.insert("iat".into(), now.into());
        payload.insert("exp".into(), now.saturating_add(ttl).into());
        payload.insert("jti".into(), jti.into());
        if let Some(n) = nonce {
            check_name(n)?;
            payload.insert("nonce".into(), n.into());
        }
        let payload = Value::Object(payload).to_string();
        let mut token = String::with_capacity(self.header.len() + payload.len() * 4 / 3 + 100);
        token.push_str(&self.header);
        token.push('.');
        token.push_str(&Base64UrlUnpadded::encode_string(payload.as_bytes()));
        let signature = self.key.sign(token.as_bytes());
        token.push('.');
        token.push_str(&Base64UrlUnpadded::encode_string(&signature));
        Ok(token)
    }
}

/// A verified token's claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    issuer: String,
    subject: Option<String>,
    audience: Vec<String>,
    issued_at: Option<u64>,
    expires_at: u64,
    not_before: Option<u64>,
    token_id: Option<String>,
    nonce: Option<String>,
    key_id: String,
    algorithm: String,
    claims: Map<String, Value>,
}

impl Token {
    /// `iss`.
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `sub`, if present.
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// `aud`, as a list (a single string becomes a list of one).
    #[must_use]
    pub fn audience(&self) -> &[String] {
        &self.audience
    }

    /// `iat`, if present.
    #[must_use]
    pub fn issued_at(&self) -> Option<u64> {
        self.issued_at
    }

    /// `exp`.
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// `nbf`, if present.
    #[must_use]
    pub fn not_before(&self) -> Option<u64> {
        self.not_before
    }

    /// `jti`, if present: the id for a replay cache.
    #[must_use]
    pub fn token_id(&self) -> Option<&str> {
        self.token_id.as_deref()
    }

    /// `nonce`, if present.
    #[must_use]
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The `kid` of the key that verified the token.
    #[must_use]
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The header's `alg` (`EdDSA`, `Ed25519` or `ES256`).
    #[must_use]
    pub fn algorithm(&self) -> &str {
        &self.algorithm
    }

    /// The claims other than the registered ones the fields above hold.
    #[must_use]
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// The token's fields as one JSON object (the registered claims under
    /// their JWT names, plus `kid`, `alg` and `claims`), to save a verified
    /// token and restore it with [`Self::from_json_unchecked`] (for example
    /// when it is pickled to another process).
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = Map::new();
        let mut put = |name: &str, value: Option<Value>| {
            if let Some(v) = value {
                out.insert(name.to_owned(), v);
            }
        };
        put("iss", Some(Value::from(self.issuer.as_str())));
        put("sub", self.subject.as_deref().map(Value::from));
        put(
            "aud",
            Some(Value::Array(
                self.audience
                    .iter()
                    .map(|a| Value::from(a.as_str()))
                    .collect(),
            )),
        );
        put("iat", self.issued_at.map(Value::from));
        put("exp", Some(Value::from(self.expires_at)));
        put("nbf", self.not_before.map(Value::from));
        put("jti", self.token_id.as_deref().map(Value::from));
        put("nonce", self.nonce.as_deref().map(Value::from));
        put("kid", Some(Value::from(self.key_id.as_str())));
        put("alg", Some(Value::from(self.algorithm.as_str())));
        put("claims", Some(Value::Object(self.claims.clone())));
        Value::Object(out).to_string()
    }

    /// A token restored from [`Self::to_json`]'s output.
    ///
    /// The text is parsed with the bounds that apply to a received token,
    /// but **nothing is verified**: no signature, issuer, audience or
    /// time. Use it only for text this process, or one that trusts it,
    /// saved after a [`TokenVerifier`] returned the token.
    ///
    /// # Errors
    /// [`SsoError::TokenTooLarge`] above [`MAX_TOKEN_LEN`] bytes;
    /// [`SsoError::TokenMalformed`] if it is not such an object.
    pub fn from_json_unchecked(json: &str) -> Result<Self, SsoError> {
        if json.len() > MAX_TOKEN_LEN {
            return Err(SsoError::TokenTooLarge);
        }
        let mut o = parse_object(json.as_bytes()).ok_or(SsoError::TokenMalformed)?;
        let required = |v: Option<String>| v.ok_or(SsoError::TokenMalformed);
        let audience = match o.remove("aud") {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(SsoError::TokenMalformed),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(SsoError::TokenMalformed),
        };
        let claims = match o.remove("claims") {
            Some(Value::Object(claims)) => claims,
            _ => return Err(SsoError::TokenMalformed),
        };
        let token = Token {
            issuer: required(take_string(&mut o, "iss")?)?,
            subject: take_string(&mut o, "sub")?,
            audience,
            issued_at: take_time(&mut o, "iat")?,
            expires_at: take_time(&mut o, "exp")?.ok_or(SsoError::TokenMalformed)?,
            not_before: take_time(&mut o, "nbf")?,
            token_id: take_string(&mut o, "jti")?,
            nonce: take_string(&mut o, "nonce")?,
            key_id: required(take_string(&mut o, "kid")?)?,
            algorithm: required(take_string(&mut o, "alg")?)?,
            claims,
        };
        if !o.is_empty() {
            return Err(SsoError::TokenMalformed);
        }
        Ok(token)
    }
}

/// A token whose header passed steps 1 to 5, ready for its signature.
struct Prepared<'a> {
    key: AnyVerifyingKey,
    key_id: String,
    algorithm: String,
    signing_input: &'a str,
    payload: &'a str,
    signature: [u8; 64],
}

/// Verifies tokens against a JWKS, for one issuer and one audience.
#[derive(Clone, Debug)]
pub struct TokenVerifier {
    jwks: Jwks,
    issuer: String,
    audience: String,
    clock_skew: u64,
    max_lifetime: Option<u64>,
}

impl TokenVerifier {
    /// Default tolerance for clocks that disagree: 60 seconds.
    pub const DEFAULT_CLOCK_SKEW: u64 = 60;
    /// Largest clock skew accepted: 10 minutes.
    pub const MAX_CLOCK_SKEW: u64 = 600;

    /// A verifier of tokens signed by a key of `jwks`, issued by `issuer`,
    /// for `audience`, with the default clock skew and no maximum lifetime.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `issuer` or `audience` is empty,
    /// longer than 255 bytes or has control characters, or `jwks` is empty.
    pub fn new(jwks: Jwks, issuer: &str, audience: &str) -> Result<Self, SsoError> {
        check_name(issuer)?;
        check_name(audience)?;
        if jwks.is_empty() {
            return Err(SsoError::ParameterOutOfRange);
        }
        Ok(Self {
            jwks,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            clock_skew: Self::DEFAULT_CLOCK_SKEW,
            max_lifetime: None,
        })
    }

    /// Sets the clock skew tolerated on `exp`, `nbf` and `iat`.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] above [`MAX_CLOCK_SKEW`](Self::MAX_CLOCK_SKEW).
    pub fn with_clock_skew(mut self, seconds: u64) -> Result<Self, SsoError> {
        if seconds > Self::MAX_CLOCK_SKEW {
            return Err(SsoError::ParameterOutOfRange);
        }
        self.clock_skew = seconds;
        Ok(self)
    }

    /// Refuses tokens whose lifetime exceeds `seconds`.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `seconds` is 0.
    pub fn with_max_lifetime(mut self, seconds: u64) -> Result<Self, SsoError> {
        if seconds == 0 {
            return Err(SsoError::ParameterOutOfRange);
        }
        self.max_lifetime = Some(seconds);
        Ok(self)
    }

    /// The trusted keys.
    #[must_use]
    pub fn jwks(&self) -> &Jwks {
        &self.jwks
    }

    /// The expected issuer.
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The expected audience.
    #[must_use]
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The clock skew in seconds.
    #[must_use]
    pub fn clock_skew(&self) -> u64 {
        self.clock_skew
    }

    /// The maximum lifetime, if set.
    #[must_use]
    pub fn max_lifetime(&self) -> Option<u64> {
        self.max_lifetime
    }

    /// Verifies one token at Unix time `now`, with the checks listed in
    /// [the module documentation](self); `nonce` is the value the relying
    /// party expects, if it sent one.
    ///
    /// # Errors
    /// The first failing check's error, as listed in the module docs.
    pub fn verify(&self, token: &str, nonce: Option<&str>, now: u64) -> Result<Token, SsoError> {
        let prepared = self.prepare(token)?;
        prepared
            .key
            .verify(prepared.signing_input.as_bytes(), &prepared.signature)
            .map_err(|_| SsoError::SignatureInvalid)?;
        self.check_claims(prepared, nonce, now)
    }

    /// Verifies many tokens in parallel at Unix time `now` (no nonce), one
    /// result per token, in order. Each result equals what
    /// [`verify`](Self::verify) returns for that token; Ed25519 signatures
    /// are checked with the batch verifier.
    #[must_use]
    pub fn verify_many<T: AsRef<str> + Sync>(
        &self,
        tokens: &[T],
        now: u64,
    ) -> Vec<Result<Token, SsoError>> {
        // On credkit's pool, which survives fork (see `crate::pool`).
        crate::pool::install(|| self.verify_many_here(tokens, now))
    }

    fn verify_many_here<T: AsRef<str> + Sync>(
        &self,
        tokens: &[T],
        now: u64,
    ) -> Vec<Result<Token, SsoError>> {
        let prepared: Vec<Result<Prepared<'_>, SsoError>> = tokens
            .par_iter()
            .map(|t| self.prepare(t.as_ref()))
            .collect();
        let mut signature_ok = vec![false; tokens.len()];
        let mut ed_index = Vec::new();
        let mut ed_items = Vec::new();
        let mut ed_keys = Vec::new();
        for (i, p) in prepared.iter().enumerate() {
            if let Ok(p) = p
                && let AnyVerifyingKey::Ed25519(k) = &p.key
            {
                ed_index.push(i);
                ed_keys.push((*k, p));
            }
        }
        for (k, p) in &ed_keys {
            ed_items.push(VerifyItem::from_parsed_key(
                k,
                p.signing_input.as_bytes(),
                &p.signature,
            ));
        }
        for (i, ok) in ed_index.into_iter().zip(verify_many(&ed_items)) {
            signature_ok[i] = ok;
        }
        let p256_ok: Vec<Option<bool>> = prepared
            .par_iter()
            .map(|p| match p {
                Ok(
                    p @ Prepared {
                        key: AnyVerifyingKey::P256(_),
                        ..
                    },
                ) => Some(
                    p.key
                        .verify(p.signing_input.as_bytes(), &p.signature)
                        .is_ok(),
                ),
                _ => None,
            })
            .collect();
        for (slot, ok) in signature_ok.iter_mut().zip(p256_ok) {
            if let Some(ok) = ok {
                *slot = ok;
            }
        }
        prepared
            .into_par_iter()
            .zip(signature_ok)
            .map(|(p, ok)| match p {
                Err(e) => Err(e),
                Ok(_) if !ok => Err(SsoError::SignatureInvalid),
                Ok(p) => self.check_claims(p, None, now),
            })
            .collect()
    }

    /// Steps 1 to 5 and the decoding of the signature.
    fn prepare<'a>(&self, token: &'a str) -> Result<Prepared<'a>, SsoError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(SsoError::TokenTooLarge);
        }
        let (signing_input, signature_b64) =
            token.rsplit_once('.').ok_or(SsoError::TokenMalformed)?;
        let (header_b64, payload) = signing_input
            .split_once('.')
            .ok_or(SsoError::TokenMalformed)?;
        if payload.contains('.') || header_b64.len() > MAX_HEADER_LEN {
            return Err(SsoError::TokenMalformed);
        }
        let header_bytes =
            Base64UrlUnpadded::decode_vec(header_b64).map_err(|_| SsoError::TokenMalformed)?;
        let header = parse_object(&header_bytes).ok_or(SsoError::TokenMalformed)?;

        let algorithm = match header.get("alg") {
            Some(Value::String(a)) => a.as_str(),
            _ => return Err(SsoError::TokenMalformed),
        };
        if !matches!(algorithm, "EdDSA" | "Ed25519" | "ES256") {
            return Err(SsoError::AlgorithmNotAllowed);
        }
        if REFUSED_HEADER.iter().any(|name| header.contains_key(*name)) {
            return Err(SsoError::HeaderParameterRefused);
        }
        match header.get("typ") {
            None => {}
            Some(Value::String(t))
                if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("application/jwt") => {}
            Some(_) => return Err(SsoError::HeaderParameterRefused),
        }
        let key_id = match header.get("kid") {
            Some(Value::String(k)) => k,
            Some(_) => return Err(SsoError::TokenMalformed),
            None => return Err(SsoError::KeyIdUnknown),
        };
        let entry = self.jwks.keys.get(key_id).ok_or(SsoError::KeyIdUnknown)?;
        let alg_pinned = entry
            .alg
            .as_deref()
            .is_none_or(|pinned| pinned == algorithm || alg_suits(entry.key.kind(), pinned));
        if !alg_suits(entry.key.kind(), algorithm) || !alg_pinned {
            return Err(SsoError::AlgorithmNotAllowed);
        }
        // 64 bytes encode to 86 characters; a much longer part cannot be a
        // signature and is not decoded.
        if signature_b64.len() > 128 {
            return Err(SsoError::SignatureInvalid);
        }
        let decoded =
            Base64UrlUnpadded::decode_vec(signature_b64).map_err(|_| SsoError::TokenMalformed)?;
        let signature: [u8; 64] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| SsoError::SignatureInvalid)?;
        Ok(Prepared {
            key: entry.key,
            key_id: key_id.clone(),
            algorithm: algorithm.to_owned(),
            signing_input,
            payload,
            signature,
        })
    }

    /// Steps 7 to 11, on a token whose signature verified.
    fn check_claims(
        &self,
        prepared: Prepared<'_>,
        nonce: Option<&str>,
        now: u64,
    ) -> Result<Token, SsoError> {
        let payload = Base64UrlUnpadded::decode_vec(prepared.payload)
            .map_err(|_| SsoError::TokenMalformed)?;
        let mut claims = parse_object(&payload).ok_or(SsoError::TokenMalformed)?;
        let issuer = take_string(&mut claims, "iss")?;
        let subject = take_string(&mut claims, "sub")?;
        let token_id = take_string(&mut claims, "jti")?;
        let token_nonce = take_string(&mut claims, "nonce")?;
        let expires_at = take_time(&mut claims, "exp")?.ok_or(SsoError::TokenMalformed)?;
        let not_before = take_time(&mut claims, "nbf")?;
        let issued_at = take_time(&mut claims, "iat")?;
        let audience = match claims.remove("aud") {
            None => Vec::new(),
            Some(Value::String(a)) => vec![a],
            Some(Value::Array(list)) => list
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(SsoError::TokenMalformed),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(SsoError::TokenMalformed),
        };

        if issuer.as_deref() != Some(self.issuer.as_str()) {
            return Err(SsoError::IssuerMismatch);
        }
        if !audience.contains(&self.audience) {
            return Err(SsoError::AudienceMismatch);
        }
        let skew = self.clock_skew;
        if now >= expires_at.saturating_add(skew) {
            return Err(SsoError::TokenExpired);
        }
        let late = now.saturating_add(skew);
        if not_before.is_some_and(|t| t > late) || issued_at.is_some_and(|t| t > late) {
            return Err(SsoError::TokenNotYetValid);
        }
        if let Some(max) = self.max_lifetime {
            let start = issued_at.unwrap_or(now);
            if expires_at.saturating_sub(start) > max {
                return Err(SsoError::LifetimeTooLong);
            }
        }
        if let Some(expected) = nonce {
            let matches = token_nonce
                .as_deref()
                .is_some_and(|n| bool::from(n.as_bytes().ct_eq(expected.as_bytes())));
            if !matches {
                return Err(SsoError::NonceMismatch);
            }
        }
        Ok(Token {
            issuer: issuer.unwrap_or_default(),
            subject,
            audience,
            issued_at,
            expires_at,
            not_before,
            token_id,
            nonce: token_nonce,
            key_id: prepared.key_id,
            algorithm: prepared.algorithm,
            claims,
        })
    }
}

fn take_string(claims: &mut Map<String, Value>, name: &str) -> Result<Option<String>, SsoError> {
    match claims.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(SsoError::TokenMalformed),
    }
}

fn take_time(claims: &mut Map<String, Value>, name: &str) -> Result<Option<u64>, SsoError> {
    match claims.remove(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or(SsoError::TokenMalformed),
        Some(_) => Err(SsoError::TokenMalformed),
    }
}
