//! The client: the two operations, the workspace helpers, and the attempt loop around the
//! generated client (timeouts, deadline, retries, classification, tracing).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use flashback_api::types::{AvailableStorageBucket, ErrorResponse, StorageBucket};
use progenitor_client::{Error as ApiError, ResponseValue};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use crate::base_url::BaseUrl;
use crate::classify::classify;
use crate::clock::Clock;
use crate::config::ClientBuilder;
use crate::error::{Error, ErrorKind, Operation};
use crate::exchange::{AttemptExchange, Transport};
use crate::retry::RetryPolicy;
use crate::text::duration_text;
use crate::workspace::{WorkspaceFilter, fan_out, merge};

/// A client of the Flashback bucket API. Cheap to clone; clones share the connection pool.
///
/// Build one with [`Client::from_env`] or [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    settings: Arc<Settings>,
}

/// What [`ClientBuilder::build`] validated.
pub(crate) struct Settings {
    /// The generated client, without hooks: each attempt sends through a clone of it with an
    /// exchange of its own.
    pub(crate) api: flashback_api::Client,
    pub(crate) base_url: BaseUrl,
    /// The credentials and limits every request goes out and comes back with.
    pub(crate) transport: Arc<Transport>,
    /// Kept to scrub it from server messages.
    pub(crate) token: SecretString,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) concurrency: usize,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Client {
    /// A builder with the defaults (see [`ClientBuilder`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `FLASHBACK_TOKEN` (required) and `FLASHBACK_BASE_URL`
    /// (default `https://backend.flashback.tech`), with the other defaults.
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    pub(crate) fn from_settings(settings: Settings) -> Self {
        Self {
            settings: Arc::new(settings),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.settings.base_url
    }

    /// Every bucket the caller may see (`GET /bucket`).
    pub async fn list_buckets(&self) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in(&WorkspaceFilter::All).await
    }

    /// The buckets of one workspace (`GET /bucket?workspaceId=...`). An empty `workspace` is
    /// an [`ErrorKind::InvalidConfig`] error, never "every workspace".
    pub async fn list_workspace_buckets(
        &self,
        workspace: &str,
    ) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in(&WorkspaceFilter::One(workspace.to_owned()))
            .await
    }

    /// The buckets that pass `filter`: one request for all or for one workspace; for a set,
    /// one request per workspace, [`ClientBuilder::concurrency`] at a time, merged in workspace
    /// order and de-duplicated by bucket id. The first failure ends the listing and names its
    /// workspace ([`Error::workspace`]). A filter with an empty workspace id is an error
    /// ([`WorkspaceFilter::validate`]); nothing is sent.
    pub async fn list_buckets_in(
        &self,
        filter: &WorkspaceFilter,
    ) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in_with_progress(filter, |_, _| {}).await
    }

    /// [`Client::list_buckets_in`], calling `progress(done, total)` each time the listing of
    /// one workspace of a set completes (for a progress bar). Not called for `All` or `One`.
    pub async fn list_buckets_in_with_progress(
        &self,
        filter: &WorkspaceFilter,
        progress: impl Fn(usize, usize) + Send + Sync,
    ) -> Result<Vec<StorageBucket>, Error> {
        filter.validate()?;
        match filter {
            WorkspaceFilter::All => self.get_storage_buckets(None).await,
            WorkspaceFilter::One(workspace) => self.get_storage_buckets(Some(workspace)).await,
            WorkspaceFilter::AnyOf(workspaces) => {
                let workspaces: Vec<String> = workspaces.iter().cloned().collect();
                let fetch = |workspace| self.get_storage_buckets(Some(workspace));
                let listings =
                    fan_out(&workspaces, self.settings.concurrency, fetch, &progress).await?;
                Ok(merge(listings))
            }
        }
    }

    /// The buckets no MIRROR repository uses yet (`GET /bucket/available`).
    pub async fn list_available_buckets(&self) -> Result<Vec<AvailableStorageBucket>, Error> {
        self.execute(
            Operation::GetAvailableStorageBuckets,
            None,
            |api| async move { api.get_available_storage_buckets().send().await },
        )
        .await
    }

    /// The available buckets that pass `filter`. The endpoint cannot filter, so this lists
    /// them all and filters here. A filter with an empty workspace id is an error, as for
    /// [`Client::list_buckets_in`].
    pub async fn list_available_buckets_in(
        &self,
        filter: &WorkspaceFilter,
    ) -> Result<Vec<AvailableStorageBucket>, Error> {
        filter.validate()?;
        let mut buckets = self.list_available_buckets().await?;
        filter.retain(&mut buckets);
        Ok(buckets)
    }

    async fn get_storage_buckets(
        &self,
        workspace: Option<&str>,
    ) -> Result<Vec<StorageBucket>, Error> {
        let listing = self
            .execute(Operation::GetStorageBuckets, workspace, |api| async move {
                let request = api.get_storage_buckets();
                match workspace {
                    Some(workspace) => request.workspace_id(workspace).send().await,
                    None => request.send().await,
                }
            })
            .await?;
        Ok(listing.buckets.unwrap_or_default())
    }

    /// Runs `call` until it succeeds, fails for good, runs out of attempts or would pass the
    /// deadline; one tracing span per call.
    async fn execute<T, F, Fut>(
        &self,
        operation: Operation,
        workspace: Option<&str>,
        call: F,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned,
        F: Fn(flashback_api::Client) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, ApiError<ErrorResponse>>>,
    {
        let span = tracing::debug_span!(
            "flashback.call",
            operation = operation.id(),
            route = operation.route(),
            workspace = workspace,
            attempts = Empty,
            status = Empty,
            elapsed_ms = Empty,
        );
        let settings = &self.settings;
        let run = async {
            let start = settings.clock.now();
            let deadline = settings.deadline.map(|deadline| start + deadline);
            // Recorded once, when the call ends, on the call's span.
            let finish = |attempts: u32, status: Option<u16>| {
                let span = tracing::Span::current();
                let elapsed = settings.clock.now().saturating_duration_since(start);
                span.record("attempts", attempts);
                span.record("elapsed_ms", elapsed.as_millis() as u64);
                if let Some(status) = status {
                    span.record("status", status);
                }
            };
            let mut attempt = 0;
            loop {
                attempt += 1;
                let outcome = self
                    .attempt(&call, deadline)
                    .instrument(tracing::debug_span!("flashback.attempt", attempt))
                    .await;
                let error = match outcome {
                    Ok((status, value)) => {
                        finish(attempt, Some(status));
                        tracing::debug!(attempt, status, "succeeded");
                        return Ok(value);
                    }
                    Err(error) => {
                        let error = error.with_operation(operation, attempt);
                        match workspace {
                            Some(workspace) => error.in_workspace(workspace),
                            None => error,
                        }
                    }
                };
                if !error.is_retryable() || attempt >= settings.retry.max_attempts() {
                    finish(attempt, error.status());
                    tracing::debug!(attempt, status = error.status(), kind = %error.kind(), "failed");
                    return Err(error);
                }
                let delay = settings.retry.delay(attempt, error.retry_after());
                if deadline.is_some_and(|deadline| settings.clock.now() + delay >= deadline) {
                    finish(attempt, error.status());
                    tracing::debug!(attempt, kind = %error.kind(), "failed: no time left to retry");
                    return Err(error.deadline_reached());
                }
                tracing::debug!(
                    attempt,
                    status = error.status(),
                    kind = %error.kind(),
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
                settings.clock.sleep(delay).await;
            }
        };
        run.instrument(span).await
    }

    /// One attempt, bounded by the attempt timeout and the deadline; returns the status and
    /// the decoded body.
    async fn attempt<T, F, Fut>(
        &self,
        call: &F,
        deadline: Option<Instant>,
    ) -> Result<(u16, T), Error>
    where
        T: DeserializeOwned,
        F: Fn(flashback_api::Client) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, ApiError<ErrorResponse>>>,
    {
        let settings = &self.settings;
        let exchange = Arc::new(AttemptExchange::new(Arc::clone(&settings.transport)));
        let api = settings.api.with_exchange(exchange.clone());
        let answer = async {
            match call(api).await {
                Ok(response) => Ok((response.status().as_u16(), response.into_inner())),
                Err(error) => {
                    let now = settings.clock.system_time();
                    let token = settings.token.expose_secret();
                    Err(classify(error, exchange.head(), now, token).await)
                }
            }
        };
        let remaining =
            deadline.map(|deadline| deadline.saturating_duration_since(settings.clock.now()));
        let budget = match (settings.attempt_timeout, remaining) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match budget {
            None => answer.await,
            Some(budget) => tokio::time::timeout(budget, answer)
                .await
                .unwrap_or_else(|_| {
                    Err(Error::new(ErrorKind::Timeout).with_detail(format!(
                        "no complete answer within {}",
                        duration_text(budget)
                    )))
                }),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.settings;
        f.debug_struct("Client")
            .field("base_url", &settings.base_url)
            .field("token", &"[REDACTED]")
            .field("attempt_timeout", &settings.attempt_timeout)
            .field("deadline", &settings.deadline)
            .field("retry", &settings.retry)
            .field("concurrency", &settings.concurrency)
            .field("max_response_bytes", &settings.transport.max_response_bytes)
            .finish_non_exhaustive()
    }
}
