#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "credential")]
pub mod credential;
pub mod error;
pub mod manual;
#[cfg(feature = "otp")]
pub mod otp;
#[cfg(feature = "password")]
pub mod password;
#[cfg(feature = "policy")]
pub mod policy;
// The pool runs the batch work of `password`, `policy` and `sign`; with
// none of them on, only `set_num_threads` and `release_memory` are left.
#[cfg_attr(
    not(any(feature = "password", feature = "policy", feature = "sign")),
    allow(dead_code)
)]
pub mod pool;
#[cfg(any(feature = "otp", feature = "sso"))]
mod record;
pub mod secret;
#[cfg(feature = "sign")]
pub mod sign;
#[cfg(feature = "sso")]
pub mod sso;

pub use error::{Error, ErrorCode, ErrorKind};
pub use pool::{release_memory, set_num_threads};
