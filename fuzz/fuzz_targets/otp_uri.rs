//! otpauth URI parsing: never panics on any input, and whatever parses
//! rebuilds into a URI that parses back to the same authenticator.
#![no_main]

use credkit::otp::OtpAuthUri;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = OtpAuthUri::parse(text) else {
        return;
    };
    // Building can still refuse what has no URI form (a TOTP with a
    // non-zero t0): a typed error, not a panic.
    let Ok(rebuilt) = parsed.to_uri() else {
        return;
    };
    let again = OtpAuthUri::parse(&rebuilt).expect("a built URI parses back");
    assert_eq!(again.kind(), parsed.kind());
    assert_eq!(again.account(), parsed.account());
    assert_eq!(again.issuer(), parsed.issuer());
    assert_eq!(again.digits(), parsed.digits());
    assert_eq!(again.algorithm(), parsed.algorithm());
    assert_eq!(again.secret().expose(), parsed.secret().expose());
});
