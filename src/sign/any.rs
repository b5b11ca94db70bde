//! Either kind of key, for the modules that take "an Ed25519 or a P-256
//! key": tokens, device approvals, credentials.
//!
//! Both kinds sign with 64-byte signatures (Ed25519's `R ‖ S`, ES256's
//! `r ‖ s`), so [`AnySigningKey::sign`] and [`AnyVerifyingKey::verify`]
//! have one shape. Each kind keeps its own rules: Ed25519 follows
//! [the verification rule](super#the-verification-rule), P-256 the rules of
//! [`p256`](super::p256).

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::encoding::{
    jwk_members, private_key_from_pem, private_key_from_pkcs8_der, public_key_from_jwk,
    public_key_from_pem, public_key_from_spki_der,
};
use super::{P256SigningKey, P256VerifyingKey, SignError, Signature, SigningKey, VerifyingKey};

/// The kind of a key, which fixes its signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// Ed25519 (RFC 8032): JOSE `EdDSA`/`Ed25519`, COSE -8/-19.
    Ed25519,
    /// ECDSA P-256 with SHA-256: JOSE `ES256`, COSE -7.
    P256,
}

/// An Ed25519 or P-256 signing key.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AnySigningKey {
    /// An Ed25519 key.
    Ed25519(SigningKey),
    /// A P-256 key.
    P256(P256SigningKey),
}

impl AnySigningKey {
    /// The key's kind.
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        match self {
            AnySigningKey::Ed25519(_) => KeyKind::Ed25519,
            AnySigningKey::P256(_) => KeyKind::P256,
        }
    }

    /// The public key.
    #[must_use]
    pub fn verifying_key(&self) -> AnyVerifyingKey {
        match self {
            AnySigningKey::Ed25519(k) => AnyVerifyingKey::Ed25519(k.verifying_key()),
            AnySigningKey::P256(k) => AnyVerifyingKey::P256(k.verifying_key()),
        }
    }

    /// The 64-byte signature of `message`: Ed25519, or ES256 `r ‖ s` with
    /// low `s`.
    ///
    /// # Security
    /// Uses the secret key; both algorithms derive the nonce
    /// deterministically from the key and message.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        match self {
            AnySigningKey::Ed25519(k) => k.sign(message).to_bytes(),
            AnySigningKey::P256(k) => k.sign(message),
        }
    }

    /// Decodes a PKCS#8 DER private key of either kind.
    ///
    /// # Errors
    /// See [`encoding`](super::encoding).
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `der`.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SignError> {
        private_key_from_pkcs8_der(der)
    }

    /// Decodes a PKCS#8 PEM private key of either kind.
    ///
    /// # Errors
    /// See [`encoding`](super::encoding).
    ///
    /// # Security
    /// The caller remains responsible for wiping its copy of `pem`.
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        private_key_from_pem(pem)
    }

    /// The PKCS#8 PEM encoding.
    ///
    /// # Security
    /// Contains the secret key; wiped on drop.
    #[must_use]
    pub fn to_pem(&self) -> Zeroizing<String> {
        match self {
            AnySigningKey::Ed25519(k) => k.to_pem(),
            AnySigningKey::P256(k) => k.to_pem(),
        }
    }
}

impl From<SigningKey> for AnySigningKey {
    fn from(k: SigningKey) -> Self {
        AnySigningKey::Ed25519(k)
    }
}

impl From<P256SigningKey> for AnySigningKey {
    fn from(k: P256SigningKey) -> Self {
        AnySigningKey::P256(k)
    }
}

/// An Ed25519 or P-256 public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnyVerifyingKey {
    /// An Ed25519 key.
    Ed25519(VerifyingKey),
    /// A P-256 key.
    P256(P256VerifyingKey),
}

impl AnyVerifyingKey {
    /// The key's kind.
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        match self {
            AnyVerifyingKey::Ed25519(_) => KeyKind::Ed25519,
            AnyVerifyingKey::P256(_) => KeyKind::P256,
        }
    }

    /// Verifies a 64-byte signature of `message` under this key's own
    /// algorithm: the algorithm comes from the key, never from the input.
    ///
    /// # Errors
    /// [`SignError::SignatureLengthInvalid`] if `signature` is not 64
    /// bytes; [`SignError::SignatureInvalid`] if it does not verify.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), SignError> {
        match self {
            AnyVerifyingKey::Ed25519(k) => k.verify(message, &Signature::from_slice(signature)?),
            AnyVerifyingKey::P256(k) => k.verify_slice(message, signature),
        }
    }

    /// Decodes a SubjectPublicKeyInfo DER public key of either kind.
    ///
    /// # Errors
    /// See [`encoding`](super::encoding).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, SignError> {
        public_key_from_spki_der(der)
    }

    /// Decodes a SubjectPublicKeyInfo PEM public key of either kind.
    ///
    /// # Errors
    /// See [`encoding`](super::encoding).
    pub fn from_pem(pem: &str) -> Result<Self, SignError> {
        public_key_from_pem(pem)
    }

    /// Decodes a public JWK of either kind (`OKP`/`Ed25519` or `EC`/`P-256`).
    ///
    /// # Errors
    /// See [`encoding`](super::encoding).
    pub fn from_jwk(jwk: &str) -> Result<Self, SignError> {
        Ok(public_key_from_jwk(jwk)?.key)
    }

    /// The SubjectPublicKeyInfo PEM encoding.
    #[must_use]
    pub fn to_pem(&self) -> String {
        match self {
            AnyVerifyingKey::Ed25519(k) => k.to_pem(),
            AnyVerifyingKey::P256(k) => k.to_pem(),
        }
    }

    /// The JWK with the required members only, sorted.
    #[must_use]
    pub fn to_jwk(&self) -> String {
        Value::Object(self.jwk_object()).to_string()
    }

    /// The RFC 7638 thumbprint.
    #[must_use]
    pub fn jwk_thumbprint(&self) -> String {
        match self {
            AnyVerifyingKey::Ed25519(k) => k.jwk_thumbprint(),
            AnyVerifyingKey::P256(k) => k.jwk_thumbprint(),
        }
    }

    pub(crate) fn jwk_object(&self) -> Map<String, Value> {
        jwk_members(self)
    }
}

impl From<VerifyingKey> for AnyVerifyingKey {
    fn from(k: VerifyingKey) -> Self {
        AnyVerifyingKey::Ed25519(k)
    }
}

impl From<P256VerifyingKey> for AnyVerifyingKey {
    fn from(k: P256VerifyingKey) -> Self {
        AnyVerifyingKey::P256(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_kind_signs_and_verifies_by_its_own_algorithm() {
        let keys: [AnySigningKey; 2] = [
            SigningKey::generate().expect("rng").into(),
            P256SigningKey::generate().expect("rng").into(),
        ];
        for sk in &keys {
            let vk = sk.verifying_key();
            let sig = sk.sign(b"msg");
            assert_eq!(vk.verify(b"msg", &sig), Ok(()));
            assert_eq!(vk.verify(b"msh", &sig), Err(SignError::SignatureInvalid));
            assert_eq!(
                vk.verify(b"msg", &sig[..63]),
                Err(SignError::SignatureLengthInvalid)
            );
            assert_eq!(AnyVerifyingKey::from_pem(&vk.to_pem()), Ok(vk));
            assert_eq!(AnyVerifyingKey::from_jwk(&vk.to_jwk()), Ok(vk));
            let again = AnySigningKey::from_pem(&sk.to_pem()).expect("pem");
            assert_eq!(again.verifying_key(), vk);
        }
        // A signature of one kind never verifies under the other.
        let ed = keys[0].sign(b"msg");
        assert!(keys[1].verifying_key().verify(b"msg", &ed).is_err());
    }
}
