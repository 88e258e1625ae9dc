//! The body of an answer, read within the client's limit (counted after decompression: a small
//! gzip body can inflate to gigabytes).

use std::fmt;

use bytes::Bytes;
use reqwest::Response;

use crate::units::bytes_text;

/// The body of a response was larger than the client's limit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyTooLarge {
    pub(crate) limit: u64,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response is larger than {}", bytes_text(self.limit))
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the whole body (decompressed, since reqwest decodes gzip as it reads) but no more than
/// `limit` bytes of it, less a leading byte-order mark. Over the limit, it stops reading: memory
/// stays within the limit plus one chunk, whatever the server sends.
pub(crate) async fn read_bounded(mut response: Response, limit: u64) -> Result<Bytes, ReadFailure> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(ReadFailure::TooLarge(BodyTooLarge { limit }));
    }
    // Most bodies arrive in one chunk: keep it as it is, and copy only when a second comes.
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Read)? {
        read += chunk.len() as u64;
        if read > limit {
            return Err(ReadFailure::TooLarge(BodyTooLarge { limit }));
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
    Ok(match first {
        Some(only) if only.starts_with(BOM) => only.slice(BOM.len()..),
        Some(only) => only,
        None if joined.starts_with(BOM) => Bytes::from(joined.split_off(BOM.len())),
        None => Bytes::from(joined),
    })
}

/// Why [`read_bounded`] returned no body.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    /// The connection broke, or the body did not decompress.
    Read(reqwest::Error),
    /// The body is larger than the limit; reading stopped there.
    TooLarge(BodyTooLarge),
}
