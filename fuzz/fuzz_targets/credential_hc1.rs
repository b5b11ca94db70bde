//! HC1 decoding and verification: `HC1:` + Base45 + zlib, then COSE_Sign1
//! (tagged or untagged), headers, key-id lookup and signature, against a
//! trust list holding the EU DCC sample's document signers (RSA-2048
//! PS256 and P-256 ES256), so inputs naming their key ids reach the
//! signature check. Every input must give a typed error or a credential,
//! never a panic or an allocation beyond the documented bounds.

#![no_main]

use std::sync::OnceLock;

use base64ct::{Base64, Encoding};
use credkit::credential::MAX_DECOMPRESSED_LEN;
use credkit::credential::hc1::{Hc1Verifier, TrustList, decode_hc1_text};
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = include_str!("../../tests/vectors/dcc-sample/cases.json");

fn verifier() -> &'static Hc1Verifier {
    static VERIFIER: OnceLock<Hc1Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let mut list = TrustList::new();
        // Each `"certificate":"<base64>"` field of the sample.
        for field in SAMPLE.split("\"certificate\":\"").skip(1) {
            let Some(b64) = field.split('"').next() else {
                continue;
            };
            if let Ok(der) = Base64::decode_vec(b64) {
                let _ = list.add_certificate(&der);
            }
        }
        assert!(list.len() >= 5);
        Hc1Verifier::new(list)
    })
}

fuzz_target!(|data: &[u8]| {
    let verifier = verifier();
    // The bytes as COSE (the raw transport), reaching the COSE parser directly.
    let _ = verifier.verify_cose(data, 1_622_000_000);
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(cose) = decode_hc1_text(text) {
        assert!(cose.len() <= MAX_DECOMPRESSED_LEN);
    }
    let prefixed = format!("HC1:{text}");
    let _ = verifier.verify(&prefixed, 1_622_000_000);
});
