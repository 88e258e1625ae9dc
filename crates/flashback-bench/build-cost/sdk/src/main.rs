//! Lists the buckets with the SDK: `FLASHBACK_TOKEN=... build-cost-sdk`.

#[tokio::main]
async fn main() -> Result<(), flashback_ext::Error> {
    let client = flashback_ext::Client::from_env()?;
    for bucket in client.list_buckets().await? {
        println!("{bucket}");
    }
    Ok(())
}
