//! The client: every call it makes (the two operations, the workspace helpers, the raw
//! answer), each through the call orchestrator (`call.rs`); its builder, the settings the
//! builder validates, and the per-call options and metadata beside it.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use flashback_api::hooks::BodyError;
use flashback_api::types::{AvailableStorageBucket, ErrorResponse, StorageBucket};
use progenitor_client::{ClientInfo, Error as ApiError, ResponseValue};
use reqwest::header::CONTENT_TYPE;

use crate::bucket::{BucketsByWorkspace, WorkspaceBuckets, merge_listings};
use crate::error::{ArgumentError, Error, Operation};
use crate::redact::Redacted;
use crate::transport::BaseUrl;
use crate::workspace::{WorkspaceFilter, completions, fan_out, validate_ids};
use call::{execute, execute_with_meta};

mod builder;
mod call;
mod call_meta;
mod call_options;
mod raw_answer;
mod settings;

pub use builder::ClientBuilder;
pub use call_meta::CallMeta;
pub use call_options::CallOptions;
pub use raw_answer::RawAnswer;
use settings::Settings;

/// A client of the Flashback bucket API. Cheap to clone; clones share the connection pool.
///
/// Build one with [`Client::from_env`] or [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    settings: Arc<Settings>,
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

    /// A view of this client whose calls have the limits of `options` (the others are this
    /// client's). It shares the connection pool, the token, the rate limiter and the retry
    /// budget, and it is cheap: make one per kind of call, or per request.
    ///
    /// ```no_run
    /// # async fn run(client: flashback_ext::Client) -> Result<(), flashback_ext::Error> {
    /// use std::time::Duration;
    /// use flashback_ext::{CallOptions, RetryPolicy};
    ///
    /// let probe = client.with_options(
    ///     CallOptions::new().deadline(Duration::from_secs(2)).retry_policy(RetryPolicy::no_retries()),
    /// );
    /// probe.list_available_buckets().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_options(&self, options: CallOptions) -> Client {
        let mut settings = Settings::clone(&self.settings);
        let call = &mut settings.call;
        if let Some(deadline) = options.deadline {
            call.deadline = deadline;
        }
        if let Some(timeout) = options.attempt_timeout {
            call.attempt_timeout = timeout;
        }
        if let Some(policy) = options.retry_policy {
            call.retry = policy;
        }
        Client {
            settings: Arc::new(settings),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.settings.call.base_url
    }

    /// The units left in the client's retry budget (shared with its clones), or `None` when
    /// its [`crate::RetryPolicy`] has no budget. See [`crate::retry::RetryBudget`].
    pub fn retry_budget_remaining(&self) -> Option<u32> {
        self.settings
            .call
            .retry_quota
            .as_ref()
            .map(|quota| quota.available())
    }

    /// Every bucket the caller may see (`GET /bucket`).
    pub async fn list_buckets(&self) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in(&WorkspaceFilter::All).await
    }

    /// The buckets of one workspace (`GET /bucket?workspaceId=...`). An empty `workspace` is
    /// an [`crate::ErrorKind::InvalidArgument`] error, never "every workspace".
    pub async fn list_workspace_buckets(
        &self,
        workspace: &str,
    ) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in(&WorkspaceFilter::One(workspace.to_owned()))
            .await
    }

    /// The buckets that pass `filter`: one request for all or for one workspace; for a set,
    /// one request per workspace, [`ClientBuilder::concurrency`] at a time, merged in workspace
    /// order and de-duplicated by bucket id ([`crate::bucket::merge_listings`]). The first
    /// failure ends the listing and names its workspace ([`Error::workspace`]); for each
    /// workspace's result as it completes, see [`Client::list_buckets_by_workspace`]. A filter
    /// with an empty workspace id is an error ([`WorkspaceFilter::validate`]); nothing is sent.
    pub async fn list_buckets_in(
        &self,
        filter: &WorkspaceFilter,
    ) -> Result<Vec<StorageBucket>, Error> {
        filter.validate()?;
        match filter {
            WorkspaceFilter::All => self.get_storage_buckets(None).await,
            WorkspaceFilter::One(workspace) => self.get_storage_buckets(Some(workspace)).await,
            WorkspaceFilter::AnyOf(workspaces) => {
                let workspaces: Vec<String> = workspaces.iter().cloned().collect();
                let fetch = |workspace| self.get_storage_buckets(Some(workspace));
                let transport = &self.settings.call.transport;
                let limit = || self.fan_out_limit();
                let changes = Some(transport.protocol());
                let listings = fan_out(&workspaces, &limit, changes, fetch).await?;
                Ok(merge_listings(listings))
            }
        }
    }

    /// The buckets of each of `workspaces` (de-duplicated), as a stream of one item per
    /// workspace in the order the requests complete: for a progress bar
    /// ([`BucketsByWorkspace::done`] of [`BucketsByWorkspace::total`]), a listing that keeps what
    /// succeeded when one workspace fails, or one that stops early (drop the stream: the
    /// requests still running are cancelled). Requests run as for
    /// [`Client::list_buckets_in`], each with the client's retries. An empty workspace id is an
    /// [`crate::ErrorKind::InvalidArgument`] error, and nothing is sent.
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    ///
    /// # async fn run(client: flashback_ext::Client) -> Result<(), flashback_ext::Error> {
    /// let mut listings = client.list_buckets_by_workspace(["ws-analytics", "ws-media"])?;
    /// while let Some(listing) = listings.next().await {
    ///     match listing {
    ///         Ok(listing) => println!("{}: {} buckets", listing.workspace, listing.buckets.len()),
    ///         Err(error) => eprintln!("{:?} failed: {error}", error.workspace()),
    ///     }
    ///     println!("{} of {}", listings.done(), listings.total());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_buckets_by_workspace<I>(&self, workspaces: I) -> Result<BucketsByWorkspace, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let workspaces: BTreeSet<String> = workspaces.into_iter().map(Into::into).collect();
        validate_ids(&workspaces)?;
        let total = workspaces.len();
        let calls = workspaces
            .into_iter()
            .map(|workspace| {
                let client = self.clone();
                async move {
                    let buckets = client
                        .get_storage_buckets(Some(&workspace))
                        .await
                        .map_err(|error| error.in_workspace(&workspace))?;
                    Ok(WorkspaceBuckets { workspace, buckets })
                }
            })
            .collect();
        let (client, changes) = (self.clone(), self.settings.call.transport.protocol());
        let items = completions(calls, move || client.fan_out_limit(), Some(changes));
        Ok(BucketsByWorkspace {
            items: Box::pin(futures_util::StreamExt::map(items, |(_, item)| item)),
            total,
            yielded: 0,
        })
    }

    /// How many requests of a workspace set run at once: one connection per request over
    /// HTTP/1.1; streams of one over HTTP/2, known as soon as the first connection is made
    /// (the fan-out wakes then).
    fn fan_out_limit(&self) -> usize {
        if self.settings.call.transport.is_http2() {
            self.settings.http2_concurrency
        } else {
            self.settings.concurrency
        }
    }

    /// [`Client::list_buckets`], with what the call took ([`CallMeta`]: the platform's request
    /// id, the attempts, the protocol, the time).
    ///
    /// ```no_run
    /// # async fn run(client: flashback_ext::Client) -> Result<(), flashback_ext::Error> {
    /// let (buckets, meta) = client.list_buckets_with_meta().await?;
    /// println!("{} buckets in {:?} (request {:?})", buckets.len(), meta.elapsed, meta.request_id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn list_buckets_with_meta(&self) -> Result<(Vec<StorageBucket>, CallMeta), Error> {
        let (listing, meta) = execute_with_meta(
            &self.settings.call,
            Operation::GetStorageBuckets,
            None,
            |api| async move { api.get_storage_buckets().send().await },
        )
        .await?;
        Ok((listing.buckets.unwrap_or_default(), meta))
    }

    /// [`Client::list_available_buckets`], with what the call took ([`CallMeta`]).
    pub async fn list_available_buckets_with_meta(
        &self,
    ) -> Result<(Vec<AvailableStorageBucket>, CallMeta), Error> {
        execute_with_meta(
            &self.settings.call,
            Operation::GetAvailableStorageBuckets,
            None,
            |api| async move { api.get_available_storage_buckets().send().await },
        )
        .await
    }

    /// The buckets no MIRROR repository uses yet (`GET /bucket/available`).
    pub async fn list_available_buckets(&self) -> Result<Vec<AvailableStorageBucket>, Error> {
        execute(
            &self.settings.call,
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

    /// Calls `operation` (a `GET` without path parameters) and returns its answer undecoded,
    /// so that it can be checked against the spec even where the SDK's types would refuse it.
    /// `workspace` is sent as `workspaceId` where the operation takes one (empty: an error).
    ///
    /// A non-2xx answer is the same typed [`Error`] as from the other calls, after the same
    /// retries.
    pub async fn raw_answer(
        &self,
        operation: Operation,
        workspace: Option<&str>,
    ) -> Result<RawAnswer, Error> {
        if let Some(workspace) = workspace {
            WorkspaceFilter::One(workspace.to_owned()).validate()?;
            if !operation.query_parameters().contains(&"workspaceId") {
                return Err(Error::argument(ArgumentError::UnsupportedOperation {
                    reason: format!("{} takes no workspaceId", operation.id()),
                }));
            }
        }
        if !RawAnswer::can_call(operation) {
            return Err(Error::argument(ArgumentError::UnsupportedOperation {
                reason: format!(
                    "{} is not a GET without path parameters; raw_answer cannot call it",
                    operation.id()
                ),
            }));
        }
        execute(
            &self.settings.call,
            operation,
            workspace,
            |api| async move {
                let url = api
                    .operation_url(format_args!("{}", operation.path()))
                    .map_err(ApiError::InvalidRequest)?;
                let mut request = api.client().get(url);
                if let Some(workspace) = workspace {
                    request = request.query(&[("workspaceId", workspace)]);
                }
                let request = request.build().map_err(|error| {
                    ApiError::<ErrorResponse>::InvalidRequest(error.to_string())
                })?;
                let response = match api.exchange() {
                    Some(exchange) => {
                        exchange
                            .exchange(api.client(), request, operation.id())
                            .await
                    }
                    None => api.client().execute(request).await,
                }
                .map_err(ApiError::CommunicationError)?;
                if !response.status().is_success() {
                    return Err(ApiError::UnexpectedResponse(response));
                }
                let mut response = response;
                let (status, headers) = (response.status(), std::mem::take(response.headers_mut()));
                let body = api
                    .read_body(response)
                    .await
                    .map_err(BodyError::into_api_error)?;
                let answer = RawAnswer {
                    status: status.as_u16(),
                    content_type: headers
                        .get(CONTENT_TYPE)
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned),
                    body,
                };
                Ok(ResponseValue::new(answer, status, headers))
            },
        )
        .await
    }

    async fn get_storage_buckets(
        &self,
        workspace: Option<&str>,
    ) -> Result<Vec<StorageBucket>, Error> {
        let listing = execute(
            &self.settings.call,
            Operation::GetStorageBuckets,
            workspace,
            |api| async move {
                let request = api.get_storage_buckets();
                match workspace {
                    Some(workspace) => request.workspace_id(workspace).send().await,
                    None => request.send().await,
                }
            },
        )
        .await?;
        Ok(listing.buckets.unwrap_or_default())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let call = &self.settings.call;
        f.debug_struct("Client")
            .field("base_url", &call.base_url)
            .field("token", &Redacted)
            .field("attempt_timeout", &call.attempt_timeout)
            .field("deadline", &call.deadline)
            .field("retry", &call.retry)
            .field("concurrency", &self.settings.concurrency)
            .field("max_response_bytes", &call.transport.max_response_bytes)
            .finish_non_exhaustive()
    }
}
