//! The one place the bindings read the system clock, and the one place they
//! read a time argument.
//!
//! A time is an `int` of seconds since the Unix epoch or an aware
//! `datetime.datetime`, read as PyJWT and pyotp read one:
//! `calendar.timegm(dt.utctimetuple())`, so fractions of a second are
//! dropped. A naive `datetime` is refused (`InvalidInput`, code
//! `"invalid_argument"`): pyotp reads it as local time and PyJWT as UTC, so
//! either reading would surprise someone, and a code or token checked
//! against the wrong hour fails far from the mistake.

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::errors::{invalid_input_coded, out_of_range};
use crate::int_arg::UInt;

/// A time argument: Unix seconds from an `int` or an aware `datetime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Time(pub(crate) u64);

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    TYPE.import(py, "datetime", "datetime")
}

impl<'a, 'py> FromPyObject<'a, 'py> for Time {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_instance(datetime_type(py)?)? {
            if obj.call_method0("utcoffset")?.is_none() {
                return Err(invalid_input_coded(
                    credkit::ErrorCode::InvalidArgument,
                    "a naive datetime is ambiguous: give it a tzinfo \
                     (datetime.timezone.utc) or pass Unix seconds",
                ));
            }
            let seconds = py
                .import("calendar")?
                .call_method1("timegm", (obj.call_method0("utctimetuple")?,))?;
            return seconds
                .extract::<u64>()
                .map(Time)
                .map_err(|_| out_of_range("a time"));
        }
        let UInt(seconds) = obj.extract::<UInt<u64>>()?;
        Ok(Time(seconds))
    }
}

/// Seconds since the Unix epoch: `at` if the caller gave one (a negative
/// time is `InvalidInput`), else the system clock. A clock set before 1970
/// is a fault of the machine, not of the caller's input, so it raises
/// `RuntimeError`.
pub(crate) fn unix_time_or_now(at: Option<Time>) -> PyResult<u64> {
    match at {
        Some(Time(t)) => Ok(t),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|_| PyRuntimeError::new_err("system clock is before 1970")),
    }
}
