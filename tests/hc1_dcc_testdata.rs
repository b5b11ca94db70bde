//! The EU DCC test data (a sample of eu-digital-green-certificates/dgc-testdata,
//! Apache-2.0; `tests/vectors/dcc-sample/README.md`) run through
//! [`Hc1Verifier`], each case with only its own certificate trusted and at
//! its own validation clock, against its `EXPECTED*` flags; and credkit's
//! own negative cases (`tests/vectors/hc1-negative/`, made by the
//! committed `generate.py` with pyca/cryptography), each with the exact
//! error code it must give.
//!
//! The schema flags (`EXPECTEDSCHEMAVALIDATION`, `EXPECTEDVALIDJSON`) are out
//! of scope: credkit hands the DGC out as data and does not check it.

use base64ct::{Base64, Encoding};
use credkit::credential::hc1::{DocumentSigner, Hc1Error, Hc1Verifier, HcertValue, TrustList};
use credkit::{ErrorCode, ErrorKind};
use serde_json::Value as Json;

fn load(path: &str) -> Vec<Json> {
    let text = std::fs::read_to_string(path).expect("vector file");
    let doc: Json = serde_json::from_str(&text).expect("json");
    doc["cases"].as_array().expect("cases").clone()
}

/// What a case's flags say the verifier must do.
#[derive(Debug, PartialEq)]
enum Expect {
    Valid,
    Undecodable,
    Fails(&'static [ErrorCode]),
}

fn expectation(case: &Json) -> Expect {
    let flags = &case["expected"];
    let is_false = |name: &str| flags.get(name).and_then(Json::as_bool) == Some(false);
    if [
        "EXPECTEDUNPREFIX",
        "EXPECTEDB45DECODE",
        "EXPECTEDCOMPRESSION",
        "EXPECTEDDECODE",
    ]
    .iter()
    .any(|f| is_false(f))
    {
        Expect::Undecodable
    } else if is_false("EXPECTEDVERIFY") {
        // The certificate given is not the signer's: by key id (the usual
        // case) or by signature.
        Expect::Fails(&[ErrorCode::UnknownKey, ErrorCode::BadSignature])
    } else if is_false("EXPECTEDEXPIRATIONCHECK") {
        Expect::Fails(&[ErrorCode::Expired, ErrorCode::NotYetValid])
    } else if is_false("EXPECTEDKEYUSAGE") {
        Expect::Fails(&[ErrorCode::KeyUsage])
    } else {
        Expect::Valid
    }
}

fn to_json(v: &HcertValue) -> Json {
    match v {
        HcertValue::Null => Json::Null,
        HcertValue::Bool(b) => Json::Bool(*b),
        HcertValue::Integer(i) => Json::from(i64::try_from(*i).expect("small integer")),
        HcertValue::Float(f) => Json::from(*f),
        HcertValue::Text(t) => Json::String(t.clone()),
        HcertValue::Bytes(b) => Json::String(hex::encode(b)),
        HcertValue::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        HcertValue::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        HcertValue::Text(t) => t.clone(),
                        HcertValue::Integer(i) => i.to_string(),
                        other => panic!("map key {other:?}"),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        other => panic!("unexpected value {other:?}"),
    }
}

fn certificate(case: &Json) -> Vec<u8> {
    Base64::decode_vec(case["certificate"].as_str().expect("certificate")).expect("base64")
}

#[test]
fn every_dcc_sample_case_gives_its_expected_result() {
    let cases = load("tests/vectors/dcc-sample/cases.json");
    assert_eq!(cases.len(), 50);
    let (mut valid, mut failed) = (0, 0);
    for case in &cases {
        let id = case["id"].as_str().expect("id");
        let derived = &case["derived"];
        let der = certificate(case);
        let signer = DocumentSigner::from_der(&der).expect(id);
        assert_eq!(hex::encode(signer.key_id()), derived["kid"], "{id}");
        assert_eq!(
            Json::from(signer.not_before()),
            derived["cert_not_before"],
            "{id}"
        );
        assert_eq!(
            Json::from(signer.not_after()),
            derived["cert_not_after"],
            "{id}"
        );
        let eku: Vec<Json> = signer
            .extended_key_usages()
            .iter()
            .map(|s| Json::from(s.as_str()))
            .collect();
        let expected_eku = derived["cert_eku"].as_array().cloned().unwrap_or_default();
        assert_eq!(eku, expected_eku, "{id}");

        let mut trust = TrustList::new();
        trust.add_certificate(&der).expect(id);
        let verifier = Hc1Verifier::new(trust);
        let now = case["validation_clock"].as_u64().expect("clock");
        let qr = case["prefix"].as_str().expect("prefix");
        let result = verifier.verify(qr, now);
        match (expectation(case), result) {
            (Expect::Valid, Ok(c)) => {
                valid += 1;
                assert_eq!(derived["signature_valid_with_certificate"], true, "{id}");
                assert_eq!(c.issuer(), derived["iss"].as_str(), "{id}");
                assert_eq!(Json::from(c.issued_at()), derived["iat"], "{id}");
                assert_eq!(Json::from(c.expires_at()), derived["exp"], "{id}");
                assert_eq!(hex::encode(c.key_id()), derived["cose_kid"], "{id}");
                let alg = if derived["alg"] == -7 {
                    "ES256"
                } else {
                    "PS256"
                };
                assert_eq!(c.algorithm().as_str(), alg, "{id}");
                let dgc = c.payload().get_int(1).expect("DGC under key 1");
                assert_eq!(to_json(dgc), derived["payload"], "{id}");
            }
            (Expect::Undecodable, Err(e)) if e.kind() == ErrorKind::InvalidInput => failed += 1,
            (Expect::Fails(codes), Err(e)) if codes.contains(&e.code()) => failed += 1,
            (expect, got) => panic!("{id}: expected {expect:?}, got {got:?}"),
        }
    }
    // The sample's mix: PL/*/6 (another signer) and PL/*/10 (expired) fail.
    assert_eq!((valid, failed), (44, 6));
}

#[test]
fn dcc_sample_verifies_in_bulk_with_every_certificate_trusted() {
    let cases = load("tests/vectors/dcc-sample/cases.json");
    let mut trust = TrustList::new();
    for case in &cases {
        trust
            .add_certificate(&certificate(case))
            .expect("certificate");
    }
    // Three countries' signers, some shared between cases.
    assert!(trust.len() >= 5, "{}", trust.len());
    let verifier = Hc1Verifier::new(trust);
    let qrs: Vec<&str> = cases
        .iter()
        .map(|c| c["prefix"].as_str().expect("qr"))
        .collect();
    // One clock for all: the cases' clocks differ, so compare each item
    // with the single-item answer rather than with the flags.
    let now = 1_622_000_000;
    let many = verifier.verify_many(&qrs, now);
    for (qr, got) in qrs.iter().zip(&many) {
        assert_eq!(got, &verifier.verify(qr, now));
    }
    // PL/*/6 verifies now: its real (recovery-only) signer is trusted, but
    // it signs a vaccination, which that signer's key usage forbids.
    let pl6 = cases
        .iter()
        .position(|c| c["id"] == "PL/1.3.0/2DCode/raw/6.json")
        .expect("PL 6");
    assert_eq!(many[pl6], Err(Hc1Error::KeyUsageMismatch));
}

#[test]
fn trailing_line_endings_from_scanners_are_accepted() {
    let cases = load("tests/vectors/dcc-sample/cases.json");
    let case = &cases[0];
    let mut trust = TrustList::new();
    trust
        .add_certificate(&certificate(case))
        .expect("certificate");
    let verifier = Hc1Verifier::new(trust);
    let now = case["validation_clock"].as_u64().expect("clock");
    let qr = case["prefix"].as_str().expect("prefix");
    for suffix in ["\n", "\r\n", "\r"] {
        verifier
            .verify(&format!("{qr}{suffix}"), now)
            .expect(suffix);
    }
    for bad in [
        format!(" {qr}"),
        format!("{qr} "),
        format!("{qr}\n\n"),
        format!("{qr}\t"),
    ] {
        assert_eq!(
            verifier
                .verify(&bad, now)
                .map(|_| ())
                .expect_err("refused")
                .kind(),
            ErrorKind::InvalidInput
        );
    }
}

fn code_of<T>(result: &Result<T, Hc1Error>) -> &'static str {
    match result {
        Ok(_) => "valid",
        Err(e) => e.code().as_str(),
    }
}

#[test]
fn every_own_negative_case_gives_its_exact_code() {
    let text = std::fs::read_to_string("tests/vectors/hc1-negative/cases.json").expect("vectors");
    let doc: Json = serde_json::from_str(&text).expect("json");
    let now = doc["now"].as_u64().expect("now");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30);
    for case in cases {
        let what = case["description"].as_str().expect("description");
        let mut trust = TrustList::new();
        for cert in case["trust"].as_array().expect("trust") {
            let der = Base64::decode_vec(cert.as_str().expect("b64")).expect("base64");
            trust.add_certificate(&der).expect(what);
        }
        let verifier = Hc1Verifier::new(trust);
        let qr = case["qr"].as_str().expect("qr");
        assert_eq!(
            code_of(&verifier.verify(qr, now)),
            case["expected"],
            "{what}"
        );
    }
    for case in doc["certificates"].as_array().expect("certificates") {
        let what = case["description"].as_str().expect("description");
        let der = Base64::decode_vec(case["certificate"].as_str().expect("b64")).expect("base64");
        let started = std::time::Instant::now();
        let result = TrustList::new().add_certificate(&der);
        let elapsed = started.elapsed();
        assert_eq!(code_of(&result), case["expected"], "{what}");
        if result == Err(Hc1Error::RsaKeyTooLarge) {
            // Refused from the encoded length: no big-integer work. Even a
            // debug build reads a certificate in well under 10 ms.
            assert!(
                elapsed < std::time::Duration::from_millis(50),
                "{what}: {elapsed:?}"
            );
        }
    }
}

#[test]
fn clock_skew_moves_every_time_check_and_is_bounded() {
    let text = std::fs::read_to_string("tests/vectors/hc1-negative/cases.json").expect("vectors");
    let doc: Json = serde_json::from_str(&text).expect("json");
    let now = doc["now"].as_u64().expect("now");
    let case = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["description"] == "CWT issued in the future")
        .expect("case");
    let mut trust = TrustList::new();
    let der = Base64::decode_vec(case["trust"][0].as_str().expect("b64")).expect("base64");
    trust.add_certificate(&der).expect("certificate");
    let qr = case["qr"].as_str().expect("qr");
    let strict = Hc1Verifier::new(trust.clone());
    assert_eq!(strict.verify(qr, now), Err(Hc1Error::NotYetValid));
    let lenient = Hc1Verifier::with_clock_skew(trust.clone(), 3600).expect("skew");
    lenient.verify(qr, now).expect("within the skew");
    assert_eq!(
        Hc1Verifier::with_clock_skew(trust, Hc1Verifier::MAX_CLOCK_SKEW + 1).err(),
        Some(Hc1Error::ParameterInvalid)
    );
}
