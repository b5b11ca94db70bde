//! `sign_many` (groups of signatures sharing one field inversion, see
//! `src/sign/batch_sign.rs`) against signatures we did not compute:
//!
//! - RFC 8032 section 7.1 (`tests/vectors/rfc8032_ed25519.json`) and
//!   ed25519-dalek's `TESTVECTORS` (`tests/vectors/ed25519_dalek_TESTVECTORS.txt`,
//!   originally SUPERCOP's `sign.input`): each vector's message is signed in
//!   the middle of a batch of other messages under the same key, at every
//!   position of a group and across a group boundary, and must come out
//!   byte-identical to the published signature;
//! - ed25519-dalek's `SigningKey::sign` on random keys and batches of random
//!   messages (proptest).

use credkit::sign::{SigningKey, sign_many};
use ed25519_dalek::Signer;
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    tests: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    secret_key: String,
    message: String,
    signature: String,
}

/// (seed, message, signature) from both vector files.
fn vectors() -> Vec<([u8; 32], Vec<u8>, [u8; 64])> {
    let text = std::fs::read_to_string("tests/vectors/rfc8032_ed25519.json").expect("in repo");
    let file: File = serde_json::from_str(&text).expect("valid JSON");
    let mut out: Vec<([u8; 32], Vec<u8>, [u8; 64])> = file
        .tests
        .iter()
        .map(|v| {
            (
                hex::decode(&v.secret_key)
                    .expect("hex")
                    .try_into()
                    .expect("32"),
                hex::decode(&v.message).expect("hex"),
                hex::decode(&v.signature)
                    .expect("hex")
                    .try_into()
                    .expect("64"),
            )
        })
        .collect();
    assert_eq!(out.len(), 5);
    let text =
        std::fs::read_to_string("tests/vectors/ed25519_dalek_TESTVECTORS.txt").expect("in repo");
    for line in text.lines().filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(':').collect();
        let sk_pk = hex::decode(parts[0]).expect("hex");
        let sig_msg = hex::decode(parts[3]).expect("hex");
        out.push((
            sk_pk[..32].try_into().expect("32"),
            hex::decode(parts[2]).expect("hex"),
            sig_msg[..64].try_into().expect("64"),
        ));
    }
    assert_eq!(out.len(), 5 + 128);
    out
}

#[test]
fn published_vectors_signed_inside_batches() {
    let filler: Vec<Vec<u8>> = (0u8..150).map(|i| vec![i; usize::from(i)]).collect();
    for (n, (seed, message, signature)) in vectors().iter().enumerate() {
        let key = SigningKey::from_bytes(seed);
        // The vector's message at a position that moves through a group of
        // 64 and past its end as n grows.
        let at = (n * 7) % 130;
        let mut batch: Vec<&[u8]> = filler[..at].iter().map(Vec::as_slice).collect();
        batch.push(message);
        batch.extend(filler[at..140].iter().map(Vec::as_slice));
        let sigs = sign_many(&key, &batch);
        assert_eq!(sigs.len(), batch.len());
        assert_eq!(sigs[at].to_bytes(), *signature, "vector {n} at {at}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn batches_equal_ed25519_dalek(
        seed in any::<[u8; 32]>(),
        messages in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..140),
    ) {
        let ours = SigningKey::from_bytes(&seed);
        let theirs = ed25519_dalek::SigningKey::from_bytes(&seed);
        let sigs = sign_many(&ours, &messages);
        prop_assert_eq!(sigs.len(), messages.len());
        for (m, s) in messages.iter().zip(&sigs) {
            prop_assert_eq!(s.to_bytes(), theirs.sign(m).to_bytes());
        }
    }
}
