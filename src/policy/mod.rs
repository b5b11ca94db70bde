//! Password and PIN policies, blocklists, context words, national ID numbers.
//!
//! A [`Policy`] is a set of rules. [`Policy::check`] normalises the
//! candidate password (NFKC, as NIST SP 800-63B-4 §3.1.1.2 asks), counts its
//! length in Unicode code points, and returns **every** rule it breaks as a
//! [`Violation`] with a stable [`code`](Violation::code), an English
//! [`message`](Violation::message) and its [`params`](Violation::params).
//! An empty list means the password is accepted.
//!
//! Presets: [`Policy::clave`] (Cl@ve Permanente), [`Policy::nist`]
//! (SP 800-63B-4), [`Policy::pin`] (a transaction PIN). [`PolicyBuilder`]
//! makes any other combination.
//!
//! ```
//! use credkit::policy::Policy;
//!
//! let policy = Policy::clave();
//! let codes: Vec<&str> = policy
//!     .check("juan2024", &["Juan", "García", "12345678Z"])
//!     .iter()
//!     .map(|v| v.code())
//!     .collect();
//! // "juan" is also on the common-password list, as a base word.
//! assert_eq!(codes, ["missing_uppercase", "missing_symbol", "blocklisted", "contains_context"]);
//! assert!(policy.check("Río-Tajo;Nube7", &["Juan"]).is_empty());
//! ```

mod blocklist;
mod context;
mod error;
mod filter;
mod fuse;
mod national_id;
mod presets;
mod rules;
mod violation;

use std::collections::HashSet;
use std::sync::Arc;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::secret::{collect_secret_string, secret_chars};

#[cfg(feature = "password")]
use crate::error::kind::ErrorKind;
#[cfg(feature = "password")]
use crate::password::{PasswordError, PasswordHasher};
use zeroize::Zeroizing;

pub use blocklist::common_password_count;
pub use context::MIN_CONTEXT_WORD_CHARS;
pub use error::PolicyError;
pub use filter::{
    BreachFilter, BreachFilterBuilder, FILTER_MAGIC, FILTER_VERSION, FINGERPRINT_BITS,
    MAX_SHARD_BITS, PwnedFileError, TARGET_KEYS_PER_SHARD,
};
pub use national_id::{Country, MAX_NATIONAL_ID_INPUT_BYTES, normalize_national_id};
pub use rules::CharClass;
pub use violation::{BlocklistSource, ParamValue, Violation};

/// A password policy: the rules a new password must satisfy.
///
/// Cheap to clone (the breach filter is shared).
#[derive(Clone, Debug)]
pub struct Policy {
    min_length: usize,
    max_length: usize,
    classes: Vec<CharClass>,
    min_classes: usize,
    symbols: Option<Vec<char>>,
    waive_classes_from: Option<usize>,
    blocklist: bool,
    extra_blocklist: HashSet<String>,
    breach_filter: Option<Arc<BreachFilter>>,
    context: bool,
    max_repeat: Option<usize>,
    max_sequence: Option<usize>,
    digits_only: bool,
}

impl Policy {
    /// The default maximum length of a built policy (NIST's minimum maximum).
    pub const DEFAULT_MAX_LENGTH: usize = 64;
    /// The longest maximum length a policy may set, in code points.
    pub const MAX_LENGTH_LIMIT: usize = 1024;
    /// Input longer than this many bytes is reported `too_long` without
    /// further checks, bounding the work a hostile input can cause.
    pub const MAX_INPUT_BYTES: usize = 4 * Self::MAX_LENGTH_LIMIT;
    /// The policy every preset and the builder start from: no rules but
    /// the default length bounds (1 to [`Policy::DEFAULT_MAX_LENGTH`]).
    fn base() -> Self {
        Policy {
            min_length: 1,
            max_length: Self::DEFAULT_MAX_LENGTH,
            classes: Vec::new(),
            min_classes: 0,
            symbols: None,
            waive_classes_from: None,
            blocklist: false,
            extra_blocklist: HashSet::new(),
            breach_filter: None,
            context: false,
            max_repeat: None,
            max_sequence: None,
            digits_only: false,
        }
    }

    /// A builder starting from no rules but the default length bounds
    /// (1 to [`Policy::DEFAULT_MAX_LENGTH`]).
    #[must_use]
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// This policy, also refusing passwords found in `filter`
    /// (code `blocklisted`, source `breached`).
    #[must_use]
    pub fn with_breach_filter(mut self, filter: Arc<BreachFilter>) -> Self {
        self.breach_filter = Some(filter);
        self
    }

    /// Loads the embedded common-password list now, so the first check
    /// does not pay for it (about 2 ms).
    pub fn warm_up() {
        blocklist::warm_up();
    }

    /// Minimum length in code points.
    #[must_use]
    pub fn min_length(&self) -> usize {
        self.min_length
    }

    /// Maximum length in code points.
    #[must_use]
    pub fn max_length(&self) -> usize {
        self.max_length
    }

    /// Every rule `password` breaks, in a fixed order; empty if accepted.
    ///
    /// `context` holds words the password must not contain: the user's
    /// name, surnames, user id or ID number, e-mail address, the service
    /// name. They are compared case- and accent-insensitively, split into
    /// words, and words shorter than [`MIN_CONTEXT_WORD_CHARS`] code points
    /// are ignored. Reuse of the previous password is checked by
    /// [`Policy::check_with_previous`].
    ///
    /// # Security
    /// Copies of the password made here are zeroized; no violation carries
    /// any part of it.
    #[must_use]
    pub fn check(&self, password: &str, context: &[&str]) -> Vec<Violation> {
        let mut out = Vec::new();
        if password.len() > Self::MAX_INPUT_BYTES {
            out.push(Violation::TooLong {
                max: self.max_length,
            });
            return out;
        }
        let normalized = nfkc(password);
        let chars = secret_chars(&normalized);
        let n = chars.len();
        if n < self.min_length {
            out.push(Violation::TooShort {
                min: self.min_length,
            });
        }
        if n > self.max_length {
            out.push(Violation::TooLong {
                max: self.max_length,
            });
        }
        if self.digits_only && !chars.iter().all(char::is_ascii_digit) {
            out.push(Violation::NotDigits);
        }
        self.check_classes(&chars, &mut out);
        let lower = collect_secret_string(
            normalized.chars().flat_map(char::to_lowercase),
            normalized.len(),
        );
        if let Some(source) = self.blocklisted(&lower, &normalized, password) {
            out.push(Violation::Blocklisted { source });
        }
        if self.context && Self::contains_context(&normalized, context) {
            out.push(Violation::ContainsContext);
        }
        let lower_chars = secret_chars(&lower);
        if let Some(max_run) = self.max_repeat
            && (rules::longest_repeat(&lower_chars) > max_run
                || rules::is_repeated_pattern(&lower_chars))
        {
            out.push(Violation::Repetitive { max_run });
        }
        if let Some(max_run) = self.max_sequence
            && rules::longest_sequence(&lower_chars) > max_run
        {
            out.push(Violation::Sequential { max_run });
        }
        out
    }

    /// [`Policy::check`] for every `(password, context)` pair, in parallel
    /// on credkit's pool: one list of violations per pair, in order.
    ///
    /// # Security
    /// As [`Policy::check`].
    #[must_use]
    pub fn check_many<P, C>(&self, items: &[(P, C)]) -> Vec<Vec<Violation>>
    where
        P: AsRef<str> + Sync,
        C: AsRef<[String]> + Sync,
    {
        use rayon::prelude::*;
        crate::pool::install(|| {
            items
                .par_iter()
                .map(|(password, context)| {
                    let context: Vec<&str> = context.as_ref().iter().map(String::as_str).collect();
                    self.check(password.as_ref(), &context)
                })
                .collect()
        })
    }

    /// [`Policy::check`], and also whether `password` is the previous
    /// password, whose stored hash is `previous_phc` (code `reused`).
    ///
    /// `hasher` verifies the stored hash: pass the service's hasher, with
    /// its pepper keyring and limits (the hasher normalises the password
    /// the same way it did when hashing). The other rules are checked
    /// first; the hash is always verified, whatever they found.
    ///
    /// # Errors
    /// [`PolicyError::PreviousHashUnusable`] if the stored hash is
    /// malformed, names an unknown scheme or pepper, or exceeds the
    /// hasher's limits; [`PolicyError::RandomSourceFailed`] if the hasher
    /// needed randomness and the source failed.
    ///
    /// # Security
    /// The comparison inside the hash verification is constant-time; the
    /// cost is one password verification (tens of milliseconds).
    #[cfg(feature = "password")]
    pub fn check_with_previous(
        &self,
        password: &str,
        context: &[&str],
        hasher: &PasswordHasher,
        previous_phc: &str,
    ) -> Result<Vec<Violation>, PolicyError> {
        let mut out = self.check(password, context);
        match hasher.verify(previous_phc, password) {
            Ok(()) => out.push(Violation::Reused),
            // A password over the hasher's length limit cannot be the
            // previous one, which was hashed under it.
            Err(PasswordError::VerificationFailed | PasswordError::PasswordTooLong) => {}
            Err(e) if e.kind() == ErrorKind::Rng => return Err(PolicyError::RandomSourceFailed),
            Err(_) => return Err(PolicyError::PreviousHashUnusable),
        }
        Ok(out)
    }

    fn check_classes(&self, chars: &[char], out: &mut Vec<Violation>) {
        if self.classes.is_empty() || self.waive_classes_from.is_some_and(|w| chars.len() >= w) {
            return;
        }
        let present = rules::classes_present(chars, self.symbols.as_deref());
        let have = self.classes.iter().filter(|c| present.has(**c)).count();
        if have >= self.min_classes {
            return;
        }
        let (required, of) = (self.min_classes, self.classes.len());
        for class in &self.classes {
            if present.has(*class) {
                continue;
            }
            out.push(match class {
                CharClass::Lowercase => Violation::MissingLowercase { required, of },
                CharClass::Uppercase => Violation::MissingUppercase { required, of },
                CharClass::Digit => Violation::MissingDigit { required, of },
                CharClass::Symbol => Violation::MissingSymbol {
                    required,
                    of,
                    symbols: self.symbols.as_ref().map(|s| s.iter().collect()),
                },
            });
        }
    }

    fn blocklisted(&self, lower: &str, normalized: &str, raw: &str) -> Option<BlocklistSource> {
        if self.blocklist {
            let base = blocklist::base_word(lower);
            let listed = |w: &str| blocklist::is_common(w) || self.extra_blocklist.contains(w);
            if listed(lower)
                || (base.chars().count() >= blocklist::MIN_BASE_WORD_CHARS && listed(base))
            {
                return Some(BlocklistSource::Common);
            }
        }
        if let Some(filter) = &self.breach_filter
            && (filter.contains_password(normalized)
                || (raw != normalized && filter.contains_password(raw)))
        {
            return Some(BlocklistSource::Breached);
        }
        None
    }

    fn contains_context(normalized: &str, context: &[&str]) -> bool {
        !context.is_empty() && context::contains_any(&context::fold(normalized), context)
    }
}

/// The NFKC form of `s`, skipping the normalisation when the quick check
/// proves `s` is already in NFKC (always for ASCII).
fn nfkc(s: &str) -> Zeroizing<String> {
    if s.is_ascii() || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        Zeroizing::new(s.to_owned())
    } else {
        // Usually no longer than the input; `collect_secret_string` grows
        // without leaving copies when it is.
        collect_secret_string(s.nfkc(), s.len())
    }
}

/// Builds a custom [`Policy`].
///
/// ```
/// use credkit::policy::{CharClass, Policy};
///
/// // 10+ characters, any 3 of the 4 classes, no runs of 4.
/// let policy = Policy::builder()
///     .min_length(10)
///     .require_classes(&[CharClass::Lowercase, CharClass::Uppercase, CharClass::Digit, CharClass::Symbol], 3)
///     .max_repeat(3)
///     .max_sequence(3)
///     .blocklist(true)
///     .build()?;
/// assert!(policy.check("Tortuga-Veloz", &[]).is_empty());
/// # Ok::<(), credkit::policy::PolicyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct PolicyBuilder {
    policy: Policy,
}

impl Default for PolicyBuilder {
    fn default() -> Self {
        PolicyBuilder {
            policy: Policy::base(),
        }
    }
}

impl PolicyBuilder {
    /// Minimum length in code points (default 1).
    #[must_use]
    pub fn min_length(mut self, n: usize) -> Self {
        self.policy.min_length = n;
        self
    }

    /// Maximum length in code points (default [`Policy::DEFAULT_MAX_LENGTH`],
    /// at most [`Policy::MAX_LENGTH_LIMIT`]).
    #[must_use]
    pub fn max_length(mut self, n: usize) -> Self {
        self.policy.max_length = n;
        self
    }

    /// Requires at least `min_classes` of `classes` (all of them when
    /// `min_classes == classes.len()`). Each missing class is reported
    /// with its own code when fewer than `min_classes` are present.
    #[must_use]
    pub fn require_classes(mut self, classes: &[CharClass], min_classes: usize) -> Self {
        let mut unique = Vec::new();
        for c in classes {
            if !unique.contains(c) {
                unique.push(*c);
            }
        }
        self.policy.classes = unique;
        self.policy.min_classes = min_classes;
        self
    }

    /// The characters that count as symbols; without a set, any character
    /// that is neither a letter nor a digit counts.
    #[must_use]
    pub fn symbols(mut self, symbols: &str) -> Self {
        self.policy.symbols = Some(symbols.nfkc().collect());
        self
    }

    /// From `length` code points on, the class rules do not apply.
    #[must_use]
    pub fn waive_classes_from(mut self, length: usize) -> Self {
        self.policy.waive_classes_from = Some(length);
        self
    }

    /// Refuse passwords on the embedded common-password list (whole
    /// password or base word, case-insensitively).
    #[must_use]
    pub fn blocklist(mut self, on: bool) -> Self {
        self.policy.blocklist = on;
        self
    }

    /// Adds words to the blocklist (for example the service's name),
    /// matched like the embedded list; turns the blocklist on.
    #[must_use]
    pub fn extra_blocklist<I, S>(mut self, words: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.policy.blocklist = true;
        self.policy.extra_blocklist.extend(
            words
                .into_iter()
                .map(|w| w.as_ref().nfkc().collect::<String>().to_lowercase())
                .filter(|w| !w.is_empty()),
        );
        self
    }

    /// Refuse passwords found in a breached-password filter.
    #[must_use]
    pub fn breach_filter(mut self, filter: Arc<BreachFilter>) -> Self {
        self.policy.breach_filter = Some(filter);
        self
    }

    /// Refuse passwords containing a context word.
    #[must_use]
    pub fn context_words(mut self, on: bool) -> Self {
        self.policy.context = on;
        self
    }

    /// Refuse a run of more than `max_run` equal characters, and a
    /// password that is one pattern repeated.
    #[must_use]
    pub fn max_repeat(mut self, max_run: usize) -> Self {
        self.policy.max_repeat = Some(max_run);
        self
    }

    /// Refuse an ascending or descending run of more than `max_run`
    /// characters along the alphabet, the digits or a keyboard row.
    #[must_use]
    pub fn max_sequence(mut self, max_run: usize) -> Self {
        self.policy.max_sequence = Some(max_run);
        self
    }

    /// Accept only ASCII digits (PINs).
    #[must_use]
    pub fn digits_only(mut self, on: bool) -> Self {
        self.policy.digits_only = on;
        self
    }

    /// Checks the parameters and returns the policy.
    ///
    /// # Errors
    /// [`PolicyError::PolicyParametersInvalid`] if the minimum exceeds the
    /// maximum, the maximum exceeds [`Policy::MAX_LENGTH_LIMIT`], more
    /// classes are required than listed, a run limit is 0, or the symbol
    /// set is empty.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let p = &self.policy;
        let bad = p.min_length > p.max_length
            || p.max_length > Policy::MAX_LENGTH_LIMIT
            || p.min_classes > p.classes.len()
            || p.max_repeat == Some(0)
            || p.max_sequence == Some(0)
            || p.symbols.as_ref().is_some_and(Vec::is_empty);
        if bad {
            return Err(PolicyError::PolicyParametersInvalid);
        }
        Ok(self.policy)
    }
}
