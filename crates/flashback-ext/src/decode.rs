//! The response decoder: response bodies to the generated types, and why a body did not
//! decode (which field, and why) without the body.
//!
//! [`buckets`] and [`available_buckets`] decode exactly as the client does (the generated
//! client's `serde_json::from_slice` into the same types, then the same error description), for
//! bodies obtained another way: a cache, a file, a message queue.
//!
//! serde's messages quote the offending value (`invalid type: string "AKIA…", expected …`),
//! and the value may be a credential, so the message is reduced to the field's path and the
//! kinds involved ([`flashback_api::describe_failure`], the description the generated client
//! gives too). The body itself never appears in an error.

use flashback_api::types::{AvailableStorageBucket, GetBucketsResponse, StorageBucket};
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind};

/// Decodes a `GET /bucket` body into its buckets (none when `buckets` is absent or `null`).
///
/// ```
/// let buckets = flashback_ext::raw::buckets(br#"{"success":true,"buckets":[{"id":"b-1"}]}"#).unwrap();
/// assert_eq!(buckets[0].id.as_deref(), Some("b-1"));
///
/// let error = flashback_ext::raw::buckets(br#"{"buckets":[{"createdAt":5}]}"#).unwrap_err();
/// assert_eq!(error.kind(), flashback_ext::ErrorKind::InvalidResponse);
/// ```
pub fn buckets(body: &[u8]) -> Result<Vec<StorageBucket>, Error> {
    decode::<GetBucketsResponse>(body).map(|listing| listing.buckets.unwrap_or_default())
}

/// Decodes a `GET /bucket/available` body.
pub fn available_buckets(body: &[u8]) -> Result<Vec<AvailableStorageBucket>, Error> {
    decode(body)
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|_| {
        Error::new(ErrorKind::InvalidResponse)
            .with_detail(flashback_api::describe_failure::<T>(body))
    })
}
