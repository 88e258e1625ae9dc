//! An answer as it came over the wire ([`crate::Client::raw_answer`]), for checking it against
//! the contract (`flashback contract check`): status, `Content-Type` and body bytes.

use bytes::Bytes;

use crate::error::Operation;
use crate::redact::REDACTED;

/// A successful (2xx) answer, undecoded.
#[derive(Clone)]
#[non_exhaustive]
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if it was there and text.
    pub content_type: Option<String>,
    /// The body, decompressed, read within the client's response-size limit.
    pub body: Bytes,
}

impl RawAnswer {
    /// Whether [`crate::Client::raw_answer`] can call `operation`: a `GET` without path
    /// parameters (it has no values for them, and sends no body).
    ///
    /// ```
    /// use flashback_ext::error::Operation;
    /// use flashback_ext::raw::RawAnswer;
    ///
    /// assert!(RawAnswer::can_call(Operation::GetStorageBuckets));
    /// ```
    pub fn can_call(operation: Operation) -> bool {
        operation.method() == "GET" && !operation.path().contains('{')
    }
}

/// The body is not printed: it holds credentials (buckets' keys and secrets).
impl std::fmt::Debug for RawAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawAnswer")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field(
                "body",
                &format_args!("{REDACTED} ({} bytes)", self.body.len()),
            )
            .finish()
    }
}
