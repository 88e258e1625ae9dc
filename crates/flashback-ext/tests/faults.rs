//! The SDK against every fault the fake can play (its `Fault` table), on every route: each ends
//! in the documented error kind or in a successful retry, with the expected number of attempts
//! and waits, within the call's deadline. (How the SDK retries in detail is `retries.rs`; what
//! each fault puts on the wire is the fake's own `crates/flashback-fake/tests/faults.rs`.)

mod support;

use std::time::Duration;

use flashback_ext::ErrorKind;
use flashback_fake::{DEMO_GLOBAL_TOKEN, Fault, FaultPlan, Operation, start_demo};
use support::client_with;

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
                let (client, clock) = client_with(&server.base_url(), |builder| {
                    builder.token(DEMO_GLOBAL_TOKEN).deadline(DEADLINE)
                });
                let result = match route {
                    Operation::GetStorageBuckets => client.list_buckets().await.map(|b| b.len()),
                    Operation::GetAvailableStorageBuckets => {
                        client.list_available_buckets().await.map(|b| b.len())
                    }
                    other => panic!(
                        "{other} has no call in flashback-ext: add a Client method in \
                         crates/flashback-ext/src/client/mod.rs and call it here \
                         (crates/flashback-ext/tests/faults.rs)"
                    ),
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
