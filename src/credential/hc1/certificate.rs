//! Document-signer certificates (DSC): the X.509 certificates whose keys
//! sign HC1 credentials.
//!
//! Parsing uses RustCrypto's `x509-cert` (with `der`) rather than
//! `x509-parser`: it decodes strict DER only (a certificate has exactly one
//! encoding, so the key id — a hash of that encoding — names exactly one
//! certificate), it shares the `der`/`spki`/`const-oid` crates that `p256`
//! and `rsa` already use (one ASN.1 stack in the dependency tree, not a
//! second one built on `nom`, `asn1-rs` and `der-parser`), and it is kept
//! in step with the RustCrypto releases credkit follows (`sha2 0.11`).
//!
//! Only what verification needs is kept: the DER itself (to compute the
//! key id and to re-create a trust list), the validity period, the
//! extended key usages and the public key. The certificate's own
//! signature is not checked here: a document signer is trusted because the
//! caller put it in the trust list (the hcert trust model: "the primary
//! validity mechanism is presence of the certificate on the most recent
//! version of that certificate list"). Chain validation to a country
//! signing CA is a separate step; see the [module documentation](super).

use core::fmt;

use rsa::pss::Pss;
use rsa::{BoxedUint, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::asn1::{ObjectIdentifier, UintRef};
use x509_cert::der::{Decode, pem};
use x509_cert::ext::pkix::ExtendedKeyUsage;

use super::Hc1Error;

/// Largest certificate accepted, in DER: 16 KiB. Document-signer
/// certificates are 0.5–2.5 KiB (the largest, with a 4096-bit key and a
/// 4096-bit issuer signature, stay under 3 KiB).
pub const MAX_CERTIFICATE_LEN: usize = 16 * 1024;

/// Smallest RSA modulus accepted: 2048 bits (the EU DCC technical
/// specification requires RSA keys of at least 2048 bits for PS256).
pub const MIN_RSA_BITS: usize = 2048;

/// Largest RSA modulus accepted: 4096 bits. Checked on the encoded
/// modulus before any big-integer work, so a certificate with an 8192-bit
/// (or a 64 Kibit) key is refused at the cost of reading its length; a
/// verification with a 4096-bit key costs about 8 times one with 2048.
pub const MAX_RSA_BITS: usize = 4096;

/// Longest PEM text accepted: room for [`MAX_CERTIFICATE_LEN`] bytes of
/// DER in Base64 with line breaks and the armour.
const MAX_PEM_LEN: usize = MAX_CERTIFICATE_LEN / 3 * 4 * 65 / 64 + 256;

/// id-ecPublicKey (RFC 5480).
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1 / prime256v1 (RFC 5480).
const OID_SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// rsaEncryption (RFC 8017).
const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 4055): an RSA key restricted to PSS.
const OID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// The extended key usages of the EU DCC technical specification (v1.0.5
/// §5.3 "Type of certificate"), in both the published form and the
/// `1.3.6.1.4.1.0.1847…` form found in early certificates, with the type
/// each allows.
const DCC_KEY_USAGES: [(&str, CertificateTypes); 6] = [
    ("1.3.6.1.4.1.1847.2021.1.1", CertificateTypes::TEST),
    ("1.3.6.1.4.1.1847.2021.1.2", CertificateTypes::VACCINATION),
    ("1.3.6.1.4.1.1847.2021.1.3", CertificateTypes::RECOVERY),
    ("1.3.6.1.4.1.0.1847.2021.1.1", CertificateTypes::TEST),
    ("1.3.6.1.4.1.0.1847.2021.1.2", CertificateTypes::VACCINATION),
    ("1.3.6.1.4.1.0.1847.2021.1.3", CertificateTypes::RECOVERY),
];

/// A set of DCC certificate types: test, vaccination, recovery.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CertificateTypes(u8);

impl CertificateTypes {
    /// No type.
    pub const NONE: Self = Self(0);
    /// A test result (the DGC's `t` entries).
    pub const TEST: Self = Self(1);
    /// A vaccination (the DGC's `v` entries).
    pub const VACCINATION: Self = Self(2);
    /// A recovery (the DGC's `r` entries).
    pub const RECOVERY: Self = Self(4);
    /// Every type.
    pub const ALL: Self = Self(7);

    /// Whether every type in `other` is in `self`.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union of two sets.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

/// The public key of a document signer, ready to verify.
#[derive(Clone)]
pub(crate) enum SignerKey {
    /// ECDSA on P-256 with SHA-256 (COSE ES256, -7).
    P256(p256::ecdsa::VerifyingKey),
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (COSE
    /// PS256, -37, RFC 8230 §2). Invariant: the modulus has
    /// [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`] bits.
    Rsa(RsaPublicKey),
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignerKey::P256(_) => f.write_str("P256"),
            SignerKey::Rsa(_) => f.write_str("Rsa"),
        }
    }
}

impl SignerKey {
    /// Verifies `signature` over `message` (the COSE `Sig_structure`).
    /// `false` for a signature of the wrong length or form.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            SignerKey::P256(key) => {
                use p256::ecdsa::signature::Verifier;
                // COSE carries r || s, 32 bytes each (RFC 9053 §2.1).
                let Ok(sig) = p256::ecdsa::Signature::from_slice(signature) else {
                    return false;
                };
                key.verify(message, &sig).is_ok()
            }
            SignerKey::Rsa(key) => {
                let digest = Sha256::digest(message);
                key.verify(Pss::<Sha256>::new(), &digest, signature).is_ok()
            }
        }
    }
}

/// A document-signer certificate, reduced to what verification needs.
///
/// Invariant: `key_id` is the first 8 bytes of SHA-256 of `der`, and every
/// other field was read from `der`.
#[derive(Clone)]
pub struct DocumentSigner {
    der: Vec<u8>,
    key_id: [u8; 8],
    not_before: u64,
    not_after: u64,
    extended_key_usages: Vec<String>,
    allowed_types: CertificateTypes,
    key: SignerKey,
}

impl fmt::Debug for DocumentSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentSigner")
            .field("key_id", &KeyIdHex(&self.key_id))
            .field("not_before", &self.not_before)
            .field("not_after", &self.not_after)
            .field("extended_key_usages", &self.extended_key_usages)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

struct KeyIdHex<'a>(&'a [u8]);

impl fmt::Debug for KeyIdHex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// The DCC key id of a certificate: the first 8 bytes of SHA-256 of its
/// DER (hcert specification, Appendix A "The Key Identifier").
#[must_use]
pub fn dcc_key_id(der: &[u8]) -> [u8; 8] {
    let hash = Sha256::digest(der);
    let mut kid = [0u8; 8];
    kid.copy_from_slice(&hash[..8]);
    kid
}

impl DocumentSigner {
    /// Reads a certificate in DER, or in PEM (`-----BEGIN CERTIFICATE-----`).
    ///
    /// # Errors
    /// [`Hc1Error::CertificateTooLarge`] past [`MAX_CERTIFICATE_LEN`];
    /// [`Hc1Error::CertificateMalformed`] for anything but one strict-DER
    /// X.509 certificate (with nothing after it) whose validity and
    /// extended key usage decode; [`Hc1Error::KeyUnsupported`] for a key
    /// other than P-256 or RSA; [`Hc1Error::RsaKeyTooLarge`] or
    /// [`Hc1Error::RsaKeyTooSmall`] for an RSA modulus outside
    /// [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`].
    pub fn from_der_or_pem(input: &[u8]) -> Result<Self, Hc1Error> {
        if looks_like_pem(input) {
            if input.len() > MAX_PEM_LEN {
                return Err(Hc1Error::CertificateTooLarge);
            }
            let (label, der) =
                pem::decode_vec(input).map_err(|_| Hc1Error::CertificateMalformed)?;
            if label != "CERTIFICATE" {
                return Err(Hc1Error::CertificateMalformed);
            }
            Self::from_der(&der)
        } else {
            Self::from_der(input)
        }
    }

    /// Reads a DER certificate.
    ///
    /// # Errors
    /// As [`Self::from_der_or_pem`].
    pub fn from_der(der: &[u8]) -> Result<Self, Hc1Error> {
        if der.len() > MAX_CERTIFICATE_LEN {
            return Err(Hc1Error::CertificateTooLarge);
        }
        let cert = Certificate::from_der(der).map_err(|_| Hc1Error::CertificateMalformed)?;
        let tbs = cert.tbs_certificate();
        let key = read_key(tbs.subject_public_key_info())?;
        let validity = tbs.validity();
        let not_before = validity.not_before.to_unix_duration().as_secs();
        let not_after = validity.not_after.to_unix_duration().as_secs();
        let eku = tbs
            .get_extension::<ExtendedKeyUsage>()
            .map_err(|_| Hc1Error::CertificateMalformed)?;
        let extended_key_usages: Vec<String> = eku
            .map(|(_, eku)| eku.0.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        let allowed_types = allowed_types(&extended_key_usages);
        Ok(Self {
            der: der.to_vec(),
            key_id: dcc_key_id(der),
            not_before,
            not_after,
            extended_key_usages,
            allowed_types,
            key,
        })
    }

    /// The certificate in DER, exactly as read.
    #[must_use]
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The DCC key id: the first 8 bytes of SHA-256 of the DER.
    #[must_use]
    pub fn key_id(&self) -> [u8; 8] {
        self.key_id
    }

    /// Start of the validity period (`notBefore`, seconds since the Unix epoch).
    #[must_use]
    pub fn not_before(&self) -> u64 {
        self.not_before
    }

    /// End of the validity period (`notAfter`, inclusive, seconds since the Unix epoch).
    #[must_use]
    pub fn not_after(&self) -> u64 {
        self.not_after
    }

    /// The extended key usages, as dotted OIDs (empty without the extension).
    #[must_use]
    pub fn extended_key_usages(&self) -> &[String] {
        &self.extended_key_usages
    }

    /// The certificate types this signer may sign: those named by its DCC
    /// extended key usages, or all of them when it has none (no extension,
    /// or an extension without any DCC usage).
    #[must_use]
    pub fn allowed_types(&self) -> CertificateTypes {
        self.allowed_types
    }

    /// `"ES256"` for a P-256 key, `"PS256"` for an RSA key.
    #[must_use]
    pub fn algorithm(&self) -> &'static str {
        match self.key {
            SignerKey::P256(_) => "ES256",
            SignerKey::Rsa(_) => "PS256",
        }
    }

    pub(crate) fn key(&self) -> &SignerKey {
        &self.key
    }
}

fn looks_like_pem(input: &[u8]) -> bool {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    input[start..].starts_with(b"-----BEGIN")
}

fn allowed_types(ekus: &[String]) -> CertificateTypes {
    let mut types = CertificateTypes::NONE;
    for eku in ekus {
        for (oid, t) in DCC_KEY_USAGES {
            if eku == oid {
                types = types.union(t);
            }
        }
    }
    if types.is_empty() {
        CertificateTypes::ALL
    } else {
        types
    }
}

fn read_key(spki: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Result<SignerKey, Hc1Error> {
    let key_bytes = spki
        .subject_public_key
        .as_bytes()
        .ok_or(Hc1Error::CertificateMalformed)?;
    let oid = spki.algorithm.oid;
    if oid == OID_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            .ok_or(Hc1Error::KeyUnsupported)?;
        if curve != OID_SECP256R1 {
            return Err(Hc1Error::KeyUnsupported);
        }
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
            .map_err(|_| Hc1Error::CertificateMalformed)?;
        Ok(SignerKey::P256(key))
    } else if oid == OID_RSA_ENCRYPTION || oid == OID_RSASSA_PSS {
        read_rsa_key(key_bytes).map(SignerKey::Rsa)
    } else {
        Err(Hc1Error::KeyUnsupported)
    }
}

/// Reads a PKCS#1 `RSAPublicKey`, refusing a modulus outside
/// [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`] from its encoded length, before any
/// big-integer arithmetic.
fn read_rsa_key(pkcs1_der: &[u8]) -> Result<RsaPublicKey, Hc1Error> {
    let key = rsa::pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(pkcs1_der)
        .map_err(|_| Hc1Error::CertificateMalformed)?;
    let n = key.modulus.as_bytes();
    let e = key.public_exponent.as_bytes();
    if n.len() > MAX_RSA_BITS / 8 {
        return Err(Hc1Error::RsaKeyTooLarge);
    }
    let bits = match n.first() {
        // `UintRef` strips leading zeros: the first byte is non-zero.
        Some(&top) => (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
        None => 0,
    };
    if bits < MIN_RSA_BITS {
        return Err(Hc1Error::RsaKeyTooSmall);
    }
    if e.len() > 8 {
        return Err(Hc1Error::KeyUnsupported);
    }
    let n = BoxedUint::from_be_slice_vartime(n);
    let e = BoxedUint::from_be_slice_vartime(e);
    RsaPublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS).map_err(|err| match err {
        rsa::Error::ModulusTooLarge => Hc1Error::RsaKeyTooLarge,
        rsa::Error::ModulusTooSmall => Hc1Error::RsaKeyTooSmall,
        _ => Hc1Error::KeyUnsupported,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_usages_map_to_types() {
        let eku =
            |s: &[&str]| allowed_types(&s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>());
        assert_eq!(eku(&[]), CertificateTypes::ALL);
        assert_eq!(eku(&["1.3.6.1.5.5.7.3.4"]), CertificateTypes::ALL);
        assert_eq!(eku(&["1.3.6.1.4.1.1847.2021.1.1"]), CertificateTypes::TEST);
        assert_eq!(
            eku(&["1.3.6.1.4.1.0.1847.2021.1.2", "1.3.6.1.4.1.1847.2021.1.3"]),
            CertificateTypes::VACCINATION.union(CertificateTypes::RECOVERY)
        );
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for input in [
            &b""[..],
            b"\x30",
            b"\x30\x03\x02\x01\x00",
            b"-----BEGIN CERTIFICATE-----\n",
        ] {
            assert_eq!(
                DocumentSigner::from_der_or_pem(input).err(),
                Some(Hc1Error::CertificateMalformed)
            );
        }
        assert_eq!(
            DocumentSigner::from_der(&vec![0x30; MAX_CERTIFICATE_LEN + 1]).err(),
            Some(Hc1Error::CertificateTooLarge)
        );
    }
}
