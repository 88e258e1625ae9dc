//! How the generated client sends a request: progenitor's `exec` hook, pluggable per client.
//!
//! Every generated [`Client`] carries a [`Hooks`] value (progenitor's "inner type"). With
//! `None` it sends each request with its `reqwest::Client`, exactly as progenitor does. With an
//! [`Exchange`] it hands the request to it instead, and the exchange returns the response. That
//! one place is where a wrapper such as `flashback-ext` can:
//!
//! * add headers to the request (the bearer token, `User-Agent`) even when the caller supplied
//!   its own `reqwest::Client`, whose default headers cannot be changed;
//! * see the status and headers of the response before the generated code consumes it;
//! * read the body itself, with a limit, and hand the generated code what it read.
//!
//! The state of a call (what the response head was) belongs to the exchange, so a wrapper that
//! needs it per call gives each call a client of its own with [`Client::with_exchange`]: the
//! clone shares the connection pool.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

use crate::Client;

/// A boxed, sendable future, as [`Exchange::exchange`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a request and returns its response, in place of `reqwest::Client::execute`.
pub trait Exchange: Send + Sync + fmt::Debug {
    /// Sends `request` (built by the generated code for operation `operation_id`) with `http`,
    /// the client's `reqwest::Client`, and returns the response whose status, headers and body
    /// the generated code will read.
    fn exchange<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// The hooks of a [`Client`]: `None` for progenitor's behaviour, or the [`Exchange`] its
/// requests go through.
pub type Hooks = Option<Arc<dyn Exchange>>;

impl ClientHooks<Hooks> for Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner {
            Some(exchange) => {
                exchange
                    .exchange(self.client(), request, info.operation_id)
                    .await
            }
            None => self.client().execute(request).await,
        }
    }
}

impl Client {
    /// This client, sending its requests through `exchange`. The clone shares the base URL
    /// and the connection pool; it costs one `String` and two reference counts.
    pub fn with_exchange(&self, exchange: Arc<dyn Exchange>) -> Self {
        Self::new_with_client(&self.baseurl, self.client.clone(), Some(exchange))
    }

    /// The exchange this client sends requests through, if any.
    pub fn exchange(&self) -> Option<&Arc<dyn Exchange>> {
        self.inner.as_ref()
    }
}
