//! Batches: many hashes or verifications spread over cores with rayon, one
//! result per item.
//!
//! Batches run on credkit's [pool](crate::pool), and so do Argon2 lanes
//! (`p > 1`); inside a batch they share it, so a batch never oversubscribes
//! the machine: idle workers steal lanes or whole items.

use rayon::prelude::*;

use super::PasswordError;
use super::hasher::PasswordHasher;

impl PasswordHasher {
    /// Hashes every password, in parallel; one result per password, in order.
    ///
    /// Passwords may be `&str`, `String`, `&[u8]` or `Vec<u8>` (valid UTF-8
    /// is treated as text, see [`PasswordHasher::hash_bytes`]).
    ///
    /// # Security
    /// As [`PasswordHasher::hash`].
    #[must_use]
    pub fn hash_many<P: AsRef<[u8]> + Sync>(
        &self,
        passwords: &[P],
    ) -> Vec<Result<String, PasswordError>> {
        crate::pool::install(|| {
            passwords
                .par_iter()
                .map(|password| self.hash_bytes(password.as_ref()))
                .collect()
        })
    }

    /// Verifies every `(stored hash, password)` pair, in parallel; `true`
    /// where the password matches.
    ///
    /// Unlike [`PasswordHasher::verify`], this returns booleans the caller
    /// must check: a malformed, unsupported or over-limit hash is `false`,
    /// exactly like a wrong password, and never fails the batch.
    ///
    /// # Security
    /// As [`PasswordHasher::verify`].
    #[must_use]
    pub fn verify_many<H, P>(&self, items: &[(H, P)]) -> Vec<bool>
    where
        H: AsRef<str> + Sync,
        P: AsRef<[u8]> + Sync,
    {
        crate::pool::install(|| {
            items
                .par_iter()
                .map(|(phc, password)| self.verify_bytes(phc.as_ref(), password.as_ref()).is_ok())
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::Argon2Params;

    #[test]
    fn one_result_per_item() {
        let h = PasswordHasher::new(Argon2Params::new(64, 1, 2).expect("valid")).expect("valid");
        let long = vec![b'x'; h.limits().max_password_bytes + 1];
        let passwords: Vec<&[u8]> = vec![b"a", b"b", &long, b"\xff\xfe"];
        let hashes = h.hash_many(&passwords);
        assert_eq!(hashes.len(), 4);
        assert_eq!(hashes[2], Err(PasswordError::PasswordTooLong));
        let a = hashes[0].clone().expect("hashes");
        let b = hashes[1].clone().expect("hashes");
        let binary = hashes[3].clone().expect("hashes");
        let items: Vec<(&str, &[u8])> = vec![
            (&a, b"a"),
            (&b, b"a"),
            ("$argon2id$garbage", b"a"),
            (&b, b"b"),
            (&binary, b"\xff\xfe"),
        ];
        assert_eq!(h.verify_many(&items), vec![true, false, false, true, true]);
    }
}
