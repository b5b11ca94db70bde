//! Status list decoding. The first byte picks the mode: even, the input is
//! taken as a status list token as it is; odd, the rest is a claims payload
//! that this target signs (with `typ` application/statuslist+cwt) with a
//! trusted key, so the status list decoder behind the signature check is
//! reached, zlib bitstring and all.

#![no_main]

use credkit::credential::CredentialVerifier;
use credkit::sign::{KeyId, KeySet, SigningKey};
use libfuzzer_sys::fuzz_target;

/// `{1: -8, 4: h'6b', 16: "application/statuslist+cwt"}`.
fn protected() -> Vec<u8> {
    let mut p = vec![0xa3, 0x01, 0x27, 0x04, 0x41, b'k', 0x10, 0x78, 26];
    p.extend_from_slice(b"application/statuslist+cwt");
    p
}

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
    let mut verifier = CredentialVerifier::new(keys);
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 || rest.len() > 60_000 {
        let _ = verifier.load_status_list(rest, 1_760_000_000);
        return;
    }
    let protected = protected();
    let mut tbs = vec![0x84, 0x6a];
    tbs.extend_from_slice(b"Signature1");
    bstr(&mut tbs, &protected);
    tbs.push(0x40);
    bstr(&mut tbs, rest);
    let signature = key.sign(&tbs).to_bytes();
    let mut token = vec![0xd2, 0x84];
    bstr(&mut token, &protected);
    token.push(0xa0);
    bstr(&mut token, rest);
    bstr(&mut token, &signature);
    if let Ok(list) = verifier.load_status_list(&token, 1_760_000_000) {
        let _ = list.list().get(0);
    }
});
