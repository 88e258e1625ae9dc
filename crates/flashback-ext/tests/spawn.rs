//! Every operation's future can be spawned on a multi-threaded runtime: the way services run
//! calls in the background. A regression here is a compile error.

use flashback_ext::{Client, WorkspaceFilter};

fn assert_spawnable<F: std::future::Future + Send + 'static>(future: F) -> F {
    future
}

#[tokio::test]
async fn operations_can_be_spawned() {
    let client = Client::builder()
        .token("t")
        .base_url("http://127.0.0.1:9")
        .retry_policy(flashback_ext::RetryPolicy::no_retries())
        .build()
        .unwrap();
    let filter = WorkspaceFilter::any_of(["a", "b"]);
    let calls = [
        tokio::spawn(assert_spawnable({
            let client = client.clone();
            async move { client.list_buckets().await.map(|b| b.len()) }
        })),
        tokio::spawn(assert_spawnable({
            let client = client.clone();
            async move { client.list_workspace_buckets("a").await.map(|b| b.len()) }
        })),
        tokio::spawn(assert_spawnable({
            let (client, filter) = (client.clone(), filter.clone());
            async move { client.list_buckets_in(&filter).await.map(|b| b.len()) }
        })),
        tokio::spawn(assert_spawnable({
            let (client, filter) = (client.clone(), filter.clone());
            async move {
                client
                    .list_available_buckets_in(&filter)
                    .await
                    .map(|b| b.len())
            }
        })),
    ];
    for call in calls {
        // Nothing listens on port 9: each call fails, but it ran on the runtime.
        assert!(call.await.unwrap().is_err());
    }
}
