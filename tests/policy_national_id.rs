//! National ID numbers: known valid and invalid numbers.
//!
//! Sources: the Spanish vectors are python-stdnum 2.2's doctests
//! (`stdnum/es/dni.py`: `54362315-K` valid, `54362315Z` bad check letter;
//! `stdnum/es/nie.py`: `x-2482300w` valid, `x-2482300a` bad check letter);
//! the Saudi vectors are from the saudi-id-validator npm package's README
//! (`1000000008` valid, `1000000000` invalid, `100000000` too short).

use credkit::policy::{Country, PolicyError, normalize_national_id};
use proptest::prelude::*;

/// One row per validation criterion, for every supported country.
#[test]
fn validation_table() {
    use PolicyError::{NationalIdCheckFailed as Check, NationalIdMalformed as Malformed};
    let table: &[(&str, Country, Result<&str, PolicyError>)] = &[
        ("54362315-K", Country::Es, Ok("54362315K")),
        ("54362315k", Country::Es, Ok("54362315K")),
        (" 54362315 K ", Country::Es, Ok("54362315K")),
        ("54362315Z", Country::Es, Err(Check)),
        ("54362315", Country::Es, Err(Malformed)),
        ("5436231K", Country::Es, Err(Malformed)),
        ("543623150K", Country::Es, Err(Malformed)),
        ("5436231AK", Country::Es, Err(Malformed)),
        ("543623159", Country::Es, Err(Malformed)),
        ("x-2482300w", Country::Es, Ok("X2482300W")),
        ("x-2482300a", Country::Es, Err(Check)),
        ("W2482300W", Country::Es, Err(Malformed)),
        ("X248230W", Country::Es, Err(Malformed)),
        ("12345678z", Country::Es, Ok("12345678Z")),
        ("00000000T", Country::Es, Ok("00000000T")),
        ("1000000008", Country::Sa, Ok("1000000008")),
        ("1000000000", Country::Sa, Err(Check)),
        ("100000000", Country::Sa, Err(Malformed)),
        ("3000000008", Country::Sa, Err(Malformed)),
        ("10000000a8", Country::Sa, Err(Malformed)),
        ("١٠٠٠٠٠٠٠٠٨", Country::Sa, Err(Malformed)),
        ("9871234567", Country::Jo, Ok("9871234567")),
        ("987-123-4567", Country::Jo, Ok("9871234567")),
        ("987123456", Country::Jo, Err(Malformed)),
        ("98712345678", Country::Jo, Err(Malformed)),
        ("98712345a7", Country::Jo, Err(Malformed)),
        ("", Country::Jo, Err(Malformed)),
    ];
    for (input, country, expected) in table {
        let got = normalize_national_id(input, *country);
        assert_eq!(got.as_deref(), expected.as_deref(), "{input:?} {country:?}");
    }
}

/// The Luhn check of a 9-digit prefix, written independently of the crate.
fn luhn_digit(prefix: &[u8; 9]) -> u8 {
    // Double every second digit from the right of the full number, which
    // for a 10-digit number is the 1st, 3rd, ... 9th from the left.
    let mut sum = 0u32;
    for (i, d) in prefix.iter().enumerate() {
        let d = u32::from(*d);
        sum += if i % 2 == 0 {
            [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][d as usize]
        } else {
            d
        };
    }
    u8::try_from((10 - sum % 10) % 10).expect("a digit")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Exactly one check digit is accepted for every Saudi prefix.
    #[test]
    fn saudi_exactly_one_check_digit(first in 1u8..=2, rest in proptest::array::uniform8(0u8..10)) {
        let mut prefix = [0u8; 9];
        prefix[0] = first;
        prefix[1..].copy_from_slice(&rest);
        let good = luhn_digit(&prefix);
        for d in 0..10u8 {
            let s: String = prefix.iter().chain([d].iter()).map(|x| char::from(b'0' + x)).collect();
            let ok = normalize_national_id(&s, Country::Sa).is_ok();
            prop_assert_eq!(ok, d == good, "{}", s);
        }
    }

    /// Exactly one check letter is accepted for every DNI number.
    #[test]
    fn dni_exactly_one_letter(n in 0u32..100_000_000) {
        let valid: Vec<char> = ('A'..='Z')
            .filter(|l| normalize_national_id(&format!("{n:08}{l}"), Country::Es).is_ok())
            .collect();
        prop_assert_eq!(valid.len(), 1);
        prop_assert_eq!(valid[0], b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize] as char);
    }

    /// No input panics, and the output, when any, is a fixed point.
    #[test]
    fn no_panic_and_idempotent(s in "\\PC{0,20}", c in 0usize..3) {
        let country = [Country::Es, Country::Sa, Country::Jo][c];
        if let Ok(norm) = normalize_national_id(&s, country) {
            prop_assert_eq!(normalize_national_id(&norm, country), Ok(norm.clone()));
        }
    }
}
