//! Criterion benches for `credkit::policy`.
//!
//! - `policy_check`: a full `clave()` and `nist()` check of 12-20 character
//!   passwords (embedded blocklist included, context words given), against
//!   the `zxcvbn` crate's estimate of the same passwords with the same
//!   user inputs (the common alternative; a different, heavier analysis).
//! - `breach_filter`: one lookup in a filter of a million entries, by key
//!   (the filter alone) and by password (SHA-1 then lookup).
//!
//! Run: `cargo bench --bench policy`.

use std::hint::black_box;
use std::time::Duration;

use credkit::policy::{BreachFilterBuilder, Policy};
use criterion::{Criterion, criterion_group, criterion_main};

const PASSWORDS: [&str; 4] = [
    "Río-Tajo;Nube7",
    "Tortuga#Veloz2024",
    "mi clave es larga y rara",
    "Qwerty!Juan1985",
];
const CONTEXT: [&str; 3] = ["Juan", "García Núñez", "12345678Z"];

fn policy_check(c: &mut Criterion) {
    Policy::warm_up();
    let clave = Policy::clave();
    let nist = Policy::nist(false);
    let mut g = c.benchmark_group("policy_check");
    g.bench_function("credkit_clave_4_passwords", |b| {
        b.iter(|| {
            for p in PASSWORDS {
                black_box(clave.check(black_box(p), &CONTEXT));
            }
        });
    });
    g.bench_function("credkit_nist_4_passwords", |b| {
        b.iter(|| {
            for p in PASSWORDS {
                black_box(nist.check(black_box(p), &CONTEXT));
            }
        });
    });
    g.bench_function("zxcvbn_4_passwords", |b| {
        b.iter(|| {
            for p in PASSWORDS {
                black_box(zxcvbn::zxcvbn(black_box(p), &CONTEXT));
            }
        });
    });
    g.finish();
}

fn breach_filter(c: &mut Criterion) {
    let mut builder = BreachFilterBuilder::new();
    for i in 0..1_000_000 {
        builder.add_password(&format!("breached-{i}"));
    }
    let filter = builder.build().expect("builds");
    let mut g = c.benchmark_group("breach_filter");
    let mut key = 0x9e37_79b9_7f4a_7c15u64;
    g.bench_function("lookup_key_1m", |b| {
        b.iter(|| {
            key = key.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            black_box(filter.contains_key(black_box(key)))
        });
    });
    g.bench_function("lookup_password_1m", |b| {
        b.iter(|| black_box(filter.contains_password(black_box("Tortuga#Veloz2024"))));
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = policy_check, breach_filter
}
criterion_main!(benches);
