//! The `serde` feature: each public data type round-trips through
//! serde_json, its JSON is the wire form a service expects (base64url,
//! JWK, PHC parameters), and what must not deserialize does not.
#![cfg(feature = "serde")]

use credkit::credential::{CredentialIssuer, CredentialRequest, CredentialVerifier};
use credkit::otp::{CodeIssuer, CodePolicy, CodeRecord};
use credkit::password::Argon2Params;
use credkit::policy::{Policy, Violation};
use credkit::secret::SecretBytes;
use credkit::sign::{
    AnyVerifyingKey, KeyId, KeySet, P256SigningKey, Signature, SigningKey, VerifyingKey,
};
use serde_json::{Value, json};

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(value).expect("serialize")).expect("deserialize")
}

#[test]
fn verifying_key_is_base64url_and_checked_on_the_way_in() {
    // RFC 8032 section 7.1, test 1.
    let sk = SigningKey::from_bytes(
        &hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .expect("hex")
            .try_into()
            .expect("32 bytes"),
    );
    let vk = sk.verifying_key();
    assert_eq!(
        serde_json::to_value(vk).expect("json"),
        json!("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
    );
    assert_eq!(round_trip(&vk), vk);
    // Padded, standard alphabet, wrong length, small order: refused.
    for bad in [
        "\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"",
        "\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo\"",
        "\"AAAA\"",
        "\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
    ] {
        assert!(serde_json::from_str::<VerifyingKey>(bad).is_err(), "{bad}");
    }
    let sig = sk.sign(b"");
    let text = serde_json::to_value(sig).expect("json");
    assert_eq!(text.as_str().map(str::len), Some(86));
    assert_eq!(round_trip(&sig), sig);
    assert!(serde_json::from_str::<Signature>("\"AAAA\"").is_err());
}

#[test]
fn keys_in_jwk_form_match_to_jwk() {
    let p = P256SigningKey::generate().expect("rng").verifying_key();
    let json = serde_json::to_value(p).expect("json");
    let expected: Value = serde_json::from_str(&p.to_jwk()).expect("jwk");
    assert_eq!(json, expected);
    assert_eq!(json["kty"], "EC");
    assert_eq!(json["crv"], "P-256");
    assert_eq!(round_trip(&p), p);

    let any = AnyVerifyingKey::from(SigningKey::generate().expect("rng").verifying_key());
    let json = serde_json::to_value(any).expect("json");
    assert_eq!(json["kty"], "OKP");
    assert_eq!(json["crv"], "Ed25519");
    assert_eq!(round_trip(&any), any);
    // A private JWK is refused, as by from_jwk.
    let mut private = json.clone();
    private["d"] = json!("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
    assert!(serde_json::from_value::<AnyVerifyingKey>(private).is_err());

    let id = KeyId::new("kid-2026").expect("id");
    assert_eq!(serde_json::to_value(&id).expect("json"), json!("kid-2026"));
    assert_eq!(round_trip(&id), id);
    assert!(serde_json::from_str::<KeyId>("\"\"").is_err());
}

#[test]
fn argon2_params_and_their_bounds() {
    let p = Argon2Params::OWASP;
    assert_eq!(
        serde_json::to_value(p).expect("json"),
        json!({"memory_kib": 19456, "iterations": 2, "parallelism": 1})
    );
    assert_eq!(round_trip(&p), p);
    assert!(
        serde_json::from_value::<Argon2Params>(
            json!({"memory_kib": 1, "iterations": 0, "parallelism": 1})
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<Argon2Params>(
            json!({"memory_kib": 19456, "iterations": 2, "parallelism": 1, "extra": 1})
        )
        .is_err()
    );
}

#[test]
fn code_record_round_trips_and_still_redeems() {
    let issuer = CodeIssuer::new(1, &SecretBytes::from_slice(&[7; 32]), CodePolicy::SMS_LOGIN)
        .expect("issuer");
    let (code, record) = issuer.issue("1012345678", "login", 1_000).expect("issue");
    let json = serde_json::to_value(&record).expect("json");
    assert!(json.is_string());
    let mut back: CodeRecord = serde_json::from_value(json).expect("back");
    assert_eq!(back, record);
    issuer
        .redeem(&mut back, code.expose(), "1012345678", "login", 1_010)
        .expect("redeems");
    assert!(serde_json::from_str::<CodeRecord>("\"AAAA\"").is_err());
}

#[test]
fn violations_credentials_and_tokens_serialize() {
    let v: Vec<Violation> = Policy::clave().check("abc", &[]);
    let json = serde_json::to_value(&v).expect("json");
    assert_eq!(json[0]["code"], "too_short");
    assert!(json[0]["message"].is_string());

    let sk = SigningKey::from_bytes(&[5; 32]);
    let mut keys = KeySet::new();
    keys.insert(KeyId::new("kid-1").expect("id"), sk.verifying_key());
    let issuer = CredentialIssuer::new(sk, "kid-1", "authority").expect("issuer");
    let qr = issuer
        .issue(
            &CredentialRequest::new("1012345678", 3600).version(2),
            1_000,
        )
        .expect("issue");
    let cred = CredentialVerifier::new(keys)
        .verify(&qr, 1_100)
        .expect("valid");
    let json = serde_json::to_value(&cred).expect("json");
    assert_eq!(json["key_id"], "kid-1");
    assert_eq!(json["issuer"], "authority");
    assert_eq!(json["subject"], "1012345678");
    assert_eq!(json["issued_at"], 1_000);
    assert_eq!(json["expires_at"], 4_600);
    assert_eq!(json["version"], 2);
    assert!(json["attributes"].is_object());
}
