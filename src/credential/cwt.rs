//! CWT (RFC 8392) and CBOR helpers shared by credkit's credentials, status
//! lists and the HC1 verifier: bounded CBOR reading, the registered claim
//! keys, and readers for claim values.
//!
//! Everything above it in `credential` reads CBOR through here, so the
//! depth and trailing-byte rules are stated once.

#[cfg(test)]
use coset::cbor::value::Integer;
use coset::cbor::value::Value;

use super::CredentialError;

/// Deepest CBOR nesting accepted anywhere in a credential or status list:
/// 16 levels (the credential itself uses at most 3 plus the attributes'
/// own [`MAX_ATTRIBUTE_DEPTH`](super::MAX_ATTRIBUTE_DEPTH)).
pub(crate) const MAX_CBOR_DEPTH: usize = 16;

/// Reads one CBOR data item, refusing trailing bytes and nesting deeper
/// than [`MAX_CBOR_DEPTH`].
pub(crate) fn read_cbor(bytes: &[u8]) -> Option<Value> {
    let mut rest = bytes;
    let value: Value =
        coset::cbor::de::from_reader_with_recursion_limit(&mut rest, MAX_CBOR_DEPTH).ok()?;
    rest.is_empty().then_some(value)
}

/// Serializes one CBOR value.
pub(crate) fn write_cbor(value: &Value) -> Result<Vec<u8>, CredentialError> {
    let mut out = Vec::new();
    coset::cbor::ser::into_writer(value, &mut out).map_err(|_| CredentialError::ClaimsMalformed)?;
    Ok(out)
}

/// CWT `iss` (RFC 8392 §3.1.1).
pub(crate) const ISS: i64 = 1;
/// CWT `sub` (RFC 8392 §3.1.2).
pub(crate) const SUB: i64 = 2;
/// CWT `exp` (RFC 8392 §3.1.4).
pub(crate) const EXP: i64 = 4;
/// CWT `nbf` (RFC 8392 §3.1.5).
pub(crate) const NBF: i64 = 5;
/// CWT `iat` (RFC 8392 §3.1.6).
pub(crate) const IAT: i64 = 6;
/// CWT `cti` (RFC 8392 §3.1.7).
pub(crate) const CTI: i64 = 7;
/// A claims-map key: an integer or text label (RFC 8392 §3).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ClaimKey {
    Int(i64),
    Text(String),
}

/// Reads a claims map: keys are integers or text, each at most once.
pub(crate) fn read_claims_map(payload: &[u8]) -> Result<Vec<(ClaimKey, Value)>, CredentialError> {
    let value = read_cbor(payload).ok_or(CredentialError::ClaimsMalformed)?;
    let Value::Map(entries) = value else {
        return Err(CredentialError::ClaimsMalformed);
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let key = match k {
            Value::Integer(i) => {
                ClaimKey::Int(i64::try_from(i).map_err(|_| CredentialError::ClaimsMalformed)?)
            }
            Value::Text(t) => ClaimKey::Text(t),
            _ => return Err(CredentialError::ClaimsMalformed),
        };
        if !seen.insert(key.clone()) {
            return Err(CredentialError::ClaimsMalformed);
        }
        out.push((key, v));
    }
    Ok(out)
}

/// A NumericDate (RFC 8392 §2): seconds since the epoch, non-negative.
/// A fractional value is rounded down, or up when `round_up`.
pub(crate) fn numeric_date(value: Value, round_up: bool) -> Result<u64, CredentialError> {
    match value {
        Value::Integer(i) => u64::try_from(i).map_err(|_| CredentialError::ClaimsMalformed),
        Value::Float(f) if f.is_finite() && (0.0..1.8e19).contains(&f) => {
            let r = if round_up { f.ceil() } else { f.floor() };
            // In range and integral after rounding: the conversion is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(r as u64)
        }
        _ => Err(CredentialError::ClaimsMalformed),
    }
}

/// An unsigned integer claim.
pub(crate) fn uint(value: Value) -> Result<u64, CredentialError> {
    match value {
        Value::Integer(i) => u64::try_from(i).map_err(|_| CredentialError::ClaimsMalformed),
        _ => Err(CredentialError::ClaimsMalformed),
    }
}

/// A text claim.
pub(crate) fn text(value: Value) -> Result<String, CredentialError> {
    match value {
        Value::Text(t) => Ok(t),
        _ => Err(CredentialError::ClaimsMalformed),
    }
}

/// A CBOR integer.
#[cfg(test)]
pub(crate) fn int(n: i64) -> Value {
    Value::Integer(Integer::from(n))
}

/// A CBOR unsigned integer.
#[cfg(test)]
pub(crate) fn unsigned(n: u64) -> Value {
    Value::Integer(Integer::from(n))
}
