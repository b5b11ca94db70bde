//! Policies for single-use codes, and the presets named after the flows
//! they serve.

use super::OtpError;

/// The symbols a single-use code is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeAlphabet {
    /// Decimal digits `0–9` (SMS and phone-keypad friendly).
    #[default]
    Digits,
    /// Crockford Base32 (`0–9`, `A–Z` without `I L O U`), 5 bits per
    /// symbol. On input, lower case is accepted, `I`/`L` read as `1`, `O` as
    /// `0`, and `-` and spaces are ignored, so codes can be printed in
    /// groups (`7K2Q-M9XD`).
    Crockford,
}

impl CodeAlphabet {
    /// The alphabet's name: `"digits"` or `"crockford"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            CodeAlphabet::Digits => "digits",
            CodeAlphabet::Crockford => "crockford",
        }
    }

    pub(crate) fn to_byte(self) -> u8 {
        match self {
            CodeAlphabet::Digits => 0,
            CodeAlphabet::Crockford => 1,
        }
    }

    /// Parses a [`CodeAlphabet::name`].
    ///
    /// # Errors
    /// [`OtpError::PolicyOutOfRange`] for any other name.
    pub fn from_name(name: &str) -> Result<Self, OtpError> {
        [CodeAlphabet::Digits, CodeAlphabet::Crockford]
            .into_iter()
            .find(|alphabet| alphabet.name() == name)
            .ok_or(OtpError::PolicyOutOfRange)
    }

    pub(crate) fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(CodeAlphabet::Digits),
            1 => Some(CodeAlphabet::Crockford),
            _ => None,
        }
    }

    /// Allowed code lengths for this alphabet.
    pub(crate) fn length_range(self) -> core::ops::RangeInclusive<u8> {
        match self {
            CodeAlphabet::Digits => CodePolicy::MIN_DIGITS..=CodePolicy::MAX_DIGITS,
            CodeAlphabet::Crockford => CodePolicy::MIN_CROCKFORD..=CodePolicy::MAX_CROCKFORD,
        }
    }
}

/// How the codes of a [`CodeIssuer`](super::CodeIssuer) look and live.
///
/// Invariant: the length is within the alphabet's range, `1 <= ttl <=
/// MAX_TTL_SECONDS` and `1 <= max_attempts <= MAX_ATTEMPTS_LIMIT`, checked by
/// [`CodePolicy::new`] and true of every preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodePolicy {
    alphabet: CodeAlphabet,
    length: u8,
    ttl_seconds: u64,
    max_attempts: u16,
}

impl CodePolicy {
    /// Fewest digits: 6 (NIST SP 800-63B §5.1.3.1: out-of-band secrets of
    /// at least 6 decimal digits).
    pub const MIN_DIGITS: u8 = 6;
    /// Most digits: 10.
    pub const MAX_DIGITS: u8 = 10;
    /// Fewest Crockford symbols: 6 (30 bits).
    pub const MIN_CROCKFORD: u8 = 6;
    /// Most Crockford symbols: 16 (80 bits).
    pub const MAX_CROCKFORD: u8 = 16;
    /// Longest lifetime: 30 days.
    pub const MAX_TTL_SECONDS: u64 = 30 * 24 * 3600;
    /// Highest attempt limit accepted: 100 (NIST SP 800-63B §5.2.2 caps
    /// consecutive failures at 100).
    pub const MAX_ATTEMPTS_LIMIT: u16 = 100;
    /// Default attempt limit: 5 (the Cl@ve lock-out after 5 failures).
    pub const DEFAULT_MAX_ATTEMPTS: u16 = 5;

    /// The SIM-registration code of the Nafath / telecom flow: 6 digits,
    /// valid for 4 hours, single use, locked after 5 failed attempts. Bind
    /// it to the service and provider through the purpose, e.g.
    /// `"sim-activation:provider-x"`.
    pub const SIM_REGISTRATION: Self = Self {
        alphabet: CodeAlphabet::Digits,
        length: 6,
        ttl_seconds: 4 * 3600,
        max_attempts: 5,
    };

    /// The Cl@ve activation code (sent by post or handed over in person,
    /// then followed by an SMS code): 10 Crockford symbols (50 bits), valid
    /// for 30 days, locked after 5 failed attempts. The length and lifetime
    /// are credkit's choice for a mailed code, not a published Cl@ve figure.
    pub const CLAVE_ACTIVATION: Self = Self {
        alphabet: CodeAlphabet::Crockford,
        length: 10,
        ttl_seconds: 30 * 24 * 3600,
        max_attempts: 5,
    };

    /// The SMS login code (also Cl@ve's SMS step): 6 digits, valid for 5
    /// minutes (within the 5–10 minutes usual for SMS OTP; NIST SP 800-63B
    /// §5.1.3.2 allows at most 10), single use, 5 attempts.
    pub const SMS_LOGIN: Self = Self {
        alphabet: CodeAlphabet::Digits,
        length: 6,
        ttl_seconds: 5 * 60,
        max_attempts: 5,
    };

    /// A custom policy.
    ///
    /// # Errors
    /// [`OtpError::PolicyOutOfRange`] if the length is outside the
    /// alphabet's range (digits 6–10, Crockford 6–16), the lifetime outside
    /// 1 s–30 days, or the attempt limit outside 1–100.
    pub fn new(
        alphabet: CodeAlphabet,
        length: u8,
        ttl_seconds: u64,
        max_attempts: u16,
    ) -> Result<Self, OtpError> {
        // Invariant established here.
        if !alphabet.length_range().contains(&length)
            || !(1..=Self::MAX_TTL_SECONDS).contains(&ttl_seconds)
            || !(1..=Self::MAX_ATTEMPTS_LIMIT).contains(&max_attempts)
        {
            return Err(OtpError::PolicyOutOfRange);
        }
        Ok(Self {
            alphabet,
            length,
            ttl_seconds,
            max_attempts,
        })
    }

    /// The alphabet.
    #[must_use]
    pub fn alphabet(&self) -> CodeAlphabet {
        self.alphabet
    }

    /// Number of symbols in a code.
    #[must_use]
    pub fn length(&self) -> u8 {
        self.length
    }

    /// Lifetime in seconds.
    #[must_use]
    pub fn ttl_seconds(&self) -> u64 {
        self.ttl_seconds
    }

    /// Failed attempts after which the record is locked.
    #[must_use]
    pub fn max_attempts(&self) -> u16 {
        self.max_attempts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_satisfy_invariant() {
        for p in [
            CodePolicy::SIM_REGISTRATION,
            CodePolicy::CLAVE_ACTIVATION,
            CodePolicy::SMS_LOGIN,
        ] {
            assert_eq!(
                CodePolicy::new(p.alphabet(), p.length(), p.ttl_seconds(), p.max_attempts()),
                Ok(p)
            );
        }
        assert_eq!(CodePolicy::SIM_REGISTRATION.ttl_seconds(), 14_400);
    }

    #[test]
    fn bounds() {
        let bad = [
            (CodeAlphabet::Digits, 5, 60, 5),
            (CodeAlphabet::Digits, 11, 60, 5),
            (CodeAlphabet::Crockford, 17, 60, 5),
            (CodeAlphabet::Digits, 6, 0, 5),
            (CodeAlphabet::Digits, 6, CodePolicy::MAX_TTL_SECONDS + 1, 5),
            (CodeAlphabet::Digits, 6, 60, 0),
            (CodeAlphabet::Digits, 6, 60, 101),
        ];
        for (a, l, t, m) in bad {
            assert_eq!(
                CodePolicy::new(a, l, t, m),
                Err(OtpError::PolicyOutOfRange),
                "{a:?} {l} {t} {m}"
            );
        }
        assert!(CodePolicy::new(CodeAlphabet::Crockford, 16, 1, 100).is_ok());
    }
}
