//! Retries, timeouts and the deadline, made deterministic: a manual clock records the waits
//! (nothing really sleeps), and servers answer from a script.

mod support;

use support::scripted;

use std::sync::Arc;
use std::time::Duration;

use flashback_api::types::ErrorResponse;
use flashback_ext::time::ManualClock;
use flashback_ext::{ErrorKind, RetryPolicy};
use flashback_fake::{Fault, Reply};
use flashback_httpmock::MockServerExt;
use httpmock::MockServer;
use support::{builder, client, ms};

const OK: &str = r#"{"success":true,"buckets":[{"id":"b-1"}]}"#;
const BUSY: &str = r#"{"success":false,"message":"Service unavailable"}"#;

#[tokio::test]
async fn two_503s_then_200_succeeds_after_three_requests() {
    let server = scripted([
        Fault::json(503, BUSY),
        Fault::json(503, BUSY),
        Fault::json(200, OK),
    ])
    .await;
    let (client, clock) = client(&server.base_url());
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets[0].id.as_deref(), Some("b-1"));
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        clock.sleeps(),
        [ms(200), ms(400)],
        "exponential backoff from 200 ms"
    );
}

#[tokio::test]
async fn not_found_is_not_retried_and_keeps_the_message() {
    let server = MockServer::start_async().await;
    let mock = server.get_available_storage_buckets(|_, then| {
        then.not_found(&ErrorResponse {
            success: Some(false),
            message: Some("User not found".into()),
        });
    });
    let (client, clock) = client(&server.base_url());
    let error = client.list_available_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.server_message(), Some("User not found"));
    assert_eq!(
        error.to_string(),
        "getAvailableStorageBuckets: not found (404): User not found"
    );
    assert!(!error.is_retryable());
    mock.assert_calls(1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for (status, kind) in [
        (400, ErrorKind::UnexpectedStatus),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
    ] {
        let server = scripted([Fault::json(status, r#"{"success":false,"message":"no"}"#)]).await;
        let (client, _) = client(&server.base_url());
        let error = client.list_buckets().await.unwrap_err();
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(server.requests().len(), 1, "{status} must not be retried");
    }
}

#[tokio::test]
async fn retryable_statuses_are_retried() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = scripted([Fault::json(status, "{}"), Fault::json(200, OK)]).await;
        let (client, _) = client(&server.base_url());
        client
            .list_buckets()
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(server.requests().len(), 2, "{status} must be retried once");
    }
}

#[tokio::test]
async fn rate_limited_waits_for_retry_after_in_seconds() {
    let server = MockServer::start_async().await;
    let mock = server.get_storage_buckets(|_, then| {
        let then = then.too_many_requests(&ErrorResponse {
            success: Some(false),
            message: Some("Quota exceeded".into()),
        });
        then.into_inner().header("retry-after", "7");
    });
    let (client, clock) = client(&server.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(7), Duration::from_secs(7)]
    );
    assert_eq!(error.kind(), ErrorKind::RateLimited);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(error.attempts(), 3);
    mock.assert_calls(3);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_and_capped() {
    let clock = Arc::new(ManualClock::new());
    let in_12s = httpdate::fmt_http_date(clock.wall_time() + Duration::from_secs(12));
    let in_1h = httpdate::fmt_http_date(clock.wall_time() + Duration::from_secs(3600));
    let server = scripted([
        Fault::Reply(Reply::json(429, "{}").with_header("retry-after", in_12s)),
        Fault::Reply(Reply::json(503, "{}").with_header("retry-after", in_1h)),
        Fault::json(200, OK),
    ])
    .await;
    let client = builder(&server.base_url(), &clock)
        .retry_policy(RetryPolicy::default().with_max_retry_after(Duration::from_secs(30)))
        .build()
        .unwrap();
    client.list_buckets().await.unwrap();
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(12), Duration::from_secs(30)]
    );
}

/// The server accepts and never answers. The attempt timeout runs on the client's clock, the
/// manual one here: each time a request has arrived, the test moves the clock 2 s on and the
/// client's own timeout fires. No real waiting, no paused runtime.
#[tokio::test]
async fn a_server_that_never_answers_hits_the_attempt_timeout() {
    let server = scripted([Fault::Hang]).await;
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .attempt_timeout(Duration::from_secs(2))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_jitter(flashback_ext::retry::Jitter::None),
        )
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.list_buckets().await });
    server.wait_for_requests(1).await;
    clock.advance(Duration::from_secs(2));
    server.wait_for_requests(2).await;
    clock.advance(Duration::from_secs(2));
    let error = call.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(error.attempts(), 2);
    assert!(
        error.to_string().contains("no complete answer within 2 s"),
        "{error}"
    );
    assert_eq!(
        clock.elapsed(),
        Duration::from_millis(4_200),
        "two attempts of 2 s and one wait"
    );
    assert_eq!(clock.sleeps(), [ms(200)]);
}

#[tokio::test]
async fn an_always_503_server_stops_at_the_deadline() {
    let server = scripted([Fault::json(503, BUSY)]).await;
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .deadline(Duration::from_secs(1))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(100)
                .with_jitter(flashback_ext::retry::Jitter::None),
        )
        .build()
        .unwrap();
    let error = client.list_buckets().await.unwrap_err();
    // 200 ms + 400 ms waited; the next wait (800 ms) would end past the 1 s deadline.
    assert_eq!(clock.sleeps(), [ms(200), ms(400)]);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(error.kind(), ErrorKind::Server);
    assert_eq!(error.server_message(), Some("Service unavailable"));
    assert!(
        error
            .to_string()
            .ends_with("(after 3 attempts; no time left before the deadline)"),
        "{error}"
    );
}

#[tokio::test]
async fn dropped_connections_are_transport_failures_and_retried() {
    let server = scripted([Fault::Drop, Fault::json(200, OK)]).await;
    let (client, clock) = client(&server.base_url());
    client.list_buckets().await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(clock.sleeps(), [ms(200)]);

    let server = scripted([Fault::Drop]).await;
    let (always_dropped, _) = support::client(&server.base_url());
    let error = always_dropped.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn nothing_listening_is_a_transport_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let (client, _) = client(&format!("http://{address}"));
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(
        error
            .to_string()
            .contains(&format!("could not connect to {address} (")),
        "names the host and port: {error}"
    );
}
