//! Verifies arbitrary (key, signature, message) bytes through every entry
//! point: key decoding, single verification, the batch path with raw and
//! parsed keys, and Ed25519ph. Nothing may panic, and the single and batch
//! answers must agree.
#![no_main]

use credkit::sign::{Prehash, Signature, VerifyItem, VerifyingKey, verify_many};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Byte 0 chooses the signature length (usually 64), then key, signature, message.
    let Some((&len_byte, rest)) = data.split_first() else {
        return;
    };
    let sig_len = if len_byte < 200 {
        64
    } else {
        usize::from(len_byte - 200)
    };
    if rest.len() < 32 + sig_len {
        return;
    }
    let (key, rest) = rest.split_at(32);
    let (sig, message) = rest.split_at(sig_len);

    let single = match (VerifyingKey::from_slice(key), Signature::from_slice(sig)) {
        (Ok(k), Ok(s)) => {
            let ok = k.verify(message, &s).is_ok();
            let prehash = Prehash::from_reader(message).expect("in memory");
            let _ = k.verify_prehashed(&prehash, b"ctx", &s);
            assert_eq!(
                verify_many(&[VerifyItem::from_parsed_key(&k, message, sig)]),
                [ok]
            );
            ok
        }
        _ => false,
    };
    assert_eq!(
        verify_many(&[VerifyItem::from_bytes(key, message, sig)]),
        [single]
    );
});
