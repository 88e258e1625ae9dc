//! Fault injection through the SDK (`flashback-ext`) against the fake's faults: every fault
//! kind ends in the documented error kind or in a successful retry, with the expected number of
//! attempts, within the call's deadline.

use std::sync::Arc;
use std::time::Duration;

use flashback_ext::time::ManualClock;
use flashback_ext::{Client, ClientBuilder, ErrorKind, Jitter, RetryPolicy};
use flashback_fake::{DEMO_GLOBAL_TOKEN, Fault, FaultPlan, Operation, Options, start, start_demo};

/// A client of the fake with the demo's global token, retries without jitter, and a manual
/// clock that records the waits instead of sleeping.
fn builder(base_url: &str, clock: &Arc<ManualClock>) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(DEMO_GLOBAL_TOKEN)
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().with_jitter(Jitter::None))
}

/// [`builder`] with `attempts` attempts and no attempt timeout or deadline.
fn sdk(base_url: &str, attempts: u32) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let client = builder(base_url, &clock)
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

/// What a call should end in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Success,
    Fails(ErrorKind),
}

/// The whole table: each fault, once (then normal service) and forever, on both routes.
#[tokio::test]
async fn every_fault_kind_ends_as_documented() {
    const DEADLINE: Duration = Duration::from_secs(10);
    // (fault, outcome when it happens once, attempts; outcome when it always happens, attempts)
    let table = [
        (
            Fault::Status(500),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Server),
            3,
        ),
        (
            Fault::Status(502),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Server),
            3,
        ),
        (
            Fault::Status(503),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Server),
            3,
        ),
        (
            Fault::Status(504),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Server),
            3,
        ),
        (
            Fault::Status(429),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::RateLimited),
            3,
        ),
        (
            Fault::Status(408),
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Timeout),
            3,
        ),
        (
            Fault::Status(401),
            Outcome::Fails(ErrorKind::Unauthorized),
            1,
            Outcome::Fails(ErrorKind::Unauthorized),
            1,
        ),
        (
            Fault::Status(403),
            Outcome::Fails(ErrorKind::Forbidden),
            1,
            Outcome::Fails(ErrorKind::Forbidden),
            1,
        ),
        (
            Fault::Status(404),
            Outcome::Fails(ErrorKind::NotFound),
            1,
            Outcome::Fails(ErrorKind::NotFound),
            1,
        ),
        (
            Fault::Status(400),
            Outcome::Fails(ErrorKind::UnexpectedStatus),
            1,
            Outcome::Fails(ErrorKind::UnexpectedStatus),
            1,
        ),
        (
            Fault::Truncated,
            Outcome::Fails(ErrorKind::InvalidResponse),
            1,
            Outcome::Fails(ErrorKind::InvalidResponse),
            1,
        ),
        (
            Fault::InvalidJson,
            Outcome::Fails(ErrorKind::InvalidResponse),
            1,
            Outcome::Fails(ErrorKind::InvalidResponse),
            1,
        ),
        (
            Fault::Drop,
            Outcome::Success,
            2,
            Outcome::Fails(ErrorKind::Transport),
            3,
        ),
    ];
    let server = start_demo().await.unwrap();
    for &route in Operation::ALL {
        for (fault, once, once_attempts, always, always_attempts) in table.clone() {
            for (plan, expected, attempts) in [
                (
                    FaultPlan::sequence([fault.clone()]).with_retry_after("1"),
                    once,
                    once_attempts,
                ),
                (FaultPlan::always(fault.clone()), always, always_attempts),
            ] {
                let label = format!("{route} {plan:?}");
                server.set_faults(route, plan);
                let clock = Arc::new(ManualClock::new());
                let client = builder(&server.base_url(), &clock)
                    .deadline(DEADLINE)
                    .build()
                    .unwrap();
                let result = match route {
                    Operation::GetStorageBuckets => client.list_buckets().await.map(|b| b.len()),
                    Operation::GetAvailableStorageBuckets => {
                        client.list_available_buckets().await.map(|b| b.len())
                    }
                    other => panic!("{other} has no call in flashback-ext: add one here"),
                };
                match (result, expected) {
                    (Ok(count), Outcome::Success) => assert!(count > 0, "{label}"),
                    (Err(error), Outcome::Fails(kind)) => {
                        assert_eq!(error.kind(), kind, "{label}: {error}");
                        assert_eq!(error.attempts(), attempts, "{label}: {error}");
                    }
                    (result, expected) => panic!("{label}: expected {expected:?}, got {result:?}"),
                }
                assert_eq!(
                    clock.sleeps().len() as u32,
                    attempts - 1,
                    "{label}: one wait per retry"
                );
                assert!(
                    clock.sleeps().iter().sum::<Duration>() < DEADLINE,
                    "{label}: within the deadline"
                );
            }
        }
    }
}

#[tokio::test]
async fn statuses_before_normal_service_with_retry_after() {
    let server = start_demo().await.unwrap();
    server.set_faults(
        Operation::GetStorageBuckets,
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
            Operation::GetAvailableStorageBuckets,
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
        server.set_faults(
            Operation::GetStorageBuckets,
            FaultPlan::always(fault.clone()),
        );
        let (client, _) = sdk(&server.base_url(), 3);
        let error = client.list_buckets().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{fault:?}");
        assert_eq!(error.attempts(), 1, "{fault:?} is not retried");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = start_demo().await.unwrap();
    server.set_faults(
        Operation::GetStorageBuckets,
        FaultPlan::sequence([Fault::Drop]),
    );
    let (client, clock) = sdk(&server.base_url(), 3);
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    assert_eq!(clock.sleeps().len(), 1);

    server.set_faults(Operation::GetStorageBuckets, FaultPlan::always(Fault::Drop));
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
}

/// The client's own attempt timeout, on the manual clock: each time a request has reached
/// the server, the test moves the clock 5 s on, and that attempt times out.
#[tokio::test]
async fn a_hanging_answer_times_out_on_every_attempt_within_the_deadline() {
    let server = start_demo().await.unwrap();
    server.set_faults(Operation::GetStorageBuckets, FaultPlan::always(Fault::Hang));
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .attempt_timeout(Duration::from_secs(5))
        .deadline(Duration::from_secs(60))
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.list_buckets().await });
    for request in 1..=3 {
        server.wait_for_requests(request).await;
        clock.advance(Duration::from_secs(5));
    }
    let error = call.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(error.attempts(), 3);
    assert!(
        error.to_string().contains("no complete answer within 5 s"),
        "{error}"
    );
    assert_eq!(
        clock.elapsed(),
        Duration::from_millis(15_600),
        "three attempts of 5 s and two waits"
    );
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(200), Duration::from_millis(400)]
    );
}

#[tokio::test]
async fn shutdown_ends_a_hanging_answer() {
    let server = start_demo().await.unwrap();
    server.set_faults(Operation::GetStorageBuckets, FaultPlan::always(Fault::Hang));
    let (client, _) = sdk(&server.base_url(), 1);
    let hanging = tokio::spawn(async move { client.list_buckets().await });
    // Once the request has reached the server, stop it.
    server.wait_for_requests(1).await;
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
        Operation::GetAvailableStorageBuckets,
        FaultPlan::default().with_delay(Duration::from_millis(30)),
    );
    let (client, _) = sdk(&server.base_url(), 1);
    let started = std::time::Instant::now();
    client.list_available_buckets().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(30));
}
