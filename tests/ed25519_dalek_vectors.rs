//! ed25519-dalek's `TESTVECTORS` (originally SUPERCOP's `sign.input`), in
//! `tests/vectors/ed25519_dalek_TESTVECTORS.txt`: 128 lines of
//! `seed‖pk:pk:msg:sig‖msg:` in hex.
//!
//! Each signature credkit computes must be byte-identical, and each must
//! verify through the single path and, all 128 together, the batch path.

use credkit::sign::{Signature, SigningKey, VerifyItem, VerifyingKey, verify_many};

struct Line {
    seed: [u8; 32],
    public: [u8; 32],
    message: Vec<u8>,
    signature: [u8; 64],
}

fn lines() -> Vec<Line> {
    let text = std::fs::read_to_string("tests/vectors/ed25519_dalek_TESTVECTORS.txt")
        .expect("vector file is in the repository");
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split(':').collect();
            let sk_pk = hex::decode(parts[0]).expect("hex");
            let sig_msg = hex::decode(parts[3]).expect("hex");
            Line {
                seed: sk_pk[..32].try_into().expect("32"),
                public: hex::decode(parts[1]).expect("hex").try_into().expect("32"),
                message: hex::decode(parts[2]).expect("hex"),
                signature: sig_msg[..64].try_into().expect("64"),
            }
        })
        .collect()
}

#[test]
fn dalek_testvectors_sign_and_verify() {
    let lines = lines();
    assert_eq!(lines.len(), 128);
    let mut keys = Vec::new();
    let mut sigs = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let sk = SigningKey::from_bytes(&l.seed);
        assert_eq!(sk.verifying_key().to_bytes(), l.public, "line {n}: key");
        let sig = sk.sign(&l.message);
        assert_eq!(sig.to_bytes(), l.signature, "line {n}: signature");
        let vk = VerifyingKey::from_bytes(&l.public).expect("valid key");
        assert_eq!(vk.verify(&l.message, &sig), Ok(()), "line {n}");
        keys.push(vk);
        sigs.push(Signature::from_bytes(&l.signature));
    }
    let items: Vec<VerifyItem<'_>> = lines
        .iter()
        .zip(&keys)
        .zip(&sigs)
        .map(|((l, k), s)| VerifyItem::new(k, &l.message, s))
        .collect();
    assert!(verify_many(&items).iter().all(|&ok| ok));
}
