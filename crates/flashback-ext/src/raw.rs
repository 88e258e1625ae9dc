//! Answers as they came, and decoding bodies obtained another way.
//!
//! [`RawAnswer`] is what [`crate::Client::raw_answer`] returns: an answer's status,
//! `Content-Type` and bytes, undecoded (with the client's auth, retries and limits), for checking
//! the platform against its contract (`flashback-contract`, `flashback contract check`).
//! [`buckets`] and [`available_buckets`] decode a body exactly as the client does, for bodies
//! from a cache, a file or a message queue.

pub use crate::client::RawAnswer;
pub use crate::decode::{available_buckets, buckets};
