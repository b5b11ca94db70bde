//! Base45 (RFC 9285): binary data as QR-code alphanumeric text.
//!
//! Two bytes `[a, b]` become `n = a·256 + b = c + d·45 + e·45²`, written as
//! the three characters `c d e`; a final single byte `a = c + d·45` becomes
//! `c d`. Decoding refuses characters outside the 45-character alphabet, a
//! dangling single character, and triples or pairs whose value exceeds what
//! two (or one) bytes can hold (RFC 9285 §4.2: "GGW" is 65536 and invalid).

use super::CredentialError;

/// The RFC 9285 §4 alphabet: the QR code alphanumeric character set.
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// The alphabet index of `c`, or `None` for a character outside it.
fn value_of(c: u8) -> Option<u16> {
    let v = match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'Z' => c - b'A' + 10,
        b' ' => 36,
        b'$' => 37,
        b'%' => 38,
        b'*' => 39,
        b'+' => 40,
        b'-' => 41,
        b'.' => 42,
        b'/' => 43,
        b':' => 44,
        _ => return None,
    };
    Some(u16::from(v))
}

fn char_of(v: u16) -> char {
    // `v % 45` is always a valid index into the 45-character alphabet.
    char::from(ALPHABET[usize::from(v % 45)])
}

/// Encodes `data` as Base45 (RFC 9285 §4).
#[must_use]
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(2) * 3);
    let mut chunks = data.chunks_exact(2);
    for pair in &mut chunks {
        let n = u32::from(pair[0]) * 256 + u32::from(pair[1]);
        // n < 65536 < 45³, so `e` is a single base-45 digit.
        let (c, rest) = (n % 45, n / 45);
        let (d, e) = (rest % 45, rest / 45);
        out.push(char_of(digit(c)));
        out.push(char_of(digit(d)));
        out.push(char_of(digit(e)));
    }
    if let [a] = chunks.remainder() {
        let n = u32::from(*a);
        out.push(char_of(digit(n % 45)));
        out.push(char_of(digit(n / 45)));
    }
    out
}

/// A base-45 digit (always < 45) as `u16`.
fn digit(d: u32) -> u16 {
    u16::try_from(d % 45).unwrap_or(0)
}

/// Decodes Base45 text (RFC 9285 §4.2).
///
/// # Errors
/// [`CredentialError::Base45Invalid`] for a character outside the alphabet,
/// a length of the form `3k + 1`, or a group whose value does not fit in its
/// bytes.
pub fn decode(text: &str) -> Result<Vec<u8>, CredentialError> {
    let bytes = text.as_bytes();
    if bytes.len() % 3 == 1 {
        return Err(CredentialError::Base45Invalid);
    }
    let mut out = Vec::with_capacity(bytes.len() / 3 * 2 + 1);
    for group in bytes.chunks(3) {
        let mut n: u32 = 0;
        for &c in group.iter().rev() {
            let v = value_of(c).ok_or(CredentialError::Base45Invalid)?;
            n = n * 45 + u32::from(v);
        }
        if group.len() == 3 {
            let pair = u16::try_from(n).map_err(|_| CredentialError::Base45Invalid)?;
            out.extend_from_slice(&pair.to_be_bytes());
        } else {
            let single = u8::try_from(n).map_err(|_| CredentialError::Base45Invalid)?;
            out.push(single);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_round_trips() {
        for (i, &c) in ALPHABET.iter().enumerate() {
            assert_eq!(value_of(c), Some(u16::try_from(i).expect("i < 45")));
        }
        assert_eq!(value_of(b'a'), None);
    }

    #[test]
    fn every_pair_round_trips() {
        for n in [0u16, 1, 44, 45, 255, 256, 2024, 2025, 65534, 65535] {
            let data = n.to_be_bytes();
            assert_eq!(decode(&encode(&data)).expect("round trip"), data);
        }
    }

    #[test]
    fn out_of_range_groups_are_refused() {
        assert_eq!(decode("GGW"), Err(CredentialError::Base45Invalid));
        assert_eq!(decode("::"), Err(CredentialError::Base45Invalid));
        assert_eq!(decode("A"), Err(CredentialError::Base45Invalid));
        assert_eq!(decode("ab8"), Err(CredentialError::Base45Invalid));
    }
}
