//! One-time codes: Cl@ve activation (activation code, then SMS code), the
//! SIM-registration code of the Nafath flow, and an authenticator app.

use credkit::otp::{CodeIssuer, CodePolicy, CodeRecord, OtpError, OtpSecret, Totp};
use credkit::secret::SecretBytes;

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("\n== one-time codes (otp) ==");
    let now = 1_763_856_000; // a fixed Unix time keeps the demo reproducible

    // The MAC key lives in the service's secret store, not in the database
    // that stores the records; key id 1 is the current key.
    let key = SecretBytes::random(32)?;

    // --- Cl@ve: activation code by post, then an SMS code -----------------
    let dni = "12345678Z";
    let activation = CodeIssuer::new(1, &key, CodePolicy::CLAVE_ACTIVATION)?;
    let (letter_code, record) = activation.issue(dni, "clave-activation", now)?;
    let mut stored = record.to_bytes(); // what the database holds
    println!(
        "Cl@ve: activation code for {dni} mailed ({} symbols, Crockford Base32); record is {} bytes, no code inside",
        letter_code.expose().len(),
        stored.len()
    );
    // Days later the user types it, in lower case with a dash.
    let typed = format!(
        "{}-{}",
        &letter_code.expose()[..5],
        &letter_code.expose()[5..]
    )
    .to_lowercase();
    let mut record = CodeRecord::from_bytes(&stored)?;
    activation.redeem(
        &mut record,
        &typed,
        dni,
        "clave-activation",
        now + 3 * 86_400,
    )?;
    stored = record.to_bytes(); // persist after every call (compare-and-set)
    println!("Cl@ve: activation code {typed:?} accepted, record marked used");

    let sms = CodeIssuer::new(1, &key, CodePolicy::SMS_LOGIN)?;
    let (sms_code, mut sms_record) = sms.issue(dni, "clave-activation-sms", now + 3 * 86_400)?;
    let wrong = if sms_code.expose() == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = sms.redeem(
        &mut sms_record,
        wrong,
        dni,
        "clave-activation-sms",
        now + 3 * 86_400 + 20,
    );
    println!(
        "Cl@ve: SMS code mistyped -> {}, attempts now {}/{}",
        refused
            .err()
            .map_or("accepted?".to_owned(), |e| e.to_string()),
        sms_record.attempts(),
        sms_record.max_attempts()
    );
    sms.redeem(
        &mut sms_record,
        sms_code.expose(),
        dni,
        "clave-activation-sms",
        now + 3 * 86_400 + 40,
    )?;
    println!("Cl@ve: SMS code accepted; the user may now set a password");
    let mut replay = CodeRecord::from_bytes(&stored)?;
    let again = activation.redeem(
        &mut replay,
        &typed,
        dni,
        "clave-activation",
        now + 4 * 86_400,
    );
    assert_eq!(again, Err(OtpError::CodeUsed));
    println!(
        "Cl@ve: activation code used again -> refused ({})",
        OtpError::CodeUsed
    );

    // --- Nafath / telecom: SIM-registration code, 4 h, single use --------
    let national_id = "1012345678";
    let purpose = "sim-activation:provider-x";
    let sim = CodeIssuer::new(1, &key, CodePolicy::SIM_REGISTRATION)?;
    let (code, mut rec) = sim.issue(national_id, purpose, now)?;
    println!(
        "SIM: 6-digit code issued to {national_id} for {purpose}, valid until +{} h",
        (rec.expires_at() - rec.issued_at()) / 3600
    );
    let other = sim.redeem(
        &mut rec,
        code.expose(),
        national_id,
        "sim-replacement:provider-x",
        now + 60,
    );
    println!(
        "SIM: right code presented for another service -> {}",
        other
            .err()
            .map_or("accepted?".to_owned(), |e| e.to_string())
    );
    sim.redeem(&mut rec, code.expose(), national_id, purpose, now + 120)?;
    println!("SIM: code redeemed at the provider's shop");
    let replayed = sim.redeem(&mut rec, code.expose(), national_id, purpose, now + 180);
    println!(
        "SIM: same code again -> {}",
        replayed
            .err()
            .map_or("accepted?".to_owned(), |e| e.to_string())
    );
    let (late_code, mut late) = sim.issue(national_id, purpose, now)?;
    let expired = sim.redeem(
        &mut late,
        late_code.expose(),
        national_id,
        purpose,
        now + 4 * 3600,
    );
    println!(
        "SIM: a code presented after 4 hours -> {}",
        expired
            .err()
            .map_or("accepted?".to_owned(), |e| e.to_string())
    );

    // Key rotation: key 2 issues, key 1 still redeems its records.
    let key2 = SecretBytes::random(32)?;
    let (old_code, mut old_rec) = sim.issue(national_id, purpose, now)?;
    let rotated =
        CodeIssuer::new(2, &key2, CodePolicy::SIM_REGISTRATION)?.with_retired_key(1, &key)?;
    rotated.redeem(
        &mut old_rec,
        old_code.expose(),
        national_id,
        purpose,
        now + 60,
    )?;
    println!("SIM: after rotating to key 2, a code MACed under key 1 still redeems");

    // --- Authenticator app (Sanad-style TOTP) -----------------------------
    let totp = Totp::with_defaults(OtpSecret::generate()?);
    let uri = totp.to_uri("jo.doe@example.jo", Some("Sanad"))?;
    let shown = format!(
        "{}…",
        &uri[..uri.find("secret=").map_or(uri.len(), |i| i + 7)]
    );
    println!("app: enrolment QR carries {shown} (secret elided here)");
    let app = Totp::from_uri(&uri)?; // what the phone app holds
    let code = app.generate(now)?;
    let step = totp.verify(&code, now + 10, Totp::DEFAULT_WINDOW, None)?;
    println!("app: login with {code} accepted at step {step}; store the step");
    let again = totp.verify(&code, now + 15, Totp::DEFAULT_WINDOW, Some(step));
    println!(
        "app: same code replayed -> {}",
        again
            .err()
            .map_or("accepted?".to_owned(), |e| e.to_string())
    );
    let next = app.generate(now + 30)?;
    let step2 = totp.verify(&next, now + 31, Totp::DEFAULT_WINDOW, Some(step))?;
    println!("app: next code accepted at step {step2}");
    Ok(())
}
