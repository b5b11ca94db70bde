//! Project Wycheproof's Ed25519 vectors (C2SP/wycheproof,
//! `testvectors_v1/ed25519_test.json`), in
//! `tests/vectors/wycheproof_ed25519_test.json`: 151 cases, 88 valid and 63
//! invalid.
//!
//! All 151 are checked as labelled, through the single path and through
//! the batch path (all in one batch, so each bad case sits among good
//! ones, and also each alone). No label conflicts with credkit's rule:
//! every invalid case is refused by at least one of its four rules
//! (lengths, canonical and large-order R, S < L, the equation), and the
//! valid ones (including the "TinkOverflow" cases, whose S is close to L)
//! satisfy all of them.

use credkit::sign::{KeyId, KeySet, Signature, VerifyItem, VerifyingKey, verify_many};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    number_of_tests: usize,
    test_groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    public_key: PublicKey,
    tests: Vec<Case>,
}

#[derive(Deserialize)]
struct PublicKey {
    pk: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    tc_id: u32,
    msg: String,
    sig: String,
    result: String,
}

struct Flat {
    id: u32,
    key: Vec<u8>,
    msg: Vec<u8>,
    sig: Vec<u8>,
    valid: bool,
}

fn cases() -> Vec<Flat> {
    let text = std::fs::read_to_string("tests/vectors/wycheproof_ed25519_test.json")
        .expect("vector file is in the repository");
    let file: File = serde_json::from_str(&text).expect("valid JSON");
    let mut out = Vec::new();
    for g in &file.test_groups {
        for c in &g.tests {
            assert!(
                c.result == "valid" || c.result == "invalid",
                "tc {}",
                c.tc_id
            );
            out.push(Flat {
                id: c.tc_id,
                key: hex::decode(&g.public_key.pk).expect("hex"),
                msg: hex::decode(&c.msg).expect("hex"),
                sig: hex::decode(&c.sig).expect("hex"),
                valid: c.result == "valid",
            });
        }
    }
    assert_eq!(out.len(), file.number_of_tests);
    out
}

fn single(c: &Flat) -> bool {
    let Ok(key) = VerifyingKey::from_slice(&c.key) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(&c.sig) else {
        return false;
    };
    key.verify(&c.msg, &sig).is_ok()
}

#[test]
fn wycheproof_single_path_matches_every_label() {
    let cases = cases();
    assert_eq!(cases.len(), 151);
    assert_eq!(cases.iter().filter(|c| c.valid).count(), 88);
    for c in &cases {
        assert_eq!(single(c), c.valid, "tcId {}", c.id);
    }
}

#[test]
fn wycheproof_batch_path_matches_every_label() {
    let cases = cases();
    let items: Vec<VerifyItem<'_>> = cases
        .iter()
        .map(|c| VerifyItem::from_bytes(&c.key, &c.msg, &c.sig))
        .collect();
    let together = verify_many(&items);
    for (c, got) in cases.iter().zip(&together) {
        assert_eq!(*got, c.valid, "tcId {} in the full batch", c.id);
    }
    for (c, item) in cases.iter().zip(&items) {
        assert_eq!(verify_many(&[*item]), [c.valid], "tcId {} alone", c.id);
    }
    // With parsed keys as well (the credential verifier's path).
    let parsed: Vec<(VerifyingKey, Signature, &Flat)> = cases
        .iter()
        .filter_map(|c| {
            Some((
                VerifyingKey::from_slice(&c.key).ok()?,
                Signature::from_slice(&c.sig).ok()?,
                c,
            ))
        })
        .collect();
    let items: Vec<VerifyItem<'_>> = parsed
        .iter()
        .map(|(k, s, c)| VerifyItem::new(k, &c.msg, s))
        .collect();
    for ((_, _, c), got) in parsed.iter().zip(verify_many(&items)) {
        assert_eq!(got, c.valid, "tcId {} parsed", c.id);
    }
}

/// Through a trust list, whose keys carry precomputed tables: the single
/// path, the batch items and `KeySet::verify_many` all match every label.
#[test]
fn wycheproof_trusted_key_paths_match_every_label() {
    let cases = cases();
    let mut trust = KeySet::new();
    let mut entries = Vec::new();
    for c in &cases {
        let (Ok(key), Ok(sig)) = (
            VerifyingKey::from_slice(&c.key),
            Signature::from_slice(&c.sig),
        ) else {
            continue;
        };
        let id = KeyId::derive(&key);
        trust.insert(id.clone(), key);
        entries.push((id, sig, c));
    }
    for (id, sig, c) in &entries {
        assert_eq!(
            trust.verify(id, &c.msg, sig).is_ok(),
            c.valid,
            "tcId {} single, trusted",
            c.id
        );
    }
    let items: Vec<VerifyItem<'_>> = entries
        .iter()
        .map(|(id, sig, c)| trust.item(id, &c.msg, sig).expect("trusted"))
        .collect();
    for ((_, _, c), got) in entries.iter().zip(verify_many(&items)) {
        assert_eq!(got, c.valid, "tcId {} batch, trusted", c.id);
    }
    let triples: Vec<(&KeyId, &[u8], &Signature)> = entries
        .iter()
        .map(|(id, sig, c)| (id, c.msg.as_slice(), sig))
        .collect();
    for ((_, _, c), got) in entries.iter().zip(trust.verify_many(&triples)) {
        assert_eq!(got, c.valid, "tcId {} KeySet::verify_many", c.id);
    }
}
