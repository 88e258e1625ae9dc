//! The requests the fake received, for tests that assert what a client sent.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::sync::watch;

/// How many requests the record keeps: the most recent ones. A fake that runs for days (a demo,
/// a load test) must not grow without bound.
pub const RECORDED_REQUESTS_LIMIT: usize = 10_000;

/// A request as the fake received it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, when the request had one.
    pub query: Option<String>,
    /// The headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The HTTP version it came over: `HTTP/1.1` or `HTTP/2.0`.
    pub version: String,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Debug for RecordedRequest {
    /// Every header but `authorization` and `cookie` with its value; those two show as
    /// `[REDACTED]`, so a failing assertion never prints a token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| match name.as_str() {
                "authorization" | "cookie" | "proxy-authorization" => {
                    (name.as_str(), flashback_api::REDACTED)
                }
                _ => (name.as_str(), value.as_str()),
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("version", &self.version)
            .finish()
    }
}

/// The most recent [`RECORDED_REQUESTS_LIMIT`] requests, and how many arrived in all.
pub(crate) struct Record {
    requests: Mutex<VecDeque<RecordedRequest>>,
    received: watch::Sender<u64>,
}

impl Default for Record {
    fn default() -> Self {
        Self {
            requests: Mutex::default(),
            received: watch::Sender::new(0),
        }
    }
}

impl Record {
    fn push(&self, request: RecordedRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() == RECORDED_REQUESTS_LIMIT {
            requests.pop_front();
        }
        requests.push_back(request);
        drop(requests);
        self.received.send_modify(|count| *count += 1);
    }

    /// Completes once `count` requests have arrived since the start.
    pub(crate) async fn wait_for(&self, count: u64) {
        let mut received = self.received.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = received.wait_for(|received| *received >= count).await;
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        let requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        requests.iter().cloned().collect()
    }
}

/// Middleware: records the request, then answers it as the router does.
pub(crate) async fn record(
    State(record): State<Arc<Record>>,
    request: Request,
    next: Next,
) -> Response {
    let uri = request.uri();
    record.push(RecordedRequest {
        method: request.method().to_string(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers: request
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        version: format!("{:?}", request.version()),
    });
    next.run(request).await
}
