//! The RustCrypto [`password_hash`] traits for [`PasswordHasher`], for code
//! written against them (a login service generic over its hasher, a
//! framework's password backend).
//!
//! credkit's own methods stay the documented way: [`PasswordHasher::hash`],
//! [`PasswordHasher::verify`], [`PasswordHasher::needs_rehash`] and
//! [`PasswordHasher::verify_and_upgrade`] say which error happened and keep
//! the pepper, the limits and NFKC. The traits go through the same code:
//!
//! - [`PasswordHasher<String>`](password_hash::PasswordHasher): `hash_password` is
//!   [`PasswordHasher::hash_bytes`] (fresh 16-byte salt from the OS);
//!   `hash_password_with_salt` hashes with the caller's salt (8 bytes up to
//!   the limit) and the hasher's parameters and pepper. The output is the
//!   same PHC string credkit's own calls make.
//! - [`PasswordVerifier<str>`](password_hash::PasswordVerifier): [`PasswordHasher::verify_bytes`]
//!   on a stored hash string, legacy schemes included (and the same for
//!   `String`).
//! - The same two traits over [`phc::PasswordHash`](password_hash::phc::PasswordHash),
//!   the type the `argon2`, `scrypt` and `pbkdf2` crates hash into, so code
//!   written for them (`H: PasswordHasher<PasswordHash>`) takes credkit's
//!   hasher unchanged. The parsed form is re-encoded and verified as a
//!   string, under credkit's limits.
//!
//! The hashes interoperate with the `argon2` crate's implementation of the
//! same traits when no pepper is set (a peppered hash needs the pepper, which
//! the other side does not have). Errors map onto [`password_hash::Error`]
//! by [`From<PasswordError>`](#impl-From<PasswordError>-for-Error); a wrong
//! password is `Error::PasswordInvalid` and nothing else.

use password_hash::Error as TraitError;
use password_hash::phc::PasswordHash as PhcHash;

use super::{PasswordError, PasswordHasher};

impl password_hash::PasswordHasher<String> for PasswordHasher {
    fn hash_password_with_salt(
        &self,
        password: &[u8],
        salt: &[u8],
    ) -> password_hash::Result<String> {
        Ok(self.hash_with_salt(password, salt, self.params())?)
    }

    /// [`PasswordHasher::hash_bytes`]: credkit draws the salt itself, so a
    /// failing random source is [`PasswordError::RandomSourceFailed`] (here
    /// `Error::RngFailure`), never a panic.
    fn hash_password(&self, password: &[u8]) -> password_hash::Result<String> {
        Ok(self.hash_bytes(password)?)
    }
}

impl password_hash::PasswordVerifier<str> for PasswordHasher {
    fn verify_password(&self, password: &[u8], hash: &str) -> password_hash::Result<()> {
        Ok(self.verify_bytes(hash, password)?)
    }
}

/// For `&String` arguments, which do not coerce to `&str` through a trait.
impl password_hash::PasswordVerifier<String> for PasswordHasher {
    fn verify_password(&self, password: &[u8], hash: &String) -> password_hash::Result<()> {
        Ok(self.verify_bytes(hash, password)?)
    }
}

impl password_hash::PasswordHasher<PhcHash> for PasswordHasher {
    fn hash_password_with_salt(
        &self,
        password: &[u8],
        salt: &[u8],
    ) -> password_hash::Result<PhcHash> {
        let phc = self.hash_with_salt(password, salt, self.params())?;
        Ok(PhcHash::new(&phc)?)
    }

    /// As for `String`: [`PasswordHasher::hash_bytes`], parsed.
    fn hash_password(&self, password: &[u8]) -> password_hash::Result<PhcHash> {
        Ok(PhcHash::new(&self.hash_bytes(password)?)?)
    }
}

impl password_hash::PasswordVerifier<PhcHash> for PasswordHasher {
    fn verify_password(&self, password: &[u8], hash: &PhcHash) -> password_hash::Result<()> {
        Ok(self.verify_bytes(&hash.to_string(), password)?)
    }
}

impl From<PasswordError> for TraitError {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::VerificationFailed => TraitError::PasswordInvalid,
            PasswordError::MalformedHash => TraitError::EncodingInvalid,
            PasswordError::UnsupportedAlgorithm => TraitError::Algorithm,
            PasswordError::UnsupportedVersion => TraitError::Version,
            PasswordError::SaltTooShort | PasswordError::SaltTooLong => TraitError::SaltInvalid,
            PasswordError::OutputTooShort | PasswordError::OutputTooLong => TraitError::OutputSize,
            PasswordError::PasswordTooLong => TraitError::ParamInvalid { name: "password" },
            PasswordError::UnknownPepper | PasswordError::PepperInvalid => {
                TraitError::ParamInvalid { name: "keyid" }
            }
            PasswordError::MemoryUnavailable => TraitError::OutOfMemory,
            PasswordError::RandomSourceFailed => TraitError::RngFailure,
            // Costs over the limits, inconsistent parameters or limits.
            _ => TraitError::ParamsInvalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::Argon2Params;
    use password_hash::{PasswordHasher as TraitHasher, PasswordVerifier as _};

    fn cheap() -> PasswordHasher {
        PasswordHasher::new(Argon2Params::new(64, 1, 1).expect("valid params")).expect("in limits")
    }

    #[test]
    fn salt_bounds_are_checked() {
        let h = cheap();
        assert_eq!(
            TraitHasher::<String>::hash_password_with_salt(&h, b"pw", &[0; 7]),
            Err(TraitError::SaltInvalid)
        );
        assert_eq!(
            TraitHasher::<String>::hash_password_with_salt(&h, b"pw", &[0; 65]),
            Err(TraitError::SaltInvalid)
        );
        let phc: String = h.hash_password_with_salt(b"pw", &[7; 8]).expect("hash");
        assert!(
            phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwc$"),
            "{phc}"
        );
    }

    #[test]
    fn errors_map_to_the_trait_errors() {
        let h = cheap();
        let phc: String = h.hash_password(b"right").expect("hash");
        assert_eq!(h.verify_password(b"right", &phc), Ok(()));
        assert_eq!(
            h.verify_password(b"wrong", &phc),
            Err(TraitError::PasswordInvalid)
        );
        assert_eq!(
            h.verify_password(b"right", "not a hash"),
            Err(TraitError::EncodingInvalid)
        );
        assert_eq!(
            h.verify_password(b"right", "$md5$abc"),
            Err(TraitError::Algorithm)
        );
    }
}
