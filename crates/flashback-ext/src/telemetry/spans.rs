//! One `flashback.call` span per call (DEBUG) and one `flashback.attempt` span per attempt
//! (INFO), the latter an HTTP client span in OpenTelemetry's conventions, so that
//! `tracing-opentelemetry` exports each request as a standard client span.

use std::fmt;
use std::time::Duration;

use tracing::Span;
use tracing::field::Empty;

use crate::error::{Error, Operation};

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

/// Where an attempt goes, for its span: the platform's host and port, and the request's URL
/// (made only when the span is recorded).
pub(crate) struct Target<'a> {
    pub(crate) host: &'a str,
    pub(crate) port: u16,
    pub(crate) url: &'a (dyn fmt::Display + Sync),
}

/// The span of one attempt: a client span in OpenTelemetry's HTTP conventions, at INFO (where
/// services run). Numbers are `i64`: the type OpenTelemetry exports as an integer.
pub(crate) fn attempt_span(
    attempt: u32,
    operation: Operation,
    workspace: Option<&str>,
    target: &Target<'_>,
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
        server.address = target.host,
        server.port = i64::from(target.port),
        // Evaluated only when the span is enabled: no allocation otherwise.
        url.full = %target.url,
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
pub(crate) fn record_attempt_end(
    status: Option<u16>,
    request_id: Option<&str>,
    error: Option<&Error>,
) {
    let span = Span::current();
    if let Some(status) = status {
        span.record("http.response.status_code", i64::from(status));
    }
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
    if let Some(error) = error {
        span.record("error.type", error_type(error).as_ref());
    }
    if error.is_some() || status.is_some_and(|status| status >= 400) {
        span.record("otel.status_code", "ERROR");
    }
}

/// `error.type` as the conventions want it: the status as text for an answer of 400 or more,
/// else the SDK's name of the failure (`timeout`, `transport`, ...).
pub(crate) fn error_type(error: &Error) -> std::borrow::Cow<'static, str> {
    match error.status() {
        Some(status) => status.to_string().into(),
        None => error.kind().name().into(),
    }
}
