//! Lists the buckets by hand: `FLASHBACK_TOKEN=... build-cost-baseline`.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Listing {
    buckets: Option<Vec<Bucket>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bucket {
    id: Option<String>,
    name: Option<String>,
    workspace_id: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("FLASHBACK_TOKEN")?;
    let base = std::env::var("FLASHBACK_BASE_URL")
        .unwrap_or_else(|_| "https://backend.flashback.tech".to_owned());
    let listing: Listing = reqwest::Client::new()
        .get(format!("{base}/bucket"))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    for bucket in listing.buckets.unwrap_or_default() {
        println!("{:?} {:?} {:?}", bucket.id, bucket.name, bucket.workspace_id);
    }
    Ok(())
}
