//! Constant-time evidence for `credkit::otp`: a dudect-style harness
//! (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?",
//! DATE 2017) with its own Welch t-test.
//!
//! Run (release, never with `-C target-cpu=native`):
//!
//! ```sh
//! cargo run --release --example ct_otp            # 400000 measurements per experiment
//! cargo run --release --example ct_otp -- 2000000 # more measurements
//! ```
//!
//! Each experiment times one operation on inputs of two classes, choosing
//! the class of every measurement at random (so drift and interrupts hit
//! both classes alike), and computes Welch's t statistic between the two
//! timing distributions: on all measurements, and on the measurements below
//! the 50th, 90th and 99th percentiles (dudect's cropping, which removes the
//! long tail that preemption adds). `|t|` measures how distinguishable the
//! classes are: dudect treats `|t| < 4.5` as no evidence of a leak at that
//! number of measurements, and `|t| > 10` as a definite leak. A small `|t|`
//! is evidence, not proof: it says this many measurements on this machine
//! could not tell the classes apart.
//!
//! Experiments:
//! - TOTP verify (window 1): the code matches at the first step, at the
//!   last step, or nowhere — three pairs; and two pairs where both classes
//!   are refused: nowhere vs malformed (a non-digit), and a replayed code
//!   (matches a step at or before `last_step`) vs nowhere. Pairs with one
//!   accepting and one refusing class also time the different return
//!   value (`Ok(step)` vs `Err`), which the caller learns anyway; the
//!   refused-vs-refused and first-vs-last pairs isolate what must not leak.
//! - `CodeIssuer::redeem`: the right code vs a wrong code (on a fresh copy
//!   of the record each time).
//!
//! Not a CI test: timing on a shared machine is noisy.

// Timing statistics convert nanosecond counts and sample sizes between
// integers and floats; precision loss there is irrelevant to the result.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use std::hint::black_box;
use std::time::Instant;

use credkit::otp::{CodeIssuer, CodePolicy, OtpSecret, Totp};
use credkit::secret::{SecretBytes, fill_random};

/// Welford running mean and variance.
#[derive(Clone, Copy, Default)]
struct Stats {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Stats {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    fn var(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            self.m2 / (self.n - 1.0)
        }
    }
}

/// Welch's t between two samples.
fn welch(a: &Stats, b: &Stats) -> f64 {
    let se = (a.var() / a.n + b.var() / b.n).sqrt();
    if se == 0.0 {
        0.0
    } else {
        (a.mean - b.mean) / se
    }
}

/// t statistics: raw and cropped below the 50th, 90th, 99th percentiles
/// of the pooled measurements.
fn t_values(samples: &[(u8, u64)]) -> ([f64; 4], f64) {
    let mut sorted: Vec<u64> = samples.iter().map(|&(_, t)| t).collect();
    sorted.sort_unstable();
    let pct = |p: f64| {
        let i = ((sorted.len() as f64 - 1.0) * p) as usize;
        sorted[i]
    };
    let thresholds = [u64::MAX, pct(0.50), pct(0.90), pct(0.99)];
    let mut diff = 0.0;
    let ts = thresholds.map(|limit| {
        let mut s = [Stats::default(); 2];
        for &(class, t) in samples {
            if t <= limit {
                s[usize::from(class)].push(t as f64);
            }
        }
        if limit == thresholds[2] {
            diff = s[0].mean - s[1].mean;
        }
        welch(&s[0], &s[1])
    });
    (ts, diff)
}

/// Runs `n` measurements with random classes, after a warm-up. For each
/// measurement, `prepare(class, buf)` writes the class's input into the one
/// shared buffer outside the timed region, so both classes are timed on the
/// same memory; only `op(buf)` is timed.
fn measure(
    n: usize,
    mut prepare: impl FnMut(u8, &mut String),
    mut op: impl FnMut(&str),
) -> Vec<(u8, u64)> {
    let mut coins = vec![0u8; n + n / 10];
    fill_random(&mut coins).expect("os rng");
    let mut buf = String::with_capacity(64);
    let mut out = Vec::with_capacity(n);
    for (i, &coin) in coins.iter().enumerate() {
        let class = coin & 1;
        prepare(class, &mut buf);
        let start = Instant::now();
        op(black_box(&buf));
        let elapsed = start.elapsed().as_nanos() as u64;
        if i >= n / 10 {
            out.push((class, elapsed));
        }
    }
    out
}

fn report(name: &str, samples: &[(u8, u64)]) {
    let ([raw, p50, p90, p99], diff) = t_values(samples);
    let mean: f64 = samples.iter().map(|&(_, t)| t as f64).sum::<f64>() / samples.len() as f64;
    let max = [raw, p50, p90, p99]
        .iter()
        .fold(0.0f64, |m, t| m.max(t.abs()));
    let verdict = if max < 4.5 {
        "no evidence of a leak"
    } else if max < 10.0 {
        "inconclusive (rerun; noise or a small leak)"
    } else {
        "LEAK"
    };
    println!(
        "{name:<38} n={:<7} mean={mean:>6.0}ns diff(<p90)={diff:>+6.1}ns t(all)={raw:>6.2} t(<p50)={p50:>6.2} t(<p90)={p90:>6.2} t(<p99)={p99:>6.2} max|t|={max:>5.2} {verdict}",
        samples.len()
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(400_000);
    println!(
        "dudect-style Welch t-test, {n} measurements per experiment (|t| < 4.5: no evidence of a leak)"
    );

    let secret = OtpSecret::generate().expect("os rng");
    let totp = Totp::with_defaults(secret);
    let now = 1_700_000_000u64;
    let step = now / 30;
    let first = totp.generate_step(step - 1);
    let last = totp.generate_step(step + 1);
    // A code that matches no step of the window.
    let nowhere = (0..1_000_000u32)
        .map(|i| format!("{i:06}"))
        .find(|c| (step - 1..=step + 1).all(|s| totp.generate_step(s) != *c))
        .expect("some 6-digit code matches no step");

    // A code of the right length with a non-digit, and a code that matches
    // the first step but is refused as a replay (last_step masks it).
    let malformed = format!("{}x", &nowhere[..5]);
    let pairs: [(&str, &str, &str, Option<u64>); 5] = [
        ("totp verify: first step vs last step", &first, &last, None),
        ("totp verify: first step vs nowhere", &first, &nowhere, None),
        ("totp verify: last step vs nowhere", &last, &nowhere, None),
        (
            "totp verify: nowhere vs malformed",
            &nowhere,
            &malformed,
            None,
        ),
        (
            "totp verify: replayed vs nowhere",
            &first,
            &nowhere,
            Some(step - 1),
        ),
    ];
    for (name, a, b, last_step) in pairs {
        let samples = measure(
            n,
            |class, buf| {
                buf.clear();
                buf.push_str(if class == 0 { a } else { b });
            },
            |code| {
                let _ = black_box(totp.verify(code, now, 1, last_step));
            },
        );
        report(name, &samples);
    }

    let issuer = CodeIssuer::new(
        1,
        &SecretBytes::random(32).expect("os rng"),
        CodePolicy::SIM_REGISTRATION,
    )
    .expect("32-byte key");
    let (code, record) = issuer
        .issue("1012345678", "sim-activation:provider-x", now)
        .expect("issued");
    let right = code.expose().to_owned();
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    }
    .to_owned();
    // Fresh copies of the record are made outside the timed region.
    let slot = std::cell::RefCell::new(record.clone());
    let samples = measure(
        n,
        |class, buf| {
            *slot.borrow_mut() = record.clone();
            buf.clear();
            buf.push_str(if class == 0 { &right } else { &wrong });
        },
        |code| {
            let _ = black_box(issuer.redeem(
                &mut slot.borrow_mut(),
                code,
                "1012345678",
                "sim-activation:provider-x",
                now + 1,
            ));
        },
    );
    report("redeem: right code vs wrong code", &samples);
}
