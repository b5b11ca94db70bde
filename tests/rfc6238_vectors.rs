//! RFC 6238 (TOTP) Appendix B test vectors.
//!
//! Source: `tests/vectors/rfc6238_totp.json`, transcribed from
//! <https://www.rfc-editor.org/rfc/rfc6238#appendix-B>: T0 = 0, X = 30,
//! 8 digits, HMAC-SHA-1/256/512 with seeds of 20, 32 and 64 bytes (the
//! lengths the table actually uses; RFC 6238 erratum 2866). The 6-digit
//! codes are the last six digits of the 8-digit ones (dynamic truncation
//! then mod 10^6).

use credkit::otp::{Algorithm, OtpSecret, Totp};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Vectors {
    #[serde(rename = "T0")]
    t0: u64,
    time_step: u64,
    digits: u8,
    seeds: HashMap<String, Seed>,
    tests: Vec<Case>,
}

#[derive(Deserialize)]
struct Seed {
    hex: String,
    base32: String,
}

#[derive(Deserialize)]
struct Case {
    unix_time: u64,
    #[serde(rename = "T_hex")]
    t_hex: String,
    algorithm: String,
    totp: String,
}

fn vectors() -> Vectors {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/rfc6238_totp.json"
    ))
    .expect("vector file is in the repository");
    serde_json::from_str(&text).expect("vector file is valid JSON")
}

fn totp(v: &Vectors, algorithm: &str, digits: u8) -> Totp {
    let seed = &v.seeds[algorithm];
    let secret = OtpSecret::new(hex::decode(&seed.hex).expect("hex")).expect("seed length");
    let alg = Algorithm::from_name(algorithm).expect("SHA1/SHA256/SHA512");
    Totp::new(secret, alg, digits, v.time_step, v.t0).expect("valid parameters")
}

/// All 18 rows: the step, the 8-digit code, and verification at that time.
#[test]
fn appendix_b_eight_digits() {
    let v = vectors();
    assert_eq!(v.tests.len(), 18);
    for case in &v.tests {
        let t = totp(&v, &case.algorithm, v.digits);
        let step = u64::from_str_radix(&case.t_hex, 16).expect("hex step");
        assert_eq!(t.step_at(case.unix_time), Ok(step));
        assert_eq!(
            t.generate(case.unix_time).as_deref(),
            Ok(case.totp.as_str())
        );
        assert_eq!(t.verify(&case.totp, case.unix_time, 1, None), Ok(step));
        // The step just before is not a replay of this one...
        assert_eq!(
            t.verify(&case.totp, case.unix_time, 1, Some(step - 1)),
            Ok(step)
        );
        // ...but the step itself is.
        assert!(t.verify(&case.totp, case.unix_time, 1, Some(step)).is_err());
    }
}

/// The same rows with 6 digits, and the Base32 seeds decode to the hex ones.
#[test]
fn appendix_b_six_digits_and_base32_seeds() {
    let v = vectors();
    for case in &v.tests {
        let t = totp(&v, &case.algorithm, 6);
        let six = &case.totp[2..];
        assert_eq!(t.generate(case.unix_time).as_deref(), Ok(six));
        let b32 = OtpSecret::from_base32(&v.seeds[&case.algorithm].base32).expect("base32");
        assert_eq!(b32.expose(), t.secret().expose());
    }
}

/// A non-zero T0 shifts steps: with T0 = 1000 the code at 1000 + t equals
/// the RFC code at t.
#[test]
fn nonzero_t0_shifts_steps() {
    let v = vectors();
    for case in &v.tests {
        let seed = &v.seeds[&case.algorithm];
        let secret = OtpSecret::new(hex::decode(&seed.hex).expect("hex")).expect("seed");
        let alg = Algorithm::from_name(&case.algorithm).expect("alg");
        let t = Totp::new(secret, alg, 8, 30, 1000).expect("valid");
        assert_eq!(
            t.generate(case.unix_time + 1000).as_deref(),
            Ok(case.totp.as_str())
        );
    }
}
