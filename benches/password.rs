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
//! - `argon2_rust/*`: credkit's `hash` beside argon2-rust's pooled
//!   `Hasher::hash_into` (one arena reused across hashes, its own worker
//!   pool for lanes) at both presets. `cargo bench --bench password --
//!   argon2-rust` instead times them in paired, alternating rounds and prints
//!   the ratio credkit / argon2-rust per preset.
//!
//! The comparison with argon2-cffi (the C reference) is
//! `python/bench/compare_password.py`.

use std::hint::black_box;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use credkit::password::{Argon2Params, PasswordHasher};
use criterion::{Criterion, criterion_group};

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

fn argon2_rust_params(params: Argon2Params) -> argon2_rust::Argon2 {
    use argon2_rust::params::{Memory, TagLen};
    let params = argon2_rust::Params::builder()
        .memory(Memory::kib(u64::from(params.memory_kib())))
        .passes(params.iterations())
        .lanes(params.parallelism())
        .tag_len(TagLen::bytes(32))
        .build()
        .expect("valid parameters");
    argon2_rust::Argon2::new(
        argon2_rust::Algorithm::Argon2id,
        argon2_rust::Version::V0x13,
        params,
    )
}

fn argon2_rust_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("argon2_rust");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, params) in PRESETS {
        let hasher = PasswordHasher::new(params).expect("preset within default limits");
        let peer = argon2_rust_params(params);
        let mut pooled = peer.hasher();
        group.bench_function(format!("{name}/credkit"), |b| {
            b.iter(|| hasher.hash(black_box("correct horse battery staple")));
        });
        group.bench_function(format!("{name}/argon2-rust-pooled"), |b| {
            b.iter(|| {
                let mut tag = [0u8; 32];
                pooled
                    .hash_into(
                        black_box(b"correct horse battery staple"),
                        b"0123456789abcdef",
                        &mut tag,
                    )
                    .expect("hashes");
                tag
            });
        });
    }
    group.finish();
}

criterion_group!(benches, single, batch, argon2_rust_group);

/// Paired rounds, credkit `hash` against argon2-rust's pooled `hash_into`
/// at both presets: each round times `PER_ROUND` hashes with each (which
/// goes first alternates), and the report gives the median and best
/// per-round ratio credkit / argon2-rust. Both tags are checked equal first.
fn argon2_rust_ratios() {
    const ROUNDS: usize = 9;
    const PER_ROUND: usize = 5;
    for (name, params) in PRESETS {
        let hasher = PasswordHasher::new(params).expect("preset within default limits");
        let peer = argon2_rust_params(params);
        let mut pooled = peer.hasher();
        let salt = b"0123456789abcdef";
        let password = b"correct horse battery staple";
        // Same tag from both, or the comparison is moot.
        let mut theirs = [0u8; 32];
        pooled
            .hash_into(password, salt, &mut theirs)
            .expect("hashes");
        let reference = Argon2::new(
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
        let mut expected = [0u8; 32];
        reference
            .hash_password_into(password, salt, &mut expected)
            .expect("hashes");
        assert_eq!(theirs, expected, "argon2-rust agrees with the argon2 crate");
        let phc = hasher.hash("correct horse battery staple").expect("hashes");
        let mut ratios = Vec::new();
        let (mut best_ours, mut best_theirs) = (f64::MAX, f64::MAX);
        for round in 0..ROUNDS {
            let ours = || {
                let start = std::time::Instant::now();
                for _ in 0..PER_ROUND {
                    black_box(
                        hasher
                            .hash(black_box("correct horse battery staple"))
                            .expect("hashes"),
                    );
                }
                start.elapsed().as_secs_f64() / PER_ROUND as f64
            };
            let mut peer_time = || {
                let start = std::time::Instant::now();
                for _ in 0..PER_ROUND {
                    let mut tag = [0u8; 32];
                    pooled
                        .hash_into(black_box(password), salt, &mut tag)
                        .expect("hashes");
                    black_box(tag);
                }
                start.elapsed().as_secs_f64() / PER_ROUND as f64
            };
            let (o, t) = if round % 2 == 0 {
                let o = ours();
                (o, peer_time())
            } else {
                let t = peer_time();
                (ours(), t)
            };
            best_ours = best_ours.min(o);
            best_theirs = best_theirs.min(t);
            ratios.push(o / t);
        }
        assert!(hasher.verify(&phc, "correct horse battery staple").is_ok());
        ratios.sort_by(f64::total_cmp);
        println!(
            "argon2-rust {name}: credkit best {:.2} ms, argon2-rust pooled best {:.2} ms ({:?}); \
             ratio credkit / argon2-rust: median {:.3}, best-vs-best {:.3}",
            best_ours * 1e3,
            best_theirs * 1e3,
            argon2_rust::detected_backend(),
            ratios[ratios.len() / 2],
            best_ours / best_theirs
        );
    }
}

fn main() {
    if std::env::args().skip(1).any(|a| a == "argon2-rust") {
        argon2_rust_ratios();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
