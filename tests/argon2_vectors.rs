//! Argon2 test vectors run through credkit's public password API.
//!
//! Sources (copied into `tests/vectors/`, see its README for licences):
//! - `argon2_reference_test_c.json`: the hash and verify-error tests of
//!   `src/test.c` in the reference implementation, P-H-C/phc-winner-argon2
//!   at commit f57e61e19229e23c4445b85494dbf7c07de721cb (CC0-1.0 OR
//!   Apache-2.0). Every encoded string must verify with its password and
//!   fail with another; every verify-error case must fail with the matching
//!   error class.
//! - `argon2_kats_summary.json`: the reference `kats/` known-answer tests,
//!   whose version-19 entries are the RFC 9106 §5 vectors (m=32, t=3, p=4,
//!   with secret and associated data). The secret is 8 bytes, shorter than
//!   credkit accepts as a pepper, so credkit's engine runs them in its unit
//!   tests (`src/password/engine.rs`), with every engine the CPU supports.

use credkit::password::{PasswordError, PasswordHasher};
use serde::Deserialize;

#[derive(Deserialize)]
struct ReferenceFile {
    hash_tests: Vec<HashTest>,
    verify_error_tests: Vec<VerifyErrorTest>,
}

#[derive(Deserialize)]
struct HashTest {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    m_cost_kib: u32,
    t_cost: u32,
    parallelism: u32,
    password: String,
    hash_hex: String,
    encoded: String,
    #[serde(rename = "requires_TEST_LARGE_RAM")]
    requires_large_ram: bool,
}

#[derive(Deserialize)]
struct VerifyErrorTest {
    encoded: String,
    password: String,
    expected_error: String,
}

fn reference() -> ReferenceFile {
    serde_json::from_str(include_str!("vectors/argon2_reference_test_c.json"))
        .expect("vector file parses")
}

/// Every reference hash test (except the 1 GiB ones the reference itself
/// gates behind TEST_LARGE_RAM) verifies through `PasswordHasher::verify`.
#[test]
fn reference_hash_tests_verify() {
    let hasher = PasswordHasher::default();
    let mut ran = 0;
    for test in reference().hash_tests {
        if test.requires_large_ram {
            continue;
        }
        let label = format!(
            "{} v{} m={} t={} p={} {}",
            test.kind, test.version, test.m_cost_kib, test.t_cost, test.parallelism, test.password
        );
        assert_eq!(
            hasher.verify(&test.encoded, &test.password),
            Ok(()),
            "{label}"
        );
        // One mismatch per parameter set is enough; skip it for the
        // 256 MiB cases to keep the suite fast.
        if test.m_cost_kib <= 65_536 {
            assert_eq!(
                hasher.verify(&test.encoded, "not the password"),
                Err(PasswordError::VerificationFailed),
                "{label}"
            );
        }
        // The tag in the encoded string is the reference's raw output.
        let tag = test.encoded.rsplit('$').next().expect("has a tag");
        let tag_hex = hex::encode(base64_decode(tag));
        assert_eq!(tag_hex, test.hash_hex, "{label}");
        // Only Argon2id v19 with 16-byte salts and 32-byte tags is current.
        assert_eq!(hasher.needs_rehash(&test.encoded), Ok(true), "{label}");
        ran += 1;
    }
    assert_eq!(ran, 24);
}

/// The reference verify-error cases fail with the matching error class.
#[test]
fn reference_verify_error_tests() {
    let hasher = PasswordHasher::default();
    for test in reference().verify_error_tests {
        let got = hasher.verify(&test.encoded, &test.password);
        let expected = match test.expected_error.as_str() {
            "ARGON2_DECODING_FAIL" => PasswordError::MalformedHash,
            "ARGON2_SALT_TOO_SHORT" => PasswordError::SaltTooShort,
            "ARGON2_VERIFY_MISMATCH" => PasswordError::VerificationFailed,
            other => panic!("unknown expected error {other}"),
        };
        assert_eq!(got, Err(expected), "{}", test.encoded);
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .expect("base64 character");
        bits = (bits << 6) | u32::try_from(v).expect("< 64");
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push(u8::try_from((bits >> nbits) & 0xff).expect("masked"));
        }
    }
    out
}
