//! `acme-inventory`: a service's own code on top of the SDK, and the repository README's Rust
//! examples compiled as this service compiles them (see [`ReadmeDoctests`]).
//!
//! The service answers one question, "which buckets of a workspace are offline?", the way a
//! service would: one [`flashback_ext::Client`] for the process, its errors passed on as they
//! are. Its tests (`tests/`) show the two test doubles a service uses: typed httpmock helpers
//! for exact answers, the fake backend for the platform's behaviour.

use std::time::Duration;

use flashback_ext::api::BucketStatus;
use flashback_ext::{CallOptions, Client, Error, RetryPolicy};

/// The service's view of the platform.
#[derive(Debug, Clone)]
pub struct Inventory {
    client: Client,
}

impl Inventory {
    /// An inventory reading through `client`.
    pub fn new(client: Client) -> Self {
        Self { client }
    }

    /// Whether the platform answers within 2 s: the service's readiness probe, with a limit of
    /// its own and no retry, on the service's one client (its pool, token and retry budget).
    pub async fn ready(&self) -> bool {
        let probe = self.client.with_options(
            CallOptions::new()
                .deadline(Duration::from_secs(2))
                .retry_policy(RetryPolicy::no_retries()),
        );
        probe.list_available_buckets().await.is_ok()
    }

    /// The names of the buckets of `workspace` whose status is `OFFLINE`, sorted.
    pub async fn offline_buckets(&self, workspace: &str) -> Result<Vec<String>, Error> {
        let buckets = self.client.list_workspace_buckets(workspace).await?;
        let mut names: Vec<String> = buckets
            .into_iter()
            .filter(|bucket| bucket.status == Some(BucketStatus::Offline))
            .map(|bucket| bucket.name.unwrap_or_default())
            .collect();
        names.sort();
        Ok(names)
    }
}

/// The repository README's Rust examples, compiled and run as doctests of this crate: with
/// only the dependencies a service has, so a path that works only inside the SDK's workspace
/// (say `flashback_api::...`) fails here.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The SDK guide's examples (`crates/flashback-ext/README.md`), as a service compiles them.
#[doc = include_str!("../../../crates/flashback-ext/README.md")]
#[cfg(doctest)]
pub struct SdkGuideDoctests;

/// The command's manual (`crates/flashback-cli/README.md`) and the contributors' page: any
/// Rust in them compiles as a service's.
#[doc = include_str!("../../../crates/flashback-cli/README.md")]
#[doc = include_str!("../../../CONTRIBUTING.md")]
#[cfg(doctest)]
pub struct ManualDoctests;
