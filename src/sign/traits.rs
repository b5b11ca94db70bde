//! The RustCrypto [`signature`] traits for credkit's keys, and conversions
//! between [`Signature`] and [`ed25519::Signature`], for code written
//! against the traits (JOSE/COSE libraries, x509 builders, code generic over
//! its signer).
//!
//! credkit's own methods stay the documented way ([`SigningKey::sign`],
//! [`VerifyingKey::verify`], [`P256SigningKey::sign`],
//! [`P256VerifyingKey::verify`]); the trait methods call them, so the
//! verification rule is the one in [`sign`](super#the-verification-rule)
//! whichever way a signature is checked, and a trait verification failure
//! is the opaque [`signature::Error`].
//!
//! | key | traits | signature types |
//! |---|---|---|
//! | [`SigningKey`] | [`Signer`], [`Keypair`] | [`Signature`], [`ed25519::Signature`] |
//! | [`VerifyingKey`] | [`Verifier`] | [`Signature`], [`ed25519::Signature`] |
//! | [`P256SigningKey`] | [`Signer`], [`Keypair`] | [`P256Signature`] (r ‖ s) |
//! | [`P256VerifyingKey`] | [`Verifier`] | [`P256Signature`] |
//!
//! [`Signature`] converts to and from [`ed25519::Signature`] with `From`
//! both ways (both are the 64 bytes R ‖ S; neither checks S < L until
//! verification) and implements [`SignatureEncoding`].

use signature::{Keypair, SignatureEncoding, Signer, Verifier};

/// The signature type of the P-256 [`Signer`] and [`Verifier`]
/// implementations: `p256`'s ECDSA signature, r ‖ s (the 64 bytes
/// [`P256SigningKey::sign`] returns).
pub use p256::ecdsa::Signature as P256Signature;

use super::{P256SigningKey, P256VerifyingKey, SignError, Signature, SigningKey, VerifyingKey};

impl From<ed25519::Signature> for Signature {
    fn from(sig: ed25519::Signature) -> Self {
        Signature::from_bytes(&sig.to_bytes())
    }
}

impl From<&ed25519::Signature> for Signature {
    fn from(sig: &ed25519::Signature) -> Self {
        Signature::from_bytes(&sig.to_bytes())
    }
}

impl From<Signature> for ed25519::Signature {
    fn from(sig: Signature) -> Self {
        ed25519::Signature::from_bytes(sig.as_bytes())
    }
}

impl From<&Signature> for ed25519::Signature {
    fn from(sig: &Signature) -> Self {
        ed25519::Signature::from_bytes(sig.as_bytes())
    }
}

impl From<Signature> for [u8; 64] {
    fn from(sig: Signature) -> Self {
        sig.to_bytes()
    }
}

impl TryFrom<[u8; 64]> for Signature {
    type Error = SignError;

    fn try_from(bytes: [u8; 64]) -> Result<Self, SignError> {
        Ok(Signature::from_bytes(&bytes))
    }
}

impl SignatureEncoding for Signature {
    type Repr = [u8; 64];
}

impl Signer<Signature> for SigningKey {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature, signature::Error> {
        Ok(SigningKey::sign(self, msg))
    }
}

impl Signer<ed25519::Signature> for SigningKey {
    fn try_sign(&self, msg: &[u8]) -> Result<ed25519::Signature, signature::Error> {
        Ok(SigningKey::sign(self, msg).into())
    }
}

impl Keypair for SigningKey {
    type VerifyingKey = VerifyingKey;

    fn verifying_key(&self) -> VerifyingKey {
        SigningKey::verifying_key(self)
    }
}

impl Verifier<Signature> for VerifyingKey {
    fn verify(&self, msg: &[u8], signature: &Signature) -> Result<(), signature::Error> {
        VerifyingKey::verify(self, msg, signature).map_err(|_| signature::Error::new())
    }
}

impl Verifier<ed25519::Signature> for VerifyingKey {
    fn verify(&self, msg: &[u8], signature: &ed25519::Signature) -> Result<(), signature::Error> {
        VerifyingKey::verify(self, msg, &signature.into()).map_err(|_| signature::Error::new())
    }
}

impl Signer<p256::ecdsa::Signature> for P256SigningKey {
    fn try_sign(&self, msg: &[u8]) -> Result<p256::ecdsa::Signature, signature::Error> {
        // credkit's signatures have r and s in [1, n): the parse cannot fail
        // on them, but an error is returned rather than a panic all the same.
        p256::ecdsa::Signature::from_slice(&P256SigningKey::sign(self, msg))
    }
}

impl Keypair for P256SigningKey {
    type VerifyingKey = P256VerifyingKey;

    fn verifying_key(&self) -> P256VerifyingKey {
        P256SigningKey::verifying_key(self)
    }
}

impl Verifier<p256::ecdsa::Signature> for P256VerifyingKey {
    fn verify(
        &self,
        msg: &[u8],
        signature: &p256::ecdsa::Signature,
    ) -> Result<(), signature::Error> {
        P256VerifyingKey::verify_slice(self, msg, &signature.to_bytes())
            .map_err(|_| signature::Error::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_conversions_round_trip() {
        let mut bytes = [0u8; 64];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::try_from(i).expect("under 64");
        }
        let ours = Signature::from_bytes(&bytes);
        let theirs = ed25519::Signature::from(ours);
        assert_eq!(theirs.to_bytes(), bytes);
        assert_eq!(Signature::from(theirs), ours);
        assert_eq!(Signature::from(&theirs), ours);
        assert_eq!(ed25519::Signature::from(&ours), theirs);
        assert_eq!(SignatureEncoding::to_bytes(&ours), bytes);
        assert_eq!(Signature::try_from(bytes).expect("64 bytes"), ours);
    }

    #[test]
    fn trait_verification_follows_the_rule() {
        let sk = SigningKey::from_bytes(&[9; 32]);
        let vk = Keypair::verifying_key(&sk);
        let sig: ed25519::Signature = Signer::sign(&sk, b"m");
        assert!(Verifier::verify(&vk, b"m", &sig).is_ok());
        assert!(Verifier::verify(&vk, b"x", &sig).is_err());
        // S + L: accepted by nothing that checks S < L, refused here too.
        let mut bytes = sig.to_bytes();
        let l: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for (s, l) in bytes[32..].iter_mut().zip(l) {
            let sum = u16::from(*s) + u16::from(l) + carry;
            *s = u8::try_from(sum & 0xff).expect("one byte");
            carry = sum >> 8;
        }
        let malleated = ed25519::Signature::from_bytes(&bytes);
        assert!(Verifier::verify(&vk, b"m", &malleated).is_err());
    }

    #[test]
    fn p256_through_the_traits() {
        let sk = P256SigningKey::from_bytes(&[3; 32]).expect("valid scalar");
        let vk = Keypair::verifying_key(&sk);
        let sig: p256::ecdsa::Signature = Signer::sign(&sk, b"m");
        assert!(Verifier::verify(&vk, b"m", &sig).is_ok());
        assert!(Verifier::verify(&vk, b"x", &sig).is_err());
        assert_eq!(sig.to_bytes().as_slice(), sk.sign(b"m").as_slice());
    }
}
