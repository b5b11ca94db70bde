//! credkit's own worker pool: every batch call and every multi-lane Argon2
//! hash runs here, never on rayon's global pool.
//!
//! Three reasons it is credkit's and not rayon's global one:
//!
//! - **Fork.** A process forked after a batch call (multiprocessing's `fork`
//!   start method, `gunicorn --preload`, Celery prefork) inherits a pool
//!   whose threads do not exist in the child: rayon's global pool then waits
//!   forever for them. credkit remembers the process id that built its pool
//!   and builds a new one when it finds itself in another process; the old
//!   one is leaked, not dropped, since its locks may have been held by a
//!   thread that did not survive the fork.
//! - **Size.** [`set_num_threads`] (or the `CREDKIT_NUM_THREADS` environment
//!   variable, read when the pool is first built) bounds it, so a host that
//!   already runs one worker process per core (Dask with
//!   `threads_per_worker=1`, Spark executors) can ask for one thread each.
//! - **No queueing behind another caller.** A call that arrives while the
//!   pool is busy with another thread's batch does not wait for that batch:
//!   it runs on a single-thread pool of the calling thread's own (built on
//!   first need, kept for the thread's life), so a short call from one
//!   request handler is not stuck behind a million-item batch from another.
//!
//! Code already running on a rayon worker (credkit's pool, a caller's own
//! pool or rayon's global one) keeps running there: a Rust caller that wraps
//! a batch in its own `ThreadPool::install` still chooses the threads, and
//! the Argon2 lanes of a hash inside a batch share the batch's pool.
//!
//! # What each pool thread keeps
//!
//! - Each thread that has computed an Argon2 hash keeps one buffer the size
//!   of the largest hash it computed, up to 256 MiB (larger hashes free their
//!   memory when done), wiped after every use: with the OWASP default of
//!   19 MiB and two threads, about 38 MiB.
//! - Each thread that has issued a credential keeps a zlib compressor (about
//!   300 KiB), which holds the last credential it compressed.
//!
//! [`release_memory`] frees both on every credkit thread and on the calling
//! thread; [`set_num_threads`] ends the old pool's threads, which frees
//! theirs. Threads of a caller's own pool, or rayon's global one, keep
//! theirs until they exit.

use core::sync::atomic::{AtomicUsize, Ordering};
use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use rayon::{ThreadPool, ThreadPoolBuilder};

/// The environment variable read for the pool size when [`set_num_threads`]
/// has not been called.
pub const NUM_THREADS_ENV: &str = "CREDKIT_NUM_THREADS";

/// The size asked for by [`set_num_threads`]; 0 = not set.
static REQUESTED: AtomicUsize = AtomicUsize::new(0);

/// The shared pool of this process, if built.
static SHARED: Mutex<Option<Arc<Pool>>> = Mutex::new(None);

/// Every caller-thread pool still alive, for [`release_memory`].
static CALLER_POOLS: Mutex<Vec<Weak<Pool>>> = Mutex::new(Vec::new());

thread_local! {
    /// This thread's own single-thread pool (see the module docs).
    static CALLER: RefCell<Option<Arc<Pool>>> = const { RefCell::new(None) };
}

/// A rayon pool and the process that built it.
struct Pool {
    pid: u32,
    threads: ThreadPool,
    /// Calls currently running on `threads` (the shared pool only).
    busy: AtomicUsize,
}

impl Pool {
    fn build(threads: usize, name: &'static str) -> Option<Arc<Self>> {
        let pool = ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(move |i| format!("{name}-{i}"))
            .build()
            .ok()?;
        Some(Arc::new(Self {
            pid: std::process::id(),
            threads: pool,
            busy: AtomicUsize::new(0),
        }))
    }
}

/// Sets the number of threads of credkit's pool in this process (0 = the
/// default: `CREDKIT_NUM_THREADS` if set, else the cores available to the
/// process).
///
/// Calls already running finish on the old pool, whose threads then exit;
/// the next call builds the new one.
pub fn set_num_threads(threads: usize) {
    REQUESTED.store(threads, Ordering::SeqCst);
    let old = lock(&SHARED).take();
    drop(old);
}

/// The number of threads credkit's pool has, or will have when next built.
#[must_use]
pub fn num_threads() -> usize {
    match REQUESTED.load(Ordering::SeqCst) {
        0 => default_threads(),
        n => n,
    }
}

fn default_threads() -> usize {
    std::env::var(NUM_THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The guarded data are only ever replaced whole, so a panic while the
    // lock was held cannot leave them half-updated.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The shared pool of this process, built (again, after a fork) if needed.
fn shared() -> Option<Arc<Pool>> {
    let pid = std::process::id();
    let mut slot = lock(&SHARED);
    if let Some(pool) = slot.as_ref() {
        if pool.pid == pid {
            return Some(Arc::clone(pool));
        }
        // Built by the parent of a fork: its threads are gone, and dropping
        // it would touch locks they may have held.
        core::mem::forget(slot.take());
    }
    let pool = Pool::build(num_threads(), "credkit")?;
    *slot = Some(Arc::clone(&pool));
    Some(pool)
}

/// The calling thread's own single-thread pool.
fn caller() -> Option<Arc<Pool>> {
    let pid = std::process::id();
    CALLER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if let Some(pool) = slot.as_ref() {
            if pool.pid == pid {
                return Some(Arc::clone(pool));
            }
            core::mem::forget(slot.take());
        }
        let pool = Pool::build(1, "credkit-caller")?;
        let mut all = lock(&CALLER_POOLS);
        all.retain(|weak| weak.strong_count() > 0);
        all.push(Arc::downgrade(&pool));
        *slot = Some(Arc::clone(&pool));
        Some(pool)
    })
}

/// Runs `f` on credkit's pool: every rayon parallel iterator inside it uses
/// that pool's threads (see the [module docs](self) for which pool).
///
/// Called from a rayon worker thread, runs `f` right there.
pub(crate) fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_thread_index().is_some() {
        return f();
    }
    let Some(pool) = shared() else {
        // No thread could be started (thread limit reached): run here, where
        // parallel iterators fall back to rayon's own defaults.
        return f();
    };
    if pool
        .busy
        .compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        // Another caller's batch holds the pool.
        return match caller() {
            Some(own) => own.threads.install(f),
            None => f(),
        };
    }
    /// Marks the pool free again, also if `f` panics.
    struct Release<'a>(&'a AtomicUsize);
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            self.0.store(0, Ordering::Release);
        }
    }
    let _release = Release(&pool.busy);
    pool.threads.install(f)
}

/// Frees the memory that credkit keeps between calls (Argon2 buffers and
/// zlib compressors, see the [module docs](self)) on the calling thread and
/// on every credkit pool thread, and returns the bytes freed (the
/// compressors' by estimate).
///
/// A hash in flight keeps its memory until it finishes and then caches it
/// again on its thread; call this when the process goes idle. Waits for
/// each pool thread to finish the item it is working on. Must not be called
/// from inside a credkit batch (a pool thread cannot wait for itself).
pub fn release_memory() -> usize {
    let mut freed = release_thread();
    let pid = std::process::id();
    let mut pools: Vec<Arc<Pool>> = lock(&SHARED).iter().cloned().collect();
    pools.extend(lock(&CALLER_POOLS).iter().filter_map(Weak::upgrade));
    for pool in pools.iter().filter(|p| p.pid == pid) {
        let per_thread = pool.threads.broadcast(|_| release_thread());
        freed += per_thread.iter().sum::<usize>();
    }
    freed
}

/// Frees what the calling thread keeps between calls.
fn release_thread() -> usize {
    #[allow(unused_mut)] // nothing to free when neither feature is on
    let mut freed = 0;
    #[cfg(feature = "password")]
    {
        freed += crate::password::engine::arena::release();
    }
    #[cfg(feature = "credential")]
    {
        freed += crate::credential::release_thread_memory();
    }
    freed
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn runs_on_credkit_threads() {
        let names: Vec<String> = install(|| {
            (0..64)
                .into_par_iter()
                .map(|_| std::thread::current().name().unwrap_or_default().to_owned())
                .collect()
        });
        assert!(names.iter().all(|n| n.starts_with("credkit")), "{names:?}");
    }

    #[test]
    fn nested_install_runs_in_place() {
        let outer = install(|| {
            let me = std::thread::current().id();
            install(|| std::thread::current().id()) == me
        });
        assert!(outer);
    }

    #[test]
    fn busy_pool_runs_on_the_callers_own_pool() {
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            let finish_rx = Mutex::new(finish_rx);
            install(|| {
                started_tx.send(()).expect("receiver alive");
                lock(&finish_rx).recv().expect("sender alive");
            });
        });
        started_rx.recv().expect("holder started");
        // The shared pool is held: this must not wait for the holder.
        let name = install(|| std::thread::current().name().map(str::to_owned));
        // It ran (on the caller's own pool, or on the shared one if another
        // test's batch made the holder use its own): had it queued behind
        // the holder, which waits for `finish_tx`, this would deadlock.
        assert!(
            name.as_deref().is_some_and(|n| n.starts_with("credkit")),
            "{name:?}"
        );
        finish_tx.send(()).expect("holder waiting");
        holder.join().expect("holder finished");
    }
}
