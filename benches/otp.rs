//! Criterion benches for `credkit::otp`.
//!
//! Run: `cargo bench --bench otp`. The `hmac_sha1_one_counter` row is the
//! floor: one raw HMAC-SHA-1 of one counter (key schedule included), with
//! the `hmac`/`sha1` crates directly, in the same run. TOTP verify with
//! window 1 computes three candidates, so three HMACs is its floor; the
//! target is at most 4x the one-HMAC row.
//!
//! Never build this with `-C target-cpu=native` or a global `+avx`/`+avx2`:
//! on CPUs with SHA-NI the `sha1` crate's SHA-NI path then suffers an
//! AVX/SSE transition penalty (measured ~50x slower); the floor row would
//! show it.

use std::hint::black_box;

use credkit::otp::{Algorithm, CodeIssuer, CodePolicy, Hotp, OtpSecret, Totp};
use credkit::secret::SecretBytes;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};

const SECRET: &[u8; 20] = b"12345678901234567890";
const NOW: u64 = 1_700_000_000;

fn otp(c: &mut Criterion) {
    let totp = Totp::with_defaults(OtpSecret::from_slice(SECRET).expect("20 bytes"));
    let step = NOW / 30;
    let code_now = totp.generate(NOW).expect("after t0");
    let code_prev = totp.generate_step(step - 1);
    let mut g = c.benchmark_group("otp");

    g.bench_function("hmac_sha1_one_counter", |b| {
        b.iter(|| {
            let mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(SECRET))
                .expect("HMAC accepts keys of any length");
            black_box(mac.chain_update(black_box(step).to_be_bytes()).finalize())
        });
    });
    g.bench_function("totp_generate_sha1", |b| {
        b.iter(|| black_box(totp.generate(black_box(NOW))));
    });
    g.bench_function("totp_verify_window1_match_first", |b| {
        b.iter(|| black_box(totp.verify(black_box(&code_prev), NOW, 1, None)));
    });
    g.bench_function("totp_verify_window1_match_middle", |b| {
        b.iter(|| black_box(totp.verify(black_box(&code_now), NOW, 1, None)));
    });
    // A code matching no step of the window, held like the others.
    let nowhere = (0..1_000_000u32)
        .map(|i| format!("{i:06}"))
        .find(|c| (step - 1..=step + 1).all(|s| totp.generate_step(s) != *c))
        .expect("some 6-digit code matches no step");
    g.bench_function("totp_verify_window1_no_match", |b| {
        b.iter(|| black_box(totp.verify(black_box(&nowhere), NOW, 1, None)));
    });
    let hotp = Hotp::new(
        OtpSecret::from_slice(SECRET).expect("20 bytes"),
        Algorithm::Sha1,
        6,
    )
    .expect("6 digits");
    g.bench_function("hotp_verify_look_ahead0", |b| {
        b.iter(|| black_box(hotp.verify(black_box("755224"), 0, 0)));
    });

    let issuer = CodeIssuer::new(
        1,
        &SecretBytes::from_slice(&[7; 32]),
        CodePolicy::SIM_REGISTRATION,
    )
    .expect("32-byte key");
    let (code, record) = issuer
        .issue("1012345678", "sim-activation:provider-x", NOW)
        .expect("issued");
    g.bench_function("code_issue", |b| {
        b.iter(|| black_box(issuer.issue("1012345678", "sim-activation:provider-x", NOW)));
    });
    g.bench_function("code_redeem_right", |b| {
        b.iter_batched(
            || record.clone(),
            |mut r| {
                black_box(issuer.redeem(
                    &mut r,
                    code.expose(),
                    "1012345678",
                    "sim-activation:provider-x",
                    NOW + 1,
                ))
            },
            BatchSize::SmallInput,
        );
    });
    g.bench_function("code_redeem_wrong", |b| {
        b.iter_batched(
            || record.clone(),
            |mut r| {
                black_box(issuer.redeem(
                    &mut r,
                    "000000",
                    "1012345678",
                    "sim-activation:provider-x",
                    NOW + 1,
                ))
            },
            BatchSize::SmallInput,
        );
    });
    g.finish();
}

criterion_group!(benches, otp);
criterion_main!(benches);
