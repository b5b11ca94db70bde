//! Property tests for `credkit::password`: round trips on arbitrary Unicode,
//! and hostile or mutated hash strings never panic and never verify a wrong
//! password.

use credkit::ErrorKind;
use credkit::password::{Argon2Params, Limits, PasswordError, PasswordHasher};
use proptest::prelude::*;

/// Cheap parameters and tight limits: a mutation that raises a cost stays
/// fast (it is refused above 1 MiB / 4 passes / 4 lanes).
fn hasher() -> PasswordHasher {
    PasswordHasher::builder()
        .params(Argon2Params::new(64, 1, 1).expect("valid"))
        .limits(Limits {
            max_memory_kib: 1024,
            max_iterations: 4,
            max_parallelism: 4,
            max_bcrypt_cost: 4,
            max_scrypt_log_n: 8,
            max_pbkdf2_rounds: 1000,
            ..Limits::DEFAULT
        })
        .build()
        .expect("valid")
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let c = prop_oneof![
        proptest::char::range('0', '9'),
        Just('$'),
        Just(','),
        Just('='),
        Just('+'),
        Just('/'),
        proptest::char::range('A', 'z'),
        any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), c.clone()).prop_map(|(i, c)| Mutation::Replace(i, c)),
        (any::<usize>(), c).prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(s: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for m in mutations {
        let len = chars.len();
        match *m {
            Mutation::Replace(i, c) if len > 0 => chars[i % len] = c,
            Mutation::Insert(i, c) => chars.insert(i % (len + 1), c),
            Mutation::Delete(i) if len > 0 => {
                chars.remove(i % len);
            }
            Mutation::Truncate(i) => chars.truncate(i % (len + 1)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// hash then verify succeeds for any Unicode password, and a different
    /// password fails with a verification error.
    #[test]
    fn round_trip_unicode(password in "\\PC{0,40}") {
        let h = hasher();
        let phc = h.hash(&password).expect("hashes");
        prop_assert_eq!(h.verify(&phc, &password), Ok(()));
        prop_assert_eq!(h.needs_rehash(&phc), Ok(false));
        let other = format!("{password}x");
        prop_assert_eq!(h.verify(&phc, &other), Err(PasswordError::VerificationFailed));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A mutated hash string never panics; it verifies only if the mutation
    /// left an equivalent string, and any refusal is typed.
    #[test]
    fn mutated_phc_never_panics(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let h = hasher();
        let original = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM";
        let mutated = apply(original, &mutations);
        match h.verify(&mutated, "password") {
            Ok(()) => prop_assert_eq!(&mutated, original),
            Err(e) => prop_assert!(matches!(e.kind(), ErrorKind::Verification | ErrorKind::InvalidInput)),
        }
        let _ = h.needs_rehash(&mutated);
        prop_assert_eq!(h.verify_many(&[(mutated.as_str(), "password")]).len(), 1);
    }

    /// Arbitrary strings, including ones claiming every supported scheme,
    /// never panic.
    #[test]
    fn arbitrary_strings_never_panic(
        prefix in prop_oneof![
            Just(""), Just("$argon2id$"), Just("$argon2i$v=16$"), Just("$2b$"), Just("$2y$04$"),
            Just("$scrypt$ln="), Just("$pbkdf2-sha256$"), Just("$pbkdf2-sha512$i=1,l=32$"),
        ],
        body in "\\PC{0,80}",
    ) {
        let h = hasher();
        let s = format!("{prefix}{body}");
        let _ = h.verify(&s, "password");
        let _ = h.needs_rehash(&s);
    }
}

/// The unmutated property-test seed verifies (so the mutation test is not
/// vacuous).
#[test]
fn seed_string_verifies() {
    let h = hasher();
    let original = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM";
    assert_eq!(h.verify(original, "password"), Ok(()));
}
