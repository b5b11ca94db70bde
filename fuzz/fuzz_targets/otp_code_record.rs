//! `CodeRecord::from_bytes` + `CodeIssuer::redeem` on arbitrary bytes and
//! codes. A genuine record redeemed with an arbitrary code stays consistent.
//! For arbitrary record bytes: never panics, the encoding is canonical (what
//! parses re-encodes to the same bytes), a forged record is always refused,
//! and the refusal leaves it unchanged.
#![no_main]

use credkit::otp::{CodeIssuer, CodePolicy, CodeRecord, OtpError};
use credkit::secret::SecretBytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte: length of the code; then the code; the rest is the record.
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n).min(rest.len());
    let (code, blob) = rest.split_at(n);
    let code = String::from_utf8_lossy(code);
    // A genuine record redeemed with an arbitrary code: the record stays
    // consistent, and a failure counts exactly one attempt.
    let issuer = |key_id| {
        CodeIssuer::new(
            key_id,
            &SecretBytes::from_slice(&[0x5a; 32]),
            CodePolicy::SIM_REGISTRATION,
        )
        .expect("32-byte key")
    };
    let genuine = issuer(1);
    let (_, mut valid) = genuine.issue("subject", "purpose", 0).expect("os rng");
    match genuine.redeem(&mut valid, &code, "subject", "purpose", 1) {
        Ok(()) => assert!(valid.is_used() && valid.attempts() == 0),
        Err(_) => assert!(!valid.is_used() && valid.attempts() == 1),
    }
    assert_eq!(
        CodeRecord::from_bytes(&valid.to_bytes()).as_ref(),
        Ok(&valid)
    );

    let Ok(mut record) = CodeRecord::from_bytes(blob) else {
        return;
    };
    assert_eq!(record.to_bytes(), blob);
    let issuer = issuer(record.key_id());
    let before = record.clone();
    let result = issuer.redeem(
        &mut record,
        &code,
        &before.subject().to_owned(),
        &before.purpose().to_owned(),
        before.issued_at(),
    );
    // The fuzzer cannot forge an HMAC-SHA-256 under a key it never sees.
    assert_eq!(result, Err(OtpError::RecordRejected));
    assert_eq!(record, before);
});
