//! The per-workspace listing as a stream: each workspace's buckets as its request completes
//! ([`crate::Client::list_buckets_by_workspace`]), for a caller that shows progress, keeps a
//! partial listing, or stops early.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use flashback_api::types::StorageBucket;
use futures_util::Stream;

use crate::error::Error;

/// One workspace's buckets, as [`BucketsByWorkspace`] yields them.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorkspaceBuckets {
    /// The workspace id, as given.
    pub workspace: String,
    /// Its buckets, in the platform's order.
    pub buckets: Vec<StorageBucket>,
}

/// The buckets of several workspaces, one item per workspace as its request completes (not in
/// the order given): [`crate::Client::list_buckets_by_workspace`]. A failed workspace is an
/// `Err` naming it ([`Error::workspace`]), after the client's retries, and the stream goes on
/// with the others. At most the client's concurrency run at once (more over HTTP/2); dropping
/// the stream cancels the requests still running. `Send` and `'static`: it can be moved into a
/// task.
pub struct BucketsByWorkspace {
    pub(crate) items: Pin<Box<dyn Stream<Item = Result<WorkspaceBuckets, Error>> + Send>>,
    pub(crate) total: usize,
    pub(crate) yielded: usize,
}

impl BucketsByWorkspace {
    /// How many workspaces the stream lists (each yields one item).
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many workspaces have yielded so far (for a progress bar: this of
    /// [`BucketsByWorkspace::total`]).
    pub fn done(&self) -> usize {
        self.yielded
    }
}

impl Stream for BucketsByWorkspace {
    type Item = Result<WorkspaceBuckets, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = self.items.as_mut().poll_next(cx);
        if let Poll::Ready(Some(_)) = &next {
            self.yielded += 1;
        }
        next
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.total.saturating_sub(self.yielded);
        (left, Some(left))
    }
}

impl fmt::Debug for BucketsByWorkspace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BucketsByWorkspace")
            .field("total", &self.total)
            .field("done", &self.yielded)
            .finish_non_exhaustive()
    }
}
