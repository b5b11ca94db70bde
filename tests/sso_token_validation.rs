//! The token verifier's validation criteria, one table: each row a token
//! built to break one rule (the known JWT attacks of RFC 8725 section 2
//! among them) and the error it must get, through `verify` and through
//! `verify_many` (which must agree on every row).

use base64ct::{Base64UrlUnpadded, Encoding};
use credkit::sign::{P256SigningKey, SigningKey};
use credkit::sso::{Audience, Jwks, SsoError, TokenIssuer, TokenVerifier};
use serde_json::{Value, json};

const ISS: &str = "https://sso.example.jo";
const AUD: &str = "https://portal.moj.example.jo";
const NOW: u64 = 1_800_000_000;

fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn claims() -> Value {
    json!({"iss": ISS, "sub": "9871234567", "aud": AUD, "iat": NOW, "exp": NOW + 300, "jti": "abc"})
}

/// Signs `header.payload` with `sign` (raw JSON text for both).
fn token(header: &str, payload: &str, sign: &dyn Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

#[test]
fn validation_table() {
    let ed = SigningKey::from_bytes(&[1u8; 32]);
    let ec = P256SigningKey::from_bytes(&[2u8; 32]).expect("scalar");
    let mut jwks = Jwks::new();
    jwks.insert("ed", ed.verifying_key()).expect("kid");
    jwks.insert("ec", ec.verifying_key()).expect("kid");
    let verifier = TokenVerifier::new(jwks, ISS, AUD).expect("verifier");

    let ed_sign = |m: &[u8]| ed.sign(m).to_bytes().to_vec();
    let ec_sign = |m: &[u8]| ec.sign(m).to_vec();
    let c = claims().to_string();
    let with = |k: &str, v: Value| {
        let mut c = claims();
        c[k] = v;
        c.to_string()
    };
    let without = |k: &str| {
        let mut c = claims();
        c.as_object_mut().expect("object").remove(k);
        c.to_string()
    };
    // HS256 keyed with the verifier's public key bytes (CVE-2022-29217 style).
    let hs256 = |m: &[u8]| {
        use hmac::{Hmac, KeyInit, Mac};
        let mut mac =
            Hmac::<sha2::Sha256>::new_from_slice(ed.verifying_key().as_bytes()).expect("key");
        mac.update(m);
        mac.finalize().into_bytes().to_vec()
    };
    let good_ed = token(r#"{"alg":"EdDSA","kid":"ed","typ":"JWT"}"#, &c, &ed_sign);
    let mut flipped = good_ed.clone().into_bytes();
    let last = flipped.len() - 2;
    flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).expect("ascii");

    let rows: Vec<(&str, String, Result<(), SsoError>)> = vec![
        ("EdDSA ok", good_ed.clone(), Ok(())),
        (
            "Ed25519 alg name ok",
            token(r#"{"alg":"Ed25519","kid":"ed"}"#, &c, &ed_sign),
            Ok(()),
        ),
        (
            "ES256 ok",
            token(r#"{"alg":"ES256","kid":"ec"}"#, &c, &ec_sign),
            Ok(()),
        ),
        (
            "alg none",
            format!(
                "{}.{}.",
                b64(br#"{"alg":"none","kid":"ed"}"#),
                b64(c.as_bytes())
            ),
            Err(SsoError::AlgorithmNotAllowed),
        ),
        (
            "HS256 with public key",
            token(r#"{"alg":"HS256","kid":"ed"}"#, &c, &hs256),
            Err(SsoError::AlgorithmNotAllowed),
        ),
        (
            "ES256 alg on Ed25519 key",
            token(r#"{"alg":"ES256","kid":"ed"}"#, &c, &ec_sign),
            Err(SsoError::AlgorithmNotAllowed),
        ),
        (
            "EdDSA alg on P-256 key",
            token(r#"{"alg":"EdDSA","kid":"ec"}"#, &c, &ed_sign),
            Err(SsoError::AlgorithmNotAllowed),
        ),
        (
            "jwk in header",
            token(
                &format!(
                    r#"{{"alg":"EdDSA","kid":"ed","jwk":{}}}"#,
                    ed.verifying_key().to_jwk()
                ),
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "jku in header",
            token(
                r#"{"alg":"EdDSA","kid":"ed","jku":"https://evil.example/jwks"}"#,
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "x5c in header",
            token(r#"{"alg":"EdDSA","kid":"ed","x5c":["MIIB"]}"#, &c, &ed_sign),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "x5u in header",
            token(
                r#"{"alg":"EdDSA","kid":"ed","x5u":"https://evil.example/c"}"#,
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "crit",
            token(
                r#"{"alg":"EdDSA","kid":"ed","crit":["exp"],"exp":1}"#,
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "b64 false",
            token(
                r#"{"alg":"EdDSA","kid":"ed","b64":false,"crit":["b64"]}"#,
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "typ not JWT",
            token(
                r#"{"alg":"EdDSA","kid":"ed","typ":"dpop+jwt"}"#,
                &c,
                &ed_sign,
            ),
            Err(SsoError::HeaderParameterRefused),
        ),
        (
            "kid path injection",
            token(r#"{"alg":"EdDSA","kid":"../../dev/null"}"#, &c, &ed_sign),
            Err(SsoError::KeyIdUnknown),
        ),
        (
            "kid sql injection",
            token(r#"{"alg":"EdDSA","kid":"' OR '1'='1"}"#, &c, &ed_sign),
            Err(SsoError::KeyIdUnknown),
        ),
        (
            "no kid",
            token(r#"{"alg":"EdDSA"}"#, &c, &ed_sign),
            Err(SsoError::KeyIdUnknown),
        ),
        (
            "duplicate alg",
            token(r#"{"alg":"none","alg":"EdDSA","kid":"ed"}"#, &c, &ed_sign),
            Err(SsoError::TokenMalformed),
        ),
        (
            "duplicate claim",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &format!(r#"{{"aud":"x",{}"#, &c[1..]),
                &ed_sign,
            ),
            Err(SsoError::TokenMalformed),
        ),
        (
            "flipped signature",
            flipped,
            Err(SsoError::SignatureInvalid),
        ),
        (
            "signed by other key",
            token(r#"{"alg":"EdDSA","kid":"ed"}"#, &c, &|m: &[u8]| {
                SigningKey::from_bytes(&[9u8; 32])
                    .sign(m)
                    .to_bytes()
                    .to_vec()
            }),
            Err(SsoError::SignatureInvalid),
        ),
        (
            "padded base64",
            format!("{}=", good_ed),
            Err(SsoError::TokenMalformed),
        ),
        (
            "four parts",
            format!("{good_ed}.x"),
            Err(SsoError::TokenMalformed),
        ),
        (
            "too large",
            "a".repeat(credkit::sso::MAX_TOKEN_LEN + 1),
            Err(SsoError::TokenTooLarge),
        ),
        (
            "wrong issuer",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("iss", "https://evil".into()),
                &ed_sign,
            ),
            Err(SsoError::IssuerMismatch),
        ),
        (
            "wrong audience",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("aud", "https://other".into()),
                &ed_sign,
            ),
            Err(SsoError::AudienceMismatch),
        ),
        (
            "audience in list",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("aud", json!(["a", AUD])),
                &ed_sign,
            ),
            Ok(()),
        ),
        (
            "no audience",
            token(r#"{"alg":"EdDSA","kid":"ed"}"#, &without("aud"), &ed_sign),
            Err(SsoError::AudienceMismatch),
        ),
        (
            "expired beyond skew",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("exp", (NOW - 60).into()),
                &ed_sign,
            ),
            Err(SsoError::TokenExpired),
        ),
        (
            "expired within skew",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("exp", (NOW - 59).into()),
                &ed_sign,
            ),
            Ok(()),
        ),
        (
            "no exp",
            token(r#"{"alg":"EdDSA","kid":"ed"}"#, &without("exp"), &ed_sign),
            Err(SsoError::TokenMalformed),
        ),
        (
            "string exp",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("exp", "soon".into()),
                &ed_sign,
            ),
            Err(SsoError::TokenMalformed),
        ),
        (
            "nbf in future",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("nbf", (NOW + 61).into()),
                &ed_sign,
            ),
            Err(SsoError::TokenNotYetValid),
        ),
        (
            "iat in future",
            token(
                r#"{"alg":"EdDSA","kid":"ed"}"#,
                &with("iat", (NOW + 61).into()),
                &ed_sign,
            ),
            Err(SsoError::TokenNotYetValid),
        ),
    ];
    let tokens: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let many = verifier.verify_many(&tokens, NOW);
    for ((name, tok, want), batch) in rows.iter().zip(many) {
        let got = verifier.verify(tok, None, NOW).map(|_| ());
        assert_eq!(&got, want, "{name}");
        assert_eq!(batch.map(|_| ()), got, "{name}: verify_many differs");
    }

    // Lifetime and nonce rules.
    let long = token(
        r#"{"alg":"EdDSA","kid":"ed"}"#,
        &with("exp", (NOW + 7200).into()),
        &ed_sign,
    );
    let strict = verifier.clone().with_max_lifetime(3600).expect("max");
    assert_eq!(
        strict.verify(&long, None, NOW).err(),
        Some(SsoError::LifetimeTooLong)
    );
    assert!(verifier.verify(&long, None, NOW).is_ok());
    assert_eq!(
        verifier.verify(&good_ed, Some("n-1"), NOW).err(),
        Some(SsoError::NonceMismatch)
    );
}

#[test]
fn issue_verify_round_trip_and_rotation() {
    let old =
        TokenIssuer::new(SigningKey::generate().expect("rng"), "2026-10", ISS).expect("issuer");
    let new =
        TokenIssuer::new(P256SigningKey::generate().expect("rng"), "2026-11", ISS).expect("issuer");
    let mut jwks = Jwks::from_json(&old.jwks().to_json()).expect("jwks");
    jwks.merge(&Jwks::from_json(&new.jwks().to_json()).expect("jwks"))
        .expect("merge");
    let verifier = TokenVerifier::new(jwks, ISS, AUD).expect("verifier");
    let mut extra = serde_json::Map::new();
    extra.insert("acr".into(), "loa3".into());
    for issuer in [&old, &new] {
        let tok = issuer
            .issue(
                "9871234567",
                Audience::One(AUD),
                300,
                Some("n-1"),
                Some(&extra),
                NOW,
            )
            .expect("issue");
        let t = verifier
            .verify(&tok, Some("n-1"), NOW + 10)
            .expect("verify");
        assert_eq!(t.subject(), Some("9871234567"));
        assert_eq!(t.issuer(), ISS);
        assert_eq!(t.audience(), [AUD.to_owned()]);
        assert_eq!(t.expires_at(), NOW + 300);
        assert_eq!(t.key_id(), issuer.key_id());
        assert_eq!(t.claims().get("acr"), Some(&Value::from("loa3")));
        assert_eq!(t.token_id().map(str::len), Some(22));
        assert_eq!(
            verifier.verify(&tok, None, NOW + 360).err(),
            Some(SsoError::TokenExpired)
        );
    }
    let mut reserved = serde_json::Map::new();
    reserved.insert("aud".into(), "x".into());
    assert_eq!(
        old.issue("s", Audience::One(AUD), 300, None, Some(&reserved), NOW)
            .err(),
        Some(SsoError::ClaimReserved)
    );
    assert_eq!(
        old.issue("s", Audience::One(AUD), 0, None, None, NOW).err(),
        Some(SsoError::ParameterOutOfRange)
    );
    // A JWKS of unsupported keys only, or with a key lacking kid, is refused.
    assert_eq!(
        Jwks::from_json(r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"r"}]}"#).err(),
        Some(SsoError::JwksInvalid)
    );
    let no_kid = format!(
        r#"{{"keys":[{}]}}"#,
        SigningKey::generate()
            .expect("rng")
            .verifying_key()
            .to_jwk()
    );
    assert_eq!(Jwks::from_json(&no_kid).err(), Some(SsoError::JwksInvalid));
}

/// `Token::to_json` keeps every field, `from_json_unchecked` restores the
/// token field for field, and refuses text that is not such an object.
#[test]
fn token_json_round_trip() {
    let issuer =
        TokenIssuer::new(SigningKey::generate().expect("rng"), "2026-10", ISS).expect("issuer");
    let verifier = TokenVerifier::new(
        Jwks::from_json(&issuer.jwks().to_json()).expect("jwks"),
        ISS,
        AUD,
    )
    .expect("verifier");
    let mut extra = serde_json::Map::new();
    extra.insert("roles".into(), json!(["a", {"b": 1.5}, null]));
    let tok = issuer
        .issue(
            "9871234567",
            Audience::One(AUD),
            300,
            Some("n-1"),
            Some(&extra),
            NOW,
        )
        .expect("issue");
    let t = verifier.verify(&tok, Some("n-1"), NOW).expect("verify");
    let back = credkit::sso::Token::from_json_unchecked(&t.to_json()).expect("restores");
    assert_eq!(back, t);
    for bad in [
        "{}".to_owned(),
        "[]".to_owned(),
        t.to_json().replacen('{', r#"{"extra":1,"#, 1),
        t.to_json().replace(r#""exp":"#, r#""exp":-"#),
        "x".repeat(credkit::sso::MAX_TOKEN_LEN + 1),
    ] {
        assert!(
            credkit::sso::Token::from_json_unchecked(&bad).is_err(),
            "{bad:.60}"
        );
    }
}
