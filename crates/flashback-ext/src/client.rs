//! The client: the two operations and the workspace helpers, over the attempt loop
//! ([`crate::call`]).

use std::fmt;
use std::sync::Arc;

use flashback_api::types::{AvailableStorageBucket, StorageBucket};

use crate::base_url::BaseUrl;
use crate::call::execute;
use crate::config::ClientBuilder;
use crate::error::{Error, Operation};
use crate::settings::Settings;
use crate::workspace::{WorkspaceFilter, fan_out, merge};

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

    /// What the client runs with, for the calls defined in other modules.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.settings.base_url
    }

    /// The units left in the client's retry budget (shared with its clones), or `None` when
    /// its [`crate::RetryPolicy`] has no budget. See [`crate::RetryBudget`].
    pub fn retry_budget_remaining(&self) -> Option<u32> {
        self.settings
            .retry_quota
            .as_ref()
            .map(|quota| quota.available())
    }

    /// Every bucket the caller may see (`GET /bucket`).
    pub async fn list_buckets(&self) -> Result<Vec<StorageBucket>, Error> {
        self.list_buckets_in(&WorkspaceFilter::All).await
    }

    /// The buckets of one workspace (`GET /bucket?workspaceId=...`). An empty `workspace` is
    /// an [`crate::ErrorKind::InvalidConfig`] error, never "every workspace".
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
        execute(
            &self.settings,
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
        let listing = execute(
            &self.settings,
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

impl ClientBuilder {
    /// Validates the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            settings: Arc::new(self.into_settings()?),
        })
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
