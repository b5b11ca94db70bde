//! Password and PIN policies, blocklists, context words, national ID numbers.

mod error;

pub use error::PolicyError;
