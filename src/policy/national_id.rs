//! National ID numbers used as user names by the served systems: Spanish
//! DNI and NIE, Saudi national ID and Iqama, Jordanian national number.

use super::PolicyError;

/// A country whose national ID numbers credkit validates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Country {
    /// Spain: DNI (8 digits + check letter) and NIE (X/Y/Z + 7 digits + check letter).
    Es,
    /// Saudi Arabia: national ID (starts with 1) and Iqama (starts with 2), 10 digits, Luhn check digit.
    Sa,
    /// Jordan: national number, 10 digits (no public check digit).
    Jo,
}

impl Country {
    /// Parses an ISO 3166-1 alpha-2 code (`"ES"`, `"SA"`, `"JO"`, any case).
    ///
    /// # Errors
    /// [`PolicyError::CountryUnsupported`] for any other code.
    pub fn from_code(code: &str) -> Result<Self, PolicyError> {
        match code.trim().to_ascii_uppercase().as_str() {
            "ES" => Ok(Country::Es),
            "SA" => Ok(Country::Sa),
            "JO" => Ok(Country::Jo),
            _ => Err(PolicyError::CountryUnsupported),
        }
    }
}

/// Longest input accepted before any processing, in bytes. Generous for
/// 9- and 10-character numbers with separators.
pub const MAX_NATIONAL_ID_INPUT_BYTES: usize = 64;

/// The Spanish check-letter table, indexed by the number modulo 23
/// (Real Decreto 1553/2005; the same table as python-stdnum's `es.dni`).
const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Validates `value` as a national ID number of `country` and returns its
/// normalised form: separators (spaces, `-`, `.`) removed, letters
/// uppercased. `12345678-z` becomes `12345678Z`.
///
/// - ES: DNI `NNNNNNNNL` or NIE `[XYZ]NNNNNNNL`; the letter is
///   `TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]`, with X, Y, Z read as 0, 1, 2.
/// - SA: 10 digits starting with 1 (citizen) or 2 (resident, Iqama), the
///   last a Luhn check digit.
/// - JO: 10 digits (the format has no published check digit).
///
/// # Errors
/// [`PolicyError::NationalIdMalformed`] for a wrong length or character,
/// [`PolicyError::NationalIdCheckFailed`] for a wrong check letter or digit.
pub fn normalize_national_id(value: &str, country: Country) -> Result<String, PolicyError> {
    if value.len() > MAX_NATIONAL_ID_INPUT_BYTES {
        return Err(PolicyError::NationalIdMalformed);
    }
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\t'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !compact.is_ascii() {
        return Err(PolicyError::NationalIdMalformed);
    }
    let bytes = compact.as_bytes();
    match country {
        Country::Es => check_spanish(bytes)?,
        Country::Sa => check_saudi(bytes)?,
        Country::Jo => {
            if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
                return Err(PolicyError::NationalIdMalformed);
            }
        }
    }
    Ok(compact)
}

fn check_spanish(b: &[u8]) -> Result<(), PolicyError> {
    let [first, middle @ .., letter] = b else {
        return Err(PolicyError::NationalIdMalformed);
    };
    if b.len() != 9 || !middle.iter().all(u8::is_ascii_digit) || !letter.is_ascii_uppercase() {
        return Err(PolicyError::NationalIdMalformed);
    }
    let lead = match first {
        b'0'..=b'9' => u32::from(first - b'0'),
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return Err(PolicyError::NationalIdMalformed),
    };
    let number = middle
        .iter()
        .fold(lead, |n, d| n * 10 + u32::from(d - b'0'));
    // Invariant: number % 23 < 23 = DNI_LETTERS.len().
    let expected = DNI_LETTERS[(number % 23) as usize];
    if expected == *letter {
        Ok(())
    } else {
        Err(PolicyError::NationalIdCheckFailed)
    }
}

fn check_saudi(b: &[u8]) -> Result<(), PolicyError> {
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) || !matches!(b[0], b'1' | b'2') {
        return Err(PolicyError::NationalIdMalformed);
    }
    // Luhn: from the right, every second digit (the 9th, 7th, ... from the
    // left counted from 1: indexes 0, 2, 4, 6, 8) is doubled and its digits
    // summed. This is the check published by the Saudi NIC and implemented
    // by every public validator (e.g. alhazmy13/Saudi-ID-Validator).
    let sum: u32 = b
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    if sum.is_multiple_of(10) {
        Ok(())
    } else {
        Err(PolicyError::NationalIdCheckFailed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes() {
        assert_eq!(Country::from_code("es"), Ok(Country::Es));
        assert_eq!(
            Country::from_code("FR"),
            Err(PolicyError::CountryUnsupported)
        );
    }

    #[test]
    fn long_input_refused_before_work() {
        let long = "1".repeat(MAX_NATIONAL_ID_INPUT_BYTES + 1);
        assert_eq!(
            normalize_national_id(&long, Country::Jo),
            Err(PolicyError::NationalIdMalformed)
        );
    }
}
