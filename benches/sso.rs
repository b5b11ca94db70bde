//! Criterion benches for `credkit::sso` tokens, with `jsonwebtoken` (the
//! Rust peer, RustCrypto backend) measured in the same run.
//!
//! ```sh
//! cargo bench --bench sso -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Both sides verify the same credkit-issued token with the same checks
//! (signature, `iss`, `aud`, `exp`), keys parsed up front. Ratios are
//! `credkit/...` over `jsonwebtoken/...` of the same operation.

#![allow(clippy::semicolon_if_nothing_returned)] // criterion closures read better without

use std::hint::black_box;

use credkit::sign::{AnySigningKey, P256SigningKey, SigningKey};
use credkit::sso::{Audience, Jwks, TokenIssuer, TokenVerifier};
use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

const ISS: &str = "https://sso.example.jo";
const AUD: &str = "https://portal.moj.example.jo";

#[derive(Serialize, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    iat: u64,
    exp: u64,
    jti: String,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let keys: [(&str, AnySigningKey, Algorithm); 2] = [
        (
            "Ed25519",
            SigningKey::generate().expect("rng").into(),
            Algorithm::EdDSA,
        ),
        (
            "ES256",
            P256SigningKey::generate().expect("rng").into(),
            Algorithm::ES256,
        ),
    ];
    for (name, key, alg) in keys {
        let private_pem = key.to_pem();
        let public_pem = key.verifying_key().to_pem();
        let (enc, dec) = match alg {
            Algorithm::EdDSA => (
                EncodingKey::from_ed_pem(private_pem.as_bytes()).expect("pem"),
                DecodingKey::from_ed_pem(public_pem.as_bytes()).expect("pem"),
            ),
            _ => (
                EncodingKey::from_ec_pem(private_pem.as_bytes()).expect("pem"),
                DecodingKey::from_ec_pem(public_pem.as_bytes()).expect("pem"),
            ),
        };
        let issuer = TokenIssuer::new(key, "k1", ISS).expect("issuer");
        let mut jwks = Jwks::new();
        jwks.merge(&issuer.jwks()).expect("jwks");
        let verifier = TokenVerifier::new(jwks, ISS, AUD).expect("verifier");
        let t = now();
        let token = issuer
            .issue("9871234567", Audience::One(AUD), 300, None, None, t)
            .expect("issue");
        let mut validation = Validation::new(alg);
        validation.set_audience(&[AUD]);
        validation.set_issuer(&[ISS]);
        assert!(verifier.verify(&token, None, t).is_ok());
        assert!(jsonwebtoken::decode::<Claims>(&token, &dec, &validation).is_ok());

        let mut g = c.benchmark_group(format!("sso/{name}"));
        g.bench_function("credkit/verify", |b| {
            b.iter(|| verifier.verify(black_box(&token), None, t))
        });
        g.bench_function("jsonwebtoken/verify", |b| {
            b.iter(|| jsonwebtoken::decode::<Claims>(black_box(&token), &dec, &validation))
        });
        g.bench_function("credkit/issue", |b| {
            b.iter(|| issuer.issue("9871234567", Audience::One(AUD), 300, None, None, t))
        });
        let mut header = Header::new(alg);
        header.kid = Some("k1".into());
        let claims = Claims {
            iss: ISS.into(),
            sub: "9871234567".into(),
            aud: AUD.into(),
            iat: t,
            exp: t + 300,
            jti: "0123456789abcdefghijkl".into(),
        };
        g.bench_function("jsonwebtoken/issue", |b| {
            b.iter(|| jsonwebtoken::encode(&header, black_box(&claims), &enc))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
