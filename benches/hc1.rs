//! Criterion benches for `credkit::credential::hc1`: how close a whole HC1
//! verification is to the bare signature check it contains.
//!
//! - `hc1/p256_verify`: the peer, one ECDSA P-256/SHA-256 verification with
//!   the RustCrypto `p256` crate over the same `Sig_structure`, signature
//!   and key as the credential below (no decoding at all).
//! - `hc1/verify_es256`: `Hc1Verifier::verify` of one ES256 credential of
//!   the EU DCC sample (SE/2DCode/raw/1.json): Base45, zlib, COSE, key-id
//!   lookup, the same signature check, CWT, validity and key usage, and
//!   the payload handed out as data.
//! - `hc1/verify_many_es256_2_threads`: 256 copies of it through
//!   `verify_many` in a rayon pool of 2 threads (per-item throughput).
//! - `hc1/verify_ps256`: one PS256 credential (CH/2DCode/raw/1.json, RSA-2048).
//!
//! Run with `cargo bench --bench hc1`.

use std::hint::black_box;
use std::time::Duration;

use base64ct::{Base64, Encoding};
use coset::{CborSerializable, CoseSign1, TaggedCborSerializable};
use credkit::credential::hc1::{Hc1Verifier, TrustList, decode_hc1_text};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use p256::ecdsa::signature::Verifier;
use x509_cert::Certificate;
use x509_cert::der::Decode;

const BATCH: usize = 256;

struct Case {
    qr: String,
    der: Vec<u8>,
    now: u64,
}

fn case(id: &str) -> Case {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/dcc-sample/cases.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("sample")).expect("json");
    let c = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == id)
        .expect("case");
    Case {
        qr: c["prefix"].as_str().expect("qr").to_owned(),
        der: Base64::decode_vec(c["certificate"].as_str().expect("cert")).expect("base64"),
        now: c["validation_clock"].as_u64().expect("clock"),
    }
}

fn bench(c: &mut Criterion) {
    let es = case("SE/2DCode/raw/1.json");
    let ps = case("CH/2DCode/raw/1.json");
    let mut trust = TrustList::new();
    trust.add_certificate(&es.der).expect("ES256 signer");
    trust.add_certificate(&ps.der).expect("PS256 signer");
    let verifier = Hc1Verifier::new(trust);
    verifier.verify(&es.qr, es.now).expect("valid ES256");
    verifier.verify(&ps.qr, ps.now).expect("valid PS256");

    // The peer's inputs: the same key, Sig_structure and signature.
    let cert = Certificate::from_der(&es.der).expect("certificate");
    let spki = cert.tbs_certificate().subject_public_key_info();
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(
        spki.subject_public_key.as_bytes().expect("key bits"),
    )
    .expect("P-256 key");
    let cose = decode_hc1_text(&es.qr).expect("decodes");
    let sign1 = CoseSign1::from_tagged_slice(&cose)
        .or_else(|_| CoseSign1::from_slice(&cose))
        .expect("COSE_Sign1");
    let tbs = sign1.tbs_data(b"");
    let signature = p256::ecdsa::Signature::from_slice(&sign1.signature).expect("r||s");
    key.verify(&tbs, &signature).expect("peer verifies");

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let many: Vec<&str> = vec![es.qr.as_str(); BATCH];

    let mut group = c.benchmark_group("hc1");
    group.bench_function("p256_verify", |b| {
        b.iter(|| key.verify(black_box(&tbs), black_box(&signature)).is_ok());
    });
    group.bench_function("verify_es256", |b| {
        b.iter(|| verifier.verify(black_box(&es.qr), es.now).is_ok());
    });
    group.bench_function("verify_ps256", |b| {
        b.iter(|| verifier.verify(black_box(&ps.qr), ps.now).is_ok());
    });
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("verify_many_es256_2_threads", |b| {
        b.iter(|| pool.install(|| verifier.verify_many(black_box(&many), es.now)));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
