//! The process-wide side of the bindings: credkit's worker pool
//! (`set_num_threads`, `get_num_threads`), `release_memory`, and the chunked
//! runner every batch call goes through so that it can be interrupted and
//! can report progress.

use std::time::{Duration, Instant};

use pyo3::prelude::*;

use crate::errors::out_of_range;
use crate::int_arg::UInt;

/// Sets the number of threads of credkit's worker pool in this process.
///
/// The default is the ``CREDKIT_NUM_THREADS`` environment variable if set,
/// else the number of cores available to the process. Give each worker
/// process of a Dask, Spark or Ray cluster the number of threads it is
/// meant to use (1 for ``threads_per_worker=1``), so that the workers
/// together do not start more threads than there are cores. Calls already
/// running finish on the old pool.
///
/// Args:
///     n: threads, at least 1.
///
/// Raises:
///     InvalidInput: ``n`` is 0, negative or too large (code ``out_of_range``).
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn set_num_threads(py: Python<'_>, n: UInt<usize>) -> PyResult<()> {
    // A pool thread costs a stack and an Argon2 arena; 4096 is far past any
    // machine credkit runs on and keeps a typo from starting a million.
    if n.0 == 0 || n.0 > 4096 {
        return Err(out_of_range("n"));
    }
    py.detach(|| credkit::set_num_threads(n.0));
    Ok(())
}

/// The number of threads of credkit's worker pool in this process.
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn get_num_threads() -> usize {
    credkit::pool::num_threads()
}

/// Frees the Argon2 memory credkit keeps between hashes, on the calling
/// thread and on every credkit pool thread (each keeps one wiped buffer the
/// size of the largest hash it computed, up to 256 MiB).
///
/// Call it when a process goes idle after hashing with a large memory
/// cost. The next hash on each thread allocates (and page-faults) its
/// buffer again.
///
/// Returns:
///     The bytes freed.
///
/// .. versionadded:: 0.1.0
#[pyfunction]
fn release_memory(py: Python<'_>) -> usize {
    py.detach(credkit::release_memory)
}

/// Each chunk of a batch aims at this much wall time: short enough that
/// Ctrl-C is answered within a second, long enough that the pause between
/// chunks costs nothing measurable.
const CHUNK_TARGET: Duration = Duration::from_millis(100);

/// Runs `f` over `items` in chunks with the GIL released, checking for
/// signals (Ctrl-C raises `KeyboardInterrupt`) and calling
/// `progress(done, total)` after each chunk. `f` returns one result per
/// item of its chunk.
///
/// Chunks start at one item per pool thread and grow or shrink towards
/// [`CHUNK_TARGET`], so both a 2-second Argon2 hash and a 20-µs signature
/// check are interruptible without paying for it.
pub(crate) fn chunked<T, R, F>(
    py: Python<'_>,
    items: &[T],
    progress: Option<&Bound<'_, PyAny>>,
    f: F,
) -> PyResult<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> Vec<R> + Sync,
{
    let threads = credkit::pool::num_threads().max(1);
    let mut size = threads;
    let mut out = Vec::with_capacity(items.len());
    let mut rest = items;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        let started = Instant::now();
        let results = py.detach(|| f(chunk));
        let elapsed = started.elapsed();
        out.extend(results);
        rest = tail;
        py.check_signals()?;
        if let Some(callback) = progress {
            callback.call1((out.len(), items.len()))?;
        }
        if elapsed < CHUNK_TARGET / 2 {
            size = size.saturating_mul(2);
        } else if elapsed > CHUNK_TARGET * 2 {
            size = (size / 2).max(threads);
        }
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(release_memory, m)?)?;
    Ok(())
}
