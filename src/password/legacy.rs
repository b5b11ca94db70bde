//! Verify-only support for legacy hashes, so that users can be migrated to
//! Argon2id at their next login.
//!
//! Accepted forms (every cost bounded by [`Limits`] before any work):
//!
//! | scheme | form |
//! |---|---|
//! | bcrypt | `$2a$`, `$2b$`, `$2y$` + two-digit cost + `$` + 53 bcrypt-Base64 characters (OpenBSD form, as written by Python `bcrypt`) |
//! | scrypt | `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<B64 salt>$<B64 hash>` (PHC form, as written by passlib and the RustCrypto `scrypt` crate; `B64` is standard Base64 without padding) |
//! | PBKDF2 | `$pbkdf2-sha256$i=<rounds>,l=<len>$<B64 salt>$<B64 hash>` (PHC form, RustCrypto `pbkdf2`; `l=` optional) or `$pbkdf2-sha256$<rounds>$<ab64 salt>$<ab64 hash>` (passlib form: "adapted Base64", standard Base64 with `.` instead of `+`, no padding); likewise `pbkdf2-sha512` |
//!
//! Legacy hashes are verified against the password exactly as given: the
//! systems that wrote them did not normalise, so credkit does not either.

use base64ct::{Base64Unpadded, Encoding};
use sha2::{Sha256, Sha512};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::PasswordError;
use super::params::Limits;
use super::phc::parse_decimal;

/// Longest legacy hash string accepted, in bytes.
const MAX_LEGACY_LEN: usize = 512;

/// The legacy scheme of a hash string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Bcrypt,
    Scrypt,
    Pbkdf2Sha256,
    Pbkdf2Sha512,
}

/// The scheme `s` claims, if it is a legacy form.
pub(crate) fn scheme(s: &str) -> Option<Scheme> {
    if s.starts_with("$2a$") || s.starts_with("$2b$") || s.starts_with("$2y$") {
        Some(Scheme::Bcrypt)
    } else if s.starts_with("$scrypt$") {
        Some(Scheme::Scrypt)
    } else if s.starts_with("$pbkdf2-sha256$") {
        Some(Scheme::Pbkdf2Sha256)
    } else if s.starts_with("$pbkdf2-sha512$") {
        Some(Scheme::Pbkdf2Sha512)
    } else {
        None
    }
}

/// A legacy hash, parsed and bounded once: [`parse`] checks it without
/// doing its work, [`LegacyHash::verify`] does the work.
pub(crate) enum LegacyHash<'a> {
    /// bcrypt keeps its string: the `bcrypt` crate verifies from it.
    Bcrypt(&'a str),
    Scrypt(ScryptHash),
    Pbkdf2(Pbkdf2Hash),
}

/// Parses a legacy hash and checks its bounds, without doing its work.
///
/// # Errors
/// [`PasswordError::MalformedHash`], [`PasswordError::LegacyCostTooHigh`],
/// salt and output length errors, [`PasswordError::UnsupportedAlgorithm`].
pub(crate) fn parse<'a>(s: &'a str, limits: &Limits) -> Result<LegacyHash<'a>, PasswordError> {
    match scheme(s).ok_or(PasswordError::UnsupportedAlgorithm)? {
        Scheme::Bcrypt => bcrypt_cost(s, limits).map(|_| LegacyHash::Bcrypt(s)),
        Scheme::Scrypt => parse_scrypt(s, limits).map(LegacyHash::Scrypt),
        Scheme::Pbkdf2Sha256 | Scheme::Pbkdf2Sha512 => {
            parse_pbkdf2(s, limits).map(LegacyHash::Pbkdf2)
        }
    }
}

impl LegacyHash<'_> {
    /// Verifies `password` against this hash.
    ///
    /// # Errors
    /// [`PasswordError::VerificationFailed`] on mismatch,
    /// [`PasswordError::PasswordTooLong`] over the limit.
    ///
    /// # Security
    /// The comparison of the recomputed hash is constant-time.
    pub(crate) fn verify(&self, password: &[u8], limits: &Limits) -> Result<(), PasswordError> {
        if password.len() > limits.max_password_bytes {
            return Err(PasswordError::PasswordTooLong);
        }
        let matched = match self {
            // bcrypt uses the first 72 bytes of the password (as every
            // bcrypt implementation does).
            LegacyHash::Bcrypt(s) => {
                bcrypt::verify(password, s).map_err(|_| PasswordError::MalformedHash)?
            }
            LegacyHash::Scrypt(parsed) => {
                let params = scrypt::Params::new(parsed.log_n, parsed.r, parsed.p)
                    .map_err(|_| PasswordError::ParamsInvalid)?;
                let mut out = Zeroizing::new(vec![0u8; parsed.hash.len()]);
                scrypt::scrypt(password, &parsed.salt, &params, &mut out)
                    .map_err(|_| PasswordError::MalformedHash)?;
                bool::from(out.ct_eq(&parsed.hash))
            }
            LegacyHash::Pbkdf2(parsed) => {
                let mut out = Zeroizing::new(vec![0u8; parsed.hash.len()]);
                if parsed.sha512 {
                    pbkdf2::pbkdf2_hmac::<Sha512>(password, &parsed.salt, parsed.rounds, &mut out);
                } else {
                    pbkdf2::pbkdf2_hmac::<Sha256>(password, &parsed.salt, parsed.rounds, &mut out);
                }
                bool::from(out.ct_eq(&parsed.hash))
            }
        };
        if matched {
            Ok(())
        } else {
            Err(PasswordError::VerificationFailed)
        }
    }
}

/// Parses and bounds a bcrypt string's cost.
fn bcrypt_cost(s: &str, limits: &Limits) -> Result<u32, PasswordError> {
    let bytes = s.as_bytes();
    let well_formed = bytes.len() == 60
        && bytes.get(6) == Some(&b'$')
        && bytes
            .get(4..6)
            .is_some_and(|c| c.iter().all(u8::is_ascii_digit))
        && bytes.get(7..).is_some_and(|rest| {
            rest.iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'/')
        });
    if !well_formed {
        return Err(PasswordError::MalformedHash);
    }
    let cost = s
        .get(4..6)
        .and_then(|c| c.parse::<u32>().ok())
        .ok_or(PasswordError::MalformedHash)?;
    if cost < 4 {
        return Err(PasswordError::ParamsInvalid);
    }
    if cost > limits.max_bcrypt_cost {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    Ok(cost)
}

pub(crate) struct ScryptHash {
    log_n: u8,
    r: u32,
    p: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

fn parse_scrypt(s: &str, limits: &Limits) -> Result<ScryptHash, PasswordError> {
    let fields = split_fields(s)?;
    let [_, params, salt, hash] = fields;
    let mut params = params.split(',');
    let log_n = named(params.next(), "ln")?;
    let r = named(params.next(), "r")?;
    let p = named(params.next(), "p")?;
    if params.next().is_some() {
        return Err(PasswordError::MalformedHash);
    }
    if log_n == 0 || r == 0 || p == 0 {
        return Err(PasswordError::ParamsInvalid);
    }
    let log_n = u8::try_from(log_n).map_err(|_| PasswordError::LegacyCostTooHigh)?;
    if log_n > limits.max_scrypt_log_n {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    let r_times_p = r.checked_mul(p).ok_or(PasswordError::LegacyCostTooHigh)?;
    if r_times_p > limits.max_scrypt_r_times_p {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    // scrypt's memory: 128 · r · N bytes, computed in 128 bits so that no
    // `ln` below 64 and no `r` can overflow (2^7 · 2^32 · 2^63 < 2^128).
    if log_n > Limits::MAX_SCRYPT_LOG_N {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    let memory_kib = (128u128 * u128::from(r)) << log_n >> 10;
    if memory_kib > u128::from(limits.max_memory_kib) {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    Ok(ScryptHash {
        log_n,
        r,
        p,
        salt: decode_salt(salt, limits, Base64Kind::Standard)?,
        hash: decode_output(hash, Base64Kind::Standard)?,
    })
}

pub(crate) struct Pbkdf2Hash {
    sha512: bool,
    rounds: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

fn parse_pbkdf2(s: &str, limits: &Limits) -> Result<Pbkdf2Hash, PasswordError> {
    let [ident, params, salt, hash] = split_fields(s)?;
    let sha512 = ident == "pbkdf2-sha512";
    let (rounds, kind, declared_len) = if let Some(rounds) = parse_decimal(params) {
        // passlib: bare rounds, adapted Base64.
        (rounds, Base64Kind::Adapted, None)
    } else {
        let mut parts = params.split(',');
        let rounds = named(parts.next(), "i")?;
        let len = match parts.next() {
            Some(part) => Some(named(Some(part), "l")?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(PasswordError::MalformedHash);
        }
        (rounds, Base64Kind::Standard, len)
    };
    if rounds == 0 {
        return Err(PasswordError::ParamsInvalid);
    }
    if rounds > limits.max_pbkdf2_rounds {
        return Err(PasswordError::LegacyCostTooHigh);
    }
    let salt = decode_salt(salt, limits, kind)?;
    let hash = decode_output(hash, kind)?;
    if declared_len.is_some_and(|len| usize::try_from(len).ok() != Some(hash.len())) {
        return Err(PasswordError::MalformedHash);
    }
    Ok(Pbkdf2Hash {
        sha512,
        rounds,
        salt,
        hash,
    })
}

/// Splits `$ident$params$salt$hash` into its four fields.
fn split_fields(s: &str) -> Result<[&str; 4], PasswordError> {
    if s.len() > MAX_LEGACY_LEN {
        return Err(PasswordError::MalformedHash);
    }
    let mut parts = s.split('$');
    if parts.next() != Some("") {
        return Err(PasswordError::MalformedHash);
    }
    let mut fields = [""; 4];
    for field in &mut fields {
        *field = parts.next().ok_or(PasswordError::MalformedHash)?;
    }
    if parts.next().is_some() {
        return Err(PasswordError::MalformedHash);
    }
    Ok(fields)
}

/// Parses `name=decimal`.
fn named(part: Option<&str>, name: &str) -> Result<u32, PasswordError> {
    part.and_then(|p| p.strip_prefix(name))
        .and_then(|p| p.strip_prefix('='))
        .and_then(parse_decimal)
        .ok_or(PasswordError::MalformedHash)
}

#[derive(Clone, Copy)]
enum Base64Kind {
    /// Standard alphabet, no padding.
    Standard,
    /// passlib's "adapted Base64": `.` in place of `+`, no padding.
    Adapted,
}

fn decode_b64(s: &str, max: usize, kind: Base64Kind) -> Result<Vec<u8>, DecodeFailure> {
    if s.len() > (max * 4).div_ceil(3) {
        return Err(DecodeFailure::TooLong);
    }
    let decoded = match kind {
        Base64Kind::Standard => Base64Unpadded::decode_vec(s),
        Base64Kind::Adapted => {
            if s.contains('+') {
                return Err(DecodeFailure::Malformed);
            }
            Base64Unpadded::decode_vec(&s.replace('.', "+"))
        }
    };
    decoded.map_err(|_| DecodeFailure::Malformed)
}

enum DecodeFailure {
    TooLong,
    Malformed,
}

fn decode_salt(s: &str, limits: &Limits, kind: Base64Kind) -> Result<Vec<u8>, PasswordError> {
    let salt = decode_b64(s, limits.max_salt_bytes, kind).map_err(|e| match e {
        DecodeFailure::TooLong => PasswordError::SaltTooLong,
        DecodeFailure::Malformed => PasswordError::MalformedHash,
    })?;
    if salt.len() < Limits::MIN_SALT_BYTES {
        return Err(PasswordError::SaltTooShort);
    }
    Ok(salt)
}

fn decode_output(s: &str, kind: Base64Kind) -> Result<Vec<u8>, PasswordError> {
    let hash = decode_b64(s, Limits::MAX_OUTPUT_BYTES, kind).map_err(|e| match e {
        DecodeFailure::TooLong => PasswordError::OutputTooLong,
        DecodeFailure::Malformed => PasswordError::MalformedHash,
    })?;
    if hash.len() < Limits::MIN_OUTPUT_BYTES {
        return Err(PasswordError::OutputTooShort);
    }
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str, limits: &Limits) -> Result<(), PasswordError> {
        parse(s, limits).map(drop)
    }

    fn verify(s: &str, password: &[u8], limits: &Limits) -> Result<(), PasswordError> {
        parse(s, limits)?.verify(password, limits)
    }

    const LIMITS: Limits = Limits::DEFAULT;

    #[test]
    fn bcrypt_known_hash() {
        // From the bcrypt crate's own tests ("hunter2", cost 4... made by
        // OpenBSD-compatible bcrypt).
        let hash = bcrypt::hash_with_salt("hunter2", 4, [7u8; 16])
            .expect("cost 4 is valid")
            .format_for_version(bcrypt::Version::TwoB);
        assert_eq!(verify(&hash, b"hunter2", &LIMITS), Ok(()));
        assert_eq!(
            verify(&hash, b"hunter3", &LIMITS),
            Err(PasswordError::VerificationFailed)
        );
    }

    /// One row per rule of the legacy parsers.
    #[test]
    fn validation_criteria() {
        let bcrypt31 = "$2b$31$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234";
        let cases: &[(&str, PasswordError)] = &[
            (bcrypt31, PasswordError::LegacyCostTooHigh),
            (
                "$2b$03$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
                PasswordError::ParamsInvalid,
            ),
            (
                "$2b$1a$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
                PasswordError::MalformedHash,
            ),
            ("$2b$10$short", PasswordError::MalformedHash),
            (
                "$scrypt$ln=30,r=8,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$scrypt$ln=300,r=8,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$scrypt$ln=20,r=16,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$scrypt$ln=14,r=8,p=9$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$scrypt$ln=0,r=8,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::ParamsInvalid,
            ),
            (
                "$scrypt$r=8,ln=14,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$scrypt$ln=14,r=8,p=1$c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::SaltTooShort,
            ),
            (
                "$pbkdf2-sha256$i=4000000000,l=32$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$pbkdf2-sha256$4000000000$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::LegacyCostTooHigh,
            ),
            (
                "$pbkdf2-sha256$i=1000,l=31$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$pbkdf2-sha256$1000$c29tZXNhbHQ$CTFhFdXPJO1a+aMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$pbkdf2-sha512$i=0$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::ParamsInvalid,
            ),
            (
                "$pbkdf2-sha512$i=1000$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$",
                PasswordError::MalformedHash,
            ),
        ];
        for (s, expected) in cases {
            assert_eq!(check(s, &LIMITS).err(), Some(*expected), "check {s}");
            assert_eq!(
                verify(s, b"pw", &LIMITS).err(),
                Some(*expected),
                "verify {s}"
            );
        }
    }

    #[test]
    fn pbkdf2_both_forms() {
        let salt = b"0123456789abcdef";
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(b"pw", salt, 1000, &mut out);
        let phc = format!(
            "$pbkdf2-sha256$i=1000,l=32${}${}",
            Base64Unpadded::encode_string(salt),
            Base64Unpadded::encode_string(&out)
        );
        let passlib = format!(
            "$pbkdf2-sha256$1000${}${}",
            Base64Unpadded::encode_string(salt).replace('+', "."),
            Base64Unpadded::encode_string(&out).replace('+', ".")
        );
        for s in [phc, passlib] {
            assert_eq!(verify(&s, b"pw", &LIMITS), Ok(()), "{s}");
            assert_eq!(
                verify(&s, b"px", &LIMITS),
                Err(PasswordError::VerificationFailed)
            );
        }
    }

    /// Limits built without `validate` (the fields are public) must not
    /// make the cost check overflow either.
    #[test]
    fn scrypt_cost_check_cannot_overflow() {
        let wide = Limits {
            max_scrypt_log_n: u8::MAX,
            max_scrypt_r_times_p: u32::MAX,
            ..Limits::DEFAULT
        };
        for ln in [32, 60, 63, 64, 200] {
            let s = format!("$scrypt$ln={ln},r=1048576,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA");
            assert_eq!(
                check(&s, &wide),
                Err(PasswordError::LegacyCostTooHigh),
                "{ln}"
            );
        }
    }

    #[test]
    fn scrypt_round_trip() {
        let salt = b"0123456789abcdef";
        let params = scrypt::Params::new(4, 8, 1).expect("valid");
        let mut out = [0u8; 32];
        scrypt::scrypt(b"pw", salt, &params, &mut out).expect("valid length");
        let s = format!(
            "$scrypt$ln=4,r=8,p=1${}${}",
            Base64Unpadded::encode_string(salt),
            Base64Unpadded::encode_string(&out)
        );
        assert_eq!(verify(&s, b"pw", &LIMITS), Ok(()));
        assert_eq!(
            verify(&s, b"px", &LIMITS),
            Err(PasswordError::VerificationFailed)
        );
    }
}
