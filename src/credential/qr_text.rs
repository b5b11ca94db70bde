//! QR text: `CK1:` + Base45(zlib(COSE_Sign1)), decoded with a bound at
//! every stage.

use std::cell::RefCell;
use std::io::Read;

use flate2::read::ZlibDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};

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

thread_local! {
    /// This thread's zlib compressor, reset between uses. A new one costs
    /// more than the compression itself: its tables (about 300 KiB) are
    /// allocated, zeroed and given back to the kernel for every credential
    /// (measured: most of `issue_many`'s CPU went to `madvise`).
    static COMPRESSOR: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// zlib (RFC 1950): at the best compression level with this thread's
/// compressor, or as stored (uncompressed) blocks when the data has almost
/// no repeated bytes.
///
/// Why the shortcut: a typical ID credential (about 250 bytes: short
/// attributes, a key id, a 64-byte signature) has nothing for DEFLATE to
/// find, and at the best level zlib gives it back as a stored block anyway,
/// after spending as much CPU as the signature took (measured: about 20 µs,
/// most of it resetting the compressor's 300 KiB of tables). Without a
/// repeated run DEFLATE can save at most what Huffman coding of single
/// bytes saves, which for such short input does not pay for a dynamic
/// Huffman table (checked by [`huffman_estimate`], for text over a small
/// alphabet such as hex). Any zlib decoder reads stored blocks.
pub(crate) fn compress(data: &[u8]) -> Result<Vec<u8>, CredentialError> {
    if !data.is_empty()
        && repeated_bytes(data) < MIN_REPEATED_BYTES.max(data.len() / 8)
        && huffman_estimate(data) >= data.len()
    {
        return Ok(stored(data));
    }
    COMPRESSOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let compressor = slot.get_or_insert_with(|| Compress::new(Compression::best(), true));
            compressor.reset();
            let result = compress_with(compressor, data);
            if result.is_err() {
                // Do not reuse a compressor left in an unknown state.
                *slot = None;
            }
            result
        }
        // Unreachable today (nothing compresses while compressing); a
        // re-entrant call would get a compressor of its own.
        Err(_) => compress_with(&mut Compress::new(Compression::best(), true), data),
    })
}

/// Frees this thread's compressor (see [`crate::release_memory`]) and
/// returns an estimate of the bytes freed.
pub(crate) fn release() -> usize {
    COMPRESSOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => slot.take().map_or(0, |_| COMPRESSOR_BYTES),
        Err(_) => 0,
    })
}

/// What a best-level compressor allocates, approximately (miniz_oxide's
/// dictionary, hash chains and output buffer).
const COMPRESSOR_BYTES: usize = 300 * 1024;

/// Below this many bytes in repeated runs (or an eighth of the input, if
/// more), [`compress`] stores the data. Measured on typical credentials:
/// DEFLATE's output was no shorter than a stored block below that (a match
/// saves a few bytes, and a Huffman block costs that back in its table or
/// in 9-bit codes for the signature's high bytes).
const MIN_REPEATED_BYTES: usize = 8;

/// Bytes covered by runs of 4 or more bytes that occurred earlier in `data`
/// (a greedy scan with a small hash table, like DEFLATE's first step but
/// without its tables): a cheap lower bound of what LZ77 could remove.
fn repeated_bytes(data: &[u8]) -> usize {
    const HASH_BITS: u32 = 10;
    let mut last_seen = [usize::MAX; 1 << HASH_BITS];
    let mut covered = 0;
    let mut i = 0;
    while let Some(window) = data.get(i..i + 4) {
        let word = u32::from_le_bytes([window[0], window[1], window[2], window[3]]);
        let slot = (word.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize;
        let earlier = core::mem::replace(&mut last_seen[slot], i);
        let run = data.get(earlier..).map_or(0, |before| {
            before
                .iter()
                .zip(&data[i..])
                .take_while(|(a, b)| a == b)
                .count()
        });
        if run >= 4 {
            covered += run;
            i += run;
        } else {
            i += 1;
        }
    }
    covered
}

/// An optimistic size in bytes of `data` Huffman-coded byte by byte: its
/// order-0 entropy plus a dynamic Huffman table (about 5 bits per distinct
/// byte and 16 bytes of header).
fn huffman_estimate(data: &[u8]) -> usize {
    let mut counts = [0u32; 256];
    for &byte in data {
        counts[usize::from(byte)] += 1;
    }
    let total = f64::from(u32::try_from(data.len()).unwrap_or(u32::MAX));
    let (mut bits, mut distinct) = (0.0f64, 0.0f64);
    // Most bytes of a signature or random id occur once; their term is the
    // same log2 each time, computed once (it was a tenth of issuing's CPU
    // outside signing).
    let once = total.log2();
    for &count in counts.iter().filter(|&&c| c > 0) {
        bits += if count == 1 {
            once
        } else {
            let count = f64::from(count);
            count * (total / count).log2()
        };
        distinct += 1.0;
    }
    let bytes = (bits + distinct * 5.0) / 8.0 + 16.0;
    // Non-negative and at most about 10 * len: the cast cannot wrap.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bytes = bytes as usize;
    bytes
}

/// `data` as a zlib stream of stored blocks (RFC 1951, section 3.2.4).
fn stored(data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 0xffff;
    let mut out = Vec::with_capacity(data.len() + data.len() / BLOCK * 5 + 11);
    // CMF: deflate, 32 KiB window; FLG: no dictionary, level 0, and the
    // check bits that make the pair a multiple of 31.
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        // Chunks are at most 0xffff bytes, so the length fits 16 bits.
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// Adler-32 (RFC 1950, section 8).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 bytes is the most that can be summed before `b` may overflow.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

fn compress_with(compressor: &mut Compress, data: &[u8]) -> Result<Vec<u8>, CredentialError> {
    // Room for incompressible input: stored blocks add 5 bytes per 64 KiB,
    // plus the zlib header and trailer; grown below if ever short.
    let mut out = Vec::with_capacity(data.len() + data.len() / 1024 + 64);
    loop {
        let consumed = usize::try_from(compressor.total_in())
            .map_err(|_| CredentialError::CompressionInvalid)?;
        let rest = data
            .get(consumed..)
            .ok_or(CredentialError::CompressionInvalid)?;
        match compressor.compress_vec(rest, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(_) => return Err(CredentialError::CompressionInvalid),
        }
    }
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
/// One trailing line ending (CR, LF or CRLF), which many QR scanners
/// append, is ignored; nothing else is trimmed. HC1 text follows the same
/// rule.
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
    decode_prefixed(trim_line_ending(text), QR_PREFIX)
}

/// `text` without one trailing line ending (CRLF, LF or CR): what a QR
/// scanner appends. Only one is dropped: a scanner adds one, and a second
/// is not part of any credential, so it is refused like any other stray
/// character.
pub(crate) fn trim_line_ending(text: &str) -> &str {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .or_else(|| text.strip_suffix('\r'))
        .unwrap_or(text)
}

/// The stages after trimming, shared by CK1 and HC1 text: the text length
/// bound, `prefix`, Base45, the compressed-size bound and bounded zlib, in
/// that order.
pub(crate) fn decode_prefixed(text: &str, prefix: &str) -> Result<Vec<u8>, CredentialError> {
    if text.len() > MAX_QR_TEXT_LEN {
        return Err(CredentialError::QrTextTooLong);
    }
    let body = text
        .strip_prefix(prefix)
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

    /// A fresh encoder per call, as before the compressor was reused.
    fn fresh(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(data).expect("writes to a Vec");
        encoder.finish().expect("writes to a Vec")
    }

    #[test]
    fn reused_compressor_matches_a_fresh_one() {
        // Incompressible and larger than the first guess of the output size,
        // so the output buffer has to grow.
        let mut noise = Vec::with_capacity(70_000);
        let mut x: u32 = 0x1234_5678;
        for _ in 0..70_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            noise.push(x.to_le_bytes()[0]);
        }
        let repetitive: Vec<u8> = b"name=Juan;".repeat(200);
        // Hex over 16 symbols, no repeated 4-byte run: Huffman coding alone
        // halves it, so it must be compressed, not stored.
        let hex: Vec<u8> = noise[..500]
            .iter()
            .flat_map(|b| {
                let digits = b"0123456789abcdef";
                [digits[usize::from(b >> 4)], digits[usize::from(b & 15)]]
            })
            .collect();
        let inputs: [&[u8]; 4] = [
            &repetitive,
            b"credential credential credential",
            &hex,
            &repetitive,
        ];
        for data in inputs {
            assert_eq!(compress(data).expect("compresses"), fresh(data));
        }
        // Incompressible input is stored: as long as zlib's own output, and
        // read back by the reference decoder.
        for data in [&noise[..], b"", b"x", &noise[..300]] {
            let ours = compress(data).expect("compresses");
            // A stored block costs 5 bytes; zlib may use a 2-byte fixed
            // Huffman block for tiny input.
            assert!(ours.len() <= fresh(data).len() + 5, "{} bytes", data.len());
            let mut back = Vec::new();
            ZlibDecoder::new(&ours[..])
                .read_to_end(&mut back)
                .expect("valid zlib");
            assert_eq!(back, data);
            assert_eq!(
                decompress_bounded(&ours, data.len()).expect("decodes"),
                data
            );
        }
        assert_eq!(release(), COMPRESSOR_BYTES);
        assert_eq!(release(), 0);
    }

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
        for suffix in ["\n", "\r\n", "\r"] {
            let scanned = format!("{text}{suffix}");
            assert_eq!(decode_qr_text(&scanned).as_deref(), Ok(&b"credential"[..]));
        }
        // Nothing else is trimmed.
        for other in [" ", "\t", "\n ", "\n\n", "\r\n\r\n", "\n\r"] {
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
