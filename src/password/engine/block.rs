//! The 1 KiB Argon2 memory block.

use zerocopy::{FromBytes, IntoBytes, KnownLayout};
use zeroize::Zeroize;

/// Words of 64 bits in a block.
pub(crate) const WORDS: usize = 128;

/// The 128 words of a block, as the compression function sees them.
pub(crate) type Words = [u64; WORDS];

/// One Argon2 memory block (RFC 9106, section 3.1: 1024 bytes, read as
/// 128 little-endian 64-bit words).
///
/// Aligned to 64 bytes (a cache line) so that a block never straddles two
/// lines and the AVX2 compression can view it as 32 aligned 256-bit vectors.
///
/// Any 1024 bytes are a valid block and a block has no padding (the derived
/// `FromBytes` and `IntoBytes` check both at compile time), so the arena can
/// view mapped memory as blocks without `unsafe`.
#[derive(Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout)]
#[repr(C, align(64))]
pub(crate) struct Block(pub(crate) Words);

impl Block {
    /// The all-zero block.
    pub(crate) const ZERO: Block = Block([0; WORDS]);

    /// Loads a block from its 1024-byte little-endian encoding.
    pub(crate) fn from_le_bytes(bytes: &[u8; 8 * WORDS]) -> Self {
        let mut block = Self::ZERO;
        for (word, chunk) in block.0.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut le = [0u8; 8];
            le.copy_from_slice(chunk);
            *word = u64::from_le_bytes(le);
        }
        block
    }

    /// Writes the block's 1024-byte little-endian encoding.
    pub(crate) fn to_le_bytes(self, bytes: &mut [u8; 8 * WORDS]) {
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
    }
}

impl Zeroize for Block {
    fn zeroize(&mut self) {
        // As a `[u64]` slice, zeroize wipes with a memset behind an
        // optimisation barrier: as sure as word-by-word volatile writes, and
        // several times faster over a 19 MiB arena.
        self.0.as_mut_slice().zeroize();
    }
}

impl core::fmt::Debug for Block {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Blocks are derived from the password: never print their contents.
        f.write_str("Block(..)")
    }
}
