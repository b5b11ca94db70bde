//! The Argon2 compression function on AVX2 (x86-64), through `pulp`.
//!
//! The same function as [`Portable`](super::compress::Portable), computed on
//! 256-bit vectors: a block is 32 vectors of 4 words, row `i` being vectors
//! `4i..4i + 4`. A row round takes its 4 vectors as BLAKE2b's 4×4 state
//! directly (the diagonal step rotates lanes with `vpermq`); a column round
//! needs words 2j and 2j + 1 of every row, which `vperm2i128` gathers from the
//! half-vectors of two rows, two columns at a time. The rotations by 32, 24
//! and 16 are byte shuffles, by 63 a shift and an add; the 32×32-bit products
//! are `vpmuludq`.
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

/// Prefetches the first cache line of `block` into L1.
#[inline(always)]
pub(super) fn prefetch_with(simd: V3, block: &Block) {
    let line: *const i8 = block.0.as_ptr().cast();
    simd.sse._mm_prefetch::<_MM_HINT_T0>(line);
}

/// G with the rotations of `rot` (see [`Compress::compress`]).
#[inline(always)]
pub(super) fn compress_with<R: Rotate>(
    rot: R,
    x: &Block,
    y: &Block,
    out: &mut Block,
    xor: bool,
    first_word: impl FnOnce(u64),
) {
    {
        let simd = rot.simd();
        let v = simd.avx2;
        // A `Block` is 64-byte aligned, so these views of its words always
        // succeed.
        let xv: &[__m256i; 32] = cast_ref(&x.0);
        let yv: &[__m256i; 32] = cast_ref(&y.0);
        let mut q: [__m256i; 32] = each32!(i => v._mm256_xor_si256(xv[i], yv[i]));
        for row in 0..8 {
            let [mut a, mut b, mut c, mut d] =
                [q[4 * row], q[4 * row + 1], q[4 * row + 2], q[4 * row + 3]];
            round(rot, &mut a, &mut b, &mut c, &mut d);
            q[4 * row] = a;
            q[4 * row + 1] = b;
            q[4 * row + 2] = c;
            q[4 * row + 3] = d;
        }
        let mut first_word = Some(first_word);
        // Vector 4r + j holds words 4j..4j + 4 of row r: its low half is
        // column pair 2j, its high half column pair 2j + 1.
        for j in 0..4 {
            let (mut a0, mut a1) = halves(simd, q[j], q[4 + j]);
            let (mut b0, mut b1) = halves(simd, q[8 + j], q[12 + j]);
            let (mut c0, mut c1) = halves(simd, q[16 + j], q[20 + j]);
            let (mut d0, mut d1) = halves(simd, q[24 + j], q[28 + j]);
            round(rot, &mut a0, &mut b0, &mut c0, &mut d0);
            round(rot, &mut a1, &mut b1, &mut c1, &mut d1);
            (q[j], q[4 + j]) = halves(simd, a0, a1);
            (q[8 + j], q[12 + j]) = halves(simd, b0, b1);
            (q[16 + j], q[20 + j]) = halves(simd, c0, c1);
            (q[24 + j], q[28 + j]) = halves(simd, d0, d1);
            // Word 0 is final after the first column round.
            if let Some(report) = first_word.take() {
                let q0: [u64; 4] = cast(q[0]);
                report(q0[0] ^ x.0[0] ^ y.0[0] ^ if xor { out.0[0] } else { 0 });
            }
        }
        // R = X ⊕ Y is recomputed rather than kept: the loads hit L1, and a
        // second 1 KiB array would cost a copy.
        let o: &mut [__m256i; 32] = cast_mut(&mut out.0);
        for i in 0..32 {
            let g = v._mm256_xor_si256(q[i], v._mm256_xor_si256(xv[i], yv[i]));
            o[i] = if xor { v._mm256_xor_si256(o[i], g) } else { g };
        }
    }
}

/// (low halves of `top` and `bottom`, high halves of `top` and `bottom`):
/// two rows' column pairs as two column-round vectors, and back (it is its
/// own inverse).
#[inline(always)]
fn halves(simd: V3, top: __m256i, bottom: __m256i) -> (__m256i, __m256i) {
    let v = simd.avx2;
    (
        v._mm256_permute2x128_si256::<0x20>(top, bottom),
        v._mm256_permute2x128_si256::<0x31>(top, bottom),
    )
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

/// BLAKE2b's G on the four lanes of (a, b, c, d) at once.
#[inline(always)]
fn mix<R: Rotate>(rot: R, a: &mut __m256i, b: &mut __m256i, c: &mut __m256i, d: &mut __m256i) {
    let simd = rot.simd();
    let v = simd.avx2;
    *a = blamka(simd, *a, *b);
    *d = rot.rotr32(v._mm256_xor_si256(*d, *a));
    *c = blamka(simd, *c, *d);
    *b = rot.rotr24(v._mm256_xor_si256(*b, *c));
    *a = blamka(simd, *a, *b);
    *d = rot.rotr16(v._mm256_xor_si256(*d, *a));
    *c = blamka(simd, *c, *d);
    *b = rot.rotr63(v._mm256_xor_si256(*b, *c));
}

/// One BLAKE2b round on the 4×4 state whose rows are a, b, c, d: columns,
/// then diagonals (rows rotated left by 1, 2, 3 lanes, then back).
#[inline(always)]
fn round<R: Rotate>(rot: R, a: &mut __m256i, b: &mut __m256i, c: &mut __m256i, d: &mut __m256i) {
    let v = rot.simd().avx2;
    mix(rot, a, b, c, d);
    *b = v._mm256_permute4x64_epi64::<0b00_11_10_01>(*b);
    *c = v._mm256_permute4x64_epi64::<0b01_00_11_10>(*c);
    *d = v._mm256_permute4x64_epi64::<0b10_01_00_11>(*d);
    mix(rot, a, b, c, d);
    *b = v._mm256_permute4x64_epi64::<0b10_01_00_11>(*b);
    *c = v._mm256_permute4x64_epi64::<0b01_00_11_10>(*c);
    *d = v._mm256_permute4x64_epi64::<0b00_11_10_01>(*d);
}
