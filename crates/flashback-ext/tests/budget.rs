//! The retry budget: during an outage a client's retries are bounded as a whole, not per call;
//! on a healthy platform the budget is never touched.

mod support;

use std::sync::Arc;

use flashback_ext::error::Operation;
use flashback_ext::retry::{Jitter, RetryBudget};
use flashback_ext::time::ManualClock;
use flashback_ext::{Client, ErrorKind, RetryPolicy};
use flashback_fake::{Fault, FaultPlan};
use support::{builder, scripted};

const BUSY: &str = r#"{"success":false,"message":"Service unavailable"}"#;
const OK: &str = r#"{"success":true,"buckets":[]}"#;

fn client_with(base_url: &str, budget: Option<RetryBudget>) -> Client {
    let clock = Arc::new(ManualClock::new());
    builder(base_url, &clock)
        .retry_policy(
            RetryPolicy::default()
                .with_jitter(Jitter::None)
                .with_retry_budget(budget),
        )
        .build()
        .unwrap()
}

/// One call per workspace, all at once, against a platform that answers 503 to everything.
async fn outage(client: &Client) -> Vec<flashback_ext::Error> {
    let calls: Vec<_> = (0..100)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.list_workspace_buckets(&format!("ws-{n}")).await })
        })
        .collect();
    let mut errors = Vec::new();
    for call in calls {
        errors.push(call.await.unwrap().unwrap_err());
    }
    errors
}

#[tokio::test]
async fn an_outage_across_100_workspaces_sends_far_fewer_than_300_requests() {
    let server = scripted([Fault::json(503, BUSY)]).await;
    let client = client_with(&server.base_url(), Some(RetryBudget::default()));
    let errors = outage(&client).await;

    // 100 first attempts, then the budget's 100 units pay for 20 retries of 5.
    assert_eq!(server.requests().len(), 120);
    assert_eq!(client.retry_budget_remaining(), Some(0));
    assert!(errors.iter().all(|error| error.kind() == ErrorKind::Server));
    let exhausted: Vec<_> = errors
        .iter()
        .filter(|error| error.retry_budget_exhausted())
        .collect();
    assert!(
        exhausted.len() >= 80,
        "{} calls gave up early",
        exhausted.len()
    );
    let message = exhausted[0].to_string();
    assert!(
        message.ends_with("(after 1 attempt; the retry budget is exhausted)")
            || message.ends_with("(after 2 attempts; the retry budget is exhausted)"),
        "{message}"
    );

    // Without a budget, the same outage costs three requests a call.
    let server = scripted([Fault::json(503, BUSY)]).await;
    let unbounded = client_with(&server.base_url(), None);
    outage(&unbounded).await;
    assert_eq!(server.requests().len(), 300);
    assert_eq!(unbounded.retry_budget_remaining(), None);
}

#[tokio::test]
async fn a_healthy_platform_never_touches_the_budget_and_successes_refill_it() {
    let server = scripted([Fault::json(200, OK)]).await;
    let client = client_with(&server.base_url(), Some(RetryBudget::default()));
    for _ in 0..50 {
        client.list_buckets().await.unwrap();
    }
    assert_eq!(client.retry_budget_remaining(), Some(100));
    assert_eq!(server.requests().len(), 50, "no retries");

    // An outage drains it; successes give back one unit each.
    server.set_faults(
        Operation::GetStorageBuckets,
        FaultPlan::always(Fault::json(503, BUSY)),
    );
    outage(&client).await;
    assert_eq!(client.retry_budget_remaining(), Some(0));
    server.set_faults(
        Operation::GetStorageBuckets,
        FaultPlan::always(Fault::json(200, OK)),
    );
    for _ in 0..7 {
        client.list_buckets().await.unwrap();
    }
    assert_eq!(client.retry_budget_remaining(), Some(7));
}

#[tokio::test]
async fn a_small_budget_pays_for_exactly_what_it_holds() {
    let quota = RetryBudget::default().with_capacity(10);
    assert_eq!(quota.capacity(), 10);
    let server = scripted([Fault::json(503, BUSY)]).await;
    let client = client_with(&server.base_url(), Some(quota));
    let error = client.list_buckets().await.unwrap_err();
    // Two retries of 5 units: the budget pays for both, then is empty.
    assert_eq!(error.attempts(), 3);
    assert!(!error.retry_budget_exhausted());
    assert_eq!(client.retry_budget_remaining(), Some(0));
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert!(error.retry_budget_exhausted());
}
