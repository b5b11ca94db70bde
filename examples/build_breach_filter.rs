//! Builds a credkit breached-password filter file from a Have I Been Pwned
//! "Pwned Passwords" SHA-1 file (`SHA1HEX:count` per line, any order).
//!
//! ```sh
//! cargo run --release --example build_breach_filter -- pwnedpasswords.txt breached.ckbf
//! # or, to measure on a synthetic corpus of N lines:
//! cargo run --release --example build_breach_filter -- --generate 10000000 /tmp/pwned.txt
//! ```
//!
//! The input is streamed line by line; the builder keeps 8 bytes per line.
//! Load the result with `BreachFilter::from_bytes(std::fs::read(path)?)`.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use credkit::policy::{BreachFilter, BreachFilterBuilder};
use sha1::{Digest, Sha1};

fn generate(n: u64, path: &str) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    for i in 0..n {
        let digest = Sha1::digest(format!("synthetic-{i}").as_bytes());
        writeln!(w, "{}:{}", hex::encode_upper(digest), i % 1000 + 1)?;
    }
    w.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, n, path] if flag == "--generate" => {
            let start = Instant::now();
            generate(n.parse()?, path)?;
            println!("wrote {n} lines to {path} in {:.1?}", start.elapsed());
            Ok(())
        }
        [input, output] => {
            let start = Instant::now();
            let reader: Box<dyn BufRead> = if input == "-" {
                Box::new(BufReader::with_capacity(1 << 20, std::io::stdin()))
            } else {
                Box::new(BufReader::with_capacity(
                    1 << 20,
                    std::fs::File::open(input)?,
                ))
            };
            let mut builder = BreachFilterBuilder::new();
            let number = builder
                .add_pwned_file(reader)
                .map_err(|e| format!("{input}: {e}"))?;
            let parsed = start.elapsed();
            let filter = builder.build()?;
            let built = start.elapsed();
            filter.save(output)?;
            // Check the written file loads, as a consumer will.
            let reloaded = BreachFilter::from_bytes(std::fs::read(output)?)?;
            println!(
                "{number} lines, {} distinct entries, {} bytes ({:.3} bytes/entry); read+parse {:.1?}, build {:.1?}, total {:.1?}",
                reloaded.len(),
                reloaded.file_len(),
                reloaded.file_len() as f64 / reloaded.len().max(1) as f64,
                parsed,
                built - parsed,
                start.elapsed()
            );
            Ok(())
        }
        _ => {
            eprintln!(
                "usage: build_breach_filter INPUT OUTPUT\n       build_breach_filter --generate N PATH"
            );
            std::process::exit(2);
        }
    }
}
