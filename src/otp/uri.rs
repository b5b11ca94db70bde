//! otpauth URIs: the Google Authenticator Key Uri Format
//! (`otpauth://TYPE/LABEL?PARAMETERS`), as shown in enrolment QR codes.
//!
//! Building omits parameters at their defaults (SHA1, 6 digits, 30 s) and
//! percent-encodes the label and values. Parsing is strict where a mistake
//! would change the authenticator (malformed or duplicated `secret`,
//! `algorithm`, `digits`, `period`, `counter`; a label issuer that differs
//! from the `issuer` parameter; bad percent escapes; invalid UTF-8) and
//! ignores parameters it does not know (apps add `image`, `color`, …).

use core::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use zeroize::Zeroizing;

use super::{Algorithm, Hotp, OtpError, OtpSecret, Totp};

/// Characters left unescaped: RFC 3986 "unreserved".
const ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Longest label (issuer and account) part accepted, in decoded bytes.
const MAX_LABEL_PART: usize = 256;

/// The type of an otpauth URI and its type-specific parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtpKind {
    /// `otpauth://totp/`, with its period in seconds.
    Totp {
        /// The `period` parameter (default 30).
        period: u64,
    },
    /// `otpauth://hotp/`, with its initial counter.
    Hotp {
        /// The `counter` parameter (required).
        counter: u64,
    },
}

/// A parsed or to-be-built otpauth URI.
///
/// Invariant: `digits` is within 6..=10, a TOTP period within
/// 1..=[`Totp::MAX_PERIOD`], and neither issuer nor account contains `:`
/// or is empty.
#[derive(Clone)]
pub struct OtpAuthUri {
    kind: OtpKind,
    secret: OtpSecret,
    algorithm: Algorithm,
    digits: u8,
    issuer: Option<String>,
    account: String,
}

impl fmt::Debug for OtpAuthUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpAuthUri")
            .field("kind", &self.kind)
            .field("secret", &self.secret)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .finish()
    }
}

fn check_label_part(part: &str) -> Result<(), OtpError> {
    if part.is_empty()
        || part.len() > MAX_LABEL_PART
        || part.contains(':')
        || part.chars().any(char::is_control)
    {
        return Err(OtpError::UriLabelInvalid);
    }
    Ok(())
}

/// Percent-decodes `text` strictly: every `%` must start a two-hex-digit
/// escape, and the result must be UTF-8. With `plus_is_space` (query
/// values, as `application/x-www-form-urlencoded` and pyotp read them),
/// `+` means a space.
fn decode_component(
    text: &str,
    plus_is_space: bool,
    err: OtpError,
) -> Result<Zeroizing<String>, OtpError> {
    let bytes = text.as_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|&b| char::from(b).to_digit(16));
                let lo = bytes.get(i + 2).and_then(|&b| char::from(b).to_digit(16));
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.push(u8::try_from(h * 16 + l).map_err(|_| err)?);
                        i += 3;
                    }
                    _ => return Err(err),
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let text = core::str::from_utf8(&out).map_err(|_| err)?;
    Ok(Zeroizing::new(text.to_owned()))
}

fn parse_decimal(text: &str, max_len: usize) -> Result<u64, OtpError> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(OtpError::UriParameterInvalid);
    }
    text.parse().map_err(|_| OtpError::UriParameterInvalid)
}

/// Stores `value` in `slot`, refusing a second occurrence of a parameter.
fn set_once<T>(slot: &mut Option<T>, value: T) -> Result<(), OtpError> {
    if slot.is_some() {
        return Err(OtpError::UriParameterInvalid);
    }
    *slot = Some(value);
    Ok(())
}

impl OtpAuthUri {
    /// Longest URI accepted by [`parse`](Self::parse) or produced by
    /// [`to_uri`](Self::to_uri): 2048 bytes, far above any real enrolment
    /// URI and small enough to fit a QR code.
    pub const MAX_LEN: usize = 2048;

    /// The URI for a TOTP authenticator.
    ///
    /// # Errors
    /// [`OtpError::UriUnrepresentable`] if the TOTP's T0 is not 0 (the URI
    /// format has no T0); [`OtpError::UriLabelInvalid`] if `account` or
    /// `issuer` is empty, contains `:` or a control character, or exceeds
    /// 256 bytes, or `account` starts with a space.
    pub fn for_totp(totp: &Totp, account: &str, issuer: Option<&str>) -> Result<Self, OtpError> {
        if totp.t0() != 0 {
            return Err(OtpError::UriUnrepresentable);
        }
        Self::new(
            OtpKind::Totp {
                period: totp.period(),
            },
            totp.secret().clone(),
            totp.algorithm(),
            totp.digits(),
            account,
            issuer,
        )
    }

    /// The URI for an HOTP authenticator whose next counter is `counter`.
    ///
    /// # Errors
    /// [`OtpError::UriLabelInvalid`] as in [`for_totp`](Self::for_totp).
    pub fn for_hotp(
        hotp: &Hotp,
        counter: u64,
        account: &str,
        issuer: Option<&str>,
    ) -> Result<Self, OtpError> {
        Self::new(
            OtpKind::Hotp { counter },
            hotp.secret().clone(),
            hotp.algorithm(),
            hotp.digits(),
            account,
            issuer,
        )
    }

    fn new(
        kind: OtpKind,
        secret: OtpSecret,
        algorithm: Algorithm,
        digits: u8,
        account: &str,
        issuer: Option<&str>,
    ) -> Result<Self, OtpError> {
        // Invariant established here (digits and period come from a
        // validated Totp/Hotp). A leading space in the account would be
        // dropped by parsers after the issuer's colon, so it is refused.
        if account.starts_with(' ') {
            return Err(OtpError::UriLabelInvalid);
        }
        check_label_part(account)?;
        if let Some(i) = issuer {
            check_label_part(i)?;
        }
        Ok(Self {
            kind,
            secret,
            algorithm,
            digits,
            issuer: issuer.map(str::to_owned),
            account: account.to_owned(),
        })
    }

    /// The type and its type-specific parameter.
    #[must_use]
    pub fn kind(&self) -> OtpKind {
        self.kind
    }

    /// The shared secret.
    #[must_use]
    pub fn secret(&self) -> &OtpSecret {
        &self.secret
    }

    /// The hash function.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits.
    #[must_use]
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// The issuer (service name), if any.
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The account name.
    #[must_use]
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The TOTP authenticator this URI describes (T0 = 0).
    ///
    /// # Errors
    /// [`OtpError::UriSchemeInvalid`] if this is an HOTP URI.
    pub fn to_totp(&self) -> Result<Totp, OtpError> {
        match self.kind {
            OtpKind::Totp { period } => {
                Totp::new(self.secret.clone(), self.algorithm, self.digits, period, 0)
            }
            OtpKind::Hotp { .. } => Err(OtpError::UriSchemeInvalid),
        }
    }

    /// The HOTP authenticator this URI describes and its counter.
    ///
    /// # Errors
    /// [`OtpError::UriSchemeInvalid`] if this is a TOTP URI.
    pub fn to_hotp(&self) -> Result<(Hotp, u64), OtpError> {
        match self.kind {
            OtpKind::Hotp { counter } => Ok((
                Hotp::new(self.secret.clone(), self.algorithm, self.digits)?,
                counter,
            )),
            OtpKind::Totp { .. } => Err(OtpError::UriSchemeInvalid),
        }
    }

    /// The URI text. Parameters at their defaults (`algorithm=SHA1`,
    /// `digits=6`, `period=30`) are omitted; the secret is unpadded Base32.
    ///
    /// # Errors
    /// [`OtpError::UriTooLong`] if the result would exceed
    /// [`MAX_LEN`](Self::MAX_LEN) (so every built URI parses back).
    ///
    /// # Security
    /// The URI contains the secret: show it once (as a QR code) during
    /// enrolment, and never log or store it.
    pub fn to_uri(&self) -> Result<String, OtpError> {
        let (kind, extra) = match self.kind {
            OtpKind::Totp { period } if period == Totp::DEFAULT_PERIOD => ("totp", None),
            OtpKind::Totp { period } => ("totp", Some(format!("&period={period}"))),
            OtpKind::Hotp { counter } => ("hotp", Some(format!("&counter={counter}"))),
        };
        let mut uri = format!("otpauth://{kind}/");
        if let Some(issuer) = &self.issuer {
            uri.extend(utf8_percent_encode(issuer, ESCAPE));
            uri.push(':');
        }
        uri.extend(utf8_percent_encode(&self.account, ESCAPE));
        uri.push_str("?secret=");
        uri.push_str(&self.secret.to_base32());
        if let Some(issuer) = &self.issuer {
            uri.push_str("&issuer=");
            uri.extend(utf8_percent_encode(issuer, ESCAPE));
        }
        if self.algorithm != Algorithm::Sha1 {
            uri.push_str("&algorithm=");
            uri.push_str(self.algorithm.name());
        }
        if self.digits != Totp::DEFAULT_DIGITS {
            uri.push_str(&format!("&digits={}", self.digits));
        }
        if let Some(extra) = extra {
            uri.push_str(&extra);
        }
        if uri.len() > Self::MAX_LEN {
            return Err(OtpError::UriTooLong);
        }
        Ok(uri)
    }

    /// Parses an otpauth URI.
    ///
    /// # Errors
    /// [`OtpError::UriTooLong`] above [`MAX_LEN`](Self::MAX_LEN);
    /// [`OtpError::UriSchemeInvalid`] unless it starts with
    /// `otpauth://totp/` or `otpauth://hotp/` (case-insensitive);
    /// [`OtpError::UriLabelInvalid`] for an empty, malformed or over-long
    /// label; [`OtpError::UriParameterInvalid`] for a malformed, duplicated
    /// or out-of-range parameter or escape; [`OtpError::UriSecretMissing`],
    /// [`OtpError::UriCounterMissing`], [`OtpError::UriIssuerMismatch`];
    /// the secret's own errors ([`OtpError::Base32Invalid`],
    /// [`OtpError::SecretTooShort`], [`OtpError::SecretTooLong`]) and
    /// [`OtpError::DigitsOutOfRange`], [`OtpError::PeriodOutOfRange`].
    ///
    /// # Security
    /// The decoded secret is held in zeroizing buffers; the caller's URI
    /// text is not wiped.
    pub fn parse(uri: &str) -> Result<Self, OtpError> {
        if uri.len() > Self::MAX_LEN {
            return Err(OtpError::UriTooLong);
        }
        let scheme = "otpauth://";
        let head = uri
            .get(..scheme.len() + 5)
            .ok_or(OtpError::UriSchemeInvalid)?;
        let is_totp = head.eq_ignore_ascii_case("otpauth://totp/");
        let is_hotp = head.eq_ignore_ascii_case("otpauth://hotp/");
        if !is_totp && !is_hotp {
            return Err(OtpError::UriSchemeInvalid);
        }
        let rest = &uri[head.len()..];
        if rest.contains('#') {
            // A fragment has no meaning here; refuse rather than guess.
            return Err(OtpError::UriParameterInvalid);
        }
        let (label, query) = rest.split_once('?').ok_or(OtpError::UriSecretMissing)?;

        let label = decode_component(label, false, OtpError::UriLabelInvalid)?;
        // Spaces before the account are not part of it (the Key URI
        // Format allows them after the issuer's colon). They are dropped
        // with or without an issuer prefix, so that what parses rebuilds
        // (`to_uri` writes the issuer prefix) into the same account.
        let (label_issuer, account) = match label.split_once(':') {
            Some((i, a)) => (Some(i), a.trim_start_matches(' ')),
            None => (None, label.trim_start_matches(' ')),
        };
        check_label_part(account)?;
        if let Some(i) = label_issuer {
            check_label_part(i)?;
        }

        let mut secret = None;
        let mut issuer: Option<Zeroizing<String>> = None;
        let mut algorithm = None;
        let mut digits = None;
        let mut period = None;
        let mut counter = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').ok_or(OtpError::UriParameterInvalid)?;
            match key {
                "secret" => {
                    let text = decode_component(value, true, OtpError::UriParameterInvalid)?;
                    set_once(&mut secret, OtpSecret::from_base32(&text)?)?;
                }
                "issuer" => {
                    let text = decode_component(value, true, OtpError::UriParameterInvalid)?;
                    check_label_part(&text).map_err(|_| OtpError::UriParameterInvalid)?;
                    set_once(&mut issuer, text)?;
                }
                "algorithm" => set_once(&mut algorithm, Algorithm::from_name(value)?)?,
                "digits" => {
                    let d = u8::try_from(parse_decimal(value, 2)?)
                        .map_err(|_| OtpError::DigitsOutOfRange)?;
                    set_once(&mut digits, d)?;
                }
                "period" => set_once(&mut period, parse_decimal(value, 10)?)?,
                "counter" => set_once(&mut counter, parse_decimal(value, 20)?)?,
                _ => {
                    // Unknown parameters (image, color, …) are ignored, but
                    // still must be well-formed.
                    decode_component(value, true, OtpError::UriParameterInvalid)?;
                }
            }
        }
        let secret = secret.ok_or(OtpError::UriSecretMissing)?;
        if let (Some(a), Some(b)) = (label_issuer, issuer.as_deref()) {
            if a != b.as_str() {
                return Err(OtpError::UriIssuerMismatch);
            }
        }
        let issuer = issuer
            .map(|i| i.as_str().to_owned())
            .or_else(|| label_issuer.map(str::to_owned));
        let algorithm = algorithm.unwrap_or_default();
        let digits = digits.unwrap_or(Totp::DEFAULT_DIGITS);
        let kind = if is_totp {
            let period = period.unwrap_or(Totp::DEFAULT_PERIOD);
            OtpKind::Totp { period }
        } else {
            OtpKind::Hotp {
                counter: counter.ok_or(OtpError::UriCounterMissing)?,
            }
        };
        // Validate digits and period through the authenticator constructors.
        match kind {
            OtpKind::Totp { period } => {
                Totp::new(secret.clone(), algorithm, digits, period, 0)?;
            }
            OtpKind::Hotp { .. } => {
                Hotp::new(secret.clone(), algorithm, digits)?;
            }
        }
        Ok(Self {
            kind,
            secret,
            algorithm,
            digits,
            issuer,
            account: account.to_owned(),
        })
    }
}

impl Totp {
    /// The otpauth URI for this authenticator (see [`OtpAuthUri::to_uri`]).
    ///
    /// # Errors
    /// As [`OtpAuthUri::for_totp`] and [`OtpAuthUri::to_uri`].
    ///
    /// # Security
    /// The URI contains the secret.
    pub fn to_uri(&self, account: &str, issuer: Option<&str>) -> Result<String, OtpError> {
        OtpAuthUri::for_totp(self, account, issuer)?.to_uri()
    }

    /// The TOTP authenticator of an `otpauth://totp/` URI.
    ///
    /// # Errors
    /// As [`OtpAuthUri::parse`], and [`OtpError::UriSchemeInvalid`] for an
    /// HOTP URI.
    pub fn from_uri(uri: &str) -> Result<Self, OtpError> {
        OtpAuthUri::parse(uri)?.to_totp()
    }
}

impl Hotp {
    /// The otpauth URI for this authenticator with next counter `counter`.
    ///
    /// # Errors
    /// As [`OtpAuthUri::for_hotp`] and [`OtpAuthUri::to_uri`].
    ///
    /// # Security
    /// The URI contains the secret.
    pub fn to_uri(
        &self,
        counter: u64,
        account: &str,
        issuer: Option<&str>,
    ) -> Result<String, OtpError> {
        OtpAuthUri::for_hotp(self, counter, account, issuer)?.to_uri()
    }

    /// The HOTP authenticator of an `otpauth://hotp/` URI and its counter.
    ///
    /// # Errors
    /// As [`OtpAuthUri::parse`], and [`OtpError::UriSchemeInvalid`] for a
    /// TOTP URI.
    pub fn from_uri(uri: &str) -> Result<(Self, u64), OtpError> {
        OtpAuthUri::parse(uri)?.to_hotp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOGLE_EXAMPLE: &str =
        "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

    #[test]
    fn leading_spaces_are_not_part_of_the_account() {
        // Review finding (and the otp_uri fuzz target's crash): " alice"
        // parsed, and rebuilt as "Example:%20alice", which parses as
        // "alice".
        let uri = "otpauth://totp/%20alice?secret=JBSWY3DPEHPK3PXP&issuer=Example";
        let parsed = OtpAuthUri::parse(uri).expect("parses");
        assert_eq!(parsed.account(), "alice");
        let again = OtpAuthUri::parse(&parsed.to_uri().expect("builds")).expect("parses");
        assert_eq!(again.account(), "alice");
        assert_eq!(again.issuer(), Some("Example"));
        assert_eq!(
            OtpAuthUri::parse("otpauth://totp/%20%20?secret=JBSWY3DPEHPK3PXP").err(),
            Some(OtpError::UriLabelInvalid)
        );
    }

    #[test]
    fn parses_key_uri_format_example() {
        let u = OtpAuthUri::parse(GOOGLE_EXAMPLE).expect("valid");
        assert_eq!(u.issuer(), Some("Example"));
        assert_eq!(u.account(), "alice@google.com");
        assert_eq!(u.kind(), OtpKind::Totp { period: 30 });
        assert_eq!(u.secret().to_base32(), "JBSWY3DPEHPK3PXP");
        // We escape `@` (as pyotp does); the parsed values are the same.
        assert_eq!(
            u.to_uri().expect("short"),
            GOOGLE_EXAMPLE.replace('@', "%40")
        );
    }

    #[test]
    fn builds_non_defaults() {
        let secret = OtpSecret::from_slice(&[7; 32]).expect("32 bytes");
        let t = Totp::new(secret, Algorithm::Sha256, 8, 60, 0).expect("valid");
        let uri = t.to_uri("jo doe", Some("ACME Co")).expect("valid");
        assert!(
            uri.starts_with("otpauth://totp/ACME%20Co:jo%20doe?secret="),
            "{uri}"
        );
        assert!(uri.ends_with("&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60"));
        let back = Totp::from_uri(&uri).expect("parses");
        assert_eq!(back.period(), 60);
        assert_eq!(back.digits(), 8);
        assert_eq!(back.algorithm(), Algorithm::Sha256);
    }
}
