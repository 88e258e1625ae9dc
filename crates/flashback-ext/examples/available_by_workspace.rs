//! Lists the buckets free for a new MIRROR repository in the workspaces given as arguments
//! (all workspaces when none is given). The endpoint cannot filter, so the SDK filters here.
//!
//! ```sh
//! FLASHBACK_TOKEN=... cargo run -p flashback-ext --example available_by_workspace -- ws-eu ws-us
//! ```

use std::process::ExitCode;

use flashback_ext::bucket::BucketView;
use flashback_ext::{Client, ErrorKind, WorkspaceFilter};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let workspaces: Vec<String> = std::env::args().skip(1).collect();
    let filter = if workspaces.is_empty() {
        WorkspaceFilter::All
    } else {
        WorkspaceFilter::any_of(workspaces)
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match client.list_available_buckets_in(&filter).await {
        Ok(buckets) => {
            for bucket in &buckets {
                let workspace = bucket.workspace().unwrap_or("-");
                println!("{workspace:<20} {bucket}");
            }
            eprintln!("{} available bucket(s)", buckets.len());
            ExitCode::SUCCESS
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            eprintln!("error: {error} (is the token's user still in the organization?)");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
