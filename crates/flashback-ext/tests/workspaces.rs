//! Listing by workspace through the generated httpmock helpers: one request per workspace,
//! merged in workspace order, de-duplicated by id; available buckets filtered on the client;
//! the first failure names its workspace; the per-workspace stream keeps what succeeded.

mod support;

use flashback_api::types::{
    AvailableStorageBucket, ErrorResponse, GetBucketsResponse, StorageBucket,
};
use std::collections::BTreeMap;

use flashback_ext::bucket::{BucketView, group_by_workspace, merge_listings};
use flashback_ext::{ErrorKind, WorkspaceFilter};
use flashback_httpmock::MockServerExt;
use futures_util::StreamExt;
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

/// The per-workspace stream: one item per workspace (given twice: once), a failure names its
/// workspace and the others still come, `done` counts up to `total`; merged, the same listing
/// as `list_buckets_in`; an empty id is refused before anything is sent.
#[tokio::test]
async fn the_per_workspace_stream_keeps_what_succeeded() {
    let server = MockServer::start_async().await;
    let ok: Vec<_> = [("ws-a", "a1"), ("ws-b", "b1")]
        .into_iter()
        .map(|(workspace, id)| {
            let body = GetBucketsResponse {
                success: Some(true),
                buckets: Some(vec![bucket(id, workspace), bucket("shared", "ws-a")]),
            };
            server.get_storage_buckets(move |when, then| {
                when.workspace_id(workspace);
                then.ok(&body);
            })
        })
        .collect();
    server.get_storage_buckets(|when, then| {
        when.workspace_id("ws-secret");
        then.forbidden(&ErrorResponse {
            success: Some(false),
            message: Some("Access denied".into()),
        });
    });
    let (client, _) = client(&server.base_url());

    let mut listings = client
        .list_buckets_by_workspace(["ws-b", "ws-secret", "ws-a", "ws-b"])
        .unwrap();
    assert_eq!((listings.done(), listings.total()), (0, 3));
    let (mut listed, mut failed) = (BTreeMap::new(), Vec::new());
    while let Some(listing) = listings.next().await {
        match listing {
            Ok(listing) => {
                listed.insert(listing.workspace, listing.buckets);
            }
            Err(error) => failed.push(error),
        }
        assert_eq!(listings.done(), listed.len() + failed.len());
    }
    assert_eq!(listings.done(), 3);
    assert_eq!(
        listed.keys().map(String::as_str).collect::<Vec<_>>(),
        ["ws-a", "ws-b"]
    );
    let [error] = failed.as_slice() else {
        panic!("one failure expected: {failed:?}");
    };
    assert_eq!(error.kind(), ErrorKind::Forbidden);
    assert_eq!(error.workspace(), Some("ws-secret"));
    for mock in &ok {
        mock.assert();
    }
    let merged = merge_listings(listed.into_values());
    let ids: Vec<&str> = merged.iter().filter_map(|b| b.bucket_id()).collect();
    assert_eq!(ids, ["a1", "shared", "b1"]);
    let filter = WorkspaceFilter::any_of(["ws-a", "ws-b"]);
    assert_eq!(client.list_buckets_in(&filter).await.unwrap(), merged);

    let error = client.list_buckets_by_workspace(["ws-a", " "]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
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
