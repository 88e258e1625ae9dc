//! The exact request each operation sends, recorded at a loopback server: method, path, query
//! string and `Accept`. A missing `workspaceId` is absent from the query (the official
//! TypeScript client sends the text `undefined`), and a value with reserved characters arrives
//! intact.

use flashback_api::Client;
use flashback_api::types::{GetBucketsResponse, StorageBucket};
use flashback_fake::{FakeServer, Fault, RecordedRequest, start_scripted};
use flashback_httpmock::MockServerExt;
use httpmock::MockServer;
use serde::Serialize;

const LISTING: &str = r#"{"success":true,"buckets":[]}"#;

/// What a snapshot records of a request: the parts that make up the contract.
#[derive(Serialize)]
struct Wire<'a> {
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    accept: Option<&'a str>,
}

fn wire(request: &RecordedRequest) -> Wire<'_> {
    Wire {
        method: &request.method,
        path: &request.path,
        query: request.query.as_deref(),
        accept: request.header("accept"),
    }
}

#[tokio::test]
async fn list_buckets_without_workspace_sends_no_query() {
    let server = scripted([Fault::json(200, LISTING)]).await;
    let client = Client::new(&server.base_url(), Default::default());
    client.get_storage_buckets().send().await.unwrap();
    let request = only_request(&server);
    assert_eq!(
        request.query, None,
        "no `?`, no `workspaceId=undefined`, no empty value"
    );
    insta::assert_yaml_snapshot!(wire(&request), @r"
    method: GET
    path: /bucket
    query: ~
    accept: application/json
    ");
}

#[tokio::test]
async fn only_documented_headers_are_sent() {
    let server = scripted([Fault::json(200, LISTING)]).await;
    let client = Client::new(&server.base_url(), Default::default());
    client.get_storage_buckets().send().await.unwrap();
    let request = only_request(&server);
    let mut names: Vec<&str> = request
        .headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    names.sort_unstable();
    // The generated client alone sends progenitor's `api-version`, as progenitor does; the
    // platform documents none, and flashback-ext's exchange removes it
    // (`crates/flashback-ext/tests/sent.rs`).
    assert_eq!(names, ["accept", "accept-encoding", "api-version", "host"]);
}

#[tokio::test]
async fn list_buckets_of_a_workspace() {
    let server = scripted([Fault::json(200, LISTING)]).await;
    let client = Client::new(&server.base_url(), Default::default());
    client
        .get_storage_buckets()
        .workspace_id("workspace-123")
        .send()
        .await
        .unwrap();
    insta::assert_yaml_snapshot!(wire(&only_request(&server)), @r"
    method: GET
    path: /bucket
    query: workspaceId=workspace-123
    accept: application/json
    ");
}

#[tokio::test]
async fn workspace_id_with_reserved_characters_arrives_intact() {
    let value = "a&b=c#d é";
    let server = scripted([Fault::json(200, LISTING)]).await;
    let client = Client::new(&server.base_url(), Default::default());
    client
        .get_storage_buckets()
        .workspace_id(value)
        .send()
        .await
        .unwrap();
    let request = only_request(&server);
    let query = request.query.clone().expect("a query string");
    // One parameter, nothing spilled into a second one or a fragment.
    let pairs: Vec<(String, String)> = form_pairs(&query);
    assert_eq!(pairs, [("workspaceId".to_owned(), value.to_owned())]);
    insta::assert_yaml_snapshot!(wire(&request), @r"
    method: GET
    path: /bucket
    query: workspaceId=a%26b%3Dc%23d+%C3%A9
    accept: application/json
    ");
}

#[tokio::test]
async fn list_available_buckets() {
    let server = scripted([Fault::json(200, "[]")]).await;
    let client = Client::new(&server.base_url(), Default::default());
    let available = client.get_available_storage_buckets().send().await.unwrap();
    assert!(available.is_empty());
    insta::assert_yaml_snapshot!(wire(&only_request(&server)), @r"
    method: GET
    path: /bucket/available
    query: ~
    accept: application/json
    ");
}

/// The one request the server received.
fn only_request(server: &FakeServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0].clone()
}

/// Decodes an `application/x-www-form-urlencoded` query, as a server would.
fn form_pairs(query: &str) -> Vec<(String, String)> {
    let url =
        flashback_api::reqwest::Url::parse(&format!("http://server/?{query}")).expect("a URL");
    url.query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

// The same contract through the generated httpmock helpers, as a dependent service would test.

#[tokio::test]
async fn httpmock_helpers_match_the_workspace_filter() {
    let server = MockServer::start_async().await;
    let body = GetBucketsResponse {
        success: Some(true),
        buckets: Some(vec![StorageBucket {
            id: Some("b-1".into()),
            ..Default::default()
        }]),
    };
    let filtered = server.get_storage_buckets(|when, then| {
        when.workspace_id("a&b=c#d é");
        then.ok(&body);
    });
    let unfiltered = server.get_storage_buckets(|when, then| {
        when.workspace_id(None);
        then.ok(&GetBucketsResponse::default());
    });
    let client = Client::new(&server.base_url(), Default::default());

    let listing = client
        .get_storage_buckets()
        .workspace_id("a&b=c#d é")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.into_inner(), body);
    let listing = client.get_storage_buckets().send().await.unwrap();
    assert_eq!(listing.into_inner(), GetBucketsResponse::default());

    filtered.assert();
    unfiltered.assert();
}

#[tokio::test]
async fn httpmock_helpers_serve_documented_errors() {
    let server = MockServer::start_async().await;
    let mock = server.get_available_storage_buckets(|_, then| {
        then.not_found(&flashback_api::types::ErrorResponse {
            success: Some(false),
            message: Some("User not found".into()),
        });
    });
    let client = Client::new(&server.base_url(), Default::default());
    match client.get_available_storage_buckets().send().await {
        Err(flashback_api::Error::ErrorResponse(response)) => {
            assert_eq!(response.status(), 404);
            assert_eq!(response.message.as_deref(), Some("User not found"));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    mock.assert();

    let ok = server.get_storage_buckets(|_, then| {
        then.ok(&GetBucketsResponse::default());
    });
    let _ = client.get_storage_buckets().send().await.unwrap();
    ok.assert();
}

async fn scripted(script: impl IntoIterator<Item = Fault>) -> FakeServer {
    start_scripted(script).await.expect("start the fake")
}
