//! The one place the bindings read the system clock.

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::int_arg::UInt;

/// Seconds since the Unix epoch: `at` if the caller gave one (a negative
/// time is `InvalidInput`), else the
/// system clock. A clock set before 1970 is a fault of the machine, not of
/// the caller's input, so it raises `RuntimeError`.
pub(crate) fn unix_time_or_now(at: Option<UInt<u64>>) -> PyResult<u64> {
    match at {
        Some(UInt(t)) => Ok(t),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|_| PyRuntimeError::new_err("system clock is before 1970")),
    }
}
