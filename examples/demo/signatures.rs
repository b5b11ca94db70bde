//! Signatures: a Sanad-style document signature streamed from a file, key
//! rotation with a trust list, and an auditor's bulk verification of 10,000
//! signatures that names the bad ones.

use std::io::Write;
use std::time::Instant;

use credkit::sign::{KeyId, KeySet, SigningKey, VerifyItem, sign_many, verify_many};

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("\n== signatures (Ed25519) ==");

    // A citizen signs a document with a Sanad-style digital ID: the file is
    // streamed (Ed25519ph), never loaded whole.
    let citizen = SigningKey::generate()?;
    let path = std::env::temp_dir().join(format!("credkit-demo-{}.pdf", std::process::id()));
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let mut block = [0u8; 64 * 1024];
        for i in 0..512u32 {
            for (j, b) in block.iter_mut().enumerate() {
                *b = i.to_le_bytes()[0].wrapping_mul(31) ^ j.to_le_bytes()[0];
            }
            file.write_all(&block)?;
        }
        file.flush()?;
    }
    let context = b"sanad:document-signature:v1";
    let started = Instant::now();
    let signature = citizen.sign_document(std::fs::File::open(&path)?, context)?;
    println!(
        "document signature of a 32 MiB file, streamed: {:.0?}",
        started.elapsed()
    );
    citizen
        .verifying_key()
        .verify_document(std::fs::File::open(&path)?, context, &signature)?;
    println!("verified by the receiving portal: ok");
    let other_context = citizen.verifying_key().verify_document(
        std::fs::File::open(&path)?,
        b"sanad:payment:v1",
        &signature,
    );
    println!(
        "same signature under another context: {}",
        outcome(other_context.is_ok())
    );
    std::fs::remove_file(&path)?;

    // The authority rotates its issuing key: both keys are trusted during
    // the overlap, then the old one is retired.
    let old = SigningKey::generate()?;
    let new = SigningKey::generate()?;
    let old_id = KeyId::new("authority-2025")?;
    let new_id = KeyId::new("authority-2026")?;
    let mut trust = KeySet::new();
    trust.insert(old_id.clone(), old.verifying_key());
    trust.insert(new_id.clone(), new.verifying_key());
    let old_sig = old.sign(b"credential #1");
    trust.verify(&old_id, b"credential #1", &old_sig)?;
    println!(
        "rotation: {} keys trusted, old credential verifies",
        trust.len()
    );
    trust.remove(&old_id);
    let after = trust.verify(&old_id, b"credential #1", &old_sig);
    println!(
        "old key retired, old credential: {}",
        outcome(after.is_ok())
    );

    // An auditor re-checks 10,000 credentials from ten issuers; three were
    // tampered with after signing.
    let issuers: Vec<SigningKey> = (0..10)
        .map(|_| SigningKey::generate())
        .collect::<Result<_, _>>()?;
    let keys: Vec<_> = issuers.iter().map(SigningKey::verifying_key).collect();
    let mut messages: Vec<Vec<u8>> = (0..10_000u32)
        .map(|i| format!("credential {i}: subject 10{i:08}").into_bytes())
        .collect();
    let started = Instant::now();
    let mut signatures = Vec::with_capacity(messages.len());
    for (n, issuer) in issuers.iter().enumerate() {
        signatures.extend(sign_many(issuer, &messages[n * 1000..(n + 1) * 1000]));
    }
    println!(
        "issued 10,000 signatures (sign_many): {:.0?}",
        started.elapsed()
    );
    for i in [17usize, 4242, 9999] {
        messages[i].push(b'!');
    }
    let items: Vec<VerifyItem<'_>> = messages
        .iter()
        .zip(&signatures)
        .enumerate()
        .map(|(i, (m, s))| VerifyItem::new(&keys[i / 1000], m, s))
        .collect();
    let started = Instant::now();
    let results = verify_many(&items);
    let elapsed = started.elapsed();
    let bad: Vec<usize> = results
        .iter()
        .enumerate()
        .filter_map(|(i, ok)| (!ok).then_some(i))
        .collect();
    println!(
        "bulk verification of 10,000 signatures on {} threads: {:.0?}, {} valid, bad items {:?}",
        rayon::current_num_threads(),
        elapsed,
        results.len() - bad.len(),
        bad
    );
    Ok(())
}

fn outcome(ok: bool) -> &'static str {
    if ok { "accepted" } else { "rejected" }
}
