//! Single sign-on: a Sanad-style unified login (one token, two ministry
//! portals that verify it on their own, a key rotation) and a Nafath-style
//! push approval with number matching (right number, wrong number, expiry).

use credkit::secret::SecretBytes;
use credkit::sign::{P256SigningKey, SigningKey};
use credkit::sso::{
    ApprovalIssuer, ApprovalRequest, Audience, Jwks, SsoError, TokenIssuer, TokenVerifier,
    approval_message,
};

const SSO: &str = "https://sso.example.jo";
const MOJ: &str = "https://portal.moj.example.jo";
const LAND: &str = "https://portal.land.example.jo";

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    println!("\n== single sign-on (Sanad-style unified login) ==");
    let now = 1_800_000_000;
    let issuer = TokenIssuer::new(SigningKey::generate()?, "2026-10", SSO)?;
    // Each portal fetches the published JWKS and verifies on its own.
    let published = issuer.jwks().to_json();
    let moj = TokenVerifier::new(Jwks::from_json(&published)?, SSO, MOJ)?;
    let land = TokenVerifier::new(Jwks::from_json(&published)?, SSO, LAND)?;

    // The citizen logs in once; the SSO issues a token for each portal visited.
    let for_moj = issuer.issue("9871234567", Audience::One(MOJ), 300, None, None, now)?;
    let for_land = issuer.issue("9871234567", Audience::One(LAND), 300, None, None, now)?;
    let t = moj.verify(&for_moj, None, now + 5)?;
    println!(
        "justice portal: subject {} via key {} ({}), jti {}",
        t.subject().unwrap_or("-"),
        t.key_id(),
        t.algorithm(),
        t.token_id().unwrap_or("-")
    );
    land.verify(&for_land, None, now + 5)?;
    println!("land portal: its own token verifies");
    println!(
        "land portal given the justice portal's token: {}",
        code(land.verify(&for_moj, None, now + 5))
    );
    println!(
        "justice portal, 6 minutes later: {}",
        code(moj.verify(&for_moj, None, now + 360))
    );

    // Key rotation: the new ES256 key is published beside the old one; old
    // tokens keep verifying until they expire.
    let rotated = TokenIssuer::new(P256SigningKey::generate()?, "2026-11", SSO)?;
    let mut jwks = Jwks::from_json(&published)?;
    jwks.merge(&rotated.jwks())?;
    let moj = TokenVerifier::new(jwks, SSO, MOJ)?;
    let new_token = rotated.issue("9871234567", Audience::One(MOJ), 300, None, None, now)?;
    println!(
        "after rotation: new ES256 token {}, old EdDSA token {}",
        code(moj.verify(&new_token, None, now + 5)),
        code(moj.verify(&for_moj, None, now + 5))
    );

    println!("\n== push approval with number matching (Nafath-style) ==");
    let approvals = ApprovalIssuer::new(1, &SecretBytes::random(32)?, 120, 3)?;
    let phone = P256SigningKey::generate()?; // the enrolled device key (secure hardware)
    let device_key = phone.verifying_key().into();
    let request = approvals.request("1012345678", "portal-x", now)?;
    let number = request.number().unwrap_or_default();
    println!(
        "service screen shows {number}; the app offers {:?}",
        request.choices()
    );
    let stored = request.to_bytes(); // what the service keeps: no number in it

    // The user picks the right number; the phone signs the approval.
    let mut req = ApprovalRequest::from_bytes(&stored)?;
    let sig = phone.sign(&approval_message(
        &req.request_id(),
        "1012345678",
        number.into(),
    ));
    approvals.approve(&mut req, number.into(), &sig, &device_key, now + 10)?;
    println!("right number: approved");
    println!(
        "same approval again: {}",
        code(approvals.approve(&mut req, number.into(), &sig, &device_key, now + 11))
    );

    // Another login: the user taps a decoy; the request is spent.
    let request = approvals.request("1012345678", "portal-x", now)?;
    let right = request.number().unwrap_or_default();
    let decoy = request
        .choices()
        .iter()
        .copied()
        .find(|c| *c != right)
        .unwrap_or(10);
    let mut req = ApprovalRequest::from_bytes(&request.to_bytes())?;
    let sig = phone.sign(&approval_message(
        &req.request_id(),
        "1012345678",
        decoy.into(),
    ));
    let right_sig = phone.sign(&approval_message(
        &req.request_id(),
        "1012345678",
        right.into(),
    ));
    println!(
        "wrong number: {}; then the right one: {}",
        code(approvals.approve(&mut req, decoy.into(), &sig, &device_key, now + 10)),
        code(approvals.approve(&mut req, right.into(), &right_sig, &device_key, now + 10))
    );

    // A third login left unanswered for three minutes.
    let request = approvals.request("1012345678", "portal-x", now)?;
    let n = request.number().unwrap_or_default();
    let mut req = ApprovalRequest::from_bytes(&request.to_bytes())?;
    let sig = phone.sign(&approval_message(&req.request_id(), "1012345678", n.into()));
    println!(
        "approved after 3 minutes: {}",
        code(approvals.approve(&mut req, n.into(), &sig, &device_key, now + 180))
    );
    Ok(())
}

fn code<T>(r: Result<T, SsoError>) -> String {
    match r {
        Ok(_) => "accepted".to_owned(),
        Err(e) => format!("refused ({})", e.code()),
    }
}
