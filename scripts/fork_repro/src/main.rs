//! Does a batch call in a forked child finish after the parent ran one?
//!
//! `rayon-global` signs the batch the way credkit did before `src/pool.rs`
//! (a `par_iter` on rayon's global pool); `credkit` calls
//! `credkit::sign::sign_many`, which runs on credkit's own pool. The parent
//! signs first (so the pool and its threads exist), forks, and gives the
//! child `TIMEOUT_S` seconds to sign again before killing it.
//!
//!     cargo run --release -- rayon-global   # hangs: killed after 10 s
//!     cargo run --release -- credkit        # completes

use std::time::{Duration, Instant};

use credkit::sign::SigningKey;
use rayon::prelude::*;

const TIMEOUT_S: u64 = 10;

fn batch(mode: &str, key: &SigningKey, messages: &[Vec<u8>]) -> usize {
    match mode {
        "rayon-global" => messages
            .par_iter()
            .map(|m| key.sign(m))
            .collect::<Vec<_>>()
            .len(),
        "credkit" => credkit::sign::sign_many(key, messages).len(),
        _ => panic!("mode: rayon-global or credkit"),
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "credkit".into());
    let key = SigningKey::from_bytes(&[7; 32]);
    let messages: Vec<Vec<u8>> = (0..1_000u32).map(|i| i.to_le_bytes().to_vec()).collect();
    assert_eq!(batch(&mode, &key, &messages), messages.len());

    // SAFETY: the child only runs the batch and exits; that is the point of
    // the experiment (what a forked Python worker does).
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let start = Instant::now();
        let n = batch(&mode, &key, &messages);
        println!(
            "{mode}: child signed {n} messages in {:.1} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
        // SAFETY: ends the child without running the parent's destructors.
        unsafe { libc::_exit(0) };
    }
    let start = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: waits for our own child.
        if unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) } == pid {
            println!(
                "{mode}: child exited (status {status}) after {:.1} ms",
                start.elapsed().as_secs_f64() * 1e3
            );
            return;
        }
        if start.elapsed() > Duration::from_secs(TIMEOUT_S) {
            // SAFETY: kills and reaps our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            println!("{mode}: child hung, killed after {TIMEOUT_S} s");
            std::process::exit(1);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
