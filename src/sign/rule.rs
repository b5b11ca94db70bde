//! The one Ed25519 verification rule, and the reasons for it.
//!
//! This module is the rule's home: every path that verifies an Ed25519
//! signature ([`VerifyingKey::verify`](super::VerifyingKey::verify),
//! [`verify_many`](super::verify_many), [`KeySet`](super::KeySet), the
//! Ed25519ph documents of [`document`](super::document), credentials and
//! tokens) calls `check` or, in a batch, the same checks followed by the
//! combined equation. Other docs link here rather than restating it.
//!
//! A public key A, message M and signature (R, S) are accepted exactly when:
//!
//! 1. A and R are **canonical** encodings of curve points: y < p = 2²⁵⁵ − 19,
//!    and the sign bit is clear when x = 0 (RFC 8032, section 5.1.3,
//!    decoding steps 1 and 4). Non-canonical encodings are refused, not
//!    reduced: a signature has one encoding.
//! 2. Neither A nor R has **small order**. A small-order key makes a
//!    signature valid for every message, and
//!    [`VerifyingKey::from_bytes`](super::VerifyingKey::from_bytes) refuses
//!    one outright. The check is made on the encoding, before
//!    decompression: a canonical encoding has small order exactly when its
//!    y is one of five values (`SMALL_ORDER_Y`).
//! 3. **S < L**, the order of the base point (RFC 8032, section 5.1.7): no
//!    malleability through S + L.
//! 4. The **cofactored** equation holds:
//!    \[8\]\[S\]B = \[8\]R + \[8\]\[k\]A, with
//!    k = SHA-512(dom ‖ R ‖ A ‖ M) mod L. `dom` is empty for Ed25519 and
//!    RFC 8032's `dom2(1, context)` for Ed25519ph (section 5.1).
//!
//! **Why cofactored.** Single verifiers that check \[S\]B = R + \[k\]A
//! exactly (cofactorless) and batch verifiers that check a random linear
//! combination disagree on crafted signatures whose R or A carries a small
//! torsion component, and the batch answer can then depend on the random
//! coefficients and on the other signatures in the batch (Chalkias,
//! Garillot, Nikolaenko, *Taming the many EdDSAs*, 2020; ZIP 215). Under the
//! cofactored equation a random linear combination of valid triples always
//! verifies, so a batch check cannot reject a triple the single check
//! accepts, and a failing batch check proves that at least one triple in it
//! is invalid. That is what lets [`batch`](super::batch) name the bad items
//! while giving the same answer as `check` for every item.
//!
//! **Why stricter than ZIP 215** (rules 1–3; ZIP 215 accepts non-canonical
//! encodings and small-order points): an identity service has no legacy
//! signatures to stay compatible with, and every honest signer (RFC 8032,
//! ed25519-dalek, libsodium, OpenSSL) produces canonical, large-order
//! values, so nothing honest is lost. Signatures credkit makes are
//! byte-identical to theirs.

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;

use super::precomputed::KeyTable;

/// Whether the 32 bytes are the canonical encoding of some field element y
/// with a sign bit that can be honoured: y < p, and not (sign bit set and
/// y = ±1, the only y values with x = 0).
pub(crate) fn is_canonical_encoding(bytes: &[u8; 32]) -> bool {
    let sign = bytes[31] >> 7;
    let y = y_bytes(bytes);
    // p − 1 = 2^255 − 20: little-endian ec ff .. ff 7f.
    let high_all_ones = y[1..31].iter().all(|&b| b == 0xff) && y[31] == 0x7f;
    if high_all_ones && y[0] >= 0xed {
        return false; // y >= p
    }
    let is_one = y[0] == 1 && y[1..].iter().all(|&b| b == 0);
    let is_minus_one = high_all_ones && y[0] == 0xec;
    !(sign == 1 && (is_one || is_minus_one))
}

/// The y coordinates of the 8 points of small order, little-endian: 0
/// (order 4, x = ±√−1), 1 (the identity), p − 1 (order 2), and ±y₈ (the 4
/// points of order 8). Each y, with either x, gives all 8: the set of
/// encodings in "Taming the many EdDSAs" (Chalkias et al., 2020), table 6.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

/// Whether a canonical encoding names a point of small order: its y is one
/// of [`SMALL_ORDER_Y`]. A comparison of bytes rather than [8]P = identity
/// after decompression (three doublings and a projective comparison: about
/// 2 % of a batch verification per item).
fn is_small_order_encoding(bytes: &[u8; 32]) -> bool {
    SMALL_ORDER_Y.contains(&y_bytes(bytes))
}

/// The y coordinate of an encoding: its 32 bytes without the sign bit of x.
fn y_bytes(bytes: &[u8; 32]) -> [u8; 32] {
    let mut y = *bytes;
    y[31] &= 0x7f;
    y
}

/// Decodes a point under rules 1 and 2: canonical, on the curve, not of
/// small order. `None` otherwise.
pub(crate) fn decode_point(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    if !is_canonical_encoding(bytes) || is_small_order_encoding(bytes) {
        return None;
    }
    let point = CompressedEdwardsY(*bytes).decompress()?;
    debug_assert!(!point.is_small_order());
    Some(point)
}

/// Decodes S under rule 3.
pub(crate) fn decode_scalar(bytes: &[u8; 32]) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(*bytes))
}

/// A signature whose encodings passed rules 1 to 3, with its challenge k:
/// only equation (4) remains to be checked.
///
/// Invariant: `table`, when present, was built for the key `a_bytes`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prepared<'t> {
    /// The public key A (already checked by `VerifyingKey` decoding).
    pub(crate) a: EdwardsPoint,
    /// The canonical encoding of A, used to coalesce terms per key.
    pub(crate) a_bytes: [u8; 32],
    /// The signature's R.
    pub(crate) r: EdwardsPoint,
    /// The signature's S.
    pub(crate) s: Scalar,
    /// The challenge k = H(dom ‖ R ‖ A ‖ M) mod L.
    pub(crate) k: Scalar,
    /// Precomputed tables of B and A, for a key of a trust list: they
    /// change how equation (4) is computed, not its answer.
    pub(crate) table: Option<&'t KeyTable>,
}

impl<'t> Prepared<'t> {
    /// The same signature, computed with the tables of its key.
    pub(crate) fn with_table(self, table: &'t KeyTable) -> Self {
        // Invariant established here.
        debug_assert_eq!(table.key().as_bytes(), &self.a_bytes);
        Prepared {
            table: Some(table),
            ..self
        }
    }
}

/// Decodes R and S of `signature` under rules 1 to 3. `None` if either fails.
pub(crate) fn decode_signature(signature: &[u8; 64]) -> Option<(EdwardsPoint, Scalar)> {
    let (r_bytes, s_bytes) = split_signature(signature);
    let s = decode_scalar(&s_bytes)?;
    let r = decode_point(&r_bytes)?;
    Some((r, s))
}

/// The R and S halves of a signature.
pub(crate) fn split_signature(signature: &[u8; 64]) -> ([u8; 32], [u8; 32]) {
    let mut r = [0u8; 32];
    let mut s = [0u8; 32];
    r.copy_from_slice(&signature[..32]);
    s.copy_from_slice(&signature[32..]);
    (r, s)
}

/// Equation (4) for one prepared signature: [8]([S]B − [k]A − R) = identity.
pub(crate) fn check(p: &Prepared<'_>) -> bool {
    let minus_k = -p.k;
    let sb_minus_ka = match p.table {
        Some(table) => table.base_and_key(&p.s, &minus_k),
        None => EdwardsPoint::vartime_double_scalar_mul_basepoint(&minus_k, &p.a, &p.s),
    };
    (sb_minus_ka - p.r).mul_by_cofactor().is_identity()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_encoding_bounds() {
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert!(!is_canonical_encoding(&p), "p itself");
        p[0] = 0xec;
        assert!(is_canonical_encoding(&p), "p - 1 with sign 0");
        p[31] = 0xff;
        assert!(!is_canonical_encoding(&p), "p - 1 with sign 1 (x = 0)");
        let mut one = [0u8; 32];
        one[0] = 1;
        assert!(is_canonical_encoding(&one));
        one[31] = 0x80;
        assert!(!is_canonical_encoding(&one), "y = 1 with sign 1");
        assert!(!is_canonical_encoding(&[0xff; 32]), "2^255 - 1 >= p");
    }

    /// The byte test agrees with [8]P = identity on every point of small
    /// order (all 8 torsion points, both signs of x where x ≠ 0), and the
    /// five y values give exactly 8 distinct points: the whole set.
    #[test]
    fn small_order_encodings_are_exactly_the_torsion_points() {
        let mut points = Vec::new();
        for y in SMALL_ORDER_Y {
            for sign in [0u8, 0x80] {
                let mut encoding = y;
                encoding[31] |= sign;
                if !is_canonical_encoding(&encoding) {
                    continue; // x = 0 with the sign bit set
                }
                let point = CompressedEdwardsY(encoding)
                    .decompress()
                    .expect("a small-order y decodes");
                assert!(point.is_small_order(), "{encoding:02x?}");
                assert!(is_small_order_encoding(&encoding));
                points.push(encoding);
            }
        }
        points.sort_unstable();
        points.dedup();
        assert_eq!(points.len(), 8);
        // And the byte test never fires on points of large order.
        let mut bytes = [0x5au8; 32];
        let mut checked = 0;
        for i in 0..2000u32 {
            bytes[..4].copy_from_slice(&i.to_le_bytes());
            bytes[31] &= 0x7f;
            if let Some(point) = CompressedEdwardsY(bytes).decompress() {
                assert_eq!(is_small_order_encoding(&bytes), point.is_small_order());
                checked += 1;
            }
        }
        assert!(checked > 500);
    }

    #[test]
    fn small_order_points_are_refused() {
        let mut one = [0u8; 32];
        one[0] = 1;
        assert!(decode_point(&one).is_none(), "identity");
        assert!(decode_point(&[0u8; 32]).is_none(), "order 4 (y = 0)");
        let b = curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED;
        assert!(decode_point(b.as_bytes()).is_some());
    }
}
