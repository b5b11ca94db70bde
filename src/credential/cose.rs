//! COSE_Sign1 (RFC 9052 §4.2) with EdDSA or ES256: building the structure
//! and the `Sig_structure` that is signed, and parsing a received one.
//!
//! The COSE structure is handled by `coset`; CBOR is read by its `ciborium` with
//! a recursion limit of [`MAX_CBOR_DEPTH`](super::cwt::MAX_CBOR_DEPTH) and the input length already
//! bounded by the caller, so parsing allocates at most a small multiple of
//! the input.

use coset::cbor::value::Value;
use coset::{
    AsCborValue, CborSerializable, CoseSign1, HeaderBuilder, RegisteredLabelWithPrivate, iana,
};

use super::CredentialError;
use super::cwt::read_cbor;

/// Longest key id accepted in a protected header: 64 bytes.
pub(crate) const MAX_KEY_ID_LEN: usize = 64;

/// The COSE_Sign1 CBOR tag (RFC 9052 §2, IANA "CBOR Tags").
pub(crate) const COSE_SIGN1_TAG: u64 = 18;

/// The COSE `typ` header parameter (RFC 9596).
const TYP_LABEL: i64 = 16;

/// The signature algorithms of credkit credentials, as named in the COSE
/// protected header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CoseAlg {
    /// EdDSA with Ed25519: -8 (RFC 9053), or the fully specified -19
    /// ("Ed25519", RFC 9864), accepted on input; credkit writes -8.
    EdDsa,
    /// ECDSA with P-256 and SHA-256: -7, the signature as r‖s (RFC 9053 §2.1).
    Es256,
}

impl CoseAlg {
    /// The algorithm a key of `kind` signs with.
    pub(crate) fn for_key(kind: crate::sign::KeyKind) -> Self {
        match kind {
            crate::sign::KeyKind::Ed25519 => CoseAlg::EdDsa,
            crate::sign::KeyKind::P256 => CoseAlg::Es256,
        }
    }

    fn iana(self) -> iana::Algorithm {
        match self {
            CoseAlg::EdDsa => iana::Algorithm::EdDSA,
            CoseAlg::Es256 => iana::Algorithm::ES256,
        }
    }
}

/// The protected header of every COSE_Sign1 credkit writes: `alg`, `kid`
/// = the key id's UTF-8 bytes and, if given, `typ`, as the CBOR map bytes
/// that go in the bstr (RFC 9052 §3). coset encodes it; an issuer computes
/// it once and reuses it for every credential.
///
/// # Errors
/// [`CredentialError::CoseMalformed`] if coset cannot encode the header
/// (it always can: the map holds an integer and two strings).
pub(crate) fn protected_header(
    alg: CoseAlg,
    key_id: &str,
    typ: Option<&str>,
) -> Result<Vec<u8>, CredentialError> {
    let mut header = HeaderBuilder::new()
        .algorithm(alg.iana())
        .key_id(key_id.as_bytes().to_vec());
    if let Some(typ) = typ {
        header = header.value(TYP_LABEL, Value::Text(typ.to_owned()));
    }
    header
        .build()
        .to_vec()
        .map_err(|_| CredentialError::CoseMalformed)
}

/// Appends the head of a CBOR data item (RFC 8949 §3): major type `major`
/// and argument `n` in its shortest form, as every CBOR encoder credkit
/// uses (ciborium) writes it.
pub(crate) fn write_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    // Each arm's range makes the narrowing exact.
    #[allow(clippy::cast_possible_truncation)]
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend_from_slice(&[major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// CBOR major type of a byte string.
const MAJOR_BYTES: u8 = 2;

/// Appends a CBOR byte string.
pub(crate) fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_head(out, MAJOR_BYTES, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Appends the RFC 9052 §4.4 `Sig_structure`
/// `["Signature1", protected, h'', payload]`: the bytes to sign.
///
/// Written directly rather than through coset's value tree: issuing a
/// credential builds it once per credential, and the tree cost several
/// allocations and copies of the payload each time. The bytes are the ones
/// coset writes (tested).
pub(crate) fn write_sig_structure(out: &mut Vec<u8>, protected: &[u8], payload: &[u8]) {
    // A 4-item array, then the text "Signature1".
    out.extend_from_slice(b"\x84\x6aSignature1");
    write_bytes(out, protected);
    // external_aad: empty.
    out.push(0x40);
    write_bytes(out, payload);
}

/// Appends a tagged COSE_Sign1 (RFC 9052 §4.2):
/// `18([protected, {}, payload, signature])`, the bytes coset writes
/// (tested).
pub(crate) fn write_tagged_sign1(
    out: &mut Vec<u8>,
    protected: &[u8],
    payload: &[u8],
    signature: &[u8; 64],
) {
    // Tag 18, a 4-item array.
    out.extend_from_slice(&[0xd2, 0x84]);
    write_bytes(out, protected);
    // The unprotected header: an empty map.
    out.push(0xa0);
    write_bytes(out, payload);
    write_bytes(out, signature);
}

/// A COSE_Sign1 ready to be signed: its protected header and payload are
/// fixed, so its `Sig_structure` is too.
#[derive(Debug)]
pub(crate) struct UnsignedSign1 {
    protected: Vec<u8>,
    payload: Vec<u8>,
}

impl UnsignedSign1 {
    /// A COSE_Sign1 with `alg`, `kid` = the key id's UTF-8 bytes and, if
    /// given, `typ` in the protected header.
    ///
    /// # Errors
    /// As [`protected_header`].
    pub(crate) fn new(
        alg: CoseAlg,
        key_id: &str,
        typ: Option<&str>,
        payload: Vec<u8>,
    ) -> Result<Self, CredentialError> {
        Ok(Self {
            protected: protected_header(alg, key_id, typ)?,
            payload,
        })
    }

    /// The RFC 9052 §4.4 `Sig_structure`
    /// `["Signature1", protected, h'', payload]`: the bytes to sign.
    pub(crate) fn to_be_signed(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.protected.len() + self.payload.len() + 24);
        write_sig_structure(&mut out, &self.protected, &self.payload);
        out
    }

    /// The tagged COSE_Sign1 carrying `signature`.
    pub(crate) fn into_tagged_bytes(self, signature: [u8; 64]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.protected.len() + self.payload.len() + 84);
        write_tagged_sign1(&mut out, &self.protected, &self.payload, &signature);
        out
    }
}

/// A parsed COSE_Sign1 whose signature has not been checked yet.
#[derive(Clone, Debug)]
pub(crate) struct ParsedSign1 {
    /// The algorithm from the protected header.
    pub(crate) alg: CoseAlg,
    /// The key id from the protected header.
    pub(crate) key_id: String,
    /// The `typ` protected header parameter, if any.
    pub(crate) typ: Option<String>,
    /// The payload bytes (a CWT claims map, not yet decoded).
    pub(crate) payload: Vec<u8>,
    /// The `Sig_structure` over the protected header exactly as received.
    pub(crate) to_be_signed: Vec<u8>,
    /// The 64-byte signature (Ed25519, or ES256's r‖s).
    pub(crate) signature: [u8; 64],
}

/// Parses a tagged COSE_Sign1 and checks its protected header: alg EdDSA
/// (-8, or the fully specified Ed25519, -19) or ES256 (-7), no critical
/// parameters, and a UTF-8 key id of 1 to [`MAX_KEY_ID_LEN`] bytes. Which
/// key may verify which algorithm is the verifier's business.
///
/// # Errors
/// [`CredentialError::CoseMalformed`], [`CredentialError::AlgorithmUnsupported`]
/// or [`CredentialError::KeyIdMissing`].
pub(crate) fn parse_sign1(bytes: &[u8]) -> Result<ParsedSign1, CredentialError> {
    let value = read_cbor(bytes).ok_or(CredentialError::CoseMalformed)?;
    let inner = match value {
        Value::Tag(COSE_SIGN1_TAG, inner) => *inner,
        _ => return Err(CredentialError::CoseMalformed),
    };
    let sign1 = CoseSign1::from_cbor_value(inner).map_err(|_| CredentialError::CoseMalformed)?;
    let header = &sign1.protected.header;
    let alg = match header.alg {
        Some(RegisteredLabelWithPrivate::Assigned(
            iana::Algorithm::EdDSA | iana::Algorithm::Ed25519,
        )) => CoseAlg::EdDsa,
        Some(RegisteredLabelWithPrivate::Assigned(iana::Algorithm::ES256)) => CoseAlg::Es256,
        _ => return Err(CredentialError::AlgorithmUnsupported),
    };
    if !header.crit.is_empty() {
        return Err(CredentialError::AlgorithmUnsupported);
    }
    if header.key_id.is_empty() || header.key_id.len() > MAX_KEY_ID_LEN {
        return Err(CredentialError::KeyIdMissing);
    }
    let key_id =
        String::from_utf8(header.key_id.clone()).map_err(|_| CredentialError::KeyIdMissing)?;
    let mut typ = None;
    for (label, value) in &header.rest {
        if *label == coset::Label::Int(TYP_LABEL) {
            match value {
                Value::Text(t) => typ = Some(t.clone()),
                _ => return Err(CredentialError::CoseMalformed),
            }
        }
    }
    let signature: [u8; 64] = sign1
        .signature
        .as_slice()
        .try_into()
        .map_err(|_| CredentialError::CoseMalformed)?;
    let to_be_signed = sign1.tbs_data(b"");
    let payload = sign1.payload.ok_or(CredentialError::CoseMalformed)?;
    Ok(ParsedSign1 {
        alg,
        key_id,
        typ,
        payload,
        to_be_signed,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use coset::{CoseSign1Builder, TaggedCborSerializable};

    /// The same COSE_Sign1 built by coset, the encoder credkit used before
    /// writing the bytes itself.
    fn by_coset(
        alg: CoseAlg,
        key_id: &str,
        typ: Option<&str>,
        payload: &[u8],
    ) -> (Vec<u8>, Vec<u8>) {
        let mut header = HeaderBuilder::new()
            .algorithm(alg.iana())
            .key_id(key_id.as_bytes().to_vec());
        if let Some(typ) = typ {
            header = header.value(TYP_LABEL, Value::Text(typ.to_owned()));
        }
        let mut sign1 = CoseSign1Builder::new()
            .protected(header.build())
            .payload(payload.to_vec())
            .build();
        let tbs = sign1.tbs_data(b"");
        sign1.signature = vec![0x5a; 64];
        (tbs, sign1.to_tagged_vec().expect("serializes"))
    }

    #[test]
    fn bytes_equal_cosets_at_every_length_boundary() {
        for len in [0, 1, 23, 24, 255, 256, 65_535, 65_536] {
            let payload: Vec<u8> = (0..len)
                .map(|i: usize| u8::try_from(i % 251).unwrap_or(0))
                .collect();
            for (alg, typ) in [
                (CoseAlg::EdDsa, None),
                (CoseAlg::Es256, None),
                (CoseAlg::EdDsa, Some("application/statuslist+cwt")),
            ] {
                let unsigned =
                    UnsignedSign1::new(alg, "kid-2026", typ, payload.clone()).expect("builds");
                let (tbs, tagged) = by_coset(alg, "kid-2026", typ, &payload);
                assert_eq!(unsigned.to_be_signed(), tbs, "len {len}");
                assert_eq!(unsigned.into_tagged_bytes([0x5a; 64]), tagged, "len {len}");
            }
        }
    }

    #[test]
    fn heads_are_shortest_form() {
        for n in [
            0u64,
            23,
            24,
            255,
            256,
            65_535,
            65_536,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut ours = Vec::new();
            write_head(&mut ours, 0, n);
            assert_eq!(
                ours,
                super::super::cwt::write_cbor(&Value::Integer(n.into())).expect("encodes"),
                "{n}"
            );
        }
    }

    #[test]
    fn build_then_parse() {
        let unsigned =
            UnsignedSign1::new(CoseAlg::EdDsa, "kid-1", None, b"payload".to_vec()).expect("builds");
        let tbs = unsigned.to_be_signed();
        let bytes = unsigned.into_tagged_bytes([7u8; 64]);
        assert_eq!(bytes[0], 0xd2, "tag 18");
        let parsed = parse_sign1(&bytes).expect("parses");
        assert_eq!(parsed.key_id, "kid-1");
        assert_eq!(parsed.payload, b"payload");
        assert_eq!(parsed.signature, [7u8; 64]);
        assert_eq!(parsed.to_be_signed, tbs);
        assert_eq!(parsed.typ, None);
    }

    #[test]
    fn sig_structure_is_rfc9052() {
        let unsigned = UnsignedSign1::new(CoseAlg::EdDsa, "k", None, vec![0xa0]).expect("builds");
        // ["Signature1", << {1: -8, 4: h'6b'} >>, h'', h'a0']
        let expected = [
            0x84, 0x6a, b'S', b'i', b'g', b'n', b'a', b't', b'u', b'r', b'e', b'1', 0x46, 0xa2,
            0x01, 0x27, 0x04, 0x41, b'k', 0x40, 0x41, 0xa0,
        ];
        assert_eq!(unsigned.to_be_signed(), expected);
    }

    #[test]
    fn refuses_untagged_wrong_alg_and_missing_kid() {
        let unsigned =
            UnsignedSign1::new(CoseAlg::EdDsa, "kid", None, b"p".to_vec()).expect("builds");
        let bytes = unsigned.into_tagged_bytes([0u8; 64]);
        assert_eq!(
            parse_sign1(&bytes[1..]).err(),
            Some(CredentialError::CoseMalformed)
        );

        let with_alg = |alg: iana::Algorithm| {
            CoseSign1Builder::new()
                .protected(
                    HeaderBuilder::new()
                        .algorithm(alg)
                        .key_id(b"kid".to_vec())
                        .build(),
                )
                .payload(b"p".to_vec())
                .signature(vec![0; 64])
                .build()
                .to_tagged_vec()
                .expect("serializes")
        };
        assert_eq!(
            parse_sign1(&with_alg(iana::Algorithm::ES256)).map(|p| p.alg),
            Ok(CoseAlg::Es256)
        );
        assert_eq!(
            parse_sign1(&with_alg(iana::Algorithm::Ed25519)).map(|p| p.alg),
            Ok(CoseAlg::EdDsa)
        );
        for refused in [iana::Algorithm::ES384, iana::Algorithm::PS256] {
            assert_eq!(
                parse_sign1(&with_alg(refused)).err(),
                Some(CredentialError::AlgorithmUnsupported)
            );
        }

        let no_kid = CoseSign1Builder::new()
            .protected(
                HeaderBuilder::new()
                    .algorithm(iana::Algorithm::EdDSA)
                    .build(),
            )
            .unprotected(HeaderBuilder::new().key_id(b"kid".to_vec()).build())
            .payload(b"p".to_vec())
            .signature(vec![0; 64])
            .build()
            .to_tagged_vec()
            .expect("serializes");
        assert_eq!(
            parse_sign1(&no_kid).err(),
            Some(CredentialError::KeyIdMissing)
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut bytes = vec![0xd2];
        bytes.extend(std::iter::repeat_n(0x81, 10_000));
        bytes.push(0x00);
        assert_eq!(
            parse_sign1(&bytes).err(),
            Some(CredentialError::CoseMalformed)
        );
    }
}
