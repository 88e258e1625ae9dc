//! Per-call limits and metadata on one client: a view made with `Client::with_options` has its own deadline,
//! attempt timeout and retry policy, and shares the connection pool, the token and the retry
//! budget. On paused tokio time: the fake's delay and the client's timers share the clock.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use flashback_ext::auth::{TokenError, TokenProvider};
use flashback_ext::{CallOptions, Client, ErrorKind, RetryPolicy};
use flashback_fake::{DEMO_GLOBAL_TOKEN, FaultPlan, Operation, Options};
use futures_util::future::BoxFuture;
use secrecy::SecretString;

/// The demo's token, counting how often it is asked for.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl TokenProvider for Counting {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(SecretString::from(DEMO_GLOBAL_TOKEN)) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_view_with_a_short_deadline_shares_the_client() {
    // The platform answers listings after 2 s.
    let slow = FaultPlan {
        delay: Duration::from_secs(2),
        ..FaultPlan::default()
    };
    let server = flashback_fake::start(Options {
        faults: HashMap::from([(Operation::GetStorageBuckets, slow)]),
        ..Options::default()
    })
    .await
    .unwrap();
    let tokens = Counting::default();
    let client = Client::builder()
        .base_url(server.base_url())
        .token_provider(tokens.clone())
        .build()
        .unwrap();
    let probe = client.with_options(
        CallOptions::new()
            .deadline(Duration::from_millis(300))
            .retry_policy(RetryPolicy::no_retries()),
    );

    let start = tokio::time::Instant::now();
    let error = probe.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.attempts(), 1);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );

    // The client itself keeps its own limits (a 60 s deadline) and succeeds.
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    assert_eq!(
        tokens.0.load(Ordering::SeqCst),
        1,
        "one token fetch for the view and the client"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_view_shares_the_retry_budget() {
    let server = support::scripted([flashback_fake::Fault::Status(503)]).await;
    let clock = Arc::new(flashback_ext::time::ManualClock::new());
    let client = support::builder(&server.base_url(), &clock)
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_retry_budget(flashback_ext::retry::RetryBudget::default().with_capacity(5)),
        )
        .build()
        .unwrap();
    let view = client
        .with_options(CallOptions::new().retry_policy(RetryPolicy::default().with_max_attempts(5)));
    // The view's retry spends the client's budget (5 units: one retry).
    let error = view.list_buckets().await.unwrap_err();
    assert_eq!(error.attempts(), 2, "{error}");
    assert_eq!(client.retry_budget_remaining(), Some(0));
    assert!(error.retry_budget_exhausted(), "{error}");
}

/// What a successful call took, for those who ask: the platform's request id, the attempts,
/// the protocol, the time (on the manual clock: the backoff's 200 ms).
#[tokio::test]
async fn a_successful_call_says_what_it_took() {
    let server = support::scripted([
        flashback_fake::Fault::Status(503),
        flashback_fake::Fault::Reply(
            flashback_fake::Reply::json(200, r#"{"success":true,"buckets":[{"id":"b-1"}]}"#)
                .with_header("x-request-id", "req-42"),
        ),
    ])
    .await;
    let (client, _clock) = support::client(&server.base_url());
    let (buckets, meta) = client.list_buckets_with_meta().await.unwrap();
    assert_eq!(buckets.len(), 1);
    assert_eq!(meta.attempts, 2);
    assert_eq!(meta.request_id.as_deref(), Some("req-42"));
    assert!(!meta.http2);
    assert_eq!(meta.elapsed, Duration::from_millis(200));
}
