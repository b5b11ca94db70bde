//! Digital-ID credentials: COSE_Sign1/CWT, Base45 QR text, versions, status lists.
//!
//! A credential is a COSE_Sign1 (RFC 9052, CBOR tag 18) signed with Ed25519
//! (alg EdDSA, -8) whose protected header carries the key id (`kid`, the
//! key id's UTF-8 bytes) and whose payload is a CWT claims map (RFC 8392):
//! `iss`, `sub`, `exp`, `nbf`, `iat`, `cti` and credkit's private-use claims
//! (version, status index, attributes; see [`CLAIM_VERSION`]). It travels
//! as QR text, `CK1:` + Base45 (RFC 9285) of the zlib-compressed COSE_Sign1,
//! which uses only the QR alphanumeric character set.
//!
//! - [`CredentialIssuer`] issues credentials (one, or many in parallel) and
//!   signed [`StatusList`]s.
//! - [`CredentialVerifier`] verifies them offline against a trust list
//!   ([`KeySet`](crate::sign::KeySet)), a clock skew and an optional status
//!   list, one at a time or in bulk with batch signature verification.
//! - Versions and revocation (the Absher rule): when a holder's data change,
//!   the issuer issues a credential with a higher version and a new status
//!   index, marks the old index [`Status::Superseded`] and publishes a new
//!   status list; verifiers that load it refuse the old credential.
//! - With the `qr` feature, [`qr_svg`] renders QR text as an SVG QR code.
//!
//! Decoding is bounded at every stage ([`MAX_QR_TEXT_LEN`],
//! [`MAX_COMPRESSED_LEN`], [`MAX_DECOMPRESSED_LEN`], a CBOR nesting limit,
//! [`MAX_ATTRIBUTE_DEPTH`], [`StatusList::MAX_ENTRIES`]) and every malformed
//! input gives a typed [`CredentialError`].

mod base45;
mod claims;
mod cose;
mod cwt;
mod error;
pub mod hc1;
mod issuer;
mod qr_text;
mod status_list;
#[cfg(feature = "qr")]
mod svg;
mod verifier;

pub use base45::{decode as base45_decode, encode as base45_encode};
pub use claims::{
    AttributeValue, Attributes, CLAIM_ATTRIBUTES, CLAIM_STATUS_INDEX, CLAIM_VERSION, Date,
    MAX_ATTRIBUTE_DEPTH,
};
pub use error::CredentialError;
pub use hc1::{Hc1Credential, Hc1Error, Hc1Verifier, TrustList};
pub use issuer::{CredentialIssuer, CredentialRequest};
pub(crate) use qr_text::release as release_thread_memory;
pub use qr_text::{
    MAX_COMPRESSED_LEN, MAX_DECOMPRESSED_LEN, MAX_ISSUED_QR_TEXT_LEN, MAX_QR_TEXT_LEN, QR_PREFIX,
    decode_qr_text, encode_qr_text,
};
pub use status_list::{Status, StatusList, StatusListToken};
#[cfg(feature = "qr")]
pub use svg::{QrSvg, qr_svg};
pub use verifier::{Credential, CredentialVerifier};
