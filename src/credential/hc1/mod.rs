//! The HC1 profile: verifying EU Digital COVID Certificates and WHO GDHCN
//! health credentials (`HC1:` QR text) against X.509 document signers.
//!
//! HC1 is the same stack as credkit's own CK1 credentials — COSE_Sign1
//! (RFC 9052) over a CWT (RFC 8392), zlib, Base45 (RFC 9285) — with the
//! choices of the hcert specification (eHealth Network, v1.0.5; WHO
//! "Electronic Health Certificate Specification" v1.1): the prefix
//! `HC1:`, signatures ES256 (ECDSA P-256) or PS256 (RSASSA-PSS, RSA of
//! 2048 to 4096 bits here), the payload in the hcert claim (-260), and
//! keys delivered as X.509 document-signer certificates (DSC) named by a
//! key id: the first 8 bytes of SHA-256 of the certificate's DER.
//!
//! - [`TrustList`] holds the trusted document signers by key id
//!   ([`TrustList::add_certificate`] takes DER or PEM), keeping each one's
//!   validity period and extended key usages ([`DocumentSigner`]).
//! - [`Hc1Verifier`] checks a credential: decoding (with CK1's bounds),
//!   key id, signature, `iat`/`exp`, the certificate's validity, and the
//!   certificate's extended key usage against the certificate type the
//!   credential carries. Its documentation lists the checks in order with
//!   the error of each. [`Hc1Verifier::verify_many`] runs them in
//!   parallel.
//!
//! Verification only: credkit does not issue HC1 credentials, so it holds
//! no RSA private key and never decrypts (the RSA timing issue of
//! RUSTSEC-2023-0071 concerns private-key operations).
//!
//! # Chain validation (designed, not built)
//!
//! A [`TrustList`] trusts each document signer directly, as the hcert
//! specification allows ("the primary validity mechanism is presence of
//! the certificate on the most recent version of that certificate list").
//! Verifiers that receive DSCs from a less trusted channel than their
//! country signing CAs (CSCA) need a second step, planned as
//! `TrustList::add_csca(der_or_pem)`: keep CSCAs by subject name and
//! subject key identifier; when a DSC is added, find its CSCA by issuer
//! name and authority key identifier, check the DSC's signature with the
//! CSCA's key (ECDSA P-256/P-384 or RSA PKCS#1 v1.5/PSS, bounded as
//! here), that the DSC's validity lies within the CSCA's, and that the
//! CSCA is a CA (basicConstraints) allowed to sign certificates
//! (keyUsage keyCertSign); refuse the DSC otherwise. [`DocumentSigner`]
//! keeps the DER, so the check can be made without re-reading the input.

mod certificate;
mod error;
mod trust_list;
mod value;
mod verifier;

pub use certificate::{
    CertificateTypes, DocumentSigner, MAX_CERTIFICATE_LEN, MAX_RSA_BITS, MIN_RSA_BITS, dcc_key_id,
};
pub use error::Hc1Error;
pub use trust_list::TrustList;
pub use value::HcertValue;
pub use verifier::{CLAIM_HCERT, Hc1Algorithm, Hc1Credential, Hc1Verifier, decode_hc1_text};

/// The prefix of HC1 QR text (hcert specification §4.2.2, "QR 2D Barcode").
pub const HC1_PREFIX: &str = "HC1:";
