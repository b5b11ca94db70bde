//! Python bindings for `credkit::credential`.

use std::collections::BTreeMap;
use std::sync::RwLock;

use credkit::ErrorCode;
use credkit::credential::{
    AttributeValue, Attributes, Credential, CredentialError, CredentialIssuer, CredentialRequest,
    CredentialVerifier, Date, Status, StatusList,
};
use credkit::sign::{AnyVerifyingKey, KeySet, VerifyingKey};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateAccess, PyDateTime, PyDict, PyInt, PyList,
    PyString, PyTuple,
};

use crate::clock::{Time, unix_time_or_now};
use crate::errors::{
    IntoPyResult, invalid_input, invalid_input_coded, results_list, to_py_err, to_py_err_in,
};
use crate::int_arg::UInt;
use crate::renamed::{either, lifetime};
use crate::runtime;

/// Text given as `str` or ASCII `bytes` (QR text read by a scanner).
fn text_arg(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|_| invalid_input("qr text is not valid utf-8"));
    }
    Err(invalid_input("expected str or bytes"))
}

fn py_to_attribute(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<AttributeValue> {
    if depth > credkit::credential::MAX_ATTRIBUTE_DEPTH {
        return Err(to_py_err(CredentialError::AttributeInvalid));
    }
    if value.is_instance_of::<PyBool>() {
        return Ok(AttributeValue::Bool(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        let n: i64 = value
            .extract()
            .map_err(|_| crate::errors::out_of_range("an integer attribute (64 bits)"))?;
        return Ok(AttributeValue::Integer(n));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(AttributeValue::Text(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(AttributeValue::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok(AttributeValue::Bytes(b.to_vec()));
    }
    if value.is_instance_of::<PyDateTime>() {
        return Err(invalid_input(
            "datetime attributes are not supported: pass a date or an int",
        ));
    }
    if let Ok(d) = value.cast::<PyDate>() {
        let year = u16::try_from(d.get_year())
            .map_err(|_| to_py_err(CredentialError::AttributeInvalid))?;
        return Ok(AttributeValue::Date(
            Date::new(year, d.get_month(), d.get_day()).into_py_result()?,
        ));
    }
    if let Ok(map) = value.cast::<PyDict>() {
        return Ok(AttributeValue::Map(py_to_attributes(map, depth + 1)?));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items = value
            .try_iter()?
            .map(|item| py_to_attribute(&item?, depth + 1))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(AttributeValue::Array(items));
    }
    Err(invalid_input(format!(
        "unsupported attribute type {}: use str, int, bool, bytes, date, dict or list",
        value.get_type().name()?
    )))
}

fn py_to_attributes(map: &Bound<'_, PyDict>, depth: usize) -> PyResult<Attributes> {
    let mut out = Attributes::new();
    for (k, v) in map.iter() {
        let key: String = k
            .extract()
            .map_err(|_| invalid_input("attribute names must be str"))?;
        out.insert(key, py_to_attribute(&v, depth)?);
    }
    Ok(out)
}

fn attribute_to_py<'py>(py: Python<'py>, value: &AttributeValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        AttributeValue::Text(s) => PyString::new(py, s).into_any(),
        AttributeValue::Integer(n) => n.into_pyobject(py)?.into_any(),
        AttributeValue::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        AttributeValue::Bytes(b) => PyBytes::new(py, b).into_any(),
        AttributeValue::Date(d) => {
            PyDate::new(py, i32::from(d.year()), d.month(), d.day())?.into_any()
        }
        AttributeValue::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(attribute_to_py(py, item)?)?;
            }
            list.into_any()
        }
        AttributeValue::Map(map) => attributes_to_py(py, map)?.into_any(),
        _ => return Err(PyRuntimeError::new_err("unsupported attribute value")),
    })
}

fn attributes_to_py<'py>(
    py: Python<'py>,
    map: &BTreeMap<String, AttributeValue>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, attribute_to_py(py, v)?)?;
    }
    Ok(dict)
}

fn build_request(
    subject: &str,
    claims: Option<&Bound<'_, PyDict>>,
    valid_for: u64,
    version: u64,
    status_index: Option<u64>,
    not_before: Option<u64>,
) -> PyResult<CredentialRequest> {
    let mut request = CredentialRequest::new(subject, valid_for).version(version);
    if let Some(claims) = claims {
        request = request.attributes(py_to_attributes(claims, 1)?);
    }
    if let Some(index) = status_index {
        request = request.status_index(index);
    }
    if let Some(nbf) = not_before {
        request = request.not_before(nbf);
    }
    Ok(request)
}

/// Issues signed QR credentials and status lists under one signing key.
///
/// Pickles (and ``copy.deepcopy``) with its signing key: keep such pickles
/// where the key itself may be kept.
#[pyclass(frozen, name = "CredentialIssuer", module = "credkit")]
struct PyCredentialIssuer {
    inner: CredentialIssuer,
}

#[pymethods]
impl PyCredentialIssuer {
    /// An issuer signing with `signing_key`, writing `key_id` as the COSE
    /// `kid` and `issuer` as the `iss` claim. A SigningKey signs with COSE
    /// alg EdDSA (-8), a P256SigningKey with ES256 (-7).
    ///
    /// Raises:
    ///     InvalidInput: key_id is not 1 to 64 printable ASCII characters, or
    ///         issuer is empty or longer than 256 bytes.
    ///
    /// .. versionadded:: 0.1.0
    #[new]
    #[pyo3(signature = (signing_key, *, key_id, issuer))]
    fn new(signing_key: &Bound<'_, PyAny>, key_id: &str, issuer: &str) -> PyResult<Self> {
        let key = crate::keys::any_signing_key(signing_key)?;
        let inner = CredentialIssuer::new(key, key_id, issuer).into_py_result()?;
        Ok(Self { inner })
    }

    /// The key id written in every credential.
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// The issuer name written in every credential.
    #[getter]
    fn issuer(&self) -> &str {
        self.inner.issuer()
    }

    /// Issues one credential as QR text (`CK1:` + Base45(zlib(COSE_Sign1))).
    ///
    /// Args:
    ///     subject: the holder's ID number (`sub`).
    ///     attributes: str, int, bool, bytes, datetime.date, list, dict;
    ///         ``claims=``, their older name, is still accepted.
    ///     ttl: seconds from `now` to expiry; ``valid_for=``, its older
    ///         name, is still accepted.
    ///     version: version of the holder's data, from 1.
    ///     status_index: the credential's index in the status list.
    ///     not_before: optional start of validity (Unix seconds or an aware
    ///         datetime).
    ///     now: Unix seconds or an aware datetime (a naive one raises
    ///         InvalidInput); the system clock if None.
    ///
    /// Raises:
    ///     InvalidInput: bad parameters or claims, or the credential would not
    ///         fit in a QR code at error correction Q.
    ///
    /// Returns:
    ///     The QR text.
    #[pyo3(signature = (*, subject, attributes=None, ttl=None, version=UInt(1), status_index=None, not_before=None, now=None, valid_for=None, claims=None),
           text_signature = "($self, *, subject, attributes=None, ttl=None, version=1, status_index=None, not_before=None, now=None, valid_for=None, claims=None)")]
    #[allow(clippy::too_many_arguments)]
    fn issue(
        &self,
        py: Python<'_>,
        subject: &str,
        attributes: Option<&Bound<'_, PyDict>>,
        ttl: Option<UInt<u64>>,
        version: UInt<u64>,
        status_index: Option<UInt<u64>>,
        not_before: Option<Time>,
        now: Option<Time>,
        valid_for: Option<UInt<u64>>,
        claims: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        let valid_for = lifetime(ttl, valid_for, "valid_for", None)?;
        let claims = either(attributes, claims, "attributes", "claims")?;
        let version = version.0;
        let status_index = status_index.map(|UInt(v)| v);
        let not_before = not_before.map(|Time(v)| v);
        let request = build_request(
            subject,
            claims,
            valid_for,
            version,
            status_index,
            not_before,
        )?;
        let now = unix_time_or_now(now)?;
        py.detach(|| self.inner.issue(&request, now))
            .into_py_result()
    }

    /// Like `issue`, but returns the tagged COSE_Sign1 bytes.
    #[pyo3(signature = (*, subject, attributes=None, ttl=None, version=UInt(1), status_index=None, not_before=None, now=None, valid_for=None, claims=None),
           text_signature = "($self, *, subject, attributes=None, ttl=None, version=1, status_index=None, not_before=None, now=None, valid_for=None, claims=None)")]
    #[allow(clippy::too_many_arguments)]
    fn issue_cose<'py>(
        &self,
        py: Python<'py>,
        subject: &str,
        attributes: Option<&Bound<'_, PyDict>>,
        ttl: Option<UInt<u64>>,
        version: UInt<u64>,
        status_index: Option<UInt<u64>>,
        not_before: Option<Time>,
        now: Option<Time>,
        valid_for: Option<UInt<u64>>,
        claims: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let valid_for = lifetime(ttl, valid_for, "valid_for", None)?;
        let claims = either(attributes, claims, "attributes", "claims")?;
        let version = version.0;
        let status_index = status_index.map(|UInt(v)| v);
        let not_before = not_before.map(|Time(v)| v);
        let request = build_request(
            subject,
            claims,
            valid_for,
            version,
            status_index,
            not_before,
        )?;
        let now = unix_time_or_now(now)?;
        let cose = py
            .detach(|| self.inner.issue_cose(&request, now))
            .into_py_result()?;
        Ok(PyBytes::new(py, &cose))
    }

    /// Issues many credentials in parallel, the GIL released, in chunks
    /// (Ctrl-C raises `KeyboardInterrupt` between them).
    ///
    /// Args:
    ///     requests: dicts with the keyword arguments of `issue` (subject and
    ///         ttl, or its older name valid_for, required).
    ///     progress: called as ``progress(done, total)`` after each chunk.
    ///
    /// Raises:
    ///     InvalidInput: naming the index of the first bad request.
    ///
    /// Returns:
    ///     One QR text per request, in order.
    #[pyo3(signature = (requests, *, now=None, progress=None))]
    fn issue_many(
        &self,
        py: Python<'_>,
        requests: &Bound<'_, PyAny>,
        now: Option<Time>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let mut built = Vec::new();
        for (i, item) in requests.try_iter()?.enumerate() {
            let item = item?;
            let one = || -> PyResult<_> {
                let dict = item
                    .cast::<PyDict>()
                    .map_err(|_| invalid_input("each request must be a dict"))?;
                let get = |key: &str| dict.get_item(key);
                let subject: String = get("subject")?
                    .ok_or_else(|| invalid_input("request needs a subject"))?
                    .extract()?;
                let lifetime_of = |key: &str| -> PyResult<Option<UInt<u64>>> {
                    get(key)?.map(|v| v.extract::<UInt<u64>>()).transpose()
                };
                let valid_for = lifetime(
                    lifetime_of("ttl")?,
                    lifetime_of("valid_for")?,
                    "valid_for",
                    None,
                )?;
                let version: u64 = get("version")?
                    .map(|v| v.extract::<UInt<u64>>())
                    .transpose()?
                    .map_or(1, |UInt(v)| v);
                let status_index: Option<u64> = get("status_index")?
                    .map(|v| v.extract::<Option<UInt<u64>>>())
                    .transpose()?
                    .flatten()
                    .map(|UInt(v)| v);
                let not_before: Option<u64> = get("not_before")?
                    .map(|v| v.extract::<Option<Time>>())
                    .transpose()?
                    .flatten()
                    .map(|Time(v)| v);
                let dict_of = |key: &str| -> PyResult<Option<Bound<'_, PyDict>>> {
                    match get(key)? {
                        Some(c) if !c.is_none() => c
                            .cast_into::<PyDict>()
                            .map(Some)
                            .map_err(|_| invalid_input(format!("{key} must be a dict"))),
                        _ => Ok(None),
                    }
                };
                let (attributes, older) = (dict_of("attributes")?, dict_of("claims")?);
                let claims = either(attributes.as_ref(), older.as_ref(), "attributes", "claims")?;
                build_request(
                    &subject,
                    claims,
                    valid_for,
                    version,
                    status_index,
                    not_before,
                )
            };
            built.push(one().map_err(|e| runtime::at_item(py, e, &format!("request {i}: ")))?);
        }
        let now = unix_time_or_now(now)?;
        let results = runtime::chunked(py, &built, progress, |chunk| {
            Ok(self.inner.issue_many(chunk, now))
        })?;
        results
            .into_iter()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| to_py_err_in(&format!("request {i}: "), e)))
            .collect()
    }

    /// Signs a status list: list `version` (higher for every publication),
    /// issued at `now`, to be relied on for `ttl` seconds.
    ///
    /// Returns:
    ///     The status list token (COSE_Sign1 bytes) verifiers load offline.
    #[pyo3(signature = (status_list, *, version, ttl, now=None))]
    fn issue_status_list<'py>(
        &self,
        py: Python<'py>,
        status_list: &PyStatusList,
        version: UInt<u64>,
        ttl: UInt<u64>,
        now: Option<Time>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let version = version.0;
        let ttl = ttl.0;
        let now = unix_time_or_now(now)?;
        let list = status_list.read()?.clone();
        let token = py
            .detach(|| self.inner.issue_status_list(&list, version, ttl, now))
            .into_py_result()?;
        Ok(PyBytes::new(py, &token))
    }

    /// Pickles as ``(version, signing_key, key_id, issuer)``: the key as
    /// its own object, so **a pickle of an issuer contains its signing
    /// key** (as a pickled ``SigningKey`` does, like PyNaCl's).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let inner = &slf.get().inner;
        crate::pickle::by_state(
            slf.as_any(),
            [
                crate::keys::signing_key_to_py(py, inner.signing_key())?,
                PyString::new(py, inner.key_id()).into_any(),
                PyString::new(py, inner.issuer()).into_any(),
            ],
        )
    }

    /// Rebuilds an issuer from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "CredentialIssuer";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 3)?;
            let key = crate::keys::any_signing_key(st.any(0)?)?;
            let inner = CredentialIssuer::new(key, &st.get::<String>(1)?, &st.get::<String>(2)?)
                .into_py_result()?;
            Ok(Self { inner })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "CredentialIssuer(key_id={:?}, issuer={:?})",
            self.inner.key_id(),
            self.inner.issuer()
        )
    }
}

/// A status list the issuer keeps and signs: one status per credential index.
///
/// Pickles (and ``copy.deepcopy``) with every entry; the copy is independent.
#[pyclass(frozen, name = "StatusList", module = "credkit")]
struct PyStatusList {
    inner: RwLock<StatusList>,
}

impl PyStatusList {
    fn read(&self) -> PyResult<std::sync::RwLockReadGuard<'_, StatusList>> {
        self.inner
            .read()
            .map_err(|_| PyRuntimeError::new_err("status list lock poisoned"))
    }
}

#[pymethods]
impl PyStatusList {
    /// A list of `size` entries, all "valid" (at most 2**26).
    #[new]
    fn new(size: UInt<usize>) -> PyResult<Self> {
        let size = size.0;
        Ok(Self {
            inner: RwLock::new(StatusList::new(size).into_py_result()?),
        })
    }

    fn __len__(&self) -> PyResult<usize> {
        Ok(self.read()?.len())
    }

    /// The status at `index`: "valid", "revoked", "suspended" or "superseded".
    fn get(&self, index: UInt<u64>) -> PyResult<&'static str> {
        let index = index.0;
        self.read()?
            .get(index)
            .map(Status::name)
            .ok_or_else(|| to_py_err(CredentialError::StatusIndexOutOfRange))
    }

    /// Sets the status at `index`.
    ///
    /// Raises:
    ///     InvalidInput: unknown status name or index past the end.
    fn set(&self, index: UInt<u64>, status: &str) -> PyResult<()> {
        let index = index.0;
        let status: Status = status.parse().map_err(|_| {
            invalid_input_coded(
                ErrorCode::OutOfRange,
                "status must be valid, revoked, suspended or superseded",
            )
        })?;
        self.inner
            .write()
            .map_err(|_| PyRuntimeError::new_err("status list lock poisoned"))?
            .set(index, status)
            .into_py_result()
    }

    /// Pickles as ``(version, size, packed entries)`` (2 bits per entry).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let list = slf.get().read()?;
        let fields = (list.len(), PyBytes::new(py, list.packed())).into_pyobject(py)?;
        drop(list);
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds a status list from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "StatusList";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 2)?;
            let packed = st.any(1)?.cast::<PyBytes>()?.as_bytes();
            Ok(Self {
                inner: RwLock::new(StatusList::from_packed(st.get(0)?, packed).into_py_result()?),
            })
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("StatusList(size={})", self.read()?.len()))
    }
}

/// A verified credential.
///
/// Pickles (and ``copy.deepcopy``) as its key id and claims, without being
/// verified again when unpickled.
#[pyclass(frozen, name = "Credential", module = "credkit")]
struct PyCredential {
    inner: Credential,
}

#[pymethods]
impl PyCredential {
    /// The subject (`sub`): the holder's ID number.
    #[getter]
    fn subject(&self) -> &str {
        self.inner.subject()
    }

    /// The issuer (`iss`).
    #[getter]
    fn issuer(&self) -> &str {
        self.inner.issuer()
    }

    /// The key id that signed it.
    #[getter]
    fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// Issue time (`iat`), Unix seconds.
    #[getter]
    fn issued_at(&self) -> u64 {
        self.inner.issued_at()
    }

    /// Expiry (`exp`), Unix seconds.
    #[getter]
    fn expires_at(&self) -> u64 {
        self.inner.expires_at()
    }

    /// Start of validity (`nbf`), or None.
    #[getter]
    fn not_before(&self) -> Option<u64> {
        self.inner.not_before()
    }

    /// Version of the holder's data (1 if the credential has none).
    #[getter]
    fn version(&self) -> u64 {
        self.inner.version()
    }

    /// Index in the issuer's status list, or None.
    #[getter]
    fn status_index(&self) -> Option<u64> {
        self.inner.status_index()
    }

    /// The credential id (`cti`), or None.
    #[getter]
    fn credential_id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.inner.credential_id().map(|b| PyBytes::new(py, b))
    }

    /// The attributes, as a new dict.
    #[getter]
    fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        attributes_to_py(py, self.inner.attributes())
    }

    /// `attributes` under its older Python name, kept working.
    #[getter]
    fn claims<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.attributes(py)
    }

    /// Pickles as ``(version, key_id, claims)``, the claims as the CWT
    /// claims map (CBOR). Unpickling does not verify again: a pickled
    /// credential is as trustworthy as the place the pickle was kept.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let inner = &slf.get().inner;
        let claims = inner.claims_cbor().into_py_result()?;
        crate::pickle::by_state(
            slf.as_any(),
            [
                PyString::new(py, inner.key_id()).into_any(),
                PyBytes::new(py, &claims).into_any(),
            ],
        )
    }

    /// Rebuilds a credential from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "Credential";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 2)?;
            let claims = st.any(1)?.cast::<PyBytes>()?.as_bytes();
            Ok(Self {
                inner: Credential::from_claims_unchecked(&st.get::<String>(0)?, claims)
                    .into_py_result()?,
            })
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyCredential>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Credential(subject={:?}, issuer={:?}, version={}, key_id={:?})",
            self.inner.subject(),
            self.inner.issuer(),
            self.inner.version(),
            self.inner.key_id()
        )
    }
}

/// A trusted key: a VerifyingKey, a P256VerifyingKey, or 32 Ed25519
/// public-key bytes.
fn verifying_key_arg(value: &Bound<'_, PyAny>) -> PyResult<AnyVerifyingKey> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return VerifyingKey::from_slice(b.as_bytes())
            .map(AnyVerifyingKey::from)
            .into_py_result();
    }
    crate::keys::any_verifying_key(value).map_err(|_| {
        invalid_input("trusted keys must be VerifyingKey, P256VerifyingKey or 32 bytes")
    })
}

/// Verifies QR credentials offline against a trust list.
///
/// Pickles (and ``copy.deepcopy``) with its trusted keys, clock skew and
/// loaded status lists; the copy is independent (loading a list into one
/// does not change the other).
#[pyclass(frozen, name = "CredentialVerifier", module = "credkit")]
struct PyCredentialVerifier {
    inner: RwLock<CredentialVerifier>,
}

// The defaults written in `text_signature`s above.
const _: () = assert!(CredentialVerifier::DEFAULT_CLOCK_SKEW == 300);

/// A verifier trusting `keys` (either form of the constructor).
fn build_verifier(keys: &Bound<'_, PyDict>, clock_skew: u64) -> PyResult<CredentialVerifier> {
    let key_id = |kid: &Bound<'_, PyAny>| -> PyResult<String> {
        kid.extract()
            .map_err(|_| invalid_input("key ids and issuers must be str"))
    };
    let mut inner = CredentialVerifier::new(KeySet::new());
    for (name, value) in keys.iter() {
        let name = key_id(&name)?;
        if let Ok(issuer_keys) = value.cast::<PyDict>() {
            for (kid, key) in issuer_keys.iter() {
                inner
                    .add_issuer_key(&name, &key_id(&kid)?, verifying_key_arg(&key)?)
                    .into_py_result()?;
            }
        } else {
            inner
                .add_key(&name, verifying_key_arg(&value)?)
                .into_py_result()?;
        }
    }
    inner.set_clock_skew(clock_skew).into_py_result()?;
    Ok(inner)
}

impl PyCredentialVerifier {
    fn read(&self) -> PyResult<std::sync::RwLockReadGuard<'_, CredentialVerifier>> {
        self.inner
            .read()
            .map_err(|_| PyRuntimeError::new_err("verifier lock poisoned"))
    }
}

#[pymethods]
impl PyCredentialVerifier {
    /// A verifier trusting `keys`, allowing `clock_skew` seconds.
    ///
    /// `keys` is either one issuer's trust list, ``{key_id: key}``, or one
    /// list per issuer, ``{issuer: {key_id: key}}``, in which each key signs
    /// only for the issuer it is listed under (anything else raises
    /// VerificationError "wrong_issuer"). A key is a VerifyingKey or 32
    /// public-key bytes; several per issuer during a rotation.
    ///
    /// Raises:
    ///     InvalidInput: a malformed key or key id, an empty issuer, a key
    ///         id listed under two issuers, or the two forms mixed.
    ///
    /// .. versionadded:: 0.1.0
    /// .. versionchanged:: 0.2.0 the per-issuer form.
    #[new]
    #[pyo3(signature = (keys, *, clock_skew = UInt(CredentialVerifier::DEFAULT_CLOCK_SKEW)),
           text_signature = "(keys, *, clock_skew=300)")]
    fn new(keys: &Bound<'_, PyDict>, clock_skew: UInt<u64>) -> PyResult<Self> {
        Ok(Self {
            inner: RwLock::new(build_verifier(keys, clock_skew.0)?),
        })
    }

    /// Pickles as ``(version, keys, clock_skew, status_lists)``: ``keys`` in
    /// the form the constructor was given (flat or per issuer), and the
    /// signed token of each loaded status list with its issue time.
    /// Unpickling loads each token again at its issue time, so its
    /// signature is checked again and the highest version seen per issuer
    /// is kept.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let v = slf.get().read()?;
        let keys = PyDict::new(py);
        let put = |kid: &str, key: Bound<'py, PyAny>| -> PyResult<()> {
            match v.key_issuer(kid) {
                Some(issuer) => {
                    let inner = match keys.get_item(issuer)? {
                        Some(d) => d.cast_into::<PyDict>()?,
                        None => {
                            let d = PyDict::new(py);
                            keys.set_item(issuer, &d)?;
                            d
                        }
                    };
                    inner.set_item(kid, key)
                }
                None => keys.set_item(kid, key),
            }
        };
        for (kid, key) in v.keys().iter() {
            put(
                kid.as_str(),
                crate::keys::verifying_key_to_py(py, &AnyVerifyingKey::from(*key))?,
            )?;
        }
        for (kid, key) in v.p256_keys() {
            put(
                kid,
                crate::keys::verifying_key_to_py(py, &AnyVerifyingKey::from(*key))?,
            )?;
        }
        let lists = PyList::empty(py);
        for list in v.status_lists() {
            lists.append((PyBytes::new(py, list.signed_bytes()), list.issued_at()))?;
        }
        let skew = v.clock_skew();
        drop(v);
        crate::pickle::by_state(
            slf.as_any(),
            [
                keys.into_any(),
                skew.into_pyobject(py)?.into_any(),
                lists.into_any(),
            ],
        )
    }

    /// Rebuilds a verifier from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "CredentialVerifier";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 3)?;
            let mut inner = build_verifier(st.any(0)?.cast::<PyDict>()?, st.get(1)?)?;
            for (token, issued_at) in st.get::<Vec<(Vec<u8>, u64)>>(2)? {
                inner.load_status_list(&token, issued_at).into_py_result()?;
            }
            Ok(Self {
                inner: RwLock::new(inner),
            })
        })
    }

    /// The allowed clock skew in seconds.
    #[getter]
    fn clock_skew(&self) -> PyResult<u64> {
        Ok(self.read()?.clock_skew())
    }

    /// The version of the loaded status list when exactly one issuer's
    /// list is loaded, else None (see `status_list_versions`).
    #[getter]
    fn status_list_version(&self) -> PyResult<Option<u64>> {
        let verifier = self.read()?;
        let mut lists = verifier.status_lists();
        Ok(match (lists.next(), lists.next()) {
            (Some(only), None) => Some(only.version()),
            _ => None,
        })
    }

    /// The highest status list version loaded per issuer: {issuer: version}.
    ///
    /// .. versionadded:: 0.2.0
    #[getter]
    fn status_list_versions(&self) -> PyResult<BTreeMap<String, u64>> {
        Ok(self
            .read()?
            .status_lists()
            .map(|list| (list.issuer().to_owned(), list.version()))
            .collect())
    }

    /// Loads a signed status list, replacing the list of the same issuer.
    /// From then on revoked, suspended and superseded credentials, and
    /// credentials without a status index or whose issuer has no list
    /// loaded, are refused; once an issuer's list is older than its TTL
    /// every verify of that issuer's credentials fails until a fresh one is
    /// loaded.
    ///
    /// Raises:
    ///     InvalidInput: malformed token.
    ///     VerificationError: unknown key ("unknown_key"), bad signature,
    ///         a key listed under another issuer ("wrong_issuer"), issued in
    ///         the future, already stale ("status_stale"), or older than the
    ///         highest version loaded for its issuer ("rollback").
    #[pyo3(signature = (token, now=None))]
    fn load_status_list(&self, py: Python<'_>, token: &[u8], now: Option<Time>) -> PyResult<()> {
        let now = unix_time_or_now(now)?;
        py.detach(|| {
            let mut verifier = self
                .inner
                .write()
                .map_err(|_| PyRuntimeError::new_err("verifier lock poisoned"))?;
            verifier
                .load_status_list(token, now)
                .map(|_| ())
                .map_err(to_py_err)
        })
    }

    /// Verifies QR text (str or bytes) at `now` (the system clock if None).
    ///
    /// Raises:
    ///     InvalidInput: malformed QR text, COSE or claims.
    ///     VerificationError: unknown key id, bad signature, not yet valid,
    ///         expired, revoked, suspended, superseded, status unknown, stale
    ///         status list (the message says which).
    ///
    /// Returns:
    ///     The verified Credential.
    #[pyo3(signature = (qr, now=None))]
    fn verify(
        &self,
        py: Python<'_>,
        qr: &Bound<'_, PyAny>,
        now: Option<Time>,
    ) -> PyResult<PyCredential> {
        let text = text_arg(qr)?;
        let now = unix_time_or_now(now)?;
        let result = py.detach(|| self.read().map(|v| v.verify(&text, now)))?;
        let inner = result.into_py_result()?;
        Ok(PyCredential { inner })
    }

    /// Verifies many QR texts in parallel with batch signature
    /// verification, the GIL released.
    ///
    /// Returns:
    ///     One entry per item, in order: a Credential, or the exception
    ///     (VerificationError or InvalidInput, not raised) saying why it
    ///     failed. Check every entry.
    #[pyo3(signature = (qrs, now=None, *, progress=None))]
    fn verify_many<'py>(
        &self,
        py: Python<'py>,
        qrs: &Bound<'py, PyAny>,
        now: Option<Time>,
        progress: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let column = runtime::Column::read(qrs, "qrs")?;
        let texts = column.texts(text_arg)?;
        let now = unix_time_or_now(now)?;
        let results = runtime::chunked(py, &texts, progress, |chunk| {
            self.read().map(|v| v.verify_many(chunk, now))
        })?;
        results_list(py, results, |inner| PyCredential { inner })
    }

    /// Verifies many QR texts like :meth:`verify_many` and returns, for each,
    /// ``"valid"`` or the error code saying why it failed: the form an
    /// analyst counts (``pandas.Series(...).value_counts()``).
    ///
    /// Args:
    ///     qrs: a column of QR texts (list, numpy array, pandas Series,
    ///         pyarrow array).
    ///     now: the time to check at (default: now).
    ///     progress: called as ``progress(done, total)`` after each chunk.
    ///
    /// Returns:
    ///     One str per item, in order.
    ///
    /// .. versionadded:: 0.1.0
    #[pyo3(signature = (qrs, now=None, *, progress=None))]
    fn check_many(
        &self,
        py: Python<'_>,
        qrs: &Bound<'_, PyAny>,
        now: Option<Time>,
        progress: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<&'static str>> {
        let column = runtime::Column::read(qrs, "qrs")?;
        let texts = column.texts(text_arg)?;
        let now = unix_time_or_now(now)?;
        runtime::chunked(py, &texts, progress, |chunk| {
            self.read().map(|v| {
                v.verify_many(chunk, now)
                    .into_iter()
                    .map(|r| match r {
                        Ok(_) => "valid",
                        Err(e) => e.code().as_str(),
                    })
                    .collect()
            })
        })
    }
}

/// An SVG rendering of QR text.
#[pyclass(frozen, name = "QrSvg", module = "credkit")]
struct PyQrSvg {
    #[pyo3(get)]
    svg: String,
    #[pyo3(get)]
    version: u8,
    #[pyo3(get)]
    modules: usize,
}

#[pymethods]
impl PyQrSvg {
    /// Pickles as ``(version, svg, version, modules)``.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let q = slf.get();
        let fields = (q.svg.as_str(), q.version, q.modules).into_pyobject(py)?;
        crate::pickle::by_state(slf.as_any(), fields.iter())
    }

    /// Rebuilds a rendering from its pickle state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Self> {
        const WHAT: &str = "QrSvg";
        crate::pickle::restore(py, WHAT, || {
            let st = crate::pickle::State::open(state, WHAT, 3)?;
            Ok(Self {
                svg: st.get(0)?,
                version: st.get(1)?,
                modules: st.get(2)?,
            })
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyQrSvg>().is_ok_and(|o| {
            let o = o.get();
            (o.svg.as_str(), o.version, o.modules)
                == (self.svg.as_str(), self.version, self.modules)
        })
    }
}

/// Renders QR text as an SVG QR code (alphanumeric mode, error correction Q).
#[pyfunction]
#[pyo3(signature = (qr, module_px=UInt(4)), text_signature = "(qr, module_px=4)")]
fn qr_svg(py: Python<'_>, qr: &Bound<'_, PyAny>, module_px: UInt<u32>) -> PyResult<PyQrSvg> {
    let module_px = module_px.0;
    let text = text_arg(qr)?;
    let rendered = py
        .detach(|| credkit::credential::qr_svg(&text, module_px))
        .into_py_result()?;
    Ok(PyQrSvg {
        svg: rendered.svg().to_owned(),
        version: rendered.version(),
        modules: rendered.modules(),
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCredentialIssuer>()?;
    m.add_class::<PyCredentialVerifier>()?;
    m.add_class::<PyCredential>()?;
    m.add_class::<PyStatusList>()?;
    m.add_class::<PyQrSvg>()?;
    m.add_function(wrap_pyfunction!(qr_svg, m)?)?;
    Ok(())
}
