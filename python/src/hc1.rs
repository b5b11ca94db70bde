//! Bindings for the HC1 profile: `TrustList`, `Hc1Verifier` and `Hc1Credential`.

use std::sync::RwLock;

use credkit::credential::hc1::{Hc1Credential, Hc1Verifier, HcertValue, TrustList};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::clock::{Time, unix_time_or_now};
use crate::errors::{IntoPyResult, invalid_input, to_py_err};
use crate::int_arg::UInt;

/// QR text from `str` or UTF-8 `bytes`.
fn qr_arg(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|_| invalid_input("qr text is not valid utf-8"));
    }
    Err(invalid_input("expected str or bytes"))
}

/// Certificate input: DER `bytes`, or PEM as `str` or `bytes`.
fn certificate_arg(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    Err(invalid_input("a certificate is DER bytes or PEM text"))
}

fn value_to_py<'py>(py: Python<'py>, value: &HcertValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        HcertValue::Null => py.None().into_bound(py),
        HcertValue::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        HcertValue::Integer(i) => i.into_pyobject(py)?.into_any(),
        HcertValue::Float(f) => f.into_pyobject(py)?.into_any(),
        HcertValue::Text(t) => PyString::new(py, t).into_any(),
        HcertValue::Bytes(b) => PyBytes::new(py, b).into_any(),
        HcertValue::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        HcertValue::Map(entries) => {
            let dict = PyDict::new(py);
            for (k, v) in entries {
                dict.set_item(value_to_py(py, k)?, value_to_py(py, v)?)?;
            }
            dict.into_any()
        }
        // `HcertValue` is non-exhaustive; a newer kind of value is not
        // silently dropped.
        _ => return Err(PyRuntimeError::new_err("unsupported hcert value")),
    })
}

/// X.509 document-signer certificates trusted for HC1 credentials, by DCC
/// key id (the first 8 bytes of SHA-256 of the DER).
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, name = "TrustList", module = "credkit")]
pub(crate) struct PyTrustList {
    inner: RwLock<TrustList>,
}

impl PyTrustList {
    fn snapshot(&self) -> PyResult<TrustList> {
        self.inner
            .read()
            .map(|t| t.clone())
            .map_err(|_| PyRuntimeError::new_err("trust list lock poisoned"))
    }
}

#[pymethods]
impl PyTrustList {
    /// An empty trust list, or one holding `certificates` (DER bytes or PEM).
    ///
    /// Raises:
    ///     InvalidInput: a certificate is malformed, too large, or has a key
    ///         other than P-256 or RSA of 2048 to 4096 bits.
    #[new]
    #[pyo3(signature = (certificates=None))]
    fn new(certificates: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut list = TrustList::new();
        if let Some(certificates) = certificates {
            for cert in certificates.try_iter()? {
                list.add_certificate(&certificate_arg(&cert?)?)
                    .into_py_result()?;
            }
        }
        Ok(Self {
            inner: RwLock::new(list),
        })
    }

    /// Adds a document-signer certificate (DER bytes, or PEM as str or bytes).
    ///
    /// Raises:
    ///     InvalidInput: malformed or too large certificate ("malformed",
    ///         "too_large"), or a key other than P-256 or RSA of 2048 to
    ///         4096 bits ("unsupported"; "too_large" past 4096 bits, refused
    ///         before any arithmetic).
    ///
    /// Returns:
    ///     The certificate's 8-byte key id.
    fn add_certificate<'py>(
        &self,
        py: Python<'py>,
        der_or_pem: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let input = certificate_arg(der_or_pem)?;
        let kid = self
            .inner
            .write()
            .map_err(|_| PyRuntimeError::new_err("trust list lock poisoned"))?
            .add_certificate(&input)
            .into_py_result()?;
        Ok(PyBytes::new(py, &kid))
    }

    /// The key ids of the trusted certificates.
    fn key_ids<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        let list = self.snapshot()?;
        let mut ids: Vec<[u8; 8]> = list.iter().map(|s| s.key_id()).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids.iter().map(|k| PyBytes::new(py, k)).collect())
    }

    fn __len__(&self) -> PyResult<usize> {
        Ok(self.snapshot()?.len())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let list = slf.get().snapshot()?;
        let ders: Vec<Bound<'py, PyBytes>> =
            list.iter().map(|s| PyBytes::new(py, s.der())).collect();
        let args = PyTuple::new(py, [PyList::new(py, ders)?])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("TrustList(len={})", self.snapshot()?.len()))
    }
}

/// A verified HC1 credential.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, name = "Hc1Credential", module = "credkit")]
struct PyHc1Credential {
    inner: Hc1Credential,
}

#[pymethods]
impl PyHc1Credential {
    /// The issuer (`iss`, usually a country code), or None.
    #[getter]
    fn issuer(&self) -> Option<&str> {
        self.inner.issuer()
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

    /// The key id that named the signing certificate.
    #[getter]
    fn key_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.key_id())
    }

    /// "ES256" or "PS256".
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The hcert claim (-260) as a new dict: key 1 holds the EU DGC.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value_to_py(py, self.inner.payload())
    }

    fn __repr__(&self) -> String {
        format!(
            "Hc1Credential(issuer={:?}, algorithm={:?}, key_id={})",
            self.inner.issuer(),
            self.inner.algorithm().as_str(),
            self.inner
                .key_id()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        )
    }
}

/// Verifies `HC1:` credentials (EU DCC, WHO GDHCN) offline against a
/// TrustList. The verifier keeps a copy of the trust list as it is when
/// the verifier is made.
///
/// .. versionadded:: 0.1.0
#[pyclass(frozen, name = "Hc1Verifier", module = "credkit")]
struct PyHc1Verifier {
    inner: Hc1Verifier,
}

#[pymethods]
impl PyHc1Verifier {
    /// A verifier trusting the certificates of `trust_list`, allowing
    /// `clock_skew` seconds (at most one day).
    ///
    /// Raises:
    ///     InvalidInput: clock_skew negative or above one day ("out_of_range").
    #[new]
    #[pyo3(signature = (trust_list, clock_skew=UInt(0)), text_signature = "(trust_list, clock_skew=0)")]
    fn new(trust_list: &Bound<'_, PyTrustList>, clock_skew: UInt<u64>) -> PyResult<Self> {
        let list = trust_list.get().snapshot()?;
        let inner = Hc1Verifier::with_clock_skew(list, clock_skew.0).into_py_result()?;
        Ok(Self { inner })
    }

    /// The allowed clock skew in seconds.
    #[getter]
    fn clock_skew(&self) -> u64 {
        self.inner.clock_skew()
    }

    /// Verifies HC1 QR text (str or bytes) at `now` (the system clock if
    /// None). One trailing CR, LF or CRLF is accepted.
    ///
    /// Raises:
    ///     InvalidInput: bad prefix, Base45, zlib, COSE or CWT.
    ///     VerificationError: "unknown_key", "bad_signature",
    ///         "algorithm_not_allowed", "expired" or "not_yet_valid" (by the
    ///         CWT or the certificate's validity), "key_usage".
    ///
    /// Returns:
    ///     The verified Hc1Credential.
    #[pyo3(signature = (qr, now=None))]
    fn verify(
        &self,
        py: Python<'_>,
        qr: &Bound<'_, PyAny>,
        now: Option<Time>,
    ) -> PyResult<PyHc1Credential> {
        let text = qr_arg(qr)?;
        let now = unix_time_or_now(now)?;
        let inner = py
            .detach(|| self.inner.verify(&text, now))
            .into_py_result()?;
        Ok(PyHc1Credential { inner })
    }

    /// Verifies many QR texts in parallel, the GIL released.
    ///
    /// Returns:
    ///     One entry per item, in order: an Hc1Credential, or the exception
    ///     (VerificationError or InvalidInput, not raised) saying why it
    ///     failed. Check every entry.
    #[pyo3(signature = (qrs, now=None))]
    fn verify_many<'py>(
        &self,
        py: Python<'py>,
        qrs: &Bound<'py, PyAny>,
        now: Option<Time>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = qrs
            .try_iter()?
            .map(|item| qr_arg(&item?))
            .collect::<PyResult<Vec<String>>>()?;
        let now = unix_time_or_now(now)?;
        let results = py.detach(|| self.inner.verify_many(&texts, now));
        let out = PyList::empty(py);
        for result in results {
            match result {
                Ok(inner) => out.append(Py::new(py, PyHc1Credential { inner })?)?,
                Err(e) => out.append(to_py_err(e).into_value(py))?,
            }
        }
        Ok(out)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let verifier = &slf.get().inner;
        let list = Py::new(
            py,
            PyTrustList {
                inner: RwLock::new(verifier.trust_list().clone()),
            },
        )?;
        let args = PyTuple::new(
            py,
            [
                list.into_bound(py).into_any(),
                verifier.clock_skew().into_pyobject(py)?.into_any(),
            ],
        )?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "Hc1Verifier(certificates={}, clock_skew={})",
            self.inner.trust_list().len(),
            self.inner.clock_skew()
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTrustList>()?;
    m.add_class::<PyHc1Verifier>()?;
    m.add_class::<PyHc1Credential>()?;
    Ok(())
}
