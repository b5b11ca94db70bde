//! Absher-style digital ID: issue a signed QR credential, render it, verify
//! it offline, re-issue after a change of address (the old version must stop
//! working), then re-issue and bulk-verify 10,000 credentials.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use credkit::credential::{
    AttributeValue, CredentialIssuer, CredentialRequest, CredentialVerifier, Date, Status,
    StatusList,
};
use credkit::sign::{KeyId, KeySet, SigningKey};
use sha2::{Digest, Sha256};

const YEAR: u64 = 365 * 86_400;

fn digital_id(id_number: &str, city: &str, version: u64, index: u64) -> CredentialRequest {
    CredentialRequest::new(id_number, 5 * YEAR)
        .version(version)
        .status_index(index)
        .attribute("name", "Mohammed Abdullah Al-Qahtani")
        .attribute("name_ar", "محمد عبدالله القحطاني")
        .attribute("nationality", "SAU")
        .attribute("dob", Date::new(1990, 5, 17).expect("a real date"))
        .attribute("id_expiry", Date::new(2031, 5, 17).expect("a real date"))
        .attribute("city", city)
        // SHA-256 of the holder's photo (the photo itself stays in the app).
        .attribute("photo_sha256", Sha256::digest(b"holder photo").to_vec())
}

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("\n== Absher-style digital ID (COSE_Sign1/CWT in a QR code) ==");
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();

    let key = SigningKey::generate()?;
    let mut trust = KeySet::new();
    trust.insert(KeyId::new("absher-2026")?, key.verifying_key());
    let issuer = CredentialIssuer::new(key, "absher-2026", "example-authority")?;
    let mut statuses = StatusList::new(100_000)?;

    let v1 = issuer.issue(&digital_id("1012345678", "Jeddah", 1, 0), now)?;
    println!(
        "issued ID version 1: {} characters of QR text: {}...",
        v1.len(),
        &v1[..40]
    );
    #[cfg(feature = "qr")]
    {
        let svg = credkit::credential::qr_svg(&v1, 4)?;
        std::fs::create_dir_all("demo-out")?;
        std::fs::write("demo-out/digital-id.svg", svg.svg())?;
        println!(
            "rendered QR version {} ({}x{} modules, alphanumeric, EC level Q) to demo-out/digital-id.svg",
            svg.version(),
            svg.modules(),
            svg.modules()
        );
    }

    // An office checks the QR offline: trust list and status list, no network.
    let mut office = CredentialVerifier::new(trust.clone());
    office.load_status_list(&issuer.issue_status_list(&statuses, 1, 86_400, now)?, now)?;
    let credential = office.verify(&v1, now)?;
    let city = match credential.attributes().get("city") {
        Some(AttributeValue::Text(city)) => city.as_str(),
        _ => "?",
    };
    println!(
        "office verified offline: subject {}, version {}, city {city}",
        credential.subject(),
        credential.version(),
    );

    // Change of address: re-issue with a higher version, supersede the old one.
    let v2 = issuer.issue(&digital_id("1012345678", "Riyadh", 2, 1), now)?;
    statuses.set(0, Status::Superseded)?;
    let list = issuer.issue_status_list(&statuses, 2, 86_400, now)?;
    office.load_status_list(&list, now)?;
    println!(
        "address changed: version 2 issued, status list v2 published ({} bytes for {} entries)",
        list.len(),
        statuses.len()
    );
    match office.verify(&v1, now) {
        Err(e) => println!("old version 1 refused: {e}"),
        Ok(_) => return Err("superseded credential was accepted".into()),
    }
    println!(
        "new version {} accepted",
        office.verify(&v2, now)?.version()
    );

    // Bulk: re-issue 10,000 credentials (e.g. after a key rotation), then an
    // auditor verifies them all with batch signature verification.
    let requests: Vec<_> = (0..10_000u64)
        .map(|i| digital_id(&format!("1{:09}", i), "Dammam", 1, 1000 + i))
        .collect();
    let start = Instant::now();
    let issued: Vec<String> = issuer
        .issue_many(&requests, now)
        .into_iter()
        .collect::<Result<_, _>>()?;
    let issue_time = start.elapsed();
    let start = Instant::now();
    let results = office.verify_many(&issued, now);
    let verify_time = start.elapsed();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    println!(
        "bulk: issued 10,000 in {:.0} ms, verify_many: {ok}/10,000 valid in {:.0} ms",
        issue_time.as_secs_f64() * 1e3,
        verify_time.as_secs_f64() * 1e3
    );
    if ok != issued.len() {
        return Err("bulk verification refused a valid credential".into());
    }
    Ok(())
}
