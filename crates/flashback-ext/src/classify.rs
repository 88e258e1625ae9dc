//! Turning what the generated client returned into an [`Error`] of the right kind.

use std::time::SystemTime;

use flashback_api::hooks::ResponseHead;
use flashback_api::types::ErrorResponse;
use progenitor_client::Error as ApiError;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::decode::describe_failure;
use crate::error::{Error, ErrorKind};
use crate::retry::retry_after;

/// Classifies a failed call. `head` is the response head the call context saw (the generated
/// error drops it for undecodable bodies), `T` the success type (to locate decode failures),
/// `token` what to scrub from server messages.
pub(crate) async fn classify<T: DeserializeOwned>(
    error: ApiError<ErrorResponse>,
    head: Option<ResponseHead>,
    now: SystemTime,
    token: &str,
) -> Error {
    match error {
        ApiError::ErrorResponse(response) => {
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            let message = response.into_inner().message;
            from_status(status, &headers, message, now, token)
        }
        ApiError::UnexpectedResponse(response) => {
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            // An undocumented status may still carry the platform's error body.
            let message = match response.bytes().await {
                Ok(body) => serde_json::from_slice::<ErrorResponse>(&body)
                    .ok()
                    .and_then(|b| b.message),
                Err(_) => None,
            };
            from_status(status, &headers, message, now, token)
        }
        ApiError::InvalidResponsePayload(body, _) => match head {
            Some(head) if !head.status.is_success() => {
                from_status(head.status.as_u16(), &head.headers, None, now, token)
            }
            head => {
                let error = Error::new(ErrorKind::InvalidResponse)
                    .with_detail(describe_failure::<T>(&body));
                match head {
                    Some(head) => error.with_status(head.status.as_u16()),
                    None => error,
                }
            }
        },
        ApiError::CommunicationError(source)
        | ApiError::ResponseBodyError(source)
        | ApiError::InvalidUpgrade(source) => transport(source),
        ApiError::InvalidRequest(detail) => Error::config(format!("invalid request: {detail}")),
        ApiError::Custom(detail) => Error::new(ErrorKind::Transport).with_detail(detail),
    }
}

/// The error of a server answer with `status`.
pub(crate) fn from_status(
    status: u16,
    headers: &HeaderMap,
    message: Option<String>,
    now: SystemTime,
    token: &str,
) -> Error {
    let kind = match status {
        200..=299 => {
            return Error::new(ErrorKind::InvalidResponse)
                .with_status(status)
                .with_detail("the API documents only 200 as a success");
        }
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::UnexpectedStatus,
    };
    Error::new(kind)
        .with_status(status)
        .with_server_message(message, token)
        .with_retry_after(retry_after(headers, now))
}

fn transport(source: reqwest::Error) -> Error {
    let (kind, detail) = if source.is_timeout() {
        (ErrorKind::Timeout, "the request timed out")
    } else if source.is_connect() {
        (ErrorKind::Transport, "could not connect")
    } else if source.is_redirect() {
        (ErrorKind::Transport, "too many redirects")
    } else if source.is_body() || source.is_decode() {
        (ErrorKind::Transport, "the response body could not be read")
    } else {
        (ErrorKind::Transport, "the request failed")
    };
    Error::new(kind).with_detail(detail).with_source(source)
}
