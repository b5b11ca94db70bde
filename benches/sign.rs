//! Criterion benches for `credkit::sign`, with ed25519-dalek measured in the
//! same run as the reference.
//!
//! ```sh
//! cargo bench --bench sign                       # everything (a few minutes)
//! cargo bench --bench sign -- 'verify_many/.*/4096'  # the 4096-item group
//! cargo bench --bench sign -- ratio              # paired headline ratios (about 40 s)
//! cargo bench --bench sign -- trusted            # one trusted key, 10,000 items (about 60 s)
//! ```
//!
//! The headline ratio is `verify_many/2threads/clean/4096` (or `bad1pct`)
//! divided by `dalek/verify_loop/4096` (4096 single `VerifyingKey::verify`
//! calls on one thread, keys already parsed on both sides).

#![allow(clippy::semicolon_if_nothing_returned)] // criterion closures read better without

use std::hint::black_box;
use std::time::Duration;

use credkit::sign::{
    KeyId, KeySet, Signature, SigningKey, VerifyItem, VerifyingKey, sign_many, verify_many,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use ed25519_dalek::{Signer as _, Verifier as _};

const SIZES: [usize; 6] = [1, 8, 64, 256, 1024, 4096];

struct Batch {
    keys: Vec<VerifyingKey>,
    messages: Vec<Vec<u8>>,
    sigs: Vec<Signature>,
    dalek_keys: Vec<ed25519_dalek::VerifyingKey>,
    dalek_sigs: Vec<ed25519_dalek::Signature>,
}

/// `n` signatures by `n` distinct keys on 100-byte messages; when `bad` is
/// set, about 1 % of them (one in every 100, at least one) are well-formed
/// signatures of another message, so they fail only the equation.
fn batch(n: usize, bad: bool) -> Batch {
    let mut b = Batch {
        keys: Vec::new(),
        messages: Vec::new(),
        sigs: Vec::new(),
        dalek_keys: Vec::new(),
        dalek_sigs: Vec::new(),
    };
    for i in 0..n {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&u64::try_from(i).expect("small").to_le_bytes());
        seed[31] = 0xa5;
        let sk = SigningKey::from_bytes(&seed);
        let message: Vec<u8> = (0..100u8).map(|j| j ^ i.to_le_bytes()[0]).collect();
        let is_bad = bad && i % 100 == 50 % n.max(1);
        let sig = if is_bad {
            sk.sign(b"some other message")
        } else {
            sk.sign(&message)
        };
        b.keys.push(sk.verifying_key());
        b.dalek_keys.push(
            ed25519_dalek::VerifyingKey::from_bytes(&sk.verifying_key().to_bytes()).expect("valid"),
        );
        b.dalek_sigs
            .push(ed25519_dalek::Signature::from_bytes(&sig.to_bytes()));
        b.sigs.push(sig);
        b.messages.push(message);
    }
    b
}

fn items(b: &Batch) -> Vec<VerifyItem<'_>> {
    b.keys
        .iter()
        .zip(&b.messages)
        .zip(&b.sigs)
        .map(|((k, m), s)| VerifyItem::new(k, m, s))
        .collect()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool of 1 or 2 threads")
}

fn single(c: &mut Criterion) {
    let seed = [9u8; 32];
    let sk = SigningKey::from_bytes(&seed);
    let vk = sk.verifying_key();
    let dalek_sk = ed25519_dalek::SigningKey::from_bytes(&seed);
    let dalek_vk = dalek_sk.verifying_key();
    let msg = [0x42u8; 100];
    let sig = sk.sign(&msg);
    let dalek_sig = dalek_sk.sign(&msg);
    let mut g = c.benchmark_group("single");
    g.bench_function("credkit/sign", |bench| {
        bench.iter(|| sk.sign(black_box(&msg)))
    });
    g.bench_function("dalek/sign", |bench| {
        bench.iter(|| dalek_sk.sign(black_box(&msg)))
    });
    g.bench_function("credkit/verify", |bench| {
        bench.iter(|| vk.verify(black_box(&msg), black_box(&sig)))
    });
    g.bench_function("dalek/verify", |bench| {
        bench.iter(|| dalek_vk.verify(black_box(&msg), black_box(&dalek_sig)))
    });
    g.bench_function("dalek/verify_strict", |bench| {
        bench.iter(|| dalek_vk.verify_strict(black_box(&msg), black_box(&dalek_sig)))
    });
    let id = KeyId::derive(&vk);
    let trust: KeySet = [(id.clone(), vk)].into_iter().collect();
    g.bench_function("credkit/verify_trusted", |bench| {
        bench.iter(|| trust.verify(&id, black_box(&msg), black_box(&sig)))
    });
    g.finish();
}

fn many(c: &mut Criterion) {
    let pools = [(1, pool(1)), (2, pool(2))];
    let mut g = c.benchmark_group("verify_many");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for &n in &SIZES {
        g.throughput(Throughput::Elements(n as u64));
        let clean = batch(n, false);
        let clean_items = items(&clean);
        let bad = batch(n, true);
        let bad_items = items(&bad);
        for (threads, pool) in &pools {
            g.bench_with_input(
                BenchmarkId::new(format!("{threads}threads/clean"), n),
                &n,
                |bench, _| bench.iter(|| pool.install(|| verify_many(black_box(&clean_items)))),
            );
            if n >= 256 {
                g.bench_with_input(
                    BenchmarkId::new(format!("{threads}threads/bad1pct"), n),
                    &n,
                    |bench, _| bench.iter(|| pool.install(|| verify_many(black_box(&bad_items)))),
                );
            }
        }
        let messages: Vec<&[u8]> = clean.messages.iter().map(Vec::as_slice).collect();
        g.bench_with_input(BenchmarkId::new("dalek/verify_batch", n), &n, |bench, _| {
            bench.iter(|| {
                ed25519_dalek::verify_batch(&messages, &clean.dalek_sigs, &clean.dalek_keys)
            })
        });
        if n == 4096 || n == 256 {
            g.bench_with_input(BenchmarkId::new("dalek/verify_loop", n), &n, |bench, _| {
                bench.iter(|| {
                    clean
                        .dalek_keys
                        .iter()
                        .zip(&messages)
                        .zip(&clean.dalek_sigs)
                        .filter(|((k, m), s)| k.verify(m, s).is_ok())
                        .count()
                })
            });
        }
    }
    g.finish();
}

fn same_key(c: &mut Criterion) {
    // An issuer's own signatures audited in bulk: one key, terms coalesced.
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let vk = sk.verifying_key();
    let messages: Vec<Vec<u8>> = (0..4096u32).map(|i| i.to_le_bytes().repeat(25)).collect();
    let sigs = sign_many(&sk, &messages);
    let items: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| VerifyItem::new(&vk, m, s))
        .collect();
    let two = pool(2);
    let one = pool(1);
    let mut g = c.benchmark_group("same_key");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(4096));
    g.bench_function("verify_many/2threads/4096", |bench| {
        bench.iter(|| two.install(|| verify_many(black_box(&items))))
    });
    g.bench_function("verify_many/1threads/4096", |bench| {
        bench.iter(|| one.install(|| verify_many(black_box(&items))))
    });
    g.bench_function("sign_many/2threads/4096", |bench| {
        bench.iter(|| two.install(|| sign_many(&sk, black_box(&messages))))
    });
    g.bench_function("sign_many/1threads/4096", |bench| {
        bench.iter(|| one.install(|| sign_many(&sk, black_box(&messages))))
    });
    g.finish();
}

fn trusted_key(c: &mut Criterion) {
    // A credential verifier's load: 10,000 signatures by one trusted issuer.
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let vk = sk.verifying_key();
    let id = KeyId::derive(&vk);
    let trust: KeySet = [(id.clone(), vk)].into_iter().collect();
    let messages: Vec<Vec<u8>> = (0..10_000u32).map(|i| i.to_le_bytes().repeat(25)).collect();
    let sigs = sign_many(&sk, &messages);
    let plain: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| VerifyItem::new(&vk, m, s))
        .collect();
    let trusted: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| trust.item(&id, m, s).expect("trusted"))
        .collect();
    let (one, two) = (pool(1), pool(2));
    let mut g = c.benchmark_group("trusted_key");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(10_000));
    for (threads, pool) in [(1, &one), (2, &two)] {
        g.bench_function(
            format!("verify_many/{threads}threads/plain/10000"),
            |bench| bench.iter(|| pool.install(|| verify_many(black_box(&plain)))),
        );
        g.bench_function(
            format!("verify_many/{threads}threads/trusted/10000"),
            |bench| bench.iter(|| pool.install(|| verify_many(black_box(&trusted)))),
        );
    }
    g.bench_function("keyset_verify_loop/10000", |bench| {
        bench.iter(|| {
            messages
                .iter()
                .zip(&sigs)
                .filter(|(m, s)| trust.verify(&id, m, s).is_ok())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, single, many, same_key, trusted_key);

/// Paired rounds for one trusted issuer key, 10,000 items: `verify_many`
/// with and without the key's tables, on one and two threads, as ratios to
/// 10,000 single verifications (ed25519-dalek `verify`, and credkit's
/// `VerifyingKey::verify`) timed in the same round.
/// Run with `cargo bench --bench sign -- trusted`.
fn trusted_ratios() {
    const ROUNDS: usize = 11;
    const N: u32 = 10_000;
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let vk = sk.verifying_key();
    let id = KeyId::derive(&vk);
    let trust: KeySet = [(id.clone(), vk)].into_iter().collect();
    let dalek_vk = ed25519_dalek::VerifyingKey::from_bytes(&vk.to_bytes()).expect("valid");
    let messages: Vec<Vec<u8>> = (0..N).map(|i| i.to_le_bytes().repeat(25)).collect();
    let sigs = sign_many(&sk, &messages);
    let dalek_sigs: Vec<ed25519_dalek::Signature> = sigs
        .iter()
        .map(|s| ed25519_dalek::Signature::from_bytes(&s.to_bytes()))
        .collect();
    let plain: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| VerifyItem::new(&vk, m, s))
        .collect();
    let trusted: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&sigs)
        .map(|(m, s)| trust.item(&id, m, s).expect("trusted"))
        .collect();
    let (one, two) = (pool(1), pool(2));
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let names = [
        "credkit VerifyingKey::verify loop",
        "credkit KeySet::verify loop (tables)",
        "verify_many 1 thread, plain key",
        "verify_many 1 thread, trusted key (tables)",
        "verify_many 2 threads, plain key",
        "verify_many 2 threads, trusted key (tables)",
    ];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut best = vec![f64::MAX; names.len()];
    let mut reference = Vec::new();
    for _ in 0..ROUNDS {
        let dalek_loop = time(&|| {
            let ok = messages
                .iter()
                .zip(&dalek_sigs)
                .filter(|(m, s)| dalek_vk.verify(m, s).is_ok())
                .count();
            assert_eq!(ok, messages.len());
        });
        let all = |v: Vec<bool>| assert!(v.iter().all(|&b| b));
        let runs = [
            time(&|| {
                let ok = messages
                    .iter()
                    .zip(&sigs)
                    .filter(|(m, s)| vk.verify(m, s).is_ok());
                assert_eq!(ok.count(), messages.len());
            }),
            time(&|| {
                let ok = messages
                    .iter()
                    .zip(&sigs)
                    .filter(|(m, s)| trust.verify(&id, m, s).is_ok());
                assert_eq!(ok.count(), messages.len());
            }),
            time(&|| all(one.install(|| verify_many(&plain)))),
            time(&|| all(one.install(|| verify_many(&trusted)))),
            time(&|| all(two.install(|| verify_many(&plain)))),
            time(&|| all(two.install(|| verify_many(&trusted)))),
        ];
        for ((r, b), t) in ratios.iter_mut().zip(best.iter_mut()).zip(runs) {
            r.push(t / dalek_loop);
            *b = b.min(t);
        }
        reference.push(dalek_loop);
    }
    let best_reference = reference.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "trusted: {N} single dalek verify calls, best {:.1} ms over {ROUNDS} rounds",
        best_reference * 1e3
    );
    let best_credkit_single = best[0];
    for ((name, r), b) in names.iter().zip(ratios.iter_mut()).zip(&best) {
        r.sort_by(f64::total_cmp);
        println!(
            "trusted: {name}: median {:.3}x dalek loop, best-of-{ROUNDS} {:.3}x dalek loop, {:.3}x credkit loop",
            r[r.len() / 2],
            b / best_reference,
            b / best_credkit_single
        );
    }
}

/// Paired measurement of the headline ratios, robust to a machine whose load
/// changes during the run: each round times every contender once, back to
/// back, and the report gives the median over rounds of each per-round
/// ratio to 4096 single ed25519-dalek `verify` calls, and the ratio of the
/// best (least disturbed) time of each over the best reference time.
/// Run with `cargo bench --bench sign -- ratio`.
fn ratios() {
    const ROUNDS: usize = 31;
    let clean = batch(4096, false);
    let bad = batch(4096, true);
    let clean_items = items(&clean);
    let bad_items = items(&bad);
    let messages: Vec<&[u8]> = clean.messages.iter().map(Vec::as_slice).collect();
    let (one, two) = (pool(1), pool(2));
    let issuer = SigningKey::from_bytes(&[7u8; 32]);
    let issuer_key = issuer.verifying_key();
    let same_sigs = sign_many(&issuer, &clean.messages);
    let same_items: Vec<VerifyItem<'_>> = clean
        .messages
        .iter()
        .zip(&same_sigs)
        .map(|(m, s)| VerifyItem::new(&issuer_key, m, s))
        .collect();
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let names = [
        "verify_many 2 threads, clean",
        "verify_many 2 threads, 1 % bad",
        "verify_many 1 thread, clean",
        "verify_many 1 thread, 1 % bad",
        "dalek verify_batch (1 thread, all-or-nothing)",
        "verify_many 1 thread, clean, one key (coalesced)",
    ];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut best = vec![f64::MAX; names.len()];
    let mut reference = Vec::new();
    for _ in 0..ROUNDS {
        let dalek_loop = time(&|| {
            let ok = clean
                .dalek_keys
                .iter()
                .zip(&messages)
                .zip(&clean.dalek_sigs)
                .filter(|((k, m), s)| k.verify(m, s).is_ok())
                .count();
            assert_eq!(ok, 4096);
        });
        let runs = [
            time(&|| assert!(two.install(|| verify_many(&clean_items)).iter().all(|&b| b))),
            time(&|| {
                black_box(two.install(|| verify_many(&bad_items)));
            }),
            time(&|| assert!(one.install(|| verify_many(&clean_items)).iter().all(|&b| b))),
            time(&|| {
                black_box(one.install(|| verify_many(&bad_items)));
            }),
            time(&|| {
                assert!(
                    ed25519_dalek::verify_batch(&messages, &clean.dalek_sigs, &clean.dalek_keys)
                        .is_ok()
                );
            }),
            time(&|| assert!(one.install(|| verify_many(&same_items)).iter().all(|&b| b))),
        ];
        for ((r, b), t) in ratios.iter_mut().zip(best.iter_mut()).zip(runs) {
            r.push(t / dalek_loop);
            *b = b.min(t);
        }
        reference.push(dalek_loop);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let best_reference = reference.iter().copied().fold(f64::MAX, f64::min);
    println!(
        "ratio: 4096 single dalek verify calls, median {:.1} ms, best {:.1} ms over {ROUNDS} rounds",
        median(&mut reference) * 1e3,
        best_reference * 1e3
    );
    for ((name, r), b) in names.iter().zip(ratios.iter_mut()).zip(&best) {
        let (lo, hi) = (
            r.iter().copied().fold(f64::MAX, f64::min),
            r.iter().copied().fold(0.0, f64::max),
        );
        println!(
            "ratio: {name}: median {:.3}x (range {lo:.3}-{hi:.3}), best-of-{ROUNDS} {:.3}x",
            median(r),
            b / best_reference
        );
    }
}

fn main() {
    if std::env::args().skip(1).any(|a| a == "ratio") {
        ratios();
        return;
    }
    if std::env::args().skip(1).any(|a| a == "trusted") {
        trusted_ratios();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
