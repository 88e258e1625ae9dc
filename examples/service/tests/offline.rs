//! The service's tests, written as a service writes them: the generated types through
//! `flashback_ext::api` or `flashback_httpmock::types`, httpmock through `flashback_httpmock`.
//!
//! Which double: the typed mock when the test is about what the service does with an exact
//! answer (this listing, this error); the fake when it is about the platform's behaviour (who
//! sees what, workspaces, the documented errors), or about a misbehaving road.

use acme_inventory::Inventory;
use flashback_ext::Client;
use flashback_httpmock::MockServerExt;
use flashback_httpmock::httpmock::MockServer;
use flashback_httpmock::types::{GetBucketsResponse, StorageBucket};

/// A bucket as the platform sends it, decoded by the SDK's own decoder.
fn bucket(name: &str, status: &str) -> StorageBucket {
    let text = format!(r#"{{"name":"{name}","status":"{status}","workspaceId":"ws-1"}}"#);
    flashback_ext::raw::buckets(format!(r#"{{"buckets":[{text}]}}"#).as_bytes())
        .unwrap()
        .remove(0)
}

#[tokio::test]
async fn offline_buckets_from_a_typed_mock() {
    let server = MockServer::start_async().await;
    let listing = GetBucketsResponse {
        success: Some(true),
        buckets: Some(vec![
            bucket("b-online", "ONLINE"),
            bucket("z-offline", "OFFLINE"),
            bucket("a-offline", "OFFLINE"),
            // A status this SDK does not know yet is kept, and is not OFFLINE.
            bucket("c-new", "HIBERNATING"),
        ]),
    };
    let mock = server.get_storage_buckets(|when, then| {
        when.workspace_id("ws-1");
        then.ok(&listing);
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .token("test-token")
        .build()
        .unwrap();

    let offline = Inventory::new(client)
        .offline_buckets("ws-1")
        .await
        .unwrap();

    assert_eq!(offline, ["a-offline", "z-offline"]);
    mock.assert();
}

#[tokio::test]
async fn offline_buckets_from_the_fake_platform() {
    let server = flashback_fake::start_demo().await.unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .token(flashback_fake::DEMO_GLOBAL_TOKEN)
        .build()
        .unwrap();
    let inventory = Inventory::new(client);

    assert!(inventory.ready().await, "the readiness probe");
    assert_eq!(
        inventory.offline_buckets("ws-media").await.unwrap(),
        ["Photo Library"]
    );
    // A workspace the caller cannot see is the platform's 403, passed on as it is.
    let error = inventory.offline_buckets("ws-unknown").await.unwrap_err();
    assert_eq!(error.kind(), flashback_ext::ErrorKind::Forbidden);
    // An empty workspace id never widens to "every workspace".
    let error = inventory.offline_buckets("").await.unwrap_err();
    assert_eq!(error.kind(), flashback_ext::ErrorKind::InvalidArgument);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_busy_platform_is_passed_on_with_its_retry_after() {
    use flashback_httpmock::Answers;

    let server = MockServer::start_async().await;
    server.get_storage_buckets(|_, then| {
        then.rate_limited(std::time::Duration::from_secs(30));
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .token("test-token")
        // The service's own retry decision is under test, not the SDK's.
        .retry_policy(flashback_ext::RetryPolicy::no_retries())
        .build()
        .unwrap();

    let error = Inventory::new(client)
        .offline_buckets("ws-1")
        .await
        .unwrap_err();

    assert_eq!(error.kind(), flashback_ext::ErrorKind::RateLimited);
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
}
