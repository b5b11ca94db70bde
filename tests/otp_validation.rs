//! Validation criteria of the OTP verifiers, one table per verifier:
//! TOTP/HOTP `verify`, otpauth URI parsing, and `CodeIssuer::redeem`.
//! Each row is an input and the exact outcome the verifier must give.
//! Codes are derived from the RFC 6238 SHA-1 seed
//! (`tests/vectors/rfc6238_totp.json`).

// The tables are tuples, one per row, so each case reads on its own line.
#![allow(clippy::type_complexity)]

use credkit::otp::{
    Algorithm, CodeIssuer, CodePolicy, CodeRecord, Hotp, OtpAuthUri, OtpError, OtpKind, OtpSecret,
    Totp,
};
use credkit::secret::SecretBytes;

const SEED: &[u8] = b"12345678901234567890";

fn totp() -> Totp {
    Totp::new(
        OtpSecret::from_slice(SEED).expect("20 bytes"),
        Algorithm::Sha1,
        6,
        30,
        0,
    )
    .expect("valid")
}

/// TOTP verify: window edges, replay floor, malformed codes, bounds.
#[test]
fn totp_verify_criteria() {
    let t = totp();
    let now = 1_111_111_109; // step 37037036 (RFC 6238 row)
    let step = now / 30;
    let at = |s: u64| t.generate_step(s);
    // (description, code, window, last_step, expected)
    let cases: Vec<(&str, String, u8, Option<u64>, Result<u64, OtpError>)> = vec![
        ("current step", at(step), 1, None, Ok(step)),
        (
            "previous step in window",
            at(step - 1),
            1,
            None,
            Ok(step - 1),
        ),
        ("next step in window", at(step + 1), 1, None, Ok(step + 1)),
        (
            "two steps back, window 1",
            at(step - 2),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "two steps back, window 2",
            at(step - 2),
            2,
            None,
            Ok(step - 2),
        ),
        ("window 0 exact", at(step), 0, None, Ok(step)),
        (
            "window 0 previous",
            at(step - 1),
            0,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "replay of last step",
            at(step),
            1,
            Some(step),
            Err(OtpError::CodeReplayed),
        ),
        (
            "older than last step",
            at(step - 1),
            1,
            Some(step),
            Err(OtpError::CodeReplayed),
        ),
        (
            "newer than last step",
            at(step + 1),
            1,
            Some(step),
            Ok(step + 1),
        ),
        ("last step far in past", at(step), 1, Some(0), Ok(step)),
        (
            "too short",
            at(step)[..5].to_owned(),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "too long",
            format!("{}0", at(step)),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        ("empty", String::new(), 1, None, Err(OtpError::CodeRejected)),
        (
            "letters",
            "12a456".to_owned(),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "spaces",
            format!(" {}", &at(step)[1..]),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "fullwidth digits",
            "１２３４５６".to_owned(),
            1,
            None,
            Err(OtpError::CodeRejected),
        ),
        (
            "window above max",
            at(step),
            11,
            None,
            Err(OtpError::WindowTooLarge),
        ),
        ("window at max", at(step), 10, None, Ok(step)),
    ];
    for (what, code, window, last, expected) in cases {
        assert_eq!(t.verify(&code, now, window, last), expected, "{what}");
    }
    // Before T0, and a window clipped at step 0.
    let late = Totp::new(
        OtpSecret::from_slice(SEED).expect("seed"),
        Algorithm::Sha1,
        6,
        30,
        100,
    )
    .expect("valid");
    assert_eq!(
        late.verify("000000", 99, 1, None),
        Err(OtpError::TimeBeforeEpoch)
    );
    assert_eq!(t.verify(&at(0), 0, 1, None), Ok(0));
    assert_eq!(t.verify(&at(1), 0, 1, None), Ok(1));
}

/// HOTP verify: look-ahead, resynchronisation, replay by counter, bounds.
#[test]
fn hotp_verify_criteria() {
    let h = Hotp::new(
        OtpSecret::from_slice(SEED).expect("seed"),
        Algorithm::Sha1,
        6,
    )
    .expect("valid");
    // RFC 4226 Appendix D: counter 0 = 755224, 5 = 254676.
    let cases: Vec<(&str, &str, u64, u64, Result<u64, OtpError>)> = vec![
        ("exact counter", "755224", 0, 0, Ok(0)),
        ("ahead within look-ahead", "254676", 0, 5, Ok(5)),
        (
            "ahead beyond look-ahead",
            "254676",
            0,
            4,
            Err(OtpError::CodeRejected),
        ),
        (
            "used counter (next is 1)",
            "755224",
            1,
            10,
            Err(OtpError::CodeRejected),
        ),
        ("malformed", "75522", 0, 0, Err(OtpError::CodeRejected)),
        (
            "look-ahead above max",
            "755224",
            0,
            101,
            Err(OtpError::WindowTooLarge),
        ),
        (
            "counter overflow",
            "755224",
            u64::MAX,
            1,
            Err(OtpError::CounterOverflow),
        ),
        (
            "counter at max, no look-ahead",
            "000000",
            u64::MAX,
            0,
            Err(OtpError::CodeRejected),
        ),
    ];
    for (what, code, counter, look_ahead, expected) in cases {
        assert_eq!(h.verify(code, counter, look_ahead), expected, "{what}");
    }
}

/// otpauth URI parsing: accepted forms and every typed refusal.
#[test]
fn uri_parse_criteria() {
    const S: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let ok: Vec<(&str, String, OtpKind, Option<&str>, &str)> = vec![
        (
            "minimal",
            format!("otpauth://totp/alice?secret={S}"),
            OtpKind::Totp { period: 30 },
            None,
            "alice",
        ),
        (
            "label issuer only",
            format!("otpauth://totp/ACME:alice?secret={S}"),
            OtpKind::Totp { period: 30 },
            Some("ACME"),
            "alice",
        ),
        (
            "issuer param only",
            format!("otpauth://totp/alice?secret={S}&issuer=ACME"),
            OtpKind::Totp { period: 30 },
            Some("ACME"),
            "alice",
        ),
        (
            "space after colon",
            format!("otpauth://totp/ACME:%20alice?secret={S}"),
            OtpKind::Totp { period: 30 },
            Some("ACME"),
            "alice",
        ),
        (
            "encoded colon",
            format!("otpauth://totp/ACME%3Aalice?secret={S}&issuer=ACME"),
            OtpKind::Totp { period: 30 },
            Some("ACME"),
            "alice",
        ),
        (
            "plus is space in query",
            format!("otpauth://totp/a?secret={S}&issuer=A+B"),
            OtpKind::Totp { period: 30 },
            Some("A B"),
            "a",
        ),
        (
            "upper-case scheme",
            format!("OTPAUTH://TOTP/a?secret={S}"),
            OtpKind::Totp { period: 30 },
            None,
            "a",
        ),
        (
            "lower-case secret",
            format!("otpauth://totp/a?secret={}", S.to_lowercase()),
            OtpKind::Totp { period: 30 },
            None,
            "a",
        ),
        (
            "unknown parameter ignored",
            format!("otpauth://totp/a?secret={S}&image=https%3A%2F%2Fx"),
            OtpKind::Totp { period: 30 },
            None,
            "a",
        ),
        (
            "period",
            format!("otpauth://totp/a?secret={S}&period=60"),
            OtpKind::Totp { period: 60 },
            None,
            "a",
        ),
        (
            "hotp counter",
            format!("otpauth://hotp/a?secret={S}&counter=42"),
            OtpKind::Hotp { counter: 42 },
            None,
            "a",
        ),
        (
            "utf-8 label",
            format!("otpauth://totp/Espa%C3%B1a:jos%C3%A9?secret={S}"),
            OtpKind::Totp { period: 30 },
            Some("España"),
            "josé",
        ),
    ];
    for (what, uri, kind, issuer, account) in ok {
        let u = OtpAuthUri::parse(&uri).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(u.kind(), kind, "{what}");
        assert_eq!(u.issuer(), issuer, "{what}");
        assert_eq!(u.account(), account, "{what}");
        assert_eq!(u.secret().expose(), SEED, "{what}");
    }

    let long = format!("otpauth://totp/{}?secret={S}", "a".repeat(2100));
    let bad: Vec<(&str, String, OtpError)> = vec![
        ("too long", long, OtpError::UriTooLong),
        ("empty", String::new(), OtpError::UriSchemeInvalid),
        (
            "wrong scheme",
            format!("https://totp/a?secret={S}"),
            OtpError::UriSchemeInvalid,
        ),
        (
            "wrong type",
            format!("otpauth://motp/a?secret={S}"),
            OtpError::UriSchemeInvalid,
        ),
        (
            "no query",
            "otpauth://totp/alice".to_owned(),
            OtpError::UriSecretMissing,
        ),
        (
            "no secret",
            "otpauth://totp/alice?issuer=A".to_owned(),
            OtpError::UriSecretMissing,
        ),
        (
            "empty label",
            format!("otpauth://totp/?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "empty account",
            format!("otpauth://totp/ACME:?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "empty label issuer",
            format!("otpauth://totp/:alice?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "bad escape",
            format!("otpauth://totp/a%2?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "invalid utf-8",
            format!("otpauth://totp/a%FF?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "control character",
            format!("otpauth://totp/a%0A?secret={S}"),
            OtpError::UriLabelInvalid,
        ),
        (
            "fragment",
            format!("otpauth://totp/a?secret={S}#x"),
            OtpError::UriParameterInvalid,
        ),
        (
            "parameter without =",
            format!("otpauth://totp/a?secret={S}&digits"),
            OtpError::UriParameterInvalid,
        ),
        (
            "duplicate secret",
            format!("otpauth://totp/a?secret={S}&secret={S}"),
            OtpError::UriParameterInvalid,
        ),
        (
            "duplicate digits",
            format!("otpauth://totp/a?secret={S}&digits=6&digits=8"),
            OtpError::UriParameterInvalid,
        ),
        (
            "issuer mismatch",
            format!("otpauth://totp/A:a?secret={S}&issuer=B"),
            OtpError::UriIssuerMismatch,
        ),
        (
            "empty issuer",
            format!("otpauth://totp/a?secret={S}&issuer="),
            OtpError::UriParameterInvalid,
        ),
        (
            "bad algorithm",
            format!("otpauth://totp/a?secret={S}&algorithm=MD5"),
            OtpError::UriParameterInvalid,
        ),
        (
            "digits 5",
            format!("otpauth://totp/a?secret={S}&digits=5"),
            OtpError::DigitsOutOfRange,
        ),
        (
            "digits 11",
            format!("otpauth://totp/a?secret={S}&digits=11"),
            OtpError::DigitsOutOfRange,
        ),
        (
            "digits sign",
            format!("otpauth://totp/a?secret={S}&digits=+6"),
            OtpError::UriParameterInvalid,
        ),
        (
            "digits too many chars",
            format!("otpauth://totp/a?secret={S}&digits=006"),
            OtpError::UriParameterInvalid,
        ),
        (
            "period 0",
            format!("otpauth://totp/a?secret={S}&period=0"),
            OtpError::PeriodOutOfRange,
        ),
        (
            "period huge",
            format!("otpauth://totp/a?secret={S}&period=86401"),
            OtpError::PeriodOutOfRange,
        ),
        (
            "counter not a number",
            format!("otpauth://hotp/a?secret={S}&counter=x"),
            OtpError::UriParameterInvalid,
        ),
        (
            "counter overflow",
            format!("otpauth://hotp/a?secret={S}&counter=18446744073709551616"),
            OtpError::UriParameterInvalid,
        ),
        (
            "hotp without counter",
            format!("otpauth://hotp/a?secret={S}"),
            OtpError::UriCounterMissing,
        ),
        (
            "secret not base32",
            "otpauth://totp/a?secret=ABC1".to_owned(),
            OtpError::Base32Invalid,
        ),
        (
            "secret 9 bytes",
            "otpauth://totp/a?secret=GEZDGNBVGY3TQOI".to_owned(),
            OtpError::SecretTooShort,
        ),
        (
            "bad escape in value",
            format!("otpauth://totp/a?secret={S}&issuer=%G1"),
            OtpError::UriParameterInvalid,
        ),
    ];
    for (what, uri, expected) in bad {
        assert_eq!(OtpAuthUri::parse(&uri).err(), Some(expected), "{what}");
    }
    // Building refuses what could not parse back.
    let t = totp();
    assert_eq!(t.to_uri("", None), Err(OtpError::UriLabelInvalid));
    assert_eq!(t.to_uri("a:b", None), Err(OtpError::UriLabelInvalid));
    assert_eq!(t.to_uri("a", Some("X:Y")), Err(OtpError::UriLabelInvalid));
    let shifted = Totp::new(
        OtpSecret::from_slice(SEED).expect("seed"),
        Algorithm::Sha1,
        6,
        30,
        5,
    )
    .expect("valid");
    assert_eq!(shifted.to_uri("a", None), Err(OtpError::UriUnrepresentable));
    assert!(Totp::from_uri(&format!("otpauth://hotp/a?secret={S}&counter=1")).is_err());
}

const SUBJECT: &str = "1012345678";
const PURPOSE: &str = "sim-activation:provider-x";

fn issuer() -> CodeIssuer {
    CodeIssuer::new(
        1,
        &SecretBytes::from_slice(&[9; 32]),
        CodePolicy::SIM_REGISTRATION,
    )
    .expect("32-byte key")
}

/// redeem: every refusal, with the record's state after each call.
#[test]
fn redeem_criteria() {
    let ci = issuer();
    let t0 = 1_000u64;
    let ttl = CodePolicy::SIM_REGISTRATION.ttl_seconds();
    let (code, fresh) = ci.issue(SUBJECT, PURPOSE, t0).expect("issued");
    let code = code.expose().to_owned();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let used = {
        let mut r = fresh.clone();
        ci.redeem(&mut r, &code, SUBJECT, PURPOSE, t0 + 1)
            .expect("right code");
        r
    };
    let locked = {
        let mut r = fresh.clone();
        for _ in 0..5 {
            let _ = ci.redeem(&mut r, wrong, SUBJECT, PURPOSE, t0 + 1);
        }
        r
    };
    let other_key = CodeIssuer::new(
        1,
        &SecretBytes::from_slice(&[8; 32]),
        CodePolicy::SIM_REGISTRATION,
    )
    .expect("key");
    // (description, issuer, record, code, subject, purpose, now, expected,
    //  attempts after, used after)
    let cases: Vec<(
        &str,
        &CodeIssuer,
        &CodeRecord,
        &str,
        &str,
        &str,
        u64,
        Result<(), OtpError>,
        u16,
        bool,
    )> = vec![
        (
            "right code",
            &ci,
            &fresh,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + 1,
            Ok(()),
            0,
            true,
        ),
        (
            "right code, last second",
            &ci,
            &fresh,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + ttl - 1,
            Ok(()),
            0,
            true,
        ),
        (
            "wrong code",
            &ci,
            &fresh,
            wrong,
            SUBJECT,
            PURPOSE,
            t0 + 1,
            Err(OtpError::CodeRejected),
            1,
            false,
        ),
        (
            "malformed code",
            &ci,
            &fresh,
            "12a",
            SUBJECT,
            PURPOSE,
            t0 + 1,
            Err(OtpError::CodeRejected),
            1,
            false,
        ),
        (
            "other subject",
            &ci,
            &fresh,
            &code,
            "1012345679",
            PURPOSE,
            t0 + 1,
            Err(OtpError::CodeRejected),
            1,
            false,
        ),
        (
            "other purpose",
            &ci,
            &fresh,
            &code,
            SUBJECT,
            "sim-replacement:provider-x",
            t0 + 1,
            Err(OtpError::CodeRejected),
            1,
            false,
        ),
        (
            "expired",
            &ci,
            &fresh,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + ttl,
            Err(OtpError::CodeExpired),
            0,
            false,
        ),
        (
            "used",
            &ci,
            &used,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + 2,
            Err(OtpError::CodeUsed),
            0,
            true,
        ),
        (
            "locked",
            &ci,
            &locked,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + 2,
            Err(OtpError::CodeLocked),
            5,
            false,
        ),
        (
            "other issuer key",
            &other_key,
            &fresh,
            &code,
            SUBJECT,
            PURPOSE,
            t0 + 1,
            Err(OtpError::RecordRejected),
            0,
            false,
        ),
    ];
    for (what, issuer, record, code, subject, purpose, now, expected, attempts, is_used) in cases {
        let mut r = record.clone();
        assert_eq!(
            issuer.redeem(&mut r, code, subject, purpose, now),
            expected,
            "{what}"
        );
        assert_eq!(r.attempts(), attempts, "{what}: attempts");
        assert_eq!(r.is_used(), is_used, "{what}: used");
        // The record stays consistent: it parses back and (unless the key
        // is foreign) its MAC still verifies.
        let back = CodeRecord::from_bytes(&r.to_bytes()).expect("consistent");
        assert_eq!(back, r, "{what}");
    }
}

/// Tampering with any stored field is refused, and leaves the record as is.
#[test]
fn tampered_records_are_refused() {
    let ci = issuer();
    let (code, record) = ci.issue(SUBJECT, PURPOSE, 1_000).expect("issued");
    let blob = record.to_bytes();
    let mut refused = 0;
    for i in 0..blob.len() {
        for bit in [0x01u8, 0x80] {
            let mut edited = blob.clone();
            edited[i] ^= bit;
            let Ok(mut r) = CodeRecord::from_bytes(&edited) else {
                continue;
            };
            let before = r.clone();
            assert_eq!(
                ci.redeem(&mut r, code.expose(), SUBJECT, PURPOSE, 1_001),
                Err(OtpError::RecordRejected),
                "byte {i} bit {bit:#x}"
            );
            assert_eq!(r, before);
            refused += 1;
        }
    }
    assert!(refused > 100, "{refused}");
    // Resetting attempts, clearing the used flag, extending the expiry:
    let mut r = record.clone();
    let _ = ci.redeem(&mut r, "000000", SUBJECT, PURPOSE, 1_001);
    let mut stale = r.to_bytes();
    stale[21..23].copy_from_slice(&0u16.to_be_bytes()); // attempts back to 0
    let mut reset = CodeRecord::from_bytes(&stale).expect("well-formed");
    assert_eq!(
        ci.redeem(&mut reset, code.expose(), SUBJECT, PURPOSE, 1_002),
        Err(OtpError::RecordRejected)
    );
}

/// Structural bounds of `CodeRecord::from_bytes`.
#[test]
fn record_parse_criteria() {
    let (_, record) = issuer().issue(SUBJECT, PURPOSE, 1_000).expect("issued");
    let blob = record.to_bytes();
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = blob.clone();
        f(&mut b);
        CodeRecord::from_bytes(&b).err()
    };
    let m = Some(OtpError::RecordMalformed);
    assert_eq!(with(&|b| b.clear()), m, "empty");
    assert_eq!(with(&|b| b[0] = 2), m, "unknown version");
    assert_eq!(with(&|b| b.push(0)), m, "trailing byte");
    assert_eq!(
        with(&|b| {
            b.pop();
        }),
        m,
        "truncated"
    );
    assert_eq!(with(&|b| b[25] = 2), m, "unknown flag");
    assert_eq!(with(&|b| b[26] = 2), m, "unknown alphabet");
    assert_eq!(with(&|b| b[27] = 5), m, "code length below range");
    assert_eq!(
        with(&|b| b[21..23].copy_from_slice(&6u16.to_be_bytes())),
        m,
        "attempts > max"
    );
    assert_eq!(
        with(&|b| b[23..25].copy_from_slice(&0u16.to_be_bytes())),
        m,
        "max attempts 0"
    );
    assert_eq!(
        with(&|b| b[13..21].copy_from_slice(&0u64.to_be_bytes())),
        m,
        "expires before issue"
    );
    assert_eq!(with(&|b| b[44] = 0), m, "empty subject");
    assert_eq!(with(&|b| b[45] = 0xff), m, "subject not utf-8");
    assert_eq!(
        CodeRecord::from_bytes(&vec![1u8; CodeRecord::MAX_LEN + 1]).err(),
        m,
        "over the length bound"
    );
    // Issue-side bounds.
    let ci = issuer();
    assert_eq!(
        ci.issue("", PURPOSE, 0).err(),
        Some(OtpError::BindingOutOfRange)
    );
    assert_eq!(
        ci.issue(&"x".repeat(256), PURPOSE, 0).err(),
        Some(OtpError::BindingOutOfRange)
    );
}
