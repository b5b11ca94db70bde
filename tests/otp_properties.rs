//! Property tests for `credkit::otp`: Base32 and otpauth URI round trips,
//! verify accepting exactly the window, record byte round trips, and
//! single-use redemption under arbitrary code guesses.

use credkit::otp::{
    Algorithm, CodeAlphabet, CodeIssuer, CodePolicy, CodeRecord, Hotp, OtpAuthUri, OtpKind,
    OtpSecret, Totp, base32,
};
use credkit::secret::SecretBytes;
use proptest::prelude::*;

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

/// Label parts: printable, no `:`, non-empty, not starting with a space
/// (refused when building: parsers drop spaces after the colon), with
/// non-ASCII letters that need percent-encoding.
fn label_part() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9@._+&=?/%#ñçé€-][a-zA-Z0-9 @._+&=?/%#ñçé€-]{0,39}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Base32 decodes what it encodes, padded or not, in either case.
    #[test]
    fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80), padded: bool, lower: bool) {
        let mut text = base32::encode(&bytes, padded);
        if lower {
            text = text.to_lowercase();
        }
        let decoded = base32::decode(&text).expect("own encoding");
        prop_assert_eq!(decoded.as_slice(), bytes.as_slice());
    }

    /// Decoding never panics on arbitrary text.
    #[test]
    fn base32_decode_total(text in ".{0,64}") {
        let _ = base32::decode(&text);
    }

    /// A built TOTP URI parses back to the same authenticator and label.
    #[test]
    fn totp_uri_round_trip(
        secret in proptest::collection::vec(any::<u8>(), 10..=64),
        alg in algorithm(),
        digits in 6u8..=10,
        period in 1u64..=86_400,
        account in label_part(),
        issuer in proptest::option::of(label_part()),
    ) {
        let t = Totp::new(OtpSecret::new(secret.clone()).expect("len"), alg, digits, period, 0).expect("valid");
        let uri = t.to_uri(&account, issuer.as_deref()).expect("buildable");
        let u = OtpAuthUri::parse(&uri).expect("parses back");
        prop_assert_eq!(u.account(), account.as_str());
        prop_assert_eq!(u.issuer(), issuer.as_deref());
        prop_assert_eq!(u.kind(), OtpKind::Totp { period });
        let back = u.to_totp().expect("totp");
        prop_assert_eq!(back.secret().expose(), secret.as_slice());
        prop_assert_eq!((back.algorithm(), back.digits(), back.period()), (alg, digits, period));
        prop_assert_eq!(back.generate_step(12345), t.generate_step(12345));
    }

    /// A built HOTP URI parses back with its counter.
    #[test]
    fn hotp_uri_round_trip(
        secret in proptest::collection::vec(any::<u8>(), 10..=32),
        alg in algorithm(),
        counter: u64,
        account in label_part(),
    ) {
        let h = Hotp::new(OtpSecret::new(secret).expect("len"), alg, 6).expect("valid");
        let (back, c) = Hotp::from_uri(&h.to_uri(counter, &account, None).expect("buildable")).expect("parses");
        prop_assert_eq!(c, counter);
        prop_assert_eq!(back.generate(counter), h.generate(counter));
    }

    /// URI parsing never panics on arbitrary text after the scheme.
    #[test]
    fn uri_parse_total(rest in ".{0,200}") {
        let _ = OtpAuthUri::parse(&format!("otpauth://totp/{rest}"));
        let _ = OtpAuthUri::parse(&rest);
    }

    /// verify accepts a code exactly when its step is inside the window and
    /// after `last_step` (up to code collisions, which the test excludes).
    #[test]
    fn totp_verify_accepts_exactly_the_window(
        secret in proptest::collection::vec(any::<u8>(), 20),
        now in 1_000_000u64..4_000_000_000,
        offset in -4i64..=4,
        window in 0u8..=3,
        last_offset in proptest::option::of(-4i64..=4),
    ) {
        let t = Totp::with_defaults(OtpSecret::new(secret).expect("len"));
        let step = now / 30;
        let code_step = step.saturating_add_signed(offset);
        let code = t.generate_step(code_step);
        let last = last_offset.map(|o| step.saturating_add_signed(o));
        let w = u64::from(window);
        let in_window = code_step + w >= step && code_step <= step + w;
        let fresh = last.is_none_or(|l| code_step > l);
        // Exclude a collision with another eligible candidate.
        let collides = (step - w..=step + w)
            .filter(|&s| s != code_step && last.is_none_or(|l| s > l))
            .any(|s| t.generate_step(s) == code);
        prop_assume!(!collides);
        let result = t.verify(&code, now, window, last);
        if in_window && fresh {
            prop_assert_eq!(result, Ok(code_step));
        } else {
            prop_assert!(result.is_err());
        }
    }
}

fn issuer() -> CodeIssuer {
    CodeIssuer::new(3, &SecretBytes::from_slice(&[5; 32]), CodePolicy::SMS_LOGIN)
        .expect("32-byte key")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Records round-trip through bytes for any subject, purpose and policy.
    #[test]
    fn record_bytes_round_trip(
        subject in "\\PC{1,60}",
        purpose in "\\PC{1,60}",
        crockford: bool,
        now in 0u64..u64::MAX / 2,
    ) {
        let policy = if crockford { CodePolicy::CLAVE_ACTIVATION } else { CodePolicy::SIM_REGISTRATION };
        let ci = CodeIssuer::new(1, &SecretBytes::from_slice(&[1; 32]), policy).expect("key");
        let (code, record) = ci.issue(&subject, &purpose, now).expect("issued");
        prop_assert_eq!(code.expose().len(), usize::from(policy.length()));
        if policy.alphabet() == CodeAlphabet::Digits {
            prop_assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
        }
        let blob = record.to_bytes();
        prop_assert!(blob.len() <= CodeRecord::MAX_LEN);
        prop_assert_eq!(CodeRecord::from_bytes(&blob).expect("parses"), record);
    }

    /// Parsing arbitrary bytes never panics, and a parsed forgery never
    /// redeems.
    #[test]
    fn record_from_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..700), code in "[0-9]{6}") {
        if let Ok(mut r) = CodeRecord::from_bytes(&bytes) {
            prop_assert!(issuer().redeem(&mut r, &code, "s", "p", 0).is_err());
        }
    }

    /// Under any sequence of guesses, at most one redeem succeeds, only
    /// with the right code, and attempts count exactly the failures until
    /// the lock.
    #[test]
    fn single_use_under_guesses(guesses in proptest::collection::vec(("[0-9]{6}", any::<bool>()), 1..12)) {
        let ci = issuer();
        let (code, mut record) = ci.issue("u", "login", 100).expect("issued");
        let mut successes = 0;
        let mut failures = 0u16;
        for (guess, use_right) in guesses {
            let attempt = if use_right { code.expose().to_owned() } else { guess };
            let before = record.clone();
            match ci.redeem(&mut record, &attempt, "u", "login", 101) {
                Ok(()) => {
                    prop_assert_eq!(attempt.as_str(), code.expose());
                    successes += 1;
                }
                Err(_) if before.is_used() || before.attempts() >= before.max_attempts() => {
                    prop_assert_eq!(&record, &before);
                }
                Err(_) => failures += 1,
            }
            prop_assert_eq!(record.attempts(), failures);
        }
        prop_assert!(successes <= 1);
    }
}
