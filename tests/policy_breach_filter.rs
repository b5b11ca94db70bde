//! Breached-password filters: a generated Pwned Passwords corpus of a
//! million lines, written to a temporary file, built, saved, loaded and
//! queried; false-positive rate; refusal of corrupt and truncated files.

use std::io::{BufReader, BufWriter, Write};
use std::sync::Arc;

use credkit::policy::{BreachFilter, BreachFilterBuilder, Policy, PolicyError};
use sha1::{Digest, Sha1};

fn pwned_line(password: &str, count: u64) -> String {
    format!(
        "{}:{count}\n",
        hex::encode_upper(Sha1::digest(password.as_bytes()))
    )
}

struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_path(name: &str) -> TempFile {
    TempFile(std::env::temp_dir().join(format!("credkit-{}-{name}", std::process::id())))
}

/// A million generated entries go through a file, the builder, a saved
/// filter file and the loader; every entry is found, and about 2^-16 of a
/// million other passwords are false positives.
#[test]
fn million_entry_corpus() {
    const N: usize = 1_000_000;
    let corpus = temp_path("pwned.txt");
    {
        let mut w = BufWriter::new(std::fs::File::create(&corpus.0).expect("temp file"));
        for i in 0..N {
            w.write_all(pwned_line(&format!("breached-{i}"), (i % 97 + 1) as u64).as_bytes())
                .expect("write");
        }
        w.flush().expect("flush");
    }
    let mut builder = BreachFilterBuilder::new();
    let reader = BufReader::new(std::fs::File::open(&corpus.0).expect("open"));
    let lines = builder.add_pwned_file(reader).expect("well-formed file");
    assert_eq!(lines, N as u64);
    let filter = builder.build().expect("builds");
    assert_eq!(filter.len(), N as u64);
    let bytes_per_entry = filter.file_len() as f64 / N as f64;
    assert!(bytes_per_entry < 2.3, "{bytes_per_entry} bytes per entry");

    let saved = temp_path("filter.bin");
    std::fs::write(&saved.0, filter.as_bytes().expect("in memory")).expect("save");
    let loaded = BreachFilter::from_bytes(std::fs::read(&saved.0).expect("load")).expect("valid");
    assert_eq!(loaded.as_bytes(), filter.as_bytes());
    for i in (0..N).step_by(7) {
        assert!(loaded.contains_password(&format!("breached-{i}")), "{i}");
    }
    // Keys of passwords not inserted: SHA-1 outputs are uniform, so any
    // fixed sequence of 64-bit values not derived from the corpus will do.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let false_positives = (0..N)
        .filter(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            loaded.contains_key(x)
        })
        .count();
    // Expected N / 65536 = 15.3; 60 is more than 11 standard deviations out.
    assert!(false_positives <= 60, "{false_positives} false positives");

    let policy = Policy::nist(false).with_breach_filter(Arc::new(loaded));
    assert_eq!(
        policy.check("breached-123456", &[])[0].code(),
        "blocklisted"
    );
    assert_eq!(
        policy.check("breached-123456", &[])[0].params()[0]
            .1
            .to_string(),
        "breached"
    );
    assert!(policy.check("tortuga roja veloz", &[]).is_empty());
}

fn small_filter(shard_bits: Option<u8>) -> BreachFilter {
    let mut b = BreachFilterBuilder::new();
    if let Some(bits) = shard_bits {
        b = b.shard_bits(bits).expect("valid bits");
    }
    for i in 0..5000 {
        b.add_password(&format!("pw-{i}"));
        b.add_password(&format!("pw-{i}")); // duplicates are merged
    }
    b.build().expect("builds")
}

/// Sharded filters find every entry, and an empty filter builds and loads.
#[test]
fn shards_and_empty() {
    for bits in [0, 1, 4, 8] {
        let f = small_filter(Some(bits));
        assert_eq!(f.len(), 5000);
        assert!(
            (0..5000).all(|i| f.contains_password(&format!("pw-{i}"))),
            "bits {bits}"
        );
        let again = BreachFilter::from_bytes(f.to_vec().expect("in memory")).expect("reloads");
        assert!(again.contains_password("pw-4999"));
    }
    let empty = BreachFilterBuilder::new().build().expect("empty builds");
    assert!(empty.is_empty());
    assert!(BreachFilter::from_bytes(empty.to_vec().expect("in memory")).is_ok());
    assert!(BreachFilterBuilder::new().shard_bits(17).is_err());
}

/// Every truncation, every flipped byte and foreign files are refused with
/// the right typed error, never a panic.
#[test]
fn corrupt_files_refused() {
    let good = small_filter(Some(2)).to_vec().expect("in memory");
    for cut in (0..good.len()).step_by(97).chain([good.len() - 1]) {
        let err = BreachFilter::from_bytes(good[..cut].to_vec()).expect_err("truncated");
        assert!(
            matches!(
                err,
                PolicyError::FilterTruncated | PolicyError::FilterParametersInvalid
            ),
            "cut {cut}: {err:?}"
        );
    }
    for at in (0..good.len()).step_by(13) {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        assert!(BreachFilter::from_bytes(bad).is_err(), "flip at {at}");
    }
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 1;
    assert_eq!(
        BreachFilter::from_bytes(flipped).err(),
        Some(PolicyError::FilterChecksumMismatch)
    );
    let mut version = good.clone();
    version[8] = 2;
    assert_eq!(
        BreachFilter::from_bytes(version).err(),
        Some(PolicyError::FilterVersionUnsupported)
    );
    assert_eq!(
        BreachFilter::from_bytes(b"SHA1HEX:count\n".to_vec()).err(),
        Some(PolicyError::FilterMagicInvalid)
    );
    assert_eq!(
        BreachFilter::from_bytes(Vec::new()).err(),
        Some(PolicyError::FilterTruncated)
    );
    let mut trailing = good;
    trailing.push(0);
    assert_eq!(
        BreachFilter::from_bytes(trailing).err(),
        Some(PolicyError::FilterParametersInvalid)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any set of passwords builds a filter that contains every one of them
    /// and survives a save and load unchanged.
    #[test]
    fn every_entry_found(passwords in proptest::collection::vec("\\PC{0,16}", 0..300), bits in 0u8..4) {
        let mut b = BreachFilterBuilder::new().shard_bits(bits).expect("valid bits");
        for p in &passwords {
            b.add_password(p);
        }
        let f = b.build().expect("builds");
        proptest::prop_assert!(passwords.iter().all(|p| f.contains_password(p)));
        let g = BreachFilter::from_bytes(f.to_vec().expect("in memory")).expect("reloads");
        proptest::prop_assert_eq!(g.as_bytes(), f.as_bytes());
    }
}
