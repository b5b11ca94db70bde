//! The one place where Rust errors become Python exceptions.
//!
//! The exception classes are defined once, in Python
//! (`credkit/_exceptions.py`), because `InvalidInput` derives from both
//! `CredkitError` and `ValueError`, which pyo3's `create_exception!` cannot
//! express. They are looked up once and cached.
//!
//! Every exception raised here carries `.code`, the stable name of the
//! error's [`ErrorCode`], so a caller can tell an expired credential from a
//! revoked one without matching message text:
//!
//! | Rust [`ErrorKind`] | Python exception |
//! |---|---|
//! | `Verification` | `credkit.VerificationError` |
//! | `InvalidInput` | `credkit.InvalidInput` (also a `ValueError`) |
//! | `ApiMisuse` | `credkit.InvalidInput` too: DESIGN makes out-of-range arguments `InvalidInput`; the `.code` tells them apart |
//! | `ResourceUnavailable` | `MemoryError` |
//! | `Rng` and anything newer | `RuntimeError` |

use credkit::{ErrorCode, ErrorKind};
use pyo3::exceptions::{PyMemoryError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use pyo3::types::PyType;
use pyo3::{PyClass, PyClassInitializer};

static VERIFICATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_INPUT: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const EXCEPTIONS_MODULE: &str = "credkit._exceptions";

fn raise(
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    code: ErrorCode,
    message: String,
) -> PyErr {
    Python::attach(|py| match cell.import(py, EXCEPTIONS_MODULE, name) {
        Ok(class) => PyErr::from_type(class.clone(), (message, code.as_str())),
        Err(import_error) => import_error,
    })
}

/// A built-in exception (`ValueError`, `MemoryError`, `RuntimeError`) with
/// `.code` set on the instance, so every credkit error has one.
fn builtin_with_code(error: PyErr, code: ErrorCode) -> PyErr {
    Python::attach(|py| {
        // Setting an attribute on a fresh exception instance cannot fail in
        // practice; if it did, the exception without `.code` is still right.
        let _ = error.value(py).setattr("code", code.as_str());
    });
    error
}

/// `credkit.VerificationError(message)` with the given code.
pub(crate) fn verification_error(code: ErrorCode, message: impl Into<String>) -> PyErr {
    raise(
        &VERIFICATION_ERROR,
        "VerificationError",
        code,
        message.into(),
    )
}

/// `credkit.InvalidInput(message)`, code `"malformed"`: input the bindings
/// themselves refuse before it reaches Rust (wrong encoding, wrong shape).
pub(crate) fn invalid_input(message: impl Into<String>) -> PyErr {
    invalid_input_coded(ErrorCode::Malformed, message)
}

/// `credkit.InvalidInput(message)` with the given code.
pub(crate) fn invalid_input_coded(code: ErrorCode, message: impl Into<String>) -> PyErr {
    raise(&INVALID_INPUT, "InvalidInput", code, message.into())
}

/// `credkit.InvalidInput` (code `"out_of_range"`) for an integer argument
/// that is negative or too large, where pyo3 would raise `OverflowError`.
pub(crate) fn out_of_range(what: &str) -> PyErr {
    invalid_input_coded(
        ErrorCode::OutOfRange,
        format!("{what} is negative or out of range"),
    )
}

/// Converts any credkit error into the matching Python exception.
pub(crate) fn to_py_err(error: impl Into<credkit::Error>) -> PyErr {
    to_py_err_in("", error)
}

/// Like [`to_py_err`], with `context` (e.g. "request 3: ") before the
/// message, for batch calls that name the failing item.
pub(crate) fn to_py_err_in(context: &str, error: impl Into<credkit::Error>) -> PyErr {
    let error: credkit::Error = error.into();
    let message = format!("{context}{error}");
    let code = error.code();
    match error.kind() {
        ErrorKind::Verification => verification_error(code, message),
        ErrorKind::InvalidInput => invalid_input_coded(code, message),
        // A caller's out-of-range or contradictory argument is InvalidInput
        // in Python (DESIGN's contract), which is a ValueError as well.
        ErrorKind::ApiMisuse => invalid_input_coded(code, message),
        ErrorKind::ResourceUnavailable => builtin_with_code(PyMemoryError::new_err(message), code),
        _ => builtin_with_code(PyRuntimeError::new_err(message), code),
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

/// The Python list a batch `verify_many` returns: for each result, in
/// order, the object `wrap` makes of a success, or the exception instance
/// (not raised) of a failure, so one bad item does not hide the others.
pub(crate) fn results_list<'py, T, E, P>(
    py: Python<'py>,
    results: Vec<Result<T, E>>,
    wrap: impl Fn(T) -> P,
) -> PyResult<Bound<'py, PyList>>
where
    E: Into<credkit::Error>,
    P: PyClass + Into<PyClassInitializer<P>>,
{
    let out = PyList::empty(py);
    for result in results {
        match result {
            Ok(value) => out.append(Py::new(py, wrap(value))?)?,
            Err(e) => out.append(to_py_err(e).into_value(py))?,
        }
    }
    Ok(out)
}

pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
