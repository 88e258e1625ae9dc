//! The body of an answer, read within the client's limit (counted after decompression: a small
//! gzip body can inflate to gigabytes).

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;
use reqwest::{Body, Response};

use crate::error::sources;
use crate::units::bytes_text;

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

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the whole body (decompressed, since reqwest decodes gzip as it reads) but no more than
/// `limit` bytes of it, and returns the response with the body in memory, less a leading
/// byte-order mark. Over the limit, it stops reading and returns the response with a body that
/// fails with [`BodyTooLarge`]: memory stays within the limit plus one chunk, whatever the
/// server sends.
pub(super) async fn read_bounded(mut response: Response, limit: u64) -> reqwest::Result<Response> {
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
    // A UTF-8 byte-order mark before the JSON (some Windows proxies add one) is not JSON.
    let body = match first {
        Some(only) if only.starts_with(BOM) => Body::from(only.slice(BOM.len()..)),
        Some(only) => Body::from(only),
        None if joined.starts_with(BOM) => Body::from(joined.split_off(BOM.len())),
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
