//! QR text: `CK1:` + Base45(zlib(COSE_Sign1)), decoded with a bound at
//! every stage.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

use super::{CredentialError, base45};

/// The prefix of credkit QR text: format version 1.
pub const QR_PREFIX: &str = "CK1:";

/// Longest QR text accepted when decoding: 4296 characters, the
/// alphanumeric capacity of the largest QR code (version 40, error
/// correction L; ISO/IEC 18004:2015 Table 7). Longer text cannot have come
/// from a QR code.
pub const MAX_QR_TEXT_LEN: usize = 4296;

/// Longest QR text the issuer produces: 2420 characters, the alphanumeric
/// capacity of a version 40 QR code at error correction Q (ISO/IEC
/// 18004:2015 Table 7), the level credkit renders at. (1852 is the
/// capacity at level H.)
///
/// Large symbols are hard to scan from a phone screen or a printed card:
/// a version 40 symbol has 177 × 177 modules. Keep credentials small (few
/// attributes, short names) so they need a low version;
/// [`QrSvg::version`](crate::credential::QrSvg::version) reports the
/// version a text needs, and the `qr` feature's tests pin the sizes of
/// typical credentials.
pub const MAX_ISSUED_QR_TEXT_LEN: usize = 2420;

/// Largest compressed credential accepted: what Base45 of the longest QR
/// text can carry (two bytes per three characters, one for a final pair).
pub const MAX_COMPRESSED_LEN: usize = (MAX_QR_TEXT_LEN - QR_PREFIX.len()) / 3 * 2 + 1;

/// Largest decompressed credential accepted: 16 KiB. zlib can expand
/// 2.8 KB into about 3 MB (a ratio of about 1000:1); credkit stops reading
/// at this bound, far above any credential that fits in a QR code (CBOR
/// compresses by well under 2:1), so a zip bomb costs at most 16 KiB.
pub const MAX_DECOMPRESSED_LEN: usize = 16 * 1024;

/// Encodes a COSE_Sign1 as QR text: `CK1:` + Base45(zlib(cose)).
///
/// # Errors
/// [`CredentialError::CredentialTooLarge`] if the text would be longer than
/// [`MAX_ISSUED_QR_TEXT_LEN`] (it would not fit in a QR code at error
/// correction Q).
pub fn encode_qr_text(cose: &[u8]) -> Result<String, CredentialError> {
    if cose.len() > MAX_DECOMPRESSED_LEN {
        return Err(CredentialError::CredentialTooLarge);
    }
    let compressed = compress(cose)?;
    let mut text = String::with_capacity(QR_PREFIX.len() + compressed.len().div_ceil(2) * 3);
    text.push_str(QR_PREFIX);
    text.push_str(&base45::encode(&compressed));
    if text.len() > MAX_ISSUED_QR_TEXT_LEN {
        return Err(CredentialError::CredentialTooLarge);
    }
    Ok(text)
}

/// zlib at the best compression level (RFC 1950).
pub(crate) fn compress(data: &[u8]) -> Result<Vec<u8>, CredentialError> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail; map defensively rather than panic.
    encoder
        .write_all(data)
        .map_err(|_| CredentialError::CompressionInvalid)?;
    encoder
        .finish()
        .map_err(|_| CredentialError::CompressionInvalid)
}

/// Decompresses one complete zlib stream, reading at most `max_out` bytes
/// of output.
///
/// # Errors
/// [`CredentialError::DecompressedTooLarge`] past `max_out`;
/// [`CredentialError::CompressionInvalid`] for a malformed or truncated
/// stream, or bytes after its end.
pub(crate) fn decompress_bounded(data: &[u8], max_out: usize) -> Result<Vec<u8>, CredentialError> {
    let mut decoder = ZlibDecoder::new(data);
    let mut out = Vec::new();
    let limit = u64::try_from(max_out).unwrap_or(u64::MAX).saturating_add(1);
    (&mut decoder)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| CredentialError::CompressionInvalid)?;
    if out.len() > max_out {
        return Err(CredentialError::DecompressedTooLarge);
    }
    if usize::try_from(decoder.total_in()).ok() != Some(data.len()) {
        return Err(CredentialError::CompressionInvalid);
    }
    Ok(out)
}

/// Decodes QR text to the COSE_Sign1 bytes it carries, without checking
/// them.
///
/// Trailing carriage returns and line feeds, which many QR scanners append,
/// are ignored; nothing else is trimmed.
///
/// Every stage is bounded before it allocates: the text length
/// ([`MAX_QR_TEXT_LEN`]), the compressed size ([`MAX_COMPRESSED_LEN`]) and
/// the decompressed size ([`MAX_DECOMPRESSED_LEN`], enforced by a capped
/// reader, so a zip bomb is cut off after that many bytes).
///
/// # Errors
/// [`CredentialError::QrTextTooLong`], [`CredentialError::QrPrefixMissing`],
/// [`CredentialError::Base45Invalid`], [`CredentialError::CompressedTooLarge`],
/// [`CredentialError::DecompressedTooLarge`] or
/// [`CredentialError::CompressionInvalid`], for the stage that refused it.
pub fn decode_qr_text(text: &str) -> Result<Vec<u8>, CredentialError> {
    let text = text.trim_end_matches(['\r', '\n']);
    if text.len() > MAX_QR_TEXT_LEN {
        return Err(CredentialError::QrTextTooLong);
    }
    let body = text
        .strip_prefix(QR_PREFIX)
        .ok_or(CredentialError::QrPrefixMissing)?;
    let compressed = base45::decode(body)?;
    if compressed.len() > MAX_COMPRESSED_LEN {
        return Err(CredentialError::CompressedTooLarge);
    }
    decompress_bounded(&compressed, MAX_DECOMPRESSED_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let data = b"\xd2\x84hello credential".to_vec();
        let text = encode_qr_text(&data).expect("small input fits");
        assert!(text.starts_with(QR_PREFIX));
        assert_eq!(decode_qr_text(&text).expect("decodes"), data);
    }

    #[test]
    fn bounds_are_consistent() {
        assert_eq!(MAX_COMPRESSED_LEN, 2861);
        let text = "0".repeat(MAX_QR_TEXT_LEN + 1);
        assert_eq!(decode_qr_text(&text), Err(CredentialError::QrTextTooLong));
    }

    #[test]
    fn trailing_line_breaks_are_ignored() {
        let text = encode_qr_text(b"credential").expect("fits");
        for suffix in ["\n", "\r\n", "\r", "\r\n\r\n"] {
            let scanned = format!("{text}{suffix}");
            assert_eq!(decode_qr_text(&scanned).as_deref(), Ok(&b"credential"[..]));
        }
        // Nothing else is trimmed.
        for other in [" ", "\t", "\n "] {
            let scanned = format!("{text}{other}");
            assert!(decode_qr_text(&scanned).is_err(), "{other:?}");
        }
        assert!(decode_qr_text(&format!("\n{text}")).is_err());
    }

    /// Review finding: the issuing bound was 1852 (level H), not level Q's
    /// 2420. Text between the two now issues.
    #[test]
    fn issuing_bound_is_version_40_level_q() {
        assert_eq!(MAX_ISSUED_QR_TEXT_LEN, 2420);
        // xorshift32 bytes zlib cannot shrink: 1500 of them become more than
        // 1852 characters and fewer than 2420.
        let mut x: u32 = 0x9e37_79b9;
        let incompressible: Vec<u8> = (0..1500)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect();
        let text = encode_qr_text(&incompressible).expect("fits at level Q");
        assert!(text.len() > 1852 && text.len() <= 2420, "{}", text.len());
    }

    #[test]
    fn prefix_is_required() {
        assert_eq!(
            decode_qr_text("CK2:00"),
            Err(CredentialError::QrPrefixMissing)
        );
        assert_eq!(
            decode_qr_text("ck1:00"),
            Err(CredentialError::QrPrefixMissing)
        );
    }

    #[test]
    fn zip_bomb_is_cut_off() {
        // 2 MB of zeros compresses to about 2 KB: it fits in the QR text
        // bound but must stop at the decompression bound.
        let bomb = compress(&vec![0u8; 2 * 1024 * 1024]).expect("compresses");
        assert!(bomb.len() <= MAX_COMPRESSED_LEN, "{}", bomb.len());
        let text = format!("{QR_PREFIX}{}", base45::encode(&bomb));
        assert!(text.len() <= MAX_QR_TEXT_LEN);
        assert_eq!(
            decode_qr_text(&text),
            Err(CredentialError::DecompressedTooLarge)
        );
    }

    #[test]
    fn trailing_and_truncated_streams_are_refused() {
        let mut z = compress(b"payload").expect("compresses");
        z.push(0);
        let text = format!("{QR_PREFIX}{}", base45::encode(&z));
        assert_eq!(
            decode_qr_text(&text),
            Err(CredentialError::CompressionInvalid)
        );
        z.truncate(z.len() - 3);
        let text = format!("{QR_PREFIX}{}", base45::encode(&z));
        assert_eq!(
            decode_qr_text(&text),
            Err(CredentialError::CompressionInvalid)
        );
    }

    #[test]
    fn too_large_to_issue() {
        // xorshift32: 2000 bytes that zlib cannot shrink, more than the
        // 1613 bytes 2420 Base45 characters carry.
        let mut x: u32 = 0x1234_5678;
        let incompressible: Vec<u8> = (0..2000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect();
        assert_eq!(
            encode_qr_text(&incompressible),
            Err(CredentialError::CredentialTooLarge)
        );
    }
}
