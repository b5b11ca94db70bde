//! Property tests for `credkit::sign`.
//!
//! - Signatures are byte-identical to ed25519-dalek's for random seeds and
//!   messages, and each side verifies the other's.
//! - Differential: the same mutated (key, message, signature) triples go to
//!   the single path and, shuffled among good and other bad triples, to the
//!   batch path; an item's batch answer must equal its single answer,
//!   whatever else is in the batch.

use credkit::sign::{
    KeyId, KeySet, Signature, SigningKey, VerifyItem, VerifyingKey, sign_many, verify_many,
};
use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::edwards::CompressedEdwardsY;
use ed25519_dalek::{Signer as _, Verifier as _};
use proptest::prelude::*;

fn single(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(k), Ok(s)) = (
        VerifyingKey::from_slice(key),
        Signature::from_slice(signature),
    ) else {
        return false;
    };
    k.verify(message, &s).is_ok()
}

/// How a good triple is damaged.
#[derive(Clone, Debug)]
enum Mutation {
    None,
    FlipSignatureBit(usize),
    FlipKeyBit(usize),
    FlipMessageBit(usize),
    AddTorsionToR(usize),
    AddLToS,
    SmallOrderR(usize),
    Truncate(usize),
    RandomSignature([u8; 32], [u8; 32]),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => Just(Mutation::None),
        2 => (0usize..512).prop_map(Mutation::FlipSignatureBit),
        1 => (0usize..256).prop_map(Mutation::FlipKeyBit),
        1 => (0usize..64).prop_map(Mutation::FlipMessageBit),
        1 => (0usize..8).prop_map(Mutation::AddTorsionToR),
        1 => Just(Mutation::AddLToS),
        1 => (0usize..8).prop_map(Mutation::SmallOrderR),
        1 => (0usize..64).prop_map(Mutation::Truncate),
        1 => (any::<[u8; 32]>(), any::<[u8; 32]>()).prop_map(|(a, b)| Mutation::RandomSignature(a, b)),
    ]
}

const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

fn apply(m: &Mutation, key: &mut [u8], message: &mut Vec<u8>, sig: &mut Vec<u8>) {
    match m {
        Mutation::None => {}
        Mutation::FlipSignatureBit(b) => sig[b / 8] ^= 1 << (b % 8),
        Mutation::FlipKeyBit(b) => key[b / 8] ^= 1 << (b % 8),
        Mutation::FlipMessageBit(b) => {
            if message.is_empty() {
                message.push(0);
            }
            let i = (b / 8) % message.len();
            message[i] ^= 1 << (b % 8);
        }
        Mutation::AddTorsionToR(t) => {
            if let Some(r) = CompressedEdwardsY::from_slice(&sig[..32])
                .ok()
                .and_then(|c| c.decompress())
            {
                sig[..32].copy_from_slice(&(r + EIGHT_TORSION[*t]).compress().to_bytes());
            }
        }
        Mutation::AddLToS => {
            let mut carry = 0u16;
            for i in 0..32 {
                let v = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
                sig[32 + i] = (v & 0xff) as u8;
                carry = v >> 8;
            }
        }
        Mutation::SmallOrderR(t) => {
            sig[..32].copy_from_slice(&EIGHT_TORSION[*t].compress().to_bytes());
        }
        Mutation::Truncate(n) => sig.truncate(*n),
        Mutation::RandomSignature(a, b) => {
            sig[..32].copy_from_slice(a);
            sig[32..].copy_from_slice(b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn byte_identical_to_ed25519_dalek(seed in any::<[u8; 32]>(), message in proptest::collection::vec(any::<u8>(), 0..200)) {
        let ours = SigningKey::from_bytes(&seed);
        let theirs = ed25519_dalek::SigningKey::from_bytes(&seed);
        prop_assert_eq!(ours.verifying_key().to_bytes(), theirs.verifying_key().to_bytes());
        let sig = ours.sign(&message);
        let their_sig = theirs.sign(&message);
        prop_assert_eq!(sig.to_bytes(), their_sig.to_bytes());
        prop_assert!(theirs.verifying_key().verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&sig.to_bytes())).is_ok());
        prop_assert!(ours.verifying_key().verify(&message, &Signature::from_bytes(&their_sig.to_bytes())).is_ok());
        prop_assert_eq!(sign_many(&ours, &[&message[..]]), vec![sig]);
    }

    #[test]
    fn batch_answer_equals_single_answer(
        triples in proptest::collection::vec((any::<[u8; 32]>(), proptest::collection::vec(any::<u8>(), 0..64), mutation()), 1..40),
        rotate in any::<usize>(),
    ) {
        let mut items: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = triples
            .iter()
            .map(|(seed, message, m)| {
                let sk = SigningKey::from_bytes(seed);
                let mut key = sk.verifying_key().to_bytes().to_vec();
                let mut message = message.clone();
                let mut sig = sk.sign(&message).to_bytes().to_vec();
                apply(m, &mut key, &mut message, &mut sig);
                (key, message, sig)
            })
            .collect();
        let expected: Vec<bool> = items.iter().map(|(k, m, s)| single(k, m, s)).collect();
        let batch: Vec<VerifyItem<'_>> = items.iter().map(|(k, m, s)| VerifyItem::from_bytes(k, m, s)).collect();
        prop_assert_eq!(verify_many(&batch), expected.clone());
        // The same items in another order and alongside each other differently.
        let shift = rotate % items.len();
        items.rotate_left(shift);
        let mut rotated_expected = expected.clone();
        rotated_expected.rotate_left(shift);
        let batch: Vec<VerifyItem<'_>> = items.iter().map(|(k, m, s)| VerifyItem::from_bytes(k, m, s)).collect();
        prop_assert_eq!(verify_many(&batch), rotated_expected);
        // Each alone.
        for ((k, m, s), e) in items.iter().zip(expected.iter().cycle().skip(shift)) {
            prop_assert_eq!(verify_many(&[VerifyItem::from_bytes(k, m, s)]), vec![*e]);
        }
        // Through a trust list (keys with precomputed tables), mixed with
        // untrusted items of the same keys: same answers, single and batch.
        let mut trust = KeySet::new();
        let mut parsed = Vec::new();
        for (i, ((k, m, s), e)) in items.iter().zip(expected.iter().cycle().skip(shift)).enumerate() {
            let (Ok(key), Ok(sig)) = (VerifyingKey::from_slice(k), Signature::from_slice(s)) else {
                continue;
            };
            let id = KeyId::derive(&key);
            trust.insert(id.clone(), key);
            prop_assert_eq!(trust.verify(&id, m, &sig).is_ok(), *e);
            parsed.push((i, id, key, sig, m.as_slice(), *e));
        }
        let mixed: Vec<VerifyItem<'_>> = parsed
            .iter()
            .map(|(i, id, key, sig, m, _)| {
                if i % 2 == 0 {
                    trust.item(id, m, sig).expect("trusted")
                } else {
                    VerifyItem::new(key, m, sig)
                }
            })
            .collect();
        let want: Vec<bool> = parsed.iter().map(|p| p.5).collect();
        prop_assert_eq!(verify_many(&mixed), want);
    }
}

#[test]
fn same_key_batches_are_coalesced_and_still_name_the_bad_items() {
    let sk = SigningKey::from_bytes(&[11u8; 32]);
    let vk = sk.verifying_key();
    let messages: Vec<Vec<u8>> = (0..300u32).map(|i| i.to_le_bytes().to_vec()).collect();
    let mut sigs = sign_many(&sk, &messages);
    let bad = [0usize, 7, 150, 151, 299];
    for &i in &bad {
        sigs[i] = sk.sign(b"not this one");
    }
    let items: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| VerifyItem::new(&vk, m, s))
        .collect();
    let got = verify_many(&items);
    for (i, ok) in got.iter().enumerate() {
        assert_eq!(*ok, !bad.contains(&i), "item {i}");
    }
    assert!(verify_many(&[]).is_empty());
    // The same through a trust list, with the key's tables; an unknown key
    // id is false.
    let id = KeyId::new("issuer-1").expect("valid id");
    let other = KeyId::new("issuer-2").expect("valid id");
    let trust: KeySet = [(id.clone(), vk)].into_iter().collect();
    let mut triples: Vec<(&KeyId, &[u8], &Signature)> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| (&id, m.as_slice(), s))
        .collect();
    triples[3].0 = &other;
    let got = trust.verify_many(&triples);
    for (i, ok) in got.iter().enumerate() {
        assert_eq!(*ok, !bad.contains(&i) && i != 3, "trusted item {i}");
    }
}

#[test]
fn dalek_agrees_on_honest_signatures_both_ways() {
    let theirs = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]);
    let ours = VerifyingKey::from_bytes(&theirs.verifying_key().to_bytes()).expect("valid key");
    for n in 0..20u8 {
        let m = vec![n; usize::from(n)];
        let s = Signature::from_bytes(&theirs.sign(&m).to_bytes());
        assert!(ours.verify(&m, &s).is_ok());
        assert!(theirs.verifying_key().verify(&m, &theirs.sign(&m)).is_ok());
    }
}
