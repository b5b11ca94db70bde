//! Python bindings for `credkit::otp`: `Totp`, `Hotp`, `CodeIssuer`,
//! `CodeRecord` and `random_secret`.

use std::sync::{Mutex, MutexGuard};

use credkit::otp::{self, Algorithm, CodeAlphabet, CodePolicy, OtpSecret};
use credkit::secret::SecretBytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};

use crate::clock::{Time, unix_time_or_now};
use crate::errors::{IntoPyResult, invalid_input};
use crate::int_arg::UInt;
use crate::renamed::lifetime;

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
#[pyo3(signature = (length = UInt(OtpSecret::DEFAULT_LEN)), text_signature = "(length=20)")]
fn random_secret(py: Python<'_>, length: UInt<usize>) -> PyResult<Bound<'_, PyBytes>> {
    let length = length.0;
    let secret = OtpSecret::random(length).into_py_result()?;
    Ok(PyBytes::new(py, secret.expose()))
}

// The default written in `random_secret`'s `text_signature`.
const _: () = assert!(OtpSecret::DEFAULT_LEN == 20);

/// A TOTP authenticator (RFC 6238).
///
/// Args:
///     secret: Raw ``bytes`` or Base32 ``str`` (lower case, spaces and
///         missing padding accepted); at least 10 bytes.
///     digits: 6 to 10.
///     period: Time step in seconds (1 to 86400).
///     algorithm: ``"sha1"``, ``"sha256"`` or ``"sha512"``.
///     t0: Unix time of step 0.
///     account: The account name, the default of :meth:`uri` (set by
///         :meth:`from_uri`; pyotp calls it ``name``).
///     issuer: The issuer, the default of :meth:`uri` (set by
///         :meth:`from_uri`).
///
/// Every time argument (``at``, ``unix_time``) is Unix seconds (``int``) or
/// an aware ``datetime`` (read as pyotp and PyJWT read it, fractions of a
/// second dropped); a naive ``datetime`` raises ``InvalidInput``.
///
/// Pickling (and ``copy.deepcopy``) keeps every parameter, the account and
/// issuer, and **the secret**: a pickle of a ``Totp`` is the secret, like
/// its enrolment URI.
///
/// Raises:
///     InvalidInput: For a bad secret or parameter.
///
/// .. versionadded:: 0.1.0
/// .. versionchanged:: 0.2.0 ``account``, ``issuer``, datetimes, pickling.
#[pyclass(frozen, module = "credkit")]
struct Totp {
    inner: otp::Totp,
    /// The account name of the enrolment URI (pyotp's ``name``).
    account: Option<String>,
    /// The issuer of the enrolment URI.
    issuer: Option<String>,
}

#[pymethods]
impl Totp {
    #[new]
    #[pyo3(signature = (secret, digits = UInt(6), period = UInt(30), algorithm = "sha1", t0 = UInt(0), *, account = None, issuer = None),
           text_signature = "(secret, digits=6, period=30, algorithm='sha1', t0=0, *, account=None, issuer=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        secret: &Bound<'_, PyAny>,
        digits: UInt<u8>,
        period: UInt<u64>,
        algorithm: &str,
        t0: UInt<u64>,
        account: Option<String>,
        issuer: Option<String>,
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
        Ok(Self {
            inner,
            account,
            issuer,
        })
    }

    /// Pickles as ``(version, secret, digits, period, algorithm, t0,
    /// account, issuer)``; the secret as raw bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let t = slf.get();
        let fields = (
            PyBytes::new(py, t.inner.secret().expose()),
            t.inner.digits(),
            t.inner.period(),
            algorithm_name(t.inner.algorithm()),
            t.inner.t0(),
            t.account.as_deref(),
            t.issuer.as_deref(),
        )
            .into_pyobject(py)?;
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds an authenticator from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "Totp";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 7)?;
            let secret: Vec<u8> = st.get(0)?;
            let inner = otp::Totp::new(
                OtpSecret::new(secret).into_py_result()?,
                algorithm_from(&st.get::<String>(3)?)?,
                st.get(1)?,
                st.get(2)?,
                st.get(4)?,
            )
            .into_py_result()?;
            Ok(Self {
                inner,
                account: st.get(5)?,
                issuer: st.get(6)?,
            })
        })
    }

    /// The code at ``unix_time`` (Unix seconds or an aware ``datetime``).
    ///
    /// Raises:
    ///     InvalidInput: If the time is before ``t0``.
    fn at(&self, py: Python<'_>, unix_time: Time) -> PyResult<String> {
        let Time(unix_time) = unix_time;
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
    fn step(&self, at: Option<Time>) -> PyResult<u64> {
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
    #[pyo3(signature = (code, at = None, window = UInt(1), last_step = None),
           text_signature = "($self, code, at=None, window=1, last_step=None)")]
    fn verify(
        &self,
        py: Python<'_>,
        code: &str,
        at: Option<Time>,
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
    /// Args:
    ///     account: The account name (default: :attr:`account`).
    ///     issuer: The issuer (default: :attr:`issuer`).
    ///
    /// Raises:
    ///     InvalidInput: No or empty account, ``:`` in a label part, or
    ///         ``t0 != 0``.
    #[pyo3(signature = (account = None, issuer = None))]
    fn uri(&self, account: Option<&str>, issuer: Option<&str>) -> PyResult<String> {
        let account = account
            .or(self.account.as_deref())
            .ok_or_else(|| invalid_input("uri needs an account"))?;
        self.inner
            .to_uri(account, issuer.or(self.issuer.as_deref()))
            .into_py_result()
    }

    /// Parses an ``otpauth://totp/`` URI; its account name and issuer
    /// become :attr:`account` and :attr:`issuer` (as pyotp's ``parse_uri``
    /// gives ``name`` and ``issuer``).
    ///
    /// Raises:
    ///     InvalidInput: Malformed URI, secret or parameter.
    ///
    /// .. versionchanged:: 0.2.0 keeps the account and issuer.
    #[staticmethod]
    fn from_uri(uri: &str) -> PyResult<Self> {
        let parsed = otp::OtpAuthUri::parse(uri).into_py_result()?;
        Ok(Self {
            inner: parsed.to_totp().into_py_result()?,
            account: Some(parsed.account().to_owned()),
            issuer: parsed.issuer().map(str::to_owned),
        })
    }

    /// The account name (from :meth:`from_uri` or the constructor), or None.
    #[getter]
    fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// The issuer (from :meth:`from_uri` or the constructor), or None.
    #[getter]
    fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
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
///     account: The account name, the default of :meth:`uri`.
///     issuer: The issuer, the default of :meth:`uri`.
///
/// Pickling (and ``copy.deepcopy``) keeps every parameter, the account and
/// issuer, and **the secret**.
///
/// Raises:
///     InvalidInput: For a bad secret or parameter.
///
/// .. versionadded:: 0.1.0
/// .. versionchanged:: 0.2.0 ``account``, ``issuer``, pickling.
#[pyclass(frozen, module = "credkit")]
struct Hotp {
    inner: otp::Hotp,
    /// The account name of the enrolment URI.
    account: Option<String>,
    /// The issuer of the enrolment URI.
    issuer: Option<String>,
}

#[pymethods]
impl Hotp {
    #[new]
    #[pyo3(signature = (secret, digits = UInt(6), algorithm = "sha1", *, account = None, issuer = None),
           text_signature = "(secret, digits=6, algorithm='sha1', *, account=None, issuer=None)")]
    fn new(
        secret: &Bound<'_, PyAny>,
        digits: UInt<u8>,
        algorithm: &str,
        account: Option<String>,
        issuer: Option<String>,
    ) -> PyResult<Self> {
        let digits = digits.0;
        let inner = otp::Hotp::new(secret_from(secret)?, algorithm_from(algorithm)?, digits)
            .into_py_result()?;
        Ok(Self {
            inner,
            account,
            issuer,
        })
    }

    /// Pickles as ``(version, secret, digits, algorithm, account,
    /// issuer)``; the secret as raw bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let h = slf.get();
        let fields = (
            PyBytes::new(py, h.inner.secret().expose()),
            h.inner.digits(),
            algorithm_name(h.inner.algorithm()),
            h.account.as_deref(),
            h.issuer.as_deref(),
        )
            .into_pyobject(py)?;
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds an authenticator from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "Hotp";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 5)?;
            let secret: Vec<u8> = st.get(0)?;
            let inner = otp::Hotp::new(
                OtpSecret::new(secret).into_py_result()?,
                algorithm_from(&st.get::<String>(2)?)?,
                st.get(1)?,
            )
            .into_py_result()?;
            Ok(Self {
                inner,
                account: st.get(3)?,
                issuer: st.get(4)?,
            })
        })
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
    #[pyo3(signature = (code, counter, look_ahead = UInt(0)),
           text_signature = "($self, code, counter, look_ahead=0)")]
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
    ///
    /// Args:
    ///     account: The account name (default: :attr:`account`).
    ///     issuer: The issuer (default: :attr:`issuer`).
    ///     counter: The next counter.
    #[pyo3(signature = (account = None, issuer = None, counter = UInt(0)),
           text_signature = "($self, account=None, issuer=None, counter=0)")]
    fn uri(
        &self,
        account: Option<&str>,
        issuer: Option<&str>,
        counter: UInt<u64>,
    ) -> PyResult<String> {
        let account = account
            .or(self.account.as_deref())
            .ok_or_else(|| invalid_input("uri needs an account"))?;
        self.inner
            .to_uri(counter.0, account, issuer.or(self.issuer.as_deref()))
            .into_py_result()
    }

    /// Parses an ``otpauth://hotp/`` URI into ``(Hotp, counter)``; its
    /// account name and issuer become :attr:`account` and :attr:`issuer`.
    ///
    /// .. versionchanged:: 0.2.0 keeps the account and issuer.
    #[staticmethod]
    fn from_uri<'py>(py: Python<'py>, uri: &str) -> PyResult<Bound<'py, PyTuple>> {
        let parsed = otp::OtpAuthUri::parse(uri).into_py_result()?;
        let (inner, counter) = parsed.to_hotp().into_py_result()?;
        let hotp = Self {
            inner,
            account: Some(parsed.account().to_owned()),
            issuer: parsed.issuer().map(str::to_owned),
        };
        (hotp, counter).into_pyobject(py)
    }

    /// The account name (from :meth:`from_uri` or the constructor), or None.
    #[getter]
    fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// The issuer (from :meth:`from_uri` or the constructor), or None.
    #[getter]
    fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
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
///     ttl: Lifetime in seconds (default 4 hours); ``ttl_seconds=``, its
///         older name, is still accepted.
///     max_attempts: Failed attempts before the record locks.
///     alphabet: ``"digits"`` or ``"crockford"`` (Crockford Base32).
///     key_id: Id of ``key``, stored in each record.
///     retired_keys: ``{key_id: key}`` of older keys that still redeem.
///
/// Pickling (and ``copy.deepcopy``) keeps the policy and **the MAC keys**
/// (current and retired): a pickle of a ``CodeIssuer`` can forge records.
/// Keep it where the keys themselves may be kept, never beside the records.
///
/// Raises:
///     InvalidInput: Short key or a parameter out of range.
///     TypeError: A key id used twice.
///
/// .. versionadded:: 0.1.0
/// .. versionchanged:: 0.2.0 picklable.
#[pyclass(frozen, module = "credkit")]
struct CodeIssuer {
    inner: otp::CodeIssuer,
}

fn build_issuer(
    key: &SecretBytes,
    policy: CodePolicy,
    key_id: u32,
    retired_keys: RetiredKeys,
) -> PyResult<CodeIssuer> {
    let mut inner = otp::CodeIssuer::new(key_id, key, policy).into_py_result()?;
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
    #[pyo3(signature = (key, digits = UInt(6), ttl = None, max_attempts = UInt(5), *, alphabet = "digits", key_id = UInt(1), retired_keys = None, ttl_seconds = None),
           text_signature = "(key, digits=6, ttl=14400, max_attempts=5, *, alphabet='digits', key_id=1, retired_keys=None, ttl_seconds=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        key: &[u8],
        digits: UInt<u8>,
        ttl: Option<UInt<u64>>,
        max_attempts: UInt<u16>,
        alphabet: &str,
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
        ttl_seconds: Option<UInt<u64>>,
    ) -> PyResult<Self> {
        let digits = digits.0;
        let ttl_seconds = lifetime(ttl, ttl_seconds, "ttl_seconds", Some(14_400))?;
        let max_attempts = max_attempts.0;
        let key_id = key_id.0;
        let policy = CodePolicy::new(alphabet_from(alphabet)?, digits, ttl_seconds, max_attempts)
            .into_py_result()?;
        build_issuer(
            &SecretBytes::from_slice(key),
            policy,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// The SIM-registration preset (6 digits, 4 hours, single use, 5
    /// attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None),
           text_signature = "(key, *, key_id=1, retired_keys=None)")]
    fn sim_registration(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            &SecretBytes::from_slice(key),
            CodePolicy::SIM_REGISTRATION,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// The Cl@ve activation-code preset (10 Crockford symbols, 30 days, 5
    /// attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None),
           text_signature = "(key, *, key_id=1, retired_keys=None)")]
    fn clave_activation(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            &SecretBytes::from_slice(key),
            CodePolicy::CLAVE_ACTIVATION,
            key_id,
            retired_from(retired_keys)?,
        )
    }

    /// The SMS login-code preset (6 digits, 5 minutes, 5 attempts).
    #[staticmethod]
    #[pyo3(signature = (key, *, key_id = UInt(1), retired_keys = None),
           text_signature = "(key, *, key_id=1, retired_keys=None)")]
    fn sms_login(
        key: &[u8],
        key_id: UInt<u32>,
        retired_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_id = key_id.0;
        build_issuer(
            &SecretBytes::from_slice(key),
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
        now: Option<Time>,
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
        now: Option<Time>,
    ) -> PyResult<()> {
        let t = unix_time_or_now(now)?;
        py.detach(|| {
            let mut guard = record.lock();
            self.inner.redeem(&mut guard, code, subject, purpose, t)
        })
        .into_py_result()
    }

    /// Pickles as ``(version, alphabet, digits, ttl_seconds, max_attempts,
    /// keys)``; ``keys`` as ``[(key_id, key), ...]``, the current key first.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let issuer = &slf.get().inner;
        let policy = issuer.policy();
        let keys = pyo3::types::PyList::empty(py);
        for (id, key) in issuer.keys() {
            keys.append((id, PyBytes::new(py, key.expose())))?;
        }
        let fields = (
            policy.alphabet().name(),
            policy.length(),
            policy.ttl_seconds(),
            policy.max_attempts(),
            keys,
        )
            .into_pyobject(py)?;
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds an issuer from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "CodeIssuer";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 5)?;
            let policy = CodePolicy::new(
                alphabet_from(&st.get::<String>(0)?)?,
                st.get(1)?,
                st.get(2)?,
                st.get(3)?,
            )
            .into_py_result()?;
            let mut keys = st.get::<Vec<(u32, Vec<u8>)>>(4)?.into_iter();
            let (id, key) = keys
                .next()
                .ok_or_else(|| invalid_input(format!("{WHAT}: no key")))?;
            build_issuer(&SecretBytes::new(key), policy, id, keys.collect())
        })
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
    fn ttl(&self) -> u64 {
        self.inner.policy().ttl_seconds()
    }

    /// `ttl` under its older name, kept working.
    #[getter]
    fn ttl_seconds(&self) -> u64 {
        self.ttl()
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
