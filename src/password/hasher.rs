//! [`PasswordHasher`]: Argon2id hashing into PHC strings, verification of
//! Argon2 and legacy hashes, rehash detection and migration.

use subtle::ConstantTimeEq;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use zeroize::Zeroizing;

use super::PasswordError;
use super::engine::{self, Inputs};
use super::engine::{Variant, Version};
use super::legacy;
use super::params::{Argon2Params, Limits};
use super::pepper::{Keyring, Pepper};
use super::phc::{self, Argon2Phc, Field};
use crate::secret::fill_random;

/// Hashes passwords with Argon2id (version 19) into PHC strings and verifies
/// them; also verifies older Argon2 variants and legacy bcrypt, scrypt and
/// PBKDF2 hashes, which always need a rehash.
///
/// Strings are byte-compatible with the reference implementation and
/// argon2-cffi when no pepper is configured:
/// `$argon2id$v=19$m=19456,t=2,p=1$<16-byte salt>$<32-byte tag>`.
///
/// # Text handling
/// Passwords given as text are NFKC-normalised before hashing (so that
/// "ﬁ" and "fi", or a full-width and an ASCII digit, hash alike), unless
/// [`PasswordHasherBuilder::normalize`] turns it off, for compatibility with
/// hashes made elsewhere without normalisation. Byte passwords that are valid
/// UTF-8 are treated as text; other bytes are hashed as given.
///
/// ```
/// use credkit::password::PasswordHasher;
///
/// let hasher = PasswordHasher::default(); // OWASP preset
/// let phc = hasher.hash("correct horse battery staple")?;
/// assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
/// hasher.verify(&phc, "correct horse battery staple")?;
/// assert!(hasher.verify(&phc, "Tr0ub4dor&3").is_err());
/// assert!(!hasher.needs_rehash(&phc)?);
/// # Ok::<(), credkit::password::PasswordError>(())
/// ```
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    params: Argon2Params,
    limits: Limits,
    keyring: Keyring,
    normalize: bool,
}

impl Default for PasswordHasher {
    /// OWASP parameters, default limits, no pepper, NFKC on.
    fn default() -> Self {
        Self {
            params: Argon2Params::OWASP,
            limits: Limits::DEFAULT,
            keyring: Keyring::new(),
            normalize: true,
        }
    }
}

/// Builds a [`PasswordHasher`].
#[derive(Clone, Debug)]
pub struct PasswordHasherBuilder {
    inner: PasswordHasher,
    error: Option<PasswordError>,
}

impl PasswordHasherBuilder {
    /// Cost parameters for new hashes (default [`Argon2Params::OWASP`]).
    #[must_use]
    pub fn params(mut self, params: Argon2Params) -> Self {
        self.inner.params = params;
        self
    }

    /// Limits on stored hashes and passwords (default [`Limits::DEFAULT`]).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.inner.limits = limits;
        self
    }

    /// The current pepper: new hashes use it and carry its key id.
    ///
    /// # Security
    /// See [`Pepper::new`].
    #[must_use]
    pub fn pepper(mut self, pepper: Pepper) -> Self {
        let mut ring = Keyring::with_current(pepper);
        for old in self.inner.keyring.retired() {
            if let Err(e) = ring.add_retired(old.clone()) {
                self.error.get_or_insert(e);
            }
        }
        self.inner.keyring = ring;
        self
    }

    /// A retired pepper: hashes made with it verify and need a rehash.
    ///
    /// # Security
    /// See [`Pepper::new`].
    #[must_use]
    pub fn retired_pepper(mut self, pepper: Pepper) -> Self {
        if let Err(e) = self.inner.keyring.add_retired(pepper) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// Whether to NFKC-normalise text passwords (default `true`).
    #[must_use]
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.inner.normalize = normalize;
        self
    }

    /// The hasher.
    ///
    /// # Errors
    /// [`PasswordError::LimitsInvalid`] for unusable limits; the limit errors
    /// of [`Argon2Params::check`] if the parameters exceed the limits;
    /// [`PasswordError::PepperInvalid`] if a pepper key id repeats.
    pub fn build(self) -> Result<PasswordHasher, PasswordError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.inner.limits.validate()?;
        self.inner.params.check(&self.inner.limits)?;
        Ok(self.inner)
    }
}

/// A password prepared for hashing: normalised (owned, wiped on drop) or
/// borrowed as given.
enum Prepared<'a> {
    Borrowed(&'a [u8]),
    Owned(Zeroizing<String>),
}

impl Prepared<'_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Prepared::Borrowed(b) => b,
            Prepared::Owned(s) => s.as_bytes(),
        }
    }
}

impl PasswordHasher {
    /// Salt length of new hashes: 16 bytes (RFC 9106 §3.1 recommends 16;
    /// argon2-cffi's default).
    pub const SALT_BYTES: usize = 16;
    /// Tag length of new hashes: 32 bytes (RFC 9106 §4; argon2-cffi's
    /// default).
    pub const OUTPUT_BYTES: usize = 32;

    /// A hasher with `params`, default limits, no pepper, NFKC on.
    ///
    /// # Errors
    /// The limit errors of [`Argon2Params::check`] if `params` exceed the
    /// default [`Limits`] (use [`PasswordHasher::builder`] to raise them).
    pub fn new(params: Argon2Params) -> Result<Self, PasswordError> {
        Self::builder().params(params).build()
    }

    /// A builder starting from the defaults.
    #[must_use]
    pub fn builder() -> PasswordHasherBuilder {
        PasswordHasherBuilder {
            inner: Self::default(),
            error: None,
        }
    }

    /// Parameters of new hashes.
    #[must_use]
    pub fn params(&self) -> Argon2Params {
        self.params
    }

    /// The limits applied to stored hashes and passwords.
    #[must_use]
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether text passwords are NFKC-normalised.
    #[must_use]
    pub fn normalizes(&self) -> bool {
        self.normalize
    }

    /// The pepper keyring.
    #[must_use]
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// Hashes `password` into a new Argon2id PHC string with a fresh random
    /// salt.
    ///
    /// # Errors
    /// [`PasswordError::PasswordTooLong`] over the limit;
    /// [`PasswordError::RandomSourceFailed`];
    /// [`PasswordError::MemoryUnavailable`].
    ///
    /// # Security
    /// The normalised copy of the password and the Argon2 memory are wiped.
    pub fn hash(&self, password: &str) -> Result<String, PasswordError> {
        self.hash_bytes(password.as_bytes())
    }

    /// [`PasswordHasher::hash`] for a password given as bytes (valid UTF-8 is
    /// treated as text and normalised; other bytes are hashed as given).
    ///
    /// # Errors
    /// As [`PasswordHasher::hash`].
    ///
    /// # Security
    /// As [`PasswordHasher::hash`].
    pub fn hash_bytes(&self, password: &[u8]) -> Result<String, PasswordError> {
        self.hash_with(password, self.params)
    }

    /// A new Argon2id hash under the current pepper with `params`.
    fn hash_with(&self, password: &[u8], params: Argon2Params) -> Result<String, PasswordError> {
        let mut salt = [0u8; Self::SALT_BYTES];
        fill_random(&mut salt)?;
        let output = self.current_argon2id(password, &salt, params)?;
        let pepper = self.keyring.current();
        let phc = Argon2Phc {
            variant: Variant::Argon2id,
            version: Version::V0x13,
            params,
            keyid: pepper.and_then(|p| Field::from_slice(p.key_id())),
            data: None,
            salt: Field::from_slice(&salt).ok_or(PasswordError::SaltTooLong)?,
            output: Field::from_slice(output.as_ref()).ok_or(PasswordError::OutputTooLong)?,
        };
        Ok(phc::encode(&phc))
    }

    /// Verifies `password` against a stored hash: Argon2id/Argon2i/Argon2d
    /// (version 16 or 19) PHC strings, or a legacy bcrypt, scrypt or PBKDF2
    /// hash (see [`legacy`](super#legacy-hashes)).
    ///
    /// # Errors
    /// [`PasswordError::VerificationFailed`] if the password does not match;
    /// an invalid-input error (kind [`ErrorKind::InvalidInput`]) if the
    /// string is malformed, names an unknown scheme or pepper, or exceeds the
    /// limits, which are all checked before any memory is allocated.
    ///
    /// # Security
    /// The tag comparison is constant-time.
    ///
    /// [`ErrorKind::InvalidInput`]: crate::ErrorKind::InvalidInput
    pub fn verify(&self, phc: &str, password: &str) -> Result<(), PasswordError> {
        self.verify_bytes(phc, password.as_bytes())
    }

    /// [`PasswordHasher::verify`] for a password given as bytes.
    ///
    /// # Errors
    /// As [`PasswordHasher::verify`].
    ///
    /// # Security
    /// As [`PasswordHasher::verify`].
    pub fn verify_bytes(&self, phc: &str, password: &[u8]) -> Result<(), PasswordError> {
        self.verify_stored(&StoredHash::parse(phc, &self.limits)?, password)
    }

    fn verify_stored(&self, stored: &StoredHash<'_>, password: &[u8]) -> Result<(), PasswordError> {
        match stored {
            StoredHash::Argon2(parsed) => self.verify_argon2(parsed, password),
            StoredHash::Legacy(legacy) => legacy.verify(password, &self.limits),
        }
    }

    fn verify_argon2(&self, parsed: &Argon2Phc, password: &[u8]) -> Result<(), PasswordError> {
        let secret = match &parsed.keyid {
            Some(keyid) => Some(
                self.keyring
                    .find(keyid.as_bytes())
                    .ok_or(PasswordError::UnknownPepper)?
                    .secret(),
            ),
            None => None,
        };
        let prepared = self.prepare(password)?;
        let mut output = Zeroizing::new([0u8; Limits::MAX_OUTPUT_BYTES]);
        let output = output
            .get_mut(..parsed.output.len())
            .ok_or(PasswordError::OutputTooLong)?;
        engine::argon2_into(
            &Inputs {
                variant: parsed.variant,
                version: parsed.version,
                params: parsed.params,
                secret,
                data: parsed.data.as_ref().map(Field::as_bytes),
            },
            prepared.as_bytes(),
            parsed.salt.as_bytes(),
            output,
        )?;
        if bool::from(output.ct_eq(parsed.output.as_bytes())) {
            Ok(())
        } else {
            Err(PasswordError::VerificationFailed)
        }
    }

    /// Whether a stored hash should be replaced by a new one from this
    /// hasher.
    ///
    /// The rule: an Argon2id (version 19) hash under the current pepper is
    /// kept when it is at least as strong as this hasher's settings in
    /// every parameter ([`Argon2Params::is_at_least`]: memory, iterations
    /// and parallelism each at least this hasher's; salt and tag at least
    /// [`Self::SALT_BYTES`] and [`Self::OUTPUT_BYTES`]; no associated
    /// data). Anything else needs a rehash: a legacy scheme, Argon2i or
    /// Argon2d, version 16, a weaker parameter, or another pepper. So an
    /// argon2-cffi default hash (m=65536, t=3, p=4) is kept by an OWASP
    /// hasher instead of being replaced by a weaker one.
    ///
    /// # Errors
    /// The invalid-input errors of [`PasswordHasher::verify`] for a string
    /// that could never verify.
    pub fn needs_rehash(&self, phc: &str) -> Result<bool, PasswordError> {
        let stored = StoredHash::parse(phc, &self.limits)?;
        self.rehash_params(&stored).map(|params| params.is_some())
    }

    /// The rule of [`needs_rehash`](Self::needs_rehash) for a parsed
    /// hash: `None` when the hash is kept, else the parameters of its
    /// replacement (the larger of the stored and current value of each
    /// Argon2 parameter, so a rehash never weakens; the current ones for a
    /// legacy scheme).
    fn rehash_params(
        &self,
        stored: &StoredHash<'_>,
    ) -> Result<Option<Argon2Params>, PasswordError> {
        let parsed = match stored {
            StoredHash::Argon2(parsed) => parsed,
            StoredHash::Legacy(_) => return Ok(Some(self.params)),
        };
        if let Some(keyid) = &parsed.keyid {
            // A hash naming a pepper this hasher lacks can never verify.
            self.keyring
                .find(keyid.as_bytes())
                .ok_or(PasswordError::UnknownPepper)?;
        }
        let pepper_current = match (&parsed.keyid, self.keyring.current()) {
            (None, None) => true,
            (Some(keyid), Some(current)) => keyid.as_bytes() == current.key_id(),
            _ => false,
        };
        let needs = parsed.variant != Variant::Argon2id
            || parsed.version != Version::V0x13
            || !parsed.params.is_at_least(&self.params)
            || parsed.salt.len() < Self::SALT_BYTES
            || parsed.output.len() < Self::OUTPUT_BYTES
            || parsed.data.is_some()
            || !pepper_current;
        Ok(needs.then(|| parsed.params.max_each(self.params)))
    }

    /// Verifies `password`, and if the stored hash needs a rehash returns the
    /// new Argon2id hash to store (passlib's `verify_and_update` pattern):
    /// `Ok(None)` means verified and up to date, `Ok(Some(new))` verified,
    /// store `new`.
    ///
    /// # Errors
    /// As [`PasswordHasher::verify`], and as [`PasswordHasher::hash`] when
    /// rehashing.
    ///
    /// # Security
    /// The new hash is made only after a successful verification, and is
    /// never weaker than the stored one: an Argon2 hash is rehashed with
    /// the larger of its own and this hasher's value of each parameter
    /// ([`Argon2Params::max_each`]), so moving to the current pepper does
    /// not lower the memory or time cost.
    pub fn verify_and_upgrade(
        &self,
        phc: &str,
        password: &str,
    ) -> Result<Option<String>, PasswordError> {
        self.verify_and_upgrade_bytes(phc, password.as_bytes())
    }

    /// [`PasswordHasher::verify_and_upgrade`] for a password given as bytes.
    ///
    /// # Errors
    /// As [`PasswordHasher::verify_and_upgrade`].
    ///
    /// # Security
    /// As [`PasswordHasher::verify_and_upgrade`].
    pub fn verify_and_upgrade_bytes(
        &self,
        phc: &str,
        password: &[u8],
    ) -> Result<Option<String>, PasswordError> {
        let stored = StoredHash::parse(phc, &self.limits)?;
        self.verify_stored(&stored, password)?;
        match self.rehash_params(&stored)? {
            Some(params) => self.hash_with(password, params).map(Some),
            None => Ok(None),
        }
    }

    /// Does the work of verifying `password` against a current hash of this
    /// hasher (same parameters, same pepper) and fails: call it when the
    /// user does not exist, so that response time does not reveal which
    /// users exist.
    ///
    /// # Errors
    /// Always: [`PasswordError::VerificationFailed`] (or
    /// [`PasswordError::PasswordTooLong`] over the limit, as a real verify
    /// would).
    ///
    /// # Security
    /// The work matches a real [`PasswordHasher::verify`] of a hash made by
    /// this hasher: one Argon2id computation with the same parameters and
    /// pepper, and a constant-time comparison.
    pub fn dummy_verify(&self, password: &[u8]) -> Result<(), PasswordError> {
        /// A fixed salt and tag that no password is expected to match.
        const DUMMY_SALT: [u8; PasswordHasher::SALT_BYTES] = *b"credkit-dummy-sa";
        const DUMMY_TAG: [u8; PasswordHasher::OUTPUT_BYTES] = [0x5a; PasswordHasher::OUTPUT_BYTES];
        let output = self.current_argon2id(password, &DUMMY_SALT, self.params)?;
        // Compared like a real tag, and always reported as a mismatch.
        let _ = output.ct_eq(&DUMMY_TAG);
        Err(PasswordError::VerificationFailed)
    }

    /// The Argon2id tag of `password` under `params` and this hasher's
    /// current pepper: the work of [`hash_bytes`](Self::hash_bytes), shared
    /// with [`dummy_verify`](Self::dummy_verify) so the two cannot drift.
    fn current_argon2id(
        &self,
        password: &[u8],
        salt: &[u8],
        params: Argon2Params,
    ) -> Result<Zeroizing<[u8; Self::OUTPUT_BYTES]>, PasswordError> {
        let prepared = self.prepare(password)?;
        let mut output = Zeroizing::new([0u8; Self::OUTPUT_BYTES]);
        engine::argon2_into(
            &Inputs {
                variant: Variant::Argon2id,
                version: Version::V0x13,
                params,
                secret: self.keyring.current().map(Pepper::secret),
                data: None,
            },
            prepared.as_bytes(),
            salt,
            output.as_mut(),
        )?;
        Ok(output)
    }

    /// Bounds and normalises a password.
    fn prepare<'a>(&self, password: &'a [u8]) -> Result<Prepared<'a>, PasswordError> {
        if password.len() > self.limits.max_password_bytes {
            return Err(PasswordError::PasswordTooLong);
        }
        if !self.normalize || password.is_ascii() {
            return Ok(Prepared::Borrowed(password));
        }
        let Ok(text) = core::str::from_utf8(password) else {
            return Ok(Prepared::Borrowed(password));
        };
        if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
            return Ok(Prepared::Borrowed(password));
        }
        let normalized = crate::secret::collect_secret_string(text.nfkc(), text.len());
        if normalized.len() > self.limits.max_password_bytes {
            return Err(PasswordError::PasswordTooLong);
        }
        Ok(Prepared::Owned(normalized))
    }
}

/// A stored hash parsed once, routed by scheme: what
/// [`PasswordHasher::verify`], [`PasswordHasher::needs_rehash`] and
/// [`PasswordHasher::verify_and_upgrade`] all start from.
// One short-lived value per call, on the stack: boxing the larger variant
// would add an allocation to every verification for nothing.
#[allow(clippy::large_enum_variant)]
enum StoredHash<'a> {
    Argon2(Argon2Phc),
    Legacy(legacy::LegacyHash<'a>),
}

impl<'a> StoredHash<'a> {
    /// Parses `phc` and checks it against `limits`, before any work.
    fn parse(phc: &'a str, limits: &Limits) -> Result<Self, PasswordError> {
        if phc::is_argon2(phc) {
            phc::parse(phc, limits).map(StoredHash::Argon2)
        } else if legacy::scheme(phc).is_some() {
            legacy::parse(phc, limits).map(StoredHash::Legacy)
        } else if phc.starts_with('$') {
            Err(PasswordError::UnsupportedAlgorithm)
        } else {
            Err(PasswordError::MalformedHash)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretBytes;

    fn cheap() -> Argon2Params {
        Argon2Params::new(64, 1, 1).expect("valid")
    }

    fn pepper(id: &[u8], byte: u8) -> Pepper {
        Pepper::new(id, SecretBytes::from_slice(&[byte; 32])).expect("valid")
    }

    #[test]
    fn round_trip_and_mismatch() {
        let h = PasswordHasher::new(cheap()).expect("valid");
        let phc = h.hash("pässwörd").expect("hashes");
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert_eq!(h.verify(&phc, "pässwörd"), Ok(()));
        assert_eq!(
            h.verify(&phc, "passwörd"),
            Err(PasswordError::VerificationFailed)
        );
        assert_eq!(h.needs_rehash(&phc), Ok(false));
    }

    #[test]
    fn nfkc_normalisation_and_switch() {
        let on = PasswordHasher::new(cheap()).expect("valid");
        let phc = on.hash("\u{FB01}x\u{FF11}").expect("hashes"); // "ﬁx１"
        assert_eq!(on.verify(&phc, "fix1"), Ok(()));
        let off = PasswordHasher::builder()
            .params(cheap())
            .normalize(false)
            .build()
            .expect("valid");
        assert_eq!(
            off.verify(&phc, "fix1"),
            Ok(()),
            "the stored hash is of the normalised text"
        );
        let raw = off.hash("\u{FB01}x\u{FF11}").expect("hashes");
        assert_eq!(
            off.verify(&raw, "fix1"),
            Err(PasswordError::VerificationFailed)
        );
        assert_eq!(off.verify(&raw, "\u{FB01}x\u{FF11}"), Ok(()));
    }

    /// Review finding: an OWASP hasher "upgraded" an argon2-cffi default
    /// hash (m=65536, t=3, p=4) to m=19456, t=2, p=1. The same shape,
    /// scaled down: a stronger stored hash is kept, a weaker one is
    /// replaced, and a rehash for another reason (the pepper) keeps the
    /// stronger value of each parameter.
    #[test]
    fn upgrade_never_weakens() {
        let stronger =
            PasswordHasher::new(Argon2Params::new(256, 3, 4).expect("valid")).expect("valid");
        let current =
            PasswordHasher::new(Argon2Params::new(128, 2, 1).expect("valid")).expect("valid");
        let stored = stronger.hash("pw").expect("hashes");
        assert_eq!(current.needs_rehash(&stored), Ok(false));
        assert_eq!(current.verify_and_upgrade(&stored, "pw"), Ok(None));
        // Stronger in one parameter and weaker in another: rehash, to the
        // larger of each.
        let mixed = PasswordHasher::new(Argon2Params::new(512, 1, 1).expect("valid"))
            .expect("valid")
            .hash("pw")
            .expect("hashes");
        assert_eq!(current.needs_rehash(&mixed), Ok(true));
        let upgraded = current
            .verify_and_upgrade(&mixed, "pw")
            .expect("verifies")
            .expect("rehashed");
        assert!(upgraded.contains("$m=512,t=2,p=1$"), "{upgraded}");
        // A new pepper forces a rehash; the parameters stay the stored ones.
        let peppered = PasswordHasher::builder()
            .params(Argon2Params::new(128, 2, 1).expect("valid"))
            .pepper(pepper(b"k1", 7))
            .build()
            .expect("valid");
        assert_eq!(peppered.needs_rehash(&stored), Ok(true));
        let upgraded = peppered
            .verify_and_upgrade(&stored, "pw")
            .expect("verifies")
            .expect("rehashed");
        assert!(upgraded.contains("m=256,t=3,p=4"), "{upgraded}");
        assert_eq!(peppered.needs_rehash(&upgraded), Ok(false));
        assert_eq!(peppered.verify(&upgraded, "pw"), Ok(()));
    }

    #[test]
    fn rehash_on_parameter_change() {
        let old = PasswordHasher::new(cheap()).expect("valid");
        let new = PasswordHasher::new(Argon2Params::new(128, 1, 1).expect("valid")).expect("valid");
        let phc = old.hash("pw").expect("hashes");
        assert_eq!(new.verify(&phc, "pw"), Ok(()));
        assert_eq!(new.needs_rehash(&phc), Ok(true));
        let upgraded = new
            .verify_and_upgrade(&phc, "pw")
            .expect("verifies")
            .expect("rehashed");
        assert_eq!(new.needs_rehash(&upgraded), Ok(false));
        assert_eq!(new.verify_and_upgrade(&upgraded, "pw"), Ok(None));
        assert_eq!(
            new.verify_and_upgrade(&upgraded, "px"),
            Err(PasswordError::VerificationFailed)
        );
    }

    #[test]
    fn pepper_keyring() {
        let v1 = PasswordHasher::builder()
            .params(cheap())
            .pepper(pepper(b"k1", 1))
            .build()
            .expect("valid");
        let phc1 = v1.hash("pw").expect("hashes");
        assert!(phc1.contains(",keyid=azE$"), "{phc1}");
        assert_eq!(v1.needs_rehash(&phc1), Ok(false));

        let unpeppered = PasswordHasher::new(cheap()).expect("valid");
        assert_eq!(
            unpeppered.verify(&phc1, "pw"),
            Err(PasswordError::UnknownPepper)
        );

        let v2 = PasswordHasher::builder()
            .params(cheap())
            .retired_pepper(pepper(b"k1", 1))
            .pepper(pepper(b"k2", 2))
            .build()
            .expect("valid");
        assert_eq!(v2.verify(&phc1, "pw"), Ok(()));
        assert_eq!(v2.needs_rehash(&phc1), Ok(true));
        let phc2 = v2
            .verify_and_upgrade(&phc1, "pw")
            .expect("verifies")
            .expect("rehashed");
        assert!(phc2.contains(",keyid=azI$"));
        assert_eq!(v2.needs_rehash(&phc2), Ok(false));

        // The same key id with a different secret does not verify.
        let wrong = PasswordHasher::builder()
            .params(cheap())
            .pepper(pepper(b"k1", 9))
            .build()
            .expect("valid");
        assert_eq!(
            wrong.verify(&phc1, "pw"),
            Err(PasswordError::VerificationFailed)
        );

        let unpeppered_hash = unpeppered.hash("pw").expect("hashes");
        assert_eq!(v2.verify(&unpeppered_hash, "pw"), Ok(()));
        assert_eq!(v2.needs_rehash(&unpeppered_hash), Ok(true));
        assert!(!format!("{v2:?}").contains("[2, 2"));
    }

    #[test]
    fn limits_refuse_before_work() {
        let h = PasswordHasher::default();
        let hostile = "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assert_eq!(h.verify(hostile, "pw"), Err(PasswordError::MemoryTooLarge));
        assert_eq!(h.needs_rehash(hostile), Err(PasswordError::MemoryTooLarge));
        let long = "x".repeat(Limits::DEFAULT_MAX_PASSWORD_BYTES + 1);
        assert_eq!(h.hash(&long).err(), Some(PasswordError::PasswordTooLong));
        // NFKC expansion counts too: U+FDFA expands to 33 bytes.
        let expanding = "\u{FDFA}".repeat(200);
        assert!(expanding.len() < Limits::DEFAULT_MAX_PASSWORD_BYTES);
        assert_eq!(
            h.hash(&expanding).err(),
            Some(PasswordError::PasswordTooLong)
        );
        assert_eq!(
            PasswordHasher::new(Argon2Params::RFC9106_HIGH_MEMORY).err(),
            Some(PasswordError::MemoryTooLarge)
        );
    }

    #[test]
    fn dummy_verify_always_fails() {
        let h = PasswordHasher::new(cheap()).expect("valid");
        assert_eq!(
            h.dummy_verify(b"anything"),
            Err(PasswordError::VerificationFailed)
        );
    }

    #[test]
    fn unknown_and_malformed() {
        let h = PasswordHasher::new(cheap()).expect("valid");
        assert_eq!(
            h.verify("$md5$abc", "pw"),
            Err(PasswordError::UnsupportedAlgorithm)
        );
        assert_eq!(
            h.verify("plaintext", "pw"),
            Err(PasswordError::MalformedHash)
        );
        assert_eq!(
            h.needs_rehash("$1$abc$def"),
            Err(PasswordError::UnsupportedAlgorithm)
        );
    }
}
