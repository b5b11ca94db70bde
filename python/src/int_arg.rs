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

/// A lifetime in seconds given as `ttl` (the one spelling) or under its
/// older name (`ttl_seconds`, `valid_for`), which keeps working.
///
/// Giving both is a mistake (`InvalidInput`); giving neither takes
/// `default`, or is a mistake when there is none.
pub(crate) fn lifetime(
    ttl: Option<UInt<u64>>,
    old: Option<UInt<u64>>,
    old_name: &str,
    default: Option<u64>,
) -> PyResult<u64> {
    match (ttl, old, default) {
        (Some(_), Some(_), _) => Err(crate::errors::invalid_input(format!(
            "give ttl or {old_name} (its older name), not both"
        ))),
        (Some(UInt(v)), None, _) | (None, Some(UInt(v)), _) | (None, None, Some(v)) => Ok(v),
        (None, None, None) => Err(crate::errors::invalid_input("ttl is required")),
    }
}
