//! credkit credentials against a COSE_Sign1 built and checked by peers:
//! `coset` (used directly, not through credkit) for the structure and
//! `ed25519-dalek` (dev-dependency) for the signature over the RFC 9052
//! §4.4 `Sig_structure`.

use coset::cbor::value::Value;
use coset::{
    CborSerializable, CoseSign1, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable, iana,
};
use credkit::credential::{
    CredentialError, CredentialIssuer, CredentialRequest, CredentialVerifier, decode_qr_text,
    encode_qr_text,
};
use credkit::sign::{KeyId, KeySet, SigningKey};
use ed25519_dalek::{Signer, Verifier};

const NOW: u64 = 1_760_000_000;
const SEED: [u8; 32] = [42; 32];

fn verifier() -> CredentialVerifier {
    let mut keys = KeySet::new();
    keys.insert(
        KeyId::new("peer-kid").expect("valid"),
        SigningKey::from_bytes(&SEED).verifying_key(),
    );
    CredentialVerifier::new(keys)
}

/// A credential with only the standard claims, built with coset and signed
/// with ed25519-dalek: credkit verifies it as version 1.
#[test]
fn credkit_verifies_a_peer_credential() {
    let peer = ed25519_dalek::SigningKey::from_bytes(&SEED);
    let claims = Value::Map(vec![
        (
            Value::Integer(1.into()),
            Value::Text("peer-authority".into()),
        ),
        (Value::Integer(2.into()), Value::Text("2098765432".into())),
        (
            Value::Integer(4.into()),
            Value::Integer((NOW + 3600).into()),
        ),
        (Value::Integer(6.into()), Value::Integer(NOW.into())),
    ]);
    let payload = claims.to_vec().expect("serializes");
    let sign1 = CoseSign1Builder::new()
        .protected(
            HeaderBuilder::new()
                .algorithm(iana::Algorithm::EdDSA)
                .key_id(b"peer-kid".to_vec())
                .build(),
        )
        .payload(payload)
        .create_signature(b"", |tbs| peer.sign(tbs).to_bytes().to_vec())
        .build();
    let cose = sign1.to_tagged_vec().expect("serializes");
    let qr = encode_qr_text(&cose).expect("fits");

    let credential = verifier()
        .verify(&qr, NOW)
        .expect("peer credential verifies");
    assert_eq!(credential.issuer(), "peer-authority");
    assert_eq!(credential.subject(), "2098765432");
    assert_eq!(credential.version(), 1);
    assert_eq!(credential.key_id(), "peer-kid");
    assert!(credential.attributes().is_empty());
}

/// A credkit credential decoded with coset and verified with ed25519-dalek
/// over the Sig_structure coset computes.
#[test]
fn peer_verifies_a_credkit_credential() {
    let issuer = CredentialIssuer::new(SigningKey::from_bytes(&SEED), "peer-kid", "authority")
        .expect("valid");
    let qr = issuer
        .issue(
            &CredentialRequest::new("1012345678", 3600)
                .version(2)
                .attribute("name", "Ali"),
            NOW,
        )
        .expect("issues");
    let cose = decode_qr_text(&qr).expect("decodes");
    let sign1 = CoseSign1::from_tagged_slice(&cose).expect("peer parses it");
    assert_eq!(sign1.protected.header.key_id, b"peer-kid");
    assert_eq!(
        sign1.protected.header.alg,
        Some(coset::RegisteredLabelWithPrivate::Assigned(
            iana::Algorithm::EdDSA
        ))
    );
    let peer_key = ed25519_dalek::SigningKey::from_bytes(&SEED).verifying_key();
    sign1
        .verify_signature(b"", |sig, tbs| {
            let sig = ed25519_dalek::Signature::from_slice(sig)?;
            peer_key.verify(tbs, &sig)
        })
        .expect("peer verifies the signature");
    let claims = Value::from_slice(sign1.payload.as_deref().expect("attached")).expect("cbor");
    let Value::Map(entries) = claims else {
        panic!("claims are a map")
    };
    let sub = entries
        .iter()
        .find(|(k, _)| *k == Value::Integer(2.into()))
        .map(|(_, v)| v.clone());
    assert_eq!(sub, Some(Value::Text("1012345678".into())));
}

/// Flipping any single byte of the COSE_Sign1 is refused (by the decoder
/// or by the signature check), never accepted.
#[test]
fn every_byte_is_covered() {
    let issuer = CredentialIssuer::new(SigningKey::from_bytes(&SEED), "peer-kid", "authority")
        .expect("valid");
    let cose = issuer
        .issue_cose(&CredentialRequest::new("1012345678", 3600), NOW)
        .expect("issues");
    let v = verifier();
    assert!(v.verify_cose(&cose, NOW).is_ok());
    for i in 0..cose.len() {
        let mut bad = cose.clone();
        bad[i] ^= 0x20;
        let err = v.verify_cose(&bad, NOW).expect_err("tampered byte refused");
        assert_ne!(err, CredentialError::RandomSourceFailed, "byte {i}");
    }
}
