//! Password and PIN policies: the Cl@ve Permanente registration step (ID
//! number validated, password checked with the holder's name and ID as
//! context, then a password change refused when it reuses the previous
//! one), a NIST SP 800-63B-4 check with a breached-password filter, a Sanad
//! transaction PIN, and the Saudi and Jordanian ID numbers.

use std::sync::Arc;

use credkit::password::PasswordHasher;
use credkit::policy::{BreachFilterBuilder, Country, Policy, Violation, normalize_national_id};

fn show(label: &str, violations: &[Violation]) {
    if violations.is_empty() {
        println!("  {label}: accepted");
    } else {
        let codes: Vec<&str> = violations.iter().map(Violation::code).collect();
        println!("  {label}: refused {codes:?}");
        for v in violations {
            println!("      - {}", v.message());
        }
    }
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("\n== policy (Cl@ve, NIST, PIN, national IDs) ==");
    println!("Cl@ve registration:");
    let typed_id = "12345678-z";
    let id = normalize_national_id(typed_id, Country::Es)?;
    println!("  DNI {typed_id:?} -> {id} (check letter valid)");
    let wrong = normalize_national_id("12345678A", Country::Es);
    println!(
        "  DNI \"12345678A\" -> {}",
        wrong.err().map_or("ok".into(), |e| e.to_string())
    );
    let context = ["Juan", "García Núñez", id.as_str()];
    let clave = Policy::clave();
    for candidate in ["juan2024", "Garcia#1234", "Password1!", "Río-Tajo;Nube7"] {
        show(
            &format!("password {candidate:?}"),
            &clave.check(candidate, &context),
        );
    }
    let hasher = PasswordHasher::default();
    let stored = hasher.hash("Río-Tajo;Nube7")?;
    println!("  stored the accepted password as Argon2id");
    show(
        "change to the same password",
        &clave.check_with_previous("Río-Tajo;Nube7", &context, &hasher, &stored)?,
    );
    show(
        "change to a new password",
        &clave.check_with_previous("Sierra(Norte)8", &context, &hasher, &stored)?,
    );

    println!("NIST SP 800-63B-4 (single factor) with a breached-password filter:");
    let mut builder = BreachFilterBuilder::new();
    for leaked in ["tortuga roja veloz", "correct horse battery staple"] {
        builder.add_password(leaked);
    }
    // A real deployment builds the filter once from the Pwned Passwords file
    // (examples/build_breach_filter.rs) and loads it at start.
    let filter = Arc::new(builder.build()?);
    println!(
        "  filter: {} entries, {} bytes",
        filter.len(),
        filter.file_len()
    );
    let nist = Policy::nist(false).with_breach_filter(filter);
    for candidate in [
        "short one",
        "tortuga roja veloz",
        "abcdefgh12345678",
        "sanad tortuga azul",
        "tortuga azul del río",
    ] {
        show(
            &format!("{candidate:?}"),
            &nist.check(candidate, &["sanad"]),
        );
    }

    println!("Sanad transaction PIN (6 digits):");
    let pin = Policy::pin(6)?;
    for candidate in ["123456", "111111", "121212", "58a917", "582917"] {
        show(&format!("PIN {candidate}"), &pin.check(candidate, &[]));
    }

    println!("Other national IDs:");
    for (value, country) in [
        ("1000000008", Country::Sa),
        ("1000000000", Country::Sa),
        ("9871234567", Country::Jo),
    ] {
        match normalize_national_id(value, country) {
            Ok(n) => println!("  {country:?} {value} -> {n}"),
            Err(e) => println!("  {country:?} {value} -> refused: {e}"),
        }
    }
    Ok(())
}
