//! Python bindings for `credkit::password`: `credkit.PasswordHasher`.

use credkit::password::{Argon2Params, Limits, PasswordHasher as Hasher, Pepper};
use credkit::secret::SecretBytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::errors::{IntoPyResult, invalid_input, to_py_err};

/// Copies a `str` (as UTF-8) or `bytes` argument into wiped storage.
fn text_or_bytes(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<SecretBytes> {
    if let Ok(s) = obj.cast::<PyString>() {
        Ok(SecretBytes::from_slice(s.to_str()?.as_bytes()))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(SecretBytes::from_slice(b.as_bytes()))
    } else {
        Err(PyTypeError::new_err(format!("{what} must be str or bytes")))
    }
}

/// A stored hash given as `str` or ASCII `bytes`.
fn hash_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = text_or_bytes(obj, "hash")?;
    String::from_utf8(bytes.expose().to_vec())
        .map_err(|_| invalid_input("password: malformed password hash string"))
}

/// Argon2id password hashing (`credkit.PasswordHasher`).
///
/// Defaults: OWASP (m=19456 KiB, t=2, p=1), no pepper, NFKC normalisation.
#[pyclass(frozen, module = "credkit", name = "PasswordHasher")]
pub(crate) struct PyPasswordHasher {
    inner: Hasher,
}

#[pymethods]
impl PyPasswordHasher {
    #[new]
    #[pyo3(signature = (
        memory_kib = Argon2Params::OWASP.memory_kib(),
        iterations = Argon2Params::OWASP.iterations(),
        parallelism = Argon2Params::OWASP.parallelism(),
        *,
        pepper = None,
        pepper_id = None,
        retired_peppers = None,
        normalize = true,
        max_memory_kib = Limits::DEFAULT_MAX_MEMORY_KIB,
        max_iterations = Limits::DEFAULT_MAX_ITERATIONS,
        max_parallelism = Limits::DEFAULT_MAX_PARALLELISM,
        max_password_bytes = Limits::DEFAULT_MAX_PASSWORD_BYTES,
        max_bcrypt_cost = Limits::DEFAULT_MAX_BCRYPT_COST,
        max_scrypt_log_n = Limits::DEFAULT_MAX_SCRYPT_LOG_N,
        max_pbkdf2_rounds = Limits::DEFAULT_MAX_PBKDF2_ROUNDS,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
        pepper: Option<&Bound<'_, PyAny>>,
        pepper_id: Option<&Bound<'_, PyAny>>,
        retired_peppers: Option<&Bound<'_, PyDict>>,
        normalize: bool,
        max_memory_kib: u32,
        max_iterations: u32,
        max_parallelism: u32,
        max_password_bytes: usize,
        max_bcrypt_cost: u32,
        max_scrypt_log_n: u8,
        max_pbkdf2_rounds: u32,
    ) -> PyResult<Self> {
        let limits = Limits {
            max_memory_kib,
            max_iterations,
            max_parallelism,
            max_password_bytes,
            max_bcrypt_cost,
            max_scrypt_log_n,
            max_pbkdf2_rounds,
            ..Limits::DEFAULT
        };
        let params = Argon2Params::new(memory_kib, iterations, parallelism).into_py_result()?;
        let mut builder = Hasher::builder()
            .params(params)
            .limits(limits)
            .normalize(normalize);
        match (pepper, pepper_id) {
            (Some(secret), Some(id)) => builder = builder.pepper(make_pepper(id, secret)?),
            (None, None) => {}
            _ => {
                return Err(invalid_input(
                    "password: pepper and pepper_id must be given together",
                ));
            }
        }
        if let Some(retired) = retired_peppers {
            for (id, secret) in retired.iter() {
                builder = builder.retired_pepper(make_pepper(&id, &secret)?);
            }
        }
        Ok(Self {
            inner: builder.build().into_py_result()?,
        })
    }

    /// Memory cost of new hashes, in KiB.
    #[getter]
    fn memory_kib(&self) -> u32 {
        self.inner.params().memory_kib()
    }

    /// Iterations (passes) of new hashes.
    #[getter]
    fn iterations(&self) -> u32 {
        self.inner.params().iterations()
    }

    /// Parallelism (lanes) of new hashes.
    #[getter]
    fn parallelism(&self) -> u32 {
        self.inner.params().parallelism()
    }

    /// Whether text passwords are NFKC-normalised.
    #[getter]
    fn normalize(&self) -> bool {
        self.inner.normalizes()
    }

    fn __repr__(&self) -> String {
        let p = self.inner.params();
        format!(
            "PasswordHasher(memory_kib={}, iterations={}, parallelism={}, peppered={})",
            p.memory_kib(),
            p.iterations(),
            p.parallelism(),
            if self.inner.keyring().current().is_some() {
                "True"
            } else {
                "False"
            }
        )
    }

    /// Hashes a password into a new Argon2id PHC string.
    fn hash(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<String> {
        let password = text_or_bytes(password, "password")?;
        py.detach(|| self.inner.hash_bytes(password.expose()))
            .into_py_result()
    }

    /// Verifies a password: True, or raises VerificationError / InvalidInput.
    fn verify(
        &self,
        py: Python<'_>,
        hash: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
    ) -> PyResult<bool> {
        let hash = hash_text(hash)?;
        let password = text_or_bytes(password, "password")?;
        py.detach(|| self.inner.verify_bytes(&hash, password.expose()))
            .into_py_result()?;
        Ok(true)
    }

    /// Whether a stored hash should be replaced.
    fn needs_rehash(&self, hash: &Bound<'_, PyAny>) -> PyResult<bool> {
        let hash = hash_text(hash)?;
        self.inner.needs_rehash(&hash).into_py_result()
    }

    /// Verifies, then returns a new hash if the stored one needs a rehash
    /// (else None).
    fn verify_and_upgrade(
        &self,
        py: Python<'_>,
        hash: &Bound<'_, PyAny>,
        password: &Bound<'_, PyAny>,
    ) -> PyResult<Option<String>> {
        let hash = hash_text(hash)?;
        let password = text_or_bytes(password, "password")?;
        py.detach(|| {
            self.inner
                .verify_and_upgrade_bytes(&hash, password.expose())
        })
        .into_py_result()
    }

    /// The work of a verify for an unknown user; always raises
    /// VerificationError.
    fn dummy_verify(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<()> {
        let password = text_or_bytes(password, "password")?;
        py.detach(|| self.inner.dummy_verify(password.expose()))
            .into_py_result()
    }

    /// Hashes every password in parallel.
    fn hash_many(&self, py: Python<'_>, passwords: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let mut items = Vec::new();
        for password in passwords.try_iter()? {
            items.push(text_or_bytes(&password?, "password")?);
        }
        let refs: Vec<&[u8]> = items.iter().map(SecretBytes::expose).collect();
        let results = py.detach(|| self.inner.hash_many(&refs));
        results.into_iter().map(|r| r.map_err(to_py_err)).collect()
    }

    /// Verifies every (hash, password) pair in parallel: a list of bools.
    fn verify_many(&self, py: Python<'_>, pairs: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
        let mut items: Vec<(String, SecretBytes)> = Vec::new();
        for pair in pairs.try_iter()? {
            let pair = pair?;
            let (hash, password): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            // A hash that is not text is a failed item, not a failed batch.
            let hash = hash_text(&hash).unwrap_or_default();
            items.push((hash, text_or_bytes(&password, "password")?));
        }
        let refs: Vec<(&str, &[u8])> = items
            .iter()
            .map(|(hash, password)| (hash.as_str(), password.expose()))
            .collect();
        Ok(py.detach(|| self.inner.verify_many(&refs)))
    }
}

fn make_pepper(id: &Bound<'_, PyAny>, secret: &Bound<'_, PyAny>) -> PyResult<Pepper> {
    let id = text_or_bytes(id, "pepper_id")?;
    let secret = text_or_bytes(secret, "pepper")?;
    Pepper::new(id.expose(), secret).into_py_result()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPasswordHasher>()?;
    Ok(())
}
