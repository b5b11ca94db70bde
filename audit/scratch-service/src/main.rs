//! A Rust service using credkit as an outside crate would: only public
//! items, the RustCrypto traits and serde. Login (hash and verify through
//! `password_hash`'s traits, off the request thread), TOTP as a second
//! factor, and an offline credential checked against a trust list that
//! arrives as JSON. Its own package (`audit/scratch-service`), depending on
//! credkit by path with only the features it uses; `scripts/test.sh` runs
//! it (`cargo run -p credkit-scratch-service`).

use std::sync::{Arc, RwLock};

use credkit::credential::{CredentialIssuer, CredentialRequest, CredentialVerifier};
use credkit::otp::{OtpSecret, Totp};
use credkit::password::{Argon2Params, PasswordHasher};
use credkit::password_hash::{PasswordHasher as _, PasswordVerifier};
use credkit::sign::{KeyId, KeySet, SigningKey, VerifyingKey};
use credkit::signature::Keypair;

/// What a service keeps in its state: everything shared behind `Arc`.
struct Service {
    hasher: Arc<PasswordHasher>,
    verifier: RwLock<Arc<CredentialVerifier>>,
}

/// Checked at compile time: the state moves into blocking closures.
fn assert_send_sync<T: Send + Sync + 'static>() {}

/// Login written against the trait, as a framework's password backend is.
fn check_password<V: PasswordVerifier<str> + ?Sized>(v: &V, stored: &str, pw: &str) -> bool {
    v.verify_password(pw.as_bytes(), stored).is_ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    assert_send_sync::<PasswordHasher>();
    assert_send_sync::<CredentialVerifier>();
    assert_send_sync::<Totp>();

    // Registration and login, off the request thread (`spawn_blocking` in
    // tokio; a plain thread here).
    let service_hasher = Arc::new(PasswordHasher::new(Argon2Params::OWASP)?);
    let hasher = Arc::clone(&service_hasher);
    let stored: String =
        std::thread::spawn(move || hasher.hash_password(b"correct horse battery staple"))
            .join()
            .map_err(|_| "hashing thread panicked")??;
    let hasher = Arc::clone(&service_hasher);
    let stored_copy = stored.clone();
    let ok = std::thread::spawn(move || {
        check_password(&*hasher, &stored_copy, "correct horse battery staple")
    })
    .join()
    .map_err(|_| "verifying thread panicked")?;
    assert!(ok);
    assert!(!check_password(&*service_hasher, &stored, "wrong"));

    // Second factor.
    let totp = Totp::with_defaults(OtpSecret::generate()?);
    let now = credkit::unix_now();
    let step = totp.verify(&totp.generate(now)?, now, 1, None)?;
    println!("password ok, TOTP step {step}");

    // An issuer publishes its key as JSON; the service reads it with serde.
    let issuer_key = SigningKey::generate()?;
    let published =
        serde_json::json!({ "kid": "authority-2026", "key": Keypair::verifying_key(&issuer_key) });
    let kid: KeyId = serde_json::from_value(published["kid"].clone())?;
    let key: VerifyingKey = serde_json::from_value(published["key"].clone())?;
    let mut keys = KeySet::new();
    keys.insert(kid, key);

    let service = Service {
        hasher: service_hasher,
        verifier: RwLock::new(Arc::new(CredentialVerifier::new(keys))),
    };
    let qr = CredentialIssuer::new(issuer_key, "authority-2026", "authority")?
        .issue(&CredentialRequest::new("1012345678", 86_400), now)?;
    let verifier = Arc::clone(&*service.verifier.read().map_err(|_| "poisoned")?);
    let credential = verifier.verify(&qr, now)?;
    println!("credential: {}", serde_json::to_string(&credential)?);
    let _ = &service.hasher;
    Ok(())
}
