//! Limits for some of a client's calls, on a view of the client that shares everything else.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// Limits for some calls of a client: a readiness probe (2 s, no retry), a request handler (its
/// own time left), a nightly sync (minutes), all on one client, sharing its connection pool, its
/// token and its retry budget. [`crate::Client::with_options`] makes the view; a limit not set
/// here is the client's.
///
/// Prefer it to `tokio::time::timeout` around a call: the call's own deadline ends the call as a
/// [`crate::ErrorKind::Timeout`] with its context (the operation, the attempts), and a timeout
/// from outside only drops it.
///
/// ```
/// use std::time::Duration;
/// use flashback_ext::{CallOptions, Client, RetryPolicy};
///
/// let client = Client::builder().token("a-token").build().unwrap();
/// let probe = client.with_options(
///     CallOptions::new()
///         .deadline(Duration::from_secs(2))
///         .retry_policy(RetryPolicy::no_retries()),
/// );
/// # drop(probe);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CallOptions {
    pub(super) deadline: Option<Option<Duration>>,
    pub(super) attempt_timeout: Option<Option<Duration>>,
    pub(super) retry_policy: Option<RetryPolicy>,
}

impl CallOptions {
    /// No limit changed: every limit is the client's.
    pub fn new() -> Self {
        Self::default()
    }

    /// The most a call may take, its attempts, waits and token included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(Some(deadline));
        self
    }

    /// No deadline: calls end when their attempts do.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = Some(None);
        self
    }

    /// The most one attempt may take (`None`: no limit but the deadline).
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = Some(timeout.into());
        self
    }

    /// The attempts and the backoff between them. The retry budget stays the client's: it is
    /// what protects the platform from all of the client's calls together.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }
}
