//! Breached-password filter files: arbitrary bytes must load into a valid
//! filter or give a typed error, never panic; a loaded filter answers
//! lookups. Also feeds the input as Pwned Passwords lines, builds, reloads
//! the result, and reloads it with one byte altered.

#![no_main]

use credkit::policy::{BreachFilter, BreachFilterBuilder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(f) = BreachFilter::from_bytes(data.to_vec()) {
        let _ = f.contains_password("password");
        let _ = f.contains_key(u64::MAX);
    }
    let mut builder = BreachFilterBuilder::new();
    for line in data.split(|b| *b == b'\n') {
        let _ = builder.add_pwned_line(line);
    }
    if let Ok(f) = builder.build() {
        let bytes = f.to_vec().expect("in memory");
        assert!(BreachFilter::from_bytes(bytes.clone()).is_ok());
        if let (Some(&first), false) = (data.first(), bytes.is_empty()) {
            let mut mutated = bytes;
            let at = usize::from(first) * 7 % mutated.len();
            mutated[at] ^= data.get(1).copied().unwrap_or(1) | 1;
            let _ = BreachFilter::from_bytes(mutated);
        }
    }
});
