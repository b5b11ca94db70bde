//! `Serialize`/`Deserialize` for credkit's public data types, behind the
//! `serde` feature, in the wire forms a service already uses:
//!
//! | type | form |
//! |---|---|
//! | [`VerifyingKey`](crate::sign::VerifyingKey) | base64url (no padding) of the 32 bytes |
//! | [`Signature`](crate::sign::Signature) | base64url of the 64 bytes R ‖ S |
//! | [`P256VerifyingKey`](crate::sign::P256VerifyingKey), [`AnyVerifyingKey`](crate::sign::AnyVerifyingKey) | public JWK object (RFC 7517), as `to_jwk` |
//! | [`KeyId`](crate::sign::KeyId) | its text |
//! | [`Argon2Params`](crate::password::Argon2Params) | `{"memory_kib", "iterations", "parallelism"}` |
//! | [`CodeRecord`](crate::otp::CodeRecord) | base64url of `to_bytes` (its MACs are checked by `redeem`) |
//! | [`Violation`](crate::policy::Violation) | `{"code", "message"}`, serialize only |
//! | [`Credential`](crate::credential::Credential) | its fields and attributes, serialize only |
//! | [`Token`](crate::sso::Token) | its fields and claims, serialize only |
//!
//! PHC hash strings are already `String`s and serialize as themselves.
//!
//! Deserializing goes through the same checks as the types' own
//! constructors (`from_slice`, `from_jwk`, `KeyId::new`, `Argon2Params::new`,
//! `CodeRecord::from_bytes`), so a hostile document cannot build a value the
//! constructors would refuse.
//!
//! # What is never serialized
//! Secrets: signing keys, peppers, OTP and MAC keys have no `Serialize`,
//! so a `#[derive(Serialize)]` on a struct that holds one fails to compile
//! instead of writing the key to a log or a cache. Store a signing key with
//! its own `to_pem`/`to_bytes`, deliberately.
//!
//! Verified results ([`Violation`](crate::policy::Violation),
//! [`Credential`](crate::credential::Credential), [`Token`](crate::sso::Token))
//! serialize but do not deserialize: a value of those types means "checked
//! by credkit", which a JSON document cannot vouch for.

#[cfg(any(feature = "sign", feature = "otp"))]
use base64ct::{Base64UrlUnpadded, Encoding};
#[cfg(any(feature = "sign", feature = "otp", feature = "password"))]
use serde::de::Error as _;
#[allow(unused_imports)] // which of them are used depends on the features
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(any(feature = "sign", feature = "otp"))]
fn de_base64url<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    Base64UrlUnpadded::decode_vec(&text).map_err(|_| D::Error::custom("invalid base64url"))
}

#[cfg(feature = "sign")]
mod sign {
    use super::*;
    use crate::sign::{AnyVerifyingKey, KeyId, P256VerifyingKey, Signature, VerifyingKey};

    impl Serialize for VerifyingKey {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&Base64UrlUnpadded::encode_string(self.as_bytes()))
        }
    }

    impl<'de> Deserialize<'de> for VerifyingKey {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            VerifyingKey::from_slice(&de_base64url(d)?).map_err(D::Error::custom)
        }
    }

    impl Serialize for Signature {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&Base64UrlUnpadded::encode_string(self.as_bytes()))
        }
    }

    impl<'de> Deserialize<'de> for Signature {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Signature::from_slice(&de_base64url(d)?).map_err(D::Error::custom)
        }
    }

    impl Serialize for KeyId {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for KeyId {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            KeyId::new(&text).map_err(D::Error::custom)
        }
    }

    /// A JWK is written by credkit's own `to_jwk` and read by `from_jwk`,
    /// so the serde form is exactly the JWKS form.
    fn jwk_value<E: serde::ser::Error>(jwk: &str) -> Result<serde_json::Value, E> {
        serde_json::from_str(jwk).map_err(E::custom)
    }

    fn from_jwk_value<'de, D: Deserializer<'de>, T>(
        d: D,
        parse: fn(&str) -> Result<T, crate::sign::SignError>,
    ) -> Result<T, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        parse(&value.to_string()).map_err(D::Error::custom)
    }

    impl Serialize for P256VerifyingKey {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            jwk_value(&self.to_jwk())?.serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for P256VerifyingKey {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            from_jwk_value(d, P256VerifyingKey::from_jwk)
        }
    }

    impl Serialize for AnyVerifyingKey {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            jwk_value(&self.to_jwk())?.serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for AnyVerifyingKey {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            from_jwk_value(d, AnyVerifyingKey::from_jwk)
        }
    }
}

#[cfg(feature = "password")]
mod password {
    use super::*;
    use crate::password::Argon2Params;

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wire {
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
    }

    impl Serialize for Argon2Params {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Wire {
                memory_kib: self.memory_kib(),
                iterations: self.iterations(),
                parallelism: self.parallelism(),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Argon2Params {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let w = Wire::deserialize(d)?;
            Argon2Params::new(w.memory_kib, w.iterations, w.parallelism).map_err(D::Error::custom)
        }
    }
}

#[cfg(feature = "otp")]
mod otp {
    use super::*;
    use crate::otp::CodeRecord;

    impl Serialize for CodeRecord {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&Base64UrlUnpadded::encode_string(&self.to_bytes()))
        }
    }

    impl<'de> Deserialize<'de> for CodeRecord {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            CodeRecord::from_bytes(&de_base64url(d)?).map_err(D::Error::custom)
        }
    }
}

#[cfg(feature = "policy")]
mod policy {
    use super::*;
    use crate::policy::Violation;
    use serde::ser::SerializeStruct;

    impl Serialize for Violation {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Violation", 2)?;
            st.serialize_field("code", self.code())?;
            st.serialize_field("message", &self.message())?;
            st.end()
        }
    }
}

#[cfg(feature = "credential")]
mod credential {
    use super::*;
    use crate::credential::{AttributeValue, Credential};
    use serde::ser::SerializeStruct;

    /// Attributes in JSON's own types; bytes as base64url, dates as
    /// `YYYY-MM-DD`.
    struct Attr<'a>(&'a AttributeValue);

    impl Serialize for Attr<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                AttributeValue::Text(t) => s.serialize_str(t),
                AttributeValue::Integer(n) => s.serialize_i64(*n),
                AttributeValue::Bool(b) => s.serialize_bool(*b),
                AttributeValue::Bytes(b) => s.serialize_str(&Base64UrlUnpadded::encode_string(b)),
                AttributeValue::Date(d) => s.collect_str(d),
                AttributeValue::Array(items) => s.collect_seq(items.iter().map(Attr)),
                AttributeValue::Map(map) => s.collect_map(map.iter().map(|(k, v)| (k, Attr(v)))),
                // A variant added later serializes as null until it has a form.
                #[allow(unreachable_patterns)]
                _ => s.serialize_none(),
            }
        }
    }

    impl Serialize for Credential {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Credential", 10)?;
            st.serialize_field("key_id", self.key_id())?;
            st.serialize_field("issuer", self.issuer())?;
            st.serialize_field("subject", self.subject())?;
            st.serialize_field("issued_at", &self.issued_at())?;
            st.serialize_field("expires_at", &self.expires_at())?;
            st.serialize_field("not_before", &self.not_before())?;
            st.serialize_field("version", &self.version())?;
            st.serialize_field("status_index", &self.status_index())?;
            st.serialize_field(
                "credential_id",
                &self.credential_id().map(Base64UrlUnpadded::encode_string),
            )?;
            st.serialize_field("attributes", &AttrMap(self.attributes()))?;
            st.end()
        }
    }

    struct AttrMap<'a>(&'a crate::credential::Attributes);

    impl Serialize for AttrMap<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, Attr(v))))
        }
    }
}

#[cfg(feature = "sso")]
mod sso {
    use super::*;
    use crate::sso::Token;
    use serde::ser::SerializeStruct;

    /// The field names are the accessors' (and the Python `Token`'s).
    impl Serialize for Token {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut st = s.serialize_struct("Token", 11)?;
            st.serialize_field("issuer", self.issuer())?;
            st.serialize_field("subject", &self.subject())?;
            st.serialize_field("audience", self.audience())?;
            st.serialize_field("issued_at", &self.issued_at())?;
            st.serialize_field("expires_at", &self.expires_at())?;
            st.serialize_field("not_before", &self.not_before())?;
            st.serialize_field("token_id", &self.token_id())?;
            st.serialize_field("nonce", &self.nonce())?;
            st.serialize_field("key_id", self.key_id())?;
            st.serialize_field("algorithm", self.algorithm())?;
            st.serialize_field("claims", self.claims())?;
            st.end()
        }
    }
}
