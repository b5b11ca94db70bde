//! Ed25519 keys, key ids, one verification rule for single and batch, document signatures.

mod error;

pub use error::SignError;
