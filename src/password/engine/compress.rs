//! The Argon2 compression function G (RFC 9106, section 3.5), portable.
//!
//! G(X, Y) = P(R) ⊕ R with R = X ⊕ Y, where P applies the BLAKE2b-based
//! permutation first to each of the 8 rows of R (16 words each), then to
//! each of its 8 columns (2 words from each row). The permutation's G
//! function replaces BLAKE2b's additions with the multiplication-hardened
//! `a + b + 2·lo32(a)·lo32(b)`.
//!
//! This module is the reference for the [`avx2`](super::avx2) engine, which
//! computes the same function on 256-bit vectors; the tests check the two
//! against each other and against the argon2 crate.

use super::block::{Block, WORDS};

/// A way of computing G: this portable one, or the AVX2 one.
///
/// Implementations are `#[inline(always)]` so that the AVX2 engine's code is
/// compiled inside the AVX2-enabled function that calls it. They take
/// [`Block`]s, not bare word arrays, so the 64-byte alignment the AVX2 engine
/// views them with is a property of the type.
pub(crate) trait Compress: Copy + Send + Sync {
    /// Computes G(`x`, `y`) and writes it to `out`, or XORs it into `out`
    /// when `xor` is set (version 19's second and later passes).
    ///
    /// An engine that can tell the output's first word before it has
    /// finished calls `first_word` with it, so the caller can prefetch the
    /// block that word selects next; others may never call it.
    fn compress(
        self,
        x: &Block,
        y: &Block,
        out: &mut Block,
        xor: bool,
        first_word: impl FnOnce(u64),
    );

    /// Hints that `words` will be read soon.
    fn prefetch(self, block: &Block);
}

/// G computed on 64-bit words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable;

impl Compress for Portable {
    #[inline(always)]
    fn compress(
        self,
        x: &Block,
        y: &Block,
        out: &mut Block,
        xor: bool,
        _first_word: impl FnOnce(u64),
    ) {
        let mut r = [0u64; WORDS];
        for (r, (x, y)) in r.iter_mut().zip(x.0.iter().zip(&y.0)) {
            *r = x ^ y;
        }
        let mut q = r;
        // The permutation written on the words in place, as the argon2 crate
        // does (RustCrypto, MIT OR Apache-2.0): the compiler vectorises this
        // shape across the four independent G calls of each step.
        for row in q.chunks_exact_mut(16) {
            permute!(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                row[10], row[11], row[12], row[13], row[14], row[15]
            );
        }
        for column in 0..8 {
            let b = 2 * column;
            permute!(
                q[b],
                q[b + 1],
                q[b + 16],
                q[b + 17],
                q[b + 32],
                q[b + 33],
                q[b + 48],
                q[b + 49],
                q[b + 64],
                q[b + 65],
                q[b + 80],
                q[b + 81],
                q[b + 96],
                q[b + 97],
                q[b + 112],
                q[b + 113]
            );
        }
        for (out, (q, r)) in out.0.iter_mut().zip(q.iter().zip(&r)) {
            if xor {
                *out ^= q ^ r;
            } else {
                *out = q ^ r;
            }
        }
    }

    #[inline(always)]
    fn prefetch(self, _block: &Block) {}
}

/// `a + b + 2·lo32(a)·lo32(b)` (mod 2^64).
#[inline(always)]
fn blamka(a: u64, b: u64) -> u64 {
    let product = (a & 0xffff_ffff).wrapping_mul(b & 0xffff_ffff);
    a.wrapping_add(b)
        .wrapping_add(product.wrapping_add(product))
}

/// BLAKE2b's G on four words, with [`blamka`] for the additions.
macro_rules! mix {
    ($a:expr, $b:expr, $c:expr, $d:expr) => {
        $a = blamka($a, $b);
        $d = ($d ^ $a).rotate_right(32);
        $c = blamka($c, $d);
        $b = ($b ^ $c).rotate_right(24);
        $a = blamka($a, $b);
        $d = ($d ^ $a).rotate_right(16);
        $c = blamka($c, $d);
        $b = ($b ^ $c).rotate_right(63);
    };
}

/// One BLAKE2b round (without message words) on 16 words: columns, then
/// diagonals.
macro_rules! permute {
    (
        $v0:expr, $v1:expr, $v2:expr, $v3:expr, $v4:expr, $v5:expr, $v6:expr, $v7:expr,
        $v8:expr, $v9:expr, $v10:expr, $v11:expr, $v12:expr, $v13:expr, $v14:expr, $v15:expr
    ) => {
        mix!($v0, $v4, $v8, $v12);
        mix!($v1, $v5, $v9, $v13);
        mix!($v2, $v6, $v10, $v14);
        mix!($v3, $v7, $v11, $v15);
        mix!($v0, $v5, $v10, $v15);
        mix!($v1, $v6, $v11, $v12);
        mix!($v2, $v7, $v8, $v13);
        mix!($v3, $v4, $v9, $v14);
    };
}
use {mix, permute};
