//! Push approval with number matching (Nafath-style app login):
//! [`ApprovalIssuer`] and [`ApprovalRequest`].
//!
//! A service asks to log a subject in; [`ApprovalIssuer::request`] draws a
//! uniformly random number from 10 to 99 that the service shows on its
//! screen, and, with `choices > 0`, that many distinct candidates (the
//! number and uniformly random decoys, in random order) for the phone app
//! to offer. The user picks (or, with `choices = 0`, types) the number they
//! see; the enrolled device signs [`approval_message`] with its key
//! (Ed25519 or P-256); the service calls [`ApprovalIssuer::approve`].
//!
//! A user who approves without looking succeeds with probability 1/choices
//! (1/3 in Nafath's form) or 1/90 when typing, and **once**: every attempt
//! spends the request, right or wrong, so there is no second guess.
//!
//! Like [`CodeRecord`](crate::otp::CodeRecord), the request is state the
//! caller stores: [`ApprovalRequest::to_bytes`] is bounded and versioned and
//! ends in a MAC over every field, under a key kept out of the database.
//! The number itself is stored only as a MAC bound to the request id, the
//! subject and the service, so reading the database does not reveal it
//! beyond the candidates that the app shows anyway. Persist the request
//! after every [`approve`](ApprovalIssuer::approve) with the compare-and-set
//! written out for [`CodeRecord`](crate::otp::CodeRecord).

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::SsoError;
use crate::record::{Reader, Writer};
use crate::secret::{SecretBytes, fill_random, random_array};
use crate::sign::AnyVerifyingKey;

type HmacSha256 = Hmac<Sha256>;

const NUMBER_LABEL: &[u8] = b"credkit/sso/approval-number/v1";
const RECORD_LABEL: &[u8] = b"credkit/sso/approval-record/v1";
const MESSAGE_LABEL: &[u8] = b"credkit-approval-v1";
const MAC_LEN: usize = 32;
const ID_LEN: usize = 16;
const FLAG_USED: u8 = 1;
/// Byte length of the fixed header (before the choices).
const HEADER_LEN: usize = 1 + 4 + 8 + 8 + 1 + 1;

/// Smallest number shown.
pub const NUMBER_MIN: u8 = 10;
/// Largest number shown.
pub const NUMBER_MAX: u8 = 99;

/// The bytes a device signs to approve `request_id` for `subject` with
/// `number`:
///
/// `"credkit-approval-v1"` followed by three fields, each a 2-byte
/// big-endian length and its bytes: the request id (ASCII), the subject
/// (UTF-8) and the number in decimal ASCII (`"42"`). The lengths make the
/// encoding unambiguous, and the label keeps the signature from meaning
/// anything else to another protocol that uses the same device key.
#[must_use]
pub fn approval_message(request_id: &str, subject: &str, number: u32) -> Vec<u8> {
    let number = number.to_string();
    let mut out = Vec::with_capacity(
        MESSAGE_LABEL.len() + 6 + request_id.len() + subject.len() + number.len(),
    );
    out.extend_from_slice(MESSAGE_LABEL);
    for field in [request_id.as_bytes(), subject.as_bytes(), number.as_bytes()] {
        // Fields longer than 65535 bytes cannot come from a request (which
        // bounds them at 255); the length saturates rather than wraps.
        let len = u16::try_from(field.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(field);
    }
    out
}

/// The stored state of one approval request.
///
/// Byte form, version 1 (integers big-endian):
///
/// | bytes | field |
/// |---|---|
/// | 1 | version = 1 |
/// | 4 | issuer key id |
/// | 8 | issued at (Unix seconds) |
/// | 8 | expires at (Unix seconds) |
/// | 1 | flags (bit 0: used; other bits zero) |
/// | 1 + n | choices: count n (0 or 2..=9), then n numbers 10..=99, distinct |
/// | 16 | request id (random) |
/// | 1 + n | subject (UTF-8, 1..=255 bytes) |
/// | 1 + n | service (UTF-8, 1..=255 bytes) |
/// | 32 | HMAC-SHA-256 of the number bound to id, subject and service |
/// | 32 | HMAC-SHA-256 of all the bytes above |
///
/// Invariant: the fields satisfy the bounds [`from_bytes`](Self::from_bytes)
/// checks. The MACs are checked only by [`ApprovalIssuer::approve`].
#[derive(Clone, PartialEq, Eq)]
pub struct ApprovalRequest {
    key_id: u32,
    issued_at: u64,
    expires_at: u64,
    used: bool,
    choices: Vec<u8>,
    id: [u8; ID_LEN],
    subject: String,
    service: String,
    number_mac: [u8; MAC_LEN],
    record_mac: [u8; MAC_LEN],
    /// The number, only in the request [`ApprovalIssuer::request`] returned
    /// (never stored, never parsed).
    number: Option<u8>,
}

impl fmt::Debug for ApprovalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApprovalRequest")
            .field("request_id", &self.request_id())
            .field("subject", &self.subject)
            .field("service", &self.service)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .field("used", &self.used)
            .field("choices", &self.choices)
            .finish_non_exhaustive()
    }
}

impl ApprovalRequest {
    /// Encoding version written by [`to_bytes`](Self::to_bytes).
    pub const VERSION: u8 = 1;
    /// Longest subject or service, in UTF-8 bytes.
    pub const MAX_BINDING_LEN: usize = 255;
    /// Most choices shown in the app.
    pub const MAX_CHOICES: u8 = 9;
    /// Longest byte form: the bound checked before any parsing.
    pub const MAX_LEN: usize = HEADER_LEN
        + Self::MAX_CHOICES as usize
        + ID_LEN
        + 2 * (1 + Self::MAX_BINDING_LEN)
        + 2 * MAC_LEN;

    /// The request id (base64url of 16 random bytes), which the app and
    /// [`approval_message`] name.
    #[must_use]
    pub fn request_id(&self) -> String {
        Base64UrlUnpadded::encode_string(&self.id)
    }

    /// The number to show on the service's screen. `Some` only in the
    /// request just returned by [`ApprovalIssuer::request`]: the stored
    /// form holds a MAC of it, not the number.
    #[must_use]
    pub fn number(&self) -> Option<u8> {
        self.number
    }

    /// The candidates for the app, in the order to show (empty when the
    /// user types the number).
    #[must_use]
    pub fn choices(&self) -> &[u8] {
        &self.choices
    }

    /// The subject (user) logging in.
    #[must_use]
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The service the login is for.
    #[must_use]
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Unix time of issue.
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// Unix time from which the request is refused.
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// Whether the request was spent (approved, or one attempt failed).
    #[must_use]
    pub fn is_used(&self) -> bool {
        self.used
    }

    /// The id of the issuer key that MACs the request.
    #[must_use]
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The bytes covered by the record MAC.
    fn body(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(Self::MAX_LEN);
        w.u8(Self::VERSION)
            .u32(self.key_id)
            .u64(self.issued_at)
            .u64(self.expires_at)
            .u8(u8::from(self.used) * FLAG_USED)
            // Lengths fit a byte: Invariant (checked at request and parse).
            .u8(u8::try_from(self.choices.len()).unwrap_or(u8::MAX))
            .bytes(&self.choices)
            .bytes(&self.id)
            .short_str(&self.subject)
            .short_str(&self.service)
            .bytes(&self.number_mac);
        w.into_bytes()
    }

    /// The byte form (version 1), for storage. The number is not in it.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.body();
        out.extend_from_slice(&self.record_mac);
        out
    }

    /// Parses a stored request. Checks structure and bounds only; the MACs
    /// are checked by [`ApprovalIssuer::approve`].
    ///
    /// # Errors
    /// [`SsoError::RequestMalformed`] for a length above
    /// [`MAX_LEN`](Self::MAX_LEN) (checked first), an unknown version or
    /// flag, a choice count of 1 or above [`MAX_CHOICES`](Self::MAX_CHOICES),
    /// choices outside 10..=99 or repeated, an empty or non-UTF-8 subject or
    /// service, `expires_at < issued_at`, or trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SsoError> {
        if bytes.len() > Self::MAX_LEN {
            return Err(SsoError::RequestMalformed);
        }
        let mut r = Reader::new(bytes, SsoError::RequestMalformed);
        if r.u8()? != Self::VERSION {
            return Err(SsoError::RequestMalformed);
        }
        let key_id = r.u32()?;
        let issued_at = r.u64()?;
        let expires_at = r.u64()?;
        let flags = r.u8()?;
        let count = r.u8()?;
        if count == 1 || count > Self::MAX_CHOICES {
            return Err(SsoError::RequestMalformed);
        }
        let choices = r.bytes(usize::from(count))?.to_vec();
        let id = r.array()?;
        let subject = r.short_str()?;
        let service = r.short_str()?;
        let number_mac = r.array()?;
        let record_mac = r.array()?;
        r.finish()?;
        let distinct = choices
            .iter()
            .enumerate()
            .all(|(i, c)| !choices[..i].contains(c));
        if flags & !FLAG_USED != 0
            || expires_at < issued_at
            || !distinct
            || choices
                .iter()
                .any(|c| !(NUMBER_MIN..=NUMBER_MAX).contains(c))
        {
            return Err(SsoError::RequestMalformed);
        }
        // Invariant established here.
        Ok(Self {
            key_id,
            issued_at,
            expires_at,
            used: flags & FLAG_USED != 0,
            choices,
            id,
            subject,
            service,
            number_mac,
            record_mac,
            number: None,
        })
    }
}

/// One MAC key, keyed once.
#[derive(Clone)]
struct IssuerKey {
    id: u32,
    mac: HmacSha256,
    /// The key itself, for [`ApprovalIssuer::keys`] (a keyring must be able
    /// to be saved and rebuilt, e.g. pickled to a worker process).
    key: SecretBytes,
}

/// Issues and approves number-matching login requests.
///
/// A keyring like [`CodeIssuer`](crate::otp::CodeIssuer)'s: the current key
/// MACs new requests, retired keys still approve theirs.
///
/// Invariant: key ids are distinct, every key is at least
/// [`MIN_KEY_LEN`](Self::MIN_KEY_LEN) bytes, `ttl_seconds` is in
/// `1..=MAX_TTL`, and `choices` is 0 or in `2..=MAX_CHOICES`.
#[derive(Clone)]
pub struct ApprovalIssuer {
    current: IssuerKey,
    retired: Vec<IssuerKey>,
    ttl_seconds: u64,
    choices: u8,
}

impl fmt::Debug for ApprovalIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApprovalIssuer")
            .field("current_key_id", &self.current.id)
            .field(
                "retired_key_ids",
                &self.retired.iter().map(|k| k.id).collect::<Vec<_>>(),
            )
            .field("ttl_seconds", &self.ttl_seconds)
            .field("choices", &self.choices)
            .finish_non_exhaustive()
    }
}

fn keyed(key: &SecretBytes) -> Result<HmacSha256, SsoError> {
    if key.len() < ApprovalIssuer::MIN_KEY_LEN {
        return Err(SsoError::ParameterOutOfRange);
    }
    // `expect` cannot fire: HMAC accepts keys of any length (RFC 2104 §2).
    Ok(HmacSha256::new_from_slice(key.expose()).expect("HMAC accepts keys of any length"))
}

/// Appends `field` with a 4-byte length prefix (unambiguous concatenation).
fn update_field(mac: &mut HmacSha256, field: &[u8]) {
    let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
    mac.update(&len.to_be_bytes());
    mac.update(field);
}

/// A uniform value in `0..n` (n ≤ 256) by rejection sampling.
fn uniform_below(n: u16) -> Result<u8, SsoError> {
    let limit = 256 - 256 % n;
    loop {
        let [b] = *random_array::<1>()?;
        if u16::from(b) < limit {
            // `n ≤ 256`, so the remainder fits a byte.
            return Ok(u8::try_from(u16::from(b) % n).unwrap_or(0));
        }
    }
}

impl ApprovalIssuer {
    /// Shortest MAC key: 32 bytes (RFC 2104 section 3).
    pub const MIN_KEY_LEN: usize = 32;
    /// Default request lifetime: 120 seconds.
    pub const DEFAULT_TTL: u64 = 120;
    /// Longest request lifetime: 10 minutes.
    pub const MAX_TTL: u64 = 600;
    /// Default number of choices shown in the app (Nafath's form).
    pub const DEFAULT_CHOICES: u8 = 3;

    /// An issuer with one key, `key_id`, requests living `ttl_seconds`, and
    /// `choices` candidates in the app (0: the user types the number).
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if the key is shorter than
    /// [`MIN_KEY_LEN`](Self::MIN_KEY_LEN), `ttl_seconds` is 0 or above
    /// [`MAX_TTL`](Self::MAX_TTL), or `choices` is 1 or above
    /// [`ApprovalRequest::MAX_CHOICES`].
    ///
    /// # Security
    /// The key is held as a keyed HMAC state and in zeroize-on-drop storage
    /// (for [`keys`](Self::keys)). Keep it out of the
    /// database that stores the requests.
    pub fn new(
        key_id: u32,
        key: &SecretBytes,
        ttl_seconds: u64,
        choices: u8,
    ) -> Result<Self, SsoError> {
        if ttl_seconds == 0
            || ttl_seconds > Self::MAX_TTL
            || choices == 1
            || choices > ApprovalRequest::MAX_CHOICES
        {
            return Err(SsoError::ParameterOutOfRange);
        }
        // Invariant established here.
        Ok(Self {
            current: IssuerKey {
                id: key_id,
                mac: keyed(key)?,
                key: key.clone(),
            },
            retired: Vec::new(),
            ttl_seconds,
            choices,
        })
    }

    /// Adds an older key that still approves its requests but issues none.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `key_id` is already present or
    /// the key is too short.
    ///
    /// # Security
    /// As [`new`](Self::new).
    pub fn with_retired_key(mut self, key_id: u32, key: &SecretBytes) -> Result<Self, SsoError> {
        if self.key(key_id).is_some() {
            return Err(SsoError::ParameterOutOfRange);
        }
        self.retired.push(IssuerKey {
            id: key_id,
            mac: keyed(key)?,
            key: key.clone(),
        });
        Ok(self)
    }

    /// The request lifetime in seconds.
    #[must_use]
    pub fn ttl_seconds(&self) -> u64 {
        self.ttl_seconds
    }

    /// The number of choices shown in the app.
    #[must_use]
    pub fn choices(&self) -> u8 {
        self.choices
    }

    /// The keyring as `(key_id, key)`, the current key first, then the
    /// retired keys in the order they were added: what [`new`](Self::new)
    /// and [`with_retired_key`](Self::with_retired_key) need to rebuild this
    /// issuer (for example in another process).
    ///
    /// # Security
    /// These are the MAC keys themselves, borrowed from zeroize-on-drop
    /// storage: whoever holds them can forge requests. Copy them only to where
    /// the issuer's configuration may be kept.
    pub fn keys(&self) -> impl Iterator<Item = (u32, &SecretBytes)> {
        core::iter::once(&self.current)
            .chain(&self.retired)
            .map(|k| (k.id, &k.key))
    }

    fn key(&self, id: u32) -> Option<&IssuerKey> {
        core::iter::once(&self.current)
            .chain(&self.retired)
            .find(|k| k.id == id)
    }

    fn number_mac(key: &IssuerKey, request: &ApprovalRequest, number: &[u8]) -> [u8; MAC_LEN] {
        let mut mac = key.mac.clone();
        mac.update(NUMBER_LABEL);
        mac.update(&request.id);
        update_field(&mut mac, request.subject.as_bytes());
        update_field(&mut mac, request.service.as_bytes());
        update_field(&mut mac, number);
        mac.finalize().into_bytes().into()
    }

    fn record_mac(key: &IssuerKey, request: &ApprovalRequest) -> [u8; MAC_LEN] {
        let mut mac = key.mac.clone();
        mac.update(RECORD_LABEL);
        mac.update(&request.body());
        mac.finalize().into_bytes().into()
    }

    /// A login request for `subject` at `service`, at Unix time `now`.
    ///
    /// # Errors
    /// [`SsoError::ParameterOutOfRange`] if `subject` or `service` is empty
    /// or longer than [`ApprovalRequest::MAX_BINDING_LEN`] bytes;
    /// [`SsoError::RandomSourceFailed`].
    ///
    /// # Security
    /// The number, the decoys, their order and the request id come from the
    /// OS random source; the number is uniform over 10..=99 and the decoys
    /// uniform over the other numbers, so the position and value of the
    /// right choice tell nothing.
    pub fn request(
        &self,
        subject: &str,
        service: &str,
        now: u64,
    ) -> Result<ApprovalRequest, SsoError> {
        for field in [subject, service] {
            if field.is_empty() || field.len() > ApprovalRequest::MAX_BINDING_LEN {
                return Err(SsoError::ParameterOutOfRange);
            }
        }
        let span = u16::from(NUMBER_MAX - NUMBER_MIN) + 1;
        let number = NUMBER_MIN + uniform_below(span)?;
        let mut choices = Vec::with_capacity(usize::from(self.choices));
        if self.choices > 0 {
            choices.push(number);
            while choices.len() < usize::from(self.choices) {
                let decoy = NUMBER_MIN + uniform_below(span)?;
                if !choices.contains(&decoy) {
                    choices.push(decoy);
                }
            }
            // Fisher-Yates shuffle so the number's position is uniform.
            for i in (1..choices.len()).rev() {
                let bound = u16::try_from(i + 1).unwrap_or(u16::MAX);
                let j = usize::from(uniform_below(bound)?);
                choices.swap(i, j);
            }
        }
        let mut id = [0u8; ID_LEN];
        fill_random(&mut id)?;
        let key = &self.current;
        let mut request = ApprovalRequest {
            key_id: key.id,
            issued_at: now,
            expires_at: now.saturating_add(self.ttl_seconds),
            used: false,
            choices,
            id,
            subject: subject.to_owned(),
            service: service.to_owned(),
            number_mac: [0; MAC_LEN],
            record_mac: [0; MAC_LEN],
            number: Some(number),
        };
        request.number_mac = Self::number_mac(key, &request, number.to_string().as_bytes());
        request.record_mac = Self::record_mac(key, &request);
        Ok(request)
    }

    /// Approves `request` with the number the user chose and the device's
    /// signature of [`approval_message`]`(request_id, subject, chosen)`
    /// under `device_key` (the key enrolled for the request's subject), at
    /// Unix time `now`.
    ///
    /// Checks, in order: the request's MAC ([`SsoError::RequestRejected`]),
    /// unused ([`SsoError::RequestUsed`]), `now < expires_at`
    /// ([`SsoError::RequestExpired`]); these leave the request unchanged.
    /// Then the attempt is made and **the request is spent whatever its
    /// outcome**: the device signature ([`SsoError::DeviceSignatureInvalid`]),
    /// then the number ([`SsoError::NumberMismatch`]). Persist the request
    /// after every call that gets this far, with a compare-and-set.
    ///
    /// # Errors
    /// As listed above.
    ///
    /// # Security
    /// The chosen number's MAC is compared with the stored one in constant
    /// time. The device signature is checked before the number is looked at,
    /// so a party without the device key learns nothing about the number
    /// from the error, and every attempt spends the request.
    pub fn approve(
        &self,
        request: &mut ApprovalRequest,
        chosen: u32,
        device_signature: &[u8],
        device_key: &AnyVerifyingKey,
        now: u64,
    ) -> Result<(), SsoError> {
        let key = self.key(request.key_id).ok_or(SsoError::RequestRejected)?;
        let expected = Self::record_mac(key, request);
        if !bool::from(expected.ct_eq(&request.record_mac)) {
            return Err(SsoError::RequestRejected);
        }
        if request.used {
            return Err(SsoError::RequestUsed);
        }
        if now >= request.expires_at {
            return Err(SsoError::RequestExpired);
        }
        // The attempt: from here on the request is spent.
        let mut next = request.clone();
        next.used = true;
        next.record_mac = Self::record_mac(key, &next);
        *request = next;

        let message = approval_message(&request.request_id(), &request.subject, chosen);
        if device_key.verify(&message, device_signature).is_err() {
            return Err(SsoError::DeviceSignatureInvalid);
        }
        let mac = Self::number_mac(key, request, chosen.to_string().as_bytes());
        if bool::from(mac.ct_eq(&request.number_mac)) {
            Ok(())
        } else {
            Err(SsoError::NumberMismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::{P256SigningKey, SigningKey};

    fn issuer(choices: u8) -> ApprovalIssuer {
        ApprovalIssuer::new(1, &SecretBytes::from_slice(&[7u8; 32]), 120, choices).expect("valid")
    }

    #[test]
    fn right_number_once_then_used() {
        let ai = issuer(3);
        let device = SigningKey::generate().expect("rng");
        let vk = device.verifying_key().into();
        let req = ai.request("1012345678", "portal-x", 1000).expect("request");
        let number = req.number().expect("fresh");
        assert!((10..=99).contains(&number));
        assert_eq!(req.choices().len(), 3);
        assert!(req.choices().contains(&number));
        let mut stored = ApprovalRequest::from_bytes(&req.to_bytes()).expect("parse");
        assert_eq!(stored.number(), None);
        let msg = approval_message(&stored.request_id(), "1012345678", u32::from(number));
        let sig = device.sign(&msg).to_bytes();
        assert_eq!(
            ai.approve(&mut stored, number.into(), &sig, &vk, 1001),
            Ok(())
        );
        assert!(stored.is_used());
        assert_eq!(
            ai.approve(&mut stored, number.into(), &sig, &vk, 1001),
            Err(SsoError::RequestUsed)
        );
    }

    #[test]
    fn wrong_number_spends_the_request() {
        let ai = issuer(0);
        let device = P256SigningKey::generate().expect("rng");
        let vk = device.verifying_key().into();
        let mut req = ai.request("s", "svc", 1000).expect("request");
        assert!(req.choices().is_empty());
        let number = u32::from(req.number().expect("fresh"));
        let wrong = if number == 99 { 98 } else { number + 1 };
        let sig = device.sign(&approval_message(&req.request_id(), "s", wrong));
        assert_eq!(
            ai.approve(&mut req, wrong, &sig, &vk, 1001),
            Err(SsoError::NumberMismatch)
        );
        let sig = device.sign(&approval_message(&req.request_id(), "s", number));
        assert_eq!(
            ai.approve(&mut req, number, &sig, &vk, 1001),
            Err(SsoError::RequestUsed)
        );
    }

    #[test]
    fn expiry_tampering_and_bad_signatures() {
        let ai = issuer(3);
        let device = SigningKey::generate().expect("rng");
        let vk: AnyVerifyingKey = device.verifying_key().into();
        let req = ai.request("s", "svc", 1000).expect("request");
        let number = u32::from(req.number().expect("fresh"));
        let sig = device
            .sign(&approval_message(&req.request_id(), "s", number))
            .to_bytes();
        let mut late = req.clone();
        assert_eq!(
            ai.approve(&mut late, number, &sig, &vk, 1120),
            Err(SsoError::RequestExpired)
        );
        assert_eq!(late, req, "refusals before the attempt leave it unchanged");
        // Every byte of the stored form is covered: flip each in turn.
        let bytes = req.to_bytes();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 1;
            if let Ok(mut r) = ApprovalRequest::from_bytes(&b) {
                assert_eq!(
                    ai.approve(&mut r, number, &sig, &vk, 1001),
                    Err(SsoError::RequestRejected),
                    "byte {i}"
                );
            }
        }
        let other = SigningKey::generate().expect("rng").verifying_key().into();
        let mut r = req.clone();
        assert_eq!(
            ai.approve(&mut r, number, &sig, &other, 1001),
            Err(SsoError::DeviceSignatureInvalid)
        );
        assert!(r.is_used());
    }

    #[test]
    fn bounds() {
        let key = SecretBytes::from_slice(&[1u8; 32]);
        assert!(ApprovalIssuer::new(1, &key, 0, 3).is_err());
        assert!(ApprovalIssuer::new(1, &key, 601, 3).is_err());
        assert!(ApprovalIssuer::new(1, &key, 120, 1).is_err());
        assert!(ApprovalIssuer::new(1, &key, 120, 10).is_err());
        assert!(ApprovalIssuer::new(1, &SecretBytes::from_slice(&[1u8; 31]), 120, 3).is_err());
        let ai = ApprovalIssuer::new(1, &key, 120, 9).expect("valid");
        let long = "x".repeat(255);
        let req = ai.request(&long, &long, 0).expect("request");
        assert_eq!(req.to_bytes().len(), ApprovalRequest::MAX_LEN);
        assert!(ApprovalRequest::from_bytes(&[0u8; ApprovalRequest::MAX_LEN + 1]).is_err());
        assert!(ai.request("", "svc", 0).is_err());
    }

    #[test]
    fn numbers_and_positions_are_spread() {
        let ai = issuer(3);
        let mut positions = [0u32; 3];
        let mut seen = [false; 100];
        for _ in 0..600 {
            let req = ai.request("s", "svc", 0).expect("request");
            let n = req.number().expect("fresh");
            seen[usize::from(n)] = true;
            let pos = req.choices().iter().position(|c| *c == n).expect("present");
            positions[pos] += 1;
        }
        assert!(positions.iter().all(|p| *p > 120), "{positions:?}");
        assert!(seen[10..=99].iter().filter(|s| **s).count() > 70);
    }
}
