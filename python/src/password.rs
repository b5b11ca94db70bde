//! Python bindings for `credkit::password`: `credkit.PasswordHasher`.

use credkit::password::{Argon2Params, Limits, PasswordHasher as Hasher, Pepper};
use credkit::secret::SecretBytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::errors::{IntoPyResult, invalid_input, to_py_err_in};
use crate::int_arg::UInt;
use crate::runtime;

/// Copies a `str` (as UTF-8) or `bytes` argument into wiped storage.
fn text_or_bytes(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<SecretBytes> {
    if let Ok(s) = obj.cast::<PyString>() {
        Ok(SecretBytes::from_slice(s.encode_utf8()?.as_bytes()))
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

/// Argon2id password hashing into PHC strings.
///
/// Hashes are byte-compatible with argon2-cffi (without a pepper).
/// Verification also accepts Argon2i/Argon2d, version 16, and legacy
/// bcrypt, scrypt and PBKDF2 hashes (which always need a rehash).
///
/// Args:
///     memory_kib: Argon2 memory cost in KiB (default 19456, OWASP).
///     iterations: passes (default 2).
///     parallelism: lanes, run on threads (default 1).
///     pepper: server secret (16-64 bytes) fed to Argon2 as its secret input.
///     pepper_id: key id (1-8 bytes) written as ``keyid`` into new hashes.
///     retired_peppers: ``{key_id: pepper}`` of older peppers: their hashes
///         verify and need a rehash.
///     normalize: NFKC-normalise text passwords (default True).
///     max_memory_kib, max_iterations, max_parallelism, max_password_bytes,
///     max_bcrypt_cost, max_scrypt_log_n, max_pbkdf2_rounds: limits applied,
///         before any memory is allocated, to stored hashes and passwords.
///
/// Raises:
///     InvalidInput: parameters below the Argon2 minimum or above the limits,
///         a bad pepper, or pepper without pepper_id.
///
/// Pickling (and ``copy.deepcopy``) keeps every parameter and limit and the
/// whole pepper keyring: **a pickle of a peppered hasher contains the
/// peppers**, as a pickle of PyNaCl's ``SigningKey`` contains the key. Keep
/// it where the server's configuration may be kept, never beside the hashes.
///
/// .. versionadded:: 0.1.0
/// .. versionchanged:: 0.2.0 picklable.
#[pyclass(frozen, module = "credkit", name = "PasswordHasher")]
pub(crate) struct PyPasswordHasher {
    inner: Hasher,
}

// The defaults written in the constructor's `text_signature`.
const _: () = assert!(
    Argon2Params::OWASP.memory_kib() == 19456
        && Argon2Params::OWASP.iterations() == 2
        && Argon2Params::OWASP.parallelism() == 1
        && Limits::DEFAULT_MAX_MEMORY_KIB == 1_048_576
        && Limits::DEFAULT_MAX_ITERATIONS == 64
        && Limits::DEFAULT_MAX_PARALLELISM == 16
        && Limits::DEFAULT_MAX_PASSWORD_BYTES == 4096
        && Limits::DEFAULT_MAX_BCRYPT_COST == 14
        && Limits::DEFAULT_MAX_SCRYPT_LOG_N == 20
        && Limits::DEFAULT_MAX_PBKDF2_ROUNDS == 2_000_000
);

impl PyPasswordHasher {
    /// The Rust hasher, for bindings that hand it to other credkit calls.
    pub(crate) fn hasher(&self) -> &Hasher {
        &self.inner
    }
}

#[pymethods]
impl PyPasswordHasher {
    #[new]
    #[pyo3(signature = (
        memory_kib = i64::from(Argon2Params::OWASP.memory_kib()),
        iterations = i64::from(Argon2Params::OWASP.iterations()),
        parallelism = i64::from(Argon2Params::OWASP.parallelism()),
        *,
        pepper = None,
        pepper_id = None,
        retired_peppers = None,
        normalize = true,
        max_memory_kib = UInt(Limits::DEFAULT_MAX_MEMORY_KIB),
        max_iterations = UInt(Limits::DEFAULT_MAX_ITERATIONS),
        max_parallelism = UInt(Limits::DEFAULT_MAX_PARALLELISM),
        max_password_bytes = UInt(Limits::DEFAULT_MAX_PASSWORD_BYTES),
        max_bcrypt_cost = UInt(Limits::DEFAULT_MAX_BCRYPT_COST),
        max_scrypt_log_n = UInt(Limits::DEFAULT_MAX_SCRYPT_LOG_N),
        max_pbkdf2_rounds = UInt(Limits::DEFAULT_MAX_PBKDF2_ROUNDS),
    ),
    text_signature = "(memory_kib=19456, iterations=2, parallelism=1, *, pepper=None, pepper_id=None, \
                      retired_peppers=None, normalize=True, max_memory_kib=1048576, max_iterations=64, \
                      max_parallelism=16, max_password_bytes=4096, max_bcrypt_cost=14, \
                      max_scrypt_log_n=20, max_pbkdf2_rounds=2000000)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        memory_kib: i64,
        iterations: i64,
        parallelism: i64,
        pepper: Option<&Bound<'_, PyAny>>,
        pepper_id: Option<&Bound<'_, PyAny>>,
        retired_peppers: Option<&Bound<'_, PyDict>>,
        normalize: bool,
        max_memory_kib: UInt<u32>,
        max_iterations: UInt<u32>,
        max_parallelism: UInt<u32>,
        max_password_bytes: UInt<usize>,
        max_bcrypt_cost: UInt<u32>,
        max_scrypt_log_n: UInt<u8>,
        max_pbkdf2_rounds: UInt<u32>,
    ) -> PyResult<Self> {
        let max_memory_kib = max_memory_kib.0;
        let max_iterations = max_iterations.0;
        let max_parallelism = max_parallelism.0;
        let max_password_bytes = max_password_bytes.0;
        let max_bcrypt_cost = max_bcrypt_cost.0;
        let max_scrypt_log_n = max_scrypt_log_n.0;
        let max_pbkdf2_rounds = max_pbkdf2_rounds.0;
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
        let cost = |value: i64| {
            u32::try_from(value)
                .map_err(|_| crate::errors::out_of_range("password: a cost parameter (0..2**32)"))
        };
        let params = Argon2Params::new(cost(memory_kib)?, cost(iterations)?, cost(parallelism)?)
            .into_py_result()?;
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

    /// Pickles as ``(version, memory_kib, iterations, parallelism,
    /// normalize, limits, current pepper, retired peppers)``; the peppers
    /// as ``(key_id, secret)`` bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let h = &slf.get().inner;
        let p = h.params();
        let l = h.limits();
        let limits = (
            l.max_memory_kib,
            l.max_iterations,
            l.max_parallelism,
            l.max_password_bytes,
            l.max_salt_bytes,
            l.max_bcrypt_cost,
            l.max_scrypt_log_n,
            l.max_scrypt_r_times_p,
            l.max_pbkdf2_rounds,
        )
            .into_pyobject(py)?
            .into_any();
        let pepper = |pepper: &Pepper| -> PyResult<Bound<'py, PyAny>> {
            Ok((
                PyBytes::new(py, pepper.key_id()),
                PyBytes::new(py, pepper.expose_secret().expose()),
            )
                .into_pyobject(py)?
                .into_any())
        };
        let current = match h.keyring().current() {
            Some(c) => pepper(c)?,
            None => py.None().into_bound(py),
        };
        let retired = PyList::empty(py);
        for r in h.keyring().retired() {
            retired.append(pepper(r)?)?;
        }
        crate::pickle::by_state(
            slf.as_any(),
            [
                p.memory_kib().into_pyobject(py)?.into_any(),
                p.iterations().into_pyobject(py)?.into_any(),
                p.parallelism().into_pyobject(py)?.into_any(),
                PyBool::new(py, h.normalizes()).to_owned().into_any(),
                limits,
                current,
                retired.into_any(),
            ],
        )
    }

    /// Rebuilds a hasher from its pickle state (see ``__reduce__``).
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "PasswordHasher";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 7)?;
            let (
                max_memory_kib,
                max_iterations,
                max_parallelism,
                max_password_bytes,
                max_salt_bytes,
                max_bcrypt_cost,
                max_scrypt_log_n,
                max_scrypt_r_times_p,
                max_pbkdf2_rounds,
            ) = st.get::<(u32, u32, u32, usize, usize, u32, u8, u32, u32)>(4)?;
            let limits = Limits {
                max_memory_kib,
                max_iterations,
                max_parallelism,
                max_password_bytes,
                max_salt_bytes,
                max_bcrypt_cost,
                max_scrypt_log_n,
                max_scrypt_r_times_p,
                max_pbkdf2_rounds,
            };
            let params = Argon2Params::new(st.get(0)?, st.get(1)?, st.get(2)?).into_py_result()?;
            let mut builder = Hasher::builder()
                .params(params)
                .limits(limits)
                .normalize(st.get(3)?);
            if let Some((id, secret)) = st.get::<Option<(Vec<u8>, Vec<u8>)>>(5)? {
                builder =
                    builder.pepper(Pepper::new(&id, SecretBytes::new(secret)).into_py_result()?);
            }
            for (id, secret) in st.get::<Vec<(Vec<u8>, Vec<u8>)>>(6)? {
                builder = builder
                    .retired_pepper(Pepper::new(&id, SecretBytes::new(secret)).into_py_result()?);
            }
            Ok(Self {
                inner: builder.build().into_py_result()?,
            })
        })
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
    ///
    /// Args:
    ///     password: str (UTF-8) or bytes.
    ///
    /// Returns:
    ///     ``$argon2id$v=19$m=...,t=...,p=...$salt$hash``
    ///
    /// Raises:
    ///     InvalidInput: the password exceeds ``max_password_bytes``.
    ///
    /// .. versionadded:: 0.1.0
    fn hash(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<String> {
        let password = text_or_bytes(password, "password")?;
        py.detach(|| self.inner.hash_bytes(password.expose()))
            .into_py_result()
    }

    /// Verifies a password against a stored hash.
    ///
    /// Args:
    ///     hash: the stored hash (str or ASCII bytes).
    ///     password: str (UTF-8) or bytes.
    ///
    /// Returns:
    ///     True.
    ///
    /// Raises:
    ///     VerificationError: the password does not match.
    ///     InvalidInput: the hash is malformed, unsupported, names an unknown
    ///         pepper, or exceeds the limits.
    ///
    /// .. versionadded:: 0.1.0
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

    /// Whether a stored hash should be replaced by a new one.
    ///
    /// True for other algorithms (legacy, Argon2i/d), versions, parameters,
    /// salt or tag lengths, or a pepper that is not the current one.
    ///
    /// Raises:
    ///     InvalidInput: the hash could never verify.
    ///
    /// .. versionadded:: 0.1.0
    fn needs_rehash(&self, hash: &Bound<'_, PyAny>) -> PyResult<bool> {
        let hash = hash_text(hash)?;
        self.inner.needs_rehash(&hash).into_py_result()
    }

    /// Verifies, then returns a new hash if the stored one needs a rehash.
    ///
    /// Returns:
    ///     The new Argon2id hash to store, or None if the stored one is current.
    ///
    /// Raises:
    ///     VerificationError, InvalidInput: as :meth:`verify`.
    ///
    /// .. versionadded:: 0.1.0
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

    /// Does the work of a verification and fails: call it for unknown users
    /// so that response time does not reveal which users exist.
    ///
    /// Raises:
    ///     VerificationError: always.
    ///
    /// .. versionadded:: 0.1.0
    fn dummy_verify(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<()> {
        let password = text_or_bytes(password, "password")?;
        py.detach(|| self.inner.dummy_verify(password.expose()))
            .into_py_result()
    }

    /// Hashes every password in parallel (GIL released), in chunks:
    /// Ctrl-C raises ``KeyboardInterrupt`` between chunks.
    ///
    /// Args:
    ///     passwords: an iterable of str or bytes.
    ///     progress: called as ``progress(done, total)`` after each chunk.
    ///
    /// Returns:
    ///     One hash per password, in order.
    ///
    /// Raises:
    ///     InvalidInput: a password exceeds ``max_password_bytes`` (the
    ///         message names its index: ``"passwords[3]: ..."``).
    ///
    /// .. versionadded:: 0.1.0
    #[pyo3(signature = (passwords, *, progress=None))]
    fn hash_many(
        &self,
        py: Python<'_>,
        passwords: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let mut items = Vec::new();
        for (i, password) in passwords.try_iter()?.enumerate() {
            items.push(text_or_bytes(&password?, &format!("passwords[{i}]"))?);
        }
        let refs: Vec<&[u8]> = items.iter().map(SecretBytes::expose).collect();
        let results =
            runtime::chunked(py, &refs, progress, |chunk| Ok(self.inner.hash_many(chunk)))?;
        results
            .into_iter()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| to_py_err_in(&format!("passwords[{i}]: "), e)))
            .collect()
    }

    /// Verifies every ``(hash, password)`` pair in parallel (GIL released),
    /// given as rows or as two columns.
    ///
    /// Unlike :meth:`verify`, this returns booleans that the caller must
    /// check: a malformed or over-limit hash is False, like a wrong password.
    ///
    /// Args:
    ///     pairs: an iterable of ``(hash, password)`` tuples or lists.
    ///     hashes, passwords: instead of ``pairs``, two columns of equal
    ///         length (lists, numpy object arrays, pandas Series, pyarrow
    ///         arrays).
    ///     progress: called as ``progress(done, total)`` after each chunk.
    ///
    /// Returns:
    ///     One bool per pair, in order.
    ///
    /// Raises:
    ///     InvalidInput: an item is not a pair (the message names its
    ///         index), the columns differ in length, or both or neither
    ///         forms are given.
    ///     TypeError: a password is not str or bytes (the message names its
    ///         index).
    ///
    /// .. versionadded:: 0.1.0
    /// .. versionchanged:: 0.2.0 the ``hashes=``/``passwords=`` columns.
    #[pyo3(signature = (pairs=None, *, hashes=None, passwords=None, progress=None))]
    fn verify_many(
        &self,
        py: Python<'_>,
        pairs: Option<&Bound<'_, PyAny>>,
        hashes: Option<&Bound<'_, PyAny>>,
        passwords: Option<&Bound<'_, PyAny>>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<bool>> {
        // A hash that is not text is a failed item, not a failed batch.
        let mut items: Vec<(String, SecretBytes)> = Vec::new();
        match (pairs, hashes, passwords) {
            (Some(pairs), None, None) => {
                for (i, pair) in runtime::iterate(pairs)?.enumerate() {
                    let [hash, password] =
                        runtime::row(&pair?, &format!("pairs[{i}]"), "(hash, password)")?;
                    items.push((
                        hash_text(&hash).unwrap_or_default(),
                        text_or_bytes(&password, &format!("pairs[{i}] password"))?,
                    ));
                }
            }
            (None, Some(hashes), Some(passwords)) => {
                let hashes = runtime::iterate(hashes)?.collect::<PyResult<Vec<_>>>()?;
                let passwords = runtime::iterate(passwords)?.collect::<PyResult<Vec<_>>>()?;
                if hashes.len() != passwords.len() {
                    return Err(invalid_input(format!(
                        "hashes and passwords differ in length ({}, {})",
                        hashes.len(),
                        passwords.len()
                    )));
                }
                for (i, (hash, password)) in hashes.iter().zip(&passwords).enumerate() {
                    items.push((
                        hash_text(hash).unwrap_or_default(),
                        text_or_bytes(password, &format!("passwords[{i}]"))?,
                    ));
                }
            }
            _ => {
                return Err(invalid_input(
                    "verify_many takes either pairs or both hashes= and passwords=",
                ));
            }
        }
        let refs: Vec<(&str, &[u8])> = items
            .iter()
            .map(|(hash, password)| (hash.as_str(), password.expose()))
            .collect();
        runtime::chunked(py, &refs, progress, |chunk| {
            Ok(self.inner.verify_many(chunk))
        })
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
