//! The `credkit._credkit` extension module: a thin pyo3 layer over the
//! credkit crate. No logic lives here that the Rust API lacks; errors are
//! converted to Python exceptions in exactly one place, [`errors`].

// `unsafe` is denied everywhere but in `arrow`, which reads the Arrow C data
// interface (see its module docs for what keeps it sound).
#![deny(unsafe_code)]

use pyo3::prelude::*;

mod arrow;
mod clock;
mod credential;
mod errors;
mod hc1;
mod int_arg;
mod keys;
mod otp;
mod password;
mod pickle;
mod policy;
mod renamed;
mod runtime;
mod sign;
mod sso;

#[pymodule]
fn _credkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    password::register(m)?;
    policy::register(m)?;
    otp::register(m)?;
    sign::register(m)?;
    keys::register(m)?;
    credential::register(m)?;
    hc1::register(m)?;
    sso::register(m)?;
    runtime::register(m)?;
    Ok(())
}
