//! Differential: for arbitrary small Argon2 parameters (every variant, both
//! versions, 1 to 4 lanes), a tag computed by the argon2 crate must verify
//! through credkit's own engine, and the same tag with one bit flipped must
//! not. credkit's engine picks AVX-512 or AVX2 at run time when the CPU has
//! them; the unit tests in `src/password/engine.rs` also run every other
//! engine the CPU supports.
#![no_main]

use std::sync::OnceLock;

use base64ct::{Base64Unpadded, Encoding};
use credkit::password::{Argon2Params, Limits, PasswordError, PasswordHasher};
use libfuzzer_sys::fuzz_target;

fn hasher() -> &'static PasswordHasher {
    static HASHER: OnceLock<PasswordHasher> = OnceLock::new();
    HASHER.get_or_init(|| {
        PasswordHasher::builder()
            .params(Argon2Params::new(64, 1, 1).expect("valid"))
            .limits(Limits {
                max_memory_kib: 128,
                max_iterations: 3,
                max_parallelism: 4,
                ..Limits::DEFAULT
            })
            // The argon2 crate hashes the bytes as given.
            .normalize(false)
            .build()
            .expect("valid configuration")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((header, rest)) = data.split_first_chunk::<5>() else {
        return;
    };
    let (algorithm, ident) = match header[0] % 3 {
        0 => (argon2::Algorithm::Argon2d, "argon2d"),
        1 => (argon2::Algorithm::Argon2i, "argon2i"),
        _ => (argon2::Algorithm::Argon2id, "argon2id"),
    };
    let (version, v) = if header[0] & 0x80 == 0 {
        (argon2::Version::V0x13, 19)
    } else {
        (argon2::Version::V0x10, 16)
    };
    let p = u32::from(header[1] % 4) + 1;
    let m = 8 * p + u32::from(header[2] % 64);
    let t = u32::from(header[3] % 3) + 1;
    let out_len = 16 + usize::from(header[4] % 49);
    let salt_len = (8 + rest.first().map_or(0, |b| usize::from(b % 25))).min(rest.len());
    if salt_len < 8 {
        return;
    }
    let (salt, password) = rest.split_at(salt_len);
    let params = argon2::Params::new(m, t, p, Some(out_len)).expect("valid parameters");
    let mut tag = vec![0u8; out_len];
    argon2::Argon2::new(algorithm, version, params)
        .hash_password_into(password, salt, &mut tag)
        .expect("argon2 crate hashes");
    let phc = |tag: &[u8]| {
        format!(
            "${ident}$v={v}$m={m},t={t},p={p}${}${}",
            Base64Unpadded::encode_string(salt),
            Base64Unpadded::encode_string(tag)
        )
    };
    let h = hasher();
    assert_eq!(h.verify_bytes(&phc(&tag), password), Ok(()));
    let bit = usize::from(header[4]) % (8 * out_len);
    tag[bit / 8] ^= 1 << (bit % 8);
    assert_eq!(
        h.verify_bytes(&phc(&tag), password),
        Err(PasswordError::VerificationFailed)
    );
});
