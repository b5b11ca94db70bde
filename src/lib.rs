#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "credential")]
pub mod credential;
pub mod error;
pub mod manual;
#[cfg(feature = "otp")]
pub mod otp;
#[cfg(feature = "password")]
pub mod password;
#[cfg(feature = "policy")]
pub mod policy;
// The pool runs the batch work of `password`, `policy` and `sign`; with
// none of them on, only `set_num_threads` and `release_memory` are left.
#[cfg_attr(
    not(any(feature = "password", feature = "policy", feature = "sign")),
    allow(dead_code)
)]
pub mod pool;
#[cfg(any(feature = "otp", feature = "sso"))]
mod record;
pub mod secret;
#[cfg(feature = "serde")]
mod serde_impls;
#[cfg(feature = "sign")]
pub mod sign;
#[cfg(feature = "sso")]
pub mod sso;

pub use error::{Error, ErrorCode, ErrorKind};
// The trait crates credkit implements, re-exported so that a user's
// version always matches credkit's (see `password/traits.rs`,
// `sign/traits.rs`).
#[cfg(feature = "password")]
pub use password_hash;
pub use pool::{release_memory, set_num_threads};

/// The current time as credkit's calls take it: whole seconds since the Unix
/// epoch, from the system clock.
///
/// Every call that depends on time takes `now: u64` explicitly, so tests and
/// replays can pass a fixed time and a service decides where its clock comes
/// from; `unix_now()` is the one convenience for "now" (the Python layer's
/// `now=None`). A clock set before 1970 reads as 0, which makes credentials
/// and tokens not yet valid rather than valid forever.
///
/// ```
/// # #[cfg(feature = "otp")] {
/// use credkit::otp::{OtpSecret, Totp};
/// let totp = Totp::with_defaults(OtpSecret::from_slice(b"12345678901234567890")?);
/// let now = credkit::unix_now();
/// let code = totp.generate(now)?;
/// assert!(totp.verify(&code, now, 1, None).is_ok());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
#[cfg(feature = "sign")]
pub use {ed25519, signature};
