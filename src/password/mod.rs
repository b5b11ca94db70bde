//! Argon2id password hashing in PHC strings, pepper, limits, legacy verification, batches.

mod error;

pub use error::PasswordError;
