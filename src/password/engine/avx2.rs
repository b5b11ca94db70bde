//! The Argon2 compression function on AVX2 (x86-64), through `pulp`.
//!
//! The same function as [`Portable`](super::compress::Portable), computed on
//! 256-bit vectors: a block is 32 vectors of 4 words, row `i` being vectors
//! `4i..4i + 4`. A row round takes its 4 vectors as BLAKE2b's 4×4 state
//! directly (the diagonal step rotates lanes with `vpermq`), two rows at a
//! time so the two dependency chains overlap; a column round reads the same
//! vectors in place, two column rounds at a time, with an in-lane
//! `vpalignr` as its diagonal step (see [`compress_with`]). The rotations by
//! 32, 24 and 16 are shuffles, by 63 a shift and an add; the 32×32-bit
//! products are `vpmuludq`.
//!
//! `pulp` checks for the CPU features at run time and compiles the calling
//! code with them enabled, so credkit keeps `forbid(unsafe_code)` and needs
//! no `-C target-cpu` (which has slowed other crates here).
//!
//! Once the output's first word is known (after the first column round,
//! about five eighths of the way through), it is handed to the caller, which
//! prefetches the block that word makes the next reference: otherwise each
//! data-dependent block waits on a cache miss.

use core::arch::x86_64::{__m256i, _MM_HINT_T0};

use pulp::bytemuck::{cast, cast_mut, cast_ref};
use pulp::x86::V3;

use super::block::Block;
use super::compress::Compress;

/// G on AVX2. Holding one proves the CPU has the features (`V3`: AVX2 and
/// the x86-64-v3 set `pulp` groups with it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(pub(crate) V3);

impl Avx2 {
    /// The AVX2 engine, if this CPU has the features.
    pub(crate) fn detect() -> Option<Self> {
        V3::try_new().map(Self)
    }
}

/// The 32 vectors of `$e` evaluated at `$i` = 0..32, without first filling
/// an array (which the compiler would do with a `memset` call).
macro_rules! each32 {
    ($i:ident => $e:expr) => {
        [
            {
                let $i = 0;
                $e
            },
            {
                let $i = 1;
                $e
            },
            {
                let $i = 2;
                $e
            },
            {
                let $i = 3;
                $e
            },
            {
                let $i = 4;
                $e
            },
            {
                let $i = 5;
                $e
            },
            {
                let $i = 6;
                $e
            },
            {
                let $i = 7;
                $e
            },
            {
                let $i = 8;
                $e
            },
            {
                let $i = 9;
                $e
            },
            {
                let $i = 10;
                $e
            },
            {
                let $i = 11;
                $e
            },
            {
                let $i = 12;
                $e
            },
            {
                let $i = 13;
                $e
            },
            {
                let $i = 14;
                $e
            },
            {
                let $i = 15;
                $e
            },
            {
                let $i = 16;
                $e
            },
            {
                let $i = 17;
                $e
            },
            {
                let $i = 18;
                $e
            },
            {
                let $i = 19;
                $e
            },
            {
                let $i = 20;
                $e
            },
            {
                let $i = 21;
                $e
            },
            {
                let $i = 22;
                $e
            },
            {
                let $i = 23;
                $e
            },
            {
                let $i = 24;
                $e
            },
            {
                let $i = 25;
                $e
            },
            {
                let $i = 26;
                $e
            },
            {
                let $i = 27;
                $e
            },
            {
                let $i = 28;
                $e
            },
            {
                let $i = 29;
                $e
            },
            {
                let $i = 30;
                $e
            },
            {
                let $i = 31;
                $e
            },
        ]
    };
}

/// The four rotations of G, right by 32, 24, 16 and 63 bits in each 64-bit
/// lane: the only part of the engine that differs between AVX2 and AVX-512
/// (where `vprorq` does each in one instruction).
pub(super) trait Rotate: Copy {
    /// The AVX2 instructions everything else uses.
    fn simd(self) -> V3;
    fn rotr32(self, x: __m256i) -> __m256i;
    fn rotr24(self, x: __m256i) -> __m256i;
    fn rotr16(self, x: __m256i) -> __m256i;
    fn rotr63(self, x: __m256i) -> __m256i;
}

/// AVX2 rotations: 32 by swapping 32-bit halves, 24 and 16 by byte
/// shuffles, 63 by a shift and an add.
#[derive(Clone, Copy)]
struct Shuffles {
    simd: V3,
    by24: __m256i,
    by16: __m256i,
}

impl Rotate for Shuffles {
    #[inline(always)]
    fn simd(self) -> V3 {
        self.simd
    }

    #[inline(always)]
    fn rotr32(self, x: __m256i) -> __m256i {
        self.simd.avx2._mm256_shuffle_epi32::<0b10_11_00_01>(x)
    }

    #[inline(always)]
    fn rotr24(self, x: __m256i) -> __m256i {
        self.simd.avx2._mm256_shuffle_epi8(x, self.by24)
    }

    #[inline(always)]
    fn rotr16(self, x: __m256i) -> __m256i {
        self.simd.avx2._mm256_shuffle_epi8(x, self.by16)
    }

    #[inline(always)]
    fn rotr63(self, x: __m256i) -> __m256i {
        let v = self.simd.avx2;
        v._mm256_xor_si256(v._mm256_srli_epi64::<63>(x), v._mm256_add_epi64(x, x))
    }
}

impl Compress for Avx2 {
    #[inline(always)]
    fn compress(
        self,
        x: &Block,
        y: &Block,
        out: &mut Block,
        xor: bool,
        first_word: impl FnOnce(u64),
    ) {
        let simd = self.0;
        let rot = Shuffles {
            simd,
            by24: simd.avx._mm256_setr_epi8(
                3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, //
                3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10,
            ),
            by16: simd.avx._mm256_setr_epi8(
                2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, //
                2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9,
            ),
        };
        compress_with(rot, x, y, out, xor, first_word);
    }

    #[inline(always)]
    fn prefetch(self, block: &Block) {
        prefetch_with(self.0, block);
    }
}

/// Prefetches all 16 cache lines of `block` into L1.
#[inline(always)]
pub(super) fn prefetch_with(simd: V3, block: &Block) {
    for line in block.0.chunks_exact(8) {
        simd.sse
            ._mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast::<i8>());
    }
}

/// G with the rotations of `rot` (see [`Compress::compress`]).
///
/// The schedule of the reference implementation's AVX2 code (`opt.c` and
/// `blamka-round-opt.h` in phc-winner-argon2, CC0; as ported by argon2-rust,
/// MIT): rows two at a time, then columns in place. Vector `4r + k` holds
/// words `4k..4k + 4` of row `r`, so a column round's `a` is the low (or,
/// for the next column pair, high) halves of vectors `k` and `4 + k`: the
/// column pass reads the rows' vectors as they are, where a transposition
/// would cost 64 lane-crossing permutes per block, and its diagonal step is
/// an in-lane `vpalignr` ([`diagonalize_columns`]).
#[inline(always)]
pub(super) fn compress_with<R: Rotate>(
    rot: R,
    x: &Block,
    y: &Block,
    out: &mut Block,
    xor: bool,
    first_word: impl FnOnce(u64),
) {
    let simd = rot.simd();
    let v = simd.avx2;
    // The block being overwritten is read only at the end, to be XORed
    // with: ask for it now, so the load is not a stall then.
    if xor {
        prefetch_with(simd, out);
    }
    // A `Block` is 64-byte aligned, so these views of its words always
    // succeed.
    let xv: &[__m256i; 32] = cast_ref(&x.0);
    let yv: &[__m256i; 32] = cast_ref(&y.0);
    let mut q: [__m256i; 32] = each32!(i => v._mm256_xor_si256(xv[i], yv[i]));
    // Rows 2i and 2i + 1: two independent BLAKE2b rounds, interleaved.
    for i in 0..4 {
        let r = 8 * i;
        let mut m = [
            q[r],
            q[r + 4],
            q[r + 1],
            q[r + 5],
            q[r + 2],
            q[r + 6],
            q[r + 3],
            q[r + 7],
        ];
        round_pair(rot, &mut m, diagonalize_rows, undiagonalize_rows);
        [
            q[r],
            q[r + 4],
            q[r + 1],
            q[r + 5],
            q[r + 2],
            q[r + 6],
            q[r + 3],
            q[r + 7],
        ] = m;
    }
    // Column pairs 2i and 2i + 1.
    let mut first_word = Some(first_word);
    for i in 0..4 {
        let mut m = [
            q[i],
            q[4 + i],
            q[8 + i],
            q[12 + i],
            q[16 + i],
            q[20 + i],
            q[24 + i],
            q[28 + i],
        ];
        round_pair(rot, &mut m, diagonalize_columns, undiagonalize_columns);
        [
            q[i],
            q[4 + i],
            q[8 + i],
            q[12 + i],
            q[16 + i],
            q[20 + i],
            q[24 + i],
            q[28 + i],
        ] = m;
        // Word 0 is final after the first column pair.
        if let Some(report) = first_word.take() {
            let q0: [u64; 4] = cast(q[0]);
            report(q0[0] ^ x.0[0] ^ y.0[0] ^ if xor { out.0[0] } else { 0 });
        }
    }
    // R = X ⊕ Y is recomputed rather than kept: the loads hit L1, and a
    // second 1 KiB array would cost a copy.
    let o: &mut [__m256i; 32] = cast_mut(&mut out.0);
    if xor {
        for i in 0..32 {
            let g = v._mm256_xor_si256(q[i], v._mm256_xor_si256(xv[i], yv[i]));
            o[i] = v._mm256_xor_si256(o[i], g);
        }
    } else {
        for i in 0..32 {
            o[i] = v._mm256_xor_si256(q[i], v._mm256_xor_si256(xv[i], yv[i]));
        }
    }
}

/// `a + b + 2·lo32(a)·lo32(b)` in each lane.
#[inline(always)]
fn blamka(simd: V3, a: __m256i, b: __m256i) -> __m256i {
    let v = simd.avx2;
    let product = v._mm256_mul_epu32(a, b);
    v._mm256_add_epi64(
        v._mm256_add_epi64(a, b),
        v._mm256_add_epi64(product, product),
    )
}

/// BLAKE2b's G, lane by lane, on two states at once: `m` is
/// `[a0, a1, b0, b1, c0, c1, d0, d1]`, state 0 in the `*0` vectors and
/// state 1 in the `*1` ones (or, for columns, two column rounds spread
/// over both).
#[inline(always)]
fn mix_pair<R: Rotate>(rot: R, m: &mut [__m256i; 8]) {
    let simd = rot.simd();
    let v = simd.avx2;
    let [
        mut a0,
        mut a1,
        mut b0,
        mut b1,
        mut c0,
        mut c1,
        mut d0,
        mut d1,
    ] = *m;
    a0 = blamka(simd, a0, b0);
    a1 = blamka(simd, a1, b1);
    d0 = rot.rotr32(v._mm256_xor_si256(d0, a0));
    d1 = rot.rotr32(v._mm256_xor_si256(d1, a1));
    c0 = blamka(simd, c0, d0);
    c1 = blamka(simd, c1, d1);
    b0 = rot.rotr24(v._mm256_xor_si256(b0, c0));
    b1 = rot.rotr24(v._mm256_xor_si256(b1, c1));
    a0 = blamka(simd, a0, b0);
    a1 = blamka(simd, a1, b1);
    d0 = rot.rotr16(v._mm256_xor_si256(d0, a0));
    d1 = rot.rotr16(v._mm256_xor_si256(d1, a1));
    c0 = blamka(simd, c0, d0);
    c1 = blamka(simd, c1, d1);
    b0 = rot.rotr63(v._mm256_xor_si256(b0, c0));
    b1 = rot.rotr63(v._mm256_xor_si256(b1, c1));
    *m = [a0, a1, b0, b1, c0, c1, d0, d1];
}

/// One BLAKE2b round on two states: columns, the diagonal step, diagonals,
/// and back.
#[inline(always)]
fn round_pair<R: Rotate>(
    rot: R,
    m: &mut [__m256i; 8],
    diagonalize: fn(V3, &mut [__m256i; 8]),
    undiagonalize: fn(V3, &mut [__m256i; 8]),
) {
    mix_pair(rot, m);
    diagonalize(rot.simd(), m);
    mix_pair(rot, m);
    undiagonalize(rot.simd(), m);
}

/// Row states: each of b, c, d is one vector, whose lanes rotate left by
/// 1, 2 and 3 (lane-crossing `vpermq`).
#[inline(always)]
fn diagonalize_rows(simd: V3, m: &mut [__m256i; 8]) {
    let v = simd.avx2;
    for k in 0..2 {
        m[2 + k] = v._mm256_permute4x64_epi64::<0b00_11_10_01>(m[2 + k]);
        m[4 + k] = v._mm256_permute4x64_epi64::<0b01_00_11_10>(m[4 + k]);
        m[6 + k] = v._mm256_permute4x64_epi64::<0b10_01_00_11>(m[6 + k]);
    }
}

/// The inverse of [`diagonalize_rows`].
#[inline(always)]
fn undiagonalize_rows(simd: V3, m: &mut [__m256i; 8]) {
    let v = simd.avx2;
    for k in 0..2 {
        m[2 + k] = v._mm256_permute4x64_epi64::<0b10_01_00_11>(m[2 + k]);
        m[4 + k] = v._mm256_permute4x64_epi64::<0b01_00_11_10>(m[4 + k]);
        m[6 + k] = v._mm256_permute4x64_epi64::<0b00_11_10_01>(m[6 + k]);
    }
}

/// Column states: in each 128-bit half, `b` of one column round is
/// (low word of `b0`, high word of `b0`, low of `b1`, high of `b1`).
/// Rotating that left by one is `vpalignr` by 8 bytes of the two vectors
/// (each half independently), by two a swap of the vectors, by three
/// `vpalignr` the other way round: no lane crossing.
#[inline(always)]
fn diagonalize_columns(simd: V3, m: &mut [__m256i; 8]) {
    let v = simd.avx2;
    let [b0, b1, c0, c1, d0, d1] = [m[2], m[3], m[4], m[5], m[6], m[7]];
    m[2] = v._mm256_alignr_epi8::<8>(b1, b0);
    m[3] = v._mm256_alignr_epi8::<8>(b0, b1);
    m[4] = c1;
    m[5] = c0;
    m[6] = v._mm256_alignr_epi8::<8>(d0, d1);
    m[7] = v._mm256_alignr_epi8::<8>(d1, d0);
}

/// The inverse of [`diagonalize_columns`].
#[inline(always)]
fn undiagonalize_columns(simd: V3, m: &mut [__m256i; 8]) {
    let v = simd.avx2;
    let [b0, b1, c0, c1, d0, d1] = [m[2], m[3], m[4], m[5], m[6], m[7]];
    m[2] = v._mm256_alignr_epi8::<8>(b0, b1);
    m[3] = v._mm256_alignr_epi8::<8>(b1, b0);
    m[4] = c1;
    m[5] = c0;
    m[6] = v._mm256_alignr_epi8::<8>(d1, d0);
    m[7] = v._mm256_alignr_epi8::<8>(d0, d1);
}
