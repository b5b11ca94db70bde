//! The embedded list of common passwords.
//!
//! `data/common-passwords.txt` is Django's `common-passwords.txt.gz`
//! (Django 5.2.19, `django/contrib/auth/`), the 20,000 most common passwords
//! compiled by Royce Williams from breach corpora, 19,640 distinct lowercase
//! entries after Django's deduplication. Django is BSD-3-Clause; the origin
//! and licence are recorded in `src/policy/data/README.md`.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The embedded list, one lowercase password per line.
const COMMON_PASSWORDS: &str = include_str!("data/common-passwords.txt");

/// The set, built once on first use (about 2 ms).
fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Number of entries in the embedded list.
#[must_use]
pub fn common_password_count() -> usize {
    set().len()
}

/// Whether `lowercase` (already NFKC-normalised and lowercased) is on the
/// embedded list.
pub(crate) fn is_common(lowercase: &str) -> bool {
    set().contains(lowercase)
}

/// The base word: `password` with leading and trailing characters that are
/// not letters removed (`Password1!` -> `Password`, `2024qwerty` ->
/// `qwerty`).
pub(crate) fn base_word(password: &str) -> &str {
    password.trim_matches(|c: char| !c.is_alphabetic())
}

/// Base words shorter than this many code points are not looked up: the
/// list has 1- to 3-character entries (`a`, `abc`) that would refuse
/// `58a917` or `x9abc!`.
pub(crate) const MIN_BASE_WORD_CHARS: usize = 4;

/// Forces the set to be built now rather than on the first check.
pub(crate) fn warm_up() {
    let _ = set();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_large_and_lowercase() {
        assert!(common_password_count() >= 10_000);
        assert!(is_common("password"));
        assert!(is_common("qwerty"));
        assert!(is_common("123456"));
        assert!(!is_common("correct horse battery staple"));
    }

    #[test]
    fn base_word_strips_digits_and_symbols() {
        assert_eq!(base_word("Password1!"), "Password");
        assert_eq!(base_word("qwerty2024"), "qwerty");
        assert_eq!(base_word("!!2024dragon"), "dragon");
        assert_eq!(base_word("123456"), "");
        assert_eq!(base_word("pass word"), "pass word");
    }
}
