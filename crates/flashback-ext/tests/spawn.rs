//! Every call's future can be spawned on a multi-threaded runtime (it is `Send + 'static` once
//! it owns its client): the way services run calls in the background. Checked by the compiler:
//! the futures are built and dropped, never polled, so nothing is sent.

use std::future::Future;

use futures_util::StreamExt;

use flashback_ext::error::Operation;
use flashback_ext::{Client, WorkspaceFilter};

/// Compiles only for a stream that can move into a spawned task.
fn movable<S: futures_util::Stream + Send + 'static>(stream: S) -> S {
    stream
}

/// Compiles only for a future `tokio::spawn` accepts.
fn spawnable<F: Future + Send + 'static>(future: F) -> F {
    future
}

#[test]
fn every_call_can_be_spawned() {
    let client = Client::builder().token("t").build().unwrap();
    let by_workspace = movable(client.list_buckets_by_workspace(["a", "b"]).unwrap());
    let filter = WorkspaceFilter::any_of(["a", "b"]);
    let futures = (
        spawnable({
            let client = client.clone();
            async move { client.list_buckets().await }
        }),
        spawnable({
            let client = client.clone();
            async move { client.list_workspace_buckets("a").await }
        }),
        spawnable({
            let (client, filter) = (client.clone(), filter.clone());
            async move { client.list_buckets_in(&filter).await }
        }),
        spawnable({
            let client = client.clone();
            async move {
                let listings = client.list_buckets_by_workspace(["a", "b"])?;
                let listed: Vec<_> = listings.collect().await;
                listed
                    .into_iter()
                    .map(|listing| listing.map(|l| l.buckets))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|all| all.concat())
            }
        }),
        spawnable({
            let client = client.clone();
            async move { client.list_available_buckets().await }
        }),
        spawnable({
            let (client, filter) = (client.clone(), filter.clone());
            async move { client.list_available_buckets_in(&filter).await }
        }),
        spawnable(async move {
            client
                .raw_answer(Operation::GetStorageBuckets, Some("a"))
                .await
        }),
    );
    drop(futures);
    drop(by_workspace);
}
