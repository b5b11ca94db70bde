//! HOTP, TOTP, otpauth URIs and single-use purpose-bound codes.
//!
//! - [`Hotp`] (RFC 4226) and [`Totp`] (RFC 6238) with HMAC-SHA-1, -256 and
//!   -512, 6 to 10 digits, any period and T0. `verify` computes every
//!   candidate of the window and compares each in constant time with no
//!   early exit, returns the matched counter or step, and refuses replays.
//! - [`OtpSecret`]: secrets from the OS random source (20 bytes by default,
//!   at least 10), Base32 in and out ([`base32`]), zeroized on drop.
//! - [`OtpAuthUri`]: the otpauth Key Uri Format of enrolment QR codes.
//! - [`CodeIssuer`] and [`CodeRecord`]: single-use codes bound to a subject
//!   and a purpose, with the state in a MACed record the caller stores;
//!   presets in [`CodePolicy`].
//!
//! # The window and replay protection
//!
//! TOTP accepts a code from `step - window` to `step + window` (default 1:
//! RFC 6238 §5.2 allows one step of network delay and clock drift).
//! Accepting a window means a code stays valid for up to `(2w + 1)` periods,
//! so `verify` takes the last accepted step and refuses any step at or
//! before it: a code is accepted once, and after a login no older code
//! works. HOTP takes the next unused counter and a look-ahead for
//! resynchronisation; store `matched + 1`. Persist the new step or counter
//! atomically with the login (compare-and-set), as for [`CodeRecord`].
//!
//! # Timing
//!
//! Every candidate of the window is computed and compared (steps at or
//! before the last accepted one too, then masked out); the match is folded
//! in with `subtle` and there is no early exit. The dynamic-truncation
//! offset (secret-derived) selects bytes with arithmetic masks, not an
//! index. `examples/ct_otp.rs` is a dudect-style Welch t-test of this.
//!
//! ```
//! use credkit::otp::{OtpSecret, Totp};
//!
//! let totp = Totp::with_defaults(OtpSecret::generate()?);
//! let uri = totp.to_uri("alice@example.com", Some("Example"))?; // show as QR
//! # assert!(uri.starts_with("otpauth://totp/Example:alice%40example.com?secret="));
//! let now = 1_700_000_000;
//! let code = totp.generate(now)?; // what the app shows
//! let step = totp.verify(&code, now, Totp::DEFAULT_WINDOW, None)?;
//! // Store `step`; the same code is now refused:
//! assert!(totp.verify(&code, now, Totp::DEFAULT_WINDOW, Some(step)).is_err());
//! # Ok::<(), credkit::otp::OtpError>(())
//! ```

pub mod base32;
mod code;
mod error;
mod hotp;
mod presets;
mod record;
mod secret;
mod totp;
mod uri;

pub use code::CodeIssuer;
pub use error::OtpError;
pub use hotp::{Algorithm, Hotp};
pub use presets::{CodeAlphabet, CodePolicy};
pub use record::CodeRecord;
pub use secret::OtpSecret;
pub use totp::Totp;
pub use uri::{OtpAuthUri, OtpKind};
