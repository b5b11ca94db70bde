//! Base45 against the examples of RFC 9285 ("The Base45 Data Encoding"),
//! §4.3 (encoding) and §4.4 (decoding), transcribed from the RFC text, and
//! the invalid input named in §4.2.

use credkit::credential::{CredentialError, base45_decode, base45_encode};

/// RFC 9285 §4.3: "AB", "Hello!!" and "base-45"; §4.4: "ietf!".
const VECTORS: &[(&[u8], &str)] = &[
    (b"AB", "BB8"),
    (b"Hello!!", "%69 VD92EX0"),
    (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"),
];

#[test]
fn rfc9285_examples_encode() {
    for (data, text) in VECTORS {
        assert_eq!(base45_encode(data), *text);
    }
}

#[test]
fn rfc9285_examples_decode() {
    for (data, text) in VECTORS {
        assert_eq!(base45_decode(text).as_deref(), Ok(*data));
    }
}

/// RFC 9285 §4.2: "GGW" decodes to 65536, which does not fit in two bytes;
/// also a lone trailing character and characters outside the alphabet.
#[test]
fn rfc9285_invalid_input() {
    for bad in ["GGW", "BB8A", "bb8", "BB8=", "::", "%69 VD92EX0\n"] {
        assert_eq!(
            base45_decode(bad),
            Err(CredentialError::Base45Invalid),
            "{bad:?}"
        );
    }
}

#[test]
fn empty_input() {
    assert_eq!(base45_encode(b""), "");
    assert_eq!(base45_decode(""), Ok(vec![]));
}
