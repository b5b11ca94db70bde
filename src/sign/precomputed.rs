//! Tables for the keys of a trust list, computed once per key.
//!
//! A verification computes \[S\]B − \[k\]A. The base point B has a
//! precomputed table inside curve25519-dalek; A normally gets a small
//! (width-5) table built again on every call. A key that a verifier trusts
//! is used for thousands of signatures, so [`KeyTable`] builds width-8
//! tables of B and A once (curve25519-dalek's
//! [`VartimeEdwardsPrecomputation`], the same idea as the −A tables of
//! Firedancer's verify cache): every later verification skips the table
//! of A and makes about 40 % fewer additions for its \[k\]A term.
//!
//! The tables change how the equation of [the verification
//! rule](super#the-verification-rule) is computed, never which triples it
//! accepts: [`rule::check`](super::rule::check) and the batch combination
//! compute the same points with or without them, and the tests below and
//! in `tests/sign_properties.rs` compare both ways.

use core::fmt;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{EdwardsPoint, VartimeEdwardsPrecomputation};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimePrecomputedMultiscalarMul;

use super::keys::VerifyingKey;

/// Width-8 tables of the base point B and of one trusted key A.
///
/// About 20 KiB per key with curve25519-dalek's AVX2 backend (64 cached
/// multiples of each of the two points), so a trust list of a few hundred
/// keys stays within a few MiB.
///
/// Invariant: the static points of `table` are, in order, B and the point
/// of `key`.
pub(crate) struct KeyTable {
    key: VerifyingKey,
    table: VartimeEdwardsPrecomputation,
}

impl KeyTable {
    /// Builds the tables of B and `key` (tens of microseconds).
    pub(crate) fn new(key: VerifyingKey) -> Self {
        // Invariant established here: B first, then A.
        let table = VartimeEdwardsPrecomputation::new([ED25519_BASEPOINT_POINT, *key.point()]);
        Self { key, table }
    }

    /// The key the tables were built for.
    pub(crate) fn key(&self) -> &VerifyingKey {
        &self.key
    }

    /// \[b\]B + \[a\]A, with A this table's key.
    pub(crate) fn base_and_key(&self, b: &Scalar, a: &Scalar) -> EdwardsPoint {
        self.table.vartime_multiscalar_mul([b, a])
    }

    /// \[b\]B + \[a\]A + Σ \[cᵢ\]Pᵢ, the Pᵢ without tables.
    pub(crate) fn base_key_and<'p>(
        &self,
        b: Scalar,
        a: Scalar,
        scalars: impl ExactSizeIterator<Item = Scalar>,
        points: impl ExactSizeIterator<Item = &'p EdwardsPoint>,
    ) -> EdwardsPoint {
        self.table
            .vartime_mixed_multiscalar_mul([b, a], scalars, points)
    }
}

impl fmt::Debug for KeyTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyTable").field("key", &self.key).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SigningKey;

    /// The tables compute the same points as plain multiplication.
    #[test]
    fn tables_agree_with_plain_multiplication() {
        let key = SigningKey::from_bytes(&[3u8; 32]).verifying_key();
        let table = KeyTable::new(key);
        let b = Scalar::from(0x1234_5678_9abc_def0_u64) * Scalar::from(u64::MAX);
        let a = -Scalar::from(987_654_321_u64);
        let expected = EdwardsPoint::vartime_double_scalar_mul_basepoint(&a, key.point(), &b);
        assert_eq!(table.base_and_key(&b, &a), expected);
        let p = EdwardsPoint::mul_base(&Scalar::from(77u8));
        let c = Scalar::from(5u8);
        assert_eq!(
            table.base_key_and(b, a, [c].into_iter(), [&p].into_iter()),
            expected + c * p
        );
    }
}
