//! Status lists: which credentials are revoked, suspended or superseded,
//! published by the issuer as a signed, versioned token that verifiers load
//! offline.
//!
//! The format follows the IETF OAuth Token Status List
//! (draft-ietf-oauth-status-list-20, CWT form, §5.2 and §4.3): a
//! COSE_Sign1 with protected `typ` `application/statuslist+cwt` whose
//! claims are `iss` (1), `sub` (2), `iat` (6), `exp` (4), `ttl` (65534) and
//! `status_list` (65533) = `{"bits": 2, "lst": zlib(bitstring)}` with the
//! optional `aggregation_uri`, plus credkit's list version (-65537).
//!
//! Where credkit departs from the draft, and why:
//! - `sub` is the issuer name, where the draft wants the URI the list is
//!   fetched from: credkit lists are carried offline and have no URI.
//! - `iss` is required: the verifier keeps one list per issuer and checks
//!   the signing key against it.
//! - `ttl` is optional as in the draft, but a list must have `ttl` or
//!   `exp`: a verifier that cannot tell when a list goes stale would trust
//!   it forever, so a list with neither is malformed.
//! - Credentials carry their status index in credkit's own claim rather
//!   than the draft's `status` claim (65535) with `idx` and `uri`.
//!
//! Entry `i` is the `bits`-wide field at bit `i·bits` counted
//! from the least significant bit of byte 0. Values: 0 valid, 1 revoked
//! ("invalid" in the draft), 2 suspended, 3 superseded (the draft's
//! application-specific value: the holder's data changed and a credential
//! with a higher version replaced this one).

use coset::cbor::value::{Integer, Value};

use super::cwt::{
    ClaimKey, EXP, IAT, ISS, SUB, numeric_date, read_claims_map, text, uint, write_cbor,
};
use super::qr_text::{compress, decompress_bounded};
use super::{CLAIM_VERSION, CredentialError};

/// The `typ` of a status list token (draft-ietf-oauth-status-list §5.2).
pub(crate) const STATUS_LIST_TYP: &str = "application/statuslist+cwt";
/// CWT claim `status_list` (draft-ietf-oauth-status-list, IANA CWT registry).
const CLAIM_STATUS_LIST: i64 = 65533;
/// CWT claim `ttl` (draft-ietf-oauth-status-list, IANA CWT registry).
const CLAIM_TTL: i64 = 65534;

/// The status of one credential in a [`StatusList`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// Valid (0).
    Valid,
    /// Revoked for good (1).
    Revoked,
    /// Suspended, possibly temporarily (2).
    Suspended,
    /// Superseded by a credential with a higher version (3).
    Superseded,
}

impl Status {
    /// Every status, in value order.
    pub const ALL: [Status; 4] = [
        Status::Valid,
        Status::Revoked,
        Status::Suspended,
        Status::Superseded,
    ];

    /// The status's name: `"valid"`, `"revoked"`, `"suspended"` or
    /// `"superseded"` (the Python bindings' spelling).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Revoked => "revoked",
            Status::Suspended => "suspended",
            Status::Superseded => "superseded",
        }
    }

    fn to_bits(self) -> u8 {
        match self {
            Status::Valid => 0,
            Status::Revoked => 1,
            Status::Suspended => 2,
            Status::Superseded => 3,
        }
    }

    fn from_bits(v: u8) -> Option<Self> {
        match v {
            0 => Some(Status::Valid),
            1 => Some(Status::Revoked),
            2 => Some(Status::Suspended),
            3 => Some(Status::Superseded),
            _ => None,
        }
    }
}

impl core::fmt::Display for Status {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Status {
    type Err = CredentialError;

    /// Parses a [`Status::name`].
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] for any other text.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.name() == name)
            .ok_or(CredentialError::ParameterInvalid)
    }
}

/// A list of credential statuses, indexed by the status index carried in
/// each credential.
///
/// Invariant: `bytes.len() == len.div_ceil(8 / bits)` and `bits` is 1, 2, 4
/// or 8.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: u8,
    len: usize,
    bytes: Vec<u8>,
    /// Where all of the issuer's status lists can be found (draft §9).
    aggregation_uri: Option<String>,
}

impl core::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StatusList")
            .field("bits", &self.bits)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl StatusList {
    /// Most entries a status list may hold: 2²⁶ (67 million, room for a
    /// national population several times over; 16 MiB at 2 bits per entry).
    /// Also bounds the decompressed size when loading a list.
    pub const MAX_ENTRIES: usize = 1 << 26;

    /// Bits per entry in lists credkit creates: 2, for the four [`Status`]
    /// values.
    pub const BITS: u8 = 2;

    /// Longest `aggregation_uri` accepted, in bytes.
    pub const MAX_AGGREGATION_URI_LEN: usize = 2048;

    /// A list of `len` entries, all [`Status::Valid`].
    ///
    /// # Errors
    /// [`CredentialError::StatusListTooLarge`] if `len` exceeds
    /// [`Self::MAX_ENTRIES`].
    pub fn new(len: usize) -> Result<Self, CredentialError> {
        if len > Self::MAX_ENTRIES {
            return Err(CredentialError::StatusListTooLarge);
        }
        // Invariant: 2 bits per entry, four entries per byte.
        Ok(Self {
            bits: Self::BITS,
            len,
            bytes: vec![0; len.div_ceil(4)],
            aggregation_uri: None,
        })
    }

    /// Sets the `aggregation_uri` (draft §9): where a verifier can fetch
    /// every status list of this issuer at once.
    ///
    /// # Errors
    /// [`CredentialError::ParameterInvalid`] if `uri` is empty or longer
    /// than [`Self::MAX_AGGREGATION_URI_LEN`].
    pub fn set_aggregation_uri(&mut self, uri: &str) -> Result<(), CredentialError> {
        if uri.is_empty() || uri.len() > Self::MAX_AGGREGATION_URI_LEN {
            return Err(CredentialError::ParameterInvalid);
        }
        self.aggregation_uri = Some(uri.to_owned());
        Ok(())
    }

    /// The `aggregation_uri`, if the list carries one.
    #[must_use]
    pub fn aggregation_uri(&self) -> Option<&str> {
        self.aggregation_uri.as_deref()
    }

    /// The entries packed as in the `lst` claim before compression
    /// (draft-ietf-oauth-status-list §4: the list's bits per entry, which
    /// are [`Self::BITS`] for a list made by [`Self::new`]; the first entry
    /// in the least significant bits of the first byte).
    #[must_use]
    pub fn packed(&self) -> &[u8] {
        &self.bytes
    }

    /// A list of `len` entries of [`Self::BITS`] bits read from `packed`
    /// (as [`Self::packed`] returns them), for rebuilding a saved list.
    ///
    /// # Errors
    /// [`CredentialError::StatusListTooLarge`] if `len` exceeds
    /// [`Self::MAX_ENTRIES`]; [`CredentialError::StatusListMalformed`] if
    /// `packed` is not exactly `len` entries long, or sets bits after the
    /// last entry.
    pub fn from_packed(len: usize, packed: &[u8]) -> Result<Self, CredentialError> {
        let mut list = Self::new(len)?;
        if packed.len() != list.bytes.len() {
            return Err(CredentialError::StatusListMalformed);
        }
        // Bits past the last entry must be clear, so that each list has one
        // packed form.
        let used_bits = len % 4 * usize::from(Self::BITS);
        if used_bits != 0
            && packed
                .last()
                .is_some_and(|last| u32::from(*last) >> used_bits != 0)
        {
            return Err(CredentialError::StatusListMalformed);
        }
        // Invariant kept: `new` sized `bytes` for `len` entries of 2 bits.
        list.bytes.copy_from_slice(packed);
        Ok(list)
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn locate(&self, index: u64) -> Option<(usize, u32)> {
        let index = usize::try_from(index).ok().filter(|&i| i < self.len)?;
        let bits = usize::from(self.bits);
        let bit = index * bits;
        Some((bit / 8, u32::try_from(bit % 8).ok()?))
    }

    /// The status at `index`, or `None` if `index` is beyond the end (or
    /// the entry holds a value credkit does not know, in a list with more
    /// than 2 bits per entry).
    #[must_use]
    pub fn get(&self, index: u64) -> Option<Status> {
        let (byte, shift) = self.locate(index)?;
        let mask = u8::try_from((1u16 << self.bits) - 1).unwrap_or(u8::MAX);
        Status::from_bits((self.bytes.get(byte)? >> shift) & mask)
    }

    /// Sets the status at `index`.
    ///
    /// # Errors
    /// [`CredentialError::StatusIndexOutOfRange`] if `index` is beyond the
    /// end.
    pub fn set(&mut self, index: u64, status: Status) -> Result<(), CredentialError> {
        let (byte, shift) = self
            .locate(index)
            .ok_or(CredentialError::StatusIndexOutOfRange)?;
        let mask = u8::try_from((1u16 << self.bits) - 1).unwrap_or(u8::MAX);
        let slot = self
            .bytes
            .get_mut(byte)
            .ok_or(CredentialError::StatusIndexOutOfRange)?;
        *slot = (*slot & !(mask << shift)) | ((status.to_bits() & mask) << shift);
        Ok(())
    }

    /// The `status_list` claim value: `{"bits": 2, "lst": zlib(bytes)}`,
    /// and `aggregation_uri` if set.
    fn to_cbor(&self) -> Result<Value, CredentialError> {
        let mut members = vec![
            (
                Value::Text("bits".into()),
                Value::Integer(Integer::from(self.bits)),
            ),
            (
                Value::Text("lst".into()),
                Value::Bytes(compress(&self.bytes)?),
            ),
        ];
        if let Some(uri) = &self.aggregation_uri {
            members.push((
                Value::Text("aggregation_uri".into()),
                Value::Text(uri.clone()),
            ));
        }
        Ok(Value::Map(members))
    }

    fn from_cbor(value: Value) -> Result<Self, CredentialError> {
        let Value::Map(entries) = value else {
            return Err(CredentialError::StatusListMalformed);
        };
        let (mut bits, mut lst, mut aggregation_uri) = (None, None, None);
        for (k, v) in entries {
            match (k, v) {
                (Value::Text(k), Value::Integer(b)) if k == "bits" && bits.is_none() => {
                    bits = u8::try_from(b).ok();
                }
                (Value::Text(k), Value::Bytes(l)) if k == "lst" && lst.is_none() => lst = Some(l),
                (Value::Text(k), Value::Text(uri))
                    if k == "aggregation_uri"
                        && aggregation_uri.is_none()
                        && !uri.is_empty()
                        && uri.len() <= Self::MAX_AGGREGATION_URI_LEN =>
                {
                    aggregation_uri = Some(uri);
                }
                _ => return Err(CredentialError::StatusListMalformed),
            }
        }
        let bits = bits
            .filter(|b| matches!(b, 1 | 2 | 4 | 8))
            .ok_or(CredentialError::StatusListMalformed)?;
        let lst = lst.ok_or(CredentialError::StatusListMalformed)?;
        let max_bytes = Self::MAX_ENTRIES / 8 * usize::from(bits);
        let bytes = decompress_bounded(&lst, max_bytes).map_err(|e| match e {
            CredentialError::DecompressedTooLarge => CredentialError::StatusListTooLarge,
            _ => CredentialError::StatusListMalformed,
        })?;
        // Invariant: the list covers every whole entry in `bytes`.
        let len = bytes.len() * 8 / usize::from(bits);
        Ok(Self {
            bits,
            len,
            bytes,
            aggregation_uri,
        })
    }
}

/// A status list as published: the list with its issuer, list version,
/// issue time and time to live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusListToken {
    pub(crate) issuer: String,
    pub(crate) key_id: String,
    pub(crate) version: u64,
    pub(crate) issued_at: u64,
    pub(crate) ttl: u64,
    pub(crate) list: StatusList,
    /// The signed COSE_Sign1 the list was loaded from (empty until
    /// [`CredentialVerifier::load_status_list`](super::CredentialVerifier::load_status_list)
    /// sets it).
    pub(crate) token: Vec<u8>,
}

impl StatusListToken {
    /// The issuer that signed the list.
    #[must_use]
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The key id of the key that signed the list.
    #[must_use]
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The list version: each publication has a higher one.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// When the list was issued (seconds since the Unix epoch).
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// How long after [`Self::issued_at`] the list may be relied on, in
    /// seconds: its `ttl` claim, shortened if its `exp` claim comes first.
    #[must_use]
    pub fn ttl(&self) -> u64 {
        self.ttl
    }

    /// The statuses.
    #[must_use]
    pub fn list(&self) -> &StatusList {
        &self.list
    }

    /// The claims map of a status list token.
    pub(crate) fn encode_payload(
        issuer: &str,
        list: &StatusList,
        version: u64,
        issued_at: u64,
        ttl: u64,
    ) -> Result<Vec<u8>, CredentialError> {
        let int = |n: i64| Value::Integer(Integer::from(n));
        let uint = |n: u64| Value::Integer(Integer::from(n));
        let map = Value::Map(vec![
            (int(ISS), Value::Text(issuer.to_owned())),
            (int(SUB), Value::Text(issuer.to_owned())),
            (int(EXP), uint(issued_at.saturating_add(ttl))),
            (int(IAT), uint(issued_at)),
            (int(CLAIM_STATUS_LIST), list.to_cbor()?),
            (int(CLAIM_TTL), uint(ttl)),
            (int(CLAIM_VERSION), uint(version)),
        ]);
        write_cbor(&map)
    }

    /// Decodes the claims map of a status list token (its signature is
    /// checked by the caller).
    ///
    /// # Errors
    /// [`CredentialError::StatusListMalformed`] or
    /// [`CredentialError::StatusListTooLarge`].
    pub(crate) fn decode_payload(key_id: String, payload: &[u8]) -> Result<Self, CredentialError> {
        let malformed = |_| CredentialError::StatusListMalformed;
        let (mut iss, mut iat, mut ttl, mut list, mut version) = (None, None, None, None, None);
        let mut exp = None;
        for (key, value) in read_claims_map(payload).map_err(malformed)? {
            match key {
                ClaimKey::Int(ISS) => iss = Some(text(value).map_err(malformed)?),
                ClaimKey::Int(IAT) => iat = Some(numeric_date(value, false).map_err(malformed)?),
                ClaimKey::Int(EXP) => exp = Some(numeric_date(value, false).map_err(malformed)?),
                ClaimKey::Int(CLAIM_TTL) => ttl = Some(uint(value).map_err(malformed)?),
                ClaimKey::Int(CLAIM_VERSION) => version = Some(uint(value).map_err(malformed)?),
                ClaimKey::Int(CLAIM_STATUS_LIST) => list = Some(StatusList::from_cbor(value)?),
                _ => {}
            }
        }
        let (Some(issuer), Some(issued_at), Some(list)) = (iss, iat, list) else {
            return Err(CredentialError::StatusListMalformed);
        };
        // The list may be relied on until the earlier of `iat` + `ttl` and
        // `exp`; with neither, it could never go stale, so it is refused.
        let until_exp = exp.map(|exp: u64| exp.saturating_sub(issued_at));
        let ttl = match (ttl, until_exp) {
            (Some(ttl), Some(until_exp)) => ttl.min(until_exp),
            (Some(only), None) | (None, Some(only)) => only,
            (None, None) => return Err(CredentialError::StatusListMalformed),
        };
        Ok(Self {
            issuer,
            key_id,
            version: version.unwrap_or(0),
            issued_at,
            ttl,
            list,
            token: Vec::new(),
        })
    }

    /// The signed token this list was loaded from, as given to
    /// [`CredentialVerifier::load_status_list`](super::CredentialVerifier::load_status_list):
    /// loading it again (at a time when it is fresh, such as
    /// [`Self::issued_at`]) rebuilds a verifier's status state, with its
    /// signature checked again.
    #[must_use]
    pub fn signed_bytes(&self) -> &[u8] {
        &self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_round_trip() {
        let mut list = StatusList::new(10).expect("small");
        list.set(0, Status::Revoked).expect("in range");
        list.set(9, Status::Superseded).expect("in range");
        let back = StatusList::from_packed(10, list.packed()).expect("its own packed form");
        assert_eq!(back, list);
        assert_eq!(
            StatusList::from_packed(10, &list.packed()[..2]),
            Err(CredentialError::StatusListMalformed)
        );
        // Entries 10 and 11 do not exist: their bits must be clear.
        let mut extra = list.packed().to_vec();
        extra[2] |= 0b0001_0000;
        assert_eq!(
            StatusList::from_packed(10, &extra),
            Err(CredentialError::StatusListMalformed)
        );
        assert_eq!(
            StatusList::from_packed(StatusList::MAX_ENTRIES + 1, &[]),
            Err(CredentialError::StatusListTooLarge)
        );
    }

    #[test]
    fn set_and_get() {
        let mut list = StatusList::new(10).expect("small");
        list.set(0, Status::Revoked).expect("in range");
        list.set(5, Status::Superseded).expect("in range");
        list.set(9, Status::Suspended).expect("in range");
        assert_eq!(list.get(0), Some(Status::Revoked));
        assert_eq!(list.get(1), Some(Status::Valid));
        assert_eq!(list.get(5), Some(Status::Superseded));
        assert_eq!(list.get(9), Some(Status::Suspended));
        assert_eq!(list.get(10), None);
        assert_eq!(
            list.set(10, Status::Revoked),
            Err(CredentialError::StatusIndexOutOfRange)
        );
        list.set(5, Status::Valid).expect("in range");
        assert_eq!(list.get(5), Some(Status::Valid));
    }

    #[test]
    fn bit_order_is_the_drafts() {
        // draft-ietf-oauth-status-list §4.1, the 2-bit example: statuses
        // [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3] are the bytes c9 44 f9.
        let statuses = [1u8, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
        let mut list = StatusList::new(statuses.len()).expect("small");
        for (i, &s) in statuses.iter().enumerate() {
            let status = Status::from_bits(s).expect("0..=3");
            list.set(u64::try_from(i).expect("small"), status)
                .expect("in range");
        }
        assert_eq!(list.bytes, [0xc9, 0x44, 0xf9]);
    }

    #[test]
    fn payload_round_trip() {
        let mut list = StatusList::new(1000).expect("small");
        list.set(999, Status::Revoked).expect("in range");
        let payload =
            StatusListToken::encode_payload("auth", &list, 7, 100, 3600).expect("encodes");
        let token = StatusListToken::decode_payload("k".into(), &payload).expect("decodes");
        assert_eq!(token.list, list);
        assert_eq!((token.version, token.issued_at, token.ttl), (7, 100, 3600));
    }

    #[test]
    fn earlier_exp_shortens_the_ttl() {
        let list = StatusList::new(8).expect("small");
        let int = |n: i64| Value::Integer(Integer::from(n));
        let map = Value::Map(vec![
            (int(ISS), Value::Text("auth".into())),
            (int(IAT), int(1000)),
            (int(EXP), int(1100)),
            (int(CLAIM_TTL), int(3600)),
            (int(CLAIM_STATUS_LIST), list.to_cbor().expect("encodes")),
        ]);
        let payload = write_cbor(&map).expect("encodes");
        let token = StatusListToken::decode_payload("k".into(), &payload).expect("decodes");
        assert_eq!((token.ttl(), token.version()), (100, 0));
    }

    #[test]
    fn aggregation_uri_round_trips() {
        let mut list = StatusList::new(16).expect("small");
        list.set_aggregation_uri("https://status.example/aggregation")
            .expect("valid uri");
        let payload =
            StatusListToken::encode_payload("auth", &list, 1, 100, 3600).expect("encodes");
        let token = StatusListToken::decode_payload("k".into(), &payload).expect("decodes");
        assert_eq!(
            token.list().aggregation_uri(),
            Some("https://status.example/aggregation")
        );
        assert_eq!(
            list.set_aggregation_uri(""),
            Err(CredentialError::ParameterInvalid)
        );
    }

    /// A list from another implementation: the draft's member set with
    /// `aggregation_uri`, `exp` and no `ttl`.
    #[test]
    fn draft_list_without_ttl_uses_exp() {
        let int = |n: i64| Value::Integer(Integer::from(n));
        let text = |t: &str| Value::Text(t.into());
        let status_list = Value::Map(vec![
            (text("bits"), int(1)),
            (
                text("lst"),
                Value::Bytes(compress(&[0xb9, 0xa3]).expect("compresses")),
            ),
            (
                text("aggregation_uri"),
                text("https://example.com/statuslists"),
            ),
        ]);
        let claims = |with_exp: bool| {
            let mut map = vec![
                (int(ISS), text("auth")),
                (int(SUB), text("https://example.com/statuslists/1")),
                (int(IAT), int(1000)),
                (int(CLAIM_STATUS_LIST), status_list.clone()),
            ];
            if with_exp {
                map.push((int(EXP), int(1600)));
            }
            write_cbor(&Value::Map(map)).expect("encodes")
        };
        let token = StatusListToken::decode_payload("k".into(), &claims(true)).expect("decodes");
        assert_eq!(token.ttl(), 600);
        // The draft's §4.1 one-bit example: 0xB9 0xA3.
        assert_eq!(token.list().get(0), Some(Status::Revoked));
        assert_eq!(token.list().get(1), Some(Status::Valid));
        assert_eq!(token.list().len(), 16);
        assert_eq!(
            StatusListToken::decode_payload("k".into(), &claims(false)),
            Err(CredentialError::StatusListMalformed)
        );
    }

    #[test]
    fn status_names_round_trip() {
        for status in Status::ALL {
            assert_eq!(status.name().parse::<Status>(), Ok(status));
        }
        assert_eq!(
            "Revoked".parse::<Status>(),
            Err(CredentialError::ParameterInvalid)
        );
    }

    #[test]
    fn too_many_entries() {
        assert_eq!(
            StatusList::new(StatusList::MAX_ENTRIES + 1).err(),
            Some(CredentialError::StatusListTooLarge)
        );
    }

    #[test]
    fn bad_bits_refused() {
        let v = Value::Map(vec![
            (Value::Text("bits".into()), Value::Integer(3.into())),
            (
                Value::Text("lst".into()),
                Value::Bytes(compress(b"\0").expect("compresses")),
            ),
        ]);
        assert_eq!(
            StatusList::from_cbor(v),
            Err(CredentialError::StatusListMalformed)
        );
    }
}
