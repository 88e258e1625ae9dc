//! Listing: the SDK call of each command, with a progress bar for several workspaces.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use flashback_ext::bucket::merge_listings;
use flashback_ext::error::Operation;
use flashback_ext::{AvailableStorageBucket, Client, StorageBucket, WorkspaceFilter};
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{Buckets, Filter};
use crate::failure::Failure;
use crate::output::rows::{Masked, Rows};

/// The buckets of a listing, as the SDK decoded them, and the operation they came from
/// (which decides the CSV columns). They are turned into rows only as they are written.
pub struct Listing {
    pub operation: Operation,
    buckets: Decoded,
}

enum Decoded {
    Listed(Vec<StorageBucket>),
    Available(Vec<AvailableStorageBucket>),
}

impl Listing {
    /// The buckets as rows, credentials masked unless `show_secrets`.
    pub fn rows(&self, show_secrets: bool) -> Box<dyn Rows + '_> {
        match &self.buckets {
            Decoded::Listed(buckets) => Box::new(Masked {
                buckets,
                show_secrets,
            }),
            Decoded::Available(buckets) => Box::new(Masked {
                buckets,
                show_secrets,
            }),
        }
    }
}

/// Runs the listing `command` asks for.
pub async fn list(
    client: &Client,
    command: &Buckets,
    token_source: &str,
) -> Result<Listing, Failure> {
    let failure = |err| Failure::from_sdk(&err, token_source);
    match command {
        Buckets::List(filter) => {
            let listing = match workspace_filter(filter) {
                WorkspaceFilter::AnyOf(workspaces) => list_each(client, workspaces).await,
                filter => client.list_buckets_in(&filter).await,
            };
            Ok(Listing {
                operation: Operation::GetStorageBuckets,
                buckets: Decoded::Listed(listing.map_err(failure)?),
            })
        }
        Buckets::Available(filter) => {
            let buckets = client
                .list_available_buckets_in(&workspace_filter(filter))
                .await
                .map_err(failure)?;
            Ok(Listing {
                operation: Operation::GetAvailableStorageBuckets,
                buckets: Decoded::Available(buckets),
            })
        }
    }
}

fn workspace_filter(filter: &Filter) -> WorkspaceFilter {
    match filter.workspaces.as_slice() {
        [] => WorkspaceFilter::All,
        [one] => WorkspaceFilter::One(one.clone()),
        several => WorkspaceFilter::any_of(several.iter().cloned()),
    }
}

/// The buckets of each of `workspaces`, merged in workspace order (as `list_buckets_in`
/// merges them), with a progress bar on a terminal; the first failure ends the listing.
async fn list_each(
    client: &Client,
    workspaces: impl IntoIterator<Item = String>,
) -> Result<Vec<StorageBucket>, flashback_ext::Error> {
    let mut listings = client.list_buckets_by_workspace(workspaces)?;
    let progress = progress_bar(listings.total());
    let mut listed = BTreeMap::new();
    let mut outcome = Ok(());
    while let Some(listing) = listings.next().await {
        match listing {
            Ok(listing) => {
                listed.insert(listing.workspace, listing.buckets);
            }
            Err(error) => {
                outcome = Err(error);
                break;
            }
        }
        if let Some(bar) = &progress {
            bar.set_position(listings.done() as u64);
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    outcome.map(|()| merge_listings(listed.into_values()))
}

/// A progress bar on stderr for a listing of `workspaces` workspaces, on a terminal only, from
/// two up.
fn progress_bar(workspaces: usize) -> Option<ProgressBar> {
    if workspaces < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(workspaces as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} workspaces") {
        bar.set_style(style);
    }
    Some(bar)
}
