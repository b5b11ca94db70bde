//! credkit end to end: the flows of the services credkit serves.
//!
//! Run with `scripts/demo.sh` (or `cargo run --example demo`). Each section
//! is its own file and prints what it does.

mod credentials;
mod otp;
mod passwords;
mod policy;
mod signatures;
mod sso;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    passwords::run()?;
    policy::run()?;
    otp::run()?;
    signatures::run()?;
    credentials::run()?;
    sso::run()?;
    println!("\nall flows completed");
    Ok(())
}
