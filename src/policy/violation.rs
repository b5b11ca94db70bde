//! The result of a policy check: one [`Violation`] per broken rule.

use core::fmt;

/// Which list refused a password, in [`Violation::Blocklisted`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BlocklistSource {
    /// The embedded list of common passwords, or the policy's extra words.
    Common,
    /// A breached-password filter built from a Pwned Passwords file.
    Breached,
}

impl BlocklistSource {
    /// The stable name: `"common"` or `"breached"`.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            BlocklistSource::Common => "common",
            BlocklistSource::Breached => "breached",
        }
    }
}

/// A value that explains a violation (a length, a set of symbols).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamValue {
    /// A count: a length, a number of classes.
    Count(usize),
    /// A text: a symbol set, a list name.
    Text(String),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Count(n) => write!(f, "{n}"),
            ParamValue::Text(s) => f.write_str(s),
        }
    }
}

/// One broken rule. [`Violation::code`] is stable (clients match on it);
/// [`Violation::message`] is an English sentence a user can act on;
/// [`Violation::params`] are the values that explain it.
///
/// No variant carries any part of the password.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// Fewer code points than the minimum (`too_short`).
    TooShort {
        /// The minimum length in Unicode code points.
        min: usize,
    },
    /// More code points than the maximum (`too_long`).
    TooLong {
        /// The maximum length in Unicode code points.
        max: usize,
    },
    /// No lowercase letter where one is required (`missing_lowercase`).
    MissingLowercase {
        /// How many of the policy's classes are required.
        required: usize,
        /// How many classes the policy counts.
        of: usize,
    },
    /// No uppercase letter where one is required (`missing_uppercase`).
    MissingUppercase {
        /// How many of the policy's classes are required.
        required: usize,
        /// How many classes the policy counts.
        of: usize,
    },
    /// No digit where one is required (`missing_digit`).
    MissingDigit {
        /// How many of the policy's classes are required.
        required: usize,
        /// How many classes the policy counts.
        of: usize,
    },
    /// No symbol where one is required (`missing_symbol`).
    MissingSymbol {
        /// How many of the policy's classes are required.
        required: usize,
        /// How many classes the policy counts.
        of: usize,
        /// The accepted symbols, or `None` for any character that is not a
        /// letter or a digit.
        symbols: Option<String>,
    },
    /// The password, or its base word, is on a blocklist (`blocklisted`).
    Blocklisted {
        /// Which list.
        source: BlocklistSource,
    },
    /// The password contains one of the context words (`contains_context`).
    ContainsContext,
    /// A character repeated, or the whole password a repeated pattern (`repetitive`).
    Repetitive {
        /// The longest run of one character allowed.
        max_run: usize,
    },
    /// A run of consecutive characters such as `abcd`, `4321` or `qwerty` (`sequential`).
    Sequential {
        /// The longest sequential run allowed.
        max_run: usize,
    },
    /// A character other than an ASCII digit where only digits are allowed (`not_digits`).
    NotDigits,
    /// The password is the previous password (`reused`).
    Reused,
}

impl Violation {
    /// The stable code, one of `too_short`, `too_long`, `missing_lowercase`,
    /// `missing_uppercase`, `missing_digit`, `missing_symbol`, `blocklisted`,
    /// `contains_context`, `repetitive`, `sequential`, `not_digits`, `reused`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Violation::TooShort { .. } => "too_short",
            Violation::TooLong { .. } => "too_long",
            Violation::MissingLowercase { .. } => "missing_lowercase",
            Violation::MissingUppercase { .. } => "missing_uppercase",
            Violation::MissingDigit { .. } => "missing_digit",
            Violation::MissingSymbol { .. } => "missing_symbol",
            Violation::Blocklisted { .. } => "blocklisted",
            Violation::ContainsContext => "contains_context",
            Violation::Repetitive { .. } => "repetitive",
            Violation::Sequential { .. } => "sequential",
            Violation::NotDigits => "not_digits",
            Violation::Reused => "reused",
        }
    }

    /// The values that explain the violation, by name (`min`, `max`,
    /// `required`, `of`, `symbols`, `source`, `max_run`).
    #[must_use]
    pub fn params(&self) -> Vec<(&'static str, ParamValue)> {
        use ParamValue::{Count, Text};
        match self {
            Violation::TooShort { min } => vec![("min", Count(*min))],
            Violation::TooLong { max } => vec![("max", Count(*max))],
            Violation::MissingLowercase { required, of }
            | Violation::MissingUppercase { required, of }
            | Violation::MissingDigit { required, of } => {
                vec![("required", Count(*required)), ("of", Count(*of))]
            }
            Violation::MissingSymbol {
                required,
                of,
                symbols,
            } => {
                let mut p = vec![("required", Count(*required)), ("of", Count(*of))];
                if let Some(s) = symbols {
                    p.push(("symbols", Text(s.clone())));
                }
                p
            }
            Violation::Blocklisted { source } => {
                vec![("source", Text(source.as_str().to_owned()))]
            }
            Violation::Repetitive { max_run } | Violation::Sequential { max_run } => {
                vec![("max_run", Count(*max_run))]
            }
            Violation::ContainsContext | Violation::NotDigits | Violation::Reused => Vec::new(),
        }
    }

    /// An English sentence telling the user what to change.
    #[must_use]
    pub fn message(&self) -> String {
        fn class_hint(required: usize, of: usize) -> String {
            if required < of {
                format!(
                    " (use at least {required} of: lowercase letters, uppercase letters, digits, symbols)"
                )
            } else {
                String::new()
            }
        }
        match self {
            Violation::TooShort { min } => format!("Use at least {min} characters."),
            Violation::TooLong { max } => format!("Use at most {max} characters."),
            Violation::MissingLowercase { required, of } => {
                format!("Add a lowercase letter{}.", class_hint(*required, *of))
            }
            Violation::MissingUppercase { required, of } => {
                format!("Add an uppercase letter{}.", class_hint(*required, *of))
            }
            Violation::MissingDigit { required, of } => {
                format!("Add a digit{}.", class_hint(*required, *of))
            }
            Violation::MissingSymbol {
                required,
                of,
                symbols,
            } => match symbols {
                Some(s) => format!(
                    "Add a special character{}; accepted: {s}",
                    class_hint(*required, *of)
                ),
                None => format!(
                    "Add a special character such as ! or #{}.",
                    class_hint(*required, *of)
                ),
            },
            Violation::Blocklisted {
                source: BlocklistSource::Common,
            } => "This password is too common and easy to guess: choose another.".to_owned(),
            Violation::Blocklisted {
                source: BlocklistSource::Breached,
            } => "This password has appeared in a data breach: choose another.".to_owned(),
            Violation::ContainsContext => {
                "Do not use your name, surnames, user name or ID number in the password.".to_owned()
            }
            Violation::Repetitive { max_run } => format!(
                "Avoid repeating a character more than {max_run} times in a row or repeating a pattern such as abcabc."
            ),
            Violation::Sequential { max_run } => format!(
                "Avoid sequences longer than {max_run} characters such as abcd, 4321 or qwerty."
            ),
            Violation::NotDigits => "Use digits only.".to_owned(),
            Violation::Reused => "Choose a password different from your previous one.".to_owned(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
