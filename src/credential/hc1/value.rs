//! [`HcertValue`]: the hcert claim handed out as plain data.

use std::collections::BTreeSet;

use coset::cbor::value::Value;

use super::Hc1Error;

/// A CBOR value of the hcert claim (-260), as data.
///
/// The DGC schema is not checked; the value is the signed CBOR with two
/// conversions: a tag-0 date/time string (RFC 8949 §3.4.1) becomes its
/// [`Text`](Self::Text) and a tag-1 epoch time its number, as JSON views of
/// the DGC show them. Any other tag, `undefined` and simple values are
/// refused ([`Hc1Error::PayloadUnsupported`]), and so are map keys other
/// than integers and text, and duplicate keys, so that every map is a
/// dictionary.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum HcertValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (CBOR integers span -2⁶⁴..2⁶⁴).
    Integer(i128),
    /// A floating-point number.
    Float(f64),
    /// UTF-8 text.
    Text(String),
    /// A byte string.
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<HcertValue>),
    /// A map whose keys are [`Integer`](Self::Integer) or
    /// [`Text`](Self::Text), each at most once, in the signed order.
    Map(Vec<(HcertValue, HcertValue)>),
}

impl HcertValue {
    /// The value under the text key `key`, if this is a map that has it.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&HcertValue> {
        self.entries()
            .iter()
            .find(|(k, _)| matches!(k, HcertValue::Text(t) if t == key))
            .map(|(_, v)| v)
    }

    /// The value under the integer key `key`, if this is a map that has it.
    #[must_use]
    pub fn get_int(&self, key: i128) -> Option<&HcertValue> {
        self.entries()
            .iter()
            .find(|(k, _)| matches!(k, HcertValue::Integer(i) if *i == key))
            .map(|(_, v)| v)
    }

    fn entries(&self) -> &[(HcertValue, HcertValue)] {
        match self {
            HcertValue::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Converts a decoded CBOR value (nesting already bounded by the
    /// reader).
    pub(crate) fn from_cbor(value: Value) -> Result<Self, Hc1Error> {
        Ok(match value {
            Value::Null => HcertValue::Null,
            Value::Bool(b) => HcertValue::Bool(b),
            Value::Integer(i) => HcertValue::Integer(i128::from(i)),
            Value::Float(f) => HcertValue::Float(f),
            Value::Text(t) => HcertValue::Text(t),
            Value::Bytes(b) => HcertValue::Bytes(b),
            Value::Array(items) => HcertValue::Array(
                items
                    .into_iter()
                    .map(Self::from_cbor)
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(entries) => {
                let mut seen = BTreeSet::new();
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = match k {
                        Value::Integer(i) => MapKey::Int(i128::from(i)),
                        Value::Text(t) => MapKey::Text(t),
                        _ => return Err(Hc1Error::PayloadUnsupported),
                    };
                    if !seen.insert(key.clone()) {
                        return Err(Hc1Error::ClaimsMalformed);
                    }
                    let key = match key {
                        MapKey::Int(i) => HcertValue::Integer(i),
                        MapKey::Text(t) => HcertValue::Text(t),
                    };
                    out.push((key, Self::from_cbor(v)?));
                }
                HcertValue::Map(out)
            }
            Value::Tag(0, inner) => match *inner {
                Value::Text(t) => HcertValue::Text(t),
                _ => return Err(Hc1Error::ClaimsMalformed),
            },
            Value::Tag(1, inner) => match *inner {
                Value::Integer(i) => HcertValue::Integer(i128::from(i)),
                Value::Float(f) => HcertValue::Float(f),
                _ => return Err(Hc1Error::ClaimsMalformed),
            },
            _ => return Err(Hc1Error::PayloadUnsupported),
        })
    }
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum MapKey {
    Int(i128),
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_lose_their_tags_and_other_tags_are_refused() {
        let v = Value::Map(vec![
            (
                Value::Text("sc".into()),
                Value::Tag(0, Box::new(Value::Text("2021-06-01T10:00:00Z".into()))),
            ),
            (
                Value::Integer(1.into()),
                Value::Tag(1, Box::new(Value::Integer(5.into()))),
            ),
        ]);
        let h = HcertValue::from_cbor(v).expect("converts");
        assert_eq!(
            h.get("sc"),
            Some(&HcertValue::Text("2021-06-01T10:00:00Z".into()))
        );
        assert_eq!(h.get_int(1), Some(&HcertValue::Integer(5)));
        assert_eq!(
            HcertValue::from_cbor(Value::Tag(32, Box::new(Value::Text("x".into())))),
            Err(Hc1Error::PayloadUnsupported)
        );
    }

    #[test]
    fn duplicate_and_composite_keys_are_refused() {
        let dup = Value::Map(vec![
            (Value::Text("a".into()), Value::Null),
            (Value::Text("a".into()), Value::Null),
        ]);
        assert_eq!(HcertValue::from_cbor(dup), Err(Hc1Error::ClaimsMalformed));
        let composite = Value::Map(vec![(Value::Array(vec![]), Value::Null)]);
        assert_eq!(
            HcertValue::from_cbor(composite),
            Err(Hc1Error::PayloadUnsupported)
        );
    }
}
