//! The road from a request to the wire and back: where requests go ([`BaseUrl`]), through which
//! proxy, the HTTP client that carries them (TLS and what servers ask in its handshakes, HTTP/2,
//! roots, timeouts, redirects), one
//! connection per origin over HTTP/2, requests the server never processed (sent again), and
//! the exchange of one attempt, the one place that adds the
//! credentials, sees the response head and reads the body within a limit.
//!
//! The generated client hands every request it builds to an `Exchange` (its per-client hook,
//! see `flashback_api::hooks`). Each attempt gets an `AttemptExchange` of its own, so what it
//! saw of the response belongs to that attempt alone, with no task-local state.

mod base_url;
mod body;
mod connection_gate;
mod exchange;
mod failure;
mod http_client;
mod proxy;
mod replay;
mod request_id;
mod tls;

pub use base_url::BaseUrl;
pub(crate) use body::ReadFailure;
pub(crate) use connection_gate::ConnectionGate;
pub(crate) use exchange::{AttemptExchange, Transport};
pub(crate) use failure::classify;
pub(crate) use http_client::{ConfigureHttp, Connections, Identity, http_clients};
pub(crate) use proxy::{ProxyRoute, choose as choose_proxy};
pub(crate) use replay::{MAX_REPLAYS, Replay};
pub(crate) use tls::CertificateRequests;
