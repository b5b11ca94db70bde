//! A JSON object parser that refuses duplicate member names.
//!
//! RFC 8259 leaves the meaning of a repeated name to the parser, and
//! parsers disagree (first wins, last wins, error). A JOSE header or a JWK
//! that two libraries read differently is a classic confusion attack (one
//! reads `"alg":"ES256"`, the other the second `"alg"`), so RFC 7515
//! section 4 allows refusing such input, and credkit does, for the top
//! level of headers, claims sets and JWKs: the members whose meaning
//! credkit acts on. Nested values are kept as `serde_json` reads them.

use core::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// A JSON object with unique member names.
pub(crate) struct StrictObject(pub(crate) Map<String, Value>);

impl<'de> Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = StrictObject;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object with unique member names")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<StrictObject, A::Error> {
                let mut map = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    let value: Value = access.next_value()?;
                    if map.insert(key, value).is_some() {
                        return Err(serde::de::Error::custom("duplicate member name"));
                    }
                }
                Ok(StrictObject(map))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// Parses `bytes` as one JSON object with unique top-level member names.
/// `None` for anything else (invalid UTF-8 or JSON, another type, trailing
/// data, a repeated name). serde_json limits nesting depth to 128, so a
/// deeply nested input cannot exhaust the stack.
pub(crate) fn parse_object(bytes: &[u8]) -> Option<Map<String, Value>> {
    serde_json::from_slice::<StrictObject>(bytes)
        .ok()
        .map(|o| o.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_non_objects_are_refused() {
        assert!(parse_object(br#"{"a":1,"b":{"c":2}}"#).is_some());
        assert!(parse_object(br#"{"a":1,"a":1}"#).is_none());
        assert!(parse_object(br#"{"a":1} "#).is_some());
        assert!(parse_object(br#"{"a":1}x"#).is_none());
        assert!(parse_object(br#"[1]"#).is_none());
        assert!(parse_object(b"\xff").is_none());
        let deep = "[".repeat(10_000);
        assert!(parse_object(format!(r#"{{"a":{deep}"#).as_bytes()).is_none());
    }
}
