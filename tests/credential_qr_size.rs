//! The QR code a typical digital ID needs: name in Arabic and Latin script,
//! ID number, nationality, date of birth, expiry and a SHA-256 photo hash,
//! plus credkit's version and status index and a random credential id.
//! Rendered in alphanumeric mode at error correction Q.

#![cfg(feature = "qr")]

use credkit::credential::{CredentialIssuer, CredentialRequest, Date, qr_svg};
use credkit::sign::SigningKey;
use sha2::{Digest, Sha256};

#[test]
fn typical_id_qr_version() {
    let issuer = CredentialIssuer::new(
        SigningKey::from_bytes(&[7; 32]),
        "kid-2026",
        "example-authority",
    )
    .expect("valid");
    let request = CredentialRequest::new("1012345678", 5 * 365 * 86_400)
        .status_index(123_456)
        .attribute("name", "Mohammed Abdullah Al-Qahtani")
        .attribute("name_ar", "محمد عبدالله القحطاني")
        .attribute("nationality", "SAU")
        .attribute("dob", Date::new(1990, 5, 17).expect("valid"))
        .attribute("id_expiry", Date::new(2031, 5, 17).expect("valid"))
        .attribute("photo_sha256", Sha256::digest(b"holder photo").to_vec());
    let qr = issuer.issue(&request, 1_760_000_000).expect("issues");
    let svg = qr_svg(&qr, 4).expect("renders");
    println!(
        "typical ID: {} characters, QR version {}",
        qr.len(),
        svg.version()
    );
    // Measured: 561 characters, version 18 (89 x 89 modules). The 64-byte
    // signature, 16-byte random credential id and 32-byte photo hash do not
    // compress; the random id can move the length by a few characters.
    assert!(qr.len() <= 600, "{}", qr.len());
    assert!(svg.version() <= 19, "{}", svg.version());
}
