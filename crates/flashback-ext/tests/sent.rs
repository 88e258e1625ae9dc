//! What the client sends: credentials, identification, the workspace filter, the path prefix
//! of the base URL, and what it accepts (gzip).

mod support;

use std::io::Write;

use flashback_api::types::{GetBucketsResponse, StorageBucket};
use flashback_httpmock::MockServerExt;
use httpmock::MockServer;
use support::{TOKEN, client};

fn listing(ids: &[&str]) -> GetBucketsResponse {
    GetBucketsResponse {
        success: Some(true),
        buckets: Some(
            ids.iter()
                .map(|id| StorageBucket {
                    id: Some((*id).into()),
                    ..Default::default()
                })
                .collect(),
        ),
    }
}

#[tokio::test]
async fn sends_the_bearer_token_and_user_agent() {
    let server = MockServer::start_async().await;
    let body = listing(&["b-1"]);
    let mock = server.get_storage_buckets(|when, then| {
        when.workspace_id(None)
            .into_inner()
            .header("authorization", format!("Bearer {TOKEN}"))
            .header(
                "user-agent",
                concat!(
                    "flashback-ext/",
                    env!("CARGO_PKG_VERSION"),
                    " inventory/2.1"
                ),
            )
            .header("accept", "application/json");
        then.ok(&body);
    });
    let clock = std::sync::Arc::new(flashback_ext::time::ManualClock::new());
    let client = support::builder(&server.base_url(), &clock)
        .app_name("inventory/2.1")
        .build()
        .unwrap();
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets, body.buckets.unwrap());
    mock.assert();
}

#[tokio::test]
async fn workspace_id_is_encoded_and_absent_when_not_given() {
    let server = MockServer::start_async().await;
    let filtered = server.get_storage_buckets(|when, then| {
        when.workspace_id("a&b=c#d é");
        then.ok(&listing(&["in-workspace"]));
    });
    let unfiltered = server.get_storage_buckets(|when, then| {
        when.workspace_id(None);
        then.ok(&listing(&["everything"]));
    });
    let (client, _) = client(&server.base_url());
    let buckets = client.list_workspace_buckets("a&b=c#d é").await.unwrap();
    assert_eq!(buckets[0].id.as_deref(), Some("in-workspace"));
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets[0].id.as_deref(), Some("everything"));
    filtered.assert();
    unfiltered.assert();
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("GET").path("/api/v1/bucket/available");
        then.status(200)
            .header("content-type", "application/json")
            .body("[]");
    });
    let (client, _) = client(&server.url("/api/v1/"));
    assert!(client.list_available_buckets().await.unwrap().is_empty());
    mock.assert();
}

#[tokio::test]
async fn gzip_responses_are_accepted() {
    let server = MockServer::start_async().await;
    let json = serde_json::to_vec(&listing(&["b-1", "b-2"])).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&json).unwrap();
    let gzipped = encoder.finish().unwrap();
    let mock = server.mock(|when, then| {
        when.method("GET")
            .path("/bucket")
            .header_includes("accept-encoding", "gzip");
        then.status(200)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(gzipped);
    });
    let (client, _) = client(&server.base_url());
    assert_eq!(client.list_buckets().await.unwrap().len(), 2);
    mock.assert();
}

/// A redirect to another origin is not followed, so the token never goes there (and the
/// caller is told where the redirect points instead of getting a misleading 401 from there).
#[tokio::test]
async fn a_redirect_to_another_origin_does_not_carry_the_token() {
    let elsewhere = MockServer::start_async().await;
    let anything = elsewhere.mock(|when, then| {
        when.path("/bucket");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"buckets":[]}"#);
    });
    let origin = MockServer::start_async().await;
    let redirect = origin.mock(|when, then| {
        when.path("/bucket")
            .header("authorization", format!("Bearer {TOKEN}"));
        then.status(302)
            .header("location", elsewhere.url("/bucket"));
    });
    let (client, _) = client(&origin.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), flashback_ext::ErrorKind::Redirect, "{error}");
    assert!(
        error.to_string().contains(&elsewhere.url("/bucket")),
        "{error}"
    );
    redirect.assert();
    anything.assert_calls(0);
}

/// Only the headers the SDK means to send: no `api-version` (progenitor's default, which the
/// platform does not document), whatever the generated client adds.
#[tokio::test]
async fn only_documented_headers_are_sent() {
    let server = support::scripted([flashback_fake::Fault::json(
        200,
        r#"{"success":true,"buckets":[]}"#,
    )])
    .await;
    let (client, _) = support::client(&server.base_url());
    client.list_buckets().await.unwrap();
    let requests = server.requests();
    let mut names: Vec<&str> = requests[0]
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "accept",
            "accept-encoding",
            "authorization",
            "host",
            "user-agent"
        ]
    );
}
