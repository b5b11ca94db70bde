//! Strict, bounded parsing and encoding of Argon2 PHC strings.
//!
//! Format (PHC string format specification, and the reference
//! implementation's `encoding.c`):
//!
//! ```text
//! $argon2id$v=19$m=19456,t=2,p=1[,keyid=<B64>][,data=<B64>]$<B64 salt>$<B64 hash>
//! ```
//!
//! `B64` is standard Base64 without padding, with canonical trailing bits.
//! The `v=` segment may be absent, which means version 16 (0x10), as in
//! strings written by reference releases before 2016. Parameters must come
//! in the order `m`, `t`, `p`, then the optional `keyid` and `data`;
//! decimals have no sign and no leading zero. Every length is checked against
//! the [`Limits`] before anything is decoded or allocated.

use base64ct::{Base64Unpadded, Encoding};

use super::PasswordError;
use super::engine::{Variant, Version};
use super::params::{Argon2Params, Limits};

/// Longest Argon2 PHC string accepted, in bytes. A string at the largest
/// bounds (10-digit costs, 8-byte key id, 32-byte data, 64-byte salt and
/// output) is under 300 bytes.
pub(crate) const MAX_PHC_LEN: usize = 512;

/// Largest key id, in bytes (the argon2 crate's `KeyId::MAX_LEN`, the PHC
/// Argon2 convention).
pub(crate) const MAX_KEYID_BYTES: usize = 8;

/// Largest associated data, in bytes (the argon2 crate's
/// `AssociatedData::MAX_LEN`).
pub(crate) const MAX_DATA_BYTES: usize = 32;

/// Largest decoded field: salt, output, key id and data are all at most this.
const MAX_FIELD_BYTES: usize = 64;

/// The PHC identifier of an Argon2 variant.
pub(crate) fn ident(variant: Variant) -> &'static str {
    match variant {
        Variant::Argon2d => "argon2d",
        Variant::Argon2i => "argon2i",
        Variant::Argon2id => "argon2id",
    }
}

/// A bounded byte field decoded from B64 (salt, output, key id, data).
///
/// Invariant: `len <= MAX_FIELD_BYTES`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    bytes: [u8; MAX_FIELD_BYTES],
    len: usize,
}

impl Field {
    const EMPTY: Self = Self {
        bytes: [0; MAX_FIELD_BYTES],
        len: 0,
    };

    /// Decodes `b64`, refusing anything that would decode to more than `max`
    /// bytes before decoding.
    fn decode(b64: &str, max: usize) -> Result<Self, DecodeError> {
        let max = max.min(MAX_FIELD_BYTES);
        // ceil(max * 4 / 3): the longest unpadded encoding of `max` bytes.
        if b64.len() > (max * 4).div_ceil(3) {
            return Err(DecodeError::TooLong);
        }
        let mut field = Self::EMPTY;
        let len = Base64Unpadded::decode(b64, &mut field.bytes)
            .map_err(|_| DecodeError::Malformed)?
            .len();
        // Invariant: decode wrote into a MAX_FIELD_BYTES buffer.
        field.len = len;
        Ok(field)
    }

    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut field = Self::EMPTY;
        field.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        field.len = bytes.len();
        Some(field)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl core::fmt::Debug for Field {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Field({} bytes)", self.len)
    }
}

enum DecodeError {
    TooLong,
    Malformed,
}

/// A parsed Argon2 PHC string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Argon2Phc {
    pub(crate) variant: Variant,
    /// 0x10 or 0x13.
    pub(crate) version: Version,
    pub(crate) params: Argon2Params,
    pub(crate) keyid: Option<Field>,
    pub(crate) data: Option<Field>,
    pub(crate) salt: Field,
    pub(crate) output: Field,
}

/// Whether `s` looks like an Argon2 PHC string (so the caller can route it).
pub(crate) fn is_argon2(s: &str) -> bool {
    s.starts_with("$argon2id$") || s.starts_with("$argon2i$") || s.starts_with("$argon2d$")
}

/// Parses a decimal `u32` with no sign and no leading zero.
pub(crate) fn parse_decimal(s: &str) -> Option<u32> {
    let bytes = s.as_bytes();
    let valid = !bytes.is_empty()
        && bytes.len() <= 10
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes.len() == 1 || bytes.first() != Some(&b'0'));
    if !valid {
        return None;
    }
    s.parse().ok()
}

fn expect_param<'a>(part: Option<&'a str>, name: &str) -> Result<&'a str, PasswordError> {
    part.and_then(|p| p.strip_prefix(name))
        .and_then(|p| p.strip_prefix('='))
        .ok_or(PasswordError::MalformedHash)
}

/// Parses an Argon2 PHC string, checking every bound in `limits` before
/// decoding the salt and output.
///
/// # Errors
/// [`PasswordError::MalformedHash`] for any syntax error;
/// [`PasswordError::UnsupportedAlgorithm`], [`PasswordError::UnsupportedVersion`];
/// the limit errors of [`Argon2Params::check`]; salt and output length errors.
pub(crate) fn parse(s: &str, limits: &Limits) -> Result<Argon2Phc, PasswordError> {
    if s.len() > MAX_PHC_LEN {
        return Err(PasswordError::MalformedHash);
    }
    let mut fields = s.split('$');
    if fields.next() != Some("") {
        return Err(PasswordError::MalformedHash);
    }
    let variant = match fields.next() {
        Some("argon2id") => Variant::Argon2id,
        Some("argon2i") => Variant::Argon2i,
        Some("argon2d") => Variant::Argon2d,
        Some(_) => return Err(PasswordError::UnsupportedAlgorithm),
        None => return Err(PasswordError::MalformedHash),
    };
    let mut next = fields.next().ok_or(PasswordError::MalformedHash)?;
    let version = if let Some(v) = next.strip_prefix("v=") {
        let number = parse_decimal(v).ok_or(PasswordError::MalformedHash)?;
        let version = Version::from_number(number).ok_or(PasswordError::UnsupportedVersion)?;
        next = fields.next().ok_or(PasswordError::MalformedHash)?;
        version
    } else {
        Version::V0x10
    };

    let mut params = next.split(',');
    let m = parse_decimal(expect_param(params.next(), "m")?).ok_or(PasswordError::MalformedHash)?;
    let t = parse_decimal(expect_param(params.next(), "t")?).ok_or(PasswordError::MalformedHash)?;
    let p = parse_decimal(expect_param(params.next(), "p")?).ok_or(PasswordError::MalformedHash)?;
    let mut keyid = None;
    let mut data = None;
    let mut rest = params.next();
    if let Some(value) = rest.and_then(|r| r.strip_prefix("keyid=")) {
        keyid = Some(decode_field(value, MAX_KEYID_BYTES)?);
        rest = params.next();
    }
    if let Some(value) = rest.and_then(|r| r.strip_prefix("data=")) {
        data = Some(decode_field(value, MAX_DATA_BYTES)?);
        rest = params.next();
    }
    if rest.is_some() {
        return Err(PasswordError::MalformedHash);
    }
    if keyid.is_some_and(|k| k.len() == 0) {
        return Err(PasswordError::MalformedHash);
    }

    // Bounds before anything is allocated (the salt and output decode into
    // fixed buffers; the Argon2 memory is allocated only by the caller).
    if m > limits.max_memory_kib {
        return Err(PasswordError::MemoryTooLarge);
    }
    if t > limits.max_iterations {
        return Err(PasswordError::IterationsTooLarge);
    }
    if p > limits.max_parallelism {
        return Err(PasswordError::ParallelismTooLarge);
    }
    let params = Argon2Params::new(m, t, p)?;

    let salt_b64 = fields.next().ok_or(PasswordError::MalformedHash)?;
    let output_b64 = fields.next().ok_or(PasswordError::MalformedHash)?;
    if fields.next().is_some() {
        return Err(PasswordError::MalformedHash);
    }
    let salt = match Field::decode(salt_b64, limits.max_salt_bytes) {
        Ok(salt) => salt,
        Err(DecodeError::TooLong) => return Err(PasswordError::SaltTooLong),
        Err(DecodeError::Malformed) => return Err(PasswordError::MalformedHash),
    };
    if salt.len() < Limits::MIN_SALT_BYTES {
        return Err(PasswordError::SaltTooShort);
    }
    let output = match Field::decode(output_b64, Limits::MAX_OUTPUT_BYTES) {
        Ok(output) => output,
        Err(DecodeError::TooLong) => return Err(PasswordError::OutputTooLong),
        Err(DecodeError::Malformed) => return Err(PasswordError::MalformedHash),
    };
    if output.len() < Limits::MIN_OUTPUT_BYTES {
        return Err(PasswordError::OutputTooShort);
    }
    Ok(Argon2Phc {
        variant,
        version,
        params,
        keyid,
        data,
        salt,
        output,
    })
}

fn decode_field(value: &str, max: usize) -> Result<Field, PasswordError> {
    Field::decode(value, max).map_err(|_| PasswordError::MalformedHash)
}

/// Encodes an Argon2 PHC string in the reference implementation's form
/// (`v=` always present), plus `keyid` when peppered.
pub(crate) fn encode(phc: &Argon2Phc) -> String {
    use core::fmt::Write as _;
    let mut out = String::with_capacity(128);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "${}$v={}$m={},t={},p={}",
        ident(phc.variant),
        phc.version.number(),
        phc.params.memory_kib(),
        phc.params.iterations(),
        phc.params.parallelism()
    );
    if let Some(keyid) = &phc.keyid {
        out.push_str(",keyid=");
        out.push_str(&Base64Unpadded::encode_string(keyid.as_bytes()));
    }
    if let Some(data) = &phc.data {
        out.push_str(",data=");
        out.push_str(&Base64Unpadded::encode_string(data.as_bytes()));
    }
    out.push('$');
    out.push_str(&Base64Unpadded::encode_string(phc.salt.as_bytes()));
    out.push('$');
    out.push_str(&Base64Unpadded::encode_string(phc.output.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REF: &str =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    #[test]
    fn round_trips_reference_string() {
        let phc = parse(REF, &Limits::DEFAULT).expect("reference string parses");
        assert_eq!(phc.variant, Variant::Argon2id);
        assert_eq!(phc.version, Version::V0x13);
        assert_eq!(phc.params, Argon2Params::new(65536, 2, 1).expect("valid"));
        assert_eq!(phc.salt.as_bytes(), b"somesalt");
        assert_eq!(encode(&phc), REF);
    }

    /// The reference implementation's encoder output (`src/test.c`, the
    /// strings it compares exactly) re-encodes byte for byte.
    #[test]
    fn reference_encodings_round_trip() {
        let file: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/vectors/argon2_reference_test_c.json"
        ))
        .expect("vector file parses");
        let mut checked = 0;
        for test in file["hash_tests"].as_array().expect("hash tests") {
            if test["encoded_checked_exactly"].as_bool() != Some(true) {
                continue;
            }
            let encoded = test["encoded"].as_str().expect("string");
            let phc = parse(encoded, &Limits::DEFAULT).expect("parses");
            assert_eq!(encode(&phc), encoded);
            checked += 1;
        }
        assert_eq!(checked, 17);
    }

    #[test]
    fn missing_version_means_16() {
        let s = "$argon2i$m=65536,t=2,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ";
        let phc = parse(s, &Limits::DEFAULT).expect("v16 string parses");
        assert_eq!(phc.version, Version::V0x10);
        assert_eq!(phc.variant, Variant::Argon2i);
    }

    #[test]
    fn keyid_and_data_round_trip() {
        let s = "$argon2id$v=19$m=64,t=1,p=1,keyid=azE,data=ZGF0YQ$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        let phc = parse(s, &Limits::DEFAULT).expect("parses");
        assert_eq!(
            phc.keyid.map(|k| k.as_bytes().to_vec()),
            Some(b"k1".to_vec())
        );
        assert_eq!(
            phc.data.map(|d| d.as_bytes().to_vec()),
            Some(b"data".to_vec())
        );
        assert_eq!(encode(&phc), s);
    }

    /// One row per rule the parser enforces.
    #[test]
    fn validation_criteria() {
        let cases: &[(&str, PasswordError)] = &[
            ("", PasswordError::MalformedHash),
            (
                "argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2x$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::UnsupportedAlgorithm,
            ),
            (
                "$argon2id$v=18$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::UnsupportedVersion,
            ),
            (
                "$argon2id$v=019$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$t=1,m=64,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=+64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1,x=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MemoryTooLarge,
            ),
            (
                "$argon2id$v=19$m=4294967296,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=64,t=65,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::IterationsTooLarge,
            ),
            (
                "$argon2id$v=19$m=1024,t=1,p=17$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::ParallelismTooLarge,
            ),
            (
                "$argon2id$v=19$m=31,t=1,p=4$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::ParamsInvalid,
            ),
            (
                "$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::ParamsInvalid,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1$c29tZQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::SaltTooShort,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMa",
                PasswordError::OutputTooShort,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHR$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$",
                PasswordError::MalformedHash,
            ),
            (
                "$argon2id$v=19$m=64,t=1,p=1,keyid=$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                PasswordError::MalformedHash,
            ),
        ];
        for (s, expected) in cases {
            assert_eq!(parse(s, &Limits::DEFAULT).err(), Some(*expected), "{s}");
        }
        let long_salt = format!(
            "$argon2id$v=19$m=64,t=1,p=1${}$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
            "A".repeat(90)
        );
        assert_eq!(
            parse(&long_salt, &Limits::DEFAULT).err(),
            Some(PasswordError::SaltTooLong)
        );
        assert_eq!(
            parse(&"$".repeat(600), &Limits::DEFAULT).err(),
            Some(PasswordError::MalformedHash)
        );
    }
}
