//! Arguments with a current name and an older one that keeps working
//! (README, "Names"): the one place that decides between the two spellings,
//! so every renamed argument refuses both at once the same way.

use pyo3::prelude::*;

use crate::errors::invalid_input;
use crate::int_arg::UInt;

/// The value given under `name` or under `older` (its older name), if any.
///
/// # Errors
/// `InvalidInput` if both are given.
pub(crate) fn either<T>(
    current: Option<T>,
    older: Option<T>,
    name: &str,
    older_name: &str,
) -> PyResult<Option<T>> {
    match (current, older) {
        (Some(_), Some(_)) => Err(invalid_input(format!(
            "give {name} or {older_name} (its older name), not both"
        ))),
        (one, None) | (None, one) => Ok(one),
    }
}

/// A lifetime in seconds: `ttl`, or its older name `older_name`; `default`
/// when neither is given, and `InvalidInput` then if there is none.
pub(crate) fn lifetime(
    ttl: Option<UInt<u64>>,
    older: Option<UInt<u64>>,
    older_name: &str,
    default: Option<u64>,
) -> PyResult<u64> {
    either(ttl, older, "ttl", older_name)?
        .map(|UInt(v)| v)
        .or(default)
        .ok_or_else(|| invalid_input("ttl is required"))
}
