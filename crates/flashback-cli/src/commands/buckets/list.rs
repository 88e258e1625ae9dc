//! Listing: the SDK call of each command, with a progress bar for several workspaces.

use std::io::IsTerminal;

use flashback_ext::error::Operation;
use flashback_ext::{AvailableStorageBucket, Client, StorageBucket, WorkspaceFilter};
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
            let filter = workspace_filter(filter);
            let progress = progress_bar(&filter);
            let listing = client
                .list_buckets_in_with_progress(&filter, |done, _| {
                    if let Some(bar) = &progress {
                        bar.set_position(done as u64);
                    }
                })
                .await;
            if let Some(bar) = progress {
                bar.finish_and_clear();
            }
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

/// A progress bar on stderr for a listing of several workspaces, on a terminal only.
fn progress_bar(filter: &WorkspaceFilter) -> Option<ProgressBar> {
    let WorkspaceFilter::AnyOf(workspaces) = filter else {
        return None;
    };
    if workspaces.len() < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(workspaces.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} workspaces") {
        bar.set_style(style);
    }
    Some(bar)
}
