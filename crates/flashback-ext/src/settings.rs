//! What a client runs with: the configuration `ClientBuilder` validated, consumed by the
//! client and its attempt loop (`call.rs`). It depends on none of them, so configuration and
//! the client do not import each other.

use std::sync::Arc;
use std::time::Duration;

use crate::base_url::BaseUrl;
use crate::clock::Clock;
use crate::exchange::Transport;
use crate::kept_token::KeptToken;
use crate::retry::{RetryPolicy, RetryQuota};

/// The validated configuration of a client.
pub(crate) struct Settings {
    /// The generated client, without hooks: each attempt sends through a clone of it with an
    /// exchange of its own.
    pub(crate) api: flashback_api::Client,
    pub(crate) base_url: BaseUrl,
    /// The credentials and limits every request goes out and comes back with.
    pub(crate) transport: Arc<Transport>,
    /// The token to send, kept and refreshed.
    pub(crate) token: KeptToken,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// What is left of the retry budget, shared by every call of the client and its clones.
    pub(crate) retry_quota: Option<RetryQuota>,
    pub(crate) concurrency: usize,
    pub(crate) clock: Arc<dyn Clock>,
}
