//! RFC 4648 §6 Base32 (the alphabet `A–Z2–7`), as used for OTP secrets.
//!
//! Encoding writes upper case, with or without `=` padding. Decoding is
//! tolerant in the ways authenticator users need: lower case, spaces (and
//! tabs) between groups, and missing padding are accepted. Padding, when
//! present, must be the right amount and only at the end.
//!
//! The character-to-value mapping uses arithmetic on masks, not a lookup
//! table or a branch per character class, so decoding a secret does not
//! leak its characters through the cache or the branch predictor.

use zeroize::Zeroizing;

use super::OtpError;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes `bytes` as Base32, upper case, with `=` padding if `padded`.
#[must_use]
pub fn encode(bytes: &[u8], padded: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let bits = block.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        // Number of output characters that carry data: ceil(len * 8 / 5).
        let used = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < used {
                out.push(char::from(ALPHABET[five_bits(bits >> (35 - 5 * i))]));
            } else if padded {
                out.push('=');
            }
        }
    }
    out
}

/// The low five bits of `x`, as an index into [`ALPHABET`].
fn five_bits(x: u64) -> usize {
    usize::from(x.to_be_bytes()[7] & 0x1f)
}

/// The value of one Base32 character (either case), or `None`.
///
/// Computed with masks so that the time does not depend on which character
/// it is (beyond the final validity result).
fn value(c: u8) -> (u8, bool) {
    let upper = c & !0x20; // fold lower case onto upper case for letters
    // is_letter: 'A' <= upper <= 'Z' and c is a letter in either case.
    let letter = ct_in_range(upper, b'A', b'Z') & ct_in_range(c | 0x20, b'a', b'z');
    let digit = ct_in_range(c, b'2', b'7');
    let letter_value = upper.wrapping_sub(b'A');
    let digit_value = c.wrapping_sub(b'2').wrapping_add(26);
    let v = (letter & letter_value) | (digit & digit_value);
    (v, (letter | digit) != 0)
}

/// `0xff` if `lo <= x <= hi`, else `0`, without branches.
fn ct_in_range(x: u8, lo: u8, hi: u8) -> u8 {
    let x = u16::from(x);
    let ge = (x.wrapping_sub(u16::from(lo)) >> 8) ^ 1; // 1 if x >= lo
    let le = (u16::from(hi).wrapping_sub(x) >> 8) ^ 1; // 1 if x <= hi
    let both = u8::from(ge & le & 1 == 1);
    0u8.wrapping_sub(both)
}

/// Decodes Base32 text into bytes held in a zeroizing buffer.
///
/// Accepts lower case, spaces and tabs anywhere, and optional `=` padding.
/// Bits left over after the last whole byte are ignored (as Python's
/// `base64.b32decode` does), so any string of a valid length decodes.
///
/// # Errors
/// [`OtpError::Base32Invalid`] for a character outside the alphabet, padding
/// in the middle or of the wrong amount, or a length that no byte string
/// encodes to (1, 3 or 6 characters in the last group).
///
/// # Security
/// The output is secret material; it is returned in [`Zeroizing`] and the
/// intermediate accumulator is wiped.
pub fn decode(text: &str) -> Result<Zeroizing<Vec<u8>>, OtpError> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8));
    let mut acc = Zeroizing::new(0u64);
    let mut bits = 0u32;
    let mut symbols = 0usize;
    let mut padding = 0usize;
    let mut valid = true;
    for &c in text.as_bytes() {
        if c == b' ' || c == b'\t' {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            // Data after padding.
            return Err(OtpError::Base32Invalid);
        }
        let (v, ok) = value(c);
        valid &= ok;
        *acc = (*acc << 5) | u64::from(v);
        bits += 5;
        symbols += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((*acc >> bits).to_be_bytes()[7]);
        }
    }
    if !valid {
        return Err(OtpError::Base32Invalid);
    }
    // A final group of 1, 3 or 6 symbols encodes no whole number of bytes.
    let tail = symbols % 8;
    if matches!(tail, 1 | 3 | 6) {
        return Err(OtpError::Base32Invalid);
    }
    if padding > 0 && (tail == 0 || tail + padding != 8) {
        return Err(OtpError::Base32Invalid);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10 test vectors.
    const RFC4648: &[(&str, &str)] = &[
        ("", ""),
        ("f", "MY======"),
        ("fo", "MZXQ===="),
        ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes(), true), *encoded);
            assert_eq!(
                encode(plain.as_bytes(), false),
                encoded.trim_end_matches('=')
            );
            assert_eq!(decode(encoded).expect("valid").as_slice(), plain.as_bytes());
            let bare = encoded.trim_end_matches('=').to_lowercase();
            assert_eq!(decode(&bare).expect("valid").as_slice(), plain.as_bytes());
        }
    }

    #[test]
    fn tolerates_spaces_and_case() {
        let d = decode("gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ").expect("valid");
        assert_eq!(d.as_slice(), b"12345678901234567890");
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "A",
            "ABC",
            "ABCDEF",
            "MZXW6YQ1",
            "MZXW6YQ8",
            "MZ=XW6YQ",
            "MY=====",
            "MY=======",
            "MZXW6YTB========",
            "MZXW6YT!",
            "é",
        ] {
            assert_eq!(decode(bad), Err(OtpError::Base32Invalid), "{bad}");
        }
    }

    #[test]
    fn value_covers_alphabet_only() {
        for c in 0u8..=255 {
            let (v, ok) = value(c);
            let expected = ALPHABET
                .iter()
                .position(|&a| a == c.to_ascii_uppercase() && c.is_ascii_alphanumeric());
            assert_eq!(ok, expected.is_some(), "{c}");
            if let Some(i) = expected {
                assert_eq!(usize::from(v), i);
            }
        }
    }
}
