//! Single-use, purpose-bound codes: [`CodeIssuer`]. The record it
//! returns, [`CodeRecord`], and its byte form are in `otp/record.rs`.
//!
//! credkit has no database, so a code's state is a [`CodeRecord`] that the
//! caller stores (as [`CodeRecord::to_bytes`]) and hands back to
//! [`CodeIssuer::redeem`]. The record never holds the code: only
//! HMAC-SHA-256 of it, bound to the subject, the purpose and a random nonce,
//! under the issuer's key. A second MAC covers every field of the record's
//! byte form, so editing stored bytes (resetting attempts, extending the
//! expiry, clearing the used flag) makes the record refused.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroizing;

use super::record::{MAC_LEN, NONCE_LEN};
use super::{CodeAlphabet, CodePolicy, CodeRecord, OtpError};
use crate::secret::{SecretBytes, SecretString, fill_random};

type HmacSha256 = Hmac<Sha256>;

const CODE_LABEL: &[u8] = b"credkit/otp/code-mac/v1";
const RECORD_LABEL: &[u8] = b"credkit/otp/record-mac/v1";
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// One key of the issuer's keyring, keyed once.
#[derive(Clone)]
struct IssuerKey {
    id: u32,
    mac: HmacSha256,
    /// The key itself, for [`CodeIssuer::keys`] (a keyring must be able
    /// to be saved and rebuilt, e.g. pickled to a worker process).
    key: SecretBytes,
}

/// Issues and redeems single-use, purpose-bound codes.
///
/// # What the record MAC does not stop: restoring an older record
///
/// The record MAC proves that bytes were written by this issuer, not that
/// they are the *latest* bytes. Someone who can write the database where
/// records live can save a record and put it back later: every restore
/// resets the failed-attempt counter (another `max_attempts` guesses) and
/// clears the used flag (the same code redeems again), until the record
/// expires (`expires_at` is under the MAC, so a restore cannot extend it).
/// credkit cannot detect this without state kept outside that database:
/// any record it could check against would live in the same place. A
/// service whose threat model includes such a writer must:
/// - rate-limit failed redemptions per subject (and per purpose) in a store
///   the record table's writers cannot reset, e.g. a counter service or an
///   append-only log;
/// - remember the nonces of redeemed records
///   ([`CodeRecord::nonce`]) until they expire, in that same separate
///   store, and refuse a record whose nonce is there;
/// - keep the compare-and-set on the row (below, on [`CodeRecord`]), which
///   stops concurrent double redemption by ordinary callers, not a writer.
///
/// Holds a keyring: the current key (by id) MACs new records; older keys
/// still redeem the records they MACed, so keys can be rotated without
/// invalidating codes in flight. Drop an old key once its records have
/// expired.
///
/// Invariant: key ids (current and retired) are distinct, and every key
/// is at least [`MIN_KEY_LEN`](Self::MIN_KEY_LEN) bytes.
#[derive(Clone)]
pub struct CodeIssuer {
    current: IssuerKey,
    retired: Vec<IssuerKey>,
    policy: CodePolicy,
}

impl fmt::Debug for CodeIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeIssuer")
            .field("current_key_id", &self.current.id)
            .field(
                "retired_key_ids",
                &self.retired.iter().map(|k| k.id).collect::<Vec<_>>(),
            )
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

fn keyed(key: &SecretBytes) -> Result<HmacSha256, OtpError> {
    if key.len() < CodeIssuer::MIN_KEY_LEN {
        return Err(OtpError::KeyTooShort);
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

impl CodeIssuer {
    /// Shortest issuer key: 32 bytes, the HMAC-SHA-256 output length
    /// (RFC 2104 §3: keys shorter than the output length are discouraged).
    pub const MIN_KEY_LEN: usize = 32;

    /// An issuer with one key, `key_id`, used for issuing and redeeming.
    ///
    /// # Errors
    /// [`OtpError::KeyTooShort`] below [`MIN_KEY_LEN`](Self::MIN_KEY_LEN).
    ///
    /// # Security
    /// The key is held as a keyed HMAC state and in zeroize-on-drop storage
    /// (for [`keys`](Self::keys)), both wiped on drop. Generate
    /// it with [`SecretBytes::random`] and keep it out of the database that
    /// stores the records.
    pub fn new(key_id: u32, key: &SecretBytes, policy: CodePolicy) -> Result<Self, OtpError> {
        // Invariant established here: one key, the current one.
        Ok(Self {
            current: IssuerKey {
                id: key_id,
                mac: keyed(key)?,
                key: key.clone(),
            },
            retired: Vec::new(),
            policy,
        })
    }

    /// Adds an older key that still redeems its records but issues none.
    ///
    /// # Errors
    /// [`OtpError::KeyIdDuplicate`] if `key_id` is already in the keyring
    /// (caller misuse); [`OtpError::KeyTooShort`] as in [`new`](Self::new).
    ///
    /// # Security
    /// As [`new`](Self::new).
    pub fn with_retired_key(mut self, key_id: u32, key: &SecretBytes) -> Result<Self, OtpError> {
        // Invariant maintained here: ids stay distinct.
        if self.key(key_id).is_some() {
            return Err(OtpError::KeyIdDuplicate);
        }
        self.retired.push(IssuerKey {
            id: key_id,
            mac: keyed(key)?,
            key: key.clone(),
        });
        Ok(self)
    }

    /// The policy of issued codes.
    #[must_use]
    pub fn policy(&self) -> CodePolicy {
        self.policy
    }

    /// The id of the key that MACs new records.
    #[must_use]
    pub fn current_key_id(&self) -> u32 {
        self.current.id
    }

    /// The keyring as `(key_id, key)`, the current key first, then the
    /// retired keys in the order they were added: what [`new`](Self::new)
    /// and [`with_retired_key`](Self::with_retired_key) need to rebuild this
    /// issuer (for example in another process).
    ///
    /// # Security
    /// These are the MAC keys themselves, borrowed from zeroize-on-drop
    /// storage: whoever holds them can forge records. Copy them only to where
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

    fn code_mac(
        key: &IssuerKey,
        nonce: &[u8; NONCE_LEN],
        subject: &str,
        purpose: &str,
        code: &[u8],
    ) -> [u8; MAC_LEN] {
        let mut mac = key.mac.clone();
        mac.update(CODE_LABEL);
        mac.update(nonce);
        update_field(&mut mac, subject.as_bytes());
        update_field(&mut mac, purpose.as_bytes());
        update_field(&mut mac, code);
        mac.finalize().into_bytes().into()
    }

    fn record_mac(key: &IssuerKey, record: &CodeRecord) -> [u8; MAC_LEN] {
        let mut mac = key.mac.clone();
        mac.update(RECORD_LABEL);
        mac.update(&record.body());
        mac.finalize().into_bytes().into()
    }

    /// A fresh random code (uniform over the policy's alphabet and length).
    fn random_code(&self) -> Result<Zeroizing<Vec<u8>>, OtpError> {
        let length = usize::from(self.policy.length());
        match self.policy.alphabet() {
            CodeAlphabet::Digits => {
                // Rejection sampling for a uniform value below 10^length.
                let n = 10u64.pow(u32::from(self.policy.length()));
                let limit = u64::MAX - u64::MAX % n;
                let mut value = Zeroizing::new(u64::MAX);
                while *value >= limit {
                    let mut buf = Zeroizing::new([0u8; 8]);
                    fill_random(buf.as_mut())?;
                    *value = u64::from_be_bytes(*buf);
                }
                let mut v = *value % n;
                let mut out = Zeroizing::new(vec![b'0'; length]);
                for slot in out.iter_mut().rev() {
                    *slot = b'0' + (v % 10).to_be_bytes()[7];
                    v /= 10;
                }
                Ok(out)
            }
            CodeAlphabet::Crockford => {
                let mut out = Zeroizing::new(vec![0u8; length]);
                fill_random(&mut out)?;
                for b in out.iter_mut() {
                    // 256 is a multiple of 32: the low five bits are uniform.
                    *b = CROCKFORD[usize::from(*b & 0x1f)];
                }
                Ok(out)
            }
        }
    }

    /// Issues a code for `subject` and `purpose` at Unix time `now`.
    /// Returns the code (to deliver to the user) and the record (to store).
    ///
    /// # Errors
    /// [`OtpError::BindingOutOfRange`] if `subject` or `purpose` is empty
    /// or longer than [`CodeRecord::MAX_BINDING_LEN`] bytes;
    /// [`OtpError::RandomSourceFailed`] if the random source fails.
    ///
    /// # Security
    /// The code is drawn from the OS random source and returned as a
    /// [`SecretString`]; the record holds only its MAC.
    pub fn issue(
        &self,
        subject: &str,
        purpose: &str,
        now: u64,
    ) -> Result<(SecretString, CodeRecord), OtpError> {
        for field in [subject, purpose] {
            if field.is_empty() || field.len() > CodeRecord::MAX_BINDING_LEN {
                return Err(OtpError::BindingOutOfRange);
            }
        }
        let key = &self.current;
        let code = self.random_code()?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut record = CodeRecord {
            key_id: key.id,
            issued_at: now,
            expires_at: now.saturating_add(self.policy.ttl_seconds()),
            attempts: 0,
            max_attempts: self.policy.max_attempts(),
            used: false,
            alphabet: self.policy.alphabet(),
            length: self.policy.length(),
            code_mac: Self::code_mac(key, &nonce, subject, purpose, &code),
            nonce,
            subject: subject.to_owned(),
            purpose: purpose.to_owned(),
            record_mac: [0; MAC_LEN],
        };
        record.record_mac = Self::record_mac(key, &record);
        let text = String::from_utf8(code.to_vec()).unwrap_or_default();
        Ok((SecretString::new(text), record))
    }

    /// Redeems `code` against `record` for `subject` and `purpose` at Unix
    /// time `now`. Accepts once.
    ///
    /// On success the record is marked used; on a wrong code (including a
    /// malformed one, or a right code for another subject or purpose) its
    /// attempt counter is incremented. In both cases its MAC is renewed:
    /// **persist the record after every call** with the compare-and-set
    /// described in [`CodeRecord`]. Refusals that are decided
    /// before the code is looked at (tampered, used, expired, locked) leave
    /// the record unchanged. The record is only replaced as a whole, so it
    /// is consistent after every return.
    ///
    /// # Errors
    /// [`OtpError::RecordRejected`] if the record's MAC fails or its key id
    /// is not in the keyring; [`OtpError::CodeUsed`];
    /// [`OtpError::CodeExpired`] if `now >= expires_at`;
    /// [`OtpError::CodeLocked`] once `attempts >= max_attempts`;
    /// [`OtpError::CodeRejected`] for a wrong, malformed or mis-bound code.
    ///
    /// # Security
    /// The code's MAC is recomputed from the submitted code and compared in
    /// constant time; a malformed code costs the same MAC computation.
    /// The error never says whether the code, the subject or the purpose was
    /// wrong.
    pub fn redeem(
        &self,
        record: &mut CodeRecord,
        code: &str,
        subject: &str,
        purpose: &str,
        now: u64,
    ) -> Result<(), OtpError> {
        let key = self.key(record.key_id).ok_or(OtpError::RecordRejected)?;
        let expected = Self::record_mac(key, record);
        if !bool::from(expected.ct_eq(&record.record_mac)) {
            return Err(OtpError::RecordRejected);
        }
        if record.used {
            return Err(OtpError::CodeUsed);
        }
        if now >= record.expires_at {
            return Err(OtpError::CodeExpired);
        }
        if record.attempts >= record.max_attempts {
            return Err(OtpError::CodeLocked);
        }
        let (normalized, well_formed) = normalize(code, record.alphabet, record.length);
        let mac = Self::code_mac(key, &record.nonce, subject, purpose, &normalized);
        let ok = mac.ct_eq(&record.code_mac) & well_formed;

        // Both outcomes take the same path: the used flag and the attempt
        // counter are selected with `ok`, not branched on, and the MAC is
        // renewed either way; the outcome is selected by index, not by a branch.
        let mut next = record.clone();
        next.used = u8::conditional_select(&0, &1, ok) == 1;
        let failed = u16::conditional_select(&1, &0, ok);
        next.attempts = next.attempts.saturating_add(failed);
        next.record_mac = Self::record_mac(key, &next);
        *record = next;
        let outcomes = [Err(OtpError::CodeRejected), Ok(())];
        outcomes[usize::from(ok.unwrap_u8())]
    }
}

/// Normalises a submitted code to the alphabet's canonical symbols and
/// says whether it is well-formed (right symbols, right count). Only the
/// submitted code (known to the submitter) is branched on, never the
/// stored MAC.
fn normalize(code: &str, alphabet: CodeAlphabet, length: u8) -> (Zeroizing<Vec<u8>>, Choice) {
    let mut out = Zeroizing::new(Vec::with_capacity(usize::from(length)));
    let mut ok = Choice::from(1);
    let bytes = code.as_bytes();
    if bytes.len() > 4 * usize::from(length) {
        // Far too long to be a code: bound the work; still a failed attempt.
        return (out, Choice::from(0));
    }
    for &b in bytes {
        match alphabet {
            CodeAlphabet::Digits => {
                ok &= b.ct_gt(&(b'0' - 1)) & (b'9' + 1).ct_gt(&b);
                out.push(b);
            }
            CodeAlphabet::Crockford => {
                if b == b'-' || b == b' ' {
                    continue;
                }
                let (sym, valid) = crockford_value(b);
                ok &= valid;
                out.push(sym);
            }
        }
    }
    ok &= Choice::from(u8::from(out.len() == usize::from(length)));
    (out, ok)
}

/// The canonical Crockford symbol for an input byte, and whether it is one.
fn crockford_value(b: u8) -> (u8, Choice) {
    let upper = if b.is_ascii_lowercase() { b - 32 } else { b };
    // Crockford decoding aliases.
    let canonical = match upper {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    let mut found = Choice::from(0);
    for &s in CROCKFORD {
        found |= s.ct_eq(&canonical);
    }
    (canonical, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer() -> CodeIssuer {
        let key = SecretBytes::from_slice(&[42; 32]);
        CodeIssuer::new(7, &key, CodePolicy::SIM_REGISTRATION).expect("32-byte key")
    }

    /// `keys` lists what `new` and `with_retired_key` need: an issuer
    /// rebuilt from it redeems the records of every key.
    #[test]
    fn keys_rebuild_the_keyring() {
        let old = issuer();
        let ci = CodeIssuer::new(8, &SecretBytes::from_slice(&[9; 40]), CodePolicy::SMS_LOGIN)
            .and_then(|c| c.with_retired_key(7, &SecretBytes::from_slice(&[42; 32])))
            .expect("valid keys");
        let keys: Vec<(u32, Vec<u8>)> =
            ci.keys().map(|(id, k)| (id, k.expose().to_vec())).collect();
        assert_eq!(keys, vec![(8, vec![9; 40]), (7, vec![42; 32])]);
        let mut rebuilt =
            CodeIssuer::new(keys[0].0, &SecretBytes::from_slice(&keys[0].1), ci.policy())
                .expect("current key");
        for (id, key) in &keys[1..] {
            rebuilt = rebuilt
                .with_retired_key(*id, &SecretBytes::from_slice(key))
                .expect("retired key");
        }
        let (code, mut rec) = old.issue("1", "p", 1000).expect("issued");
        assert_eq!(
            rebuilt.redeem(&mut rec, code.expose(), "1", "p", 1001),
            Ok(())
        );
        let (code, mut rec) = ci.issue("1", "p", 1000).expect("issued");
        assert_eq!(
            rebuilt.redeem(&mut rec, code.expose(), "1", "p", 1001),
            Ok(())
        );
    }

    #[test]
    fn issue_redeem_once() {
        let ci = issuer();
        let (code, mut rec) = ci.issue("1012345678", "sim", 1000).expect("issued");
        assert_eq!(code.expose().len(), 6);
        assert!(
            !rec.to_bytes()
                .windows(6)
                .any(|w| w == code.expose().as_bytes())
        );
        assert_eq!(
            ci.redeem(&mut rec, code.expose(), "1012345678", "sim", 1001),
            Ok(())
        );
        assert!(rec.is_used());
        assert_eq!(
            ci.redeem(&mut rec, code.expose(), "1012345678", "sim", 1002),
            Err(OtpError::CodeUsed)
        );
    }

    /// The documented limit (review finding: SECURITY.md claimed a database
    /// writer was stopped). Restoring an earlier, validly MACed record
    /// resets the counter and the used flag; only expiry still binds. The
    /// nonce the docs tell services to remember identifies the record.
    #[test]
    fn a_restored_record_is_not_detected() {
        let ci = issuer();
        let (code, mut rec) = ci.issue("1012345678", "sim", 1000).expect("issued");
        let saved = rec.to_bytes();
        assert_eq!(
            ci.redeem(&mut rec, code.expose(), "1012345678", "sim", 1001),
            Ok(())
        );
        let mut restored = CodeRecord::from_bytes(&saved).expect("authentic bytes");
        assert_eq!(restored.nonce(), rec.nonce());
        assert_eq!(
            ci.redeem(&mut restored, code.expose(), "1012345678", "sim", 1002),
            Ok(()),
            "a restore is invisible to credkit: the service must keep redeemed nonces"
        );
        let mut late = CodeRecord::from_bytes(&saved).expect("authentic bytes");
        assert_eq!(
            ci.redeem(
                &mut late,
                code.expose(),
                "1012345678",
                "sim",
                1000 + 4 * 3600 + 1
            ),
            Err(OtpError::CodeExpired)
        );
    }

    #[test]
    fn short_key_and_duplicate_id_refused() {
        let short = SecretBytes::from_slice(&[1; 31]);
        assert_eq!(
            CodeIssuer::new(1, &short, CodePolicy::SMS_LOGIN).err(),
            Some(OtpError::KeyTooShort)
        );
        let key = SecretBytes::from_slice(&[1; 32]);
        assert_eq!(
            issuer().with_retired_key(7, &key).err(),
            Some(OtpError::KeyIdDuplicate)
        );
    }

    #[test]
    fn crockford_normalisation() {
        let (n, ok) = normalize("7k2q-m9xd", CodeAlphabet::Crockford, 8);
        assert!(bool::from(ok));
        assert_eq!(n.as_slice(), b"7K2QM9XD");
        let (n, ok) = normalize("oIl0 abcd", CodeAlphabet::Crockford, 8);
        assert!(bool::from(ok));
        assert_eq!(n.as_slice(), b"0110ABCD");
        assert!(!bool::from(
            normalize("UUUUUUUU", CodeAlphabet::Crockford, 8).1
        ));
        assert!(!bool::from(normalize("12345a", CodeAlphabet::Digits, 6).1));
        assert!(!bool::from(normalize("1234567", CodeAlphabet::Digits, 6).1));
    }

    #[test]
    fn max_len_is_exact() {
        let ci = issuer();
        let s = "s".repeat(255);
        let (_, rec) = ci.issue(&s, &s, 0).expect("issued");
        assert_eq!(rec.to_bytes().len(), CodeRecord::MAX_LEN);
        assert_eq!(CodeRecord::from_bytes(&rec.to_bytes()), Ok(rec));
    }
}
