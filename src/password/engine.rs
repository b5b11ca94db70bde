//! The Argon2 computation (RFC 9106): credkit's own implementation, on
//! memory from the per-thread arena, lanes in parallel on rayon.
//!
//! Why not the argon2 crate, which credkit used before: its compression
//! function is the portable code compiled with AVX2 enabled, and left
//! credkit level with argon2-cffi (the reference C code with SSE2) at the
//! OWASP preset. [`avx2`] computes G on 256-bit vectors and prefetches each
//! data-dependent reference block while the previous block is still being
//! computed. The argon2 crate remains a dev-dependency: the tests check
//! this module against it (and against the RFC 9106 and reference KATs) for
//! every variant, version and engine.
//!
//! - [`block`]: the 1 KiB block;
//! - [`compress`]: G, portable (the reference for the others);
//! - [`avx2`]: G on AVX2, x86-64 only, chosen at run time;
//! - [`avx512`]: the AVX2 schedule with AVX-512's rotations, chosen at run
//!   time before AVX2;
//! - [`fill`]: passes, slices, segments and reference indexing.

use blake2::Blake2b512;
use blake2::Blake2bVarCore;
use blake2::digest::Digest;
use blake2::digest::block_api::{UpdateCore, VariableOutputCore};
use blake2::digest::block_buffer::LazyBuffer;
use zeroize::{Zeroize, Zeroizing};

use super::PasswordError;
use super::params::{Argon2Params, Limits};

#[cfg(target_arch = "x86_64")]
pub(crate) mod arena;
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
pub(crate) mod block;
mod compress;
mod fill;

use block::{Block, WORDS};
use fill::{Engine, Geometry};

/// Shortest tag Argon2 produces (RFC 9106, section 3.1).
const MIN_OUTPUT_BYTES: usize = 4;

/// The Argon2 variant (RFC 9106, section 3.1: the type y).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Variant {
    Argon2d,
    Argon2i,
    Argon2id,
}

impl Variant {
    /// The type code y that H0 hashes (RFC 9106, section 3.2).
    pub(crate) fn type_code(self) -> u8 {
        match self {
            Variant::Argon2d => 0,
            Variant::Argon2i => 1,
            Variant::Argon2id => 2,
        }
    }
}

/// The Argon2 version. The two differ in one place: from the second pass,
/// version 19 XORs each new block into the one it overwrites (RFC 9106,
/// section 3.2, step 6), version 16 replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Version {
    /// Version 16 (0x10), the reference releases before 2016.
    V0x10,
    /// Version 19 (0x13), RFC 9106's.
    V0x13,
}

impl Version {
    /// The number H0 hashes and PHC strings carry.
    pub(crate) fn number(self) -> u32 {
        match self {
            Version::V0x10 => 0x10,
            Version::V0x13 => 0x13,
        }
    }

    /// The version numbered `number`, if it is one of the two.
    pub(crate) fn from_number(number: u32) -> Option<Self> {
        match number {
            0x10 => Some(Version::V0x10),
            0x13 => Some(Version::V0x13),
            _ => None,
        }
    }
}

/// Everything Argon2 takes besides the password and salt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inputs<'a> {
    pub(crate) variant: Variant,
    pub(crate) version: Version,
    pub(crate) params: Argon2Params,
    pub(crate) secret: Option<&'a [u8]>,
    pub(crate) data: Option<&'a [u8]>,
}

/// Computes the Argon2 tag of `password` and `salt` into `out`, with the
/// fastest engine this CPU supports.
///
/// The caller has already checked `inputs.params` against its limits; this
/// function allocates `m` KiB (or reuses the thread's arena).
///
/// # Errors
/// [`PasswordError::SaltTooShort`] below 8 bytes of salt,
/// [`PasswordError::OutputTooShort`] below 4 bytes of output, an
/// invalid-input error if a length does not fit in 32 bits, and
/// [`PasswordError::MemoryUnavailable`] if the memory cannot be allocated.
///
/// # Security
/// `out` receives key material derived from the password; the Argon2 memory
/// and the intermediate hashes are wiped before this returns.
pub(crate) fn argon2_into(
    inputs: &Inputs<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    argon2_with(Engine::detect(), inputs, password, salt, out)
}

/// [`argon2_into`] with a given engine (the tests compare them).
fn argon2_with(
    engine: Engine,
    inputs: &Inputs<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    if salt.len() < Limits::MIN_SALT_BYTES {
        return Err(PasswordError::SaltTooShort);
    }
    if out.len() < MIN_OUTPUT_BYTES {
        return Err(PasswordError::OutputTooShort);
    }
    let length = |bytes: &[u8], error: PasswordError| {
        u32::try_from(bytes.len())
            .map(u32::to_le_bytes)
            .map_err(|_| error)
    };
    let secret = inputs.secret.unwrap_or_default();
    let data = inputs.data.unwrap_or_default();
    let params = inputs.params;
    let lanes = params.parallelism();
    // m' = 4p·⌊m / 4p⌋; Argon2Params guarantees m >= 8p.
    let lane_length = params.memory_kib() / (4 * lanes) * 4;
    let geometry = Geometry {
        variant: inputs.variant,
        version: inputs.version,
        lanes: usize::try_from(lanes).map_err(|_| PasswordError::ParamsInvalid)?,
        lane_length: usize::try_from(lane_length).map_err(|_| PasswordError::ParamsInvalid)?,
        passes: usize::try_from(params.iterations()).map_err(|_| PasswordError::ParamsInvalid)?,
    };
    // H0 (RFC 9106, section 3.2, step 1). Its state absorbs the password
    // and the pepper; blake2's `zeroize` feature wipes it (chaining value,
    // counter and block buffer) when it drops.
    let mut h0 = Blake2b512::new();
    h0.update(lanes.to_le_bytes());
    h0.update(length(out, PasswordError::OutputTooLong)?);
    h0.update(params.memory_kib().to_le_bytes());
    h0.update(params.iterations().to_le_bytes());
    h0.update(inputs.version.number().to_le_bytes());
    h0.update(u32::from(inputs.variant.type_code()).to_le_bytes());
    h0.update(length(password, PasswordError::PasswordTooLong)?);
    h0.update(password);
    h0.update(length(salt, PasswordError::SaltTooLong)?);
    h0.update(salt);
    h0.update(length(secret, PasswordError::PepperInvalid)?);
    h0.update(secret);
    h0.update(length(data, PasswordError::MalformedHash)?);
    h0.update(data);
    let h0 = Zeroizing::new(<[u8; 64]>::from(h0.finalize()));

    arena::with_blocks(geometry.block_count(), |memory| {
        let mut bytes = Zeroizing::new([0u8; 8 * WORDS]);
        // B[i][0] and B[i][1] (steps 3 and 4).
        for (lane, blocks) in (0u32..).zip(memory.chunks_exact_mut(geometry.lane_length)) {
            for (column, block) in (0u32..).zip(blocks.iter_mut().take(2)) {
                blake2b_long(
                    &[&h0[..], &column.to_le_bytes(), &lane.to_le_bytes()],
                    &mut bytes[..],
                );
                *block = Block::from_le_bytes(&bytes);
            }
        }
        fill::fill(engine, &geometry, memory);
        // The tag: H' of the XOR of every lane's last block (step 7).
        let mut last = Block::ZERO;
        for lane in memory.chunks_exact(geometry.lane_length) {
            if let Some(block) = lane.last() {
                for (acc, word) in last.0.iter_mut().zip(block.0) {
                    *acc ^= word;
                }
            }
        }
        last.to_le_bytes(&mut bytes);
        last.zeroize();
        blake2b_long(&[&bytes[..]], out);
    })
}

/// H', BLAKE2b with output of any length (RFC 9106, section 3.3), written
/// to `out` (at least 1 byte, at most 2^32 − 1).
///
/// Adapted from the argon2 crate's `blake2b_long` (RustCrypto, MIT OR
/// Apache-2.0).
fn blake2b_long(inputs: &[&[u8]], out: &mut [u8]) {
    let Ok(out_len) = u32::try_from(out.len()) else {
        return;
    };
    let len_bytes = out_len.to_le_bytes();
    if let Ok(mut hasher) = Blake2bVarCore::new(out.len()) {
        let mut buffer = LazyBuffer::new(&len_bytes);
        for input in inputs {
            buffer.digest_blocks(input, |blocks| hasher.update_blocks(blocks));
        }
        let mut full = Default::default();
        hasher.finalize_variable_core(&mut buffer, &mut full);
        out.copy_from_slice(&full[..out.len()]);
        full.as_mut_slice().zeroize();
        return;
    }
    // Longer than 64 bytes: V1 = H(len ‖ X), Vi = H(Vi−1); the output is
    // the first 32 bytes of each Vi, then the whole last one.
    let mut digest = Blake2b512::new();
    digest.update(len_bytes);
    for input in inputs {
        digest.update(input);
    }
    let mut last = Zeroizing::new(<[u8; 64]>::from(digest.finalize()));
    let (first, mut rest) = out.split_at_mut(32);
    first.copy_from_slice(&last[..32]);
    while rest.len() > 64 {
        let (chunk, tail) = rest.split_at_mut(32);
        rest = tail;
        *last = Blake2b512::digest(&last[..]).into();
        chunk.copy_from_slice(&last[..32]);
    }
    let Ok(mut hasher) = Blake2bVarCore::new(rest.len()) else {
        return; // 33 to 64 bytes remain: always a valid BLAKE2b length
    };
    let mut buffer = LazyBuffer::new(&last[..]);
    let mut full = Default::default();
    hasher.finalize_variable_core(&mut buffer, &mut full);
    rest.copy_from_slice(&full[..rest.len()]);
    full.as_mut_slice().zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Review finding: the BLAKE2b state of H0, which absorbs the password
    /// and pepper, was not wiped. The types that hold it must wipe on drop
    /// (this fails to compile without blake2's `zeroize` feature).
    #[test]
    fn blake2_states_wipe_on_drop() {
        fn wipes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        // `Blake2b512` is exactly these two fields (digest's
        // `buffer_ct_variable!`): the core (chaining value and counter) and
        // the block buffer, which each wipe themselves on drop.
        wipes_on_drop::<Blake2bVarCore>();
        wipes_on_drop::<LazyBuffer<blake2::digest::consts::U128>>();
    }

    /// Every engine this CPU can run, whatever `Engine::detect` would pick:
    /// the portable one always, AVX2 and AVX-512 when present (so a machine
    /// with AVX-512 still tests the AVX2 engine, and one with AVX2 only
    /// tests the portable and AVX2 engines).
    fn engines() -> Vec<Engine> {
        #[allow(unused_mut)] // pushed to on x86-64 only
        let mut engines = vec![Engine::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            engines.extend(avx2::Avx2::detect().map(Engine::Avx2));
            engines.extend(avx512::Avx512::detect().map(Engine::Avx512));
        }
        engines
    }

    /// This machine's engines are what the tests above ran: say which, so
    /// a test log shows whether the AVX-512 engine was covered.
    #[test]
    fn engines_under_test_are_named() {
        let engines = engines();
        eprintln!("Argon2 engines under test: {engines:?}");
        assert!(matches!(engines[0], Engine::Portable));
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            assert!(engines.iter().any(|e| matches!(e, Engine::Avx2(_))));
        }
    }

    /// The argon2 crate's tag for the same inputs: an implementation credkit
    /// did not write.
    fn argon2_crate(inputs: &Inputs<'_>, password: &[u8], salt: &[u8], len: usize) -> Vec<u8> {
        let algorithm = match inputs.variant {
            Variant::Argon2d => argon2::Algorithm::Argon2d,
            Variant::Argon2i => argon2::Algorithm::Argon2i,
            Variant::Argon2id => argon2::Algorithm::Argon2id,
        };
        let version = if inputs.version == Version::V0x10 {
            argon2::Version::V0x10
        } else {
            argon2::Version::V0x13
        };
        let mut builder = argon2::ParamsBuilder::new();
        builder
            .m_cost(inputs.params.memory_kib())
            .t_cost(inputs.params.iterations())
            .p_cost(inputs.params.parallelism())
            .output_len(len);
        if let Some(data) = inputs.data {
            builder.data(argon2::AssociatedData::new(data).expect("at most 32 bytes"));
        }
        let params = builder.build().expect("valid parameters");
        let context = match inputs.secret {
            Some(secret) => argon2::Argon2::new_with_secret(secret, algorithm, version, params)
                .expect("valid secret"),
            None => argon2::Argon2::new(algorithm, version, params),
        };
        let mut out = vec![0u8; len];
        context
            .hash_password_into(password, salt, &mut out)
            .expect("argon2 crate hashes");
        out
    }

    fn check_against_crate(inputs: &Inputs<'_>, password: &[u8], salt: &[u8], len: usize) {
        let expected = argon2_crate(inputs, password, salt, len);
        for engine in engines() {
            let mut out = vec![0u8; len];
            argon2_with(engine, inputs, password, salt, &mut out).expect("hashes");
            assert_eq!(out, expected, "{engine:?} {inputs:?}");
        }
    }

    const VARIANTS: [Variant; 3] = [Variant::Argon2d, Variant::Argon2i, Variant::Argon2id];

    /// Sizes where segments hold several address blocks (data-independent
    /// addressing refills them), lanes reference each other, and version
    /// 16 overwrites rather than XORs on later passes.
    #[test]
    fn engines_match_argon2_crate_on_larger_memory() {
        for variant in VARIANTS {
            for version in [Version::V0x10, Version::V0x13] {
                for (m, t, p) in [(2048, 3, 4), (1032, 2, 3), (4096, 1, 1)] {
                    let inputs = Inputs {
                        variant,
                        version,
                        params: Argon2Params::new(m, t, p).expect("valid"),
                        secret: Some(b"pepper-0123456789"),
                        data: Some(b"associated"),
                    };
                    check_against_crate(&inputs, b"password", b"saltsaltsalt", 32);
                }
            }
        }
    }

    /// The default preset, as a server runs it.
    #[test]
    fn engines_match_argon2_crate_at_owasp_preset() {
        let inputs = Inputs {
            variant: Variant::Argon2id,
            version: Version::V0x13,
            params: Argon2Params::OWASP,
            secret: None,
            data: None,
        };
        check_against_crate(
            &inputs,
            "contraseña segura".as_bytes(),
            b"0123456789abcdef",
            32,
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Arbitrary small parameters, inputs and tag lengths (including
        /// tags over 64 bytes, which take H's long form): every engine
        /// gives the argon2 crate's tag.
        #[test]
        fn engines_match_argon2_crate(
            variant in prop::sample::select(VARIANTS.to_vec()),
            version in prop::sample::select(vec![Version::V0x10, Version::V0x13]),
            p in 1u32..=4,
            extra_memory in 0u32..64,
            t in 1u32..=3,
            password in prop::collection::vec(any::<u8>(), 0..80),
            salt in prop::collection::vec(any::<u8>(), 8..40),
            secret in prop::option::of(prop::collection::vec(any::<u8>(), 0..40)),
            data in prop::option::of(prop::collection::vec(any::<u8>(), 0..=32)),
            len in 4usize..150,
        ) {
            let inputs = Inputs {
                variant,
                version,
                params: Argon2Params::new(8 * p + extra_memory, t, p).expect("valid"),
                secret: secret.as_deref(),
                data: data.as_deref(),
            };
            check_against_crate(&inputs, &password, &salt, len);
        }
    }

    /// All six reference KATs (`tests/vectors/argon2_kats_summary.json`:
    /// Argon2d/i/id, versions 16 and 19, with secret and associated data)
    /// through credkit's arena and parallel lanes.
    #[test]
    fn reference_kats_through_engine() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/argon2_kats_summary.json"))
                .expect("vector file parses");
        let tests = file["tests"].as_array().expect("tests array");
        assert_eq!(tests.len(), 6);
        for kat in tests {
            let field =
                |name: &str| hex::decode(kat[name].as_str().expect("hex field")).expect("hex");
            let number =
                |name: &str| u32::try_from(kat[name].as_u64().expect("number")).expect("fits u32");
            let variant = match kat["type"].as_str() {
                Some("argon2d") => Variant::Argon2d,
                Some("argon2i") => Variant::Argon2i,
                _ => Variant::Argon2id,
            };
            let secret = field("secret_hex");
            let data = field("ad_hex");
            let inputs = Inputs {
                variant,
                version: if number("version") == 16 {
                    Version::V0x10
                } else {
                    Version::V0x13
                },
                params: Argon2Params::new(
                    number("m_cost_kib"),
                    number("t_cost"),
                    number("parallelism"),
                )
                .expect("valid"),
                secret: Some(&secret),
                data: Some(&data),
            };
            let mut out = [0u8; 32];
            argon2_into(
                &inputs,
                &field("password_hex"),
                &field("salt_hex"),
                &mut out,
            )
            .expect("hashes");
            assert_eq!(out.to_vec(), field("tag_hex"), "{}", kat["kat_file"]);
        }
    }

    /// RFC 9106 §5.3 (Argon2id test vector: m=32, t=3, p=4, secret, data).
    #[test]
    fn rfc9106_argon2id_vector() {
        let inputs = Inputs {
            variant: Variant::Argon2id,
            version: Version::V0x13,
            params: Argon2Params::new(32, 3, 4).expect("valid"),
            secret: Some(&[3u8; 8]),
            data: Some(&[4u8; 12]),
        };
        let mut out = [0u8; 32];
        argon2_into(&inputs, &[1u8; 32], &[2u8; 16], &mut out).expect("hashes");
        assert_eq!(
            out,
            [
                0x0d, 0x64, 0x0d, 0xf5, 0x8d, 0x78, 0x76, 0x6c, 0x08, 0xc0, 0x37, 0xa3, 0x4a, 0x8b,
                0x53, 0xc9, 0xd0, 0x1e, 0xf0, 0x45, 0x2d, 0x75, 0xb6, 0x5e, 0xb5, 0x25, 0x20, 0xe9,
                0x6b, 0x01, 0xe6, 0x59
            ]
        );
    }
}
