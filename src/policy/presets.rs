//! The policy presets, each with its source: Cl@ve Permanente, NIST SP
//! 800-63B-4 and a transaction PIN.
//!
//! Every preset starts from the same rule-free base policy that
//! [`PolicyBuilder`](super::PolicyBuilder) starts from, and states only what
//! its source asks for. A rule a source does not mention stays off.

use super::{CharClass, Policy, PolicyError};

/// Cl@ve Permanente (the Cl@ve security page, "Cl@ve Permanente:
/// contraseña").
impl Policy {
    /// The special characters Cl@ve accepts (Cl@ve security page; `?`
    /// appears twice there).
    pub const CLAVE_SYMBOLS: &'static str = "¡!$?%&#@/\\()=¿*[];,:._<>+-";
    /// Cl@ve's minimum length (Cl@ve security page: "al menos 8 caracteres").
    pub const CLAVE_MIN_LENGTH: usize = 8;
    /// From this length Cl@ve waives the character-class rules.
    pub const CLAVE_WAIVE_CLASSES_FROM: usize = 16;
    /// Cl@ve states no maximum; this is the maximum NIST requires be allowed.
    pub const CLAVE_MAX_LENGTH: usize = 64;

    /// The Cl@ve Permanente rules: at least 8 characters; a lowercase
    /// letter, an uppercase letter, a digit and a symbol from
    /// [`Policy::CLAVE_SYMBOLS`], waived from 16 characters; not containing
    /// the holder's name, surnames or ID number (pass them as context); not
    /// the previous password ([`Policy::check_with_previous`]); not on the
    /// common-password list.
    #[must_use]
    pub fn clave() -> Self {
        Policy {
            min_length: Self::CLAVE_MIN_LENGTH,
            max_length: Self::CLAVE_MAX_LENGTH,
            classes: vec![
                CharClass::Lowercase,
                CharClass::Uppercase,
                CharClass::Digit,
                CharClass::Symbol,
            ],
            min_classes: 4,
            symbols: Some(Self::CLAVE_SYMBOLS.chars().collect()),
            waive_classes_from: Some(Self::CLAVE_WAIVE_CLASSES_FROM),
            blocklist: true,
            context: true,
            ..Self::base()
        }
    }
}

/// NIST SP 800-63B-4, §3.1.1.2 ("Password Verifiers").
impl Policy {
    /// SP 800-63B-4 §3.1.1.2: at least 15 characters for a password used
    /// as a single factor.
    pub const NIST_MIN_LENGTH_SINGLE_FACTOR: usize = 15;
    /// SP 800-63B-4 §3.1.1.2: at least 8 characters for a password used
    /// only as part of multi-factor authentication.
    pub const NIST_MIN_LENGTH_MULTI_FACTOR: usize = 8;
    /// The maximum length [`Policy::nist`] allows (SP 800-63B-4: at least 64).
    pub const NIST_MAX_LENGTH: usize = 128;
    /// Longest run of one character, and of a sequence, the NIST and PIN
    /// presets allow (`aaaa`, `1234` refused; `aaa`, `123` allowed).
    /// SP 800-63B-4 lists "repetitive or sequential characters" among what a
    /// blocklist should catch without fixing a length; 3 is credkit's choice.
    pub const DEFAULT_MAX_RUN: usize = 3;

    /// NIST SP 800-63B-4 §3.1.1.2 for a password used as a single factor:
    /// at least 15 code points (8 with `multi_factor`), up to
    /// [`Policy::NIST_MAX_LENGTH`], no composition rules, refused if on the
    /// blocklist, if it contains a context word (pass the user name and the
    /// service name), or if it is repetitive or sequential.
    #[must_use]
    pub fn nist(multi_factor: bool) -> Self {
        Policy {
            min_length: if multi_factor {
                Self::NIST_MIN_LENGTH_MULTI_FACTOR
            } else {
                Self::NIST_MIN_LENGTH_SINGLE_FACTOR
            },
            max_length: Self::NIST_MAX_LENGTH,
            blocklist: true,
            context: true,
            max_repeat: Some(Self::DEFAULT_MAX_RUN),
            max_sequence: Some(Self::DEFAULT_MAX_RUN),
            ..Self::base()
        }
    }
}

/// A transaction PIN, as Sanad uses one (the services in the repository's
/// `README.md`): digits only, no trivial patterns.
impl Policy {
    /// Shortest PIN length [`Policy::pin`] accepts.
    pub const MIN_PIN_LENGTH: usize = 4;
    /// Longest PIN length [`Policy::pin`] accepts.
    pub const MAX_PIN_LENGTH: usize = 12;
    /// The default PIN length (Sanad's transaction PIN).
    pub const DEFAULT_PIN_LENGTH: usize = 6;

    /// A transaction PIN: exactly `length` ASCII digits; refuses runs of
    /// more than 3 equal digits and repeated patterns (`111111`, `121212`),
    /// ascending or descending runs of more than 3 (`1234`, `9876`), and the
    /// all-digit entries of the common-password list (`123123`, `159753`).
    ///
    /// # Errors
    /// [`PolicyError::PolicyParametersInvalid`] if `length` is outside
    /// [`Policy::MIN_PIN_LENGTH`]..=[`Policy::MAX_PIN_LENGTH`].
    pub fn pin(length: usize) -> Result<Self, PolicyError> {
        if !(Self::MIN_PIN_LENGTH..=Self::MAX_PIN_LENGTH).contains(&length) {
            return Err(PolicyError::PolicyParametersInvalid);
        }
        Ok(Policy {
            min_length: length,
            max_length: length,
            blocklist: true,
            max_repeat: Some(Self::DEFAULT_MAX_RUN),
            max_sequence: Some(Self::DEFAULT_MAX_RUN),
            digits_only: true,
            ..Self::base()
        })
    }
}
