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

use super::block::{WORDS, Words};

/// A way of computing G: this portable one, or the AVX2 one.
///
/// Implementations are `#[inline(always)]` so that the AVX2 engine's code is
/// compiled inside the AVX2-enabled function that calls it.
pub(crate) trait Compress: Copy + Send + Sync {
    /// Computes G(`x`, `y`) and writes it to `out`, or XORs it into `out`
    /// when `xor` is set (version 19's second and later passes).
    ///
    /// An engine that can tell the output's first word before it has
    /// finished calls `first_word` with it, so the caller can prefetch the
    /// block that word selects next; others may never call it.
    fn compress(
        self,
        x: &Words,
        y: &Words,
        out: &mut Words,
        xor: bool,
        first_word: impl FnOnce(u64),
    );

    /// Hints that `words` will be read soon.
    fn prefetch(self, words: &Words);
}

/// G computed on 64-bit words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable;

impl Compress for Portable {
    #[inline(always)]
    fn compress(
        self,
        x: &Words,
        y: &Words,
        out: &mut Words,
        xor: bool,
        _first_word: impl FnOnce(u64),
    ) {
        let mut r = [0u64; WORDS];
        for (r, (x, y)) in r.iter_mut().zip(x.iter().zip(y)) {
            *r = x ^ y;
        }
        let mut q = r;
        for row in q.chunks_exact_mut(16) {
            let mut v = [0u64; 16];
            v.copy_from_slice(row);
            permute(&mut v);
            row.copy_from_slice(&v);
        }
        for column in 0..8 {
            let base = 2 * column;
            let mut v = [0u64; 16];
            for (pair, row) in v.chunks_exact_mut(2).zip(0..8) {
                pair.copy_from_slice(&q[base + 16 * row..base + 16 * row + 2]);
            }
            permute(&mut v);
            for (pair, row) in v.chunks_exact(2).zip(0..8) {
                q[base + 16 * row..base + 16 * row + 2].copy_from_slice(pair);
            }
        }
        for (out, (q, r)) in out.iter_mut().zip(q.iter().zip(&r)) {
            if xor {
                *out ^= q ^ r;
            } else {
                *out = q ^ r;
            }
        }
    }

    #[inline(always)]
    fn prefetch(self, _words: &Words) {}
}

/// `a + b + 2·lo32(a)·lo32(b)` (mod 2^64).
#[inline(always)]
fn blamka(a: u64, b: u64) -> u64 {
    let product = (a & 0xffff_ffff).wrapping_mul(b & 0xffff_ffff);
    a.wrapping_add(b)
        .wrapping_add(product.wrapping_add(product))
}

/// BLAKE2b's G on four words of `v`, with [`blamka`] for the additions.
#[inline(always)]
fn mix(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize) {
    v[a] = blamka(v[a], v[b]);
    v[d] = (v[d] ^ v[a]).rotate_right(32);
    v[c] = blamka(v[c], v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(24);
    v[a] = blamka(v[a], v[b]);
    v[d] = (v[d] ^ v[a]).rotate_right(16);
    v[c] = blamka(v[c], v[d]);
    v[b] = (v[b] ^ v[c]).rotate_right(63);
}

/// One BLAKE2b round (without message words) on 16 words.
#[inline(always)]
fn permute(v: &mut [u64; 16]) {
    mix(v, 0, 4, 8, 12);
    mix(v, 1, 5, 9, 13);
    mix(v, 2, 6, 10, 14);
    mix(v, 3, 7, 11, 15);
    mix(v, 0, 5, 10, 15);
    mix(v, 1, 6, 11, 12);
    mix(v, 2, 7, 8, 13);
    mix(v, 3, 4, 9, 14);
}
