//! Policy rules and presets: exact violation codes for each rule and each
//! preset (Cl@ve rules from DESIGN.md / the Cl@ve security page, NIST SP
//! 800-63B-4 §3.1.1.2), and properties over arbitrary strings.

use credkit::policy::{BlocklistSource, CharClass, Policy, PolicyError, Violation};
use proptest::prelude::*;

fn codes(policy: &Policy, password: &str, context: &[&str]) -> Vec<&'static str> {
    policy
        .check(password, context)
        .iter()
        .map(Violation::code)
        .collect()
}

/// The Cl@ve preset, one row per rule of the Cl@ve page.
#[test]
fn clave_table() {
    let p = Policy::clave();
    let ctx = ["Juan", "García Núñez", "12345678Z"];
    let table: &[(&str, &[&str])] = &[
        ("Río-Tajo;Nube7", &[]),
        ("Ab1¡", &["too_short"]),
        ("Sol+luna=7", &[]),
        ("sol+luna=7", &["missing_uppercase"]),
        ("SOL+LUNA=7", &["missing_lowercase"]),
        ("Sol+luna=X", &["missing_digit"]),
        ("Sol~luna^7", &["missing_symbol"]),
        ("Ñandú+Çedilla9", &[]),
        ("solylunaymarmuyazul", &[]),
        ("Password1!", &["blocklisted"]),
        ("Qwerty2024!", &["blocklisted"]),
        ("Garcia#Rio77", &["contains_context"]),
        ("GARCÍA#Rio77", &["contains_context"]),
        ("Nunez-Rio77", &["contains_context"]),
        ("Rio#12345678x", &["contains_context"]),
        (
            "juan2024",
            &[
                "missing_uppercase",
                "missing_symbol",
                "blocklisted",
                "contains_context",
            ],
        ),
        (
            "",
            &[
                "too_short",
                "missing_lowercase",
                "missing_uppercase",
                "missing_digit",
                "missing_symbol",
            ],
        ),
    ];
    for (password, expected) in table {
        assert_eq!(codes(&p, password, &ctx), *expected, "{password:?}");
    }
}

/// Class rules are waived from 16 code points, counted after NFKC.
#[test]
fn clave_waiver_counts_code_points() {
    let p = Policy::clave();
    assert_eq!(codes(&p, "ñandúñandúñandúx", &[]), Vec::<&str>::new());
    assert_eq!(codes(&p, "ñandúñandúñandú", &[]).len(), 3);
    // Fullwidth letters normalise to ASCII: 8 code points either way.
    assert_eq!(codes(&p, "Ｒío-Tajo;Nube7", &[]), Vec::<&str>::new());
}

/// The NIST preset: length in code points, no composition rules, blocklist,
/// context, repetitive, sequential.
#[test]
fn nist_table() {
    let p = Policy::nist(false);
    let table: &[(&str, &[&str])] = &[
        ("correct horse battery", &[]),
        ("tortuga veloz y roja", &[]),
        ("short but fine", &["too_short"]),
        ("ñandú ñandú ñan", &[]),
        ("passwordpassword", &["repetitive"]),
        ("aaaatortugaveloz", &["repetitive"]),
        ("tortugaveloz1234", &["sequential"]),
        ("tortugavelozdcba", &["sequential"]),
        ("tortugaqwertyveloz", &["sequential"]),
        ("credkit tortuga roja", &["contains_context"]),
        ("abcabcabcabcabcabc", &["repetitive"]),
    ];
    for (password, expected) in table {
        assert_eq!(codes(&p, password, &["credkit"]), *expected, "{password:?}");
    }
    let long = "x".repeat(65) + "tortuga";
    assert!(
        !codes(&p, &long, &[]).contains(&"too_long"),
        "64+ must be allowed"
    );
    let too_long = "tortuga ".repeat(20);
    assert_eq!(codes(&p, &too_long, &[]), ["too_long", "repetitive"]);
    let mfa = Policy::nist(true);
    assert_eq!(codes(&mfa, "río-nube9", &[]), Vec::<&str>::new());
    assert_eq!(codes(&mfa, "río-nub", &[]), ["too_short"]);
}

/// The PIN preset: exact length, digits, no runs, no common PINs.
#[test]
fn pin_table() {
    let p = Policy::pin(6).expect("6 is a valid PIN length");
    let table: &[(&str, &[&str])] = &[
        ("582917", &[]),
        ("58291", &["too_short"]),
        ("5829170", &["too_long"]),
        ("58a917", &["not_digits"]),
        ("٥٨٢٩١٧", &["not_digits"]),
        ("111111", &["blocklisted", "repetitive"]),
        ("901234", &["sequential"]),
        ("987654", &["blocklisted", "sequential"]),
        ("381381", &["repetitive"]),
        ("159753", &["blocklisted"]),
    ];
    for (password, expected) in table {
        assert_eq!(codes(&p, password, &[]), *expected, "{password:?}");
    }
    assert_eq!(
        Policy::pin(3).err(),
        Some(PolicyError::PolicyParametersInvalid)
    );
    assert_eq!(
        Policy::pin(13).err(),
        Some(PolicyError::PolicyParametersInvalid)
    );
    assert_eq!(
        codes(&Policy::pin(4).expect("4"), "1234", &[]),
        ["blocklisted", "sequential"]
    );
}

/// k-of-n classes and a custom symbol set.
#[test]
fn builder_k_of_n() {
    let all = [
        CharClass::Lowercase,
        CharClass::Uppercase,
        CharClass::Digit,
        CharClass::Symbol,
    ];
    let p = Policy::builder()
        .min_length(8)
        .require_classes(&all, 3)
        .symbols("@#")
        .build()
        .expect("valid");
    assert_eq!(codes(&p, "abcdefgH1", &[]), Vec::<&str>::new());
    assert_eq!(
        codes(&p, "abcdefgh1", &[]),
        ["missing_uppercase", "missing_symbol"]
    );
    let v = p.check("abcdefgh!", &[]);
    assert_eq!(
        v,
        [
            Violation::MissingUppercase { required: 3, of: 4 },
            Violation::MissingDigit { required: 3, of: 4 },
            Violation::MissingSymbol {
                required: 3,
                of: 4,
                symbols: Some("@#".into())
            },
        ]
    );
    assert!(v[0].message().contains("at least 3 of"));
    assert!(Policy::builder().require_classes(&all, 5).build().is_err());
    assert!(
        Policy::builder()
            .min_length(10)
            .max_length(9)
            .build()
            .is_err()
    );
    assert!(Policy::builder().max_length(5000).build().is_err());
}

/// Extra blocklist words and the parameters of each violation.
#[test]
fn extra_blocklist_and_params() {
    let p = Policy::builder()
        .extra_blocklist(["Sanad"])
        .build()
        .expect("valid");
    assert_eq!(
        p.check("SANAD2024!", &[]),
        [Violation::Blocklisted {
            source: BlocklistSource::Common
        }]
    );
    let v = Policy::clave().check("a", &[]);
    assert_eq!(v[0].code(), "too_short");
    assert_eq!(v[0].params()[0].0, "min");
    assert_eq!(v[0].params()[0].1.to_string(), "8");
    assert_eq!(v[0].message(), "Use at least 8 characters.");
}

/// Context words shorter than three code points are ignored.
#[test]
fn short_context_words_ignored() {
    let p = Policy::nist(true);
    assert!(p.check("al-ki tortuga", &["Al", "Ki"]).is_empty());
    assert_eq!(
        codes(&p, "mi.correo.tortuga", &["juan.correo@example.es"]),
        ["contains_context"]
    );
}

/// Oversized input is reported without further work.
#[test]
fn oversized_input_bounded() {
    let huge = "a".repeat(Policy::MAX_INPUT_BYTES + 1);
    assert_eq!(codes(&Policy::nist(false), &huge, &[]), ["too_long"]);
}

const CLAVE_SYMBOL_CHARS: &str = "¡!$?%&#@/\\()=¿*[];,:._<>+-";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No string makes any preset panic, and checks are deterministic.
    #[test]
    fn no_panic_and_deterministic(s in "\\PC{0,40}", ctx in proptest::collection::vec("\\PC{0,12}", 0..4)) {
        let ctx: Vec<&str> = ctx.iter().map(String::as_str).collect();
        for p in [Policy::clave(), Policy::nist(false), Policy::pin(6).expect("6")] {
            let a = p.check(&s, &ctx);
            let b = p.check(&s, &ctx);
            prop_assert_eq!(&a, &b);
            for v in &a {
                prop_assert!(!v.message().is_empty());
            }
        }
    }

    /// Appending a character of a missing class removes that violation.
    #[test]
    fn adding_missing_class_removes_violation(s in "[a-zA-Z0-9!#~ ]{0,14}") {
        let p = Policy::clave();
        let before = codes(&p, &s, &[]);
        for (code, extra) in [
            ("missing_lowercase", "q"),
            ("missing_uppercase", "Q"),
            ("missing_digit", "7"),
            ("missing_symbol", "¿"),
        ] {
            if before.contains(&code) {
                let after = codes(&p, &format!("{s}{extra}"), &[]);
                prop_assert!(!after.contains(&code), "{} {:?}", code, after);
            }
        }
    }

    /// Every Cl@ve symbol counts as a symbol.
    #[test]
    fn every_clave_symbol_counts(i in 0usize..26) {
        let sym = CLAVE_SYMBOL_CHARS.chars().nth(i).expect("26 symbols");
        let pw = format!("Tortuga7{sym}x");
        prop_assert!(!codes(&Policy::clave(), &pw, &[]).contains(&"missing_symbol"));
    }
}

/// The previous password is refused through its stored hash; a different
/// password is not; a malformed stored hash is a typed error.
#[test]
fn reused_via_stored_hash() {
    use credkit::password::{Argon2Params, PasswordHasher};
    let hasher = PasswordHasher::new(Argon2Params::new(64, 1, 1).expect("valid")).expect("valid");
    let phc = hasher.hash("Río-Tajo;Nube7").expect("hashes");
    let p = Policy::clave();
    let codes = |pw: &str| -> Vec<&'static str> {
        p.check_with_previous(pw, &[], &hasher, &phc)
            .expect("usable hash")
            .iter()
            .map(Violation::code)
            .collect()
    };
    assert_eq!(codes("Río-Tajo;Nube7"), ["reused"]);
    // NFKC: the fullwidth form is the same password.
    assert_eq!(codes("Ｒío-Tajo;Nube7"), ["reused"]);
    assert_eq!(codes("Río-Tajo;Nube8"), Vec::<&str>::new());
    assert_eq!(
        codes("río"),
        [
            "too_short",
            "missing_uppercase",
            "missing_digit",
            "missing_symbol"
        ]
    );
    assert_eq!(
        p.check_with_previous("x", &[], &hasher, "not a hash").err(),
        Some(PolicyError::PreviousHashUnusable)
    );
    // The default hasher verifies hashes made with any parameters in its limits.
    let default = PasswordHasher::default();
    assert_eq!(
        p.check_with_previous("Río-Tajo;Nube7", &[], &default, &phc)
            .expect("ok"),
        [Violation::Reused]
    );
}
