//! The credential payload: a CWT claims map (RFC 8392 §3) with credkit's
//! own claims under private-use keys (RFC 8392 §9.1: integers below -65536).
//!
//! | key | claim | type |
//! |---|---|---|
//! | 1 | `iss` issuer | text, required |
//! | 2 | `sub` subject (the holder's ID number) | text, required |
//! | 4 | `exp` expiry | NumericDate, required |
//! | 5 | `nbf` not before | NumericDate, optional |
//! | 6 | `iat` issued at | NumericDate, required |
//! | 7 | `cti` credential id | bytes, optional (credkit issues 16 random bytes) |
//! | -65537 | credkit version of the holder's data | uint ≥ 1, optional (absent: 1) |
//! | -65538 | credkit status index (into the status list) | uint, optional |
//! | -65539 | credkit attributes | map of text keys, optional |
//!
//! Other claims (such as `aud`) are ignored. Attribute values are text,
//! integers (i64), booleans, byte strings, dates (RFC 8943 full-date, CBOR
//! tag 1004), arrays and maps with text keys, nested at most
//! [`MAX_ATTRIBUTE_DEPTH`] deep; other CBOR types (floats, null, other tags)
//! are refused.

use std::collections::BTreeMap;
use std::fmt;

#[cfg(test)]
use coset::cbor::value::Integer;
use coset::cbor::value::Value;

use super::CredentialError;
use super::cose::{write_bytes, write_head};
use super::cwt::{
    CTI, ClaimKey, EXP, IAT, ISS, NBF, SUB, numeric_date, read_claims_map, text, uint,
};
#[cfg(test)]
use super::cwt::{int, unsigned, write_cbor};

/// credkit's version claim (private use, RFC 8392 §9.1).
pub const CLAIM_VERSION: i64 = -65537;
/// credkit's status index claim (private use, RFC 8392 §9.1).
pub const CLAIM_STATUS_INDEX: i64 = -65538;
/// credkit's attributes claim (private use, RFC 8392 §9.1).
pub const CLAIM_ATTRIBUTES: i64 = -65539;

/// CBOR tag for an RFC 3339 full-date text string (RFC 8943 §3).
const TAG_FULL_DATE: u64 = 1004;

/// Deepest nesting of attribute maps and arrays: 8 levels.
pub const MAX_ATTRIBUTE_DEPTH: usize = 8;

/// A calendar date (RFC 3339 `full-date`), carried as CBOR tag 1004.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `year-month-day` (Gregorian, years 0000 to 9999).
    ///
    /// # Errors
    /// [`CredentialError::AttributeInvalid`] if the date does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, CredentialError> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(CredentialError::AttributeInvalid),
        };
        if year > 9999 || day == 0 || day > days {
            return Err(CredentialError::AttributeInvalid);
        }
        Ok(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// # Errors
    /// [`CredentialError::AttributeInvalid`] if `text` is not an existing
    /// date in that form.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let b = text.as_bytes();
        let digits_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !digits_ok {
            return Err(CredentialError::AttributeInvalid);
        }
        let num = |s: &[u8]| s.iter().fold(0u16, |n, c| n * 10 + u16::from(c - b'0'));
        let month = u8::try_from(num(&b[5..7])).map_err(|_| CredentialError::AttributeInvalid)?;
        let day = u8::try_from(num(&b[8..10])).map_err(|_| CredentialError::AttributeInvalid)?;
        Self::new(num(&b[0..4]), month, day)
    }

    /// The year.
    #[must_use]
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    #[must_use]
    pub fn day(&self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The attributes of a credential: a map with text keys.
pub type Attributes = BTreeMap<String, AttributeValue>;

/// One attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttributeValue {
    /// UTF-8 text.
    Text(String),
    /// A signed 64-bit integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// A byte string (for example a photo hash).
    Bytes(Vec<u8>),
    /// A calendar date.
    Date(Date),
    /// A list of values.
    Array(Vec<AttributeValue>),
    /// A map with text keys.
    Map(Attributes),
}

impl From<&str> for AttributeValue {
    fn from(s: &str) -> Self {
        AttributeValue::Text(s.to_owned())
    }
}

impl From<String> for AttributeValue {
    fn from(s: String) -> Self {
        AttributeValue::Text(s)
    }
}

impl From<i64> for AttributeValue {
    fn from(n: i64) -> Self {
        AttributeValue::Integer(n)
    }
}

impl From<bool> for AttributeValue {
    fn from(b: bool) -> Self {
        AttributeValue::Bool(b)
    }
}

impl From<Vec<u8>> for AttributeValue {
    fn from(b: Vec<u8>) -> Self {
        AttributeValue::Bytes(b)
    }
}

impl From<Date> for AttributeValue {
    fn from(d: Date) -> Self {
        AttributeValue::Date(d)
    }
}

impl AttributeValue {
    /// Appends the value's CBOR encoding (the bytes ciborium writes for the
    /// value tree [`Self::to_cbor`] builds, without building it).
    fn write_cbor(&self, out: &mut Vec<u8>, depth: usize) -> Result<(), CredentialError> {
        if depth > MAX_ATTRIBUTE_DEPTH {
            return Err(CredentialError::AttributeInvalid);
        }
        match self {
            AttributeValue::Text(s) => write_text(out, s),
            AttributeValue::Integer(n) => write_int(out, *n),
            AttributeValue::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
            AttributeValue::Bytes(b) => write_bytes(out, b),
            AttributeValue::Date(d) => {
                write_head(out, MAJOR_TAG, TAG_FULL_DATE);
                write_head(out, MAJOR_TEXT, 10);
                let digits = |out: &mut Vec<u8>, n: u16, width: u32| {
                    for i in (0..width).rev() {
                        // A single decimal digit: the narrowing is exact.
                        #[allow(clippy::cast_possible_truncation)]
                        out.push(b'0' + (n / 10u16.pow(i) % 10) as u8);
                    }
                };
                digits(out, d.year, 4);
                out.push(b'-');
                digits(out, u16::from(d.month), 2);
                out.push(b'-');
                digits(out, u16::from(d.day), 2);
            }
            AttributeValue::Array(items) => {
                write_head(out, MAJOR_ARRAY, items.len() as u64);
                for item in items {
                    item.write_cbor(out, depth + 1)?;
                }
            }
            AttributeValue::Map(map) => write_attributes(out, map, depth + 1)?,
        }
        Ok(())
    }

    #[cfg(test)]
    fn to_cbor(&self, depth: usize) -> Result<Value, CredentialError> {
        if depth > MAX_ATTRIBUTE_DEPTH {
            return Err(CredentialError::AttributeInvalid);
        }
        Ok(match self {
            AttributeValue::Text(s) => Value::Text(s.clone()),
            AttributeValue::Integer(n) => Value::Integer(Integer::from(*n)),
            AttributeValue::Bool(b) => Value::Bool(*b),
            AttributeValue::Bytes(b) => Value::Bytes(b.clone()),
            AttributeValue::Date(d) => {
                Value::Tag(TAG_FULL_DATE, Box::new(Value::Text(d.to_string())))
            }
            AttributeValue::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| v.to_cbor(depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            AttributeValue::Map(map) => attributes_to_cbor(map, depth + 1)?,
        })
    }

    fn from_cbor(value: Value, depth: usize) -> Result<Self, CredentialError> {
        if depth > MAX_ATTRIBUTE_DEPTH {
            return Err(CredentialError::AttributeInvalid);
        }
        Ok(match value {
            Value::Text(s) => AttributeValue::Text(s),
            Value::Integer(n) => AttributeValue::Integer(
                i64::try_from(n).map_err(|_| CredentialError::AttributeInvalid)?,
            ),
            Value::Bool(b) => AttributeValue::Bool(b),
            Value::Bytes(b) => AttributeValue::Bytes(b),
            Value::Tag(TAG_FULL_DATE, inner) => match *inner {
                Value::Text(s) => AttributeValue::Date(Date::parse(&s)?),
                _ => return Err(CredentialError::AttributeInvalid),
            },
            Value::Array(items) => AttributeValue::Array(
                items
                    .into_iter()
                    .map(|v| AttributeValue::from_cbor(v, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(entries) => AttributeValue::Map(attributes_from_cbor(entries, depth + 1)?),
            _ => return Err(CredentialError::AttributeInvalid),
        })
    }
}

/// Appends an attribute map (see [`AttributeValue::write_cbor`]).
fn write_attributes(
    out: &mut Vec<u8>,
    map: &Attributes,
    depth: usize,
) -> Result<(), CredentialError> {
    if depth > MAX_ATTRIBUTE_DEPTH {
        return Err(CredentialError::AttributeInvalid);
    }
    write_head(out, MAJOR_MAP, map.len() as u64);
    for (k, v) in map {
        write_text(out, k);
        v.write_cbor(out, depth)?;
    }
    Ok(())
}

/// CBOR major types (RFC 8949 §3.1).
const MAJOR_UNSIGNED: u8 = 0;
const MAJOR_NEGATIVE: u8 = 1;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const MAJOR_TAG: u8 = 6;

fn write_text(out: &mut Vec<u8>, text: &str) {
    write_head(out, MAJOR_TEXT, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn write_int(out: &mut Vec<u8>, n: i64) {
    match u64::try_from(n) {
        Ok(n) => write_head(out, MAJOR_UNSIGNED, n),
        // -1 - n, which is !n for two's complement: non-negative.
        Err(_) => write_head(out, MAJOR_NEGATIVE, (!n).cast_unsigned()),
    }
}

#[cfg(test)]
fn attributes_to_cbor(map: &Attributes, depth: usize) -> Result<Value, CredentialError> {
    if depth > MAX_ATTRIBUTE_DEPTH {
        return Err(CredentialError::AttributeInvalid);
    }
    Ok(Value::Map(
        map.iter()
            .map(|(k, v)| Ok((Value::Text(k.clone()), v.to_cbor(depth)?)))
            .collect::<Result<_, CredentialError>>()?,
    ))
}

fn attributes_from_cbor(
    entries: Vec<(Value, Value)>,
    depth: usize,
) -> Result<Attributes, CredentialError> {
    let mut map = Attributes::new();
    for (k, v) in entries {
        let Value::Text(key) = k else {
            return Err(CredentialError::AttributeInvalid);
        };
        let value = AttributeValue::from_cbor(v, depth)?;
        if map.insert(key, value).is_some() {
            return Err(CredentialError::AttributeInvalid);
        }
    }
    Ok(map)
}

/// The claims of a credential, as signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CredentialClaims {
    pub(crate) issuer: String,
    pub(crate) subject: String,
    pub(crate) issued_at: u64,
    pub(crate) expires_at: u64,
    pub(crate) not_before: Option<u64>,
    pub(crate) credential_id: Option<Vec<u8>>,
    pub(crate) version: u64,
    pub(crate) status_index: Option<u64>,
    pub(crate) attributes: Attributes,
}

/// The claims of a credential being issued, borrowed from the request and
/// the issuer so that nothing is copied before encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClaimsRef<'a> {
    pub(crate) issuer: &'a str,
    pub(crate) subject: &'a str,
    pub(crate) issued_at: u64,
    pub(crate) expires_at: u64,
    pub(crate) not_before: Option<u64>,
    pub(crate) credential_id: Option<&'a [u8]>,
    pub(crate) version: u64,
    pub(crate) status_index: Option<u64>,
    pub(crate) attributes: &'a Attributes,
}

impl ClaimsRef<'_> {
    /// Appends the CBOR claims map, in the order of the table above.
    ///
    /// Written directly rather than through a CBOR value tree, which cost a
    /// copy of every string and several allocations per credential; the
    /// bytes are the ones ciborium writes for that tree (tested). On error
    /// `out` may hold part of the map.
    ///
    /// # Errors
    /// [`CredentialError::AttributeInvalid`] for attributes nested deeper
    /// than [`MAX_ATTRIBUTE_DEPTH`].
    pub(crate) fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), CredentialError> {
        let entries = 5
            + u64::from(self.not_before.is_some())
            + u64::from(self.credential_id.is_some())
            + u64::from(self.status_index.is_some())
            + u64::from(!self.attributes.is_empty());
        write_head(out, MAJOR_MAP, entries);
        write_int(out, ISS);
        write_text(out, self.issuer);
        write_int(out, SUB);
        write_text(out, self.subject);
        write_int(out, EXP);
        write_head(out, MAJOR_UNSIGNED, self.expires_at);
        if let Some(nbf) = self.not_before {
            write_int(out, NBF);
            write_head(out, MAJOR_UNSIGNED, nbf);
        }
        write_int(out, IAT);
        write_head(out, MAJOR_UNSIGNED, self.issued_at);
        if let Some(cti) = self.credential_id {
            write_int(out, CTI);
            write_bytes(out, cti);
        }
        write_int(out, CLAIM_VERSION);
        write_head(out, MAJOR_UNSIGNED, self.version);
        if let Some(index) = self.status_index {
            write_int(out, CLAIM_STATUS_INDEX);
            write_head(out, MAJOR_UNSIGNED, index);
        }
        if !self.attributes.is_empty() {
            write_int(out, CLAIM_ATTRIBUTES);
            write_attributes(out, self.attributes, 1)?;
        }
        Ok(())
    }
}

impl CredentialClaims {
    /// The claims, borrowed.
    fn borrowed(&self) -> ClaimsRef<'_> {
        ClaimsRef {
            issuer: &self.issuer,
            subject: &self.subject,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
            not_before: self.not_before,
            credential_id: self.credential_id.as_deref(),
            version: self.version,
            status_index: self.status_index,
            attributes: &self.attributes,
        }
    }

    /// The CBOR claims map, in the order of the table above.
    ///
    /// # Errors
    /// As [`ClaimsRef::encode_into`].
    pub(crate) fn encode(&self) -> Result<Vec<u8>, CredentialError> {
        let mut out = Vec::new();
        self.borrowed().encode_into(&mut out)?;
        Ok(out)
    }

    /// The claims map built as a CBOR value tree and serialized by
    /// ciborium: how credkit encoded claims before writing the bytes
    /// itself, kept as the reference the direct encoder is tested against.
    #[cfg(test)]
    fn encode_with_values(&self) -> Result<Vec<u8>, CredentialError> {
        let mut map = vec![
            (int(ISS), Value::Text(self.issuer.clone())),
            (int(SUB), Value::Text(self.subject.clone())),
            (int(EXP), unsigned(self.expires_at)),
        ];
        if let Some(nbf) = self.not_before {
            map.push((int(NBF), unsigned(nbf)));
        }
        map.push((int(IAT), unsigned(self.issued_at)));
        if let Some(cti) = &self.credential_id {
            map.push((int(CTI), Value::Bytes(cti.clone())));
        }
        map.push((int(CLAIM_VERSION), unsigned(self.version)));
        if let Some(index) = self.status_index {
            map.push((int(CLAIM_STATUS_INDEX), unsigned(index)));
        }
        if !self.attributes.is_empty() {
            map.push((
                int(CLAIM_ATTRIBUTES),
                attributes_to_cbor(&self.attributes, 1)?,
            ));
        }
        write_cbor(&Value::Map(map))
    }

    /// Decodes a claims map.
    ///
    /// # Errors
    /// [`CredentialError::ClaimsMalformed`], [`CredentialError::ClaimMissing`]
    /// or [`CredentialError::AttributeInvalid`].
    pub(crate) fn decode(payload: &[u8]) -> Result<Self, CredentialError> {
        let (mut iss, mut sub, mut iat, mut exp) = (None, None, None, None);
        let mut claims = CredentialClaims {
            issuer: String::new(),
            subject: String::new(),
            issued_at: 0,
            expires_at: 0,
            not_before: None,
            credential_id: None,
            version: 1,
            status_index: None,
            attributes: Attributes::new(),
        };
        for (key, value) in read_claims_map(payload)? {
            let ClaimKey::Int(key) = key else { continue };
            match key {
                ISS => iss = Some(text(value)?),
                SUB => sub = Some(text(value)?),
                EXP => exp = Some(numeric_date(value, false)?),
                NBF => claims.not_before = Some(numeric_date(value, true)?),
                IAT => iat = Some(numeric_date(value, false)?),
                CTI => match value {
                    Value::Bytes(b) => claims.credential_id = Some(b),
                    _ => return Err(CredentialError::ClaimsMalformed),
                },
                CLAIM_VERSION => {
                    claims.version = uint(value)?;
                    if claims.version == 0 {
                        return Err(CredentialError::ClaimsMalformed);
                    }
                }
                CLAIM_STATUS_INDEX => claims.status_index = Some(uint(value)?),
                CLAIM_ATTRIBUTES => match value {
                    Value::Map(entries) => claims.attributes = attributes_from_cbor(entries, 1)?,
                    _ => return Err(CredentialError::AttributeInvalid),
                },
                _ => {}
            }
        }
        let (Some(issuer), Some(subject), Some(issued_at), Some(expires_at)) = (iss, sub, iat, exp)
        else {
            return Err(CredentialError::ClaimMissing);
        };
        claims.issuer = issuer;
        claims.subject = subject;
        claims.issued_at = issued_at;
        claims.expires_at = expires_at;
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CredentialClaims {
        let mut address = Attributes::new();
        address.insert("city".into(), "Riyadh".into());
        let mut attributes = Attributes::new();
        attributes.insert("name_ar".into(), "محمد".into());
        attributes.insert("born".into(), Date::new(1990, 2, 28).expect("date").into());
        attributes.insert("photo".into(), vec![1u8, 2, 3].into());
        attributes.insert("adult".into(), true.into());
        attributes.insert("n".into(), (-5i64).into());
        attributes.insert("address".into(), AttributeValue::Map(address));
        attributes.insert(
            "langs".into(),
            AttributeValue::Array(vec!["ar".into(), "en".into()]),
        );
        CredentialClaims {
            issuer: "authority".into(),
            subject: "1012345678".into(),
            issued_at: 1_700_000_000,
            expires_at: 1_800_000_000,
            not_before: Some(1_700_000_000),
            credential_id: Some(vec![9; 16]),
            version: 3,
            status_index: Some(42),
            attributes,
        }
    }

    #[test]
    fn round_trip() {
        let claims = sample();
        let bytes = claims.encode().expect("encodes");
        assert_eq!(CredentialClaims::decode(&bytes).expect("decodes"), claims);
    }

    #[test]
    fn direct_encoding_equals_the_value_tree() {
        let mut claims = sample();
        assert_eq!(claims.encode(), claims.encode_with_values());
        // Every integer width, both signs, and the optional claims absent.
        for n in [
            0i64,
            23,
            24,
            -1,
            -24,
            -25,
            -256,
            -257,
            65_536,
            i64::MIN,
            i64::MAX,
        ] {
            claims.attributes.insert(format!("n{n}"), n.into());
        }
        claims
            .attributes
            .insert("long".into(), "x".repeat(300).into());
        claims
            .attributes
            .insert("year0".into(), Date::new(7, 1, 9).expect("date").into());
        claims.attributes.insert("no".into(), false.into());
        assert_eq!(claims.encode(), claims.encode_with_values());
        claims.not_before = None;
        claims.credential_id = None;
        claims.status_index = None;
        claims.expires_at = u64::MAX;
        assert_eq!(claims.encode(), claims.encode_with_values());
        claims.attributes.clear();
        assert_eq!(claims.encode(), claims.encode_with_values());
    }

    #[test]
    fn standard_claims_only_is_version_1() {
        let map = Value::Map(vec![
            (int(ISS), Value::Text("a".into())),
            (int(SUB), Value::Text("s".into())),
            (int(IAT), Value::Float(10.5)),
            (int(EXP), unsigned(20)),
            (int(3), Value::Text("aud".into())),
        ]);
        let bytes = write_cbor(&map).expect("encodes");
        let claims = CredentialClaims::decode(&bytes).expect("decodes");
        assert_eq!(
            (claims.version, claims.issued_at, claims.status_index),
            (1, 10, None)
        );
    }

    #[test]
    fn missing_and_duplicate_claims() {
        let map = Value::Map(vec![(int(ISS), Value::Text("a".into()))]);
        let bytes = write_cbor(&map).expect("encodes");
        assert_eq!(
            CredentialClaims::decode(&bytes),
            Err(CredentialError::ClaimMissing)
        );
        let map = Value::Map(vec![
            (int(ISS), Value::Text("a".into())),
            (int(ISS), Value::Text("b".into())),
        ]);
        let bytes = write_cbor(&map).expect("encodes");
        assert_eq!(
            CredentialClaims::decode(&bytes),
            Err(CredentialError::ClaimsMalformed)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "20240101xx",
            "2024-00-10",
        ] {
            assert_eq!(
                Date::parse(bad),
                Err(CredentialError::AttributeInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn attribute_depth_is_bounded() {
        let mut v = AttributeValue::Integer(1);
        for _ in 0..=MAX_ATTRIBUTE_DEPTH {
            v = AttributeValue::Array(vec![v]);
        }
        let mut claims = sample();
        claims.attributes.insert("deep".into(), v);
        assert_eq!(claims.encode(), Err(CredentialError::AttributeInvalid));
        assert_eq!(
            claims.encode_with_values(),
            Err(CredentialError::AttributeInvalid)
        );
    }
}
