//! Python bindings for P-256 keys (`P256SigningKey`, `P256VerifyingKey`)
//! and the standard key encodings shared by both key kinds (PEM, JWK), plus
//! the helpers other bindings use to accept "either kind of key".

use credkit::sign::{AnySigningKey, AnyVerifyingKey, P256SigningKey, P256VerifyingKey};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::errors::IntoPyResult;
use crate::sign::{Message, PySigningKey, PyVerifyingKey};

/// JWK text from a `dict` (serialised with `json.dumps`) or a `str`.
pub(crate) fn jwk_text(jwk: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = jwk.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if jwk.cast::<PyDict>().is_err() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "a JWK must be a dict or a JSON str",
        ));
    }
    let json = jwk.py().import("json")?;
    json.call_method1("dumps", (jwk,))?.extract()
}

/// A JSON object text as a Python `dict` (via `json.loads`).
pub(crate) fn json_to_dict<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// A signing key of either kind from a Python object.
pub(crate) fn any_signing_key(obj: &Bound<'_, PyAny>) -> PyResult<AnySigningKey> {
    if let Ok(k) = obj.cast::<PySigningKey>() {
        return Ok(AnySigningKey::Ed25519(k.get().key().clone()));
    }
    if let Ok(k) = obj.cast::<PyP256SigningKey>() {
        return Ok(AnySigningKey::P256(k.get().inner.clone()));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "expected a SigningKey or a P256SigningKey",
    ))
}

/// A verifying key of either kind from a Python object.
pub(crate) fn any_verifying_key(obj: &Bound<'_, PyAny>) -> PyResult<AnyVerifyingKey> {
    if let Ok(k) = obj.cast::<PyVerifyingKey>() {
        return Ok(AnyVerifyingKey::Ed25519(*k.get().key()));
    }
    if let Ok(k) = obj.cast::<PyP256VerifyingKey>() {
        return Ok(AnyVerifyingKey::P256(k.get().inner));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "expected a VerifyingKey or a P256VerifyingKey",
    ))
}

/// A Rust signing key of either kind as its Python key object.
pub(crate) fn signing_key_to_py<'py>(
    py: Python<'py>,
    key: &AnySigningKey,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match key {
        AnySigningKey::Ed25519(k) => Bound::new(py, PySigningKey::wrap(k.clone()))?.into_any(),
        AnySigningKey::P256(k) => Bound::new(py, PyP256SigningKey { inner: k.clone() })?.into_any(),
        _ => {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "a signing key kind the bindings do not know",
            ));
        }
    })
}

/// A Rust verifying key of either kind as its Python key object.
pub(crate) fn verifying_key_to_py<'py>(
    py: Python<'py>,
    key: &AnyVerifyingKey,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match key {
        AnyVerifyingKey::Ed25519(k) => Bound::new(py, PyVerifyingKey::wrap(*k))?.into_any(),
        AnyVerifyingKey::P256(k) => Bound::new(py, PyP256VerifyingKey { inner: *k })?.into_any(),
        _ => {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "a verifying key kind the bindings do not know",
            ));
        }
    })
}

/// An ECDSA P-256 (ES256) signing key. The secret scalar is wiped when freed.
#[pyclass(frozen, module = "credkit", name = "P256SigningKey")]
pub(crate) struct PyP256SigningKey {
    inner: P256SigningKey,
}

#[pymethods]
impl PyP256SigningKey {
    /// Pickles as the 32-byte secret scalar (see ``SigningKey``).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// A new key from the operating system's random source.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        Ok(Self {
            inner: P256SigningKey::generate().into_py_result()?,
        })
    }

    /// The key whose 32-byte big-endian secret scalar is `secret`.
    #[staticmethod]
    fn from_bytes(secret: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: P256SigningKey::from_slice(secret).into_py_result()?,
        })
    }

    /// The 32-byte secret scalar.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &*self.inner.to_bytes())
    }

    /// Decodes a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    #[staticmethod]
    fn from_pem(pem: &str) -> PyResult<Self> {
        Ok(Self {
            inner: P256SigningKey::from_pem(pem).into_py_result()?,
        })
    }

    /// The PKCS#8 PEM encoding.
    fn to_pem(&self) -> String {
        self.inner.to_pem().to_string()
    }

    /// The public key.
    #[getter]
    fn verifying_key(&self) -> PyP256VerifyingKey {
        PyP256VerifyingKey {
            inner: self.inner.verifying_key(),
        }
    }

    /// The 64-byte ES256 signature `r || s` (low s) of `message`.
    fn sign<'py>(&self, py: Python<'py>, message: Message) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.sign(message.as_ref()))
    }

    fn __repr__(&self) -> String {
        format!(
            "P256SigningKey(verifying_key={})",
            hex(&self.inner.verifying_key().to_compressed_sec1_bytes())
        )
    }
}

/// An ECDSA P-256 public key.
#[pyclass(frozen, eq, hash, module = "credkit", name = "P256VerifyingKey")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PyP256VerifyingKey {
    inner: P256VerifyingKey,
}

#[pymethods]
impl PyP256VerifyingKey {
    /// Pickles as the 65-byte SEC1 point.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// Decodes a SEC1 point: 65 bytes uncompressed or 33 compressed.
    #[staticmethod]
    fn from_bytes(key: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: P256VerifyingKey::from_sec1_bytes(key).into_py_result()?,
        })
    }

    /// The 65-byte uncompressed SEC1 encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_sec1_bytes())
    }

    /// Decodes a SubjectPublicKeyInfo PEM public key.
    #[staticmethod]
    fn from_pem(pem: &str) -> PyResult<Self> {
        Ok(Self {
            inner: P256VerifyingKey::from_pem(pem).into_py_result()?,
        })
    }

    /// The SubjectPublicKeyInfo PEM encoding.
    fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// Decodes an RFC 7517 JWK (`kty` EC, `crv` P-256), a dict or JSON text.
    #[staticmethod]
    fn from_jwk(jwk: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            inner: P256VerifyingKey::from_jwk(&jwk_text(jwk)?).into_py_result()?,
        })
    }

    /// The public JWK as a dict.
    fn to_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_dict(py, &self.inner.to_jwk())
    }

    /// The RFC 7638 JWK thumbprint.
    #[getter]
    fn key_id(&self) -> String {
        self.inner.jwk_thumbprint()
    }

    /// `True` if `signature` (64-byte `r || s`; DER is refused) is a valid
    /// ES256 signature of `message`; raises otherwise. High and low s are
    /// both accepted.
    fn verify(&self, message: Message, signature: &[u8]) -> PyResult<bool> {
        self.inner
            .verify_slice(message.as_ref(), signature)
            .into_py_result()?;
        Ok(true)
    }

    fn __repr__(&self) -> String {
        format!(
            "P256VerifyingKey({})",
            hex(&self.inner.to_compressed_sec1_bytes())
        )
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyP256SigningKey>()?;
    m.add_class::<PyP256VerifyingKey>()?;
    Ok(())
}
