//! Single sign-on: signed, audience-bound, short-lived tokens for portals
//! that each verify on their own (Sanad-style unified login), and push
//! approval with number matching (Nafath-style app login).
//!
//! - [`token`]: compact JWS JWTs (RFC 7515, RFC 7519) issued by a
//!   [`TokenIssuer`] with an Ed25519 (`EdDSA`) or P-256 (`ES256`) key and
//!   checked by a [`TokenVerifier`] built from the issuer's published
//!   [`Jwks`], under the JWT best current practices (RFC 8725). The
//!   ordered list of checks is in [`token`].
//! - [`approval`]: [`ApprovalIssuer`] and the stored [`ApprovalRequest`];
//!   the device approves by signing [`approval_message`] with its enrolled
//!   key (Ed25519, or P-256 from a phone's secure hardware).

pub mod approval;
mod error;
pub mod token;

pub use approval::{ApprovalIssuer, ApprovalRequest, approval_message};
pub use error::SsoError;
pub use token::{
    Audience, Jwks, MAX_HEADER_LEN, MAX_JWKS_KEYS, MAX_JWKS_LEN, MAX_TOKEN_LEN, Token, TokenIssuer,
    TokenVerifier,
};
