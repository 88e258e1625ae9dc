//! A fake Flashback backend: a real HTTP server with the platform's semantics, for demos and
//! for the contract tests of services that depend on the SDK (the real backend is not
//! reachable from CI). Like LocalStack for AWS: not canned responses, but an organization with
//! users, workspaces, buckets and repositories, and the rules that decide who sees what.
//!
//! ```
//! use flashback_fake::{DEMO_GLOBAL_TOKEN, start_demo};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let server = start_demo().await?;
//! // Any HTTP client will do; services use `flashback_ext::Client` with `server.base_url()`.
//! let listing: serde_json::Value = reqwest::Client::new()
//!     .get(format!("{}/bucket", server.base_url()))
//!     .bearer_auth(DEMO_GLOBAL_TOKEN)
//!     .send()
//!     .await
//!     .unwrap()
//!     .json()
//!     .await
//!     .unwrap();
//! assert_eq!(listing["buckets"].as_array().unwrap().len(), 12);
//! server.shutdown().await
//! # }
//! ```
//!
//! # Semantics
//!
//! * **Authentication.** `Authorization: Bearer <token>` must name a user of the data set; a
//!   missing, malformed or unknown token answers `401` with
//!   `{"success": false, "message": ...}` and `WWW-Authenticate: Bearer`.
//! * **Visibility.** A user with global access sees every bucket of the organization; a user
//!   with access to some workspaces sees the buckets of those workspaces only (not buckets in
//!   no workspace).
//! * **`GET /bucket`** answers `{"success": true, "buckets": [...]}` with the visible buckets in
//!   data-set order, only those of `workspaceId` when it is given. A `workspaceId` the caller
//!   may not see answers `403` with the same message whether the workspace exists or not, so
//!   the API cannot be used to probe which workspaces exist. An empty `workspaceId` is no
//!   filter (as in the platform's JavaScript). A removed user's token answers `401`
//!   `User not found` (this route documents no `404`).
//! * **`GET /bucket/available`** answers a bare array of the visible buckets that no MIRROR
//!   repository uses, in the documented subset of fields. A removed user's token answers `404`
//!   `User not found`, as documented.
//! * **Anything else**: an unknown path answers `404`, another method on a known path `405`
//!   with `Allow: GET, HEAD`; every body is JSON with the spec's field names.
//!
//! # HTTPS
//!
//! With [`Options::tls`] (`--tls-cert PATH --tls-key PATH` for the binary) the fake serves
//! HTTPS only, and [`FakeServer::base_url`] is `https://127.0.0.1:<port>`; the certificate
//! must name `127.0.0.1`. The `test-pki` feature makes throwaway certificates for tests
//! (`test_pki`).
//!
//! # Faults
//!
//! Per route, from the start ([`Options::faults`], `--fault`) or at any time
//! ([`FakeServer::set_faults`]): an added delay, a sequence of faults before normal service
//! (statuses such as `503, 503`, with an optional `Retry-After`; a truncated body; invalid
//! JSON; a dropped connection; an answer that never comes; any reply written out,
//! [`Fault::Reply`]) or a fault on every request. See [`FaultPlan`]. [`start_scripted`] starts
//! a fake whose every operation answers from a script, whatever the token.
//!
//! The routes are the operations of the table generated from the spec ([`Operation`]); an
//! operation without a handler answers `501`.
//!
//! # What it received
//!
//! [`FakeServer::requests`] lists the requests received (the most recent
//! [`RECORDED_REQUESTS_LIMIT`]) and [`FakeServer::wait_for_requests`] waits, without sleeping,
//! until a number of them have arrived.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod answers;
mod blocking;
mod connection;
mod contract;
mod data;
mod demo;
mod faults;
mod http2;
pub mod proxy;
mod rate_limit;
mod record;
mod routes;
mod server;
#[cfg(feature = "test-pki")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-pki")))]
pub mod test_pki;
mod tls;

pub use blocking::BlockingFake;
pub use connection::ConnectionFaults;
pub use data::{
    Access, DataError, DataSet, Organization, Repository, RepositoryMode, User, Workspace,
};
pub use demo::{DEMO_GLOBAL_TOKEN, DEMO_JSON, DEMO_REMOVED_TOKEN, DEMO_WORKSPACE_TOKEN};
pub use faults::{Fault, FaultPlan, Reply, operation_named, route_names};
pub use flashback_api::operations::Operation;
/// The generated types the fake serves (`DataSet::buckets` holds them), from the `flashback-api`
/// it is built on: the same as `flashback_ext::api::types` when both come from one tag or rev.
pub use flashback_api::types;
pub use http2::{GoAway, GoAwayCode};
pub use rate_limit::RateLimit;
pub use record::{RECORDED_REQUESTS_LIMIT, RecordedRequest};
pub use routes::{FORBIDDEN_WORKSPACE, UNAUTHORIZED, USER_NOT_FOUND};
pub use server::{FakeServer, Options, start, start_demo, start_scripted};
pub use tls::{TlsConfig, TlsListener};

/// The crate README's examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
