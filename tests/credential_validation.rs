//! The validation criteria of `CredentialVerifier`, one table: each row is
//! a credential (or verifier state) and the one check that must refuse it,
//! in the order the verifier documents.

use credkit::credential::{
    CredentialError as E, CredentialIssuer, CredentialRequest, CredentialVerifier, Status,
    StatusList, decode_qr_text, encode_qr_text,
};
use credkit::sign::{KeyId, KeySet, SigningKey};

const NOW: u64 = 1_760_000_000;
const DAY: u64 = 86_400;
const SKEW: u64 = CredentialVerifier::DEFAULT_CLOCK_SKEW;

fn issuer(seed: u8, kid: &str) -> CredentialIssuer {
    CredentialIssuer::new(
        SigningKey::from_bytes(&[seed; 32]),
        kid,
        "example-authority",
    )
    .expect("valid parameters")
}

fn verifier(trusted: &[(&str, u8)]) -> CredentialVerifier {
    let keys: KeySet = trusted
        .iter()
        .map(|(kid, seed)| {
            (
                KeyId::new(kid).expect("valid kid"),
                SigningKey::from_bytes(&[*seed; 32]).verifying_key(),
            )
        })
        .collect();
    CredentialVerifier::new(keys)
}

fn request(index: u64) -> CredentialRequest {
    CredentialRequest::new("1012345678", 30 * DAY)
        .status_index(index)
        .attribute("name", "Test Holder")
}

/// Flips one bit of the COSE_Sign1 at `pos` counted from the end.
fn tamper(qr: &str, from_end: usize) -> String {
    let mut cose = decode_qr_text(qr).expect("decodes");
    let i = cose.len() - from_end;
    cose[i] ^= 0x01;
    encode_qr_text(&cose).expect("fits")
}

/// (name, verifier, QR text, now, expected result).
type Case<'a> = (&'a str, &'a CredentialVerifier, String, u64, Result<(), E>);

#[test]
fn validation_criteria() {
    let good = issuer(1, "kid-1");
    let other_key_same_kid = issuer(2, "kid-1");
    let unknown_kid = issuer(1, "kid-9");
    let rotated = issuer(3, "kid-2");

    let mut list = StatusList::new(16).expect("small");
    list.set(1, Status::Revoked).expect("in range");
    list.set(2, Status::Suspended).expect("in range");
    list.set(3, Status::Superseded).expect("in range");
    let token = good.issue_status_list(&list, 1, DAY, NOW).expect("signs");

    let plain = verifier(&[("kid-1", 1), ("kid-2", 3)]);
    let mut with_status = plain.clone();
    with_status
        .load_status_list(&token, NOW)
        .expect("fresh list");

    let issue = |iss: &CredentialIssuer, req: CredentialRequest, at: u64| {
        iss.issue(&req, at).expect("issues")
    };
    let valid = issue(&good, request(0), NOW);

    // (name, verifier, qr, now, expected)
    let cases: Vec<Case<'_>> = vec![
        ("valid", &plain, valid.clone(), NOW, Ok(())),
        (
            "valid, with status list",
            &with_status,
            valid.clone(),
            NOW,
            Ok(()),
        ),
        (
            "rotated key also trusted",
            &plain,
            issue(&rotated, request(0), NOW),
            NOW,
            Ok(()),
        ),
        (
            "no prefix",
            &plain,
            valid[4..].to_owned(),
            NOW,
            Err(E::QrPrefixMissing),
        ),
        (
            "lowercase",
            &plain,
            valid.to_lowercase(),
            NOW,
            Err(E::QrPrefixMissing),
        ),
        (
            "bad base45",
            &plain,
            format!("{valid}A"),
            NOW,
            Err(E::Base45Invalid),
        ),
        (
            "not zlib",
            &plain,
            "CK1:BB8".to_owned(),
            NOW,
            Err(E::CompressionInvalid),
        ),
        (
            "not cose",
            &plain,
            encode_qr_text(b"\xa0").expect("fits"),
            NOW,
            Err(E::CoseMalformed),
        ),
        (
            "unknown key id",
            &plain,
            issue(&unknown_kid, request(0), NOW),
            NOW,
            Err(E::KeyIdUnknown),
        ),
        (
            "wrong key",
            &plain,
            issue(&other_key_same_kid, request(0), NOW),
            NOW,
            Err(E::SignatureInvalid),
        ),
        (
            "signature byte",
            &plain,
            tamper(&valid, 1),
            NOW,
            Err(E::SignatureInvalid),
        ),
        (
            "payload byte",
            &plain,
            tamper(&valid, 80),
            NOW,
            Err(E::SignatureInvalid),
        ),
        (
            "status list as credential",
            &plain,
            encode_qr_text(&token).expect("fits"),
            NOW,
            Err(E::CoseMalformed),
        ),
        (
            "issued in the future",
            &plain,
            issue(&good, request(0), NOW + SKEW + 1),
            NOW,
            Err(E::NotYetValid),
        ),
        (
            "issued within skew",
            &plain,
            issue(&good, request(0), NOW + SKEW),
            NOW,
            Ok(()),
        ),
        (
            "nbf in the future",
            &plain,
            issue(&good, request(0).not_before(NOW + SKEW + 1), NOW),
            NOW,
            Err(E::NotYetValid),
        ),
        (
            "nbf within skew",
            &plain,
            issue(&good, request(0).not_before(NOW + SKEW), NOW),
            NOW,
            Ok(()),
        ),
        (
            "expired",
            &plain,
            valid.clone(),
            NOW + 30 * DAY + SKEW,
            Err(E::Expired),
        ),
        (
            "expiry within skew",
            &plain,
            valid.clone(),
            NOW + 30 * DAY + SKEW - 1,
            Ok(()),
        ),
        (
            "revoked",
            &with_status,
            issue(&good, request(1), NOW),
            NOW,
            Err(E::Revoked),
        ),
        (
            "suspended",
            &with_status,
            issue(&good, request(2), NOW),
            NOW,
            Err(E::Suspended),
        ),
        (
            "superseded",
            &with_status,
            issue(&good, request(3), NOW),
            NOW,
            Err(E::Superseded),
        ),
        (
            "no status index",
            &with_status,
            good.issue(&CredentialRequest::new("1", DAY), NOW)
                .expect("issues"),
            NOW,
            Err(E::StatusUnknown),
        ),
        (
            "index past the list",
            &with_status,
            issue(&good, request(16), NOW),
            NOW,
            Err(E::StatusUnknown),
        ),
        (
            "stale status list",
            &with_status,
            valid.clone(),
            NOW + DAY + SKEW + 1,
            Err(E::StatusListStale),
        ),
        (
            "status list at its ttl",
            &with_status,
            valid.clone(),
            NOW + DAY + SKEW,
            Ok(()),
        ),
    ];
    for (name, verifier, qr, now, expected) in cases {
        let got = verifier.verify(&qr, now).map(|_| ());
        assert_eq!(got, expected, "{name}");
        // The bulk path gives every item the same answer.
        let bulk = verifier.verify_many(&[qr.as_str(), valid.as_str()], now);
        assert_eq!(
            bulk[0].as_ref().map(|_| ()).map_err(|e| *e),
            expected,
            "{name} (bulk)"
        );
    }
}

#[test]
fn status_list_loading() {
    let good = issuer(1, "kid-1");
    let list = StatusList::new(8).expect("small");
    let v2 = good.issue_status_list(&list, 2, DAY, NOW).expect("signs");
    let v1 = good.issue_status_list(&list, 1, DAY, NOW).expect("signs");
    let future = good
        .issue_status_list(&list, 3, DAY, NOW + SKEW + 1)
        .expect("signs");
    let forged = issuer(2, "kid-1")
        .issue_status_list(&list, 9, DAY, NOW)
        .expect("signs");
    let credential = good.issue_cose(&request(0), NOW).expect("issues");

    let mut v = verifier(&[("kid-1", 1)]);
    assert_eq!(v.load_status_list(&v2, NOW).map(|t| t.version()), Ok(2));
    assert_eq!(
        v.load_status_list(&v1, NOW).err(),
        Some(E::StatusListRollback)
    );
    assert_eq!(
        v.load_status_list(&v2, NOW + DAY + SKEW + 1).err(),
        Some(E::StatusListStale)
    );
    assert_eq!(v.load_status_list(&future, NOW).err(), Some(E::NotYetValid));
    assert_eq!(
        v.load_status_list(&forged, NOW).err(),
        Some(E::SignatureInvalid)
    );
    assert_eq!(
        v.load_status_list(&credential, NOW).err(),
        Some(E::StatusListMalformed)
    );
    assert_eq!(
        v.status_list("example-authority").map(|t| t.version()),
        Some(2)
    );
}

#[test]
fn issuer_parameters() {
    let key = || SigningKey::from_bytes(&[1; 32]);
    assert_eq!(
        CredentialIssuer::new(key(), "", "a").err(),
        Some(E::ParameterInvalid)
    );
    assert_eq!(
        CredentialIssuer::new(key(), "has space", "a").err(),
        Some(E::ParameterInvalid)
    );
    assert_eq!(
        CredentialIssuer::new(key(), "k", "").err(),
        Some(E::ParameterInvalid)
    );
    let iss = issuer(1, "k");
    for bad in [
        CredentialRequest::new("", DAY),
        CredentialRequest::new("s", 0),
        CredentialRequest::new("s", DAY).version(0),
        CredentialRequest::new("s", u64::MAX),
    ] {
        assert_eq!(iss.issue(&bad, NOW), Err(E::ParameterInvalid), "{bad:?}");
    }
    // 2000 bytes zlib cannot shrink (xorshift32) overflow a version 40-Q code.
    let mut x: u32 = 0x9e37_79b9;
    let noise: Vec<u8> = (0..2000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect();
    let huge = CredentialRequest::new("s", DAY).attribute("blob", noise);
    assert_eq!(iss.issue(&huge, NOW), Err(E::CredentialTooLarge));
}

fn named_issuer(seed: u8, kid: &str, name: &str) -> CredentialIssuer {
    CredentialIssuer::new(SigningKey::from_bytes(&[seed; 32]), kid, name).expect("valid parameters")
}

fn two_issuer_verifier() -> CredentialVerifier {
    let mut v = CredentialVerifier::default();
    let vk = |seed: u8| SigningKey::from_bytes(&[seed; 32]).verifying_key();
    v.add_issuer_key("authority-a", "kid-A", vk(10))
        .expect("binds");
    v.add_issuer_key("authority-b", "kid-B", vk(11))
        .expect("binds");
    v
}

/// Review finding: the rollback check compared only with the list loaded
/// last, so A v2, then any list of B, then A v1 brought A's revoked
/// credential back. The verifier now keeps the highest version per issuer.
#[test]
fn status_list_rollback_across_issuers() {
    let a = named_issuer(10, "kid-A", "authority-a");
    let b = named_issuer(11, "kid-B", "authority-b");
    let clean = StatusList::new(8).expect("small");
    let mut revoked = clean.clone();
    revoked.set(0, Status::Revoked).expect("in range");
    let a_v1 = a.issue_status_list(&clean, 1, DAY, NOW).expect("signs");
    let a_v2 = a.issue_status_list(&revoked, 2, DAY, NOW).expect("signs");
    let b_v1 = b.issue_status_list(&clean, 1, DAY, NOW).expect("signs");
    let credential = a.issue(&request(0), NOW).expect("issues");

    let mut v = two_issuer_verifier();
    v.load_status_list(&a_v2, NOW).expect("loads");
    v.load_status_list(&b_v1, NOW).expect("loads");
    assert_eq!(
        v.load_status_list(&a_v1, NOW).err(),
        Some(E::StatusListRollback)
    );
    assert_eq!(v.verify(&credential, NOW).err(), Some(E::Revoked));
    // The same through the flat form, where the one issuer's keys sign.
    let mut flat = verifier(&[("kid-A", 10), ("kid-B", 11)]);
    flat.load_status_list(&a_v2, NOW).expect("loads");
    flat.load_status_list(&b_v1, NOW).expect("loads");
    assert_eq!(
        flat.load_status_list(&a_v1, NOW).err(),
        Some(E::StatusListRollback)
    );
    assert_eq!(flat.status_lists().count(), 2);
}

/// Review finding: a status list or credential signed by B's trusted key
/// but naming issuer A was accepted as A's. In the nested form each key
/// signs only for its own issuer.
#[test]
fn a_key_signs_only_for_its_issuer() {
    let b_as_a = named_issuer(11, "kid-B", "authority-a");
    let a = named_issuer(10, "kid-A", "authority-a");
    let list = StatusList::new(8).expect("small");
    let forged_list = b_as_a.issue_status_list(&list, 5, DAY, NOW).expect("signs");
    let forged_credential = b_as_a.issue(&request(0), NOW).expect("issues");
    let genuine = a.issue(&request(0), NOW).expect("issues");

    let mut v = two_issuer_verifier();
    assert_eq!(
        v.load_status_list(&forged_list, NOW).err(),
        Some(E::WrongIssuer)
    );
    assert_eq!(
        v.verify(&forged_credential, NOW).err(),
        Some(E::WrongIssuer)
    );
    let bulk = v.verify_many(&[forged_credential.as_str(), genuine.as_str()], NOW);
    assert_eq!(bulk[0].as_ref().err(), Some(&E::WrongIssuer));
    assert_eq!(bulk[1].as_ref().map(|c| c.issuer()), Ok("authority-a"));
    assert_eq!(v.key_issuer("kid-B"), Some("authority-b"));
    // With lists loaded, each credential is checked against its own
    // issuer's list; an issuer without one is unknown status.
    let a_list = a.issue_status_list(&list, 1, DAY, NOW).expect("signs");
    v.load_status_list(&a_list, NOW).expect("loads");
    assert!(v.verify(&genuine, NOW).is_ok());
    let b = named_issuer(11, "kid-B", "authority-b");
    let b_credential = b.issue(&request(0), NOW).expect("issues");
    assert_eq!(v.verify(&b_credential, NOW).err(), Some(E::StatusUnknown));
}

#[test]
fn trust_list_forms_do_not_mix() {
    let vk = SigningKey::from_bytes(&[10; 32]).verifying_key();
    let mut flat = verifier(&[("kid-1", 1)]);
    assert_eq!(
        flat.add_issuer_key("authority-a", "kid-A", vk),
        Err(E::ParameterInvalid)
    );
    let mut nested = two_issuer_verifier();
    assert_eq!(nested.add_key("kid-C", vk), Err(E::ParameterInvalid));
    // A key id belongs to one issuer.
    assert_eq!(
        nested.add_issuer_key("authority-b", "kid-A", vk),
        Err(E::ParameterInvalid)
    );
    assert_eq!(
        nested.add_issuer_key("", "kid-D", vk),
        Err(E::ParameterInvalid)
    );
    // Re-adding under the same issuer (a rotation) is fine.
    assert_eq!(nested.add_issuer_key("authority-a", "kid-A", vk), Ok(()));
}

/// ES256 (COSE alg -7) credentials from a P-256 key, beside EdDSA ones.
mod es256 {
    use super::*;
    use credkit::sign::P256SigningKey;

    fn p256_key(seed: u8) -> P256SigningKey {
        P256SigningKey::from_bytes(&[seed; 32]).expect("valid scalar")
    }

    #[test]
    fn es256_credentials_and_status_lists() {
        let es = CredentialIssuer::new(p256_key(7), "kid-p256", "example-authority")
            .expect("valid parameters");
        let ed = issuer(1, "kid-1");
        let mut v = verifier(&[("kid-1", 1)]);
        v.add_key("kid-p256", p256_key(7).verifying_key())
            .expect("adds");
        let qr = es.issue(&request(0), NOW).expect("issues");
        let cred = v.verify(&qr, NOW).expect("verifies");
        assert_eq!(cred.key_id(), "kid-p256");
        // A signature bit flipped: refused.
        assert_eq!(
            v.verify(&tamper(&qr, 1), NOW).err(),
            Some(E::SignatureInvalid)
        );
        // Status lists signed with the P-256 key load and apply.
        let mut list = StatusList::new(8).expect("small");
        list.set(0, Status::Revoked).expect("in range");
        let token = es.issue_status_list(&list, 1, DAY, NOW).expect("signs");
        v.load_status_list(&token, NOW).expect("loads");
        assert_eq!(v.verify(&qr, NOW).err(), Some(E::Revoked));
        // Mixed batches give each item the single answer.
        let ed_qr = ed.issue(&request(1), NOW).expect("issues");
        let texts = [qr.as_str(), ed_qr.as_str(), "CK1:XYZ"];
        let bulk = v.verify_many(&texts, NOW);
        for (text, got) in texts.iter().zip(&bulk) {
            assert_eq!(
                got.as_ref().map(|c| c.subject().to_owned()).map_err(|e| *e),
                v.verify(text, NOW).map(|c| c.subject().to_owned())
            );
        }
    }

    /// The algorithm comes from the trusted key: an ES256 credential under
    /// an Ed25519 key id (and the reverse) is refused before any signature
    /// check, whatever it carries.
    #[test]
    fn algorithm_must_match_the_key() {
        let es_as_ed = CredentialIssuer::new(p256_key(7), "kid-1", "example-authority")
            .expect("valid parameters");
        let ed_as_es = issuer(1, "kid-p256");
        let mut v = verifier(&[("kid-1", 1)]);
        v.add_key("kid-p256", p256_key(7).verifying_key())
            .expect("adds");
        for qr in [
            es_as_ed.issue(&request(0), NOW).expect("issues"),
            ed_as_es.issue(&request(0), NOW).expect("issues"),
        ] {
            assert_eq!(v.verify(&qr, NOW).err(), Some(E::AlgorithmMismatch));
            assert_eq!(
                v.verify_many(&[qr.as_str()], NOW)[0].as_ref().err(),
                Some(&E::AlgorithmMismatch)
            );
        }
        assert_eq!(
            E::AlgorithmMismatch.code(),
            credkit::ErrorCode::AlgorithmNotAllowed
        );
    }

    /// A key id names one key: re-adding it with the other kind replaces it.
    #[test]
    fn a_key_id_holds_one_key() {
        let mut v = verifier(&[("kid-1", 1)]);
        v.add_key("kid-1", p256_key(7).verifying_key())
            .expect("replaces");
        assert_eq!(v.keys().len(), 0);
        assert_eq!(v.p256_keys().count(), 1);
        let es = CredentialIssuer::new(p256_key(7), "kid-1", "example-authority")
            .expect("valid parameters");
        assert!(
            v.verify(&es.issue(&request(0), NOW).expect("issues"), NOW)
                .is_ok()
        );
    }
}

/// What a verifier and a verified credential expose is enough to rebuild
/// them elsewhere (the Python bindings pickle them this way): the signed
/// status list token reloads at its issue time, and the claims map restores
/// the credential field for field; neither restores anything malformed.
#[test]
fn saved_state_rebuilds() {
    let good = issuer(1, "kid-1");
    let mut list = StatusList::new(8).expect("small");
    list.set(1, Status::Revoked).expect("in range");
    let token = good.issue_status_list(&list, 4, DAY, NOW).expect("signs");
    let mut v = verifier(&[("kid-1", 1)]);
    v.load_status_list(&token, NOW).expect("loads");
    let saved = v.status_list("example-authority").expect("loaded");
    assert_eq!(saved.signed_bytes(), token.as_slice());

    let mut rebuilt = verifier(&[("kid-1", 1)]);
    rebuilt
        .load_status_list(saved.signed_bytes(), saved.issued_at())
        .expect("reloads at its issue time");
    assert_eq!(rebuilt.status_list("example-authority"), Some(saved));
    let revoked = good.issue(&request(1), NOW).expect("issues");
    assert_eq!(rebuilt.verify(&revoked, NOW + 10).err(), Some(E::Revoked));

    let qr = good.issue(&request(0), NOW).expect("issues");
    let credential = rebuilt.verify(&qr, NOW + 10).expect("valid");
    let claims = credential.claims_cbor().expect("encodes");
    let restored =
        credkit::credential::Credential::from_claims_unchecked(credential.key_id(), &claims)
            .expect("restores");
    assert_eq!(restored, credential);
    assert!(
        credkit::credential::Credential::from_claims_unchecked(
            "kid-1",
            &claims[..claims.len() - 1]
        )
        .is_err()
    );
    assert!(credkit::credential::Credential::from_claims_unchecked("", &claims).is_err());
}
