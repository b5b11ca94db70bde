//! Python bindings for `credkit::otp`: `Totp`, `Hotp`, `CodeIssuer`,
//! `CodeRecord` and `random_secret`.

use std::sync::{Mutex, MutexGuard};

use credkit::otp::{self, Algorithm, CodeAlphabet, CodePolicy, OtpSecret};
use credkit::secret::SecretBytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};

use crate::clock::unix_time_or_now;
use crate::errors::{IntoPyResult, invalid_input};
use crate::int_arg::UInt;

/// A secret given as raw `bytes` or as Base32 `str`.
fn secret_from(obj: &Bound<'_, PyAny>) -> PyResult<OtpSecret> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        OtpSecret::from_slice(b.as_bytes()).into_py_result()
    } else if let Ok(s) = obj.cast::<PyString>() {
        // Borrowed from a bytes object, so no unwiped copy of the secret
        // is left in Rust's heap.
        let utf8 = s.encode_utf8()?;
        let text = std::str::from_utf8(utf8.as_bytes())
            .map_err(|_| PyTypeError::new_err("secret must be valid text"))?;
        OtpSecret::from_base32(text).into_py_result()
    } else {
        Err(PyTypeError::new_err(
            "secret must be bytes (raw) or str (base32)",
        ))
    }
}

fn algorithm_from(name: &str) -> PyResult<Algorithm> {
    Algorithm::from_name(name)
        .map_err(|_| invalid_input("algorithm must be 'sha1', 'sha256' or 'sha512'"))
}

/// The Python spelling of an algorithm: its otpauth name in lowercase.
fn algorithm_name(a: Algorithm) -> String {
    a.name().to_ascii_lowercase()
}

/// random_secret(length=20)
/// --
///
/// A fresh OTP secret from the operating system's random source.
///
/// Args:
///     length: Bytes of secret; at least 10, default 20 (160 bits).
///
/// Returns:
///     The raw secret bytes (pass them to ``Totp``/``Hotp``).
///
/// Raises:
///     InvalidInput: If ``length`` is below 10 or above 128.
///
/// .. versionadded:: 0.1.0
#[pyfunction]
#[pyo3(signature = (length = UInt(OtpSecret::DEFAULT_LEN)))]
fn random_secret(py: Python<'_>, length: UInt<usize>) -> PyResult<Bound<'_, PyBytes>> {
    let length = length.0;
    let secret = OtpSecret::random(length).into_py_result()?;
    Ok(PyBytes::new(py, secret.expose()))
}

/// A TOTP authenticator (RFC 6238).
///
/// Args:
///     secret: Raw ``bytes`` or Base32 ``str`` (lower case, spaces and
///         missing padding accepted); at least 10 bytes.
///     digits: 6 to 10.
///     period: Time step in seconds (1 to 86400).
///     algorithm: ``"sha1"``, ``"sha256"`` or ``"sha512"``.
///     t0: Unix time of step 0.
///
/// Raises:
///     InvalidInput: For a bad secret or parameter.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit")]
struct Totp {
    inner: otp::Totp,
}

#[pymethods]
impl Totp {
    #[new]
    #[pyo3(signature = (secret, digits = UInt(6), period = UInt(30), algorithm = "sha1", t0 = UInt(0)))]
    fn new(
        secret: &Bound<'_, PyAny>,
        digits: UInt<u8>,
        period: UInt<u64>,
        algorithm: &str,
        t0: UInt<u64>,
    ) -> PyResult<Self> {
        let digits = digits.0;
        let period = period.0;
        let t0 = t0.0;
        let inner = otp::Totp::new(
            secret_from(secret)?,
            algorithm_from(algorithm)?,
            digits,
            period,
            t0,
        )
        .into_py_result()?;
        Ok(Self { inner })
    }

    /// The code at Unix time ``unix_time`` (``str``).
    ///
    /// Raises:
    ///     InvalidInput: If the time is before ``t0``.
    fn at(&self, py: Python<'_>, unix_time: UInt<u64>) -> PyResult<String> {
        let unix_time = unix_time.0;
        py.detach(|| self.inner.generate(unix_time))
            .into_py_result()
    }

    /// The code now (``str``).
    fn now(&self, py: Python<'_>) -> PyResult<String> {
        let t = unix_time_or_now(None)?;
        py.detach(|| self.inner.generate(t)).into_py_result()
    }

    /// The time step at ``at`` (default: now).
    #[pyo3(signature = (at = None))]
    fn step(&self, at: Option<UInt<u64>>) -> PyResult<u64> {
        self.inner.step_at(unix_time_or_now(at)?).into_py_result()
    }

    /// Verifies ``code`` at ``at`` (default: now) against the steps within
    /// ``window`` of it, in constant time, and returns the matched step.
    ///
    /// Store the returned step and pass it as ``last_step`` next time: a
    /// code at or before it is refused (each code is accepted once).
    ///
    /// Returns:
    ///     The matched time step (``int``).
    ///
    /// Raises:
    ///     VerificationError: Wrong, malformed or replayed code.
    ///     InvalidInput: ``window`` above 10 or time before ``t0``.
    #[pyo3(signature = (code, at = None, window = UInt(1), last_step = None))]
    fn verify(
        &self,
        py: Python<'_>,
        code: &str,
        at: Option<UInt<u64>>,
        window: UInt<u8>,
        last_step: Option<UInt<u64>>,
    ) -> PyResult<u64> {
        let window = window.0;
        let last_step = last_step.map(|UInt(v)| v);
        let t = unix_time_or_now(at)?;
        py.detach(|| self.inner.verify(code, t, window, last_step))
            .into_py_result()
    }

    /// The ``otpauth://totp/`` URI for enrolment (contains the secret).
    ///
    /// Raises:
    ///     InvalidInput: Empty account, ``:`` in a label part, or ``t0 != 0``.
    #[pyo3(signature = (account, issuer = None))]
    fn uri(&self, account: &str, issuer: Option<&str>) -> PyResult<String> {
        self.inner.to_uri(account, issuer).into_py_result()
    }

    /// Parses an ``otpauth://totp/`` URI.
    ///
    /// Raises:
    ///     InvalidInput: Malformed URI, secret or parameter.
    #[staticmethod]
    fn from_uri(uri: &str) -> PyResult<Self> {
        Ok(Self {
            inner: otp::Totp::from_uri(uri).into_py_result()?,
        })
    }

    /// The secret as unpadded Base32, for manual entry in an app.
    #[getter]
    fn secret_base32(&self) -> String {
        self.inner.secret().to_base32()
    }

    /// Number of digits.
    #[getter]
    fn digits(&self) -> u8 {
        self.inner.digits()
    }

    /// Time step in seconds.
    #[getter]
    fn period(&self) -> u64 {
        self.inner.period()
    }

    /// ``"sha1"``, ``"sha256"`` or ``"sha512"``.
    #[getter]
    fn algorithm(&self) -> String {
        algorithm_name(self.inner.algorithm())
    }

    /// Unix time of step 0.
    #[getter]
    fn t0(&self) -> u64 {
        self.inner.t0()
    }

    fn __repr__(&self) -> String {
        format!(
            "Totp(digits={}, period={}, algorithm='{}', t0={})",
            self.inner.digits(),
            self.inner.period(),
            algorithm_name(self.inner.algorithm()),
            self.inner.t0()
        )
    }
}

/// An HOTP authenticator (RFC 4226).
///
/// Args:
///     secret: Raw ``bytes`` or Base32 ``str``; at least 10 bytes.
///     digits: 6 to 10.
///     algorithm: ``"sha1"``, ``"sha256"`` or ``"sha512"``.
///
/// Raises:
///     InvalidInput: For a bad secret or parameter.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit")]
struct Hotp {
    inner: otp::Hotp,
}

#[pymethods]
impl Hotp {
    #[new]
    #[pyo3(signature = (secret, digits = UInt(6), algorithm = "sha1"))]
    fn new(secret: &Bound<'_, PyAny>, digits: UInt<u8>, algorithm: &str) -> PyResult<Self> {
        let digits = digits.0;
        let inner = otp::Hotp::new(secret_from(secret)?, algorithm_from(algorithm)?, digits)
            .into_py_result()?;
        Ok(Self { inner })
    }

    /// The code for ``counter`` (``str``).
    fn at(&self, py: Python<'_>, counter: UInt<u64>) -> String {
        let counter = counter.0;
        py.detach(|| self.inner.generate(counter))
    }

    /// Verifies ``code`` against counters ``counter`` to
    /// ``counter + look_ahead`` in constant time and returns the matched
    /// counter; store ``matched + 1`` as the next ``counter``.
    ///
    /// Raises:
    ///     VerificationError: No counter matches (wrong, malformed or
    ///         already-used code).
    ///     InvalidInput: ``look_ahead`` above 100.
    #[pyo3(signature = (code, counter, look_ahead = UInt(0)))]
    fn verify(
        &self,
        py: Python<'_>,
        code: &str,
        counter: UInt<u64>,
        look_ahead: UInt<u64>,
    ) -> PyResult<u64> {
        let counter = counter.0;
        let look_ahead = look_ahead.0;
        py.detach(|| self.inner.verify(code, counter, look_ahead))
            .into_py_result()
    }

    /// The ``otpauth://hotp/`` URI for enrolment (contains the secret).
    #[pyo3(signature = (account, issuer = None, counter = UInt(0)))]
    fn uri(&self, account: &str, issuer: Option<&str>, counter: UInt<u64>) -> PyResult<String> {
        let counter = counter.0;
        self.inner.to_uri(counter, account, issuer).into_py_result()
    }

    /// Parses an ``otpauth://hotp/`` URI into ``(Hotp, counter)``.
    #[staticmethod]
    fn from_uri<'py>(py: Python<'py>, uri: &str) -> PyResult<Bound<'py, PyTuple>> {
        let (inner, counter) = otp::Hotp::from_uri(uri).into_py_result()?;
        (Self { inner }, counter).into_pyobject(py)
    }

    /// Number of digits.
    #[getter]
    fn digits(&self) -> u8 {
        self.inner.digits()
    }

    /// ``"sha1"``, ``"sha256"`` or ``"sha512"``.
    #[getter]
    fn algorithm(&self) -> String {
        algorithm_name(self.inner.algorithm())
    }

    fn __repr__(&self) -> String {
        format!(
            "Hotp(digits={}, algorithm='{}')",
            self.inner.digits(),
            algorithm_name(self.inner.algorithm())
        )
    }
}

/// The stored state of one single-use code. Store ``to_bytes()`` after
/// every ``CodeIssuer.redeem`` call (success or failure).
///
/// Not immutable: ``CodeIssuer.redeem`` updates the record object in place
/// (attempt counter, used flag, MAC), as the API contract requires. The
/// class is frozen for pyo3 and keeps its state behind a mutex, so
/// concurrent redeems of the same object (including from free-threaded
/// Python) are serialised instead of racing or raising borrow errors.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit")]
struct CodeRecord {
    inner: Mutex<otp::CodeRecord>,
}

impl CodeRecord {
    fn lock(&self) -> MutexGuard<'_, otp::CodeRecord> {
        // A poisoned lock means a panic while redeeming; credkit does not
        // panic, and the record is only replaced whole, so it is consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl CodeRecord {
    /// Pickles as ``to_bytes()`` (a MAC of the code, never the code).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// The record's byte form, for storage.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.lock().to_bytes())
    }

    /// Parses stored bytes (structure and bounds; the MACs are checked by
    /// ``redeem``).
    ///
    /// Raises:
    ///     InvalidInput: Malformed bytes.
    #[staticmethod]
    fn from_bytes(blob: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: Mutex::new(otp::CodeRecord::from_bytes(blob).into_py_result()?),
        })
    }

    /// The subject the code is bound to.
    #[getter]
    fn subject(&self) -> String {
        self.lock().subject().to_owned()
    }

    /// The purpose the code is bound to.
    #[getter]
    fn purpose(&self) -> String {
        self.lock().purpose().to_owned()
    }

    /// Unix time of issue.
    #[getter]
    fn issued_at(&self) -> u64 {
        self.lock().issued_at()
    }

    /// Unix time from which the code is refused.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.lock().expires_at()
    }

    /// Failed attempts so far.
    #[getter]
    fn attempts(&self) -> u16 {
        self.lock().attempts()
    }

    /// Failed attempts at which the record locks.
    #[getter]
    fn max_attempts(&self) -> u16 {
        self.lock().max_attempts()
    }

    /// Whether the code was redeemed.
    #[getter]
    fn used(&self) -> bool {
        self.lock().is_used()
    }

    /// Id of the issuer key that MACs the record.
    /// The record's random nonce (16 bytes, not secret): keep the nonces of
    /// redeemed records until they expire, outside the record table, if a
    /// database writer is in your threat model (a restored record is not
    /// detected otherwise; see SECURITY.md).
    #[getter]
    fn nonce<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.lock().nonce())
    }

    #[getter]
    fn key_id(&self) -> u32 {
        self.lock().key_id()
    }

    fn __repr__(&self) -> String {
        let r = self.lock();
        format!(
            "CodeRecord(subject={:?}, purpose={:?}, expires_at={}, attempts={}, used={})",
            r.subject(),
            r.purpose(),
            r.expires_at(),
            r.attempts(),
            if r.is_used() { "True" } else { "False" }
        )
    }
}

/// Issues and redeems single-use codes bound to a subject and a purpose.
///
/// Args:
///     key: HMAC key, at least 32 bytes, kept outside the record store.
///     digits: Code length (6–10 digits, or 6–16 symbols for Crockford).
///     ttl_seconds: Lifetime (default 4 hours).
///     max_attempts: Failed attempts before the record locks.
///     alphabet: ``"digits"`` or ``"crockford"`` (Crockford Base32).
///     key_id: Id of ``key``, stored in each record.
///     retired_keys: ``{key_id: key}`` of older keys that still redeem.
///
/// Raises:
///     InvalidInput: Short key or a parameter out of range.
///     TypeError: A key id used twice.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit")]
struct CodeIssuer {
    inner: otp::CodeIssuer,
}

fn build_issuer(
    key: &[u8],
    policy: CodePolicy,
    key_id: u32,
    retired_keys: RetiredKeys,
) -> PyResult<CodeIssuer> {
    let mut inner =
        otp::CodeIssuer::new(key_id, &SecretBytes::from_slice(key), policy).into_py_result()?;
    for (id, k) in retired_keys {
        inner = inner
            .with_retired_key(id, &SecretBytes::new(k))
            .into_py_result()?;
    }
    Ok(CodeIssuer { inner })
}

fn alphabet_from(name: &str) -> PyResult<CodeAlphabet> {
    CodeAlphabet::from_name(name)
        .map_err(|e| crate::errors::to_py_err_in("alphabet must be 'digits' or 'crockford': ", e))
}

/// `(key_id, key)` pairs of retired keys.
type RetiredKeys = Vec<(u32, Vec<u8>)>;

fn retired_from(obj: Option<&Bound<'_, PyAny>>) -> PyResult<RetiredKeys> {
    let mut out = Vec::new();
    if let Some(o) = obj {
        for item in o.call_method0("items")?.try_iter()? {
            let (id, key): (u32, Vec<u8>) = item?.extract()?;
            out.push((id, key));
        }
    }
    Ok(out)
}

#[pymethods]
impl CodeIssuer {
    #[new]
    #[pyo3(signature = (key, digits = UInt(6), ttl_seconds = UInt(14_400), max_attempts = UInt(5), *, alphabet = "digits", key_id = UInt(1), retired_keys = None))]
    fn new(
        key: &[u8],
        digits: UInt<u8>,
        ttl_seconds: UInt<u64>,
        max_attempts: UInt<u16>,
        alphabet: &str,
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let digits = digits.0;
        let ttl_seconds = ttl_seconds.0;
        let max_attempts = max_attempts.0;
        let key_id = key_id.0;
        let policy = CodePolicy::new(alphabet_from(alphabet)?, digits, ttl_seconds, max_attempts)
            .into_py_result()?;
        build_issuer(key, policy, key_id, retired_from(retired_keys)?)
    }

    /// The SIM-registration preset (6 digits, 4 hours, single use, 5
    /// attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None))]
    fn sim_registration(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            key,
            CodePolicy::SIM_REGISTRATION,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// The Cl@ve activation-code preset (10 Crockford symbols, 30 days, 5
    /// attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None))]
    fn clave_activation(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            key,
            CodePolicy::CLAVE_ACTIVATION,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// The SMS login-code preset (6 digits, 5 minutes, 5 attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None))]
    fn sms_login(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            key,
            CodePolicy::SMS_LOGIN,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// Issues a code: returns ``(code, record)``. Deliver the code, store
    /// ``record.to_bytes()``; the record never contains the code.
    ///
    /// Raises:
    ///     InvalidInput: Empty or over-long (255 bytes) subject or purpose.
    #[pyo3(signature = (subject, purpose, now = None))]
    fn issue(
        &self,
        py: Python<'_>,
        subject: &str,
        purpose: &str,
        now: Option<UInt<u64>>,
    ) -> PyResult<(String, CodeRecord)> {
        let t = unix_time_or_now(now)?;
        let (code, record) = py
            .detach(|| self.inner.issue(subject, purpose, t))
            .into_py_result()?;
        Ok((
            code.expose().to_owned(),
            CodeRecord {
                inner: Mutex::new(record),
            },
        ))
    }

    /// Redeems ``code`` once. Updates ``record`` in place on success (used)
    /// and on a wrong code (attempts + 1): persist ``record.to_bytes()``
    /// after every call with an atomic compare-and-set on the old bytes.
    ///
    /// Raises:
    ///     VerificationError: Wrong, malformed or mis-bound code; used,
    ///         expired or locked record; tampered record or unknown key id.
    #[pyo3(signature = (record, code, subject, purpose, now = None))]
    fn redeem(
        &self,
        py: Python<'_>,
        record: &CodeRecord,
        code: &str,
        subject: &str,
        purpose: &str,
        now: Option<UInt<u64>>,
    ) -> PyResult<()> {
        let t = unix_time_or_now(now)?;
        py.detach(|| {
            let mut guard = record.lock();
            self.inner.redeem(&mut guard, code, subject, purpose, t)
        })
        .into_py_result()
    }

    /// Id of the key that MACs new records.
    #[getter]
    fn current_key_id(&self) -> u32 {
        self.inner.current_key_id()
    }

    /// Code length.
    #[getter]
    fn digits(&self) -> u8 {
        self.inner.policy().length()
    }

    /// Lifetime in seconds.
    #[getter]
    fn ttl_seconds(&self) -> u64 {
        self.inner.policy().ttl_seconds()
    }

    /// Failed attempts before a record locks.
    #[getter]
    fn max_attempts(&self) -> u16 {
        self.inner.policy().max_attempts()
    }

    /// ``"digits"`` or ``"crockford"``.
    #[getter]
    fn alphabet(&self) -> &'static str {
        self.inner.policy().alphabet().name()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(random_secret, m)?)?;
    m.add_class::<Totp>()?;
    m.add_class::<Hotp>()?;
    m.add_class::<CodeIssuer>()?;
    m.add_class::<CodeRecord>()?;
    Ok(())
}
