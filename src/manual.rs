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
//!
//! ## Module map
//!
//! | module | owns | depends on |
//! |---|---|---|
//! | [`secret`](crate::secret) | zeroize-on-drop secrets, constant-time equality, the OS random source | — |
//! | [`error`](crate::error) | the crate [`Error`](crate::Error) wrapping each module's error, [`ErrorKind`](crate::ErrorKind) | every module's error |
//! | [`password`](crate::password) | Argon2id PHC hashing (credkit's own Argon2 engine: portable, and AVX2 chosen at run time), pepper keyring, limits, legacy verification, batches | `secret` |
//! | [`policy`](crate::policy) | password and PIN rules, blocklist, breach filter, context words, national IDs | `secret`, `password` (reuse check) |
//! | [`otp`](crate::otp) | HOTP, TOTP, Base32, otpauth URIs, single-use purpose-bound codes | `secret` |
//! | [`sign`](crate::sign) | Ed25519 keys, the one verification rule, batch verification, Ed25519ph documents, trust lists | `secret` |
//! | [`credential`](crate::credential) | COSE_Sign1/CWT credentials, Base45 QR text, status lists | `sign` |
//!
//! Errors are classified by [`ErrorKind`](crate::ErrorKind): a
//! *verification* failure (well-formed input that does not check out), an
//! *invalid input* (could never verify), *API misuse* (a caller bug, never
//! caused by untrusted data), or a failure of the OS random source. The
//! Python layer maps these to `VerificationError`, `InvalidInput` (also a
//! `ValueError`), `TypeError` and `RuntimeError` at exactly one place.

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
