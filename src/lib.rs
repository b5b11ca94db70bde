#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod credential;
pub mod error;
pub mod manual;
pub mod otp;
pub mod password;
pub mod policy;
pub mod pool;
mod record;
pub mod secret;
pub mod sign;
pub mod sso;

pub use error::{Error, ErrorCode, ErrorKind};
pub use pool::{release_memory, set_num_threads};
