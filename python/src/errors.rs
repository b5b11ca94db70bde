//! The one place where Rust errors become Python exceptions.
//!
//! The exception classes are defined once, in Python
//! (`credkit/_exceptions.py`), because `InvalidInput` derives from both
//! `CredkitError` and `ValueError`, which pyo3's `create_exception!` cannot
//! express. They are looked up once and cached.

use credkit::ErrorKind;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static VERIFICATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_INPUT: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const EXCEPTIONS_MODULE: &str = "credkit._exceptions";

fn raise(cell: &'static PyOnceLock<Py<PyType>>, name: &str, message: String) -> PyErr {
    Python::attach(|py| match cell.import(py, EXCEPTIONS_MODULE, name) {
        Ok(class) => PyErr::from_type(class.clone(), message),
        Err(import_error) => import_error,
    })
}

/// The `credkit.VerificationError` class, for bindings that must recognise
/// it (for example when a Python callback raises it).
pub(crate) fn verification_error_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    VERIFICATION_ERROR.import(py, EXCEPTIONS_MODULE, "VerificationError")
}

/// `credkit.VerificationError(message)`.
pub(crate) fn verification_error(message: impl Into<String>) -> PyErr {
    raise(&VERIFICATION_ERROR, "VerificationError", message.into())
}

/// `credkit.InvalidInput(message)`, which is also a `ValueError`.
pub(crate) fn invalid_input(message: impl Into<String>) -> PyErr {
    raise(&INVALID_INPUT, "InvalidInput", message.into())
}

/// Converts any credkit error into the matching Python exception.
pub(crate) fn to_py_err(error: impl Into<credkit::Error>) -> PyErr {
    let error: credkit::Error = error.into();
    let message = error.to_string();
    match error.kind() {
        ErrorKind::Verification => verification_error(message),
        ErrorKind::InvalidInput => invalid_input(message),
        ErrorKind::ApiMisuse => PyTypeError::new_err(message),
        _ => PyRuntimeError::new_err(message),
    }
}

/// Extension for `Result<T, E>` where `E` converts into a credkit error.
pub(crate) trait IntoPyResult<T> {
    /// Maps the error through [`to_py_err`].
    fn into_py_result(self) -> PyResult<T>;
}

impl<T, E: Into<credkit::Error>> IntoPyResult<T> for Result<T, E> {
    fn into_py_result(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
