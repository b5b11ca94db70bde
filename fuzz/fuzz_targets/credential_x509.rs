//! Document-signer certificate parsing (DER and PEM) for the HC1 trust
//! list. Every input must give a typed error or a certificate whose key id
//! is the hash of the DER it was read from, never a panic, and never any
//! big-integer work on an RSA modulus outside 2048..=4096 bits.

#![no_main]

use credkit::credential::hc1::{DocumentSigner, MAX_CERTIFICATE_LEN, TrustList, dcc_key_id};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(signer) = DocumentSigner::from_der_or_pem(data) {
        assert!(signer.der().len() <= MAX_CERTIFICATE_LEN);
        assert_eq!(signer.key_id(), dcc_key_id(signer.der()));
        assert!(matches!(signer.algorithm(), "ES256" | "PS256"));
        assert!(!signer.allowed_types().is_empty());
    }
    let mut list = TrustList::new();
    if let Ok(kid) = list.add_certificate(data) {
        assert_eq!(list.get(&kid).len(), 1);
    }
});
