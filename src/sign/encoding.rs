//! Standard encodings of Ed25519 and P-256 keys: PKCS#8 (RFC 5208/5958) for
//! private keys, SubjectPublicKeyInfo (RFC 5280; RFC 8410 for Ed25519,
//! RFC 5480 for P-256) for public keys, both as DER or PEM (RFC 7468), and
//! JSON Web Keys (RFC 7517, RFC 7518 section 6.2 for `EC`, RFC 8037 for
//! `OKP`).
//!
//! # What is accepted
//!
//! - **PEM**: exactly one block, at most [`MAX_PEM_LEN`] bytes, labelled
//!   `PRIVATE KEY` or `PUBLIC KEY`. Encrypted PKCS#8 (`ENCRYPTED PRIVATE
//!   KEY`) and SEC1 `EC PRIVATE KEY` are [`SignError::KeyTypeUnsupported`].
//! - **PKCS#8**: version 1 or 2 (v2's embedded public key must match the
//!   private key). Ed25519 is OID 1.3.101.112 with absent parameters; P-256
//!   is id-ecPublicKey with the named curve prime256v1. Any other algorithm
//!   or curve (P-384, X25519, RSA) is [`SignError::KeyTypeUnsupported`].
//! - **JWK**: a JSON object of at most [`MAX_JWK_LEN`] bytes with unique
//!   member names: `{"kty":"OKP","crv":"Ed25519","x":…}` or
//!   `{"kty":"EC","crv":"P-256","x":…,"y":…}`, coordinates in unpadded
//!   base64url of exactly the right length. Optional members are checked
//!   when present: `alg` must suit the key (`EdDSA` or `Ed25519` for OKP,
//!   `ES256` for P-256), `use` must be `sig`. A private member `d` is
//!   refused: a public-key API that silently accepted a private key would
//!   invite publishing it. Other members (`kid`, `key_ops`, `x5t`, …) are
//!   ignored, as RFC 7517 section 4 requires.
//!
//! Malformed input is [`SignError::KeyEncodingInvalid`]; a well-formed key
//! of another type is [`SignError::KeyTypeUnsupported`]; a point that is
//! not valid for its curve is [`SignError::VerifyingKeyInvalid`] (Ed25519)
//! or [`SignError::P256KeyInvalid`].

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::{SigningKey as EcdsaSigningKey, VerifyingKey as EcdsaVerifyingKey};
use p256::pkcs8::der::pem::{self, LineEnding};
use p256::pkcs8::spki::SubjectPublicKeyInfoRef;
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, ObjectIdentifier, PrivateKeyInfoRef};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::json::parse_object;
use super::{
    AnySigningKey, AnyVerifyingKey, P256SigningKey, P256VerifyingKey, SignError, SigningKey,
    VerifyingKey,
};

/// Largest PEM text accepted, in bytes. A P-256 PKCS#8 key is about 250.
pub const MAX_PEM_LEN: usize = 8192;

/// Largest JWK text accepted, in bytes.
pub const MAX_JWK_LEN: usize = 8192;

const ED25519_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const EC_PUBLIC_KEY_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const PRIME256V1_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// PKCS#8 v1 of an Ed25519 seed, up to the seed (RFC 8410 section 7).
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// SubjectPublicKeyInfo of an Ed25519 key, up to the key (RFC 8410 section 4).
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

const PRIVATE_LABEL: &str = "PRIVATE KEY";
const PUBLIC_LABEL: &str = "PUBLIC KEY";

/// The kind of key a PKCS#8 or SPKI structure holds.
enum Algorithm {
    Ed25519,
    P256,
}

fn algorithm_of(
    oid: ObjectIdentifier,
    curve: Option<ObjectIdentifier>,
) -> Result<Algorithm, SignError> {
    match (oid, curve) {
        (ED25519_OID, None) => Ok(Algorithm::Ed25519),
        (EC_PUBLIC_KEY_OID, Some(PRIME256V1_OID)) => Ok(Algorithm::P256),
        (ED25519_OID, Some(_)) => Err(SignError::KeyEncodingInvalid),
        _ => Err(SignError::KeyTypeUnsupported),
    }
}

/// Decodes one PEM block with the expected label into DER.
fn pem_to_der(text: &str, label: &str) -> Result<Zeroizing<Vec<u8>>, SignError> {
    if text.len() > MAX_PEM_LEN {
        return Err(SignError::KeyEncodingInvalid);
    }
    let (found, der) =
        pem::decode_vec(text.trim().as_bytes()).map_err(|_| SignError::KeyEncodingInvalid)?;
    let der = Zeroizing::new(der);
    if found == label {
        Ok(der)
    } else if found.ends_with("PRIVATE KEY") || found.ends_with("PUBLIC KEY") {
        // ENCRYPTED PRIVATE KEY, EC PRIVATE KEY, RSA PUBLIC KEY, ...
        Err(SignError::KeyTypeUnsupported)
    } else {
        Err(SignError::KeyEncodingInvalid)
    }
}

fn der_to_pem(der: &[u8], label: &str) -> String {
    // Invariant: the label is a valid PEM label and the input is small, so
    // encoding cannot fail; an empty string would only mean a bug here.
    pem::encode_string(label, LineEnding::LF, der).unwrap_or_default()
}

pub(crate) fn private_key_from_pkcs8_der(der: &[u8]) -> Result<AnySigningKey, SignError> {
    let info = PrivateKeyInfoRef::try_from(der).map_err(|_| SignError::KeyEncodingInvalid)?;
    let curve = match info.algorithm.parameters {
        None => None,
        Some(_) => Some(
            info.algorithm
                .parameters_oid()
                .map_err(|_| SignError::KeyTypeUnsupported)?,
        ),
    };
    match algorithm_of(info.algorithm.oid, curve)? {
        Algorithm::Ed25519 => {
            // CurvePrivateKey ::= OCTET STRING (RFC 8410 section 7).
            let inner = info.private_key.as_bytes();
            let seed = match inner {
                [0x04, 0x20, seed @ ..] if seed.len() == 32 => seed,
                _ => return Err(SignError::KeyEncodingInvalid),
            };
            let key = SigningKey::from_slice(seed)?;
            if let Some(public) = info.public_key
                && public.as_bytes() != Some(key.verifying_key().as_bytes().as_slice())
            {
                return Err(SignError::KeyEncodingInvalid);
            }
            Ok(AnySigningKey::Ed25519(key))
        }
        Algorithm::P256 => {
            // The ecdsa crate parses the SEC1 ECPrivateKey inside and checks
            // an embedded public key against the scalar.
            let key = EcdsaSigningKey::try_from(info).map_err(|_| SignError::P256KeyInvalid)?;
            Ok(AnySigningKey::P256(P256SigningKey::from_inner(key)))
        }
    }
}

pub(crate) fn private_key_from_pem(text: &str) -> Result<AnySigningKey, SignError> {
    private_key_from_pkcs8_der(&pem_to_der(text, PRIVATE_LABEL)?)
}

pub(crate) fn public_key_from_spki_der(der: &[u8]) -> Result<AnyVerifyingKey, SignError> {
    let info = SubjectPublicKeyInfoRef::try_from(der).map_err(|_| SignError::KeyEncodingInvalid)?;
    let curve = match info.algorithm.parameters {
        None => None,
        Some(_) => Some(
            info.algorithm
                .parameters_oid()
                .map_err(|_| SignError::KeyTypeUnsupported)?,
        ),
    };
    let bits = info
        .subject_public_key
        .as_bytes()
        .ok_or(SignError::KeyEncodingInvalid)?;
    match algorithm_of(info.algorithm.oid, curve)? {
        Algorithm::Ed25519 => Ok(AnyVerifyingKey::Ed25519(
            VerifyingKey::from_slice(bits).map_err(|e| match e {
                SignError::KeyLengthInvalid => SignError::KeyEncodingInvalid,
                other => other,
            })?,
        )),
        Algorithm::P256 => Ok(AnyVerifyingKey::P256(P256VerifyingKey::from_sec1_bytes(
            bits,
        )?)),
    }
}

pub(crate) fn public_key_from_pem(text: &str) -> Result<AnyVerifyingKey, SignError> {
    public_key_from_spki_der(&pem_to_der(text, PUBLIC_LABEL)?)
}

fn b64_field<const N: usize>(map: &Map<String, Value>, name: &str) -> Result<[u8; N], SignError> {
    let text = match map.get(name) {
        Some(Value::String(s)) => s,
        _ => return Err(SignError::KeyEncodingInvalid),
    };
    let mut out = [0u8; N];
    // base64ct refuses padding, non-alphabet characters and non-zero
    // trailing bits, so each value has exactly one accepted encoding.
    let decoded =
        Base64UrlUnpadded::decode(text, &mut out).map_err(|_| SignError::KeyEncodingInvalid)?;
    if decoded.len() != N {
        return Err(SignError::KeyEncodingInvalid);
    }
    Ok(out)
}

fn optional_str<'a>(map: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, SignError> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(SignError::KeyEncodingInvalid),
    }
}

/// A public JWK after the checks listed in [the module documentation](self).
#[cfg_attr(not(feature = "sso"), allow(dead_code))] // `kid` and `alg` are read by `sso`
pub(crate) struct ParsedJwk {
    pub(crate) key: AnyVerifyingKey,
    pub(crate) kid: Option<String>,
    pub(crate) alg: Option<String>,
}

pub(crate) fn public_key_from_jwk_object(map: &Map<String, Value>) -> Result<ParsedJwk, SignError> {
    if map.contains_key("d") {
        return Err(SignError::KeyEncodingInvalid);
    }
    let kty = optional_str(map, "kty")?.ok_or(SignError::KeyEncodingInvalid)?;
    let crv = optional_str(map, "crv")?;
    let alg = optional_str(map, "alg")?;
    if !matches!(optional_str(map, "use")?, None | Some("sig")) {
        return Err(SignError::KeyTypeUnsupported);
    }
    let key = match (kty, crv) {
        ("OKP", Some("Ed25519")) => {
            if !matches!(alg, None | Some("EdDSA" | "Ed25519")) {
                return Err(SignError::KeyTypeUnsupported);
            }
            if map.contains_key("y") {
                return Err(SignError::KeyEncodingInvalid);
            }
            AnyVerifyingKey::Ed25519(VerifyingKey::from_bytes(&b64_field::<32>(map, "x")?)?)
        }
        ("EC", Some("P-256")) => {
            if !matches!(alg, None | Some("ES256")) {
                return Err(SignError::KeyTypeUnsupported);
            }
            let x = b64_field::<32>(map, "x")?;
            let y = b64_field::<32>(map, "y")?;
            AnyVerifyingKey::P256(P256VerifyingKey::from_affine_coordinates(&x, &y)?)
        }
        ("OKP" | "EC", None) => return Err(SignError::KeyEncodingInvalid),
        _ => return Err(SignError::KeyTypeUnsupported),
    };
    Ok(ParsedJwk {
        key,
        kid: optional_str(map, "kid")?.map(str::to_owned),
        alg: alg.map(str::to_owned),
    })
}

pub(crate) fn public_key_from_jwk(text: &str) -> Result<ParsedJwk, SignError> {
    if text.len() > MAX_JWK_LEN {
        return Err(SignError::KeyEncodingInvalid);
    }
    let map = parse_object(text.as_bytes()).ok_or(SignError::KeyEncodingInvalid)?;
    public_key_from_jwk_object(&map)
}

/// The required public members of a key's JWK, in lexicographic order
/// (serde_json's map is sorted), which is the RFC 7638 thumbprint input.
pub(crate) fn jwk_members(key: &AnyVerifyingKey) -> Map<String, Value> {
    let mut map = Map::new();
    match key {
        AnyVerifyingKey::Ed25519(k) => {
            map.insert("crv".into(), "Ed25519".into());
            map.insert("kty".into(), "OKP".into());
            map.insert(
                "x".into(),
                Base64UrlUnpadded::encode_string(k.as_bytes()).into(),
            );
        }
        AnyVerifyingKey::P256(k) => {
            let (x, y) = k.affine_coordinates();
            map.insert("crv".into(), "P-256".into());
            map.insert("kty".into(), "EC".into());
            map.insert("x".into(), Base64UrlUnpadded::encode_string(&x).into());
            map.insert("y".into(), Base64UrlUnpadded::encode_string(&y).into());
        }
    }
    map
}

fn jwk_text(key: &AnyVerifyingKey) -> String {
    Value::Object(jwk_members(key)).to_string()
}

/// RFC 7638 thumbprint: base64url(SHA-256(required members, sorted, no
/// whitespace)).
fn thumbprint(key: &AnyVerifyingKey) -> String {
    Base64UrlUnpadded::encode_string(&Sha256::digest(jwk_text(key).as_bytes()))
}

fn wrong_kind() -> SignError {
    SignError::KeyTypeUnsupported
}

impl SigningKey {
    /// Decodes a PKCS#8 DER Ed25519 private key.
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`] if it is not well-formed PKCS#8,
    /// [`SignError::KeyTypeUnsupported`] for another key type (see
    /// [`encoding`](super::encoding)).
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `der`.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SignError> {
        match private_key_from_pkcs8_der(der)? {
            AnySigningKey::Ed25519(k) => Ok(k),
            AnySigningKey::P256(_) => Err(wrong_kind()),
        }
    }

    /// Decodes a PKCS#8 PEM (`PRIVATE KEY`) Ed25519 private key.
    ///
    /// # Errors
    /// As [`from_pkcs8_der`](Self::from_pkcs8_der), and
    /// [`SignError::KeyEncodingInvalid`] for malformed PEM.
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `pem`.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        match private_key_from_pem(pem)? {
            AnySigningKey::Ed25519(k) => Ok(k),
            AnySigningKey::P256(_) => Err(wrong_kind()),
        }
    }

    /// The PKCS#8 v1 DER encoding (RFC 8410 section 7), as OpenSSL writes it.
    ///
    /// # Security
    /// Contains the secret seed; wiped on drop.
    #[must_use]
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        let mut der = Zeroizing::new(Vec::with_capacity(48));
        der.extend_from_slice(&ED25519_PKCS8_PREFIX);
        der.extend_from_slice(&*Zeroizing::new(self.to_bytes()));
        der
    }

    /// The PKCS#8 PEM encoding (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// # Security
    /// Contains the secret seed; wiped on drop.
    #[must_use]
    pub fn to_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(der_to_pem(&self.to_pkcs8_der(), PRIVATE_LABEL))
    }
}

impl VerifyingKey {
    /// Decodes a SubjectPublicKeyInfo DER Ed25519 public key.
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`], [`SignError::KeyTypeUnsupported`]
    /// or [`SignError::VerifyingKeyInvalid`] (see [`encoding`](super::encoding)).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, SignError> {
        match public_key_from_spki_der(der)? {
            AnyVerifyingKey::Ed25519(k) => Ok(k),
            AnyVerifyingKey::P256(_) => Err(wrong_kind()),
        }
    }

    /// Decodes a SubjectPublicKeyInfo PEM (`PUBLIC KEY`) Ed25519 key.
    ///
    /// # Errors
    /// As [`from_spki_der`](Self::from_spki_der), and
    /// [`SignError::KeyEncodingInvalid`] for malformed PEM.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        match public_key_from_pem(pem)? {
            AnyVerifyingKey::Ed25519(k) => Ok(k),
            AnyVerifyingKey::P256(_) => Err(wrong_kind()),
        }
    }

    /// Decodes an RFC 8037 JWK (`"kty":"OKP","crv":"Ed25519"`).
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`], [`SignError::KeyTypeUnsupported`]
    /// (an `EC` key, another curve, a mismatched `alg`) or
    /// [`SignError::VerifyingKeyInvalid`] (see [`encoding`](super::encoding)).
    pub fn from_jwk(jwk: &str) -> Result<Self, SignError> {
        match public_key_from_jwk(jwk)?.key {
            AnyVerifyingKey::Ed25519(k) => Ok(k),
            AnyVerifyingKey::P256(_) => Err(wrong_kind()),
        }
    }

    /// The SubjectPublicKeyInfo DER encoding (RFC 8410 section 4).
    #[must_use]
    pub fn to_spki_der(&self) -> Vec<u8> {
        let mut der = Vec::with_capacity(44);
        der.extend_from_slice(&ED25519_SPKI_PREFIX);
        der.extend_from_slice(self.as_bytes());
        der
    }

    /// The SubjectPublicKeyInfo PEM encoding (`-----BEGIN PUBLIC KEY-----`).
    #[must_use]
    pub fn to_pem(&self) -> String {
        der_to_pem(&self.to_spki_der(), PUBLIC_LABEL)
    }

    /// The JWK `{"crv":"Ed25519","kty":"OKP","x":…}` (members sorted).
    #[must_use]
    pub fn to_jwk(&self) -> String {
        jwk_text(&AnyVerifyingKey::Ed25519(*self))
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url), a stable key id.
    #[must_use]
    pub fn jwk_thumbprint(&self) -> String {
        thumbprint(&AnyVerifyingKey::Ed25519(*self))
    }
}

impl P256SigningKey {
    /// Decodes a PKCS#8 DER P-256 private key.
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`], [`SignError::KeyTypeUnsupported`]
    /// (another curve such as P-384, an Ed25519 key) or
    /// [`SignError::P256KeyInvalid`] (see [`encoding`](super::encoding)).
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `der`.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SignError> {
        match private_key_from_pkcs8_der(der)? {
            AnySigningKey::P256(k) => Ok(k),
            AnySigningKey::Ed25519(_) => Err(wrong_kind()),
        }
    }

    /// Decodes a PKCS#8 PEM (`PRIVATE KEY`) P-256 private key.
    ///
    /// # Errors
    /// As [`from_pkcs8_der`](Self::from_pkcs8_der), and
    /// [`SignError::KeyEncodingInvalid`] for malformed PEM.
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `pem`.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        match private_key_from_pem(pem)? {
            AnySigningKey::P256(k) => Ok(k),
            AnySigningKey::Ed25519(_) => Err(wrong_kind()),
        }
    }

    /// The PKCS#8 DER encoding (with the SEC1 ECPrivateKey inside, public
    /// key included, as OpenSSL writes it).
    ///
    /// # Security
    /// Contains the secret scalar; wiped on drop.
    #[must_use]
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        // Invariant: encoding a valid in-memory key cannot fail.
        self.inner()
            .to_pkcs8_der()
            .map(|doc| Zeroizing::new(doc.as_bytes().to_vec()))
            .unwrap_or_default()
    }

    /// The PKCS#8 PEM encoding (`-----BEGIN PRIVATE KEY-----`).
    ///
    /// # Security
    /// Contains the secret scalar; wiped on drop.
    #[must_use]
    pub fn to_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(der_to_pem(&self.to_pkcs8_der(), PRIVATE_LABEL))
    }
}

impl P256VerifyingKey {
    /// Decodes a SubjectPublicKeyInfo DER P-256 public key (RFC 5480).
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`], [`SignError::KeyTypeUnsupported`]
    /// or [`SignError::P256KeyInvalid`] (see [`encoding`](super::encoding)).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, SignError> {
        match public_key_from_spki_der(der)? {
            AnyVerifyingKey::P256(k) => Ok(k),
            AnyVerifyingKey::Ed25519(_) => Err(wrong_kind()),
        }
    }

    /// Decodes a SubjectPublicKeyInfo PEM (`PUBLIC KEY`) P-256 key.
    ///
    /// # Errors
    /// As [`from_spki_der`](Self::from_spki_der), and
    /// [`SignError::KeyEncodingInvalid`] for malformed PEM.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        match public_key_from_pem(pem)? {
            AnyVerifyingKey::P256(k) => Ok(k),
            AnyVerifyingKey::Ed25519(_) => Err(wrong_kind()),
        }
    }

    /// Decodes an RFC 7518 JWK (`"kty":"EC","crv":"P-256"`).
    ///
    /// # Errors
    /// [`SignError::KeyEncodingInvalid`], [`SignError::KeyTypeUnsupported`]
    /// (P-384, an `OKP` key, a mismatched `alg`) or
    /// [`SignError::P256KeyInvalid`] (see [`encoding`](super::encoding)).
    pub fn from_jwk(jwk: &str) -> Result<Self, SignError> {
        match public_key_from_jwk(jwk)?.key {
            AnyVerifyingKey::P256(k) => Ok(k),
            AnyVerifyingKey::Ed25519(_) => Err(wrong_kind()),
        }
    }

    /// The SubjectPublicKeyInfo DER encoding, uncompressed point.
    #[must_use]
    pub fn to_spki_der(&self) -> Vec<u8> {
        // Invariant: encoding a valid in-memory key cannot fail.
        EcdsaVerifyingKey::to_public_key_der(self.inner())
            .map(|doc| doc.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// The SubjectPublicKeyInfo PEM encoding (`-----BEGIN PUBLIC KEY-----`).
    #[must_use]
    pub fn to_pem(&self) -> String {
        der_to_pem(&self.to_spki_der(), PUBLIC_LABEL)
    }

    /// The JWK `{"crv":"P-256","kty":"EC","x":…,"y":…}` (members sorted).
    #[must_use]
    pub fn to_jwk(&self) -> String {
        jwk_text(&AnyVerifyingKey::P256(*self))
    }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url), a stable key id.
    #[must_use]
    pub fn jwk_thumbprint(&self) -> String {
        thumbprint(&AnyVerifyingKey::P256(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed25519_round_trips_match_rfc_8410_layout() {
        let sk = SigningKey::from_bytes(&[9u8; 32]);
        let der = sk.to_pkcs8_der();
        assert_eq!(der.len(), 48);
        assert_eq!(
            SigningKey::from_pkcs8_der(&der).expect("der").to_bytes(),
            [9u8; 32]
        );
        let pem = sk.to_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert_eq!(
            SigningKey::from_pem(&pem).expect("pem").to_bytes(),
            [9u8; 32]
        );
        let vk = sk.verifying_key();
        assert_eq!(VerifyingKey::from_pem(&vk.to_pem()), Ok(vk));
        assert_eq!(VerifyingKey::from_jwk(&vk.to_jwk()), Ok(vk));
        // Cross-kind use is refused.
        assert_eq!(
            P256SigningKey::from_pem(&pem).err(),
            Some(SignError::KeyTypeUnsupported)
        );
        assert_eq!(
            P256VerifyingKey::from_pem(&vk.to_pem()).err(),
            Some(SignError::KeyTypeUnsupported)
        );
        assert_eq!(
            P256VerifyingKey::from_jwk(&vk.to_jwk()).err(),
            Some(SignError::KeyTypeUnsupported)
        );
    }

    #[test]
    fn rfc_8037_example_key() {
        // RFC 8037 appendix A.1 / A.2: the public key and its thumbprint (A.3).
        let jwk =
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        let vk = VerifyingKey::from_jwk(jwk).expect("rfc key");
        assert_eq!(
            vk.jwk_thumbprint(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
        let private = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
        assert_eq!(
            VerifyingKey::from_jwk(private).err(),
            Some(SignError::KeyEncodingInvalid)
        );
    }

    #[test]
    fn p256_round_trips() {
        let sk = P256SigningKey::generate().expect("os rng");
        let again = P256SigningKey::from_pem(&sk.to_pem()).expect("pem");
        assert_eq!(again.to_bytes(), sk.to_bytes());
        let vk = sk.verifying_key();
        assert_eq!(P256VerifyingKey::from_pem(&vk.to_pem()), Ok(vk));
        assert_eq!(P256VerifyingKey::from_jwk(&vk.to_jwk()), Ok(vk));
        assert_eq!(
            SigningKey::from_pem(&sk.to_pem()).err(),
            Some(SignError::KeyTypeUnsupported)
        );
    }

    #[test]
    fn malformed_jwks_are_refused() {
        let vk = P256SigningKey::from_bytes(&[3u8; 32])
            .expect("scalar")
            .verifying_key();
        let good: Value = serde_json::from_str(&vk.to_jwk()).expect("json");
        let with = |name: &str, value: Value| {
            let mut v = good.clone();
            v[name] = value;
            v.to_string()
        };
        let cases = [
            (with("crv", "P-384".into()), SignError::KeyTypeUnsupported),
            (with("kty", "OKP".into()), SignError::KeyTypeUnsupported),
            (with("kty", "RSA".into()), SignError::KeyTypeUnsupported),
            (with("alg", "EdDSA".into()), SignError::KeyTypeUnsupported),
            (with("use", "enc".into()), SignError::KeyTypeUnsupported),
            (with("x", "AAAA".into()), SignError::KeyEncodingInvalid),
            (with("x", 5.into()), SignError::KeyEncodingInvalid),
            (with("d", "AAAA".into()), SignError::KeyEncodingInvalid),
            (with("y", good["x"].clone()), SignError::P256KeyInvalid),
            ("[]".into(), SignError::KeyEncodingInvalid),
            (
                r#"{"kty":"EC","kty":"EC","crv":"P-256"}"#.into(),
                SignError::KeyEncodingInvalid,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                P256VerifyingKey::from_jwk(&text).err(),
                Some(want),
                "{text}"
            );
        }
        // Padded or non-canonical base64url is refused.
        let x = good["x"].as_str().expect("str");
        assert_eq!(
            P256VerifyingKey::from_jwk(&with("x", format!("{x}=").into())).err(),
            Some(SignError::KeyEncodingInvalid)
        );
        assert_eq!(
            VerifyingKey::from_jwk(&"x".repeat(MAX_JWK_LEN + 1)).err(),
            Some(SignError::KeyEncodingInvalid)
        );
    }

    #[test]
    fn malformed_pem_is_refused() {
        assert_eq!(
            SigningKey::from_pem("hello").err(),
            Some(SignError::KeyEncodingInvalid)
        );
        let vk = SigningKey::from_bytes(&[1u8; 32]).verifying_key();
        let public = vk.to_pem();
        assert_eq!(
            SigningKey::from_pem(&public).err(),
            Some(SignError::KeyTypeUnsupported)
        );
        let encrypted = public.replace("PUBLIC KEY", "ENCRYPTED PRIVATE KEY");
        assert_eq!(
            SigningKey::from_pem(&encrypted).err(),
            Some(SignError::KeyTypeUnsupported)
        );
        let mut der = vk.to_spki_der();
        der[7] ^= 1; // another OID
        assert!(VerifyingKey::from_spki_der(&der).is_err());
        assert_eq!(
            VerifyingKey::from_spki_der(&der[..20]).err(),
            Some(SignError::KeyEncodingInvalid)
        );
    }
}
