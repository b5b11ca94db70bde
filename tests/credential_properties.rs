//! Properties of the credential codecs and verifier (proptest, modest case
//! counts: each case signs or verifies at most a few credentials).

use credkit::credential::{
    AttributeValue, Attributes, CredentialIssuer, CredentialRequest, CredentialVerifier, Date,
    Status, StatusList, base45_decode, base45_encode, decode_qr_text, encode_qr_text,
};
use credkit::sign::{KeyId, KeySet, SigningKey};
use proptest::prelude::*;

const NOW: u64 = 1_760_000_000;

fn attribute() -> impl Strategy<Value = AttributeValue> {
    let leaf = prop_oneof![
        ".{0,12}".prop_map(AttributeValue::Text),
        any::<i64>().prop_map(AttributeValue::Integer),
        any::<bool>().prop_map(AttributeValue::Bool),
        proptest::collection::vec(any::<u8>(), 0..16).prop_map(AttributeValue::Bytes),
        (1u16..9999, 1u8..=12, 1u8..=28)
            .prop_map(|(y, m, d)| AttributeValue::Date(Date::new(y, m, d).expect("valid"))),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(AttributeValue::Array),
            proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(AttributeValue::Map),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn base45_round_trips(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base45_decode(&base45_encode(&data)), Ok(data));
    }

    #[test]
    fn qr_text_round_trips(data in proptest::collection::vec(any::<u8>(), 0..1000)) {
        let text = encode_qr_text(&data).expect("1000 bytes fit");
        prop_assert_eq!(decode_qr_text(&text), Ok(data));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "CK1:[0-9A-Z $%*+./:-]{0,300}") {
        let _ = decode_qr_text(&text);
    }

    #[test]
    fn arbitrary_cose_is_refused(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        let v = CredentialVerifier::new(KeySet::new());
        prop_assert!(v.verify_cose(&data, NOW).is_err());
    }

    #[test]
    fn status_list_matches_a_model(ops in proptest::collection::vec((0u64..64, 0u8..4), 0..64)) {
        let mut list = StatusList::new(64).expect("small");
        let mut model = [Status::Valid; 64];
        let status = |s: u8| [Status::Valid, Status::Revoked, Status::Suspended, Status::Superseded][usize::from(s)];
        for (i, s) in ops {
            list.set(i, status(s)).expect("in range");
            model[usize::try_from(i).expect("small")] = status(s);
        }
        for (i, expected) in model.iter().enumerate() {
            prop_assert_eq!(list.get(u64::try_from(i).expect("small")), Some(*expected));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn attributes_round_trip(attrs in proptest::collection::btree_map("[a-z_]{1,8}", attribute(), 0..6),
                             version in 1u64..1000, index in any::<u32>()) {
        let key = SigningKey::from_bytes(&[5; 32]);
        let mut keys = KeySet::new();
        keys.insert(KeyId::new("k").expect("valid"), key.verifying_key());
        let issuer = CredentialIssuer::new(key, "k", "authority").expect("valid");
        let attrs: Attributes = attrs;
        let request = CredentialRequest::new("1012345678", 3600)
            .version(version)
            .status_index(u64::from(index))
            .attributes(attrs.clone());
        let qr = issuer.issue(&request, NOW).expect("issues");
        let credential = CredentialVerifier::new(keys).verify(&qr, NOW).expect("verifies");
        prop_assert_eq!(credential.attributes(), &attrs);
        prop_assert_eq!(credential.version(), version);
        prop_assert_eq!(credential.status_index(), Some(u64::from(index)));
    }
}
