//! The individual rules over a normalised password: character classes,
//! repeated characters and patterns, sequences.

/// A character class a policy can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CharClass {
    /// A lowercase letter (`char::is_lowercase`: `a`, `ñ`, `ç`, `é`).
    Lowercase,
    /// An uppercase letter (`char::is_uppercase`: `A`, `Ñ`, `Ç`, `É`).
    Uppercase,
    /// A digit (`char::is_numeric`).
    Digit,
    /// A symbol: one of the policy's symbol set, or, without a set, any
    /// character that is neither a letter nor a digit.
    Symbol,
}

impl CharClass {
    /// Every class, in the order violations report them.
    pub const ALL: [CharClass; 4] = [
        CharClass::Lowercase,
        CharClass::Uppercase,
        CharClass::Digit,
        CharClass::Symbol,
    ];

    /// The class's name: `"lowercase"`, `"uppercase"`, `"digit"` or
    /// `"symbol"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            CharClass::Lowercase => "lowercase",
            CharClass::Uppercase => "uppercase",
            CharClass::Digit => "digit",
            CharClass::Symbol => "symbol",
        }
    }
}

impl core::str::FromStr for CharClass {
    type Err = crate::policy::PolicyError;

    /// Parses a [`CharClass::name`].
    ///
    /// # Errors
    /// [`PolicyError::PolicyParametersInvalid`](crate::policy::PolicyError::PolicyParametersInvalid)
    /// for any other name.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        CharClass::ALL
            .into_iter()
            .find(|class| class.name() == name)
            .ok_or(crate::policy::PolicyError::PolicyParametersInvalid)
    }
}

/// Which classes a password has, as found by [`classes_present`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Present {
    pub lowercase: bool,
    pub uppercase: bool,
    pub digit: bool,
    pub symbol: bool,
}

impl Present {
    pub(crate) fn has(&self, class: CharClass) -> bool {
        match class {
            CharClass::Lowercase => self.lowercase,
            CharClass::Uppercase => self.uppercase,
            CharClass::Digit => self.digit,
            CharClass::Symbol => self.symbol,
        }
    }
}

/// The classes present in `chars`; `symbols` is the accepted symbol set
/// (`None`: any character that is neither alphabetic nor numeric).
pub(crate) fn classes_present(chars: &[char], symbols: Option<&[char]>) -> Present {
    let mut p = Present::default();
    for &c in chars {
        if c.is_lowercase() {
            p.lowercase = true;
        } else if c.is_uppercase() {
            p.uppercase = true;
        } else if c.is_numeric() {
            p.digit = true;
        }
        let is_symbol = match symbols {
            Some(set) => set.contains(&c),
            None => !c.is_alphanumeric(),
        };
        p.symbol |= is_symbol;
    }
    p
}

/// The longest run of one repeated character in `chars`.
pub(crate) fn longest_repeat(chars: &[char]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &c in chars {
        run = if prev == Some(c) { run + 1 } else { 1 };
        prev = Some(c);
        best = best.max(run);
    }
    best
}

/// Whether `chars` is one shorter pattern repeated (`abcabc`, `1212`,
/// `passwordpassword`). Only strings of at least
/// [`MIN_PATTERN_REPEAT_CHARS`] are considered.
pub(crate) fn is_repeated_pattern(chars: &[char]) -> bool {
    let n = chars.len();
    if n < MIN_PATTERN_REPEAT_CHARS {
        return false;
    }
    (1..=n / 2)
        .filter(|unit| n % unit == 0)
        .any(|unit| chars.chunks(unit).all(|c| c == &chars[..unit]))
}

/// Below this length a repeated pattern (`abab`) is not reported.
pub(crate) const MIN_PATTERN_REPEAT_CHARS: usize = 4;

/// Sequences whose consecutive characters, ascending or descending, make a
/// run: the alphabet, the digits, and the letter and digit rows of the
/// QWERTY (with Spanish `ñ`), QWERTZ and AZERTY keyboards. Compared in
/// lowercase.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "1234567890",
    "qwertyuiop",
    "asdfghjklñ",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
];

/// Code for a character in the position tables: ASCII as itself, `ñ` as 128.
fn table_index(c: char) -> Option<usize> {
    match c {
        '\0'..='\x7f' => Some(c as usize),
        'ñ' => Some(128),
        _ => None,
    }
}

/// Number of codes in the successor table: ASCII, then `ñ`.
const CODES: usize = 129;

/// `SUCCESSOR[a * CODES + b]` has bit `s` set when `b` follows `a` in
/// sequence `s` of [`SEQUENCES`]. Built once.
fn successor_table() -> &'static [u16] {
    static TABLE: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![0u16; CODES * CODES];
        for (s, seq) in SEQUENCES.iter().enumerate() {
            let codes: Vec<usize> = seq.chars().filter_map(table_index).collect();
            for pair in codes.windows(2) {
                t[pair[0] * CODES + pair[1]] |= 1 << s;
            }
        }
        t
    })
}

/// The longest ascending or descending run along any of the sequences in
/// `lower` (already lowercased). A single character is a run of 1.
pub(crate) fn longest_sequence(lower: &[char]) -> usize {
    if lower.is_empty() {
        return 0;
    }
    let table = successor_table();
    // Run lengths (in characters) ending at the current character, per
    // sequence and direction.
    let mut up = [1usize; SEQUENCES.len()];
    let mut down = [1usize; SEQUENCES.len()];
    let mut best = 1;
    for pair in lower.windows(2) {
        let (up_mask, down_mask) = match (table_index(pair[0]), table_index(pair[1])) {
            (Some(a), Some(b)) => (table[a * CODES + b], table[b * CODES + a]),
            _ => (0, 0),
        };
        for s in 0..SEQUENCES.len() {
            up[s] = if up_mask & (1 << s) != 0 {
                up[s] + 1
            } else {
                1
            };
            down[s] = if down_mask & (1 << s) != 0 {
                down[s] + 1
            } else {
                1
            };
            best = best.max(up[s]).max(down[s]);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn sequences() {
        assert_eq!(longest_sequence(&chars("abcd")), 4);
        assert_eq!(longest_sequence(&chars("x4321y")), 4);
        assert_eq!(longest_sequence(&chars("qwerty")), 6);
        assert_eq!(longest_sequence(&chars("7890")), 4);
        assert_eq!(longest_sequence(&chars("lkjh")), 4);
        assert_eq!(longest_sequence(&chars("jklñ")), 4);
        assert_eq!(longest_sequence(&chars("a1b2")), 1);
        assert_eq!(longest_sequence(&chars("")), 0);
    }

    #[test]
    fn repeats() {
        assert_eq!(longest_repeat(&chars("xaaaay")), 4);
        assert!(is_repeated_pattern(&chars("abcabc")));
        assert!(is_repeated_pattern(&chars("121212")));
        assert!(!is_repeated_pattern(&chars("abcabd")));
        assert!(!is_repeated_pattern(&chars("aa")));
    }

    #[test]
    fn classes() {
        let p = classes_present(&chars("ñÇ7¡"), Some(&chars("¡!")));
        assert!(p.lowercase && p.uppercase && p.digit && p.symbol);
        let p = classes_present(&chars("abc~"), Some(&chars("¡!")));
        assert!(!p.symbol);
        assert!(classes_present(&chars("abc~"), None).symbol);
    }
}
