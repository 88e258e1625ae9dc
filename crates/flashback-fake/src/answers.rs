//! The answers every part of the fake writes: the platform's error body, and JSON.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use flashback_api::types::ErrorResponse;

/// `{"success": false, "message": ...}` with `status`.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    let body = ErrorResponse {
        success: Some(false),
        message: Some(message.to_owned()),
    };
    json(
        status,
        serde_json::to_vec(&body).expect("an error body serializes"),
    )
}

/// `body` as `application/json` with `status`.
pub(crate) fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}
