//! Pickling (and so `copy.deepcopy` and process pools) for every class.
//!
//! Two forms:
//! - objects with a stored byte form pickle as it: `__reduce__` returns
//!   `(type.from_bytes, (obj.to_bytes(),))` ([`by_bytes`]);
//! - the others pickle as a versioned state: `__reduce__` returns
//!   `(type._from_state, ((STATE_VERSION, field, ...),))` ([`by_state`]),
//!   and `_from_state` reads it back through [`State`], which refuses a
//!   state of another version, length or field type, and turns every error
//!   of the rebuild into `credkit.InvalidInput` ([`restore`]). A state holds
//!   only values the public constructors accept, and each is checked by the
//!   same code that checks the constructors' arguments, so a state can make
//!   no object that the constructors could not, and allocates no more than
//!   its own size.
//!
//! Secrets pickle as their owners expect: a signing key as its seed (or
//! P-256 scalar), like PyNaCl's `SigningKey`; a hasher with its peppers, an
//! OTP authenticator with its secret, a code or approval issuer with its MAC
//! keys. A pickle of such an object *is* the secret: keep it where the
//! secret itself may be kept, and unpickle only data you trust (unpickling
//! can run any code, whatever the class).

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::invalid_input;

/// The version of every `_from_state` state this build writes and reads.
pub(crate) const STATE_VERSION: u8 = 1;

/// `(type(obj).from_bytes, (obj.to_bytes(),))`.
pub(crate) fn by_bytes<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let py = obj.py();
    let rebuild = obj.get_type().getattr("from_bytes")?;
    let args = PyTuple::new(py, [obj.call_method0("to_bytes")?])?;
    PyTuple::new(py, [rebuild, args.into_any()])
}

/// `(type(obj)._from_state, ((STATE_VERSION, *fields),))`.
pub(crate) fn by_state<'py, I>(obj: &Bound<'py, PyAny>, fields: I) -> PyResult<Bound<'py, PyTuple>>
where
    I: IntoIterator<Item = Bound<'py, PyAny>>,
{
    let py = obj.py();
    let version = STATE_VERSION.into_pyobject(py)?.into_any();
    let state: Vec<Bound<'py, PyAny>> = std::iter::once(version).chain(fields).collect();
    let state = PyTuple::new(py, state)?;
    let args = PyTuple::new(py, [state])?;
    PyTuple::new(
        py,
        [obj.get_type().getattr("_from_state")?, args.into_any()],
    )
}

/// The fields of a state written by [`by_state`] for the class `what`.
pub(crate) struct State<'py> {
    what: &'static str,
    fields: Vec<Bound<'py, PyAny>>,
}

impl<'py> State<'py> {
    /// Checks that `state` is a tuple of [`STATE_VERSION`] and `n` fields.
    pub(crate) fn open(state: &Bound<'py, PyAny>, what: &'static str, n: usize) -> PyResult<Self> {
        let bad = || invalid_input(format!("{what}: not a pickle state of this version"));
        let tuple = state.cast::<PyTuple>().map_err(|_| bad())?;
        if tuple.len() != n + 1 {
            return Err(bad());
        }
        let version: u8 = tuple.get_item(0)?.extract().map_err(|_| bad())?;
        if version != STATE_VERSION {
            return Err(bad());
        }
        Ok(Self {
            what,
            fields: tuple.iter().skip(1).collect(),
        })
    }

    /// Field `i` (from 0, after the version), as its Python object.
    pub(crate) fn any(&self, i: usize) -> PyResult<&Bound<'py, PyAny>> {
        self.fields
            .get(i)
            .ok_or_else(|| invalid_input(format!("{}: pickle state has no field {i}", self.what)))
    }

    /// Field `i`, converted to `T`; a field of another type is
    /// `InvalidInput`.
    pub(crate) fn get<T>(&self, i: usize) -> PyResult<T>
    where
        T: for<'a> FromPyObject<'a, 'py>,
    {
        self.any(i)?.extract::<T>().map_err(|_| {
            invalid_input(format!(
                "{}: pickle state field {i} is malformed",
                self.what
            ))
        })
    }
}

/// Runs the rebuild `f` of a `_from_state`, turning any error that is not
/// already `credkit.InvalidInput` (a `TypeError` from a misused builder, a
/// `KeyError`) into one: a bad state is bad input, whatever part of the
/// rebuild noticed it.
pub(crate) fn restore<T>(
    py: Python<'_>,
    what: &str,
    f: impl FnOnce() -> PyResult<T>,
) -> PyResult<T> {
    f().map_err(|e| {
        let is_invalid_input = py
            .import("credkit")
            .and_then(|m| m.getattr("InvalidInput"))
            .is_ok_and(|cls| e.is_instance(py, &cls));
        if is_invalid_input {
            e
        } else {
            invalid_input(format!("{what}: invalid pickle state ({e})"))
        }
    })
}
