//! Bad answers: every malformed, truncated or wrong-typed body is an invalid-response error
//! that names the field, never a panic and never the body; error statuses keep their kind even
//! when their body is not the platform's JSON.

mod support;

use support::scripted;

use flashback_ext::ErrorKind;
use flashback_fake::{Fault, Reply};
use httpmock::MockServer;
use support::client;

async fn list_with_body(status: u16, body: &str) -> flashback_ext::Error {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET").path("/bucket");
        then.status(status)
            .header("content-type", "application/json")
            .body(body);
    });
    let (client, _) = client(&server.base_url());
    client.list_buckets().await.expect_err(body)
}

#[tokio::test]
async fn malformed_truncated_and_wrong_typed_bodies_are_invalid_responses() {
    let cases = [
        ("{not json", "the body is not valid JSON (line 1 column 2)"),
        (
            r#"{"success":true,"buckets":[{"id":"b-1","na"#,
            "the body ends early (truncated) at line 1 column 42",
        ),
        ("", "the body is empty"),
        (
            r#"{"buckets":[{"id":"b-1"},{"createdAt":5}]}"#,
            "field `buckets[1].createdAt`: invalid type: integer, expected an RFC 3339 formatted date and time string",
        ),
        (
            r#"{"buckets":[{"createdAt":"SENTINEL-yesterday"}]}"#,
            "field `buckets[0].createdAt`: input contains invalid characters",
        ),
        (
            r#"{"buckets":{"id":"b"}}"#,
            "field `buckets`: invalid type: map, expected a sequence",
        ),
        // serde reads a struct from an array too (fields by position), so the error is found
        // inside it.
        (
            r#"[{"id":"b"}]"#,
            "field `[0]`: invalid type: map, expected a sequence",
        ),
        (
            "42",
            "the body has the wrong shape: invalid type: integer, expected struct GetBucketsResponse",
        ),
        (
            r#"{"buckets":[{"key":["SENTINEL-KEY"]}]}"#,
            "field `buckets[0].key`: invalid type: sequence, expected a string",
        ),
    ];
    for (body, expected) in cases {
        let error = list_with_body(200, body).await;
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{body}");
        assert_eq!(
            error.to_string(),
            format!("getStorageBuckets: invalid response (200): {expected}"),
            "{body}"
        );
        assert!(
            !format!("{error} {error:?}").contains("SENTINEL"),
            "the body leaks: {error:?}"
        );
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn error_statuses_with_a_foreign_body_keep_their_kind() {
    for (status, kind) in [
        (401, ErrorKind::Unauthorized),
        (404, ErrorKind::NotFound),
        (500, ErrorKind::Server),
        (429, ErrorKind::RateLimited),
    ] {
        // A proxy's page where the platform's JSON belongs: off the contract, on purpose.
        let server = scripted([Fault::Reply(
            Reply::json(status, "<html>proxy error</html>").off_contract(),
        )])
        .await;
        let clock = std::sync::Arc::new(flashback_ext::time::ManualClock::new());
        let client = support::builder(&server.base_url(), &clock)
            .retry_policy(flashback_ext::RetryPolicy::no_retries())
            .build()
            .unwrap();
        let error = client.list_available_buckets().await.unwrap_err();
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.server_message(), None);
        assert_eq!(
            error.is_retryable(),
            matches!(status, 429 | 500),
            "{status}"
        );
    }
}

#[tokio::test]
async fn a_body_cut_short_by_the_connection_is_a_transport_failure() {
    // The server promises 500 bytes and closes after 20: the exchange failed, not the JSON,
    // so it is retried like any transport failure.
    let server = scripted([Fault::Reply(
        Reply::json(200, r#"{"buckets":[{"id":"b"#).cut_short(500),
    )])
    .await;
    let (client, _) = client(&server.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn an_undocumented_success_status_is_an_invalid_response() {
    // A success without the documented body: off the contract, on purpose.
    let server = scripted([Fault::Reply(Reply::json(204, "").off_contract())]).await;
    let (client, _) = client(&server.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert_eq!(error.status(), Some(204));
}

/// `Content-Encoding: gzip` over a body that is not gzip: a broken answer (exit 6 in the
/// command), not an outage to retry.
#[tokio::test]
async fn a_body_that_does_not_inflate_is_an_invalid_response_not_retried() {
    let server = scripted([Fault::Reply(
        Reply::json(200, r#"{"success":true,"buckets":[]}"#)
            .with_header("content-encoding", "gzip"),
    )])
    .await;
    let (client, _) = client(&server.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{error}");
    assert_eq!(error.attempts(), 1, "{error}");
    assert!(
        error.to_string().contains("could not be decoded"),
        "{error}"
    );
}

/// A UTF-8 byte-order mark before the JSON (what some proxies on Windows add) is skipped.
#[tokio::test]
async fn a_byte_order_mark_before_the_json_is_skipped() {
    // A byte-order mark is not JSON: off the contract (some proxies add one).
    let server = scripted([Fault::Reply(
        Reply::json(
            200,
            "\u{feff}{\"success\":true,\"buckets\":[{\"id\":\"b-1\"}]}",
        )
        .off_contract(),
    )])
    .await;
    let (client, _) = client(&server.base_url());
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets[0].id.as_deref(), Some("b-1"));
}
