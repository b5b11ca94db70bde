//! SECURITY.md says credkit wipes every copy of a password it makes. This
//! checks it: every heap block freed while credkit checks or hashes a
//! password is scanned for the password (and for its normalised and
//! lowercased forms), and none may hold it.
//!
//! Review finding: `nfkc().collect::<String>()` and `chars().collect()`
//! grew their buffers step by step, and each step freed a block holding
//! the password that `Zeroizing` never saw (1–2 per call).

use credkit::password::{Argon2Params, PasswordHasher};
use credkit::policy::Policy;
use credkit_freed_memory_audit::{ScanningAllocator, freed_copies};

#[global_allocator]
static ALLOCATOR: ScanningAllocator = ScanningAllocator;

/// The allocator is global: tests take turns so one test's frees are not
/// counted in another's window.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Fullwidth letters (NFKC maps them to ASCII), then a long ASCII tail: the
/// tail survives normalisation and lowercasing, so it is the needle.
fn password() -> String {
    let mut p = String::from("\u{FF23}\u{FF4F}\u{FF52}\u{FF52}\u{FF45}\u{FF43}\u{FF54}-");
    p.push_str("horse-zebra-battery-staple-quokka-tarn");
    p
}

/// Short enough that a partly grown buffer already holds it.
const NEEDLE: &str = "horse-zebra";

fn hasher() -> PasswordHasher {
    PasswordHasher::new(Argon2Params::new(64, 1, 1).expect("valid")).expect("valid")
}

#[test]
fn policy_check_leaves_no_copy() {
    let _turn = serial();
    let password = password();
    for policy in [Policy::clave(), Policy::nist(false)] {
        let copies = freed_copies(NEEDLE, || {
            let _ = policy.check(&password, &["Juan", "García"]);
        });
        assert_eq!(copies, 0, "freed blocks holding the password");
    }
}

#[test]
fn hashing_and_verifying_leave_no_copy() {
    let _turn = serial();
    let password = password();
    let hasher = hasher();
    let stored = hasher.hash(&password).expect("hashes");
    let copies = freed_copies(NEEDLE, || {
        let _ = hasher.hash(&password);
        let _ = hasher.verify(&stored, &password);
        let _ = hasher.verify_and_upgrade(&stored, &password);
    });
    assert_eq!(copies, 0, "freed blocks holding the password");
}

#[test]
fn check_with_previous_leaves_no_copy() {
    let _turn = serial();
    let password = password();
    let hasher = hasher();
    let stored = hasher.hash("an older password entirely").expect("hashes");
    let policy = Policy::clave();
    let copies = freed_copies(NEEDLE, || {
        let _ = policy.check_with_previous(&password, &["Juan"], &hasher, &stored);
    });
    assert_eq!(copies, 0, "freed blocks holding the password");
}

/// The scanner itself works: a growing String that is not wiped is found.
#[test]
fn the_scanner_finds_an_unwiped_copy() {
    let _turn = serial();
    let copies = freed_copies(NEEDLE, || {
        let mut grown = String::new();
        for c in password().chars() {
            grown.push(c);
        }
        drop(std::hint::black_box(grown));
    });
    assert!(copies >= 1, "{copies}");
}
