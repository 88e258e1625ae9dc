//! A long-running service whose token lives in a file that something else rotates (a
//! Kubernetes secret, a sidecar): the client reads the file when it needs a token, again when a
//! JWT is about to expire or the platform answers 401, and never needs rebuilding.
//!
//! ```sh
//! cargo run -p flashback-fake &                 # demo data on 127.0.0.1:4010
//! echo demo-global-token > /tmp/flashback-token
//! FLASHBACK_BASE_URL=http://127.0.0.1:4010 \
//!   cargo run -p flashback-ext --example token_file -- /tmp/flashback-token 3
//! ```
//!
//! Arguments: the token file (default: `$FLASHBACK_TOKEN_FILE`) and how many listings to make,
//! one every 10 seconds (default 1). Change the file between listings to see the rotation.

use std::process::ExitCode;
use std::time::Duration;

use flashback_ext::auth::FileToken;
use flashback_ext::{Client, defaults, env};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().or_else(|| std::env::var(env::TOKEN_FILE).ok()) else {
        eprintln!(
            "usage: token_file PATH [COUNT] (or set {})",
            env::TOKEN_FILE
        );
        return ExitCode::from(2);
    };
    let count: u32 = match args.next().map(|text| text.parse()) {
        None => 1,
        Some(Ok(count)) => count,
        Some(Err(_)) => {
            eprintln!("error: COUNT must be a whole number, e.g. 3");
            return ExitCode::from(2);
        }
    };
    let base_url = std::env::var(env::BASE_URL).unwrap_or_else(|_| defaults::BASE_URL.to_owned());
    let client = match Client::builder()
        .base_url(base_url)
        .token_provider(FileToken::new(&path))
        .app_name("token-file-example")
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    for round in 1..=count {
        if round > 1 {
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        match client.list_buckets().await {
            Ok(buckets) => println!("listing {round}: {} buckets", buckets.len()),
            Err(error) => {
                // The platform's request id, if it sent one, is in the message too.
                eprintln!("listing {round} failed: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
