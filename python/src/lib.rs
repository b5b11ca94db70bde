//! The `credkit._credkit` extension module: a thin pyo3 layer over the
//! credkit crate. No logic lives here that the Rust API lacks; errors are
//! converted to Python exceptions in exactly one place, [`errors`].

#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod clock;
mod credential;
mod errors;
mod int_arg;
mod otp;
mod password;
mod policy;
mod runtime;
mod sign;

#[pymodule]
fn _credkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    password::register(m)?;
    policy::register(m)?;
    otp::register(m)?;
    sign::register(m)?;
    credential::register(m)?;
    runtime::register(m)?;
    Ok(())
}
