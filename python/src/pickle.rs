//! Pickling (and so `copy.deepcopy` and process pools) for objects that
//! round-trip through bytes: `__reduce__` returns `(type.from_bytes,
//! (obj.to_bytes(),))`.
//!
//! Secrets pickle as their owners expect: a signing key as its seed (or
//! P-256 scalar), like PyNaCl's `SigningKey`, so a pickle of a key is the
//! key. Keep such pickles where the key itself may be kept.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `(type(obj).from_bytes, (obj.to_bytes(),))`.
pub(crate) fn by_bytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let py = obj.py();
    let rebuild = obj.get_type().getattr("from_bytes")?;
    let args = PyTuple::new(py, [obj.call_method0("to_bytes")?])?;
    PyTuple::new(py, [rebuild, args.into_any()])
}
