//! Single-versus-batch differential: the input describes a batch of signed
//! messages and how each is damaged (bit flips in R, S, the key or the
//! message, S + L, small-order R, signature swaps). Each item's answer from
//! `verify_many` must equal its answer from `VerifyingKey::verify`, in the
//! full batch, in reverse order, and alone.
#![no_main]

use std::sync::OnceLock;

use credkit::sign::{Signature, SigningKey, VerifyItem, VerifyingKey, verify_many};
use libfuzzer_sys::fuzz_target;

/// L, the group order, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// Encodings of small-order points (identity, order 2, order 4, order 8).
const SMALL_ORDER: [[u8; 32]; 4] = {
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut order2 = [0xffu8; 32];
    order2[0] = 0xec;
    order2[31] = 0x7f;
    let order4 = [0u8; 32];
    let order8 = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ];
    [identity, order2, order4, order8]
};

fn keys() -> &'static [SigningKey] {
    static KEYS: OnceLock<Vec<SigningKey>> = OnceLock::new();
    KEYS.get_or_init(|| (0u8..4).map(|i| SigningKey::from_bytes(&[i; 32])).collect())
}

fn single(key: &[u8], message: &[u8], sig: &[u8]) -> bool {
    match (VerifyingKey::from_slice(key), Signature::from_slice(sig)) {
        (Ok(k), Ok(s)) => k.verify(message, &s).is_ok(),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    // Each item: [key index, mutation, position, message length, message...].
    let mut items: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut rest = data;
    while rest.len() >= 4 && items.len() < 64 {
        let (head, tail) = rest.split_at(4);
        let msg_len = usize::from(head[3] % 24).min(tail.len());
        let (message, tail) = tail.split_at(msg_len);
        rest = tail;
        let sk = &keys()[usize::from(head[0] % 4)];
        let mut key = sk.verifying_key().to_bytes().to_vec();
        let mut message = message.to_vec();
        let mut sig = sk.sign(&message).to_bytes().to_vec();
        let pos = usize::from(head[2]);
        match head[1] % 9 {
            0 | 1 => {}
            2 => sig[pos % 64] ^= 1 << (pos % 8),
            3 => key[pos % 32] ^= 1 << (pos % 8),
            4 => {
                if message.is_empty() {
                    message.push(0);
                } else {
                    message[pos % msg_len.max(1)] ^= 1;
                }
            }
            5 => {
                let mut carry = 0u16;
                for i in 0..32 {
                    let v = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
                    sig[32 + i] = v.to_le_bytes()[0];
                    carry = v >> 8;
                }
            }
            6 => sig[..32].copy_from_slice(&SMALL_ORDER[pos % 4]),
            7 => key.copy_from_slice(&SMALL_ORDER[pos % 4]),
            _ => {
                if let Some((_, _, other)) = items.last() {
                    sig.clone_from(other);
                }
            }
        }
        items.push((key, message, sig));
    }
    if items.is_empty() {
        return;
    }
    let expected: Vec<bool> = items.iter().map(|(k, m, s)| single(k, m, s)).collect();
    let batch: Vec<VerifyItem<'_>> = items
        .iter()
        .map(|(k, m, s)| VerifyItem::from_bytes(k, m, s))
        .collect();
    assert_eq!(verify_many(&batch), expected);
    let reversed: Vec<VerifyItem<'_>> = batch.iter().rev().copied().collect();
    let mut got = verify_many(&reversed);
    got.reverse();
    assert_eq!(got, expected);
    for (item, e) in batch.iter().zip(&expected) {
        assert_eq!(verify_many(&[*item]), [*e]);
    }
});
