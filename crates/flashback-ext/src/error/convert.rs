//! A server's answer that is not the documented success, as an [`Error`]: its kind from the
//! status, the server's message (bounded, the token scrubbed), its `Retry-After`, and for a
//! redirect where it points.

use std::fmt::Display;
use std::time::SystemTime;

use http::HeaderMap;
use http::header::LOCATION;

use super::retry_after::retry_after;
use super::{Error, ErrorKind};

/// An [`ErrorKind::InvalidResponse`] error with `detail`.
pub(crate) fn invalid(status: Option<u16>, detail: String) -> Error {
    let error = Error::new(ErrorKind::InvalidResponse).with_detail(detail);
    match status {
        Some(status) => error.with_status(status),
        None => error,
    }
}

/// The error of a server answer with `status`; `proxy`: the proxy requests go through, named
/// in a `407`.
pub(crate) fn from_status(
    status: u16,
    headers: &HeaderMap,
    message: Option<String>,
    now: SystemTime,
    token: &str,
    proxy: Option<&dyn Display>,
) -> Error {
    let kind = match status {
        200..=299 => {
            return Error::new(ErrorKind::InvalidResponse)
                .with_status(status)
                .with_detail("the API documents only 200 as a success");
        }
        300..=399 => return redirected(status, headers),
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        // A plain-http request through an HTTP proxy gets the proxy's refusal as an answer.
        407 => {
            let proxy =
                proxy.map_or_else(|| "the proxy".to_owned(), |p| format!("the proxy at {p}"));
            return Error::new(ErrorKind::Proxy)
                .with_status(status)
                .credentials_refused()
                .with_detail(format!(
                    "{proxy} refused the credentials (407): check the user and password in the \
                 proxy URL"
                ));
        }
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

/// A redirect the client did not follow (to another origin: see the transport's redirect
/// policy): where it points, as the base URL to use instead.
fn redirected(status: u16, headers: &HeaderMap) -> Error {
    let location = headers
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|location| reqwest::Url::parse(location).ok());
    let detail = match location {
        // Origin and path only: a URL's credentials or query are not for messages.
        Some(url) => format!(
            "the platform redirects to {}://{}{}{}: use that origin as the base URL",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            url.port()
                .map(|port| format!(":{port}"))
                .unwrap_or_default(),
            url.path()
        ),
        None => "the platform redirects elsewhere (no usable Location)".to_owned(),
    };
    Error::new(ErrorKind::Redirect)
        .with_status(status)
        .with_detail(detail)
}
