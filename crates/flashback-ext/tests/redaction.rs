//! No credential (the token, a bucket's key or secret) in any Debug, Display, error message,
//! log or trace, at TRACE level, on success, decode failure, 4xx and retry paths.

mod support;

use support::scripted;

use flashback_fake::{Fault, Reply};
use support::{Captured, TOKEN, client};
use tracing_subscriber::fmt::format::FmtSpan;

const KEY: &str = "SENTINEL-ACCESS-KEY-7d41c0b2";
const SECRET_PART: &str = "SENTINEL-SECRET-ab93";

fn bucket_json() -> String {
    format!(
        r#"{{"id":"b-1","name":"Backups","storageType":"S3","key":"{KEY}","secret":{{"key":"{SECRET_PART}","iv":"{SECRET_PART}","authTag":"{SECRET_PART}","message":"{SECRET_PART}"}},"status":"ONLINE"}}"#
    )
}

fn assert_clean(label: &str, text: &str) {
    for sentinel in [TOKEN, KEY, &KEY[4..], SECRET_PART] {
        assert!(
            !text.contains(sentinel),
            "{label} leaks {sentinel}:\n{text}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_credential_in_output_on_any_path() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut outputs = Vec::new();

    // Success, after a retry.
    let listing = format!(r#"{{"success":true,"buckets":[{}]}}"#, bucket_json());
    let server = scripted([Fault::json(503, "{}"), Fault::json(200, listing)]).await;
    let (sdk, _) = client(&server.base_url());
    let buckets = sdk.list_buckets().await.unwrap();
    outputs.push(("Debug of buckets", format!("{buckets:?} {buckets:#?}")));
    outputs.push(("Display of a bucket", buckets[0].to_string()));
    outputs.push(("Debug of the client", format!("{sdk:?}")));
    let available = format!("[{}]", bucket_json());
    let server = scripted([Fault::json(200, available)]).await;
    let (sdk, _) = client(&server.base_url());
    let available = sdk.list_available_buckets().await.unwrap();
    outputs.push((
        "Debug of available buckets",
        format!("{available:?} {}", available[0]),
    ));

    // Decode failure on a field holding the key.
    let bad = format!(r#"{{"buckets":[{{"key":{{"raw":"{KEY}"}}}}]}}"#);
    let server = scripted([Fault::json(200, bad)]).await;
    let (sdk, _) = client(&server.base_url());
    let error = sdk.list_buckets().await.unwrap_err();
    outputs.push(("decode error", format!("{error} {error:?}")));

    // A 401 whose message echoes the token, and a 429 retried to exhaustion.
    let echo = format!(r#"{{"success":false,"message":"invalid token {TOKEN}"}}"#);
    let server = scripted([Fault::json(401, echo)]).await;
    let (sdk, _) = client(&server.base_url());
    let error = sdk.list_workspace_buckets("ws-1").await.unwrap_err();
    assert_eq!(error.server_message(), Some("invalid token [REDACTED]"));
    outputs.push(("401 error", format!("{error} {error:?}")));
    let server = scripted([Fault::Reply(
        Reply::json(429, "{}").with_header("retry-after", "1"),
    )])
    .await;
    let (sdk, _) = client(&server.base_url());
    let error = sdk.list_buckets().await.unwrap_err();
    outputs.push(("429 error", format!("{error} {error:?}")));

    let logs = captured.text();
    outputs.push(("TRACE logs", logs.clone()));
    for (label, text) in &outputs {
        assert_clean(label, text);
    }

    // The span carries what an operator needs.
    assert!(logs.contains("flashback.call"), "{logs}");
    assert!(logs.contains("operation=\"getStorageBuckets\""), "{logs}");
    assert!(logs.contains("flashback.attempt{attempt=2 "), "{logs}");
    assert!(logs.contains("http.request.resend_count=1"), "{logs}");
    assert!(
        logs.contains("attempts=2 elapsed_ms=200 status=200"),
        "{logs}"
    );
    assert!(
        logs.contains("workspace=\"ws-1\"") && logs.contains("status=401"),
        "{logs}"
    );
    assert!(logs.contains("retrying"), "{logs}");
}
