//! Python bindings for `credkit::sign`: `SigningKey`, `VerifyingKey`,
//! `sign_batch`, `verify_batch`, and Ed25519ph document signatures.
//!
//! Batches and documents are processed with the GIL released.

use std::path::PathBuf;

use credkit::sign::{
    DocumentHasher, KeyId, Prehash, SignError, Signature, SigningKey, VerifyItem, VerifyingKey,
    sign_many, verify_many,
};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyBytes;

use crate::errors::{IntoPyResult, invalid_input, to_py_err};
use crate::keys::{json_to_dict, jwk_text};
use crate::runtime;

/// A message: `bytes`, or `str` signed as its UTF-8 encoding.
pub(crate) enum Message {
    Bytes(PyBackedBytes),
    Text(PyBackedStr),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Message {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.extract::<PyBackedBytes>() {
            return Ok(Message::Bytes(b));
        }
        if let Ok(s) = obj.extract::<PyBackedStr>() {
            return Ok(Message::Text(s));
        }
        Err(pyo3::exceptions::PyTypeError::new_err(
            "a message must be bytes or str",
        ))
    }
}

impl AsRef<[u8]> for Message {
    fn as_ref(&self) -> &[u8] {
        match self {
            Message::Bytes(b) => b.as_ref(),
            Message::Text(s) => s.as_bytes(),
        }
    }
}

/// An Ed25519 signing key. The seed is zeroized when the object is freed.
#[pyclass(frozen, module = "credkit", name = "SigningKey")]
pub(crate) struct PySigningKey {
    inner: SigningKey,
}

impl PySigningKey {
    /// The Rust key, for other bindings (the credential issuer).
    #[allow(dead_code)]
    pub(crate) fn key(&self) -> &SigningKey {
        &self.inner
    }

    /// Wraps a Rust key (an issuer's, for pickling the issuer).
    pub(crate) fn wrap(inner: SigningKey) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PySigningKey {
    /// Pickles as the 32-byte seed, like PyNaCl's ``SigningKey``.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// A new key from the operating system's random source.
    #[staticmethod]
    fn generate() -> PyResult<Self> {
        Ok(Self {
            inner: SigningKey::generate().into_py_result()?,
        })
    }

    /// The key whose 32-byte seed is `seed`.
    #[staticmethod]
    fn from_bytes(seed: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: SigningKey::from_slice(seed).into_py_result()?,
        })
    }

    /// The 32-byte seed (the secret key).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        // The Python bytes object is a copy the caller owns; Python cannot wipe it.
        PyBytes::new(py, &self.inner.to_bytes())
    }

    /// Decodes a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    #[staticmethod]
    fn from_pem(pem: &str) -> PyResult<Self> {
        Ok(Self {
            inner: SigningKey::from_pem(pem).into_py_result()?,
        })
    }

    /// The PKCS#8 PEM encoding.
    fn to_pem(&self) -> String {
        self.inner.to_pem().to_string()
    }

    /// The public key.
    #[getter]
    fn verifying_key(&self) -> PyVerifyingKey {
        PyVerifyingKey {
            inner: self.inner.verifying_key(),
        }
    }

    /// The 64-byte Ed25519 signature of `message`.
    fn sign<'py>(&self, py: Python<'py>, message: Message) -> Bound<'py, PyBytes> {
        let sig = self.inner.sign(message.as_ref());
        PyBytes::new(py, sig.as_bytes())
    }

    /// The Ed25519ph signature of a document: bytes, a path, or a binary file.
    #[pyo3(signature = (document, context = None))]
    fn sign_document<'py>(
        &self,
        py: Python<'py>,
        document: &Bound<'py, PyAny>,
        context: Option<&[u8]>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let context = context.unwrap_or_default();
        check_context(context)?;
        let prehash = prehash(py, document)?;
        let sig = py
            .detach(|| self.inner.sign_prehashed(&prehash, context))
            .into_py_result()?;
        Ok(PyBytes::new(py, sig.as_bytes()))
    }

    fn __repr__(&self) -> String {
        format!(
            "SigningKey(verifying_key={})",
            hex(self.inner.verifying_key().as_bytes())
        )
    }
}

/// An Ed25519 public key.
#[pyclass(frozen, eq, hash, module = "credkit", name = "VerifyingKey")]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PyVerifyingKey {
    inner: VerifyingKey,
}

impl PyVerifyingKey {
    /// The Rust key, for other bindings (the credential verifier).
    #[allow(dead_code)]
    pub(crate) fn key(&self) -> &VerifyingKey {
        &self.inner
    }

    /// Wraps a Rust key (a verifier's, for pickling the verifier).
    pub(crate) fn wrap(inner: VerifyingKey) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PyVerifyingKey {
    /// Pickles as the 32-byte public key.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::pickle::by_bytes(slf.as_any())
    }

    /// Decodes a 32-byte public key; refuses non-canonical and small-order keys.
    #[staticmethod]
    fn from_bytes(key: &[u8]) -> PyResult<Self> {
        Ok(Self {
            inner: VerifyingKey::from_slice(key).into_py_result()?,
        })
    }

    /// The 32-byte encoding.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.as_bytes())
    }

    /// Decodes a SubjectPublicKeyInfo PEM public key.
    #[staticmethod]
    fn from_pem(pem: &str) -> PyResult<Self> {
        Ok(Self {
            inner: VerifyingKey::from_pem(pem).into_py_result()?,
        })
    }

    /// The SubjectPublicKeyInfo PEM encoding.
    fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// Decodes an RFC 8037 JWK (`kty` OKP, `crv` Ed25519), a dict or JSON text.
    #[staticmethod]
    fn from_jwk(jwk: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            inner: VerifyingKey::from_jwk(&jwk_text(jwk)?).into_py_result()?,
        })
    }

    /// The public JWK as a dict.
    fn to_jwk<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_dict(py, &self.inner.to_jwk())
    }

    /// A key id derived from the key (`ed25519:` and 32 hex digits).
    #[getter]
    fn key_id(&self) -> String {
        KeyId::derive(&self.inner).to_string()
    }

    /// `True` if `signature` is a valid signature of `message`; raises otherwise.
    fn verify(&self, message: Message, signature: &[u8]) -> PyResult<bool> {
        let signature = Signature::from_slice(signature).into_py_result()?;
        self.inner
            .verify(message.as_ref(), &signature)
            .into_py_result()?;
        Ok(true)
    }

    /// `True` if `signature` is a valid Ed25519ph signature of the document.
    #[pyo3(signature = (document, signature, context = None))]
    fn verify_document(
        &self,
        py: Python<'_>,
        document: &Bound<'_, PyAny>,
        signature: &[u8],
        context: Option<&[u8]>,
    ) -> PyResult<bool> {
        let context = context.unwrap_or_default();
        check_context(context)?;
        let signature = Signature::from_slice(signature).into_py_result()?;
        let prehash = prehash(py, document)?;
        py.detach(|| self.inner.verify_prehashed(&prehash, context, &signature))
            .into_py_result()?;
        Ok(true)
    }

    fn __repr__(&self) -> String {
        format!("VerifyingKey({})", hex(self.inner.as_bytes()))
    }
}

fn check_context(context: &[u8]) -> PyResult<()> {
    if context.len() > credkit::sign::MAX_CONTEXT_LEN {
        return Err(to_py_err(SignError::ContextTooLong));
    }
    Ok(())
}

/// SHA-512 of a document given as bytes (hashed without the GIL), a path
/// (`str` or `os.PathLike`, read and hashed without the GIL), or a binary
/// file object (read in chunks with `read(n)`).
fn prehash(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<Prehash> {
    if let Ok(bytes) = document.extract::<PyBackedBytes>() {
        let data: &[u8] = bytes.as_ref();
        return Ok(py.detach(|| {
            let mut h = DocumentHasher::new();
            h.update(data);
            h.finish()
        }));
    }
    if let Ok(path) = document.extract::<PathBuf>() {
        return py
            .detach(|| {
                let file = std::fs::File::open(&path).map_err(|_| SignError::DocumentReadFailed)?;
                Prehash::from_reader(file)
            })
            .into_py_result();
    }
    if document.hasattr("read")? {
        let mut h = DocumentHasher::new();
        loop {
            let chunk = document.call_method1("read", (DocumentHasher::READ_BUFFER,))?;
            let chunk: PyBackedBytes = chunk
                .extract()
                .map_err(|_| invalid_input("the document's read() must return bytes"))?;
            if chunk.is_empty() {
                return Ok(h.finish());
            }
            let data: &[u8] = chunk.as_ref();
            py.detach(|| h.update(data));
        }
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "a document must be bytes, a path, or a binary file object",
    ))
}

/// Signs every message with `key`, in parallel, without the GIL, in
/// chunks (Ctrl-C raises `KeyboardInterrupt` between them); `progress(done,
/// total)` is called after each chunk.
#[pyfunction]
#[pyo3(signature = (key, messages, *, progress=None))]
fn sign_batch<'py>(
    py: Python<'py>,
    key: &Bound<'py, PySigningKey>,
    messages: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let key = key.get();
    let messages = runtime::column::<Message>(messages, "messages")?;
    let sigs = runtime::chunked(py, &messages, progress, |chunk| {
        Ok(sign_many(&key.inner, chunk))
    })?;
    Ok(sigs
        .iter()
        .map(|s| PyBytes::new(py, s.as_bytes()))
        .collect())
}

/// One item of `verify_batch`, its parts kept alive while the GIL is released.
struct BatchItem {
    key: Option<BatchKey>,
    message: Option<Message>,
    signature: Option<PyBackedBytes>,
}

enum BatchKey {
    Bytes(PyBackedBytes),
    Parsed(VerifyingKey),
}

impl BatchItem {
    /// One row's fields; a field of the wrong type or length makes the item
    /// `false`, not an error (it is data, perhaps hostile, not a mistake in
    /// the call).
    fn from_fields(
        key: &Bound<'_, PyAny>,
        message: &Bound<'_, PyAny>,
        signature: &Bound<'_, PyAny>,
    ) -> Self {
        BatchItem {
            key: if let Ok(b) = key.extract::<PyBackedBytes>() {
                Some(BatchKey::Bytes(b))
            } else if let Ok(vk) = key.cast::<PyVerifyingKey>() {
                Some(BatchKey::Parsed(vk.get().inner))
            } else {
                None
            },
            message: message.extract::<Message>().ok(),
            signature: signature.extract::<PyBackedBytes>().ok(),
        }
    }
}

/// Verifies `(public_key, message, signature)` rows, or three columns
/// `keys=`, `messages=`, `signatures=` of equal length, in parallel without
/// the GIL and in chunks (Ctrl-C raises `KeyboardInterrupt` between them).
/// One bool per row; a field of the wrong type or length is `False`, a row
/// that is not a triple raises `InvalidInput` naming its index.
#[pyfunction]
#[pyo3(signature = (items=None, *, keys=None, messages=None, signatures=None, progress=None))]
fn verify_batch(
    py: Python<'_>,
    items: Option<&Bound<'_, PyAny>>,
    keys: Option<&Bound<'_, PyAny>>,
    messages: Option<&Bound<'_, PyAny>>,
    signatures: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<bool>> {
    let items: Vec<BatchItem> = match (items, keys, messages, signatures) {
        (Some(items), None, None, None) => runtime::iterate(items)?
            .enumerate()
            .map(|(i, item)| {
                let [k, m, s] =
                    runtime::row(&item?, &format!("items[{i}]"), "(key, message, signature)")?;
                Ok(BatchItem::from_fields(&k, &m, &s))
            })
            .collect::<PyResult<_>>()?,
        (None, Some(keys), Some(messages), Some(signatures)) => {
            let keys = runtime::iterate(keys)?.collect::<PyResult<Vec<_>>>()?;
            let messages = runtime::iterate(messages)?.collect::<PyResult<Vec<_>>>()?;
            let signatures = runtime::iterate(signatures)?.collect::<PyResult<Vec<_>>>()?;
            if keys.len() != messages.len() || keys.len() != signatures.len() {
                return Err(invalid_input(format!(
                    "keys, messages and signatures differ in length ({}, {}, {})",
                    keys.len(),
                    messages.len(),
                    signatures.len()
                )));
            }
            keys.iter()
                .zip(&messages)
                .zip(&signatures)
                .map(|((k, m), s)| BatchItem::from_fields(k, m, s))
                .collect()
        }
        _ => {
            return Err(invalid_input(
                "verify_batch takes either rows or all three of keys=, messages=, signatures=",
            ));
        }
    };
    runtime::chunked(py, &items, progress, |chunk| Ok(verify_rows(chunk)))
}

/// Verifies rows: malformed ones (wrong types) stay false; the rest go to
/// one `verify_many` call.
fn verify_rows(items: &[BatchItem]) -> Vec<bool> {
    {
        let mut out = vec![false; items.len()];
        let (index, batch): (Vec<usize>, Vec<VerifyItem<'_>>) = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let message = item.message.as_ref()?.as_ref();
                let signature: &[u8] = item.signature.as_ref()?.as_ref();
                let v = match item.key.as_ref()? {
                    BatchKey::Bytes(b) => VerifyItem::from_bytes(b.as_ref(), message, signature),
                    BatchKey::Parsed(k) => VerifyItem::from_parsed_key(k, message, signature),
                };
                Some((i, v))
            })
            .unzip();
        for (i, ok) in index.into_iter().zip(verify_many(&batch)) {
            out[i] = ok;
        }
        out
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySigningKey>()?;
    m.add_class::<PyVerifyingKey>()?;
    m.add_function(wrap_pyfunction!(sign_batch, m)?)?;
    m.add_function(wrap_pyfunction!(verify_batch, m)?)?;
    Ok(())
}
