//! What a client runs with: the configuration [`super::ClientBuilder`] validated.

use super::call::CallSettings;

/// The validated configuration of a client.
#[derive(Clone)]
pub(super) struct Settings {
    /// What every call sends, times and retries with.
    pub(super) call: CallSettings,
    /// Workspace listings at once over HTTP/1.1.
    pub(super) concurrency: usize,
    /// Workspace listings at once over HTTP/2.
    pub(super) http2_concurrency: usize,
}
