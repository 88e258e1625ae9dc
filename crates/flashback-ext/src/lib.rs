#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod bucket;
mod client;
mod decode;
pub mod defaults;
pub mod env;
pub mod error;
pub mod raw;
mod redact;
pub mod retry;
mod telemetry;
pub mod time;
mod transport;
mod units;
mod workspace;

pub use client::{CallMeta, CallOptions, Client, ClientBuilder};
pub use error::{Error, ErrorKind};
pub use retry::RetryPolicy;
pub use transport::BaseUrl;
pub use workspace::WorkspaceFilter;

/// The generated types and client this crate is built on.
pub use flashback_api as api;
/// The bucket types, re-exported for convenience (with the others in [`bucket`]).
pub use flashback_api::types::{AvailableStorageBucket, StorageBucket};
