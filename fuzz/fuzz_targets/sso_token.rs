//! Token parsing and verification. The first byte picks the mode: even,
//! the rest is taken as a token as it is (header, base64url and signature
//! parsing); odd, the rest is split at the first 0 byte into a header and a
//! claims set that this target signs with a trusted key, so the header
//! rules and the claims decoder behind the signature check are reached.
//! Every token also goes through `verify_many`, which must agree with
//! `verify`. JWKS parsing and key decoding are fuzzed on the same input.

#![no_main]

use base64ct::{Base64UrlUnpadded, Encoding};
use credkit::sign::{AnyVerifyingKey, SigningKey};
use credkit::sso::{Jwks, TokenVerifier};
use libfuzzer_sys::fuzz_target;

const NOW: u64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let key = SigningKey::from_bytes(&[1; 32]);
    let mut jwks = Jwks::new();
    if jwks.insert("k", key.verifying_key()).is_err() {
        return;
    }
    let Ok(verifier) = TokenVerifier::new(jwks, "iss", "aud") else {
        return;
    };
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let split = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
        let (header, claims) = rest.split_at(split);
        let claims = claims.get(1..).unwrap_or_default();
        let input = format!(
            "{}.{}",
            Base64UrlUnpadded::encode_string(header),
            Base64UrlUnpadded::encode_string(claims)
        );
        let sig = key.sign(input.as_bytes()).to_bytes();
        format!("{input}.{}", Base64UrlUnpadded::encode_string(&sig))
    };
    let single = verifier.verify(&token, Some("n"), NOW).map(|_| ());
    let no_nonce = verifier.verify(&token, None, NOW);
    let many = verifier.verify_many(&[token.as_str()], NOW);
    assert_eq!(many.len(), 1);
    assert_eq!(many[0], no_nonce, "verify_many differs from verify");
    let _ = single;

    if let Ok(text) = core::str::from_utf8(rest) {
        let _ = Jwks::from_json(text);
        let _ = AnyVerifyingKey::from_jwk(text);
        let _ = AnyVerifyingKey::from_pem(text);
    }
    let _ = AnyVerifyingKey::from_spki_der(rest);
});
