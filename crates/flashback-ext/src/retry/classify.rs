//! Turning what the generated client returned into an [`Error`] of the right kind: the kind,
//! the status and the server's `Retry-After` are what the retry decision reads.

use std::time::SystemTime;

use flashback_api::types::ErrorResponse;
use progenitor_client::Error as ApiError;
use reqwest::header::HeaderMap;

use super::retry_after::retry_after;
use crate::error::{ArgumentError, Error, ErrorKind, sources};
use crate::transport::{ResponseHead, body_too_large};

/// Classifies a failed call. `head` is what the attempt's exchange saw of the response (the
/// generated error drops it when a body does not decode), `token` what to scrub from server
/// messages.
pub(crate) async fn classify(
    error: ApiError<ErrorResponse>,
    head: Option<&ResponseHead>,
    now: SystemTime,
    token: &str,
) -> Error {
    let status = head.map(|head| head.status.as_u16());
    match error {
        ApiError::ErrorResponse(response) => {
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            let message = response.into_inner().message;
            from_status(status, &headers, message, now, token)
        }
        ApiError::UnexpectedResponse(response) => {
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            // An undocumented status may still carry the platform's error body. The body was
            // read within the limit by the exchange.
            let message = match response.bytes().await {
                Ok(body) => serde_json::from_slice::<ErrorResponse>(&body)
                    .ok()
                    .and_then(|body| body.message),
                Err(error) => {
                    if let Some(too_large) = body_too_large(&error) {
                        return invalid(Some(status), too_large.to_string());
                    }
                    None
                }
            };
            from_status(status, &headers, message, now, token)
        }
        // flashback-api's decoder describes the failure without the body.
        ApiError::InvalidResponsePayload(_, error) => match head {
            Some(head) if !head.status.is_success() => {
                from_status(head.status.as_u16(), &head.headers, None, now, token)
            }
            _ => invalid(status, error.to_string()),
        },
        ApiError::ResponseBodyError(source) => match body_too_large(&source) {
            Some(too_large) => invalid(status, too_large.to_string()),
            None => transport(source),
        },
        ApiError::CommunicationError(source) | ApiError::InvalidUpgrade(source) => {
            transport(source)
        }
        ApiError::InvalidRequest(reason) => {
            Error::argument(ArgumentError::InvalidRequest { reason })
        }
        ApiError::Custom(detail) => Error::new(ErrorKind::Transport).with_detail(detail),
    }
}

fn invalid(status: Option<u16>, detail: String) -> Error {
    let error = Error::new(ErrorKind::InvalidResponse).with_detail(detail);
    match status {
        Some(status) => error.with_status(status),
        None => error,
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
    if let Some(detail) = tls_failure(&source) {
        return Error::new(ErrorKind::Tls)
            .with_detail(detail)
            .with_source(source);
    }
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

/// What went wrong in the TLS handshake, in words, when that is why `source` failed: a
/// certificate the client rejects (untrusted, expired, for another host), or a server that
/// does not speak TLS. Both TLS backends say "certificate" somewhere in the chain for the
/// first; rustls names the reason (`UnknownIssuer`, `Expired`, `NotValidForName...`).
fn tls_failure(source: &reqwest::Error) -> Option<String> {
    let host = source
        .url()
        .and_then(|url| url.host_str())
        .unwrap_or("the server")
        .to_owned();
    for error in sources(source) {
        let text = error.to_string();
        let lower = text.to_ascii_lowercase();
        if lower.contains("certificate") {
            let reason = [
                (
                    "unknownissuer",
                    "it is not signed by a certificate authority this machine trusts",
                ),
                (
                    "unable to get local issuer",
                    "it is not signed by a certificate authority this machine trusts",
                ),
                (
                    "self-signed",
                    "it is self-signed and not trusted by this machine",
                ),
                (
                    "self signed",
                    "it is self-signed and not trusted by this machine",
                ),
                ("notvalidforname", "it is not valid for this host name"),
                ("not valid for name", "it is not valid for this host name"),
                ("hostname mismatch", "it is not valid for this host name"),
                ("notvalidyet", "it is not valid yet"),
                ("expired", "it has expired"),
                ("revoked", "it has been revoked"),
            ]
            .iter()
            .find(|(needle, _)| lower.contains(needle))
            .map_or("it was rejected", |(_, reason)| reason);
            return Some(format!(
                "the certificate of {host} is not accepted: {reason} ({text})"
            ));
        }
        if lower.contains("corrupt message") || lower.contains("wrong version number") {
            return Some(format!(
                "{host} did not answer with TLS; is it a plain http:// server? ({text})"
            ));
        }
    }
    None
}
