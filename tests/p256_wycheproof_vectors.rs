//! Project Wycheproof's ECDSA P-256 / SHA-256 vectors in the IEEE P1363
//! (`r ‖ s`) form, the form ES256 uses: `ecdsa_secp256r1_sha256_p1363_test`
//! as shipped by the `wycheproof` crate (C2SP/wycheproof test vectors).
//!
//! Every case is checked as labelled through the single path and the
//! parallel batch path. Wycheproof marks high-`s` signatures valid for
//! P1363, and credkit accepts them (see `credkit::sign::p256`); every
//! invalid case (out-of-range `r`/`s`, wrong length, modified values, edge
//! points) is refused. Each group's key is also decoded from the
//! vectors' SubjectPublicKeyInfo DER and PEM, which must give the same key.

use credkit::sign::{AnyVerifyingKey, P256VerifyingKey, verify_many_p256};
use wycheproof::TestResult;
use wycheproof::ecdsa::{TestName, TestSet};

#[test]
fn p1363_vectors_verify_as_labelled() {
    let set =
        TestSet::load(TestName::EcdsaSecp256r1Sha256P1363).expect("vectors ship with the crate");
    let mut checked = 0;
    let mut valid = 0;
    for group in &set.test_groups {
        let key = P256VerifyingKey::from_sec1_bytes(&group.key.key).expect("group key is valid");
        assert_eq!(P256VerifyingKey::from_spki_der(&group.der), Ok(key));
        assert_eq!(P256VerifyingKey::from_pem(&group.pem), Ok(key));
        assert_eq!(
            AnyVerifyingKey::from_pem(&group.pem),
            Ok(AnyVerifyingKey::P256(key))
        );
        let items: Vec<_> = group
            .tests
            .iter()
            .map(|t| (&key, t.msg.as_slice(), t.sig.as_slice()))
            .collect();
        let batch = verify_many_p256(&items);
        for (test, batch_ok) in group.tests.iter().zip(batch) {
            let ok = key.verify_slice(&test.msg, &test.sig).is_ok();
            let want = match test.result {
                TestResult::Valid => true,
                TestResult::Invalid => false,
                TestResult::Acceptable => ok,
            };
            assert_eq!(
                ok, want,
                "tcId {} ({}): {:?}",
                test.tc_id, test.comment, test.flags
            );
            assert_eq!(
                batch_ok, ok,
                "tcId {}: batch differs from single",
                test.tc_id
            );
            valid += usize::from(ok);
            checked += 1;
        }
    }
    assert_eq!(checked, set.number_of_tests);
    assert!(valid > 100, "only {valid} valid cases");
    eprintln!("{checked} cases, {valid} valid");
}
