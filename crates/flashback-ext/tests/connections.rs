//! Connections that servers end under the client's feet: a keep-alive connection closed right
//! after its answer (a load balancer's short idle timeout), and one that takes the next request
//! and closes without answering (a stale pooled connection). A request that fails that way on a
//! connection that may have been pooled is sent again at once on a new connection: no wait, not
//! an attempt of the retry policy. A new connection that fails is a transport failure as before.
//!
//! Every test captures the debug log (and checks it holds no token): tracing decides once per
//! call site whether anyone listens, so a test without a subscriber beside one with a scoped
//! subscriber could silence the other's events.

mod support;

use flashback_ext::{ErrorKind, RetryPolicy, WorkspaceFilter};
use flashback_fake::{ConnectionFaults, DEMO_GLOBAL_TOKEN, DataSet, FakeServer, Options, start};
use support::{capture_debug, client_with};

/// The synthetic data (10 workspaces, `ws-00` to `ws-09`) with these connection faults.
/// The debug log of this thread while the guard lives.
async fn fake(connections: ConnectionFaults) -> FakeServer {
    start(Options {
        connections,
        data: DataSet::synthetic(100),
        ..Options::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_stale_pooled_connection_is_replaced_at_once() {
    let (logs, _guard) = capture_debug();
    let server = fake(ConnectionFaults {
        drop_request: Some(2),
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder
            .token(DEMO_GLOBAL_TOKEN)
            .retry_policy(RetryPolicy::no_retries())
    });
    for call in 1..=5 {
        let buckets = client.list_buckets().await;
        assert_eq!(buckets.map(|b| b.len()).ok(), Some(100), "call {call}");
    }
    assert!(
        clock.sleeps().is_empty(),
        "no backoff: {:?}",
        clock.sleeps()
    );
    // Calls 2 and 4 went on the connection of the call before, whose second request the
    // server dropped unread, and were sent again on a new connection (not kept: the pool had
    // lost its connection); calls 3 and 5 opened a new connection.
    assert_eq!(
        server.requests().len(),
        5,
        "the dropped requests never reached the app"
    );
    assert_eq!(
        logs.text()
            .matches("sending again on a new connection")
            .count(),
        2
    );
    assert!(!logs.text().contains(DEMO_GLOBAL_TOKEN));
}

#[tokio::test]
async fn a_new_connection_that_fails_is_not_replayed() {
    let (logs, _guard) = capture_debug();
    let server = fake(ConnectionFaults {
        drop_request: Some(1),
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder
            .token(DEMO_GLOBAL_TOKEN)
            .retry_policy(RetryPolicy::default().with_max_attempts(2))
    });
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.attempts(), 2, "{error}");
    assert_eq!(
        clock.sleeps().len(),
        1,
        "a retry of the policy, with its wait"
    );
    assert!(!logs.text().contains("sending again"), "{}", logs.text());
}

/// A server that closes each connection as its answer is written: the listing of 10
/// workspaces, 4 at a time, run again and again on one client, never fails.
#[tokio::test]
async fn connections_closed_after_each_answer_never_fail_a_listing() {
    let (logs, _guard) = capture_debug();
    let server = fake(ConnectionFaults {
        close_after_answer: true,
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder
            .token(DEMO_GLOBAL_TOKEN)
            .concurrency(4)
            .retry_policy(RetryPolicy::no_retries())
    });
    let workspaces: Vec<String> = (0..10).map(|i| format!("ws-{i:02}")).collect();
    let filter = WorkspaceFilter::any_of(workspaces);
    for round in 1..=10 {
        let listing = client.list_buckets_in(&filter).await;
        assert!(listing.is_ok(), "round {round}: {:?}", listing.err());
    }
    assert!(clock.sleeps().is_empty());
    assert_eq!(
        server.requests().len(),
        100,
        "every listing reached the app once"
    );
    assert!(!logs.text().contains(DEMO_GLOBAL_TOKEN));
}

/// The replay is on the attempt's span and in the debug log, with no credential.
#[tokio::test]
async fn the_replay_is_traced() {
    let server = fake(ConnectionFaults {
        drop_request: Some(2),
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, _) = client_with(&server.base_url(), |builder| {
        builder.token(DEMO_GLOBAL_TOKEN)
    });
    let (logs, _guard) = capture_debug();
    client.list_buckets().await.unwrap();
    client.list_buckets().await.unwrap();
    let text = logs.text();
    assert!(text.contains("sending again on a new connection"), "{text}");
    assert!(text.contains("connection_replayed=true"), "{text}");
    assert!(!text.contains(DEMO_GLOBAL_TOKEN), "{text}");
}
