//! Python bindings for `credkit::sso`: `TokenIssuer`, `TokenVerifier`,
//! `Token`, `ApprovalIssuer`, `ApprovalRequest` and `approval_message`.

use std::sync::{Mutex, MutexGuard};

use credkit::secret::SecretBytes;
use credkit::sign::AnySigningKey;
use credkit::sso::{self, Audience, Jwks};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::clock::{Time, unix_time_or_now};
use crate::errors::{IntoPyResult, invalid_input, results_list};
use crate::int_arg::UInt;
use crate::keys::{any_signing_key, any_verifying_key, json_to_dict, jwk_text};
use crate::renamed::lifetime;

/// Issues signed single-sign-on tokens (compact JWS JWTs).
///
/// Args:
///     key: A ``SigningKey`` (tokens signed ``EdDSA``) or a
///         ``P256SigningKey`` (``ES256``).
///     key_id: The ``kid`` published in the JWKS and put in every header.
///     issuer: The ``iss`` of every token.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "TokenIssuer")]
struct PyTokenIssuer {
    inner: sso::TokenIssuer,
}

#[pymethods]
impl PyTokenIssuer {
    #[new]
    #[pyo3(signature = (key, key_id, issuer))]
    fn new(key: &Bound<'_, PyAny>, key_id: &str, issuer: &str) -> PyResult<Self> {
        Ok(Self {
            inner: sso::TokenIssuer::new(any_signing_key(key)?, key_id, issuer).into_py_result()?,
        })
    }

    /// Issues a token for ``subject`` and ``audience`` (a str or a list of
    /// str), valid ``ttl`` seconds from ``now``, with a random ``jti``.
    ///
    /// Raises:
    ///     InvalidInput: ttl 0 or above one day, or an empty or over-long name.
    ///     ValueError: ``claims`` uses a registered claim name.
    #[pyo3(signature = (subject, audience, ttl = UInt(300), nonce = None, claims = None, now = None),
           text_signature = "($self, subject, audience, ttl=300, nonce=None, claims=None, now=None)")]
    #[allow(clippy::too_many_arguments)]
    fn issue(
        &self,
        py: Python<'_>,
        subject: &str,
        audience: &Bound<'_, PyAny>,
        ttl: UInt<u64>,
        nonce: Option<&str>,
        claims: Option<&Bound<'_, PyDict>>,
        now: Option<Time>,
    ) -> PyResult<String> {
        let t = unix_time_or_now(now)?;
        let extra = match claims {
            None => None,
            Some(d) => {
                let text = jwk_text(d.as_any())?;
                let map: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&text)
                        .map_err(|_| invalid_input("claims must be a JSON object"))?;
                Some(map)
            }
        };
        let audiences: Vec<String> = if let Ok(s) = audience.cast::<PyString>() {
            vec![s.to_cow()?.into_owned()]
        } else {
            audience.extract()?
        };
        let refs: Vec<&str> = audiences.iter().map(String::as_str).collect();
        let aud = if audience.is_instance_of::<PyString>() {
            Audience::One(refs.first().copied().unwrap_or_default())
        } else {
            Audience::Many(&refs)
        };
        py.detach(|| {
            self.inner
                .issue(subject, aud, ttl.0, nonce, extra.as_ref(), t)
        })
        .into_py_result()
    }

    /// The JWKS to publish: ``{"keys": [jwk with kid, alg, use]}``.
    fn jwks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_dict(py, &self.inner.jwks().to_json())
    }

    /// The key id.
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// The issuer name.
    #[getter]
    fn issuer(&self) -> &str {
        self.inner.issuer()
    }

    /// Rebuilds an issuer from its key's PKCS#8 PEM (for unpickling).
    #[staticmethod]
    fn _from_pem(pem: &str, key_id: &str, issuer: &str) -> PyResult<Self> {
        let key = AnySigningKey::from_pem(pem).into_py_result()?;
        Ok(Self {
            inner: sso::TokenIssuer::new(key, key_id, issuer).into_py_result()?,
        })
    }

    /// Pickles as (PKCS#8 PEM of the key, key_id, issuer).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let inner = &slf.get().inner;
        let pem = inner.signing_key().to_pem();
        let ctor = slf.get_type().getattr("_from_pem")?;
        let args = (pem.as_str(), inner.key_id(), inner.issuer()).into_pyobject(py)?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "TokenIssuer(key_id={:?}, issuer={:?})",
            self.inner.key_id(),
            self.inner.issuer()
        )
    }
}

/// A verified token.
///
/// Pickles (and ``copy.deepcopy``) with every field, without being verified
/// again when unpickled.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "Token")]
struct PyToken {
    inner: sso::Token,
}

#[pymethods]
impl PyToken {
    /// ``sub`` (None if absent).
    #[getter]
    fn subject(&self) -> Option<&str> {
        self.inner.subject()
    }

    /// ``iss``.
    #[getter]
    fn issuer(&self) -> &str {
        self.inner.issuer()
    }

    /// ``aud`` as a list of str.
    #[getter]
    fn audience(&self) -> Vec<String> {
        self.inner.audience().to_vec()
    }

    /// ``iat`` (None if absent).
    #[getter]
    fn issued_at(&self) -> Option<u64> {
        self.inner.issued_at()
    }

    /// ``exp``.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.inner.expires_at()
    }

    /// ``nbf`` (None if absent).
    #[getter]
    fn not_before(&self) -> Option<u64> {
        self.inner.not_before()
    }

    /// ``jti`` (None if absent): the id for a replay cache.
    #[getter]
    fn token_id(&self) -> Option<&str> {
        self.inner.token_id()
    }

    /// ``nonce`` (None if absent).
    #[getter]
    fn nonce(&self) -> Option<&str> {
        self.inner.nonce()
    }

    /// The ``kid`` of the key that verified the token.
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// The header's ``alg``.
    #[getter]
    fn algorithm(&self) -> &str {
        self.inner.algorithm()
    }

    /// The claims other than iss, sub, aud, exp, nbf, iat, jti and nonce.
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_dict(
            py,
            &serde_json::Value::Object(self.inner.claims().clone()).to_string(),
        )
    }

    /// Pickles as ``(version, json)``: every field as one JSON object.
    /// Unpickling does not verify again: a pickled token is as trustworthy
    /// as the place the pickle was kept.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let json = slf.get().inner.to_json();
        crate::pickle::by_state(slf.as_any(), [PyString::new(py, &json).into_any()])
    }

    /// Rebuilds a token from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "Token";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 1)?;
            Ok(Self {
                inner: sso::Token::from_json_unchecked(&st.get::<String>(0)?).into_py_result()?,
            })
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyToken>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Token(issuer={:?}, subject={:?}, key_id={:?}, expires_at={})",
            self.inner.issuer(),
            self.inner.subject(),
            self.inner.key_id(),
            self.inner.expires_at()
        )
    }
}

/// Verifies tokens against a JWKS for one issuer and one audience.
///
/// Args:
///     jwks: The issuer's JWKS (a dict or JSON text); unsupported key types
///         are skipped.
///     issuer: The expected ``iss``.
///     audience: The ``aud`` this service requires.
///     clock_skew: Seconds of tolerance on exp, nbf and iat (at most 600).
///     max_lifetime: If set, tokens living longer are refused.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "TokenVerifier")]
struct PyTokenVerifier {
    inner: sso::TokenVerifier,
}

#[pymethods]
impl PyTokenVerifier {
    #[new]
    #[pyo3(signature = (jwks, issuer, audience, clock_skew = UInt(60), max_lifetime = None),
           text_signature = "(jwks, issuer, audience, clock_skew=60, max_lifetime=None)")]
    fn new(
        jwks: &Bound<'_, PyAny>,
        issuer: &str,
        audience: &str,
        clock_skew: UInt<u64>,
        max_lifetime: Option<UInt<u64>>,
    ) -> PyResult<Self> {
        let jwks = Jwks::from_json(&jwk_text(jwks)?).into_py_result()?;
        let mut inner = sso::TokenVerifier::new(jwks, issuer, audience)
            .and_then(|v| v.with_clock_skew(clock_skew.0))
            .into_py_result()?;
        if let Some(UInt(max)) = max_lifetime {
            inner = inner.with_max_lifetime(max).into_py_result()?;
        }
        Ok(Self { inner })
    }

    /// Verifies one token at ``now``; ``nonce`` is the value expected, if any.
    ///
    /// Raises:
    ///     VerificationError: algorithm_not_allowed, unknown_key,
    ///         bad_signature, wrong_issuer, wrong_audience, expired,
    ///         not_yet_valid, nonce_mismatch.
    ///     InvalidInput: malformed, too_large, unsupported (a refused header
    ///         parameter).
    #[pyo3(signature = (token, nonce = None, now = None))]
    fn verify(&self, token: &str, nonce: Option<&str>, now: Option<Time>) -> PyResult<PyToken> {
        let t = unix_time_or_now(now)?;
        Ok(PyToken {
            inner: self.inner.verify(token, nonce, t).into_py_result()?,
        })
    }

    /// Verifies many tokens in parallel (GIL released): one entry per
    /// token, a ``Token`` or the exception (not raised) that ``verify``
    /// would raise.
    #[pyo3(signature = (tokens, now = None))]
    fn verify_many<'py>(
        &self,
        py: Python<'py>,
        tokens: Vec<String>,
        now: Option<Time>,
    ) -> PyResult<Bound<'py, PyList>> {
        let t = unix_time_or_now(now)?;
        let results = py.detach(|| self.inner.verify_many(&tokens, t));
        results_list(py, results, |inner| PyToken { inner })
    }

    /// The expected issuer.
    #[getter]
    fn issuer(&self) -> &str {
        self.inner.issuer()
    }

    /// The expected audience.
    #[getter]
    fn audience(&self) -> &str {
        self.inner.audience()
    }

    /// The clock skew in seconds.
    #[getter]
    fn clock_skew(&self) -> u64 {
        self.inner.clock_skew()
    }

    /// Pickles as (jwks, issuer, audience, clock_skew, max_lifetime).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let v = &slf.get().inner;
        let args = (
            v.jwks().to_json(),
            v.issuer(),
            v.audience(),
            v.clock_skew(),
            v.max_lifetime(),
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "TokenVerifier(issuer={:?}, audience={:?}, keys={})",
            self.inner.issuer(),
            self.inner.audience(),
            self.inner.jwks().len()
        )
    }
}

/// The stored state of one login approval request (MAC over every field;
/// the number is stored only as a MAC).
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, module = "credkit", name = "ApprovalRequest")]
struct PyApprovalRequest {
    inner: Mutex<sso::ApprovalRequest>,
}

impl PyApprovalRequest {
    fn lock(&self) -> MutexGuard<'_, sso::ApprovalRequest> {
        // A poisoned lock means a panic while approving; credkit does not
        // panic, and the request is only replaced whole, so it is consistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl PyApprovalRequest {
    /// The byte form, for storage (without the number).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.lock().to_bytes())
    }

    /// Parses stored bytes (structure only; ``approve`` checks the MAC).
    #[staticmethod]
    fn from_bytes(blob: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: Mutex::new(sso::ApprovalRequest::from_bytes(blob).into_py_result()?),
        })
    }

    /// The number to show on the service's screen. Only on the request
    /// ``ApprovalIssuer.request`` returned; a parsed request raises
    /// InvalidInput, as it does not contain the number.
    #[getter]
    fn number(&self) -> PyResult<u8> {
        self.lock()
            .number()
            .ok_or_else(|| invalid_input("a stored approval request does not contain its number"))
    }

    /// The candidates for the app (empty when the user types the number).
    #[getter]
    fn choices(&self) -> Vec<u32> {
        // u32, not u8: pyo3 turns a Vec<u8> into bytes.
        self.lock()
            .choices()
            .iter()
            .map(|&c| u32::from(c))
            .collect()
    }

    /// The request id that the device signs.
    #[getter]
    fn request_id(&self) -> String {
        self.lock().request_id()
    }

    /// The subject logging in.
    #[getter]
    fn subject(&self) -> String {
        self.lock().subject().to_owned()
    }

    /// The service the login is for.
    #[getter]
    fn service(&self) -> String {
        self.lock().service().to_owned()
    }

    /// Unix time of issue.
    #[getter]
    fn issued_at(&self) -> u64 {
        self.lock().issued_at()
    }

    /// Unix time from which the request is refused.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.lock().expires_at()
    }

    /// Whether the request was spent.
    #[getter]
    fn used(&self) -> bool {
        self.lock().is_used()
    }

    /// Pickles as the stored bytes (like ``to_bytes``: without the number).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = slf.get_type().getattr("from_bytes")?;
        let args = PyTuple::new(py, [slf.get().to_bytes(py)])?;
        PyTuple::new(py, [ctor, args.into_any()])
    }

    fn __repr__(&self) -> String {
        let r = self.lock();
        format!(
            "ApprovalRequest(request_id={:?}, subject={:?}, service={:?}, expires_at={}, used={})",
            r.request_id(),
            r.subject(),
            r.service(),
            r.expires_at(),
            r.is_used()
        )
    }
}

/// Issues and approves number-matching login requests.
///
/// Args:
///     key: HMAC key, at least 32 bytes, kept outside the request store.
///     ttl: Request lifetime in seconds (default 120, at most 600);
///         ``ttl_seconds=``, its older name, is still accepted.
///     choices: Candidates shown in the app (default 3; 0: the user types
///         the number; at most 9).
///     key_id: Id of ``key``, stored in each request.
///
/// Pickling (and ``copy.deepcopy``) keeps the settings and **the MAC
/// keys**: a pickle of an ``ApprovalIssuer`` can forge requests. Keep it
/// where the keys themselves may be kept.
///
/// .. versionadded:: 0.1.0
/// .. versionchanged:: 0.2.0 picklable.
#[pyclass(frozen, module = "credkit", name = "ApprovalIssuer")]
struct PyApprovalIssuer {
    inner: sso::ApprovalIssuer,
}

#[pymethods]
impl PyApprovalIssuer {
    #[new]
    #[pyo3(signature = (key, ttl = None, choices = UInt(3), key_id = UInt(1), *, ttl_seconds = None),
           text_signature = "(key, ttl=120, choices=3, key_id=1, *, ttl_seconds=None)")]
    fn new(
        key: &[u8],
        ttl: Option<UInt<u64>>,
        choices: UInt<u8>,
        key_id: UInt<u32>,
        ttl_seconds: Option<UInt<u64>>,
    ) -> PyResult<Self> {
        let ttl = lifetime(
            ttl,
            ttl_seconds,
            "ttl_seconds",
            Some(sso::ApprovalIssuer::DEFAULT_TTL),
        )?;
        Ok(Self {
            inner: sso::ApprovalIssuer::new(
                key_id.0,
                &SecretBytes::from_slice(key),
                ttl,
                choices.0,
            )
            .into_py_result()?,
        })
    }

    /// A login request for ``subject`` at ``service``.
    #[pyo3(signature = (subject, service, now = None))]
    fn request(
        &self,
        subject: &str,
        service: &str,
        now: Option<Time>,
    ) -> PyResult<PyApprovalRequest> {
        let t = unix_time_or_now(now)?;
        Ok(PyApprovalRequest {
            inner: Mutex::new(self.inner.request(subject, service, t).into_py_result()?),
        })
    }

    /// Approves ``request`` with the chosen number and the device's
    /// signature of ``approval_message(request_id, subject, chosen_number)``
    /// under ``device_key`` (``VerifyingKey`` or ``P256VerifyingKey``).
    /// Every attempt that reaches the number spends the request; persist
    /// ``request.to_bytes()`` after the call with a compare-and-set.
    ///
    /// Raises:
    ///     VerificationError: mismatch, used, expired, bad_signature.
    #[pyo3(signature = (request, chosen_number, device_signature, device_key, now = None))]
    fn approve(
        &self,
        py: Python<'_>,
        request: &PyApprovalRequest,
        chosen_number: UInt<u32>,
        device_signature: &[u8],
        device_key: &Bound<'_, PyAny>,
        now: Option<Time>,
    ) -> PyResult<()> {
        let t = unix_time_or_now(now)?;
        let key = any_verifying_key(device_key)?;
        py.detach(|| {
            let mut guard = request.lock();
            self.inner
                .approve(&mut guard, chosen_number.0, device_signature, &key, t)
        })
        .into_py_result()
    }

    /// Request lifetime in seconds.
    #[getter]
    fn ttl(&self) -> u64 {
        self.inner.ttl_seconds()
    }

    /// `ttl` under its older name, kept working.
    #[getter]
    fn ttl_seconds(&self) -> u64 {
        self.ttl()
    }

    /// Candidates shown in the app.
    #[getter]
    fn choices(&self) -> u8 {
        self.inner.choices()
    }

    /// Pickles as ``(version, ttl_seconds, choices, keys)``; ``keys`` as
    /// ``[(key_id, key), ...]``, the current key first.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let issuer = &slf.get().inner;
        let keys = PyList::empty(py);
        for (id, key) in issuer.keys() {
            keys.append((id, PyBytes::new(py, key.expose())))?;
        }
        let fields = (issuer.ttl_seconds(), issuer.choices(), keys).into_pyobject(py)?;
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds an issuer from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "ApprovalIssuer";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 3)?;
            let mut keys = st.get::<Vec<(u32, Vec<u8>)>>(2)?.into_iter();
            let (id, key) = keys
                .next()
                .ok_or_else(|| invalid_input(format!("{WHAT}: no key")))?;
            let mut inner =
                sso::ApprovalIssuer::new(id, &SecretBytes::new(key), st.get(0)?, st.get(1)?)
                    .into_py_result()?;
            for (id, key) in keys {
                inner = inner
                    .with_retired_key(id, &SecretBytes::new(key))
                    .into_py_result()?;
            }
            Ok(Self { inner })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "ApprovalIssuer(ttl={}, choices={})",
            self.inner.ttl_seconds(),
            self.inner.choices()
        )
    }
}

/// The bytes a device signs to approve a request with ``number``.
#[pyfunction]
fn approval_message<'py>(
    py: Python<'py>,
    request_id: &str,
    subject: &str,
    number: UInt<u32>,
) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &sso::approval_message(request_id, subject, number.0))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTokenIssuer>()?;
    m.add_class::<PyTokenVerifier>()?;
    m.add_class::<PyToken>()?;
    m.add_class::<PyApprovalIssuer>()?;
    m.add_class::<PyApprovalRequest>()?;
    m.add_function(wrap_pyfunction!(approval_message, m)?)?;
    Ok(())
}
