//! QR text decoding: `CK1:` + Base45 + zlib, then the full verifier.
//! Every input must give a typed error or a credential, never a panic or an
//! allocation beyond the documented bounds.

#![no_main]

use credkit::credential::{CredentialVerifier, decode_qr_text};
use credkit::sign::{KeyId, KeySet, SigningKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(cose) = decode_qr_text(text) {
        assert!(cose.len() <= credkit::credential::MAX_DECOMPRESSED_LEN);
    }
    // Also with the prefix in place, so the Base45 and zlib stages are reached.
    let prefixed = format!("CK1:{text}");
    let _ = decode_qr_text(&prefixed);
    let mut keys = KeySet::new();
    if let Ok(id) = KeyId::new("k") {
        keys.insert(id, SigningKey::from_bytes(&[1; 32]).verifying_key());
    }
    let flat = CredentialVerifier::new(keys);
    let _ = flat.verify(text, 1_760_000_000);
    let _ = flat.verify(&prefixed, 1_760_000_000);
    // The same key bound to one issuer: credentials naming another are
    // refused by issuer, and nothing panics on the way.
    let mut bound = CredentialVerifier::default();
    let key = SigningKey::from_bytes(&[1; 32]).verifying_key();
    if bound.add_issuer_key("example-authority", "k", key).is_ok() {
        let _ = bound.verify(text, 1_760_000_000);
        let _ = bound.verify_many(&[text, prefixed.as_str()], 1_760_000_000);
    }
});
