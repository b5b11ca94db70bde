//! Code written against the RustCrypto traits (`password_hash`,
//! `signature`) works with credkit's types and with the peers that
//! implement the same traits: the `argon2` crate and ed25519-dalek. Each
//! side verifies what the other made.

use credkit::ed25519;
use credkit::password::{Argon2Params, PasswordHasher};
use credkit::password_hash::phc::PasswordHash;
use credkit::password_hash::{self, PasswordHasher as TraitHasher, PasswordVerifier};
use credkit::sign::{P256SigningKey, Signature, SigningKey, VerifyingKey};
use credkit::signature::{Keypair, Signer, Verifier};

/// A login backend generic over its hasher, as a framework written for the
/// `argon2`/`scrypt`/`pbkdf2` crates would have it.
fn register<H: TraitHasher<PasswordHash>>(hasher: &H, password: &str) -> String {
    hasher
        .hash_password(password.as_bytes())
        .expect("hash")
        .to_string()
}

/// The same, for a backend that stores strings.
fn register_string<H: TraitHasher<String>>(hasher: &H, password: &str) -> String {
    hasher.hash_password(password.as_bytes()).expect("hash")
}

fn login_parsed<V: PasswordVerifier<PasswordHash>>(
    verifier: &V,
    stored: &str,
    password: &str,
) -> bool {
    let parsed = PasswordHash::new(stored).expect("PHC string");
    verifier
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

fn login<V: PasswordVerifier<str> + ?Sized>(verifier: &V, stored: &str, password: &str) -> bool {
    match verifier.verify_password(password.as_bytes(), stored) {
        Ok(()) => true,
        Err(password_hash::Error::PasswordInvalid) => false,
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

/// Signs with any `Signer` of Ed25519 signatures whose keypair names its
/// verifying key, as a JOSE or COSE library would.
fn sign_generic<S>(signer: &S, msg: &[u8]) -> ed25519::Signature
where
    S: Signer<ed25519::Signature>,
{
    signer.sign(msg)
}

fn verify_generic<V: Verifier<ed25519::Signature>>(
    key: &V,
    msg: &[u8],
    sig: &ed25519::Signature,
) -> bool {
    key.verify(msg, sig).is_ok()
}

fn low_cost() -> PasswordHasher {
    PasswordHasher::new(Argon2Params::new(256, 2, 1).expect("params")).expect("hasher")
}

fn argon2_peer() -> argon2::Argon2<'static> {
    argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(256, 2, 1, Some(32)).expect("params"),
    )
}

#[test]
fn credkit_hash_verifies_in_the_argon2_crate() {
    let stored = register_string(&low_cost(), "correct horse battery staple");
    assert!(login_parsed(
        &argon2_peer(),
        &stored,
        "correct horse battery staple"
    ));
    assert!(login_parsed(
        &low_cost(),
        &stored,
        "correct horse battery staple"
    ));
    assert!(!login_parsed(&low_cost(), &stored, "wrong"));
    let stored = register(&low_cost(), "correct horse battery staple");
    assert!(
        stored.starts_with("$argon2id$v=19$m=256,t=2,p=1$"),
        "{stored}"
    );
    assert!(login(
        &argon2_peer(),
        &stored,
        "correct horse battery staple"
    ));
    assert!(!login(
        &argon2_peer(),
        &stored,
        "Correct horse battery staple"
    ));
    assert!(login(&low_cost(), &stored, "correct horse battery staple"));
}

#[test]
fn argon2_crate_hash_verifies_in_credkit() {
    let peer: PasswordHash = argon2_peer()
        .hash_password_with_salt(b"hunter2 but longer", b"saltsaltsalt")
        .expect("peer hash");
    let stored = peer.to_string();
    assert!(login(&low_cost(), &stored, "hunter2 but longer"));
    assert!(!login(&low_cost(), &stored, "hunter3 but longer"));
    // The same salt and parameters through both traits give the same string.
    let ours: String = low_cost()
        .hash_password_with_salt(b"hunter2 but longer", b"saltsaltsalt")
        .expect("hash");
    assert_eq!(ours, stored);
}

#[test]
fn a_dyn_verifier_holds_either_implementation() {
    let stored = register(&argon2_peer(), "pw pw pw pw");
    let verifiers: [&dyn PasswordVerifier<str>; 2] = [&argon2_peer(), &low_cost()];
    for v in verifiers {
        assert!(login(v, &stored, "pw pw pw pw"));
    }
}

#[test]
fn ed25519_signatures_cross_between_credkit_and_dalek() {
    let seed = [42u8; 32];
    let ours = SigningKey::from_bytes(&seed);
    let theirs = ed25519_dalek::SigningKey::from_bytes(&seed);
    let msg = b"document to sign";

    let a = sign_generic(&ours, msg);
    let b = sign_generic(&theirs, msg);
    assert_eq!(a, b, "Ed25519 is deterministic: same seed, same signature");

    let our_vk: VerifyingKey = ours.verifying_key();
    let their_vk = theirs.verifying_key();
    assert_eq!(Keypair::verifying_key(&ours), our_vk);
    assert_eq!(our_vk.to_bytes(), their_vk.to_bytes());
    for sig in [&a, &b] {
        assert!(verify_generic(&our_vk, msg, sig));
        assert!(verify_generic(&their_vk, msg, sig));
        assert!(!verify_generic(&our_vk, b"other", sig));
    }
    // credkit's own `Signature` converts both ways and verifies the same.
    let native: Signature = a.into();
    assert_eq!(native, ours.sign(msg));
    assert!(Verifier::<Signature>::verify(&our_vk, msg, &native).is_ok());
}

#[test]
fn p256_through_signer_and_verifier() {
    let sk = P256SigningKey::generate().expect("rng");
    let vk = Keypair::verifying_key(&sk);
    let sig: credkit::sign::P256Signature = sk.try_sign(b"approve").expect("sign");
    assert!(Verifier::verify(&vk, b"approve", &sig).is_ok());
    assert!(Verifier::verify(&vk, b"deny", &sig).is_err());
}
