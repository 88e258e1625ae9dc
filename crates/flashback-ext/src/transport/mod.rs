//! The road from a request to the wire and back: where requests go ([`BaseUrl`]), the HTTP
//! client that carries them (TLS, roots, timeouts), and the exchange of one attempt, the one
//! place that adds the credentials, sees the response head and reads the body within a limit.
//!
//! The generated client hands every request it builds to an `Exchange` (its per-client hook,
//! see `flashback_api::hooks`). Each attempt gets an `AttemptExchange` of its own, so what it
//! saw of the response belongs to that attempt alone, with no task-local state.

mod base_url;
mod body;
mod exchange;
mod http_client;
mod request_id;

pub use base_url::BaseUrl;
pub(crate) use body::body_too_large;
pub(crate) use exchange::{AttemptExchange, ResponseHead, Transport};
pub(crate) use http_client::http_client;
