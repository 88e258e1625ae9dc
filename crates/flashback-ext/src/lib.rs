#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
mod bucket;
mod client;
pub mod decode;
pub mod defaults;
pub mod env;
mod error;
mod redact;
mod retry;
mod telemetry;
pub mod time;
mod transport;
mod units;
mod workspace;

pub use bucket::BucketView;
pub use client::{CallMeta, CallOptions, Client, ClientBuilder, RawAnswer};
pub use error::{ArgumentError, ConfigError, Error, ErrorKind, Operation, StopReason};
pub use retry::{Jitter, RetryBudget, RetryPolicy};
pub use transport::BaseUrl;
pub use workspace::{WorkspaceFilter, group_by_workspace};

/// The generated types and client this crate is built on.
pub use flashback_api as api;
/// The bucket types, re-exported for convenience.
pub use flashback_api::types::{AvailableStorageBucket, StorageBucket};
pub use flashback_api::{AccessKeyId, BucketSecret, BucketStatus, StorageType};
