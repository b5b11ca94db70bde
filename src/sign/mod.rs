//! Ed25519 signatures (RFC 8032): keys, key ids and trust lists, one
//! verification rule for single and batch verification, parallel batch
//! signing and verification, and streamed document signatures (Ed25519ph).
//!
//! # The verification rule
//!
//! Every path that verifies a signature — [`VerifyingKey::verify`],
//! [`verify_many`], [`VerifyingKey::verify_document`] — accepts a public key
//! A, message M and signature (R, S) exactly when:
//!
//! 1. A and R are **canonical** encodings: y < p = 2²⁵⁵ − 19, and the sign
//!    bit is clear when x = 0 (RFC 8032, section 5.1.3). Non-canonical
//!    encodings are refused, not reduced: a signature has one encoding.
//! 2. Neither A nor R has **small order**. A small-order key makes a
//!    signature valid for every message, and [`VerifyingKey::from_bytes`]
//!    refuses one outright.
//! 3. **S < L** (RFC 8032, section 5.1.7): no malleability through S + L.
//! 4. The **cofactored** equation holds:
//!    \[8\]\[S\]B = \[8\]R + \[8\]\[k\]A, with k = SHA-512(R ‖ A ‖ M) mod L.
//!
//! Why cofactored: single verifiers that check \[S\]B = R + \[k\]A exactly
//! (cofactorless) and batch verifiers that check a random linear combination
//! disagree on crafted signatures whose R or A carries a small torsion
//! component, and the batch answer can then depend on the random
//! coefficients and on the other signatures in the batch (Chalkias,
//! Garillot, Nikolaenko, *Taming the many EdDSAs*, 2020; ZIP 215). Under the
//! cofactored equation a batch of valid signatures always passes, so the
//! batch can use the same rule as the single path. Rules 1–3 are stricter
//! than ZIP 215 (which accepts non-canonical encodings and small-order
//! points): an identity service has no legacy signatures to stay
//! compatible with, and every honest signer produces canonical,
//! large-order values, so nothing honest is lost.
//!
//! All honest Ed25519 signatures (RFC 8032, ed25519-dalek, libsodium,
//! OpenSSL) verify; signatures are byte-identical to theirs.
//!
//! # Batches
//!
//! [`verify_many`] returns one `bool` per item rather than an error: the
//! caller must check every entry. See [`batch`] for how it finds bad
//! items and why its answers equal the single path's.

mod any;
pub mod batch;
pub(crate) mod batch_sign;
pub mod document;
pub mod encoding;
mod error;
pub(crate) mod json;
mod keys;
mod keyset;
pub mod p256;
mod precomputed;
mod rule;

pub use batch::{VerifyItem, sign_many, verify_many};
pub use document::{DocumentHasher, MAX_CONTEXT_LEN, Prehash};
pub use error::SignError;
pub use keys::{Signature, SigningKey, VerifyingKey};
pub use keyset::{KeyId, KeySet};

pub use any::{AnySigningKey, AnyVerifyingKey, KeyKind};
pub use p256::{P256SigningKey, P256VerifyingKey, sign_many_p256, verify_many_p256};
