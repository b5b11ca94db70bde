//! Digital-ID credentials: COSE_Sign1/CWT, Base45 QR text, versions, status lists.

mod error;

pub use error::CredentialError;
