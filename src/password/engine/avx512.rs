//! The Argon2 compression function on AVX-512 (x86-64), through `pulp`.
//!
//! The AVX2 engine's schedule, unchanged (see [`avx2`](super::avx2)), with
//! the one thing AVX-512 adds that G wants: `vprorq` (AVX-512 VL, on 256-bit
//! vectors) rotates each 64-bit lane in one instruction, where AVX2 needs a
//! byte shuffle (by 24 and 16), a dword shuffle (32), or a shift, an add and
//! an XOR (63). Everything else is the AVX2 code, compiled here with the
//! AVX-512 features enabled (so the compiler may also use EVEX forms and
//! the 32 vector registers).
//!
//! Kept this small on purpose: credkit's development machine and CI have
//! AVX2 but no AVX-512, so this file cannot be run there. The tests run the
//! shared code as the AVX2 engine, and this engine wherever the CPU has the
//! features (`engines()` in `engine.rs` lists every engine the CPU can run).

use core::arch::x86_64::__m256i;

use pulp::x86::V4;

use super::avx2::{Rotate, compress_with, prefetch_with};
use super::block::Block;
use super::compress::Compress;

/// G on AVX-512. Holding one proves the CPU has the features (`V4`: the
/// x86-64-v4 set, AVX-512 F, BW, CD, DQ and VL).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(pub(crate) V4);

impl Avx512 {
    /// The AVX-512 engine, if this CPU has the features.
    pub(crate) fn detect() -> Option<Self> {
        V4::try_new().map(Self)
    }
}

/// `vprorq` for every rotation.
#[derive(Clone, Copy)]
struct Vpror(V4);

impl Rotate for Vpror {
    #[inline(always)]
    fn simd(self) -> pulp::x86::V3 {
        *self.0
    }

    #[inline(always)]
    fn rotr32(self, x: __m256i) -> __m256i {
        self.0.avx512f._mm256_ror_epi64::<32>(x)
    }

    #[inline(always)]
    fn rotr24(self, x: __m256i) -> __m256i {
        self.0.avx512f._mm256_ror_epi64::<24>(x)
    }

    #[inline(always)]
    fn rotr16(self, x: __m256i) -> __m256i {
        self.0.avx512f._mm256_ror_epi64::<16>(x)
    }

    #[inline(always)]
    fn rotr63(self, x: __m256i) -> __m256i {
        self.0.avx512f._mm256_ror_epi64::<63>(x)
    }
}

impl Compress for Avx512 {
    #[inline(always)]
    fn compress(
        self,
        x: &Block,
        y: &Block,
        out: &mut Block,
        xor: bool,
        first_word: impl FnOnce(u64),
    ) {
        compress_with(Vpror(self.0), x, y, out, xor, first_word);
    }

    #[inline(always)]
    fn prefetch(self, block: &Block) {
        prefetch_with(*self.0, block);
    }
}
