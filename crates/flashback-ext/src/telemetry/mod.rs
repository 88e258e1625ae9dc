//! What a call records for operators: one `flashback.call` span per call (DEBUG) and one
//! `flashback.attempt` span per attempt (INFO), the latter an HTTP client span in
//! OpenTelemetry's conventions, so that `tracing-opentelemetry` exports each request as a
//! standard client span. No body and no credential-bearing header is ever recorded.

use std::fmt;
use std::time::Duration;

use tracing::Span;
use tracing::field::Empty;

use crate::error::{Error, Operation};
use crate::transport::{BaseUrl, ResponseHead};

/// The span of one call, around its attempts.
pub(crate) fn call_span(operation: Operation, workspace: Option<&str>) -> Span {
    tracing::debug_span!(
        "flashback.call",
        operation = operation.id(),
        route = operation.route(),
        workspace = workspace,
        attempts = Empty,
        status = Empty,
        elapsed_ms = Empty,
    )
}

/// Records how the call ended on the current span (the call's).
pub(crate) fn record_call_end(attempts: u32, status: Option<u16>, elapsed: Duration) {
    let span = Span::current();
    span.record("attempts", attempts);
    span.record("elapsed_ms", elapsed.as_millis() as u64);
    if let Some(status) = status {
        span.record("status", status);
    }
}

/// The span of one attempt: a client span in OpenTelemetry's HTTP conventions, at INFO (where
/// services run). Numbers are `i64`: the type OpenTelemetry exports as an integer.
pub(crate) fn attempt_span(
    attempt: u32,
    operation: Operation,
    workspace: Option<&str>,
    base_url: &BaseUrl,
) -> Span {
    let span = tracing::info_span!(
        "flashback.attempt",
        attempt,
        operation = operation.id(),
        workspace = workspace,
        otel.kind = "client",
        otel.name = operation.method(),
        otel.status_code = Empty,
        http.request.method = operation.method(),
        server.address = base_url.host(),
        server.port = i64::from(base_url.port()),
        // Evaluated only when the span is enabled: no allocation otherwise.
        url.full = %FullUrl {
            base_url,
            path: operation.path(),
            workspace,
        },
        http.request.resend_count = Empty,
        // Set when the request was sent again because the server never processed it.
        connection_replayed = Empty,
        http.response.status_code = Empty,
        error.type = Empty,
        request_id = Empty,
    );
    if attempt > 1 {
        span.record("http.request.resend_count", i64::from(attempt - 1));
    }
    span
}

/// The response's status and request id, and the error's type, on the current span (the
/// attempt's). The span's status is `ERROR` as the conventions say for a client span: a status
/// of 400 or more, or a failure (no answer at all, an answer that could not be read).
pub(crate) fn record_attempt_end(head: Option<&ResponseHead>, error: Option<&Error>) {
    let span = Span::current();
    if let Some(head) = head {
        span.record("http.response.status_code", i64::from(head.status.as_u16()));
        if let Some(id) = &head.request_id {
            span.record("request_id", id.as_str());
        }
    }
    if let Some(error) = error {
        match error.status() {
            Some(status) => span.record("error.type", status.to_string()),
            None => span.record("error.type", error.kind().name()),
        };
    }
    if error.is_some() || head.is_some_and(|head| head.status.as_u16() >= 400) {
        span.record("otel.status_code", "ERROR");
    }
}

/// The request's URL for `url.full` (the base URL has no credentials, by construction), made
/// only when the span is recorded.
struct FullUrl<'a> {
    base_url: &'a BaseUrl,
    path: &'static str,
    workspace: Option<&'a str>,
}

impl fmt::Display for FullUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut url = self.base_url.join(self.path);
        if let Some(workspace) = self.workspace {
            url.query_pairs_mut().append_pair("workspaceId", workspace);
        }
        f.write_str(url.as_str())
    }
}
