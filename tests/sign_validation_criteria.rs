//! The validation criteria of credkit's Ed25519 rule, one table-driven test
//! (in the manner of ed25519-dalek's `tests/validation_criteria.rs` and the
//! cases of Chalkias, Garillot, Nikolaenko, "Taming the many EdDSAs", 2020).
//!
//! Each row is a (public key, message, signature) triple built here with
//! known discrete logs, so that exactly one property differs from a valid
//! signature: small-order and mixed-order R and A, S ≥ L, non-canonical
//! encodings, off-curve points, lengths. Every row is checked through the
//! single path, through the batch path alone, and in one batch with all the
//! other rows and good signatures: the three answers must be the row's
//! expected answer.

use credkit::sign::{Signature, VerifyItem, VerifyingKey, verify_many};
use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT as B, EIGHT_TORSION};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest, Sha512};

/// L, the order of the base point, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

struct Row {
    name: String,
    key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
    expected: bool,
}

fn scalar(n: u64) -> Scalar {
    Scalar::from_hash(Sha512::new().chain_update(n.to_le_bytes()))
}

/// A signature (R, S) with R = r_point and S = r + k·a, where k is the
/// challenge for (R, A = a_point, message). With a_point = [a]B + T_A and
/// r_point = [r]B + T_R, [S]B − R − [k]A = −T_R − [k]T_A: a torsion point, so
/// the cofactored equation holds whatever the torsion parts.
fn forge(
    a: Scalar,
    a_point: EdwardsPoint,
    r: Scalar,
    r_point: EdwardsPoint,
    message: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    let a_bytes = a_point.compress().to_bytes();
    let r_bytes = r_point.compress().to_bytes();
    let k = Scalar::from_hash(
        Sha512::new()
            .chain_update(r_bytes)
            .chain_update(a_bytes)
            .chain_update(message),
    );
    let s = r + k * a;
    let mut sig = r_bytes.to_vec();
    sig.extend_from_slice(s.as_bytes());
    (a_bytes.to_vec(), sig)
}

/// 256-bit little-endian addition (no overflow for the values used here).
fn add_le(a: &[u8], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = (v & 0xff) as u8;
        carry = v >> 8;
    }
    out
}

/// Non-canonical encodings y + p of points with y < 19 that decode to a
/// point of large order (the decoder reduces y mod p).
fn non_canonical_large_order() -> Vec<[u8; 32]> {
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    (0u8..19)
        .filter_map(|y| {
            let mut y_bytes = [0u8; 32];
            y_bytes[0] = y;
            let enc = add_le(&y_bytes, &p);
            let point = CompressedEdwardsY(enc).decompress()?;
            (!point.is_small_order()).then_some(enc)
        })
        .collect()
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut push =
        |name: String, key: Vec<u8>, message: &[u8], signature: Vec<u8>, expected: bool| {
            rows.push(Row {
                name,
                key,
                message: message.to_vec(),
                signature,
                expected,
            });
        };
    let msg = b"validation criteria";
    let a = scalar(1);
    let r = scalar(2);

    // Valid, and the message bound.
    let (key, sig) = forge(a, B * a, r, B * r, msg);
    push("valid".into(), key.clone(), msg, sig.clone(), true);
    push(
        "other message".into(),
        key.clone(),
        b"validation criteriA",
        sig.clone(),
        false,
    );

    // S >= L: S + L is the same scalar mod L, refused by rule 3.
    let s_plus_l = add_le(&sig[32..], &L);
    let mut malleated = sig[..32].to_vec();
    malleated.extend_from_slice(&s_plus_l);
    push(
        "S + L (malleated)".into(),
        key.clone(),
        msg,
        malleated,
        false,
    );
    let mut s_is_l = sig[..32].to_vec();
    s_is_l.extend_from_slice(&L);
    push("S = L".into(), key.clone(), msg, s_is_l, false);
    let mut s_high = sig.clone();
    s_high[63] |= 0x80;
    push("S with bit 255 set".into(), key.clone(), msg, s_high, false);

    // Mixed-order R and A: accepted under the cofactored equation (a
    // cofactorless verifier such as ed25519-dalek's `verify` rejects the
    // mixed-order R; its batch accepts it).
    for (i, t) in EIGHT_TORSION.iter().enumerate().skip(1) {
        let (key, sig) = forge(a, B * a, r, B * r + t, msg);
        push(format!("mixed-order R (torsion {i})"), key, msg, sig, true);
        let (key, sig) = forge(a, B * a + t, r, B * r, msg);
        push(format!("mixed-order A (torsion {i})"), key, msg, sig, true);
    }

    // Small-order R or A, with the cofactored equation satisfied: refused
    // by rule 2 (a small-order A makes this signature valid for every
    // message).
    for (i, t) in EIGHT_TORSION.iter().enumerate() {
        let (key, sig) = forge(a, B * a, Scalar::ZERO, *t, msg);
        push(format!("small-order R (torsion {i})"), key, msg, sig, false);
        let (key, sig) = forge(Scalar::ZERO, *t, r, B * r, msg);
        push(
            format!("small-order A (torsion {i})"),
            key.clone(),
            msg,
            sig.clone(),
            false,
        );
        push(
            format!("small-order A (torsion {i}), other message"),
            key,
            b"anything",
            sig,
            false,
        );
    }

    // Non-canonical encodings (y >= p) of large-order points, as A and as R.
    let non_canonical = non_canonical_large_order();
    assert!(!non_canonical.is_empty());
    for enc in &non_canonical {
        let mut bad_r = enc.to_vec();
        bad_r.extend_from_slice(&sig[32..]);
        push(
            format!("non-canonical R {:02x}..", enc[0]),
            key.clone(),
            msg,
            bad_r,
            false,
        );
        push(
            format!("non-canonical A {:02x}..", enc[0]),
            enc.to_vec(),
            msg,
            sig.clone(),
            false,
        );
    }
    // x = 0 with the sign bit set ("negative zero"), as A and as R.
    let mut neg_zero = [0u8; 32];
    neg_zero[0] = 1;
    neg_zero[31] = 0x80;
    push(
        "A = -0 (y = 1, sign set)".into(),
        neg_zero.to_vec(),
        msg,
        sig.clone(),
        false,
    );
    let mut neg_zero_r = neg_zero.to_vec();
    neg_zero_r.extend_from_slice(&sig[32..]);
    push(
        "R = -0 (y = 1, sign set)".into(),
        key.clone(),
        msg,
        neg_zero_r,
        false,
    );

    // Off-curve encodings: y = 2 is not the y of any point.
    let mut off_curve = [0u8; 32];
    off_curve[0] = 2;
    assert!(CompressedEdwardsY(off_curve).decompress().is_none());
    push(
        "A off curve".into(),
        off_curve.to_vec(),
        msg,
        sig.clone(),
        false,
    );
    let mut off_r = off_curve.to_vec();
    off_r.extend_from_slice(&sig[32..]);
    push("R off curve".into(), key.clone(), msg, off_r, false);

    // Lengths.
    push(
        "signature 63 bytes".into(),
        key.clone(),
        msg,
        sig[..63].to_vec(),
        false,
    );
    let mut long = sig.clone();
    long.push(0);
    push("signature 65 bytes".into(), key.clone(), msg, long, false);
    push(
        "key 31 bytes".into(),
        key[..31].to_vec(),
        msg,
        sig.clone(),
        false,
    );
    push("empty signature".into(), key, msg, Vec::new(), false);
    rows
}

fn single(row: &Row) -> bool {
    let (Ok(key), Ok(sig)) = (
        VerifyingKey::from_slice(&row.key),
        Signature::from_slice(&row.signature),
    ) else {
        return false;
    };
    key.verify(&row.message, &sig).is_ok()
}

#[test]
fn validation_criteria_single_and_batch_agree_with_the_table() {
    let rows = rows();
    assert!(rows.len() > 50);
    for row in &rows {
        assert_eq!(single(row), row.expected, "single: {}", row.name);
        let alone = verify_many(&[VerifyItem::from_bytes(
            &row.key,
            &row.message,
            &row.signature,
        )]);
        assert_eq!(alone, [row.expected], "batch alone: {}", row.name);
    }
    // All rows in one batch, interleaved with good signatures by other keys.
    let goods: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = (10..40u64)
        .map(|n| {
            let m = n.to_le_bytes().to_vec();
            let (k, s) = forge(
                scalar(n),
                B * scalar(n),
                scalar(n + 100),
                B * scalar(n + 100),
                &m,
            );
            (k, m, s)
        })
        .collect();
    let mut items = Vec::new();
    let mut expected = Vec::new();
    let mut names = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        items.push(VerifyItem::from_bytes(
            &row.key,
            &row.message,
            &row.signature,
        ));
        expected.push(row.expected);
        names.push(row.name.as_str());
        let (k, m, s) = &goods[i % goods.len()];
        items.push(VerifyItem::from_bytes(k, m, s));
        expected.push(true);
        names.push("good");
    }
    let got = verify_many(&items);
    for ((g, e), name) in got.iter().zip(&expected).zip(&names) {
        assert_eq!(g, e, "in a mixed batch: {name}");
    }
}

#[test]
fn non_canonical_keys_are_refused_even_though_they_decompress() {
    for enc in non_canonical_large_order() {
        assert!(CompressedEdwardsY(enc).decompress().is_some());
        assert!(VerifyingKey::from_bytes(&enc).is_err());
    }
    for t in EIGHT_TORSION {
        assert!(VerifyingKey::from_bytes(&t.compress().to_bytes()).is_err());
    }
}
