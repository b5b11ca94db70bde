//! RFC 8032 test vectors: section 7.1 (Ed25519: TEST 1, 2, 3, 1024 and
//! SHA(abc)) and section 7.3 (Ed25519ph: TEST abc), transcribed in
//! `tests/vectors/rfc8032_ed25519.json` and `tests/vectors/rfc8032_ed25519ph.json`
//! (origin and checks in `tests/vectors/README.md`).
//!
//! Each vector is checked both ways: the key and signature credkit computes
//! from the seed are byte-identical to the RFC's, and the RFC's signature
//! verifies through the single and the batch path.

use credkit::sign::{Prehash, Signature, SigningKey, VerifyItem, VerifyingKey, verify_many};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    tests: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    secret_key: String,
    public_key: String,
    message: String,
    #[serde(default)]
    context: Option<String>,
    signature: String,
}

fn load(path: &str) -> Vec<Vector> {
    let text = std::fs::read_to_string(path).expect("vector file is in the repository");
    let file: File = serde_json::from_str(&text).expect("vector file is valid JSON");
    file.tests
}

fn arr<const N: usize>(hex_text: &str) -> [u8; N] {
    hex::decode(hex_text)
        .expect("hex")
        .try_into()
        .expect("length")
}

#[test]
fn rfc8032_section_7_1_ed25519() {
    let vectors = load("tests/vectors/rfc8032_ed25519.json");
    assert_eq!(vectors.len(), 5);
    for v in &vectors {
        let sk = SigningKey::from_bytes(&arr(&v.secret_key));
        let vk = sk.verifying_key();
        assert_eq!(
            vk.to_bytes(),
            arr::<32>(&v.public_key),
            "{}: public key",
            v.name
        );
        let message = hex::decode(&v.message).expect("hex");
        let sig = sk.sign(&message);
        assert_eq!(
            sig.to_bytes(),
            arr::<64>(&v.signature),
            "{}: signature",
            v.name
        );
        let parsed = VerifyingKey::from_bytes(&arr(&v.public_key)).expect("valid key");
        assert_eq!(parsed.verify(&message, &sig), Ok(()), "{}", v.name);
        assert_eq!(
            verify_many(&[VerifyItem::new(&parsed, &message, &sig)]),
            [true]
        );
    }
}

#[test]
fn rfc8032_section_7_3_ed25519ph() {
    let vectors = load("tests/vectors/rfc8032_ed25519ph.json");
    assert_eq!(vectors.len(), 1);
    for v in &vectors {
        let sk = SigningKey::from_bytes(&arr(&v.secret_key));
        let vk = sk.verifying_key();
        assert_eq!(
            vk.to_bytes(),
            arr::<32>(&v.public_key),
            "{}: public key",
            v.name
        );
        let message = hex::decode(&v.message).expect("hex");
        let context = hex::decode(v.context.as_deref().unwrap_or("")).expect("hex");
        let expected = Signature::from_bytes(&arr(&v.signature));
        let sig = sk
            .sign_document(&message[..], &context)
            .expect("short context");
        assert_eq!(sig, expected, "{}: signature", v.name);
        assert_eq!(
            vk.verify_document(&message[..], &context, &expected),
            Ok(())
        );
        let prehash = Prehash::from_reader(&message[..]).expect("in memory");
        assert_eq!(vk.verify_prehashed(&prehash, &context, &expected), Ok(()));
        assert!(
            vk.verify(&message, &expected).is_err(),
            "ph is not pure Ed25519"
        );
    }
}
