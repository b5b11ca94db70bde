//! Argon2id cost parameters, their presets, and the limits applied to
//! parameters read from stored hashes.

use super::PasswordError;

/// Argon2 cost parameters: memory (KiB), iterations (passes) and parallelism
/// (lanes).
///
/// Invariant: `parallelism >= 1`, `iterations >= 1` and
/// `memory_kib >= 8 * parallelism` (RFC 9106 §3.1), checked by
/// [`Argon2Params::new`], the only constructor besides the presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Argon2Params {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl Argon2Params {
    /// OWASP Password Storage Cheat Sheet, Argon2id, first listed
    /// configuration: m = 19 MiB (19456 KiB), t = 2, p = 1. credkit's default.
    pub const OWASP: Self = Self {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
    };

    /// RFC 9106 §4, second recommended option ("low memory"): m = 64 MiB,
    /// t = 3, p = 4.
    pub const RFC9106_LOW_MEMORY: Self = Self {
        memory_kib: 65_536,
        iterations: 3,
        parallelism: 4,
    };

    /// RFC 9106 §4, first recommended option ("high memory"): m = 2 GiB,
    /// t = 1, p = 4. Exceeds the default [`Limits`]: raise
    /// [`Limits::max_memory_kib`] to use it.
    pub const RFC9106_HIGH_MEMORY: Self = Self {
        memory_kib: 2 * 1024 * 1024,
        iterations: 1,
        parallelism: 4,
    };

    /// Whether these parameters cost at least as much as `floor` in every
    /// parameter: memory, iterations and parallelism each ≥ `floor`'s.
    ///
    /// This is the rule of
    /// [`PasswordHasher::needs_rehash`](super::PasswordHasher::needs_rehash):
    /// a hash whose parameters pass it is never replaced, so raising a
    /// service's settings never makes a stronger stored hash weaker.
    #[must_use]
    pub const fn is_at_least(&self, floor: &Argon2Params) -> bool {
        self.memory_kib >= floor.memory_kib
            && self.iterations >= floor.iterations
            && self.parallelism >= floor.parallelism
    }

    /// The larger of `self` and `other` in each parameter: what a rehash
    /// uses so that the new hash is at least as strong as both the stored
    /// one and the current settings.
    #[must_use]
    pub fn max_each(self, other: Argon2Params) -> Argon2Params {
        // Invariant kept: m₁ ≥ 8p₁ and m₂ ≥ 8p₂ give max(m) ≥ 8·max(p).
        Argon2Params {
            memory_kib: self.memory_kib.max(other.memory_kib),
            iterations: self.iterations.max(other.iterations),
            parallelism: self.parallelism.max(other.parallelism),
        }
    }

    /// Smallest memory per lane allowed by Argon2 (RFC 9106 §3.1: m ≥ 8p).
    pub const MIN_MEMORY_KIB_PER_LANE: u32 = 8;

    /// Custom parameters.
    ///
    /// # Errors
    /// [`PasswordError::ParamsInvalid`] if `iterations` or `parallelism` is
    /// zero, or `memory_kib < 8 * parallelism`.
    pub fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Self, PasswordError> {
        // Invariant established here (see the type's comment).
        if iterations == 0
            || parallelism == 0
            || u64::from(memory_kib)
                < u64::from(Self::MIN_MEMORY_KIB_PER_LANE) * u64::from(parallelism)
        {
            return Err(PasswordError::ParamsInvalid);
        }
        Ok(Self {
            memory_kib,
            iterations,
            parallelism,
        })
    }

    /// Memory cost in KiB (`m`).
    #[must_use]
    pub const fn memory_kib(&self) -> u32 {
        self.memory_kib
    }

    /// Number of passes (`t`).
    #[must_use]
    pub const fn iterations(&self) -> u32 {
        self.iterations
    }

    /// Number of lanes (`p`).
    #[must_use]
    pub const fn parallelism(&self) -> u32 {
        self.parallelism
    }

    /// Checks these parameters against `limits`.
    ///
    /// # Errors
    /// [`PasswordError::MemoryTooLarge`], [`PasswordError::IterationsTooLarge`]
    /// or [`PasswordError::ParallelismTooLarge`].
    pub fn check(&self, limits: &Limits) -> Result<(), PasswordError> {
        if self.memory_kib > limits.max_memory_kib {
            return Err(PasswordError::MemoryTooLarge);
        }
        if self.iterations > limits.max_iterations {
            return Err(PasswordError::IterationsTooLarge);
        }
        if self.parallelism > limits.max_parallelism {
            return Err(PasswordError::ParallelismTooLarge);
        }
        Ok(())
    }
}

impl Default for Argon2Params {
    /// [`Argon2Params::OWASP`].
    fn default() -> Self {
        Self::OWASP
    }
}

/// Bounds on the work and memory a hash may demand, applied before any
/// memory is allocated, to hashes being made and to hashes read from storage.
///
/// A hash string comes from a database an attacker may have written to;
/// these limits keep a hostile string from making `verify` allocate
/// gigabytes or run for minutes. The defaults come from the threat
/// model (m ≤ 1 GiB, t ≤ 64, p ≤ 16) and, for legacy schemes, from costs a
/// login can afford (about a second each on current hardware).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Largest Argon2 memory cost accepted, in KiB.
    pub max_memory_kib: u32,
    /// Largest Argon2 iteration count accepted.
    pub max_iterations: u32,
    /// Largest Argon2 parallelism accepted.
    pub max_parallelism: u32,
    /// Longest password accepted, in bytes (after normalisation).
    pub max_password_bytes: usize,
    /// Longest salt accepted, in bytes.
    pub max_salt_bytes: usize,
    /// Largest bcrypt cost (log2 of the rounds) accepted.
    pub max_bcrypt_cost: u32,
    /// Largest scrypt `ln` (log2 of N) accepted.
    pub max_scrypt_log_n: u8,
    /// Largest scrypt `r · p` accepted.
    pub max_scrypt_r_times_p: u32,
    /// Largest PBKDF2 iteration count accepted.
    pub max_pbkdf2_rounds: u32,
}

impl Limits {
    /// Default memory bound: 1 GiB (issue 2).
    pub const DEFAULT_MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// Default iteration bound: 64 (issue 2).
    pub const DEFAULT_MAX_ITERATIONS: u32 = 64;
    /// Default parallelism bound: 16 (issue 2).
    pub const DEFAULT_MAX_PARALLELISM: u32 = 16;
    /// Default password bound: 4096 bytes, far above any human password and
    /// far below what would make hashing slow (the Argon2 pre-hash is linear
    /// in the length).
    pub const DEFAULT_MAX_PASSWORD_BYTES: usize = 4096;
    /// Smallest salt accepted: 8 bytes (RFC 9106 §3.1; the reference
    /// implementation's `ARGON2_MIN_SALT_LENGTH`).
    pub const MIN_SALT_BYTES: usize = 8;
    /// Default salt bound: 64 bytes.
    pub const DEFAULT_MAX_SALT_BYTES: usize = 64;
    /// Smallest hash output accepted when verifying: 16 bytes. Shorter tags
    /// (the reference allows 4) are refused as too weak to store.
    pub const MIN_OUTPUT_BYTES: usize = 16;
    /// Largest hash output accepted: 64 bytes (PHC string format spec).
    pub const MAX_OUTPUT_BYTES: usize = 64;
    /// Default bcrypt cost bound: 14 (2^14 rounds, about one second).
    pub const DEFAULT_MAX_BCRYPT_COST: u32 = 14;
    /// Default scrypt `ln` bound: 20 (N = 2^20, 1 GiB at r = 8).
    pub const DEFAULT_MAX_SCRYPT_LOG_N: u8 = 20;
    /// Largest `max_scrypt_log_n` that [`Limits::validate`] accepts: 63,
    /// since N = 2^ln must fit in 64 bits (the scrypt crate's own bound).
    pub const MAX_SCRYPT_LOG_N: u8 = 63;
    /// Default scrypt `r · p` bound: 64.
    pub const DEFAULT_MAX_SCRYPT_R_TIMES_P: u32 = 64;
    /// Default PBKDF2 rounds bound: 2 000 000 (OWASP recommends 600 000 for
    /// SHA-256 and 210 000 for SHA-512).
    pub const DEFAULT_MAX_PBKDF2_ROUNDS: u32 = 2_000_000;

    /// The default limits.
    pub const DEFAULT: Self = Self {
        max_memory_kib: Self::DEFAULT_MAX_MEMORY_KIB,
        max_iterations: Self::DEFAULT_MAX_ITERATIONS,
        max_parallelism: Self::DEFAULT_MAX_PARALLELISM,
        max_password_bytes: Self::DEFAULT_MAX_PASSWORD_BYTES,
        max_salt_bytes: Self::DEFAULT_MAX_SALT_BYTES,
        max_bcrypt_cost: Self::DEFAULT_MAX_BCRYPT_COST,
        max_scrypt_log_n: Self::DEFAULT_MAX_SCRYPT_LOG_N,
        max_scrypt_r_times_p: Self::DEFAULT_MAX_SCRYPT_R_TIMES_P,
        max_pbkdf2_rounds: Self::DEFAULT_MAX_PBKDF2_ROUNDS,
    };

    /// Checks that the limits are usable: salt bounds ordered, every count
    /// at least one, the scrypt `ln` bound at most
    /// [`Self::MAX_SCRYPT_LOG_N`].
    ///
    /// # Errors
    /// [`PasswordError::LimitsInvalid`].
    pub fn validate(&self) -> Result<(), PasswordError> {
        if self.max_salt_bytes < Self::MIN_SALT_BYTES
            || self.max_iterations == 0
            || self.max_parallelism == 0
            || self.max_memory_kib < Argon2Params::MIN_MEMORY_KIB_PER_LANE
            || self.max_password_bytes == 0
            || self.max_scrypt_log_n > Self::MAX_SCRYPT_LOG_N
        {
            return Err(PasswordError::LimitsInvalid);
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review finding: `max_scrypt_log_n ≥ 64` made the scrypt cost check
    /// overflow (a panic in debug builds). Such limits are now refused.
    #[test]
    fn scrypt_log_n_bound() {
        for (log_n, ok) in [(20, true), (63, true), (64, false), (255, false)] {
            let limits = Limits {
                max_scrypt_log_n: log_n,
                ..Limits::DEFAULT
            };
            assert_eq!(limits.validate().is_ok(), ok, "{log_n}");
        }
    }

    #[test]
    fn presets_match_their_sources() {
        assert_eq!(
            (
                Argon2Params::OWASP.memory_kib(),
                Argon2Params::OWASP.iterations(),
                Argon2Params::OWASP.parallelism()
            ),
            (19_456, 2, 1)
        );
        let low = Argon2Params::RFC9106_LOW_MEMORY;
        assert_eq!(
            (low.memory_kib(), low.iterations(), low.parallelism()),
            (65_536, 3, 4)
        );
        let high = Argon2Params::RFC9106_HIGH_MEMORY;
        assert_eq!(
            (high.memory_kib(), high.iterations(), high.parallelism()),
            (2_097_152, 1, 4)
        );
        assert_eq!(Argon2Params::default(), Argon2Params::OWASP);
    }

    #[test]
    fn new_enforces_minimums() {
        assert_eq!(
            Argon2Params::new(8, 0, 1),
            Err(PasswordError::ParamsInvalid)
        );
        assert_eq!(
            Argon2Params::new(8, 1, 0),
            Err(PasswordError::ParamsInvalid)
        );
        assert_eq!(
            Argon2Params::new(31, 1, 4),
            Err(PasswordError::ParamsInvalid)
        );
        assert!(Argon2Params::new(32, 1, 4).is_ok());
    }

    #[test]
    fn default_limits_bound_the_presets() {
        let limits = Limits::DEFAULT;
        assert!(limits.validate().is_ok());
        assert!(Argon2Params::OWASP.check(&limits).is_ok());
        assert!(Argon2Params::RFC9106_LOW_MEMORY.check(&limits).is_ok());
        assert_eq!(
            Argon2Params::RFC9106_HIGH_MEMORY.check(&limits),
            Err(PasswordError::MemoryTooLarge)
        );
        let too_many_passes = Argon2Params::new(64, 65, 1).expect("valid params");
        assert_eq!(
            too_many_passes.check(&limits),
            Err(PasswordError::IterationsTooLarge)
        );
        let too_many_lanes = Argon2Params::new(1024, 1, 17).expect("valid params");
        assert_eq!(
            too_many_lanes.check(&limits),
            Err(PasswordError::ParallelismTooLarge)
        );
    }
}
