//! Batch signing and verification over rayon.
//!
//! [`verify_many`] splits the items into chunks, one rayon task each. A
//! chunk is checked with one random linear combination of its equations,
//!
//! \[8\]( Σ zᵢRᵢ + Σ_keys (Σ zᵢkᵢ)A − (Σ zᵢSᵢ)B ) = identity,
//!
//! computed with a single variable-time multiscalar multiplication, terms of
//! the same key coalesced into one. Every zᵢ is a fresh random 128-bit odd
//! number from the operating system's random source, never derived from the
//! inputs: an attacker who sees or chooses the batch cannot predict them, and
//! no transcript design has to be argued for. A batch of valid signatures
//! always passes (rule 4 of [the verification rule](super#the-verification-rule)
//! makes every summand a torsion point, which \[8\] removes). A set with an
//! invalid signature passes with probability at most 2⁻¹²⁷: with the other
//! coefficients fixed, at most one of the 2¹²⁷ odd values of zⱼ cancels the
//! bad item's term. A bad item meets at most 6 such checks on its way down
//! the bisection of a chunk (at most 40 items), so it is accepted with
//! probability below 2⁻¹²⁴.
//!
//! When a chunk fails, at least one of its items is certainly invalid. The
//! chunk is split in two; only the left half's combination is computed, and
//! the right half's is the difference from the whole, so finding one bad
//! item in a chunk of m costs about m more terms, not m single verifications.
//! The recursion reaches single items, where the check is exactly the single
//! rule (z is odd and below L, so \[8\]z·X = 0 if and only if \[8\]X = 0). So an
//! item's answer never depends on the other items of its batch.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rayon::prelude::*;

use super::keys::{Signature, SigningKey, VerifyingKey};
use super::precomputed::KeyTable;
use super::rule::{self, Prepared};
use crate::secret::fill_random;

/// One (key, message, signature) triple for [`verify_many`].
///
/// The key and signature are either already parsed (a verifier that holds
/// [`VerifyingKey`]s) or raw bytes from untrusted input; raw bytes of the
/// wrong length or that do not decode make the item `false`, never an error
/// for the batch.
#[derive(Clone, Copy, Debug)]
pub struct VerifyItem<'a> {
    key: ItemKey<'a>,
    message: &'a [u8],
    signature: ItemSignature<'a>,
}

#[derive(Clone, Copy, Debug)]
enum ItemKey<'a> {
    Parsed(&'a VerifyingKey),
    Bytes(&'a [u8]),
    /// A key of a [`KeySet`](super::KeySet), with its tables.
    Trusted(&'a KeyTable),
}

#[derive(Clone, Copy, Debug)]
enum ItemSignature<'a> {
    Parsed(&'a Signature),
    Bytes(&'a [u8]),
}

impl<'a> VerifyItem<'a> {
    /// An item with a parsed key and signature.
    #[must_use]
    pub fn new(key: &'a VerifyingKey, message: &'a [u8], signature: &'a Signature) -> Self {
        Self {
            key: ItemKey::Parsed(key),
            message,
            signature: ItemSignature::Parsed(signature),
        }
    }

    /// An item from raw bytes: a 32-byte public key and a 64-byte
    /// signature. Anything else verifies as `false`.
    #[must_use]
    pub fn from_bytes(key: &'a [u8], message: &'a [u8], signature: &'a [u8]) -> Self {
        Self {
            key: ItemKey::Bytes(key),
            message,
            signature: ItemSignature::Bytes(signature),
        }
    }

    /// An item with a parsed key and a raw signature (a 64-byte
    /// signature from untrusted input; anything else verifies as `false`).
    #[must_use]
    pub fn from_parsed_key(key: &'a VerifyingKey, message: &'a [u8], signature: &'a [u8]) -> Self {
        Self {
            key: ItemKey::Parsed(key),
            message,
            signature: ItemSignature::Bytes(signature),
        }
    }

    /// An item verified with the tables of a trusted key.
    pub(crate) fn trusted(
        table: &'a KeyTable,
        message: &'a [u8],
        signature: &'a Signature,
    ) -> Self {
        Self {
            key: ItemKey::Trusted(table),
            message,
            signature: ItemSignature::Parsed(signature),
        }
    }

    /// Rules 1 to 3 and the challenge; `None` if the item is malformed.
    fn prepare(&self) -> Option<Prepared<'a>> {
        let parsed_key;
        let key = match self.key {
            ItemKey::Parsed(k) => k,
            ItemKey::Trusted(t) => t.key(),
            ItemKey::Bytes(b) => {
                parsed_key = VerifyingKey::from_slice(b).ok()?;
                &parsed_key
            }
        };
        let parsed_sig;
        let signature = match self.signature {
            ItemSignature::Parsed(s) => s,
            ItemSignature::Bytes(b) => {
                parsed_sig = Signature::from_slice(b).ok()?;
                &parsed_sig
            }
        };
        let prepared = key.prepare(&[], &[self.message], signature)?;
        Some(match self.key {
            ItemKey::Trusted(t) => prepared.with_table(t),
            ItemKey::Parsed(_) | ItemKey::Bytes(_) => prepared,
        })
    }
}

/// Bounds on the chunk given to one rayon task.
///
/// Why small chunks: locating a bad item costs about one chunk's worth of
/// terms again, and below ~64 points the multiscalar multiplication
/// (Straus) costs about the same per point, so small chunks make bad items
/// cheap at almost no cost to clean batches. Larger chunks would switch to
/// Pippenger (190 points and up), which pays only on clean batches (a
/// failing chunk repeats its whole pass), and did not pay measurably even
/// for one trusted key, where decompressing each R is about 40 % of the
/// time. Up to 40 keeps a bad item within 6 probabilistic checks (the
/// bound in the module docs) and met both batch targets with a margin.
///
/// The measurements behind these bounds (chunks of 16 to 1024, clean and
/// 1 % bad, one and two threads, one trusted key) are in the closing notes
/// of issues 5 and 12; re-measure with `cargo bench --bench sign -- ratio`
/// and `-- trusted` before changing them.
const MIN_CHUNK: usize = 16;
/// See [`MIN_CHUNK`].
const MAX_CHUNK: usize = 40;

/// Verifies every item under the rule of [`sign`](super), in parallel, and
/// returns one `bool` per item, in order.
///
/// The answer for each item is the one [`VerifyingKey::verify`] gives for
/// it, whatever else is in the batch (up to the 2⁻¹²⁴ chance described in
/// the [module docs](self) that a bad item in a passing chunk goes
/// unnoticed). Malformed items are `false`.
///
/// **Returns booleans, not a `Result`:** the caller must look at every entry.
/// A batch call is the one place credkit reports a failed verification as a
/// value rather than an error.
#[must_use]
pub fn verify_many(items: &[VerifyItem<'_>]) -> Vec<bool> {
    crate::pool::install(|| {
        let threads = rayon::current_num_threads().max(1);
        let chunk = items.len().div_ceil(threads).clamp(MIN_CHUNK, MAX_CHUNK);
        let parts: Vec<Vec<bool>> = items.par_chunks(chunk).map(verify_chunk).collect();
        parts.concat()
    })
}

/// Signs every message with `key`, in parallel; one signature per message,
/// in order, byte-identical to [`SigningKey::sign`]. Each rayon task signs
/// a group of messages and encodes their nonce points with one shared field
/// inversion (`src/sign/batch_sign.rs`), which makes a
/// signature about a fifth cheaper than signing one by one.
///
/// # Security
/// Uses the secret key from several threads (shared, never copied). Constant
/// time: the shared inversion runs the same operations whatever the nonces.
#[must_use]
pub fn sign_many<M: AsRef<[u8]> + Sync>(key: &SigningKey, messages: &[M]) -> Vec<Signature> {
    use super::batch_sign::{GROUP, sign_messages};
    crate::pool::install(|| {
        messages
            .par_chunks(GROUP)
            .flat_map_iter(|group| sign_messages(key, group))
            .collect()
    })
}

/// Sets of at most this many items are checked one by one: below it the
/// single check (double-base multiplication with a precomputed base-point
/// table) is cheaper than a multiscalar multiplication.
const SINGLE_CHECK_MAX: usize = 2;

/// Verifies one chunk sequentially.
fn verify_chunk(items: &[VerifyItem<'_>]) -> Vec<bool> {
    let prepared: Vec<Option<Prepared<'_>>> = items.iter().map(VerifyItem::prepare).collect();
    verify_prepared(&prepared)
}

/// Verifies prepared items (`None` = malformed, `false`).
pub(crate) fn verify_prepared(prepared: &[Option<Prepared<'_>>]) -> Vec<bool> {
    let mut out = vec![false; prepared.len()];
    let (index, good): (Vec<usize>, Vec<&Prepared<'_>>) = prepared
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        .unzip();
    if good.is_empty() {
        return out;
    }
    let mut results = vec![false; good.len()];
    let coefficients = if good.len() > SINGLE_CHECK_MAX {
        random_coefficients(good.len())
    } else {
        None
    };
    match coefficients {
        Some(z) => {
            let total = combination(&good, &z);
            if passes(&total) {
                results.fill(true);
            } else {
                locate(&good, &z, total, &mut results);
            }
        }
        // A set too small to gain from a combination, or no random source
        // (the combination would be predictable): the single check, which
        // gives the same answers.
        None => {
            for (r, p) in results.iter_mut().zip(&good) {
                *r = rule::check(p);
            }
        }
    }
    for (i, ok) in index.into_iter().zip(results) {
        out[i] = ok;
    }
    out
}

/// `len` random odd scalars below 2^128, or `None` if the OS source fails.
fn random_coefficients(len: usize) -> Option<Vec<Scalar>> {
    let mut bytes = vec![0u8; len.checked_mul(16)?];
    fill_random(&mut bytes).ok()?;
    Some(
        bytes
            .chunks_exact(16)
            .map(|c| {
                let mut z = [0u8; 16];
                z.copy_from_slice(c);
                // Below 2^128 < L: a plain conversion, no reduction.
                Scalar::from(u128::from_le_bytes(z) | 1)
            })
            .collect(),
    )
}

/// Hashes a public key by its first 8 bytes, for the per-chunk map that
/// coalesces terms of the same key. Keys are public, so there is nothing to
/// hide; keys chosen to collide only make lookups in one chunk (at most
/// [`MAX_CHUNK`] entries) linear.
#[derive(Default)]
struct KeyPrefixHasher(u64);

impl Hasher for KeyPrefixHasher {
    fn write(&mut self, bytes: &[u8]) {
        // `[u8; 32]` hashes as its length, then its bytes: keep the last
        // write of at least 8 bytes, the key's.
        if let Some(prefix) = bytes.first_chunk::<8>() {
            self.0 = u64::from_le_bytes(*prefix);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Σ zᵢRᵢ + Σ_keys (Σ zᵢkᵢ)A − (Σ zᵢSᵢ)B, without the final [8].
///
/// When some item carries the tables of its key (a key of a
/// [`KeySet`](super::KeySet)), the first such key and B are multiplied with
/// those tables; every other point gets a table built in the call, as
/// without them. Same point either way.
fn combination(items: &[&Prepared<'_>], z: &[Scalar]) -> EdwardsPoint {
    let table = items.iter().find_map(|p| p.table);
    let static_key = table.map(|t| t.key().as_bytes());
    let mut scalars = Vec::with_capacity(2 * items.len() + 1);
    // References: a point is 160 bytes, and the multiplication only reads it.
    let mut points: Vec<&EdwardsPoint> = Vec::with_capacity(2 * items.len() + 1);
    let mut b_coefficient = Scalar::ZERO;
    let mut static_coefficient = Scalar::ZERO;
    // Coalesce the A terms of items that share a key.
    let mut key_slot: HashMap<[u8; 32], usize, BuildHasherDefault<KeyPrefixHasher>> =
        HashMap::with_capacity_and_hasher(items.len(), BuildHasherDefault::default());
    for (p, z) in items.iter().zip(z) {
        b_coefficient -= z * p.s;
        scalars.push(*z);
        points.push(&p.r);
        let zk = z * p.k;
        if static_key == Some(&p.a_bytes) {
            static_coefficient += zk;
            continue;
        }
        match key_slot.get(&p.a_bytes) {
            Some(&slot) => scalars[slot] += zk,
            None => {
                key_slot.insert(p.a_bytes, scalars.len());
                scalars.push(zk);
                points.push(&p.a);
            }
        }
    }
    match table {
        Some(t) => t.base_key_and(
            b_coefficient,
            static_coefficient,
            scalars.into_iter(),
            points.into_iter(),
        ),
        None => {
            scalars.push(b_coefficient);
            points.push(&ED25519_BASEPOINT_POINT);
            EdwardsPoint::vartime_multiscalar_mul(scalars, points)
        }
    }
}

fn passes(combination: &EdwardsPoint) -> bool {
    combination.mul_by_cofactor().is_identity()
}

/// Finds the bad items of a failing set whose combination is `total`.
///
/// Precondition: `!passes(total)`, so at least one item is bad.
fn locate(items: &[&Prepared<'_>], z: &[Scalar], total: EdwardsPoint, out: &mut [bool]) {
    match (items, &mut *out) {
        ([], _) => return,
        // A single item whose own combination fails is bad: exact (see module docs).
        ([_], [o]) => {
            *o = false;
            return;
        }
        // Two items: the single check (with its precomputed base-point
        // table) is cheaper than a three-point multiplication. If the first
        // is valid, the second must be the bad one.
        ([first, second], [o_first, o_second]) => {
            *o_first = rule::check(first);
            *o_second = !*o_first && rule::check(second);
            return;
        }
        _ => {}
    }
    let mid = items.len() / 2;
    let (items_left, items_right) = items.split_at(mid);
    let (z_left, z_right) = z.split_at(mid);
    let left = combination(items_left, z_left);
    let right = total - left;
    let (out_left, out_right) = out.split_at_mut(mid);
    for (items, z, combo, out) in [
        (items_left, z_left, left, out_left),
        (items_right, z_right, right, out_right),
    ] {
        if passes(&combo) {
            out.fill(true);
        } else {
            locate(items, z, combo, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::ED25519_BASEPOINT_TABLE;

    fn prepared(seed: u64, key_bytes: [u8; 32]) -> Prepared<'static> {
        let scalar = |n: u64| Scalar::from(n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        Prepared {
            a: &scalar(seed) * ED25519_BASEPOINT_TABLE,
            a_bytes: key_bytes,
            r: &scalar(seed + 1) * ED25519_BASEPOINT_TABLE,
            s: scalar(seed + 2),
            k: scalar(seed + 3),
            table: None,
        }
    }

    /// Keys whose encodings share their first 8 bytes (what the key map
    /// hashes) stay separate terms, and equal encodings are coalesced: the
    /// combination equals the one computed term by term.
    #[test]
    fn key_map_separates_colliding_prefixes_and_coalesces_equal_keys() {
        let mut shared_prefix = [7u8; 32];
        let mut other = shared_prefix;
        other[31] = 8;
        shared_prefix[31] = 9;
        // Items 0 and 2 use the same key (same point, same bytes); item 1
        // a different point whose bytes share the first 8.
        let mut items = [
            prepared(1, shared_prefix),
            prepared(10, other),
            prepared(1, shared_prefix),
        ];
        items[2].r = items[1].r;
        let refs: Vec<&Prepared<'_>> = items.iter().collect();
        let z: Vec<Scalar> = (3u128..6).map(Scalar::from).collect();
        let mut expected = EdwardsPoint::default();
        for (p, z) in items.iter().zip(&z) {
            expected += z * p.r + (z * p.k) * p.a - (z * p.s) * ED25519_BASEPOINT_POINT;
        }
        assert_eq!(combination(&refs, &z), expected);
    }

    /// A chunk computed with the tables of one of its keys (the items of
    /// that key, another key, and a second key with tables that is not the
    /// static one) gives the same point as without tables.
    #[test]
    fn combination_with_tables_equals_combination_without() {
        let keys = [3u8, 4, 5].map(|s| SigningKey::from_bytes(&[s; 32]).verifying_key());
        let tables = keys.map(KeyTable::new);
        let with_key = |seed: u64, i: usize| {
            let mut p = prepared(seed, *keys[i].as_bytes());
            p.a = *keys[i].point();
            p
        };
        let plain = [
            with_key(1, 0),
            with_key(5, 1),
            with_key(9, 0),
            with_key(13, 2),
        ];
        let mut tabled = plain;
        tabled[0] = tabled[0].with_table(&tables[0]);
        tabled[2] = tabled[2].with_table(&tables[0]);
        tabled[3] = tabled[3].with_table(&tables[2]);
        let z: Vec<Scalar> = (11u128..15).map(Scalar::from).collect();
        let plain_refs: Vec<&Prepared<'_>> = plain.iter().collect();
        let tabled_refs: Vec<&Prepared<'_>> = tabled.iter().collect();
        assert_eq!(combination(&tabled_refs, &z), combination(&plain_refs, &z));
        // And with the tabled key not first.
        tabled.swap(0, 1);
        let plain_swapped = [plain[1], plain[0], plain[2], plain[3]];
        let plain_refs: Vec<&Prepared<'_>> = plain_swapped.iter().collect();
        let tabled_refs: Vec<&Prepared<'_>> = tabled.iter().collect();
        assert_eq!(combination(&tabled_refs, &z), combination(&plain_refs, &z));
    }
}
