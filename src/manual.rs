//! The credkit manual: why credkit is built the way it is.
//!
//! This module has no code. It collects the design decisions a reviewer or
//! auditor needs in one place, in the spirit of rustls's `manual`:
//!
//! - [`threat_model`]: what an attacker who reads the database, who times
//!   responses, or who submits hostile input can and cannot do, capability by
//!   capability; which operations are constant-time and how that is checked;
//!   the Ed25519 verification rule; the OTP window and replay rules; the
//!   credential and status-list rules. (It is `SECURITY.md`.)
//! - [`defaults`]: every default and bound, with the source it comes from.
//! - [`async_services`]: calling credkit from an async service (tokio,
//!   axum, actix): what blocks, hot reload of trust and status lists,
//!   time, and the memory each thread keeps.
//!
//! ## Module map
//!
//! | module | owns | depends on |
//! |---|---|---|
//! | [`secret`](crate::secret) | zeroize-on-drop secrets, constant-time equality, the OS random source | — |
//! | [`error`](crate::error) | the crate [`Error`](crate::Error) wrapping each module's error; [`ErrorKind`](crate::ErrorKind) and [`ErrorCode`](crate::ErrorCode) in the leaf files `error/kind.rs` and `error/code.rs`, which the modules import (so no import runs back up to `error`) | every module's error |
//! | [`password`](crate::password) | Argon2id PHC hashing (credkit's own Argon2 engine: portable, and AVX2 chosen at run time), pepper keyring, limits, legacy verification, batches | `secret` |
//! | [`policy`](crate::policy) | password and PIN rules, blocklist, breach filter, context words, national IDs | `secret`, `password` (reuse check) |
//! | [`otp`](crate::otp) | HOTP, TOTP, Base32, otpauth URIs, single-use purpose-bound codes | `secret` |
//! | [`sign`](crate::sign) | Ed25519 keys, the one verification rule, batch verification, Ed25519ph documents, trust lists | `secret` |
//! | [`credential`](crate::credential) | COSE_Sign1/CWT credentials, Base45 QR text, status lists | `sign` |
//!
//! Errors are classified by [`ErrorKind`](crate::ErrorKind): a
//! *verification* failure (well-formed input that does not check out), an
//! *invalid input* (could never verify), *API misuse* (a caller bug: its
//! own configuration or arguments, never untrusted data), or a failure of
//! the OS random source. The Python layer maps these to `VerificationError`,
//! `InvalidInput` (also a `ValueError`; API misuse too, told apart by its
//! `.code`) and `RuntimeError` at exactly one place.

/// The threat model and the verification rules (the repository's
/// `SECURITY.md`).
#[doc = include_str!("../SECURITY.md")]
pub mod threat_model {}

/// Every default and bound, and why it was chosen.
///
/// | setting | default / bound | why |
/// |---|---|---|
/// | Argon2id parameters | m = 19456 KiB, t = 2, p = 1 | OWASP Password Storage Cheat Sheet's first Argon2id recommendation; presets for RFC 9106 §4's low-memory (64 MiB, t = 3, p = 4) and first (2 GiB, t = 1, p = 4) recommendations |
/// | Argon2 limits on stored hashes | m ≤ 1 GiB, t ≤ 64, p ≤ 16 | a hostile or corrupted PHC string must not allocate gigabytes or run for seconds; checked before any allocation |
/// | salt, tag | 16-byte salt, 32-byte tag | RFC 9106 §3.1 (salt of 128 bits) and the reference implementation's default tag length, as argon2-cffi uses |
/// | password length | ≤ 4096 bytes (also after NFKC) | bounds hashing and normalisation cost; far above any real password |
/// | legacy schemes | bcrypt cost ≤ 14, scrypt ln ≤ 20 and r·p ≤ 64, PBKDF2 rounds ≤ 2,000,000 | verify-only migration must stay within the time budget of one login |
/// | NFKC normalisation | on | NIST SP 800-63B-4 §3.1.1.2 asks verifiers to normalise Unicode passwords; a switch turns it off for hashes made elsewhere |
/// | Cl@ve policy | 8 characters, four classes, classes waived from 16, no name/ID, not the previous password | the Cl@ve security page |
/// | NIST policy | ≥ 15 code points single-factor (8 with a second factor), ≥ 64 allowed (128 here), no composition rules, blocklist, context words | NIST SP 800-63B-4 §3.1.1.2 |
/// | PIN policy | exactly 6 digits, no repeats, runs or common PINs | the transaction PIN of a digital-ID app (Sanad) |
/// | context words | ignored under 3 characters | shorter fragments match too many passwords by chance |
/// | TOTP | 6 digits, 30 s period, window ±1 step | RFC 6238 §5.2 (one step of network delay); window bounded at 10 |
/// | HOTP look-ahead | 0 by default, ≤ 100 | RFC 4226 §7.4 resynchronisation, bounded so a verifier cannot be made to compute thousands of HMACs |
/// | OTP secret | 20 bytes, refuse < 10 | RFC 4226 §4 asks for 160 bits; some services issue 80-bit secrets |
/// | single-use codes | 5 attempts, then locked | Cl@ve locks after 5 failed attempts; SP 800-63B-4 rate limiting |
/// | SIM-registration code | 6 digits, 4 hours, single use | the Nafath/telecom SIM authentication code |
/// | credential clock skew | 300 s | offline verifiers have drifting clocks; bounded at one day |
/// | QR text | ≤ 4296 characters, decompressed ≤ 16 KiB | 4296 is the most a QR code (version 40-L) holds in alphanumeric mode; the decompression cap stops zip bombs |
/// | status list | 2 bits per entry, ≤ 2^26 entries, stale list fails closed | IETF OAuth Token Status List; an expired list could hide a revocation |
/// | Ed25519 rule | canonical A and R, S < L, small-order A and R refused, cofactored equation | the only rule under which single and randomised batch verification agree on every input (stated in [`sign::rule`](crate::sign::rule); see [`threat_model`]) |
pub mod defaults {}

/// Calling credkit from async code.
///
/// credkit has no async API and needs none: its calls are CPU work with no
/// I/O. What matters is where that work runs.
///
/// **What blocks.** An Argon2 hash or verification at the OWASP default
/// costs 15–20 ms of CPU (more at higher memory costs), a `*_many` batch
/// as long as its items take. Run them off the executor's threads:
/// `tokio::task::spawn_blocking`, or a rayon pool of your own, or
/// credkit's batch calls (which use credkit's own pool). An executor
/// thread that hashes stalls every other task scheduled on it. Signature
/// and token verification (tens of microseconds), TOTP and code checks
/// (microseconds) are fine inline.
///
/// **Share, don't copy.** [`PasswordHasher`](crate::password::PasswordHasher),
/// verifiers, issuers and key sets are `Send + Sync` and take `&self`: put
/// them in an `Arc` in the application state and move a clone into the
/// blocking closure, which must be `Send + 'static`.
///
/// **Hot reload.** Trust lists, JWKS and status lists change while the
/// service runs. Build the new [`CredentialVerifier`](crate::credential::CredentialVerifier)
/// (or `TokenVerifier`) aside, then swap an `Arc`: readers take a
/// clone of the current `Arc` (an `RwLock<Arc<_>>` held for the clone only,
/// or `arc_swap::ArcSwap` to avoid the lock), so a request in flight keeps
/// the verifier it started with and none waits for a reload. To add a status
/// list, clone the current verifier, `load_status_list` into the clone and
/// swap it in: the verifier keeps the highest version it has seen of each
/// issuer's list, so a reload cannot roll one back.
///
/// **Time.** Every call that depends on time takes `now: u64` (seconds
/// since the Unix epoch): pass [`unix_now()`](crate::unix_now) in
/// production and a fixed value in tests.
///
/// **Memory per thread.** A thread that hashed keeps its Argon2 buffer (19
/// MiB at the OWASP default, up to 256 MiB), and one that issued
/// credentials a zlib compressor. tokio's blocking pool keeps up to 512
/// threads alive for 10 s after their last task: with a large memory cost,
/// bound the number of concurrent hashes (a `Semaphore` sized to the cores)
/// and call [`release_memory`](crate::release_memory) when the service goes
/// idle; it frees the calling thread's buffers and the credkit pool's. A
/// blocking thread's own buffer is freed when that thread exits.
///
/// ```no_run
/// # #[cfg(all(feature = "password", feature = "credential"))] {
/// use std::sync::{Arc, RwLock};
/// use credkit::credential::{Credential, CredentialVerifier};
/// use credkit::password::PasswordHasher;
///
/// // Stands in for `tokio::task::spawn_blocking`, with the same bounds.
/// fn spawn_blocking<F, R>(f: F) -> std::thread::JoinHandle<R>
/// where
///     F: FnOnce() -> R + Send + 'static,
///     R: Send + 'static,
/// {
///     std::thread::spawn(f)
/// }
///
/// struct State {
///     hasher: Arc<PasswordHasher>,
///     verifier: RwLock<Arc<CredentialVerifier>>,
/// }
///
/// impl State {
///     /// In an async handler: `spawn_blocking(...).await`.
///     fn login(&self, stored: String, password: String) -> bool {
///         let hasher = Arc::clone(&self.hasher);
///         spawn_blocking(move || hasher.verify(&stored, &password).is_ok())
///             .join()
///             .unwrap_or(false)
///     }
///
///     /// Inline: a signature check is tens of microseconds.
///     fn check_qr(&self, qr: &str) -> Result<Credential, credkit::credential::CredentialError> {
///         let verifier = Arc::clone(&self.verifier.read().expect("not poisoned"));
///         verifier.verify(qr, credkit::unix_now())
///     }
///
///     /// From a reload task: build aside, swap.
///     fn reload(&self, fresh: CredentialVerifier) {
///         *self.verifier.write().expect("not poisoned") = Arc::new(fresh);
///     }
/// }
/// # }
/// ```
pub mod async_services {}
