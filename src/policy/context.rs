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
    let mut out = Zeroizing::new(String::with_capacity(s.len()));
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        out.extend(c.to_lowercase());
    }
    out
}

/// The folded words of one context item: each run of letters and digits,
/// and inside it each run of letters only and of digits only
/// (`12345678Z` gives `12345678z` and `12345678`; `juan.garcia@x.es`
/// gives `juan`, `garcia`), keeping words of at least
/// [`MIN_CONTEXT_WORD_CHARS`] code points.
pub(crate) fn words(item: &str, out: &mut Vec<Zeroizing<String>>) {
    let folded = fold(item);
    let mut push = |w: &str| {
        if w.chars().count() >= MIN_CONTEXT_WORD_CHARS && !out.iter().any(|o| o.as_str() == w) {
            out.push(Zeroizing::new(w.to_owned()));
        }
    };
    for token in folded.split(|c: char| !c.is_alphanumeric()) {
        push(token);
        for part in token.split(|c: char| !c.is_alphabetic()) {
            push(part);
        }
        for part in token.split(|c: char| !c.is_numeric()) {
            push(part);
        }
    }
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
        words("juan.garcía@example.es", &mut w);
        words("12345678Z", &mut w);
        words("Al", &mut w);
        let w: Vec<&str> = w.iter().map(|s| s.as_str()).collect();
        assert_eq!(w, ["juan", "garcia", "example", "12345678z", "12345678"]);
    }
}
