//! The road from a request to the wire and back, for one attempt: the one place that adds the
//! credentials, sees the response head, and reads the body, within a limit.
//!
//! The generated client hands every request it builds to an [`Exchange`] (its per-client hook,
//! see `flashback_api::hooks`). Each attempt gets an [`AttemptExchange`] of its own, so what it
//! saw of the response belongs to that attempt alone, with no task-local state.

use std::error::Error as StdError;
use std::fmt;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use flashback_api::hooks::{BoxFuture, Exchange};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Body, Response, StatusCode};

use crate::error::sources;
use crate::text::bytes_text;

/// What every request of a client carries and how much of an answer it may read.
#[derive(Debug)]
pub(crate) struct Transport {
    /// `User-Agent` (the token is the attempt's: see [`AttemptExchange::new`]).
    pub(crate) headers: HeaderMap,
    /// The most bytes of a body to read, decompressed.
    pub(crate) max_response_bytes: u64,
}

/// The status of a response, and the headers of one that is not a success.
#[derive(Debug, Clone)]
pub(crate) struct ResponseHead {
    pub(crate) status: StatusCode,
    /// The platform's id of the request, to report a failure with.
    pub(crate) request_id: Option<String>,
    /// Empty for a success: only failures need them (for `Retry-After`), and copying them on
    /// every call costs time.
    pub(crate) headers: HeaderMap,
}

/// The exchange of one attempt.
#[derive(Debug)]
pub(crate) struct AttemptExchange {
    transport: Arc<Transport>,
    /// `Bearer <token>`, marked sensitive.
    authorization: HeaderValue,
    head: OnceLock<ResponseHead>,
}

impl AttemptExchange {
    pub(crate) fn new(transport: Arc<Transport>, authorization: HeaderValue) -> Self {
        Self {
            transport,
            authorization,
            head: OnceLock::new(),
        }
    }

    /// The head of the response, once one arrived.
    pub(crate) fn head(&self) -> Option<&ResponseHead> {
        self.head.get()
    }
}

impl Exchange for AttemptExchange {
    fn exchange<'a>(
        &'a self,
        http: &'a reqwest::Client,
        mut request: reqwest::Request,
        _operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<Response>> {
        Box::pin(async move {
            let headers = request.headers_mut();
            for (name, value) in &self.transport.headers {
                headers.insert(name, value.clone());
            }
            headers.insert(AUTHORIZATION, self.authorization.clone());
            let response = http.execute(request).await?;
            let status = response.status();
            let _ = self.head.set(ResponseHead {
                status,
                request_id: request_id(response.headers()),
                headers: if status.is_success() {
                    HeaderMap::new()
                } else {
                    response.headers().clone()
                },
            });
            read_bounded(response, self.transport.max_response_bytes).await
        })
    }
}

/// The headers a server may name its request id in, most common first.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-correlation-id"];

/// The request id a response carries: printable ASCII, at most 128 characters (a header is not
/// a place for a message).
fn request_id(headers: &HeaderMap) -> Option<String> {
    let value = REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))?
        .to_str()
        .ok()?
        .trim();
    let printable = value.bytes().all(|byte| byte.is_ascii_graphic());
    (printable && !value.is_empty() && value.len() <= 128).then(|| value.to_owned())
}

/// The body of a response was larger than the client's limit. The body the generated code gets
/// fails with this error as it is read; [`body_too_large`] finds it again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyTooLarge {
    pub(crate) limit: u64,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response is larger than {}", bytes_text(self.limit))
    }
}

impl StdError for BodyTooLarge {}

/// The limit that `error` (or an error it wraps) says a body went over.
pub(crate) fn body_too_large(error: &(dyn StdError + 'static)) -> Option<BodyTooLarge> {
    sources(error)
        .find_map(|error| error.downcast_ref::<BodyTooLarge>())
        .copied()
}

/// Reads the whole body (decompressed, since reqwest decodes gzip as it reads) but no more than
/// `limit` bytes of it, and returns the response with the body in memory. Over the limit, it
/// stops reading and returns the response with a body that fails with [`BodyTooLarge`]: memory
/// stays within the limit plus one chunk, whatever the server sends.
async fn read_bounded(mut response: Response, limit: u64) -> reqwest::Result<Response> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Ok(replace_body(response, too_large(limit)));
    }
    // Most bodies arrive in one chunk: keep it as it is, and copy only when a second comes.
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await? {
        read += chunk.len() as u64;
        if read > limit {
            return Ok(replace_body(response, too_large(limit)));
        }
        if first.is_none() && joined.is_empty() {
            first = Some(chunk);
            continue;
        }
        if let Some(previous) = first.take() {
            joined.extend_from_slice(&previous);
        }
        joined.extend_from_slice(&chunk);
    }
    let body = match first {
        Some(only) => Body::from(only),
        None => Body::from(joined),
    };
    Ok(replace_body(response, body))
}

fn too_large(limit: u64) -> Body {
    let failing =
        futures_util::stream::once(std::future::ready(Err::<Bytes, _>(BodyTooLarge { limit })));
    Body::wrap_stream(failing)
}

/// `response` with its status, headers and extensions, and `body`.
fn replace_body(response: Response, body: Body) -> Response {
    let (parts, _) = http::Response::<Body>::from(response).into_parts();
    Response::from(http::Response::from_parts(parts, body))
}
