//! A 3-wise binary fuse filter with 16-bit fingerprints over 64-bit keys
//! (Graf and Lemire, "Binary Fuse Filters: Fast and Smaller Than Xor
//! Filters", ACM JEA 27, 2022), written from the paper and the reference
//! C code's parameter choices (`xor_singleheader/binaryfusefilter.h`,
//! Apache-2.0/MIT), without its cache-ordering optimisation.
//!
//! A key `k` with `h = mix(k + seed)` maps to three slots, one in each of
//! three consecutive segments, and the filter holds fingerprints such that
//! `fp[h0] ^ fp[h1] ^ fp[h2] == fingerprint(h)` for every key. A key that
//! was not inserted passes with probability 2^-16.

/// Parameters of one filter (one shard of a file).
///
/// Invariant: `segment_length` is a power of two in
/// [`MIN_SEGMENT_LENGTH`, `MAX_SEGMENT_LENGTH`], `segment_count >= 1`, and
/// `array_length() = (segment_count + 2) * segment_length` fits in `u32`.
/// Then every slot index computed by [`slots`] is below `array_length()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Params {
    pub seed: u64,
    pub segment_length: u32,
    pub segment_count: u32,
}

/// Smallest segment length (the reference code's value for tiny sets).
pub(crate) const MIN_SEGMENT_LENGTH: u32 = 4;
/// Largest segment length (the reference code caps it at 2^18).
pub(crate) const MAX_SEGMENT_LENGTH: u32 = 1 << 18;
/// Seeds tried before construction gives up. Each attempt fails with
/// probability well under 1% for more than a few hundred keys (paper,
/// section 5), so 100 failures in a row do not happen in practice.
const MAX_ATTEMPTS: u32 = 100;

impl Params {
    /// Checks the invariant; used on parameters read from a file.
    pub(crate) fn is_valid(&self) -> bool {
        self.segment_length.is_power_of_two()
            && (MIN_SEGMENT_LENGTH..=MAX_SEGMENT_LENGTH).contains(&self.segment_length)
            && self.segment_count >= 1
            && self
                .segment_count
                .checked_add(2)
                .and_then(|s| s.checked_mul(self.segment_length))
                .is_some()
    }

    /// Number of fingerprint slots.
    pub(crate) fn array_length(&self) -> usize {
        (self.segment_count as usize + 2) * self.segment_length as usize
    }

    /// Segment length and count for `size` keys (the reference code's
    /// formulas for arity 3).
    pub(crate) fn for_size(size: usize, seed: u64) -> Self {
        #[allow(clippy::cast_precision_loss)] // sizes are far below 2^52
        let n = size as f64;
        let segment_length = if size <= 1 {
            MIN_SEGMENT_LENGTH
        } else {
            let exp = (n.ln() / 3.33f64.ln() + 2.25).floor().clamp(2.0, 18.0);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            // clamped to [2, 18] just above
            let exp = exp as u32;
            1u32 << exp
        };
        let factor = if size <= 2 {
            4.0
        } else {
            (0.875 + 0.25 * 1_000_000f64.ln() / n.ln()).max(1.125)
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        // positive, and below 2^33 because size < 2^32 (checked by callers)
        let capacity = (n * factor).round() as u64;
        let segments = capacity.div_ceil(u64::from(segment_length));
        let segment_count = u32::try_from(segments.saturating_sub(2).max(1)).unwrap_or(u32::MAX);
        Params {
            seed,
            segment_length,
            segment_count,
        }
    }
}

/// The murmur3 64-bit finalizer: a bijection, so distinct keys keep
/// distinct hashes.
fn murmur64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

fn mix(key: u64, seed: u64) -> u64 {
    murmur64(key.wrapping_add(seed))
}

/// The 16-bit fingerprint of a mixed hash.
#[allow(clippy::cast_possible_truncation)] // keeping the low 16 bits is the point
fn fingerprint(h: u64) -> u16 {
    (h ^ (h >> 32)) as u16
}

/// The three slots of a mixed hash: one in each of the segments `s`,
/// `s + 1`, `s + 2`, where `s` is chosen by the high bits.
#[allow(clippy::cast_possible_truncation)]
// `mulhi < segment_count * segment_length <= u32::MAX` (Params invariant).
fn slots(h: u64, p: &Params) -> [usize; 3] {
    let span = u64::from(p.segment_count) * u64::from(p.segment_length);
    let h0 = ((u128::from(h) * u128::from(span)) >> 64) as u32;
    let mask = p.segment_length - 1;
    let h1 = (h0 + p.segment_length) ^ ((h >> 18) as u32 & mask);
    let h2 = (h0 + 2 * p.segment_length) ^ (h as u32 & mask);
    [h0 as usize, h1 as usize, h2 as usize]
}

/// Whether `key` passes the filter whose fingerprints are `fp`, stored as
/// little-endian `u16`s.
///
/// Invariant (checked by the loader and established by [`build`]):
/// `p.is_valid()` and `fp.len() == 2 * p.array_length()`.
pub(crate) fn contains(key: u64, p: &Params, fp: &[u8]) -> bool {
    let (f, [a, b, c]) = probe(key, p);
    let read = |i: usize| u16::from_le_bytes([fp[2 * i], fp[2 * i + 1]]);
    f ^ read(a) ^ read(b) ^ read(c) == 0
}

/// What a lookup of `key` reads: the fingerprint its three slots must XOR
/// to, and the slots (each below `p.array_length()` when `p.is_valid()`).
/// For a filter whose fingerprints are not in memory (read from a file).
pub(crate) fn probe(key: u64, p: &Params) -> (u16, [usize; 3]) {
    let h = mix(key, p.seed);
    (fingerprint(h), slots(h, p))
}

/// splitmix64, the reference code's seed sequence.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Builds a filter over `keys`, which must be distinct (sorted and
/// deduplicated by the caller). Returns the parameters and the
/// fingerprints as little-endian bytes. Deterministic for given keys and
/// `seed_state`.
///
/// Memory: 12 bytes per slot (about 13.5 bytes per key) plus 9 bytes per
/// key while peeling, on top of the 2 bytes per slot of the result.
pub(crate) fn build(keys: &[u64], mut seed_state: u64) -> Option<(Params, Vec<u8>)> {
    let size = keys.len();
    if u32::try_from(size).is_err() {
        return None;
    }
    let mut p = Params::for_size(size, 0);
    if !p.is_valid() {
        return None;
    }
    let len = p.array_length();
    let mut count = vec![0u32; len];
    let mut xor = vec![0u64; len];
    let mut queue: Vec<usize> = Vec::new();
    let mut stack: Vec<(u64, u8)> = Vec::with_capacity(size);
    for _ in 0..MAX_ATTEMPTS {
        p.seed = splitmix64(&mut seed_state);
        count.iter_mut().for_each(|c| *c = 0);
        xor.iter_mut().for_each(|x| *x = 0);
        stack.clear();
        for &k in keys {
            let h = mix(k, p.seed);
            for s in slots(h, &p) {
                count[s] += 1;
                xor[s] ^= h;
            }
        }
        queue.clear();
        queue.extend((0..len).filter(|&i| count[i] == 1));
        while let Some(i) = queue.pop() {
            if count[i] != 1 {
                continue;
            }
            let h = xor[i];
            let s = slots(h, &p);
            let Some(found) = s.iter().position(|&x| x == i) else {
                // Cannot happen: the one key left in slot i maps to i.
                continue;
            };
            #[allow(clippy::cast_possible_truncation)] // found < 3
            stack.push((h, found as u8));
            for j in s {
                count[j] -= 1;
                xor[j] ^= h;
                if count[j] == 1 {
                    queue.push(j);
                }
            }
        }
        if stack.len() == size {
            let mut fp = vec![0u16; len];
            for &(h, found) in stack.iter().rev() {
                let s = slots(h, &p);
                let f = usize::from(found);
                fp[s[f]] = fingerprint(h) ^ fp[s[(f + 1) % 3]] ^ fp[s[(f + 2) % 3]];
            }
            let bytes = fp.iter().flat_map(|f| f.to_le_bytes()).collect();
            return Some((p, bytes));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: u64, salt: u64) -> Vec<u64> {
        let mut k: Vec<u64> = (0..n).map(|i| murmur64(i ^ salt)).collect();
        k.sort_unstable();
        k.dedup();
        k
    }

    #[test]
    fn small_sizes_build_and_contain_every_key() {
        for n in [0u64, 1, 2, 3, 5, 10, 31, 100, 1000, 5000] {
            let k = keys(n, 7);
            let (p, fp) = build(&k, 42).expect("construction converges");
            assert!(p.is_valid());
            assert_eq!(fp.len(), 2 * p.array_length());
            assert!(k.iter().all(|&x| contains(x, &p, &fp)), "n = {n}");
        }
    }

    #[test]
    fn empty_filter_rejects_most_keys() {
        let (p, fp) = build(&[], 1).expect("empty");
        let hits = (0..10_000u64).filter(|&k| contains(k, &p, &fp)).count();
        // An all-zero filter passes exactly the keys whose fingerprint is 0.
        assert!(hits < 10, "{hits}");
    }
}
