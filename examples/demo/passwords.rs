//! Password storage: register, log in, reject an unknown user in constant
//! work, upgrade parameters, rotate the pepper, migrate a legacy bcrypt hash,
//! refuse a hostile stored hash.

use credkit::password::{Argon2Params, PasswordHasher, Pepper};
use credkit::secret::SecretBytes;

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("== passwords (Argon2id) ==");
    let hasher = PasswordHasher::default();
    let stored = hasher.hash("Correct-Horse-7!")?;
    println!("register: stored {stored}");
    hasher.verify(&stored, "Correct-Horse-7!")?;
    println!("login with the right password: ok");
    let wrong = hasher.verify(&stored, "correct-horse-7!");
    println!("login with a wrong password: {}", describe(wrong));
    let unknown = hasher.dummy_verify(b"whatever");
    println!(
        "login for an unknown user (same work): {}",
        describe(unknown)
    );

    let stronger = PasswordHasher::new(Argon2Params::RFC9106_LOW_MEMORY)?;
    println!(
        "parameters raised to RFC 9106 low-memory: needs rehash = {}",
        stronger.needs_rehash(&stored)?
    );
    if let Some(upgraded) = stronger.verify_and_upgrade(&stored, "Correct-Horse-7!")? {
        println!("rehashed at next login: {upgraded}");
    }

    let v1 = Pepper::new(b"2025", SecretBytes::random(32)?)?;
    let v2 = Pepper::new(b"2026", SecretBytes::random(32)?)?;
    let peppered = PasswordHasher::builder().pepper(v1.clone()).build()?;
    let old = peppered.hash("Correct-Horse-7!")?;
    let rotated = PasswordHasher::builder()
        .retired_pepper(v1)
        .pepper(v2)
        .build()?;
    println!(
        "pepper rotated 2025 -> 2026: old hash verifies = {}, needs rehash = {}",
        rotated.verify(&old, "Correct-Horse-7!").is_ok(),
        rotated.needs_rehash(&old)?
    );

    let legacy = bcrypt::hash("Correct-Horse-7!", 6)?;
    println!("legacy bcrypt hash: {legacy}");
    if let Some(migrated) = hasher.verify_and_upgrade(&legacy, "Correct-Horse-7!")? {
        println!("migrated to: {migrated}");
    }

    let hostile = "$argon2id$v=19$m=4294967295,t=4294967295,p=16777215$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    println!(
        "hostile stored hash (4 TiB, 2^32 passes): {}",
        describe(hasher.verify(hostile, "x"))
    );
    Ok(())
}

fn describe(result: Result<(), credkit::password::PasswordError>) -> String {
    match result {
        Ok(()) => "ok".to_owned(),
        Err(e) => format!("refused ({e})"),
    }
}
