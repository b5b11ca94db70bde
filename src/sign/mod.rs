//! Ed25519 signatures (RFC 8032): keys, key ids and trust lists, one
//! verification rule for single and batch verification, parallel batch
//! signing and verification, and streamed document signatures (Ed25519ph).
//!
//! # The verification rule
//!
//! Every path that verifies a signature applies one rule: canonical A and
//! R, neither of small order, S < L, and the cofactored equation. The rule,
//! its sources and the reasons for each part are stated once, in [`rule`].
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
pub mod rule;
mod traits;

pub use batch::{VerifyItem, sign_many, verify_many};
pub use document::{DocumentHasher, MAX_CONTEXT_LEN, Prehash};
pub use error::SignError;
pub use keys::{Signature, SigningKey, VerifyingKey};
pub use keyset::{KeyId, KeySet};

pub use any::{AnySigningKey, AnyVerifyingKey, KeyKind};
pub use p256::{P256SigningKey, P256VerifyingKey, sign_many_p256, verify_many_p256};
pub use traits::P256Signature;
