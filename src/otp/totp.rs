//! TOTP (RFC 6238): HOTP over the number of time steps since T0.

use core::fmt;

use super::hotp::{KeyedMac, MAX_DIGITS, check_digits, decimal, verify_window};
use super::{Algorithm, OtpError, OtpSecret};

/// A TOTP authenticator (RFC 6238): secret, hash, digits, period and T0.
///
/// Invariant: `6 <= digits <= 10` and `1 <= period <= MAX_PERIOD`, checked
/// by [`Totp::new`].
#[derive(Clone)]
pub struct Totp {
    secret: OtpSecret,
    /// HMAC keyed with `secret` once, at construction (wiped on drop).
    mac: KeyedMac,
    algorithm: Algorithm,
    digits: u8,
    period: u64,
    t0: u64,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("secret", &self.secret)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("t0", &self.t0)
            .finish()
    }
}

impl Totp {
    /// Default number of digits (what authenticator apps assume).
    pub const DEFAULT_DIGITS: u8 = 6;
    /// Default time step X: 30 seconds (RFC 6238 §5.2).
    pub const DEFAULT_PERIOD: u64 = 30;
    /// Longest period accepted: one day. RFC 6238 fixes no maximum; a
    /// bound keeps a hostile URI from producing a meaningless authenticator.
    pub const MAX_PERIOD: u64 = 86_400;
    /// Default verification window: one step either side (RFC 6238 §5.2
    /// recommends at most one step of network delay).
    pub const DEFAULT_WINDOW: u8 = 1;
    /// Largest window accepted by [`verify`](Self::verify): ten steps either
    /// side (21 candidates). Wider windows weaken the code more than they
    /// help clock drift.
    pub const MAX_WINDOW: u8 = 10;

    /// A TOTP authenticator; `t0` is the Unix time at which step 0 starts
    /// (0 in RFC 6238 and every authenticator app).
    ///
    /// # Errors
    /// [`OtpError::DigitsOutOfRange`] unless `6 <= digits <= 10`,
    /// [`OtpError::PeriodOutOfRange`] unless `1 <= period <= MAX_PERIOD`.
    pub fn new(
        secret: OtpSecret,
        algorithm: Algorithm,
        digits: u8,
        period: u64,
        t0: u64,
    ) -> Result<Self, OtpError> {
        // Invariant established here.
        let digits = check_digits(digits)?;
        if period == 0 || period > Self::MAX_PERIOD {
            return Err(OtpError::PeriodOutOfRange);
        }
        Ok(Self {
            mac: KeyedMac::new(algorithm, secret.expose()),
            secret,
            algorithm,
            digits,
            period,
            t0,
        })
    }

    /// The authenticator-app defaults: SHA-1, 6 digits, 30 s, T0 = 0.
    #[must_use]
    pub fn with_defaults(secret: OtpSecret) -> Self {
        Self {
            mac: KeyedMac::new(Algorithm::Sha1, secret.expose()),
            secret,
            algorithm: Algorithm::Sha1,
            digits: Self::DEFAULT_DIGITS,
            period: Self::DEFAULT_PERIOD,
            t0: 0,
        }
    }

    /// The secret.
    #[must_use]
    pub fn secret(&self) -> &OtpSecret {
        &self.secret
    }

    /// The hash function.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits.
    #[must_use]
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The time step in seconds.
    #[must_use]
    pub fn period(&self) -> u64 {
        self.period
    }

    /// T0, the Unix time of step 0.
    #[must_use]
    pub fn t0(&self) -> u64 {
        self.t0
    }

    /// The time step containing Unix time `unix_time`: `(t - T0) / X`.
    ///
    /// # Errors
    /// [`OtpError::TimeBeforeEpoch`] if `unix_time < t0`.
    pub fn step_at(&self, unix_time: u64) -> Result<u64, OtpError> {
        let since = unix_time
            .checked_sub(self.t0)
            .ok_or(OtpError::TimeBeforeEpoch)?;
        Ok(since / self.period)
    }

    /// The code for time step `step`.
    ///
    /// # Security
    /// The result is a live one-time code.
    #[must_use]
    pub fn generate_step(&self, step: u64) -> String {
        let mut out = [0u8; MAX_DIGITS as usize];
        decimal(self.mac.truncated(step), self.digits, &mut out);
        out[..usize::from(self.digits)]
            .iter()
            .map(|&b| char::from(b))
            .collect()
    }

    /// The code at Unix time `unix_time`.
    ///
    /// # Errors
    /// [`OtpError::TimeBeforeEpoch`] if `unix_time < t0`.
    ///
    /// # Security
    /// The result is a live one-time code.
    pub fn generate(&self, unix_time: u64) -> Result<String, OtpError> {
        Ok(self.generate_step(self.step_at(unix_time)?))
    }

    /// Verifies `code` at Unix time `unix_time` against the steps
    /// `step - window ..= step + window` and returns the step that matched.
    ///
    /// Replay protection: pass the step this function last returned for
    /// this user as `last_step`; a code whose step is at or before it is
    /// refused, so each code is accepted once (NIST SP 800-63B §5.1.4.2)
    /// and no earlier code is accepted after a later one. Store the returned
    /// step atomically with the login.
    ///
    /// # Errors
    /// [`OtpError::CodeReplayed`] if the code matches only a step at or
    /// before `last_step`; [`OtpError::CodeRejected`] if no step matches or
    /// the code is not exactly `digits` ASCII digits;
    /// [`OtpError::WindowTooLarge`] if `window > MAX_WINDOW`;
    /// [`OtpError::TimeBeforeEpoch`] if `unix_time < t0`.
    ///
    /// # Security
    /// All `2 * window + 1` candidates are computed and compared in constant
    /// time with no early exit (steps at or before `last_step` are computed
    /// too and masked out), so the time does not depend on which step
    /// matched, whether one did, or what the code contains.
    pub fn verify(
        &self,
        code: &str,
        unix_time: u64,
        window: u8,
        last_step: Option<u64>,
    ) -> Result<u64, OtpError> {
        if window > Self::MAX_WINDOW {
            return Err(OtpError::WindowTooLarge);
        }
        let step = self.step_at(unix_time)?;
        let w = u64::from(window);
        // Near step 0 the window is clipped; this depends only on the time.
        let first = step.saturating_sub(w);
        let count = step.saturating_add(w) - first + 1;
        verify_window(&self.mac, self.digits, code, first, count, last_step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_totp() -> Totp {
        let secret = OtpSecret::from_slice(b"12345678901234567890").expect("20 bytes");
        Totp::new(secret, Algorithm::Sha1, 8, 30, 0).expect("valid")
    }

    #[test]
    fn bounds() {
        let s = || OtpSecret::from_slice(&[1; 20]).expect("20 bytes");
        assert_eq!(
            Totp::new(s(), Algorithm::Sha1, 5, 30, 0).err(),
            Some(OtpError::DigitsOutOfRange)
        );
        assert_eq!(
            Totp::new(s(), Algorithm::Sha1, 11, 30, 0).err(),
            Some(OtpError::DigitsOutOfRange)
        );
        assert_eq!(
            Totp::new(s(), Algorithm::Sha1, 6, 0, 0).err(),
            Some(OtpError::PeriodOutOfRange)
        );
        assert_eq!(
            Totp::new(s(), Algorithm::Sha1, 6, 86_401, 0).err(),
            Some(OtpError::PeriodOutOfRange)
        );
        let t = Totp::new(s(), Algorithm::Sha1, 6, 30, 100).expect("valid");
        assert_eq!(t.step_at(99), Err(OtpError::TimeBeforeEpoch));
        assert_eq!(t.step_at(129), Ok(0));
        assert_eq!(t.step_at(130), Ok(1));
        assert_eq!(
            t.verify("000000", 1000, 11, None),
            Err(OtpError::WindowTooLarge)
        );
    }

    #[test]
    fn window_and_replay() {
        let t = rfc_totp();
        let code = t.generate(59).expect("after t0"); // step 1: 94287082
        assert_eq!(code, "94287082");
        assert_eq!(t.verify(&code, 59, 0, None), Ok(1));
        assert_eq!(t.verify(&code, 89, 1, None), Ok(1));
        assert_eq!(t.verify(&code, 29, 1, None), Ok(1));
        assert_eq!(t.verify(&code, 119, 1, None), Err(OtpError::CodeRejected));
        assert_eq!(t.verify(&code, 59, 1, Some(1)), Err(OtpError::CodeReplayed));
        assert_eq!(t.verify(&code, 59, 1, Some(0)), Ok(1));
        assert_eq!(t.verify(&code, 0, 1, None), Ok(1));
    }
}
