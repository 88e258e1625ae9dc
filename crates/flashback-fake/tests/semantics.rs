//! The fake's semantics, through the generated client of `flashback-api`: who sees what, and
//! every documented error.

use flashback_api::Client;
use flashback_api::reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use flashback_fake::{
    DEMO_GLOBAL_TOKEN, DEMO_REMOVED_TOKEN, DEMO_WORKSPACE_TOKEN, FORBIDDEN_WORKSPACE, FakeServer,
    UNAUTHORIZED, USER_NOT_FOUND, start_demo,
};

fn client(server: &FakeServer, token: Option<&str>) -> Client {
    let mut headers = HeaderMap::new();
    if let Some(token) = token {
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
    }
    let http = flashback_api::reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(&server.base_url(), http, Default::default())
}

/// The status and message of a documented error answer.
fn documented_error<T: std::fmt::Debug>(
    result: Result<T, flashback_api::Error<flashback_api::types::ErrorResponse>>,
) -> (u16, String) {
    match result {
        Err(flashback_api::Error::ErrorResponse(response)) => {
            assert_eq!(response.success, Some(false));
            (
                response.status().as_u16(),
                response.message.clone().unwrap_or_default(),
            )
        }
        other => panic!("expected a documented error answer, got {other:?}"),
    }
}

fn ids<'a>(buckets: impl IntoIterator<Item = &'a Option<String>>) -> Vec<&'a str> {
    buckets.into_iter().filter_map(|id| id.as_deref()).collect()
}

#[tokio::test]
async fn missing_or_unknown_token_is_401() {
    let server = start_demo().await.unwrap();
    for token in [None, Some("not-a-token")] {
        let api = client(&server, token);
        assert_eq!(
            documented_error(api.get_storage_buckets().send().await),
            (401, UNAUTHORIZED.into())
        );
        assert_eq!(
            documented_error(api.get_available_storage_buckets().send().await),
            (401, UNAUTHORIZED.into())
        );
    }
}

#[tokio::test]
async fn global_access_sees_every_bucket_and_filters_by_workspace() {
    let server = start_demo().await.unwrap();
    let api = client(&server, Some(DEMO_GLOBAL_TOKEN));
    let all = api.get_storage_buckets().send().await.unwrap().into_inner();
    assert_eq!(all.success, Some(true));
    let all = all.buckets.unwrap();
    assert_eq!(all.len(), 12);
    assert!(
        all.iter().any(|b| b.workspace_id.is_none()),
        "buckets in no workspace are visible too"
    );

    let media = api
        .get_storage_buckets()
        .workspace_id("ws-media")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        ids(media.buckets.iter().flatten().map(|b| &b.id)),
        ["bkt-05", "bkt-06", "bkt-07", "bkt-08"]
    );

    // Like the platform's JavaScript, an empty filter is no filter.
    let empty = api
        .get_storage_buckets()
        .workspace_id("")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(empty.buckets.unwrap().len(), 12);

    // A workspace that does not exist: the same 403 as one the caller may not see.
    let missing = api
        .get_storage_buckets()
        .workspace_id("ws-nope")
        .send()
        .await;
    assert_eq!(documented_error(missing), (403, FORBIDDEN_WORKSPACE.into()));
}

#[tokio::test]
async fn workspace_access_sees_its_workspaces_only() {
    let server = start_demo().await.unwrap();
    let api = client(&server, Some(DEMO_WORKSPACE_TOKEN));
    let mine = api
        .get_storage_buckets()
        .send()
        .await
        .unwrap()
        .into_inner()
        .buckets
        .unwrap();
    assert_eq!(
        ids(mine.iter().map(|b| &b.id)),
        ["bkt-01", "bkt-02", "bkt-03", "bkt-04"]
    );
    assert!(
        mine.iter()
            .all(|b| b.workspace_id.as_deref() == Some("ws-analytics"))
    );
    let filtered = api
        .get_storage_buckets()
        .workspace_id("ws-analytics")
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.into_inner().buckets.unwrap(), mine);

    // Existing but not accessible, and not existing: one indistinguishable answer.
    let other = documented_error(
        api.get_storage_buckets()
            .workspace_id("ws-media")
            .send()
            .await,
    );
    let missing = documented_error(
        api.get_storage_buckets()
            .workspace_id("ws-nope")
            .send()
            .await,
    );
    assert_eq!(other, (403, FORBIDDEN_WORKSPACE.into()));
    assert_eq!(other, missing);
}

#[tokio::test]
async fn available_buckets_exclude_mirror_buckets_and_respect_access() {
    let server = start_demo().await.unwrap();
    let global = client(&server, Some(DEMO_GLOBAL_TOKEN))
        .get_available_storage_buckets()
        .send()
        .await
        .unwrap();
    let global = global.into_inner();
    assert_eq!(global.len(), 10);
    assert!(
        !global
            .iter()
            .any(|b| matches!(b.id.as_deref(), Some("bkt-05" | "bkt-06"))),
        "MIRROR buckets are not available"
    );

    let scoped = client(&server, Some(DEMO_WORKSPACE_TOKEN))
        .get_available_storage_buckets()
        .send()
        .await
        .unwrap();
    assert_eq!(
        ids(scoped.iter().map(|b| &b.id)),
        ["bkt-01", "bkt-02", "bkt-03", "bkt-04"]
    );
}

#[tokio::test]
async fn a_removed_user_is_not_found() {
    let server = start_demo().await.unwrap();
    let api = client(&server, Some(DEMO_REMOVED_TOKEN));
    assert_eq!(
        documented_error(api.get_available_storage_buckets().send().await),
        (404, USER_NOT_FOUND.into())
    );
    // GET /bucket documents no 404: the token no longer authenticates.
    assert_eq!(
        documented_error(api.get_storage_buckets().send().await),
        (401, USER_NOT_FOUND.into())
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_json() {
    let server = start_demo().await.unwrap();
    let http = flashback_api::reqwest::Client::new();
    let response = http
        .get(format!("{}/bucket/nope", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"message":"Not found","success":false}"#
    );
    let response = http
        .delete(format!("{}/bucket", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"message":"Method not allowed","success":false}"#
    );
}

#[tokio::test]
async fn shutdown_is_graceful_and_frees_the_port() {
    let server = start_demo().await.unwrap();
    let address = server.address();
    server.shutdown().await.unwrap();
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
    std::net::TcpListener::bind(address).expect("the port is free again");
}
