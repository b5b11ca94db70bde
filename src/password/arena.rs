//! A per-thread, pre-faulted Argon2 memory arena.
//!
//! A fresh Argon2 buffer costs page faults on first touch (measured at about
//! a quarter of an OWASP-preset hash); keeping one buffer per thread and
//! reusing it avoids them. The buffer is wiped after every use, so no
//! password-derived block outlives the call that made it.
//!
//! Rayon may run another job on a thread that is waiting inside a parallel
//! Argon2 pass (work stealing). The arena is therefore *taken* out of the
//! thread-local slot for the duration of a hash, never borrowed: a nested
//! hash on the same thread finds the slot empty and allocates its own buffer.

use core::cell::Cell;

use zeroize::Zeroize;

use super::PasswordError;
use super::engine::block::Block;

/// Largest buffer kept between calls: 256 MiB. Larger hashes (the RFC 9106
/// high-memory preset) allocate and free their memory each time rather than
/// pin gigabytes per thread.
pub(crate) const MAX_CACHED_BLOCKS: usize = 256 * 1024;

thread_local! {
    static ARENA: Cell<Vec<Block>> = const { Cell::new(Vec::new()) };
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
    let mut blocks = ARENA.with(Cell::take);
    if blocks.len() < count {
        // Drop the smaller buffer first (it was wiped after its last use) so
        // both are never held at once.
        drop(core::mem::take(&mut blocks));
        blocks
            .try_reserve_exact(count)
            .map_err(|_| PasswordError::MemoryUnavailable)?;
        // Writing every block faults the pages in once, here, instead of
        // inside the first hash pass.
        blocks.resize(count, Block::ZERO);
    }
    let result = match blocks.get_mut(..count) {
        Some(memory) => {
            let result = f(memory);
            memory.iter_mut().for_each(Zeroize::zeroize);
            result
        }
        // Unreachable: `blocks.len() >= count` was established above.
        None => return Err(PasswordError::MemoryUnavailable),
    };
    if blocks.len() <= MAX_CACHED_BLOCKS {
        ARENA.with(|slot| {
            // A nested call may have refilled the slot; keep the larger.
            let other = slot.take();
            slot.set(if other.len() > blocks.len() {
                other
            } else {
                blocks
            });
        });
    }
    Ok(result)
}

/// Frees this thread's cached buffer (already wiped) and returns its size
/// in bytes.
pub(crate) fn release() -> usize {
    let blocks = ARENA.with(Cell::take);
    blocks.len() * size_of::<Block>()
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
}
