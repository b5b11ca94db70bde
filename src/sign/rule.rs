//! The one verification rule, shared by every path that verifies an Ed25519
//! signature (single, batch, Ed25519ph documents).
//!
//! A triple (A, M, (R, S)) is accepted if and only if:
//!
//! 1. A and R are canonical encodings of curve points: the y coordinate is
//!    below p = 2^255 − 19, and the sign bit is clear when x = 0
//!    (RFC 8032, section 5.1.3, decoding steps 1 and 4);
//! 2. neither A nor R has small order ([8]P ≠ identity);
//! 3. S < L, the order of the base point (RFC 8032, section 5.1.7);
//! 4. [8][S]B = [8]R + [8][k]A, with k = SHA-512(dom ‖ R ‖ A ‖ M) mod L.
//!
//! Under the cofactored equation (4) a random linear combination of valid
//! triples always verifies, so a batch check cannot reject a triple the
//! single check accepts; and a failing batch check proves that at least one
//! triple in it is invalid. That is what lets [`batch`](super::batch) name
//! the bad items while giving the same answer as [`check`] for every item.

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;

/// Whether the 32 bytes are the canonical encoding of some field element y
/// with a sign bit that can be honoured: y < p, and not (sign bit set and
/// y = ±1, the only y values with x = 0).
pub(crate) fn is_canonical_encoding(bytes: &[u8; 32]) -> bool {
    let sign = bytes[31] >> 7;
    let mut y = *bytes;
    y[31] &= 0x7f;
    // p − 1 = 2^255 − 20: little-endian ec ff .. ff 7f.
    let high_all_ones = y[1..31].iter().all(|&b| b == 0xff) && y[31] == 0x7f;
    if high_all_ones && y[0] >= 0xed {
        return false; // y >= p
    }
    let is_one = y[0] == 1 && y[1..].iter().all(|&b| b == 0);
    let is_minus_one = high_all_ones && y[0] == 0xec;
    !(sign == 1 && (is_one || is_minus_one))
}

/// Decodes a point under rules 1 and 2: canonical, on the curve, not of
/// small order. `None` otherwise.
pub(crate) fn decode_point(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    if !is_canonical_encoding(bytes) {
        return None;
    }
    let point = CompressedEdwardsY(*bytes).decompress()?;
    if point.is_small_order() {
        return None;
    }
    Some(point)
}

/// Decodes S under rule 3.
pub(crate) fn decode_scalar(bytes: &[u8; 32]) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(*bytes))
}

/// A signature whose encodings passed rules 1 to 3, with its challenge k:
/// only equation (4) remains to be checked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prepared {
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
pub(crate) fn check(p: &Prepared) -> bool {
    let sb_minus_ka = EdwardsPoint::vartime_double_scalar_mul_basepoint(&(-p.k), &p.a, &p.s);
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
