//! Argon2id password hashing in PHC strings, with a pepper keyring, limits
//! on hostile stored hashes, verify-only legacy schemes, and batches.
//!
//! [`PasswordHasher`] is the entry point. It makes Argon2id version 19 PHC
//! strings, byte-compatible with the reference implementation and
//! argon2-cffi; [`Argon2Params`] holds the presets (OWASP, the default; RFC
//! 9106 low- and high-memory); [`Limits`] bounds every cost read from a
//! stored hash before any memory is allocated; [`Pepper`] and [`Keyring`]
//! add a server-side secret (Argon2's `K` input) named in the hash by a
//! `keyid` parameter.
//!
//! # Errors
//! A wrong password is [`PasswordError::VerificationFailed`]
//! ([`ErrorKind::Verification`](crate::ErrorKind::Verification)); anything
//! that could never verify is an invalid-input error.
//!
//! # Legacy hashes
//! [`PasswordHasher::verify`] also accepts, verify-only, bcrypt (`$2a$`,
//! `$2b$`, `$2y$`), scrypt (`$scrypt$ln=..,r=..,p=..$salt$hash`) and PBKDF2
//! (`$pbkdf2-sha256$`, `$pbkdf2-sha512$`, in the PHC form `i=..,l=..` with
//! standard Base64, or passlib's form with bare rounds and adapted Base64).
//! Their costs are bounded by [`Limits`] too. Such a hash always
//! [needs a rehash](PasswordHasher::needs_rehash);
//! [`PasswordHasher::verify_and_upgrade`] returns the replacement. Legacy
//! hashes are checked against the password as given, without NFKC.
//!
//! # Performance
//! Argon2 is computed by credkit's own engine, on AVX-512 or AVX2 when the
//! CPU has them (chosen at run time), prefetching each data-dependent
//! reference block.
//! Each thread keeps a pre-faulted Argon2 memory arena (wiped after every
//! use, up to 256 MiB cached; [`release_memory`](crate::release_memory)
//! frees them), and lanes run in parallel on credkit's [pool](crate::pool).

mod batch;
pub(crate) mod engine;
mod error;
mod hasher;
mod legacy;
mod params;
mod pepper;
mod phc;

pub use error::PasswordError;
pub use hasher::{PasswordHasher, PasswordHasherBuilder};
pub use params::{Argon2Params, Limits};
pub use pepper::{Keyring, Pepper};
