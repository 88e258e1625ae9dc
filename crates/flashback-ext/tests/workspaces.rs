//! Listing by workspace through the generated httpmock helpers: one request per workspace,
//! merged in workspace order, de-duplicated by id; available buckets filtered on the client;
//! the first failure names its workspace.

mod support;

use flashback_api::types::{
    AvailableStorageBucket, ErrorResponse, GetBucketsResponse, StorageBucket,
};
use flashback_ext::bucket::{BucketView, group_by_workspace};
use flashback_ext::{ErrorKind, WorkspaceFilter};
use flashback_httpmock::MockServerExt;
use httpmock::MockServer;
use support::client;

fn bucket(id: &str, workspace: &str) -> StorageBucket {
    StorageBucket {
        id: Some(id.into()),
        workspace_id: Some(workspace.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_set_of_workspaces_is_listed_concurrently_merged_and_deduplicated() {
    let server = MockServer::start_async().await;
    let listings = [
        ("ws-a", vec![bucket("a1", "ws-a"), bucket("shared", "ws-a")]),
        ("ws-b", vec![bucket("shared", "ws-a"), bucket("b1", "ws-b")]),
        ("ws-c", vec![]),
    ];
    let mocks: Vec<_> = listings
        .iter()
        .map(|(workspace, buckets)| {
            let body = GetBucketsResponse {
                success: Some(true),
                buckets: Some(buckets.clone()),
            };
            server.get_storage_buckets(move |when, then| {
                when.workspace_id(*workspace);
                then.ok(&body);
            })
        })
        .collect();
    let (client, _) = client(&server.base_url());
    // Given out of order: the result follows the workspaces' order, then the server's.
    let filter = WorkspaceFilter::any_of(["ws-c", "ws-b", "ws-a"]);
    let buckets = client.list_buckets_in(&filter).await.unwrap();
    let ids: Vec<&str> = buckets.iter().filter_map(|b| b.bucket_id()).collect();
    assert_eq!(ids, ["a1", "shared", "b1"]);
    for mock in &mocks {
        mock.assert();
    }
    let groups = group_by_workspace(buckets);
    assert_eq!(
        groups.keys().cloned().collect::<Vec<_>>(),
        [Some("ws-a".to_owned()), Some("ws-b".to_owned())]
    );
}

#[tokio::test]
async fn the_first_failure_names_its_workspace() {
    let server = MockServer::start_async().await;
    server.get_storage_buckets(|when, then| {
        when.workspace_id("ws-ok");
        then.ok(&GetBucketsResponse::default());
    });
    server.get_storage_buckets(|when, then| {
        when.workspace_id("ws-secret");
        then.forbidden(&ErrorResponse {
            success: Some(false),
            message: Some("Access denied".into()),
        });
    });
    let (client, _) = client(&server.base_url());
    let error = client
        .list_buckets_in(&WorkspaceFilter::any_of(["ws-ok", "ws-secret"]))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Forbidden);
    assert_eq!(error.workspace(), Some("ws-secret"));
    assert_eq!(
        error.to_string(),
        "getStorageBuckets (workspace ws-secret): forbidden (403): Access denied"
    );
}

#[tokio::test]
async fn available_buckets_are_filtered_on_the_client() {
    let server = MockServer::start_async().await;
    let available: Vec<AvailableStorageBucket> = serde_json::from_str(
        r#"[{"id":"1","workspaceId":"ws-a"},{"id":"2","workspaceId":"ws-b"},{"id":"3"},{"id":"4","workspaceId":"ws-a"}]"#,
    )
    .unwrap();
    let mock = server.get_available_storage_buckets(|when, then| {
        when.into_inner().query_param_missing("workspaceId");
        then.ok(&available);
    });
    let (client, _) = client(&server.base_url());
    let ids = |buckets: Vec<AvailableStorageBucket>| {
        buckets.into_iter().filter_map(|b| b.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(client
            .list_available_buckets_in(&"ws-a".into())
            .await
            .unwrap()),
        ["1", "4"]
    );
    assert_eq!(
        ids(client
            .list_available_buckets_in(&WorkspaceFilter::any_of(["ws-b", "ws-a"]))
            .await
            .unwrap()),
        ["1", "2", "4"]
    );
    assert_eq!(
        ids(client
            .list_available_buckets_in(&WorkspaceFilter::All)
            .await
            .unwrap()),
        ["1", "2", "3", "4"]
    );
    mock.assert_calls(3);
}
