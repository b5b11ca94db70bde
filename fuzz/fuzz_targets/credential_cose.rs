//! COSE_Sign1 and CWT claims decoding. The first byte picks the mode:
//! even, the input is taken as COSE_Sign1 bytes as they are; odd, the rest
//! is a claims payload that this target signs with a trusted key, so the
//! CWT and attribute decoders behind the signature check are reached.

#![no_main]

use credkit::credential::CredentialVerifier;
use credkit::sign::{KeyId, KeySet, SigningKey};
use libfuzzer_sys::fuzz_target;

/// `{1: -8, 4: h'6b'}`: alg EdDSA, kid "k".
const PROTECTED: &[u8] = &[0xa2, 0x01, 0x27, 0x04, 0x41, b'k'];

fn bstr(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = bytes.len();
    if len < 24 {
        out.push(0x40 | len as u8);
    } else if len < 256 {
        out.extend_from_slice(&[0x58, len as u8]);
    } else {
        out.push(0x59);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    }
    out.extend_from_slice(bytes);
}

fuzz_target!(|data: &[u8]| {
    let key = SigningKey::from_bytes(&[1; 32]);
    let mut keys = KeySet::new();
    if let Ok(id) = KeyId::new("k") {
        keys.insert(id, key.verifying_key());
    }
    let verifier = CredentialVerifier::new(keys);
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 || rest.len() > 60_000 {
        let _ = verifier.verify_cose(rest, 1_760_000_000);
        return;
    }
    // Sig_structure = ["Signature1", protected, h'', payload] (RFC 9052 §4.4).
    let mut tbs = vec![0x84, 0x6a];
    tbs.extend_from_slice(b"Signature1");
    bstr(&mut tbs, PROTECTED);
    tbs.push(0x40);
    bstr(&mut tbs, rest);
    let signature = key.sign(&tbs).to_bytes();
    let mut cose = vec![0xd2, 0x84];
    bstr(&mut cose, PROTECTED);
    cose.push(0xa0);
    bstr(&mut cose, rest);
    bstr(&mut cose, &signature);
    let _ = verifier.verify_cose(&cose, 1_760_000_000);
});
