//! Faults on demand, seen through the SDK (`flashback-ext`): each ends in the documented error
//! kind or in a successful retry.

use std::sync::Arc;
use std::time::Duration;

use flashback_ext::test_util::ManualClock;
use flashback_ext::{Client, ErrorKind, Jitter, RetryPolicy};
use flashback_fake::{DEMO_GLOBAL_TOKEN, Fault, FaultPlan, Options, Route, start, start_demo};

fn sdk(base_url: &str, attempts: u32) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let client = Client::builder()
        .base_url(base_url)
        .token(DEMO_GLOBAL_TOKEN)
        .clock(clock.clone())
        .attempt_timeout(None)
        .deadline(None)
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(attempts)
                .with_jitter(Jitter::None),
        )
        .build()
        .unwrap();
    (client, clock)
}

#[tokio::test]
async fn statuses_before_normal_service_with_retry_after() {
    let server = start_demo().await.unwrap();
    server.set_faults(
        Route::Buckets,
        FaultPlan::sequence([Fault::Status(503), Fault::Status(503)]).with_retry_after("3"),
    );
    let (client, clock) = sdk(&server.base_url(), 3);
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(3), Duration::from_secs(3)]
    );
    // Other routes are unaffected.
    assert_eq!(client.list_available_buckets().await.unwrap().len(), 10);
}

#[tokio::test]
async fn faults_set_at_start_apply_from_the_first_request() {
    let options = Options {
        faults: [(
            Route::AvailableBuckets,
            FaultPlan::always(Fault::Status(429)),
        )]
        .into(),
        ..Options::default()
    };
    let server = start(options).await.unwrap();
    let (client, _) = sdk(&server.base_url(), 2);
    let error = client.list_available_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.attempts(), 2);
    server.clear_faults();
    assert_eq!(client.list_available_buckets().await.unwrap().len(), 10);
}

#[tokio::test]
async fn bad_bodies_are_invalid_responses() {
    let server = start_demo().await.unwrap();
    for fault in [Fault::Truncated, Fault::InvalidJson] {
        server.set_faults(Route::Buckets, FaultPlan::always(fault.clone()));
        let (client, _) = sdk(&server.base_url(), 3);
        let error = client.list_buckets().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{fault:?}");
        assert_eq!(error.attempts(), 1, "{fault:?} is not retried");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = start_demo().await.unwrap();
    server.set_faults(Route::Buckets, FaultPlan::sequence([Fault::Drop]));
    let (client, clock) = sdk(&server.base_url(), 3);
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    assert_eq!(clock.sleeps().len(), 1);

    server.set_faults(Route::Buckets, FaultPlan::always(Fault::Drop));
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
}

#[tokio::test]
async fn a_hanging_answer_times_out_and_shutdown_ends_it() {
    let server = start_demo().await.unwrap();
    server.set_faults(Route::Buckets, FaultPlan::always(Fault::Hang));
    let client = Client::builder()
        .base_url(server.base_url())
        .token(DEMO_GLOBAL_TOKEN)
        .attempt_timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    // A request still hanging does not keep the server from stopping.
    let hanging = tokio::spawn({
        let client = Client::builder()
            .base_url(server.base_url())
            .token(DEMO_GLOBAL_TOKEN)
            .attempt_timeout(None)
            .deadline(None)
            .retry_policy(RetryPolicy::no_retries())
            .build()
            .unwrap();
        async move { client.list_buckets().await }
    });
    tokio::task::yield_now().await;
    server.shutdown().await.unwrap();
    let outcome = hanging.await.unwrap();
    assert!(
        outcome.is_err(),
        "the hanging request ends when the server stops"
    );
}

#[tokio::test]
async fn delay_is_added_before_the_answer() {
    let server = start_demo().await.unwrap();
    server.set_faults(
        Route::AvailableBuckets,
        FaultPlan::default().with_delay(Duration::from_millis(30)),
    );
    let (client, _) = sdk(&server.base_url(), 1);
    let started = std::time::Instant::now();
    client.list_available_buckets().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(30));
}
