//! What a successful call took, for those who want it (the simple calls return the value
//! alone).

use std::time::Duration;

/// What a successful call took: the platform's request id, the attempts, the protocol, the
/// time. From the `..._with_meta` calls ([`crate::Client::list_buckets_with_meta`]); a failed
/// call carries the same on its [`crate::Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallMeta {
    /// The id the platform gave the request that succeeded (`x-request-id`), if it sent one.
    pub request_id: Option<String>,
    /// Attempts made, the one that succeeded included (a `401` answered with a new token and a
    /// request sent again unprocessed are not attempts).
    pub attempts: u32,
    /// Whether the answer came over HTTP/2.
    pub http2: bool,
    /// From the start of the call to its answer, waits included.
    pub elapsed: Duration,
}
