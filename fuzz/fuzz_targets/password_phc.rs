//! Feeds arbitrary strings to PHC parsing and verification (Argon2 and the
//! legacy schemes). Limits are tight so a string that parses stays cheap to
//! verify; any panic is a bug.
#![no_main]

use std::sync::OnceLock;

use credkit::password::{Argon2Params, Limits, PasswordHasher};
use libfuzzer_sys::fuzz_target;

fn hasher() -> &'static PasswordHasher {
    static HASHER: OnceLock<PasswordHasher> = OnceLock::new();
    HASHER.get_or_init(|| {
        PasswordHasher::builder()
            .params(Argon2Params::new(64, 1, 1).expect("valid"))
            .limits(Limits {
                max_memory_kib: 256,
                max_iterations: 2,
                max_parallelism: 4,
                max_bcrypt_cost: 4,
                max_scrypt_log_n: 6,
                max_pbkdf2_rounds: 100,
                ..Limits::DEFAULT
            })
            .build()
            .expect("valid configuration")
    })
}

fuzz_target!(|data: &[u8]| {
    // First byte splits the input into a hash string and a password.
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(split).min(rest.len());
    let (phc, password) = rest.split_at(split);
    let Ok(phc) = core::str::from_utf8(phc) else {
        return;
    };
    let h = hasher();
    let _ = h.verify_bytes(phc, password);
    let _ = h.needs_rehash(phc);
    let _ = h.verify_many(&[(phc, password)]);
});
