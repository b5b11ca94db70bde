//! Criterion benches for `credkit::credential`.
//!
//! - `credential/issue_one`, `credential/verify_one`: one typical digital ID
//!   (Arabic and Latin name, ID number, nationality, dates, photo hash).
//! - `credential_alg/*`: the same ID issued and verified as CK1 with EdDSA
//!   (Ed25519) and with ES256 (P-256, COSE alg -7), in the same run.
//! - `credential_10k/*`: 10,000 such credentials verified one by one
//!   (`single`, the peer path: `CredentialVerifier::verify` in a loop) and
//!   with `verify_many` in rayon pools of 1 and 2 threads, in the same run.
//!
//! - `issue_vs_verify/*`: 1,024 such credentials issued one by one with
//!   `issue` (the path `issue_many` took before it signed in groups),
//!   with `issue_many`, and verified with `verify_many`, all on one thread
//!   in the same run: the issue's target is issuing at no more CPU than
//!   verifying.
//!
//! The QR text length and QR version of the typical ID are printed first.
//! Run with `cargo bench --features qr --bench credential` (the feature
//! only adds the QR version line).

use std::hint::black_box;
use std::time::Duration;

use credkit::credential::{CredentialIssuer, CredentialRequest, CredentialVerifier, Date};
use credkit::sign::{KeyId, KeySet, P256SigningKey, SigningKey};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};

const NOW: u64 = 1_760_000_000;
const N: usize = 10_000;

fn typical_id(index: u64) -> CredentialRequest {
    CredentialRequest::new(format!("10{:08}", index), 5 * 365 * 86_400)
        .version(1)
        .status_index(index)
        .attribute("name", "Mohammed Abdullah Al-Qahtani")
        .attribute("name_ar", "محمد عبدالله القحطاني")
        .attribute("nationality", "SAU")
        .attribute("dob", Date::new(1990, 5, 17).expect("valid date"))
        .attribute("id_expiry", Date::new(2031, 5, 17).expect("valid date"))
        .attribute("photo_sha256", Sha256::digest(b"holder photo").to_vec())
}

fn setup() -> (CredentialIssuer, CredentialVerifier) {
    let key = SigningKey::from_bytes(&[7; 32]);
    let mut keys = KeySet::new();
    keys.insert(KeyId::new("kid-2026").expect("valid"), key.verifying_key());
    let issuer = CredentialIssuer::new(key, "kid-2026", "example-authority").expect("valid");
    (issuer, CredentialVerifier::new(keys))
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

fn bench(c: &mut Criterion) {
    let (issuer, verifier) = setup();
    let qr = issuer.issue(&typical_id(1), NOW).expect("issues");
    eprintln!("typical ID: {} characters of QR text", qr.len());
    #[cfg(feature = "qr")]
    if let Ok(svg) = credkit::credential::qr_svg(&qr, 4) {
        eprintln!(
            "typical ID: QR version {} ({} modules) at error correction Q",
            svg.version(),
            svg.modules()
        );
    }

    let mut one = c.benchmark_group("credential");
    one.bench_function("issue_one", |b| {
        b.iter(|| issuer.issue(black_box(&typical_id(1)), NOW));
    });
    one.bench_function("verify_one", |b| {
        b.iter(|| verifier.verify(black_box(&qr), NOW));
    });
    // The parts of verify_one: QR text to COSE bytes, then the rest.
    let cose = credkit::credential::decode_qr_text(&qr).expect("decodes");
    one.bench_function("decode_qr_text", |b| {
        b.iter(|| credkit::credential::decode_qr_text(black_box(&qr)));
    });
    one.bench_function("verify_cose", |b| {
        b.iter(|| verifier.verify_cose(black_box(&cose), NOW));
    });
    one.finish();

    let p256 = P256SigningKey::from_bytes(&[7; 32]).expect("valid scalar");
    let es_issuer =
        CredentialIssuer::new(p256.clone(), "kid-p256", "example-authority").expect("valid");
    let mut es_verifier = CredentialVerifier::default();
    es_verifier
        .add_key("kid-p256", p256.verifying_key())
        .expect("valid");
    let es_qr = es_issuer.issue(&typical_id(1), NOW).expect("issues");
    let mut alg = c.benchmark_group("credential_alg");
    alg.bench_function("issue/eddsa", |b| {
        b.iter(|| issuer.issue(black_box(&typical_id(1)), NOW));
    });
    alg.bench_function("issue/es256", |b| {
        b.iter(|| es_issuer.issue(black_box(&typical_id(1)), NOW));
    });
    alg.bench_function("verify/eddsa", |b| {
        b.iter(|| verifier.verify(black_box(&qr), NOW));
    });
    alg.bench_function("verify/es256", |b| {
        b.iter(|| es_verifier.verify(black_box(&es_qr), NOW));
    });
    alg.finish();

    let requests: Vec<CredentialRequest> = (0..N as u64).map(typical_id).collect();
    let qrs: Vec<String> = issuer
        .issue_many(&requests, NOW)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("issues");
    let mut bulk = c.benchmark_group("credential_10k");
    bulk.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(N as u64));
    bulk.bench_function("single", |b| {
        b.iter(|| {
            qrs.iter()
                .map(|q| verifier.verify(q, NOW).is_ok())
                .filter(|ok| *ok)
                .count()
        });
    });
    for threads in [1, 2] {
        let pool = pool(threads);
        bulk.bench_function(format!("verify_many_{threads}_thread"), |b| {
            b.iter(|| {
                pool.install(|| verifier.verify_many(black_box(&qrs), NOW))
                    .iter()
                    .filter(|r| r.is_ok())
                    .count()
            });
        });
    }
    bulk.finish();

    // Issuing against verifying, per credential, on one thread (rayon
    // calls inside a 1-thread pool run in place): CPU time equals wall time.
    let one_thread = pool(1);
    let batch = &requests[..1024];
    let batch_qrs = &qrs[..1024];
    let mut versus = c.benchmark_group("issue_vs_verify");
    versus
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(batch.len() as u64));
    versus.bench_function("issue_one_by_one", |b| {
        b.iter(|| {
            batch
                .iter()
                .filter(|r| issuer.issue(black_box(r), NOW).is_ok())
                .count()
        });
    });
    versus.bench_function("issue_many", |b| {
        b.iter(|| one_thread.install(|| issuer.issue_many(black_box(batch), NOW)));
    });
    versus.bench_function("verify_many", |b| {
        b.iter(|| one_thread.install(|| verifier.verify_many(black_box(batch_qrs), NOW)));
    });
    versus.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
