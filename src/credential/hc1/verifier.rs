//! [`Hc1Verifier`]: verifying `HC1:` QR text against a [`TrustList`].

use coset::cbor::value::Value;
use coset::{AsCborValue, CoseSign1, RegisteredLabelWithPrivate, iana};
use rayon::prelude::*;

use super::certificate::{CertificateTypes, SignerKey};
use super::value::HcertValue;
use super::{HC1_PREFIX, Hc1Error, TrustList};
use crate::credential::cose::{COSE_SIGN1_TAG, MAX_KEY_ID_LEN};
use crate::credential::cwt::{ClaimKey, EXP, IAT, ISS, numeric_date, read_cbor, read_claims_map};
use crate::credential::qr_text::{decode_prefixed, trim_line_ending};

/// The hcert claim key (hcert specification, "Health Certificate Claim").
pub const CLAIM_HCERT: i64 = -260;

/// The signature algorithm of an HC1 credential, fixed by the signer's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hc1Algorithm {
    /// ECDSA P-256 with SHA-256 (COSE -7).
    Es256,
    /// RSASSA-PSS with SHA-256 (COSE -37).
    Ps256,
}

impl Hc1Algorithm {
    /// `"ES256"` or `"PS256"`, the COSE/JOSE names.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Hc1Algorithm::Es256 => "ES256",
            Hc1Algorithm::Ps256 => "PS256",
        }
    }
}

/// An HC1 credential whose signature, validity period, signing
/// certificate and key usage were checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Hc1Credential {
    issuer: Option<String>,
    issued_at: u64,
    expires_at: u64,
    key_id: Vec<u8>,
    algorithm: Hc1Algorithm,
    certificate_types: CertificateTypes,
    payload: HcertValue,
}

impl Hc1Credential {
    /// The issuer (`iss`, usually an ISO 3166-1 alpha-2 country code), if present.
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// When it was issued (`iat`, seconds since the Unix epoch).
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// When it expires (`exp`, seconds since the Unix epoch).
    #[must_use]
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// The key id that named the signing certificate.
    #[must_use]
    pub fn key_id(&self) -> &[u8] {
        &self.key_id
    }

    /// The signature algorithm.
    #[must_use]
    pub fn algorithm(&self) -> Hc1Algorithm {
        self.algorithm
    }

    /// The certificate types the payload carries (`t`, `v`, `r` in the DGC).
    #[must_use]
    pub fn certificate_types(&self) -> CertificateTypes {
        self.certificate_types
    }

    /// The hcert claim (-260): a map whose key 1 holds the EU DGC.
    #[must_use]
    pub fn payload(&self) -> &HcertValue {
        &self.payload
    }
}

/// Verifies `HC1:` credentials (EU DCC, WHO GDHCN) offline against a
/// [`TrustList`] of document-signer certificates.
///
/// The checks, in order, and the error each returns:
///
/// | check | error |
/// |---|---|
/// | the text (less one trailing CR, LF or CRLF) is at most [`MAX_QR_TEXT_LEN`](crate::credential::MAX_QR_TEXT_LEN) | [`Hc1Error::QrTextTooLong`] |
/// | it starts with `HC1:` | [`Hc1Error::PrefixMissing`] |
/// | Base45, then zlib, each bounded ([`MAX_COMPRESSED_LEN`](crate::credential::MAX_COMPRESSED_LEN), [`MAX_DECOMPRESSED_LEN`](crate::credential::MAX_DECOMPRESSED_LEN)) | [`Hc1Error::Base45Invalid`], [`Hc1Error::CompressedTooLarge`], [`Hc1Error::CompressionInvalid`], [`Hc1Error::DecompressedTooLarge`] |
/// | a COSE_Sign1, tagged (18) or untagged, with an attached payload | [`Hc1Error::CoseMalformed`] |
/// | no critical header; alg ES256 or PS256 (protected header, or the unprotected one when the protected has none) | [`Hc1Error::AlgorithmUnsupported`] |
/// | a key id: the protected header's, or the unprotected header's only when the protected header has none | [`Hc1Error::KeyIdMissing`] |
/// | a certificate with that key id is trusted | [`Hc1Error::KeyIdUnknown`] |
/// | its key is of the algorithm's type (P-256 for ES256, RSA for PS256) | [`Hc1Error::AlgorithmMismatch`] |
/// | the signature verifies under it (under one of them, after a key-id collision) | [`Hc1Error::SignatureInvalid`] |
/// | the payload is a CWT with `iat`, `exp` and the hcert claim (-260) | [`Hc1Error::ClaimsMalformed`], [`Hc1Error::ClaimMissing`], [`Hc1Error::PayloadUnsupported`] |
/// | `iat` ≤ now + skew | [`Hc1Error::NotYetValid`] |
/// | now < `exp` + skew | [`Hc1Error::Expired`] |
/// | `notBefore` ≤ now + skew | [`Hc1Error::CertificateNotYetValid`] |
/// | now ≤ `notAfter` + skew | [`Hc1Error::CertificateExpired`] |
/// | the certificate's DCC extended key usage allows every type in the DGC | [`Hc1Error::KeyUsageMismatch`] |
///
/// Why the key id may come from the unprotected header: the hcert
/// specification ("Key Identifier") says the key id "is not a security-critical
/// field … it MAY also be placed in an unprotected header … Verifiers MUST
/// accept both options". It only selects a certificate; the signature
/// then decides. When the protected header has a key id, the unprotected
/// one is ignored: an attacker can rewrite the unprotected header but not
/// the protected one. The algorithm is taken from the same places but
/// must agree with the certificate's key, so it cannot be downgraded.
///
/// The signature is checked before the payload is read, as the hcert
/// specification asks ("The Issuer Signature SHALL also be verified before
/// any processing of the contents").
#[derive(Clone, Debug)]
pub struct Hc1Verifier {
    trust_list: TrustList,
    clock_skew: u64,
}

/// What the COSE layer yields before the signature check.
struct ParsedHc1 {
    key_id: Vec<u8>,
    algorithm: Hc1Algorithm,
    to_be_signed: Vec<u8>,
    signature: Vec<u8>,
    payload: Vec<u8>,
}

impl Hc1Verifier {
    /// Largest allowed clock skew: one day.
    pub const MAX_CLOCK_SKEW: u64 = 86_400;

    /// A verifier trusting the certificates in `trust_list`, with no clock skew.
    #[must_use]
    pub fn new(trust_list: TrustList) -> Self {
        Self {
            trust_list,
            clock_skew: 0,
        }
    }

    /// A verifier with an allowed clock skew, in seconds.
    ///
    /// # Errors
    /// [`Hc1Error::ParameterInvalid`] if `clock_skew` exceeds [`Self::MAX_CLOCK_SKEW`].
    pub fn with_clock_skew(trust_list: TrustList, clock_skew: u64) -> Result<Self, Hc1Error> {
        if clock_skew > Self::MAX_CLOCK_SKEW {
            return Err(Hc1Error::ParameterInvalid);
        }
        Ok(Self {
            trust_list,
            clock_skew,
        })
    }

    /// The trust list.
    #[must_use]
    pub fn trust_list(&self) -> &TrustList {
        &self.trust_list
    }

    /// The allowed clock skew, in seconds.
    #[must_use]
    pub fn clock_skew(&self) -> u64 {
        self.clock_skew
    }

    /// Verifies `HC1:` QR text at time `now` (seconds since the Unix epoch).
    ///
    /// # Errors
    /// The error of the first check that fails, in the order of the table
    /// on [`Hc1Verifier`].
    pub fn verify(&self, qr_text: &str, now: u64) -> Result<Hc1Credential, Hc1Error> {
        let cose = decode_hc1_text(qr_text)?;
        self.verify_cose(&cose, now)
    }

    /// Verifies the COSE_Sign1 bytes of an HC1 credential (the "raw"
    /// transport encoding of the hcert specification) at time `now`.
    ///
    /// # Errors
    /// As [`Self::verify`], from the COSE check on.
    pub fn verify_cose(&self, cose: &[u8], now: u64) -> Result<Hc1Credential, Hc1Error> {
        let parsed = parse_cose(cose)?;
        let candidates = self.trust_list.get(&parsed.key_id);
        if candidates.is_empty() {
            return Err(Hc1Error::KeyIdUnknown);
        }
        let mut type_matched = false;
        let mut signer = None;
        for candidate in candidates {
            let matches = matches!(
                (candidate.key(), parsed.algorithm),
                (SignerKey::P256(_), Hc1Algorithm::Es256)
                    | (SignerKey::Rsa(_), Hc1Algorithm::Ps256)
            );
            if !matches {
                continue;
            }
            type_matched = true;
            if candidate
                .key()
                .verify(&parsed.to_be_signed, &parsed.signature)
            {
                signer = Some(candidate);
                break;
            }
        }
        let signer = match (signer, type_matched) {
            (Some(s), _) => s,
            (None, true) => return Err(Hc1Error::SignatureInvalid),
            (None, false) => return Err(Hc1Error::AlgorithmMismatch),
        };

        let claims = read_cwt(&parsed.payload)?;
        if claims.issued_at > now.saturating_add(self.clock_skew) {
            return Err(Hc1Error::NotYetValid);
        }
        if now >= claims.expires_at.saturating_add(self.clock_skew) {
            return Err(Hc1Error::Expired);
        }
        if signer.not_before() > now.saturating_add(self.clock_skew) {
            return Err(Hc1Error::CertificateNotYetValid);
        }
        if now > signer.not_after().saturating_add(self.clock_skew) {
            return Err(Hc1Error::CertificateExpired);
        }
        let types = certificate_types(&claims.hcert);
        if !signer.allowed_types().contains(types) {
            return Err(Hc1Error::KeyUsageMismatch);
        }
        Ok(Hc1Credential {
            issuer: claims.issuer,
            issued_at: claims.issued_at,
            expires_at: claims.expires_at,
            key_id: parsed.key_id,
            algorithm: parsed.algorithm,
            certificate_types: types,
            payload: claims.hcert,
        })
    }

    /// Verifies many QR texts at time `now`, in parallel (rayon): one
    /// result per item, in order, each exactly what [`Self::verify`]
    /// returns for it.
    #[must_use]
    pub fn verify_many<S: AsRef<str> + Sync>(
        &self,
        qr_texts: &[S],
        now: u64,
    ) -> Vec<Result<Hc1Credential, Hc1Error>> {
        crate::pool::install(|| {
            qr_texts
                .par_iter()
                .map(|text| self.verify(text.as_ref(), now))
                .collect()
        })
    }
}

/// Decodes `HC1:` QR text to the COSE bytes it carries, without checking
/// them: one trailing line ending (CR, LF or CRLF, as scanners append) is
/// dropped, nothing else is trimmed; then the prefix, Base45 and zlib,
/// with the CK1 bounds ([`MAX_QR_TEXT_LEN`](crate::credential::MAX_QR_TEXT_LEN), [`MAX_COMPRESSED_LEN`](crate::credential::MAX_COMPRESSED_LEN),
/// [`MAX_DECOMPRESSED_LEN`](crate::credential::MAX_DECOMPRESSED_LEN)).
///
/// # Errors
/// [`Hc1Error::QrTextTooLong`], [`Hc1Error::PrefixMissing`],
/// [`Hc1Error::Base45Invalid`], [`Hc1Error::CompressedTooLarge`],
/// [`Hc1Error::CompressionInvalid`] or [`Hc1Error::DecompressedTooLarge`].
pub fn decode_hc1_text(text: &str) -> Result<Vec<u8>, Hc1Error> {
    Ok(decode_prefixed(trim_line_ending(text), HC1_PREFIX)?)
}

fn parse_cose(bytes: &[u8]) -> Result<ParsedHc1, Hc1Error> {
    let value = read_cbor(bytes).ok_or(Hc1Error::CoseMalformed)?;
    let inner = match value {
        Value::Tag(COSE_SIGN1_TAG, inner) => *inner,
        Value::Tag(..) => return Err(Hc1Error::CoseMalformed),
        untagged => untagged,
    };
    let sign1 = CoseSign1::from_cbor_value(inner).map_err(|_| Hc1Error::CoseMalformed)?;
    let protected = &sign1.protected.header;
    let unprotected = &sign1.unprotected;
    if !protected.crit.is_empty() {
        return Err(Hc1Error::AlgorithmUnsupported);
    }
    let algorithm = match protected.alg.as_ref().or(unprotected.alg.as_ref()) {
        Some(RegisteredLabelWithPrivate::Assigned(iana::Algorithm::ES256)) => Hc1Algorithm::Es256,
        Some(RegisteredLabelWithPrivate::Assigned(iana::Algorithm::PS256)) => Hc1Algorithm::Ps256,
        _ => return Err(Hc1Error::AlgorithmUnsupported),
    };
    let key_id = if protected.key_id.is_empty() {
        &unprotected.key_id
    } else {
        &protected.key_id
    };
    if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN {
        return Err(Hc1Error::KeyIdMissing);
    }
    let to_be_signed = sign1.tbs_data(b"");
    let payload = sign1.payload.ok_or(Hc1Error::CoseMalformed)?;
    Ok(ParsedHc1 {
        key_id: key_id.clone(),
        algorithm,
        to_be_signed,
        signature: sign1.signature,
        payload,
    })
}

struct Cwt {
    issuer: Option<String>,
    issued_at: u64,
    expires_at: u64,
    hcert: HcertValue,
}

fn read_cwt(payload: &[u8]) -> Result<Cwt, Hc1Error> {
    let mut issuer = None;
    let mut iat = None;
    let mut exp = None;
    let mut hcert = None;
    for (key, value) in read_claims_map(payload).map_err(|_| Hc1Error::ClaimsMalformed)? {
        match key {
            ClaimKey::Int(ISS) => match value {
                Value::Text(t) => issuer = Some(t),
                _ => return Err(Hc1Error::ClaimsMalformed),
            },
            ClaimKey::Int(IAT) => {
                iat = Some(numeric_date(value, false).map_err(|_| Hc1Error::ClaimsMalformed)?);
            }
            ClaimKey::Int(EXP) => {
                exp = Some(numeric_date(value, false).map_err(|_| Hc1Error::ClaimsMalformed)?);
            }
            ClaimKey::Int(CLAIM_HCERT) => {
                let v = HcertValue::from_cbor(value)?;
                if !matches!(v, HcertValue::Map(_)) {
                    return Err(Hc1Error::ClaimsMalformed);
                }
                hcert = Some(v);
            }
            _ => {}
        }
    }
    Ok(Cwt {
        issuer,
        issued_at: iat.ok_or(Hc1Error::ClaimMissing)?,
        expires_at: exp.ok_or(Hc1Error::ClaimMissing)?,
        hcert: hcert.ok_or(Hc1Error::ClaimMissing)?,
    })
}

/// The DCC types present in an hcert claim: the keys `t`, `v` and `r` of
/// the DGC under key 1.
fn certificate_types(hcert: &HcertValue) -> CertificateTypes {
    let Some(dgc) = hcert.get_int(1) else {
        return CertificateTypes::NONE;
    };
    let mut types = CertificateTypes::NONE;
    for (key, t) in [
        ("t", CertificateTypes::TEST),
        ("v", CertificateTypes::VACCINATION),
        ("r", CertificateTypes::RECOVERY),
    ] {
        if dgc.get(key).is_some() {
            types = types.union(t);
        }
    }
    types
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::MAX_QR_TEXT_LEN;

    #[test]
    fn one_line_ending_is_dropped_and_nothing_else() {
        assert_eq!(decode_hc1_text("HC2:00"), Err(Hc1Error::PrefixMissing));
        assert_eq!(decode_hc1_text(" HC1:"), Err(Hc1Error::PrefixMissing));
        // An empty body decodes to no bytes: not a zlib stream.
        for text in ["HC1:", "HC1:\n", "HC1:\r\n", "HC1:\r"] {
            assert_eq!(
                decode_hc1_text(text),
                Err(Hc1Error::CompressionInvalid),
                "{text:?}"
            );
        }
        assert_eq!(decode_hc1_text("HC1:\n\n"), Err(Hc1Error::Base45Invalid));
        assert_eq!(decode_hc1_text("HC1: \n"), Err(Hc1Error::Base45Invalid));
        let long = format!("HC1:{}", "0".repeat(MAX_QR_TEXT_LEN));
        assert_eq!(decode_hc1_text(&long), Err(Hc1Error::QrTextTooLong));
    }

    #[test]
    fn untagged_and_tagged_cose_parse_and_other_tags_do_not() {
        use coset::{CborSerializable, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable};
        let sign1 = CoseSign1Builder::new()
            .protected(
                HeaderBuilder::new()
                    .algorithm(iana::Algorithm::ES256)
                    .build(),
            )
            .unprotected(HeaderBuilder::new().key_id(vec![1; 8]).build())
            .payload(vec![0xa0])
            .signature(vec![0; 64])
            .build();
        let tagged = sign1.clone().to_tagged_vec().expect("serializes");
        let untagged = sign1.to_vec().expect("serializes");
        for bytes in [&tagged, &untagged] {
            let p = parse_cose(bytes).expect("parses");
            assert_eq!(p.key_id, vec![1; 8]);
            assert_eq!(p.algorithm, Hc1Algorithm::Es256);
        }
        let mut cwt_tagged = vec![0xd8, 61];
        cwt_tagged.extend_from_slice(&untagged);
        assert_eq!(parse_cose(&cwt_tagged).err().map(|_| ()), Some(()));
    }
}
