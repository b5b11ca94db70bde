//! A per-thread Argon2 memory arena, on huge pages where the OS has them.
//!
//! A fresh Argon2 buffer costs page faults on first touch (measured at about
//! a quarter of an OWASP-preset hash); keeping one buffer per thread and
//! reusing it avoids them. The buffer is wiped after every use, so no
//! password-derived block outlives the call that made it.
//!
//! On Linux, a buffer of 2 MiB or more is an anonymous mapping aligned to
//! 2 MiB and advised `MADV_HUGEPAGE` (the approach argon2-rust takes, MIT).
//! Argon2 reads blocks at random across its whole memory: on 4 KiB pages
//! the OWASP preset's 19 MiB is about 4,900 pages, more than the CPU's
//! second-level TLB holds, so most reference reads also walk the page
//! table; on 2 MiB pages it is 10. Many kernels (this project's machines
//! among them) ship transparent huge pages as opt-in for the defragmenting
//! allocation, so without the advice the buffer stays on 4 KiB pages. The
//! advice is only a hint: where the kernel refuses it, or off Linux, or
//! when mapping fails, the arena is a plain heap buffer as before. The
//! mapping is made and viewed through memmap2 and zerocopy, so this module
//! needs no `unsafe`.
//!
//! Rayon may run another job on a thread that is waiting inside a parallel
//! Argon2 pass (work stealing). The arena is therefore *taken* out of the
//! thread-local slot for the duration of a hash, never borrowed: a nested
//! hash on the same thread finds the slot empty and allocates its own buffer.

use core::cell::Cell;

use zeroize::Zeroize;

use super::block::Block;
use crate::password::PasswordError;

/// Largest buffer kept between calls: 256 MiB. Larger hashes (the RFC 9106
/// high-memory preset) allocate and free their memory each time rather than
/// pin gigabytes per thread.
pub(crate) const MAX_CACHED_BLOCKS: usize = 256 * 1024;

/// A transparent huge page on x86-64 and most aarch64 kernels; smaller
/// buffers are not mapped (they could not hold one aligned huge page).
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 * 1024 * 1024;

thread_local! {
    static ARENA: Cell<Arena> = const { Cell::new(Arena::Heap(Vec::new())) };
}

/// The memory behind an arena.
enum Arena {
    /// Heap blocks: small buffers, other OSes, or a mapping that failed.
    Heap(Vec<Block>),
    /// `blocks` blocks from byte `offset` of `map`, which is where `map`
    /// reaches a 2 MiB boundary.
    // Invariant: `offset + blocks · 1 KiB <= map.len()` (see `map`).
    #[cfg(target_os = "linux")]
    Mapped {
        map: memmap2::MmapMut,
        offset: usize,
        blocks: usize,
    },
}

impl Default for Arena {
    fn default() -> Self {
        Arena::Heap(Vec::new())
    }
}

impl Arena {
    /// Blocks available.
    fn len(&self) -> usize {
        match self {
            Arena::Heap(blocks) => blocks.len(),
            #[cfg(target_os = "linux")]
            Arena::Mapped { blocks, .. } => *blocks,
        }
    }

    /// Every block, or `None` if the mapping cannot be viewed as blocks
    /// (it always can: `offset` is 2 MiB-aligned and the invariant bounds
    /// the range).
    fn blocks_mut(&mut self) -> Option<&mut [Block]> {
        match self {
            Arena::Heap(blocks) => Some(blocks),
            #[cfg(target_os = "linux")]
            Arena::Mapped {
                map,
                offset,
                blocks,
            } => {
                use zerocopy::FromBytes;
                let end = blocks
                    .checked_mul(size_of::<Block>())?
                    .checked_add(*offset)?;
                <[Block]>::mut_from_bytes(map.get_mut(*offset..end)?).ok()
            }
        }
    }

    /// A new arena of `count` zeroed blocks.
    fn allocate(count: usize) -> Result<Self, PasswordError> {
        #[cfg(target_os = "linux")]
        if count.saturating_mul(size_of::<Block>()) >= HUGE_PAGE
            && let Some(mapped) = Self::map(count)
        {
            return Ok(mapped);
        }
        let mut blocks = Vec::new();
        blocks
            .try_reserve_exact(count)
            .map_err(|_| PasswordError::MemoryUnavailable)?;
        // Writing every block faults the pages in once, here, instead of
        // inside the first hash pass.
        blocks.resize(count, Block::ZERO);
        Ok(Arena::Heap(blocks))
    }

    /// `count` blocks of a private anonymous mapping (zero-filled by the
    /// kernel), starting on a 2 MiB boundary and rounded up to whole huge
    /// pages, advised to use them. `None` if the mapping or its view fails.
    #[cfg(target_os = "linux")]
    fn map(count: usize) -> Option<Self> {
        let bytes = count.checked_mul(size_of::<Block>())?;
        let span = bytes.checked_next_multiple_of(HUGE_PAGE)?;
        // One huge page of slack to reach a 2 MiB boundary: the kernel only
        // aligns mappings to the base page size. The slack is never touched,
        // so it costs address space, not memory.
        let map = memmap2::MmapOptions::new()
            .len(span.checked_add(HUGE_PAGE)?)
            .map_anon()
            .ok()?;
        let base = map.as_ptr().addr();
        let offset = base.next_multiple_of(HUGE_PAGE) - base;
        // A refusal (THP compiled out or set to `never`) leaves 4 KiB pages:
        // slower, never wrong.
        let _ = map.advise(memmap2::Advice::HugePage);
        // Invariant: offset < HUGE_PAGE and bytes <= span, so the blocks end
        // inside the mapping.
        let mut arena = Arena::Mapped {
            map,
            offset,
            blocks: count,
        };
        arena.blocks_mut()?;
        Some(arena)
    }

    /// Bytes this arena holds (its whole mapping, slack included).
    fn bytes(&self) -> usize {
        match self {
            Arena::Heap(blocks) => blocks.len() * size_of::<Block>(),
            #[cfg(target_os = "linux")]
            Arena::Mapped { map, .. } => map.len(),
        }
    }

    /// Whether this arena is a huge-page-advised mapping (the tests check
    /// that large arenas are).
    #[cfg(test)]
    fn is_mapped(&self) -> bool {
        #[cfg(target_os = "linux")]
        if let Arena::Mapped { .. } = self {
            return true;
        }
        false
    }
}

/// Runs `f` with at least `count` blocks of Argon2 memory, then wipes them.
///
/// # Errors
/// [`PasswordError::MemoryUnavailable`] if the memory cannot be allocated
/// (never an abort).
pub(crate) fn with_blocks<R>(
    count: usize,
    f: impl FnOnce(&mut [Block]) -> R,
) -> Result<R, PasswordError> {
    let mut arena = ARENA.with(Cell::take);
    if arena.len() < count {
        // Drop the smaller buffer first (it was wiped after its last use) so
        // both are never held at once.
        drop(core::mem::take(&mut arena));
        arena = Arena::allocate(count)?;
    }
    let result = match arena
        .blocks_mut()
        .and_then(|blocks| blocks.get_mut(..count))
    {
        Some(memory) => {
            let result = f(memory);
            memory.iter_mut().for_each(Zeroize::zeroize);
            result
        }
        // Unreachable: `arena.len() >= count` was established above, and a
        // mapped arena is checked viewable when it is made.
        None => return Err(PasswordError::MemoryUnavailable),
    };
    if arena.len() <= MAX_CACHED_BLOCKS {
        ARENA.with(|slot| {
            // A nested call may have refilled the slot; keep the larger.
            let other = slot.take();
            slot.set(if other.len() > arena.len() {
                other
            } else {
                arena
            });
        });
    }
    Ok(result)
}

/// Frees this thread's cached buffer (already wiped) and returns its size
/// in bytes.
pub(crate) fn release() -> usize {
    ARENA.with(Cell::take).bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_and_wipes() {
        let first = with_blocks(16, |m| {
            m[3].0[0] = 42;
            m.len()
        })
        .expect("small allocation");
        assert_eq!(first, 16);
        let seen = with_blocks(8, |m| m[3].0[0]).expect("small allocation");
        assert_eq!(seen, 0, "memory is wiped between uses");
    }

    #[test]
    fn nested_use_gets_its_own_memory() {
        let inner = with_blocks(8, |outer| {
            outer[0].0[0] = 1;
            with_blocks(8, |inner| inner[0].0[0]).expect("small allocation")
        })
        .expect("small allocation");
        assert_eq!(inner, 0);
    }

    /// An OWASP-sized arena is a huge-page-aligned mapping on Linux, zero on
    /// first use and wiped between uses, and is kept for the next hash.
    #[test]
    fn large_arena_is_mapped_aligned_and_wiped() {
        const OWASP_BLOCKS: usize = 19456;
        let arena = Arena::allocate(OWASP_BLOCKS).expect("19 MiB");
        assert_eq!(arena.len(), OWASP_BLOCKS);
        assert_eq!(arena.is_mapped(), cfg!(target_os = "linux"));
        drop(arena);
        // Run on a fresh thread so another test's cached arena is not in play.
        std::thread::spawn(|| {
            let (zero, aligned) = with_blocks(OWASP_BLOCKS, |m| {
                let zero = m.iter().all(|b| *b == Block::ZERO);
                let aligned =
                    cfg!(not(target_os = "linux")) || m.as_ptr().addr() % (2 * 1024 * 1024) == 0;
                m.iter_mut().for_each(|b| b.0[5] = 7);
                (zero, aligned)
            })
            .expect("19 MiB");
            assert!(zero, "a new arena is zeroed");
            assert!(aligned, "a mapped arena starts on a huge page");
            let wiped =
                with_blocks(OWASP_BLOCKS, |m| m.iter().all(|b| *b == Block::ZERO)).expect("cached");
            assert!(wiped, "memory is wiped between uses");
            assert!(release() >= OWASP_BLOCKS * size_of::<Block>());
            assert_eq!(release(), 0, "released once");
        })
        .join()
        .expect("test thread");
    }
}
