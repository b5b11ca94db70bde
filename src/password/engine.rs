//! The Argon2 computation: the argon2 crate's core, fed from the per-thread
//! arena, with lanes run in parallel through rayon (the crate's `parallel`
//! feature).

use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};

use super::PasswordError;
use super::arena;
use super::params::Argon2Params;
use super::phc::Variant;

/// Everything Argon2 takes besides the password and salt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inputs<'a> {
    pub(crate) variant: Variant,
    /// 0x10 or 0x13.
    pub(crate) version: u32,
    pub(crate) params: Argon2Params,
    pub(crate) secret: Option<&'a [u8]>,
    pub(crate) data: Option<&'a [u8]>,
}

/// Computes the Argon2 tag of `password` and `salt` into `out`.
///
/// The caller has already checked `inputs.params` against its limits; this
/// function allocates `m` KiB (or reuses the thread's arena).
///
/// # Errors
/// [`PasswordError::ParamsInvalid`] if argon2 refuses the parameters
/// (cannot happen for parameters built by [`Argon2Params::new`]),
/// [`PasswordError::MemoryUnavailable`] if the memory cannot be allocated.
///
/// # Security
/// `out` receives key material derived from the password; the Argon2 memory
/// is wiped before this returns.
pub(crate) fn argon2_into(
    inputs: &Inputs<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), PasswordError> {
    let mut builder = ParamsBuilder::new();
    builder
        .m_cost(inputs.params.memory_kib())
        .t_cost(inputs.params.iterations())
        .p_cost(inputs.params.parallelism())
        .output_len(out.len());
    if let Some(data) = inputs.data {
        builder.data(AssociatedData::new(data).map_err(|_| PasswordError::MalformedHash)?);
    }
    let params = builder.build().map_err(|_| PasswordError::ParamsInvalid)?;
    let version = if inputs.version == 0x10 {
        Version::V0x10
    } else {
        Version::V0x13
    };
    let algorithm: Algorithm = inputs.variant.to_argon2();
    let context = match inputs.secret {
        Some(secret) => Argon2::new_with_secret(secret, algorithm, version, params)
            .map_err(|_| PasswordError::PepperInvalid)?,
        None => Argon2::new(algorithm, version, params),
    };
    let block_count = context.params().block_count();
    arena::with_blocks(block_count, |memory| {
        context.hash_password_into_with_memory(password, salt, out, memory)
    })?
    .map_err(|_| PasswordError::ParamsInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                version: if number("version") == 16 { 0x10 } else { 0x13 },
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
            version: 0x13,
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
