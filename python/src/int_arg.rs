//! Integer arguments that raise `credkit.InvalidInput` when out of range.
//!
//! pyo3 raises `OverflowError` for a negative int passed as an unsigned
//! integer, or one too large for it. DESIGN's contract says a negative or
//! out-of-range time, counter or limit is `InvalidInput` (code
//! `"out_of_range"`), so every integer parameter of the bindings is taken
//! through [`UInt`].

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;

use crate::errors::out_of_range;

/// A non-negative integer argument that must fit `T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UInt<T>(pub(crate) T);

impl<'a, 'py, T> FromPyObject<'a, 'py> for UInt<T>
where
    T: TryFrom<u64>,
{
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.extract::<u64>() {
            Ok(wide) => T::try_from(wide)
                .map(UInt)
                .map_err(|_| out_of_range("an integer argument")),
            Err(error) if error.is_instance_of::<PyOverflowError>(obj.py()) => {
                Err(out_of_range("an integer argument"))
            }
            // Not an int at all: keep pyo3's TypeError, which names the type.
            Err(error) => Err(error),
        }
    }
}
