//! The multi-workspace listing at a platform edge that does what edges do all day: HTTP/2
//! connections ended by a `GOAWAY` (nginx after `keepalive_requests`, with or without an error
//! code), streams refused with `REFUSED_STREAM`, a rate limiter that answers `429`, and a body
//! cut short. Each through `flashback-fake`'s faults, on 127.0.0.1, port 0.
//!
//! What a service relies on: a request the server never processed is sent again at once and
//! costs no attempt, no wait and no retry budget; throttling slows the whole client and never
//! drains the budget that protects the platform in an outage.

mod support;

use std::sync::Arc;
use std::time::Duration;

use flashback_ext::error::StopReason;
use flashback_ext::retry::RetryBudget;
use flashback_ext::time::ManualClock;
use flashback_ext::{Client, ErrorKind, RetryPolicy, WorkspaceFilter};
use flashback_fake::test_pki::TestCa;
use flashback_fake::{
    ConnectionFaults, DEMO_GLOBAL_TOKEN, DataSet, FakeServer, Fault, GoAway, GoAwayCode, Options,
    RateLimit, Reply,
};
use support::{builder, capture_debug, scripted};

/// The 64 workspaces of [`data`].
fn workspaces() -> WorkspaceFilter {
    WorkspaceFilter::any_of((0..64).map(|i| format!("ws-{i:02}")))
}

/// 128 buckets in 64 workspaces, listed with `DEMO_GLOBAL_TOKEN`.
fn data() -> DataSet {
    DataSet::synthetic_in(128, 64)
}

/// The demo fake over HTTPS (HTTP/2 by ALPN) with `faults` on every connection.
async fn http2_fake(faults: ConnectionFaults) -> (FakeServer, TestCa) {
    let ca = TestCa::new("flashback test CA");
    let server = flashback_fake::start(Options {
        tls: Some(ca.server_certificate(&["127.0.0.1"]).tls_config()),
        connections: faults,
        data: data(),
        ..Options::default()
    })
    .await
    .expect("start the fake over HTTPS");
    (server, ca)
}

/// A client of `server` on a manual clock (every wait it chooses is recorded), with a small
/// retry budget so that spending it would show.
fn client_of(server: &FakeServer, ca: &TestCa) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .token(DEMO_GLOBAL_TOKEN)
        .add_root_certificate(ca.certificate_pem())
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_retry_budget(RetryBudget::default().with_capacity(5)),
        )
        .build()
        .unwrap();
    (client, clock)
}

/// nginx with `keepalive_requests 4`: every connection ends with a `GOAWAY` after 4 streams,
/// with up to 60 more of the listing in flight on it. Every listing completes, without one
/// retry of the policy: the streams the server never processed are sent again at once.
#[tokio::test]
async fn goaway_after_keepalive_requests_never_costs_a_listing() {
    for code in [GoAwayCode::NoError, GoAwayCode::InternalError] {
        let (server, ca) = http2_fake(ConnectionFaults {
            goaway: Some(GoAway {
                after_streams: 4,
                code,
            }),
            ..ConnectionFaults::NONE
        })
        .await;
        let (client, clock) = client_of(&server, &ca);
        let (logs, _guard) = capture_debug();
        for round in 1..=2 {
            let listing = client.list_buckets_in(&workspaces()).await;
            assert!(
                listing.is_ok(),
                "{code:?}, round {round}: {:?}",
                listing.err()
            );
        }
        assert!(
            clock.sleeps().is_empty(),
            "{code:?}: no retry of the policy, no wait: {:?}",
            clock.sleeps()
        );
        let text = logs.text();
        assert!(
            text.contains("sending again"),
            "{code:?}: the replays are traced"
        );
        assert!(!text.contains(DEMO_GLOBAL_TOKEN));
        // Each workspace's request reached the app once per round: the replayed streams had
        // never been processed.
        let answered = server.requests().len();
        assert_eq!(answered, 2 * 64, "{code:?}");
        // Each connection answers 4 streams: 32 are needed, and each that goes away is replaced
        // by one new connection, not one per stream that was waiting.
        let connections = server.connections_accepted();
        eprintln!("{code:?}: {connections} connections");
        assert!(connections <= 40, "{code:?}: {connections} connections");
    }
}

/// Over HTTP/2 a cold client opens one connection for a 64-workspace listing (RFC 9113 §9.1)
/// and sends the whole listing on it; so does a warm one.
#[tokio::test]
async fn one_connection_per_origin_over_http2() {
    let (server, ca) = http2_fake(ConnectionFaults::NONE).await;
    let (client, _clock) = client_of(&server, &ca);
    client.list_buckets_in(&workspaces()).await.unwrap();
    assert_eq!(server.connections_accepted(), 1);
    client.list_buckets_in(&workspaces()).await.unwrap();
    assert_eq!(server.connections_accepted(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 128);
    assert!(requests.iter().all(|request| request.version == "HTTP/2.0"));
}

/// Every 8th stream of a connection is refused with `REFUSED_STREAM`: sent again at once, and
/// each listing completes with every workspace's request processed once.
#[tokio::test]
async fn refused_streams_are_sent_again_at_once() {
    let (server, ca) = http2_fake(ConnectionFaults {
        refuse_every: Some(8),
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, _clock) = client_of(&server, &ca);
    let (logs, _guard) = capture_debug();
    for round in 1..=3 {
        let listing = client.list_buckets_in(&workspaces()).await;
        assert!(listing.is_ok(), "round {round}: {:?}", listing.err());
    }
    assert!(logs.text().contains("REFUSED_STREAM"), "{}", logs.text());
    assert_eq!(
        server.requests().len(),
        3 * 64,
        "refused streams never reach the app"
    );
}

/// A server that refuses every stream: the free replays are bounded (3 an attempt), then the
/// failure is an ordinary transport failure of the policy's attempts.
#[tokio::test]
async fn replays_are_bounded() {
    let (server, ca) = http2_fake(ConnectionFaults {
        refuse_every: Some(1),
        ..ConnectionFaults::NONE
    })
    .await;
    let (client, clock) = client_of(&server, &ca);
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.attempts(), 2, "{error}");
    assert_eq!(error.stop_reason(), Some(StopReason::AttemptsExhausted));
    assert_eq!(clock.sleeps().len(), 1, "one retry of the policy");
    assert_eq!(server.requests().len(), 0, "no stream was ever processed");
}

/// A rate limiter of 20 requests a second with a burst of 5, 429 without `Retry-After` (nginx
/// `limit_req`): the 64-workspace listing completes, close to the pace the limiter allows,
/// without sending many more requests than it needs. On paused tokio time: the fake's bucket
/// and the client's waits share the clock.
#[tokio::test(start_paused = true)]
async fn a_rate_limited_listing_completes_at_the_limiters_pace() {
    for retry_after in [false, true] {
        let server = flashback_fake::start(Options {
            rate_limit: Some(RateLimit::new(20.0, 5).with_retry_after(retry_after)),
            data: data(),
            ..Options::default()
        })
        .await
        .unwrap();
        let client = Client::builder()
            .base_url(server.base_url())
            .token(DEMO_GLOBAL_TOKEN)
            .attempt_timeout(None)
            .deadline(None)
            .retry_policy(RetryPolicy::default().with_max_attempts(3))
            .build()
            .unwrap();
        let start = tokio::time::Instant::now();
        let listing = client.list_buckets_in(&workspaces()).await;
        let elapsed = start.elapsed();
        assert!(
            listing.is_ok(),
            "Retry-After {retry_after}: {:?}",
            listing.err()
        );
        let sent = server.requests().len();
        assert!(
            sent <= 96,
            "Retry-After {retry_after}: {sent} requests for 64"
        );
        if !retry_after {
            // The limiter admits 64 in 5 + 59/20 = 2.95 s.
            assert!(
                elapsed <= Duration::from_secs_f64(1.3 * 3.2),
                "{elapsed:?} for 64 at 20/s"
            );
        }
    }
}

/// Throttles never drain the retry budget: 40 calls each refused once with a 429 then
/// answered, on a budget that pays for one retry, all succeed.
#[tokio::test]
async fn throttling_is_not_an_outage() {
    let server = scripted([
        Fault::Reply(Reply::json(
            429,
            r#"{"success":false,"message":"slow down"}"#,
        )),
        Fault::json(200, r#"{"success":true,"buckets":[]}"#),
    ])
    .await;
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .retry_policy(
            RetryPolicy::default().with_retry_budget(RetryBudget::default().with_capacity(5)),
        )
        .build()
        .unwrap();
    for call in 0..40 {
        server.set_faults(
            flashback_fake::Operation::GetStorageBuckets,
            flashback_fake::FaultPlan::script([
                Fault::Reply(Reply::json(
                    429,
                    r#"{"success":false,"message":"slow down"}"#,
                )),
                Fault::json(200, r#"{"success":true,"buckets":[]}"#),
            ]),
        );
        let outcome = client.list_buckets().await;
        assert!(outcome.is_ok(), "call {call}: {:?}", outcome.err());
    }
}

/// A 200 that promises 5,000 bytes and closes after 27: the connection was lost mid-body, a
/// transport failure of a GET, retried per the policy (not an invalid answer).
#[tokio::test]
async fn a_body_cut_short_is_a_transport_failure_and_retried() {
    let cut = Reply::json(200, r#"{"success":true,"buckets":["#).cut_short(5000);
    let server = scripted([Fault::Reply(cut)]).await;
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock).build().unwrap();
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.attempts(), 3, "{error}");
    assert!(error.to_string().contains("cut short"), "{error}");
    assert_eq!(server.requests().len(), 3);
}
