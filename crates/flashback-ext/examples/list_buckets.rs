//! Lists every bucket the token may see, grouped by workspace.
//!
//! ```sh
//! FLASHBACK_TOKEN=... cargo run -p flashback-ext --example list_buckets
//! FLASHBACK_TOKEN=... FLASHBACK_BASE_URL=http://127.0.0.1:4010 cargo run -p flashback-ext --example list_buckets
//! ```

use std::process::ExitCode;

use flashback_ext::Client;
use flashback_ext::bucket::{BucketView, group_by_workspace};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let buckets = match client.list_buckets().await {
        Ok(buckets) => buckets,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for (workspace, buckets) in group_by_workspace(buckets) {
        println!("{}:", workspace.as_deref().unwrap_or("(no workspace)"));
        for bucket in buckets {
            let marker = if bucket.is_online() { "+" } else { "-" };
            println!("  {marker} {bucket}");
        }
    }
    ExitCode::SUCCESS
}
