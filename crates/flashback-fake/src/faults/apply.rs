//! A fault of the plan applied to the answer a request would get: a delay, a status, a body cut
//! in half or not JSON, a dropped connection, an answer that never comes (until shutdown), or
//! a reply written out (held to the spec unless it says it leaves it).

use axum::body::{Body, Bytes};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use tokio::sync::watch;

use super::{Fault, Reply};
use crate::answers::{error, json};
use crate::contract::breaks_contract;
use flashback_api::operations::Operation;

/// What the plan says of one request: its delay, its fault, the plan's `Retry-After`.
pub(crate) type Planned = (std::time::Duration, Option<Fault>, Option<String>);

/// Applies `planned` (the route's plan for this request) to the answer it would get; `answer`
/// is only computed when the fault (none, or a truncated body) needs it; `shutdown` ends a hang.
pub(crate) async fn apply(
    planned: Planned,
    mut shutdown: watch::Receiver<bool>,
    operation: Operation,
    answer: impl FnOnce() -> Response,
) -> Response {
    let (delay, fault, retry_after) = planned;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fault {
        None => answer(),
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = error(status, status.canonical_reason().unwrap_or("Fault"));
            if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            response
        }
        Some(Fault::Truncated) => {
            let (parts, body) = answer().into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut parts = parts;
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
        Some(Fault::InvalidJson) => json(
            StatusCode::OK,
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        ),
        Some(Fault::Drop) => {
            // A body that fails before its first byte: hyper closes the connection without
            // sending the response.
            let failing = futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault: drop",
                ))
            });
            Response::new(Body::from_stream(failing))
        }
        Some(Fault::Reply(reply)) => match breaks_contract(operation, &reply) {
            Some(why) => {
                tracing::warn!("{why}");
                error(StatusCode::INTERNAL_SERVER_ERROR, &why)
            }
            None => scripted(reply),
        },
        Some(Fault::Hang) => {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "The server is shutting down",
            )
        }
    }
}

/// A [`Reply`] as it is written; headers that are not valid HTTP are left out.
fn scripted(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match reply.declared_length {
        None => Body::from(reply.body),
        // The body, then a failure: hyper breaks the connection off before the declared length.
        // The failure comes one turn later, so that hyper writes the head and the body first
        // (a failure in the same turn would end the connection before any byte went out).
        Some(_) => {
            let body = futures_util::stream::iter([Ok(Bytes::from(reply.body))]);
            let failure = futures_util::stream::once(async {
                tokio::task::yield_now().await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault: cut short",
                ))
            });
            Body::from_stream(futures_util::StreamExt::chain(body, failure))
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.append(name, value);
        }
    }
    if let Some(length) = reply.declared_length {
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            HeaderValue::from(length),
        );
    }
    response
}
