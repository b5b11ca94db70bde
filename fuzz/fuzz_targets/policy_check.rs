//! Policy checks over arbitrary text: every preset must return violations
//! (deterministically, with known codes) and never panic; national ID
//! validation must return a typed error or a fixed point.

#![no_main]

use credkit::policy::{Country, Policy, normalize_national_id};
use libfuzzer_sys::fuzz_target;

const CODES: [&str; 12] = [
    "too_short",
    "too_long",
    "missing_lowercase",
    "missing_uppercase",
    "missing_digit",
    "missing_symbol",
    "blocklisted",
    "contains_context",
    "repetitive",
    "sequential",
    "not_digits",
    "reused",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    // The first line is the password, the others are context words.
    let mut lines = text.split('\n');
    let password = lines.next().unwrap_or("");
    let context: Vec<&str> = lines.collect();
    let presets = [
        Policy::clave(),
        Policy::nist(false),
        Policy::pin(6).expect("6 is within the PIN bounds"),
    ];
    for policy in &presets {
        let a = policy.check(password, &context);
        assert_eq!(a, policy.check(password, &context));
        for v in &a {
            assert!(CODES.contains(&v.code()));
        }
    }
    for country in [Country::Es, Country::Sa, Country::Jo] {
        if let Ok(n) = normalize_national_id(text, country) {
            assert_eq!(normalize_national_id(&n, country), Ok(n.clone()));
        }
    }
});
