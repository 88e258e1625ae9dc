//! The Flashback bucket API for Rust services.
//!
//! `flashback-ext` is the crate services depend on. It drives the client generated from the
//! platform's OpenAPI contract (`flashback-api`) and adds what a service needs around it:
//!
//! * **configuration and auth**: [`Client::from_env`] (`FLASHBACK_TOKEN`, `FLASHBACK_BASE_URL`)
//!   or [`Client::builder`] (defaults in [`defaults`], variables in [`env`](mod@env)); a fixed token or
//!   a token provider ([`auth`]); the token is a `secrecy::SecretString`, sent in a sensitive
//!   `Authorization: Bearer` header, and never over plain `http://` to another machine unless
//!   allowed;
//! * **HTTPS**: rustls by default (feature `rustls`; `native-tls` for the platform's library),
//!   the machine's trust store (`SSL_CERT_FILE`, `SSL_CERT_DIR` honoured) plus
//!   [`ClientBuilder::add_root_certificate`]; a rejected certificate is [`ErrorKind::Tls`];
//! * **bounded answers**: bodies are read up to [`ClientBuilder::max_response_bytes`]
//!   (256 MiB by default), counted after decompression;
//! * **retries and timeouts**: a per-attempt timeout, a per-call deadline, and capped
//!   exponential backoff with full jitter for failures that may pass ([`RetryPolicy`]),
//!   honouring `Retry-After`;
//! * **typed errors**: one [`Error`] with an [`ErrorKind`] to branch on, and messages that say
//!   which field of a response was wrong without quoting it;
//! * **redaction**: no token, access key or secret in any `Debug`, `Display`, error or trace;
//! * **workspace helpers**: [`WorkspaceFilter`], client-side filtering of available buckets,
//!   [`group_by_workspace`], and concurrent listing of several workspaces;
//! * **answers as they came**: [`Client::raw_answer`] returns an answer's status,
//!   `Content-Type` and bytes undecoded (with the same auth, retries and limits), for checking
//!   the platform against the contract (`flashback-contract`, `flashback contract check`).
//!
//! ```no_run
//! use flashback_ext::{BucketView, Client, WorkspaceFilter};
//!
//! # async fn run() -> Result<(), flashback_ext::Error> {
//! let client = Client::from_env()?;
//! for bucket in client.list_buckets().await? {
//!     println!("{bucket}"); // never shows the key in full, nor the secret
//! }
//!
//! let filter = WorkspaceFilter::any_of(["ws-eu", "ws-us"]);
//! let available = client.list_available_buckets_in(&filter).await?;
//! let online = available.iter().filter(|b| b.is_online()).count();
//! println!("{online} of {} available buckets are online", available.len());
//! # Ok(())
//! # }
//! ```
//!
//! Errors are matched by kind:
//!
//! ```no_run
//! # async fn run(client: flashback_ext::Client) {
//! use flashback_ext::ErrorKind;
//!
//! match client.list_workspace_buckets("ws-eu").await {
//!     Ok(buckets) => println!("{} buckets", buckets.len()),
//!     Err(error) if error.kind() == ErrorKind::Forbidden => eprintln!("no access to ws-eu"),
//!     Err(error) => eprintln!("error: {error}"),
//! }
//! # }
//! ```
//!
//! Tracing: each attempt is a `flashback.attempt` span (INFO) in OpenTelemetry's HTTP client
//! conventions (`tracing-opentelemetry` exports it as a client span: integer attributes,
//! `url.full`, status `ERROR` on failure); each call is one `flashback.call` span (DEBUG) around
//! its attempts with the operation id, route and workspace, and, when it ends, the number of
//! attempts, the last status and the elapsed time; each retry is a DEBUG event with the status,
//! error kind and wait. No bodies and no credential-bearing headers are ever recorded.

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
pub use client::{Client, ClientBuilder, RawAnswer};
pub use error::{ArgumentError, ConfigError, Error, ErrorKind, Operation, StopReason};
pub use retry::{Jitter, RetryBudget, RetryPolicy};
pub use transport::BaseUrl;
pub use workspace::{WorkspaceFilter, group_by_workspace};

/// The generated types and client this crate is built on.
pub use flashback_api as api;
/// The bucket types, re-exported for convenience.
pub use flashback_api::types::{AvailableStorageBucket, StorageBucket};
pub use flashback_api::{AccessKeyId, BucketSecret, BucketStatus, StorageType};
