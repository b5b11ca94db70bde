//! Breached-password filters: a compact file built from a Have I Been
//! Pwned "Pwned Passwords" list (`SHA1HEX:count` per line), loaded at start
//! and queried in constant time.
//!
//! # Accuracy and size
//!
//! A password in the list is always found. A password not in the list is
//! reported as breached with probability about 2^-16 = 0.0015 % (16-bit
//! fingerprints of a binary fuse filter; the 64-bit key adds a negligible
//! 2^-64 per entry). The file takes about 2.25 bytes per distinct entry
//! (1.125 slots of 2 bytes each): about 2 GiB for the 900 million entries of
//! the full Pwned Passwords list, 2.3 MB for a million.
//!
//! # File format (version 1, all integers little-endian)
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `CKBREACH` |
//! | 8 | 4 | format version, 1 |
//! | 12 | 1 | fingerprint bits, 16 |
//! | 13 | 1 | key function, 1 = first 8 bytes of SHA-1(password), big-endian |
//! | 14 | 1 | shard bits `b` (0 to 16): the key's top `b` bits pick the shard |
//! | 15 | 1 | reserved, 0 |
//! | 16 | 8 | number of distinct keys |
//! | 24 | 24 × 2^b | per shard: seed (8), segment length (4), segment count (4), key count (4), reserved 0 (4) |
//! | … | 2 × slots | per shard in order, its `(segment count + 2) × segment length` fingerprints (`u16`) |
//! | end − 32 | 32 | SHA-256 of every byte before it |
//!
//! The loader checks the magic, the version, the length the header
//! implies, the checksum, then every parameter, before it keeps the bytes;
//! a file that fails any check is refused with a [`PolicyError`].
//!
//! # Sharing one file between processes
//!
//! [`BreachFilter::from_bytes`] keeps the filter in the process's memory:
//! each worker of a pool that loads the full list holds its own 2 GiB.
//! [`BreachFilter::open_shared`] instead keeps the file open and reads the
//! three 2-byte fingerprints of each lookup with positioned reads
//! (`pread`): the pages live once in the kernel's page cache, shared by
//! every process that opens the file, and a process's own memory holds only
//! the shard table.
//!
//! Why positioned reads and not a memory map: a map needs `unsafe` (this
//! crate forbids it), and a mapped file that another process truncates
//! kills the reader with `SIGBUS`, where a positioned read returns an error.
//! The price is one system call per fingerprint: three per lookup, about
//! 1 µs each here, against about 0.1 µs for a lookup in memory (see
//! `python/bench/breach_shared.py` for the figures). That is nothing next to
//! the Argon2 hash a password change also costs, and a batch over millions
//! of rows in one process can still load the file into memory.
//! [`BreachFilter::open`] picks: files up to [`SHARED_FROM_BYTES`] are read
//! into memory (they cost each process little), larger ones are shared.
//!
//! A shared filter reads the file it opened, even if the path is later
//! renamed or replaced: replace a filter file by writing a new one and
//! renaming it over the old (readers keep the old one until they reopen).
//! A file truncated under a reader makes its lookups fail with an I/O error
//! ([`BreachFilter::try_contains_password`]); [`BreachFilter::contains_password`]
//! then answers "breached" (it fails closed). Overwriting the file in place
//! changes the answers, never the memory safety.

use std::fs::File;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha1::{Digest, Sha1};
use sha2::Sha256;

use super::PolicyError;
use super::fuse::{self, Params};

/// The file's first eight bytes.
pub const FILTER_MAGIC: [u8; 8] = *b"CKBREACH";
/// The file format version this build writes and reads.
pub const FILTER_VERSION: u32 = 1;
/// Fingerprint width: false-positive rate 2^-16.
pub const FINGERPRINT_BITS: u8 = 16;
/// Key function 1: the first 8 bytes of SHA-1 of the UTF-8 password,
/// big-endian (the prefix of the hash Pwned Passwords publishes).
const KEY_FUNCTION_SHA1_PREFIX: u8 = 1;
/// Most shards a file may have (2^16): bounds the shard table at 1.5 MiB.
pub const MAX_SHARD_BITS: u8 = 16;
/// The builder picks the fewest shards that keep each one at or under this
/// many keys (about 56 MB of construction memory per shard).
pub const TARGET_KEYS_PER_SHARD: usize = 1 << 22;

/// [`BreachFilter::open`] reads files up to this size (16 MiB, about 7
/// million entries) into memory and shares larger ones between processes.
pub const SHARED_FROM_BYTES: u64 = 16 << 20;

const HEADER_LEN: usize = 24;
const SHARD_ENTRY_LEN: usize = 24;
const CHECKSUM_LEN: usize = 32;

/// The filter key of a password: the first 8 bytes of its SHA-1,
/// big-endian.
fn password_key(password: &[u8]) -> u64 {
    let digest = Sha1::digest(password);
    let mut prefix = [0u8; 8];
    prefix.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(prefix)
}

#[derive(Clone, Copy, Debug)]
struct Shard {
    params: Params,
    /// Byte offset of the shard's fingerprints in `BreachFilter::bytes`.
    offset: usize,
    /// Byte length of the shard's fingerprints.
    len: usize,
}

/// A loaded breached-password filter: in memory, or an open file read with
/// positioned reads (see the module docs, "Sharing one file between
/// processes").
///
/// Invariant: every shard's `params.is_valid()`, and its fingerprint bytes
/// `[offset, offset + len)` lie inside the storage (the bytes, or the file
/// as it was when opened) with `len == 2 * params.array_length()` (checked
/// by [`BreachFilter::from_bytes`] and [`BreachFilter::open_shared`],
/// established by [`BreachFilterBuilder::build`]).
#[derive(Clone)]
pub struct BreachFilter {
    storage: Storage,
    shard_bits: u8,
    shards: Vec<Shard>,
    key_count: u64,
}

#[derive(Clone)]
enum Storage {
    Memory(Vec<u8>),
    File(Arc<SharedFile>),
}

/// An open filter file.
struct SharedFile {
    file: File,
    path: PathBuf,
    len: u64,
}

impl core::fmt::Debug for BreachFilter {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BreachFilter")
            .field("keys", &self.key_count)
            .field("shards", &self.shards.len())
            .field("bytes", &self.file_len())
            .field("path", &self.path())
            .finish()
    }
}

/// Why [`BreachFilter::open`] or [`BreachFilter::open_shared`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum FilterFileError {
    /// Opening or reading the file failed.
    Read(std::io::Error),
    /// The file is not a valid filter (see [`BreachFilter::from_bytes`]).
    Invalid(PolicyError),
}

impl core::fmt::Display for FilterFileError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FilterFileError::Read(e) => write!(f, "reading the breach filter file failed: {e}"),
            FilterFileError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FilterFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FilterFileError::Read(e) => Some(e),
            FilterFileError::Invalid(e) => Some(e),
        }
    }
}

impl From<std::io::Error> for FilterFileError {
    fn from(e: std::io::Error) -> Self {
        FilterFileError::Read(e)
    }
}

impl From<PolicyError> for FilterFileError {
    fn from(e: PolicyError) -> Self {
        FilterFileError::Invalid(e)
    }
}

/// Reads exactly `buf.len()` bytes at `offset`, without moving a file
/// position (so threads share the file without locking).
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The parsed header and shard table of a filter file.
struct Layout {
    shard_bits: u8,
    shards: Vec<Shard>,
    key_count: u64,
    keys_in_shards: u64,
    /// Offset of the checksum: the length of the bytes it covers.
    body_len: usize,
}

/// The longest prefix [`parse_layout`] reads: the header and the largest
/// shard table.
const MAX_PREFIX_LEN: usize = HEADER_LEN + SHARD_ENTRY_LEN * (1 << MAX_SHARD_BITS);

/// Checks a file's header and shard table. `prefix` is the file's first
/// `min(total_len, MAX_PREFIX_LEN)` bytes; `total_len` its length. Checks
/// everything but the checksum and the key count (which the caller checks
/// after the checksum, so that a flipped byte reads as corruption).
fn parse_layout(prefix: &[u8], total_len: u64) -> Result<Layout, PolicyError> {
    if prefix.len() < 8 || prefix[..8] != FILTER_MAGIC {
        return Err(
            if FILTER_MAGIC.starts_with(&prefix[..prefix.len().min(8)]) {
                PolicyError::FilterTruncated
            } else {
                PolicyError::FilterMagicInvalid
            },
        );
    }
    if prefix.len() < HEADER_LEN {
        return Err(PolicyError::FilterTruncated);
    }
    let version = read_u32(prefix, 8).ok_or(PolicyError::FilterTruncated)?;
    if version != FILTER_VERSION {
        return Err(PolicyError::FilterVersionUnsupported);
    }
    let (fp_bits, key_fn, shard_bits, reserved) = (prefix[12], prefix[13], prefix[14], prefix[15]);
    if fp_bits != FINGERPRINT_BITS
        || key_fn != KEY_FUNCTION_SHA1_PREFIX
        || shard_bits > MAX_SHARD_BITS
        || reserved != 0
    {
        return Err(PolicyError::FilterParametersInvalid);
    }
    let key_count = read_u64(prefix, 16).ok_or(PolicyError::FilterTruncated)?;
    let shard_count = 1usize << shard_bits;
    let table_end = HEADER_LEN + SHARD_ENTRY_LEN * shard_count;
    if prefix.len() < table_end {
        return Err(PolicyError::FilterTruncated);
    }
    let mut shards = Vec::with_capacity(shard_count);
    let mut offset = table_end;
    let mut keys_in_shards = 0u64;
    for i in 0..shard_count {
        let at = HEADER_LEN + SHARD_ENTRY_LEN * i;
        let bad = PolicyError::FilterParametersInvalid;
        let params = Params {
            seed: read_u64(prefix, at).ok_or(bad)?,
            segment_length: read_u32(prefix, at + 8).ok_or(bad)?,
            segment_count: read_u32(prefix, at + 12).ok_or(bad)?,
        };
        let shard_keys = read_u32(prefix, at + 16).ok_or(bad)?;
        if !params.is_valid()
            || read_u32(prefix, at + 20) != Some(0)
            || u64::from(shard_keys) > params.array_length() as u64
        {
            return Err(bad);
        }
        keys_in_shards += u64::from(shard_keys);
        let len = 2 * params.array_length();
        shards.push(Shard {
            params,
            offset,
            len,
        });
        offset = offset.checked_add(len).ok_or(bad)?;
    }
    let expected = offset
        .checked_add(CHECKSUM_LEN)
        .ok_or(PolicyError::FilterParametersInvalid)?;
    let expected = expected as u64;
    if total_len < expected {
        return Err(PolicyError::FilterTruncated);
    }
    if total_len > expected {
        return Err(PolicyError::FilterParametersInvalid);
    }
    Ok(Layout {
        shard_bits,
        shards,
        key_count,
        keys_in_shards,
        body_len: offset,
    })
}

fn read_u32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(s.try_into().ok()?))
}

fn read_u64(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(s.try_into().ok()?))
}

impl BreachFilter {
    /// Parses and checks a filter file's contents, keeping `bytes` as the
    /// filter's storage (no copy).
    ///
    /// # Errors
    /// [`PolicyError::FilterMagicInvalid`] if this is not a filter file,
    /// [`PolicyError::FilterVersionUnsupported`] for another format version,
    /// [`PolicyError::FilterTruncated`] if it is shorter than its header
    /// says, [`PolicyError::FilterChecksumMismatch`] if its contents were
    /// altered, [`PolicyError::FilterParametersInvalid`] for inconsistent
    /// parameters or trailing bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, PolicyError> {
        let layout = parse_layout(&bytes, bytes.len() as u64)?;
        let digest = Sha256::digest(&bytes[..layout.body_len]);
        if digest[..] != bytes[layout.body_len..] {
            return Err(PolicyError::FilterChecksumMismatch);
        }
        Self::with_layout(layout, Storage::Memory(bytes))
    }

    fn with_layout(layout: Layout, storage: Storage) -> Result<Self, PolicyError> {
        if layout.keys_in_shards != layout.key_count {
            return Err(PolicyError::FilterParametersInvalid);
        }
        Ok(BreachFilter {
            storage,
            shard_bits: layout.shard_bits,
            shards: layout.shards,
            key_count: layout.key_count,
        })
    }

    /// Opens a filter file: read into memory if it is at most
    /// [`SHARED_FROM_BYTES`] long, else shared between processes as by
    /// [`BreachFilter::open_shared`].
    ///
    /// # Errors
    /// [`FilterFileError::Read`] if the file cannot be read,
    /// [`FilterFileError::Invalid`] for the errors of
    /// [`BreachFilter::from_bytes`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, FilterFileError> {
        let path = path.as_ref();
        if std::fs::metadata(path)?.len() > SHARED_FROM_BYTES {
            Self::open_shared(path)
        } else {
            Ok(Self::from_bytes(std::fs::read(path)?)?)
        }
    }

    /// Opens a filter file and keeps it open, reading each lookup's three
    /// fingerprints with positioned reads from the kernel's page cache: the
    /// processes that open the same file share its pages (see the module
    /// docs). Checks everything [`BreachFilter::from_bytes`] checks,
    /// reading the file once in 1 MiB pieces for the checksum.
    ///
    /// # Errors
    /// As for [`BreachFilter::open`].
    pub fn open_shared(path: impl AsRef<Path>) -> Result<Self, FilterFileError> {
        let path = path.as_ref();
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        let prefix_len = usize::try_from(len).map_or(MAX_PREFIX_LEN, |l| l.min(MAX_PREFIX_LEN));
        let mut prefix = vec![0u8; prefix_len];
        read_at(&file, &mut prefix, 0)?;
        let layout = parse_layout(&prefix, len)?;
        drop(prefix);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut at = 0u64;
        let body_len = layout.body_len as u64;
        while at < body_len {
            let n = usize::try_from(body_len - at).map_or(buf.len(), |r| r.min(buf.len()));
            read_at(&file, &mut buf[..n], at)?;
            hasher.update(&buf[..n]);
            at += n as u64;
        }
        let mut stored = [0u8; CHECKSUM_LEN];
        read_at(&file, &mut stored, body_len)?;
        if hasher.finalize()[..] != stored[..] {
            return Err(PolicyError::FilterChecksumMismatch.into());
        }
        let storage = Storage::File(Arc::new(SharedFile {
            file,
            path: path.to_path_buf(),
            len,
        }));
        Ok(Self::with_layout(layout, storage)?)
    }

    /// The path of a filter opened with [`BreachFilter::open_shared`] (or a
    /// large one with [`BreachFilter::open`]); `None` for one in memory.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.storage {
            Storage::Memory(_) => None,
            Storage::File(f) => Some(&f.path),
        }
    }

    /// The file's length in bytes (in memory or on disk).
    #[must_use]
    pub fn file_len(&self) -> u64 {
        match &self.storage {
            Storage::Memory(b) => b.len() as u64,
            Storage::File(f) => f.len,
        }
    }

    /// The file contents of a filter in memory: header, shard table,
    /// fingerprints, checksum. `None` for a shared filter: see
    /// [`BreachFilter::to_vec`].
    #[must_use]
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.storage {
            Storage::Memory(b) => Some(b),
            Storage::File(_) => None,
        }
    }

    /// Writes the filter file to `path` (a shared filter's file is copied).
    ///
    /// # Errors
    /// Writing failed, or reading a shared filter's file failed.
    pub fn save(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        match &self.storage {
            Storage::Memory(b) => std::fs::write(path, b),
            Storage::File(_) => std::fs::write(path, self.to_vec()?),
        }
    }

    /// The file contents, read from the file for a shared filter.
    ///
    /// # Errors
    /// Reading a shared filter's file failed (e.g. it was truncated).
    pub fn to_vec(&self) -> std::io::Result<Vec<u8>> {
        match &self.storage {
            Storage::Memory(b) => Ok(b.clone()),
            Storage::File(f) => {
                let len = usize::try_from(f.len).map_err(|_| std::io::ErrorKind::OutOfMemory)?;
                let mut out = vec![0u8; len];
                read_at(&f.file, &mut out, 0)?;
                Ok(out)
            }
        }
    }

    /// Number of distinct entries the filter was built from.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.key_count
    }

    /// Whether the filter was built from no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.key_count == 0
    }

    /// Whether a key (the first 8 bytes of a SHA-1, big-endian) is in the
    /// filter: always true for an inserted key, true with probability
    /// about 2^-16 for any other. A shared filter whose file can no longer
    /// be read answers true (it fails closed: see
    /// [`BreachFilter::try_contains_key`]).
    #[must_use]
    pub fn contains_key(&self, key: u64) -> bool {
        self.try_contains_key(key).unwrap_or(true)
    }

    /// As [`BreachFilter::contains_key`], with a shared filter's read
    /// error returned.
    ///
    /// # Errors
    /// Reading a shared filter's file failed (it was truncated, or the disk
    /// failed). A filter in memory never fails.
    pub fn try_contains_key(&self, key: u64) -> std::io::Result<bool> {
        let shard = if self.shard_bits == 0 {
            0
        } else {
            // Invariant: the result is < 2^shard_bits = shards.len().
            usize::try_from(key >> (64 - u32::from(self.shard_bits))).unwrap_or(0)
        };
        let Some(s) = self.shards.get(shard) else {
            return Ok(false);
        };
        match &self.storage {
            Storage::Memory(bytes) => {
                let Some(fp) = bytes.get(s.offset..s.offset + s.len) else {
                    return Ok(false);
                };
                Ok(fuse::contains(key, &s.params, fp))
            }
            Storage::File(f) => {
                let (fingerprint, slots) = fuse::probe(key, &s.params);
                let mut x = fingerprint;
                for slot in slots {
                    let mut b = [0u8; 2];
                    read_at(&f.file, &mut b, (s.offset + 2 * slot) as u64)?;
                    x ^= u16::from_le_bytes(b);
                }
                Ok(x == 0)
            }
        }
    }

    /// Whether `password` (its UTF-8 bytes, as Pwned Passwords hashes them)
    /// is in the filter. A shared filter whose file can no longer be read
    /// answers true (fails closed): a password wrongly refused is
    /// recoverable, a breached one wrongly accepted is not.
    ///
    /// # Security
    /// The password is hashed with SHA-1 and only the hash's prefix is
    /// looked up; nothing is kept.
    #[must_use]
    pub fn contains_password(&self, password: &str) -> bool {
        self.contains_key(password_key(password.as_bytes()))
    }

    /// As [`BreachFilter::contains_password`], with a shared filter's read
    /// error returned.
    ///
    /// # Errors
    /// As for [`BreachFilter::try_contains_key`].
    ///
    /// # Security
    /// As for [`BreachFilter::contains_password`].
    pub fn try_contains_password(&self, password: &str) -> std::io::Result<bool> {
        self.try_contains_key(password_key(password.as_bytes()))
    }
}

/// Builds a [`BreachFilter`] from Pwned Passwords lines or passwords.
///
/// Memory: 8 bytes per entry added, then, while building, about 25 bytes
/// per key of the shard under construction (two shards at a time on two
/// cores) and the 2.25 bytes per key of the result. The full Pwned
/// Passwords list (about 900 million lines) needs about 7.5 GiB; the
/// builder does not keep the lines.
#[derive(Clone, Debug, Default)]
pub struct BreachFilterBuilder {
    keys: Vec<u64>,
    shard_bits: Option<u8>,
}

/// Value of an ASCII hex digit.
fn hex_value(c: u8) -> Option<u64> {
    match c {
        b'0'..=b'9' => Some(u64::from(c - b'0')),
        b'a'..=b'f' => Some(u64::from(c - b'a' + 10)),
        b'A'..=b'F' => Some(u64::from(c - b'A' + 10)),
        _ => None,
    }
}

impl BreachFilterBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Forces 2^`bits` shards instead of the automatic choice (the fewest
    /// that keep each shard at or under [`TARGET_KEYS_PER_SHARD`] keys).
    ///
    /// # Errors
    /// [`PolicyError::PolicyParametersInvalid`] if `bits` exceeds
    /// [`MAX_SHARD_BITS`].
    pub fn shard_bits(mut self, bits: u8) -> Result<Self, PolicyError> {
        if bits > MAX_SHARD_BITS {
            return Err(PolicyError::PolicyParametersInvalid);
        }
        self.shard_bits = Some(bits);
        Ok(self)
    }

    /// Number of entries added so far (before deduplication).
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no entry was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds one line of a Pwned Passwords file: `SHA1HEX` or
    /// `SHA1HEX:count` (40 hex digits, either case), optionally ending in
    /// `\r\n` or `\n`. Blank lines are skipped.
    ///
    /// # Errors
    /// [`PolicyError::PwnedLineMalformed`] for anything else.
    pub fn add_pwned_line(&mut self, line: &[u8]) -> Result<(), PolicyError> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Ok(());
        }
        let (hash, rest) = line.split_at(line.len().min(40));
        if hash.len() != 40 {
            return Err(PolicyError::PwnedLineMalformed);
        }
        if let Some(count) = rest.strip_prefix(b":") {
            if count.is_empty() || !count.iter().all(u8::is_ascii_digit) {
                return Err(PolicyError::PwnedLineMalformed);
            }
        } else if !rest.is_empty() {
            return Err(PolicyError::PwnedLineMalformed);
        }
        let mut key = 0u64;
        for (i, &c) in hash.iter().enumerate() {
            let v = hex_value(c).ok_or(PolicyError::PwnedLineMalformed)?;
            if i < 16 {
                key = (key << 4) | v;
            }
        }
        self.keys.push(key);
        Ok(())
    }

    /// Streams a whole Pwned Passwords file into the builder, one
    /// [`add_pwned_line`](Self::add_pwned_line) per line, and returns the
    /// number of lines read. Memory grows by 8 bytes per line, not by the
    /// file's size.
    ///
    /// # Errors
    /// [`PwnedFileError::Read`] if reading fails,
    /// [`PwnedFileError::MalformedLine`] (with the 1-based line number) for
    /// the first malformed line. Lines before it stay added.
    pub fn add_pwned_file<R: BufRead>(&mut self, mut reader: R) -> Result<u64, PwnedFileError> {
        let mut line = Vec::with_capacity(64);
        let mut number = 0u64;
        loop {
            line.clear();
            if reader
                .read_until(b'\n', &mut line)
                .map_err(PwnedFileError::Read)?
                == 0
            {
                return Ok(number);
            }
            number += 1;
            self.add_pwned_line(&line)
                .map_err(|_| PwnedFileError::MalformedLine { line: number })?;
        }
    }

    /// Adds a password (its UTF-8 bytes, as Pwned Passwords hashes them).
    ///
    /// # Security
    /// Only the first 8 bytes of the password's SHA-1 are kept.
    pub fn add_password(&mut self, password: &str) {
        self.keys.push(password_key(password.as_bytes()));
    }

    /// Builds the filter: sorts and deduplicates the keys, splits them into
    /// shards by their top bits and builds the shards in parallel.
    ///
    /// # Errors
    /// [`PolicyError::FilterTooLarge`] if a shard would hold 2^32 keys or
    /// more (use more shards), [`PolicyError::FilterConstructionFailed`] if
    /// a shard's construction does not converge (not seen in practice).
    pub fn build(self) -> Result<BreachFilter, PolicyError> {
        crate::pool::install(|| self.build_here())
    }

    fn build_here(mut self) -> Result<BreachFilter, PolicyError> {
        self.keys.par_sort_unstable();
        self.keys.dedup();
        let keys = self.keys;
        let shard_bits = self.shard_bits.unwrap_or_else(|| {
            let mut bits = 0u8;
            while bits < MAX_SHARD_BITS && (keys.len() >> bits) > TARGET_KEYS_PER_SHARD {
                bits += 1;
            }
            bits
        });
        let shard_count = 1usize << shard_bits;
        // Shard i holds the keys whose top `shard_bits` bits equal i; keys are
        // sorted, so each shard is a contiguous range.
        let mut bounds = Vec::with_capacity(shard_count + 1);
        bounds.push(0usize);
        for i in 1..shard_count {
            let first_key = (i as u64) << (64 - u32::from(shard_bits));
            bounds.push(keys.partition_point(|&k| k < first_key));
        }
        bounds.push(keys.len());
        let built: Vec<Option<(Params, Vec<u8>, u32)>> = crate::pool::install(|| {
            (0..shard_count)
                .into_par_iter()
                .map(|i| {
                    let range = &keys[bounds[i]..bounds[i + 1]];
                    let n = u32::try_from(range.len()).ok()?;
                    let seed_state = 0x726b_2b9d_438b_9d4d ^ (i as u64);
                    fuse::build(range, seed_state).map(|(p, fp)| (p, fp, n))
                })
                .collect()
        });
        let mut shards = Vec::with_capacity(shard_count);
        for (i, b) in built.into_iter().enumerate() {
            let too_large = u32::try_from(bounds[i + 1] - bounds[i]).is_err();
            match b {
                Some(b) => shards.push(b),
                None if too_large => return Err(PolicyError::FilterTooLarge),
                None => return Err(PolicyError::FilterConstructionFailed),
            }
        }
        let fp_len: usize = shards.iter().map(|(_, fp, _)| fp.len()).sum();
        let mut bytes =
            Vec::with_capacity(HEADER_LEN + SHARD_ENTRY_LEN * shard_count + fp_len + CHECKSUM_LEN);
        bytes.extend_from_slice(&FILTER_MAGIC);
        bytes.extend_from_slice(&FILTER_VERSION.to_le_bytes());
        bytes.extend_from_slice(&[FINGERPRINT_BITS, KEY_FUNCTION_SHA1_PREFIX, shard_bits, 0]);
        bytes.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for (p, _, n) in &shards {
            bytes.extend_from_slice(&p.seed.to_le_bytes());
            bytes.extend_from_slice(&p.segment_length.to_le_bytes());
            bytes.extend_from_slice(&p.segment_count.to_le_bytes());
            bytes.extend_from_slice(&n.to_le_bytes());
            bytes.extend_from_slice(&0u32.to_le_bytes());
        }
        drop(keys);
        for (_, fp, _) in &shards {
            bytes.extend_from_slice(fp);
        }
        let digest = Sha256::digest(&bytes);
        bytes.extend_from_slice(&digest);
        // Invariant established: the bytes are a well-formed file; parsing
        // them re-derives the shard table and re-checks everything.
        BreachFilter::from_bytes(bytes)
    }
}

/// Why [`BreachFilterBuilder::add_pwned_file`] stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum PwnedFileError {
    /// Reading the file failed.
    Read(std::io::Error),
    /// The line with this 1-based number is not `SHA1HEX` or `SHA1HEX:count`.
    MalformedLine {
        /// 1-based line number.
        line: u64,
    },
}

impl core::fmt::Display for PwnedFileError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PwnedFileError::Read(e) => write!(f, "reading the pwned passwords file failed: {e}"),
            PwnedFileError::MalformedLine { line } => {
                write!(f, "line {line} of the pwned passwords file is malformed")
            }
        }
    }
}

impl std::error::Error for PwnedFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PwnedFileError::Read(e) => Some(e),
            PwnedFileError::MalformedLine { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pwned_lines() {
        let mut b = BreachFilterBuilder::new();
        let line = b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493\r\n";
        assert_eq!(b.add_pwned_line(line), Ok(()));
        assert_eq!(
            b.add_pwned_line(b"5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8"),
            Ok(())
        );
        assert_eq!(b.add_pwned_line(b"\n"), Ok(()));
        for bad in [
            &b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD"[..],
            b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:",
            b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:12x",
            b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FDG:1",
            b"5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8 1",
        ] {
            assert_eq!(b.add_pwned_line(bad), Err(PolicyError::PwnedLineMalformed));
        }
        let f = b.build().expect("builds");
        assert_eq!(f.len(), 1);
        // SHA-1("password") = 5BAA61E4...
        assert!(f.contains_password("password"));
    }

    #[test]
    fn pwned_file_counts_lines_and_names_the_bad_one() {
        let good = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n";
        let mut b = BreachFilterBuilder::new();
        let text = format!("{good}{good}");
        assert_eq!(b.add_pwned_file(text.as_bytes()).ok(), Some(2));
        let text = format!("{good}not a hash\n{good}");
        match b.add_pwned_file(text.as_bytes()) {
            Err(PwnedFileError::MalformedLine { line }) => assert_eq!(line, 2),
            other => panic!("expected line 2 refused, got {other:?}"),
        }
    }
    /// A file in the temp directory, removed when dropped.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str) -> Self {
            TempFile(
                std::env::temp_dir().join(format!("credkit-filter-{}-{name}", std::process::id())),
            )
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn sample() -> BreachFilter {
        let mut b = BreachFilterBuilder::new().shard_bits(2).expect("bits");
        for i in 0..3000 {
            b.add_password(&format!("pw-{i}"));
        }
        b.build().expect("builds")
    }

    #[test]
    fn shared_file_answers_as_memory() {
        let f = sample();
        let file = TempFile::new("shared.bin");
        std::fs::write(&file.0, f.as_bytes().expect("in memory")).expect("write");
        let shared = BreachFilter::open_shared(&file.0).expect("opens");
        assert_eq!(shared.path(), Some(file.0.as_path()));
        assert_eq!(shared.len(), f.len());
        assert_eq!(shared.file_len(), f.file_len());
        assert!(shared.as_bytes().is_none());
        assert_eq!(shared.to_vec().ok().as_deref(), f.as_bytes());
        for key in (0..20_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)) {
            assert_eq!(shared.try_contains_key(key).ok(), Some(f.contains_key(key)));
        }
        assert!((0..3000).all(|i| shared.contains_password(&format!("pw-{i}"))));
        // Small files open into memory by default.
        assert!(BreachFilter::open(&file.0).expect("opens").path().is_none());
    }

    #[test]
    fn shared_file_checks_like_from_bytes() {
        let good = sample().to_vec().expect("in memory");
        let file = TempFile::new("bad.bin");
        let mut cases: Vec<Vec<u8>> = (0..good.len())
            .step_by(211)
            .map(|cut| good[..cut].to_vec())
            .collect();
        for at in (0..good.len()).step_by(331) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            cases.push(bad);
        }
        for data in cases {
            std::fs::write(&file.0, &data).expect("write");
            let expected = BreachFilter::from_bytes(data).expect_err("refused");
            match BreachFilter::open_shared(&file.0) {
                Err(FilterFileError::Invalid(e)) => assert_eq!(e, expected),
                other => panic!("expected {expected:?}, got {other:?}"),
            }
        }
        assert!(matches!(
            BreachFilter::open_shared(file.0.with_extension("missing")),
            Err(FilterFileError::Read(_))
        ));
    }

    #[test]
    fn truncated_under_a_reader_fails_closed() {
        let f = sample();
        let file = TempFile::new("truncated.bin");
        std::fs::write(&file.0, f.as_bytes().expect("in memory")).expect("write");
        let shared = BreachFilter::open_shared(&file.0).expect("opens");
        std::fs::OpenOptions::new()
            .write(true)
            .open(&file.0)
            .and_then(|h| h.set_len(64))
            .expect("truncate");
        let fresh = (0..100).find(|i| !f.contains_password(&format!("fresh-{i}")));
        let fresh = format!(
            "fresh-{}",
            fresh.expect("some password is not in the filter")
        );
        assert!(shared.try_contains_password(&fresh).is_err());
        assert!(shared.contains_password(&fresh), "fails closed");
        assert!(shared.to_vec().is_err());
    }
}
