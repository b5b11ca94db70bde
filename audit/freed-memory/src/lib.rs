//! A global allocator that scans every block it frees for a needle, so a
//! test can prove that credkit leaves no copy of a password in freed heap
//! memory (where a later allocation, a core dump or a heap-spraying bug
//! could read it).
//!
//! Only the tests of this crate install it (`#[global_allocator]` in
//! `tests/freed_memory.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Forwards to [`System`], scanning each freed block while armed.
#[derive(Debug)]
pub struct ScanningAllocator;

static HITS: AtomicUsize = AtomicUsize::new(0);
/// The needles, as raw bytes (UTF-8, and UTF-32 for `Vec<char>` copies).
/// Set while disarmed; read by `dealloc` while armed.
static NEEDLES: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

thread_local! {
    /// Set on the thread that called [`freed_copies`] while its closure
    /// runs: only that thread's frees are scanned, so blocks freed by other
    /// threads at the same time (the test harness, other tests' pools) are
    /// not counted. credkit handles a password on the calling thread.
    static ARMED: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
    /// Set while `dealloc` scans, so the scan's own lock and any
    /// allocation it might make are not scanned again.
    static IN_SCAN: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

// SAFETY: every method forwards to `System` with the caller's arguments;
// `dealloc` additionally reads the `layout.size()` bytes at `ptr`, which the
// caller guarantees are a live allocation of that layout until we free it.
unsafe impl GlobalAlloc for ScanningAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.with(core::cell::Cell::get) && !IN_SCAN.with(|f| f.replace(true)) {
            // SAFETY: `ptr` is a live allocation of `layout` (see above).
            let block = unsafe { core::slice::from_raw_parts(ptr, layout.size()) };
            if let Ok(needles) = NEEDLES.try_lock()
                && needles.iter().any(|n| contains(block, n))
            {
                HITS.fetch_add(1, Ordering::SeqCst);
            }
            IN_SCAN.with(|f| f.set(false));
        }
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
    // `realloc` keeps the default: alloc, copy, then `dealloc` of the old
    // block, which is scanned like any other.
}

/// Counts the freed blocks that contained `needle` (as UTF-8 or UTF-32)
/// while `f` ran. The needle must outlive the call (the caller keeps its
/// own copy alive), so its own buffers are not counted.
pub fn freed_copies<F: FnOnce()>(needle: &str, f: F) -> usize {
    let utf32: Vec<u8> = needle
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    *NEEDLES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) =
        vec![needle.as_bytes().to_vec(), utf32];
    HITS.store(0, Ordering::SeqCst);
    ARMED.with(|armed| armed.set(true));
    f();
    ARMED.with(|armed| armed.set(false));
    HITS.load(Ordering::SeqCst)
}
