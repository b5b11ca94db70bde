//! Criterion benches for `credkit::password`.
//!
//! `cargo bench --bench password`
//!
//! - `hash/*` and `verify/*`: credkit at the OWASP and RFC 9106 low-memory
//!   presets, next to the peer `argon2-crate/*`: the argon2 crate's own
//!   `hash_password_into` (fresh memory per hash) at the same parameters, in
//!   the same run, so the ratio shows what credkit's engine (AVX2
//!   compression, prefetching) and arena give.
//! - `hash_many_64/threads=N`: 64 OWASP hashes in a rayon pool of N threads.
//!
//! The comparison with argon2-cffi (the C reference) is
//! `python/bench/compare_password.py`.

use std::hint::black_box;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use credkit::password::{Argon2Params, PasswordHasher};
use criterion::{Criterion, criterion_group, criterion_main};

const PRESETS: [(&str, Argon2Params); 2] = [
    ("owasp", Argon2Params::OWASP),
    ("rfc9106_low_memory", Argon2Params::RFC9106_LOW_MEMORY),
];

fn single(c: &mut Criterion) {
    for (name, params) in PRESETS {
        let hasher = PasswordHasher::new(params).expect("preset within default limits");
        let phc = hasher.hash("correct horse battery staple").expect("hashes");
        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));
        group.bench_function("hash", |b| {
            b.iter(|| hasher.hash(black_box("correct horse battery staple")));
        });
        group.bench_function("verify", |b| {
            b.iter(|| hasher.verify(black_box(&phc), black_box("correct horse battery staple")));
        });
        let peer = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(
                params.memory_kib(),
                params.iterations(),
                params.parallelism(),
                Some(32),
            )
            .expect("valid"),
        );
        group.bench_function("argon2-crate", |b| {
            b.iter(|| {
                let mut out = [0u8; 32];
                peer.hash_password_into(
                    black_box(b"correct horse battery staple"),
                    b"0123456789abcdef",
                    &mut out,
                )
                .expect("hashes");
                out
            });
        });
        group.finish();
    }
}

fn batch(c: &mut Criterion) {
    let hasher = PasswordHasher::default();
    let passwords: Vec<String> = (0..64).map(|i| format!("password number {i}")).collect();
    let mut group = c.benchmark_group("hash_many_64");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        group.bench_function(format!("threads={threads}"), |b| {
            b.iter(|| pool.install(|| hasher.hash_many(black_box(&passwords))));
        });
    }
    group.finish();
}

criterion_group!(benches, single, batch);
criterion_main!(benches);
