//! Context words: the user's name, surnames, user id, e-mail local part,
//! service name. Matched case- and accent-insensitively.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use zeroize::Zeroizing;

/// Context words shorter than this many code points are ignored (too many
/// false matches: `Al`, `Li`, `de`).
pub const MIN_CONTEXT_WORD_CHARS: usize = 3;

/// Case- and accent-folds `s`: compatibility decomposition (NFKD), combining
/// marks removed, lowercased. `García` and `GARCIA` fold to `garcia`.
pub(crate) fn fold(s: &str) -> Zeroizing<String> {
    if s.is_ascii() {
        return Zeroizing::new(s.to_ascii_lowercase());
    }
    crate::secret::collect_secret_string(
        s.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
        s.len(),
    )
}

/// The words of one context item, folded: each run of letters and digits,
/// and inside it each run of letters only and of digits only
/// (`12345678Z` gives `12345678z` and `12345678`; `juan.garcia@x.es`
/// gives `juan`, `garcia`), keeping words of at least
/// [`MIN_CONTEXT_WORD_CHARS`] code points. Calls `f` on each until it
/// returns true.
pub(crate) fn any_word(item: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let folded = fold(item);
    let mut check = |w: &str| w.chars().count() >= MIN_CONTEXT_WORD_CHARS && f(w);
    for token in folded.split(|c: char| !c.is_alphanumeric()) {
        if check(token) {
            return true;
        }
        let mixed = token.chars().any(char::is_alphabetic) && token.chars().any(char::is_numeric);
        if mixed
            && (token.split(|c: char| !c.is_alphabetic()).any(&mut check)
                || token.split(|c: char| !c.is_numeric()).any(&mut check))
        {
            return true;
        }
    }
    false
}

/// Whether `folded_password` (already folded) contains a word of `context`.
pub(crate) fn contains_any(folded_password: &str, context: &[&str]) -> bool {
    context
        .iter()
        .any(|item| any_word(item, |w| folded_password.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_case_and_accents() {
        assert_eq!(fold("GarcíA").as_str(), "garcia");
        assert_eq!(fold("Ñúñez").as_str(), "nunez");
        assert_eq!(fold("ＪＵＡＮ").as_str(), "juan");
    }

    #[test]
    fn words_split_and_filter() {
        let mut w = Vec::new();
        for item in ["juan.garcía@example.es", "12345678Z", "Al"] {
            any_word(item, |x| {
                w.push(x.to_owned());
                false
            });
        }
        assert_eq!(w, ["juan", "garcia", "example", "12345678z", "12345678"]);
    }
}
