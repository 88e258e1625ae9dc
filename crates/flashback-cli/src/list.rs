//! Listing: the SDK call of each command, with a progress bar for several workspaces.

use std::io::IsTerminal;

use flashback_ext::{Client, Operation, WorkspaceFilter};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Map, Value};

use crate::args::{Buckets, Filter};
use crate::failure::Failure;
use crate::render;

/// The rows of a listing and the operation they came from (which decides the CSV columns).
pub struct Listing {
    pub operation: Operation,
    pub rows: Vec<Map<String, Value>>,
}

/// Runs the listing `command` asks for.
pub async fn list(
    client: &Client,
    command: &Buckets,
    token_source: &str,
    show_secrets: bool,
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
                rows: render::rows(&listing.map_err(failure)?, show_secrets),
            })
        }
        Buckets::Available(filter) => {
            let buckets = client
                .list_available_buckets_in(&workspace_filter(filter))
                .await
                .map_err(failure)?;
            Ok(Listing {
                operation: Operation::GetAvailableStorageBuckets,
                rows: render::rows(&buckets, show_secrets),
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
