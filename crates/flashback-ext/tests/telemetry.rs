//! The spans a call leaves: each attempt is an HTTP client span in OpenTelemetry's semantic
//! conventions (what tracing-opentelemetry exports), with the platform's request id; a failed
//! call's error carries that id too.

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use flashback_fake::{Fault, Reply};
use support::{client, scripted};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// A span's name and its fields as recorded.
type SpanRecord = (String, BTreeMap<String, String>);

/// Every span, in creation order.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<SpanRecord>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>> Layer<S>
    for Spans
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        fields.insert("#id".into(), id.into_u64().to_string());
        spans.push((attrs.metadata().name().to_owned(), fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.0.lock().unwrap();
        let key = id.into_u64().to_string();
        if let Some((_, fields)) = spans.iter_mut().rev().find(|(_, f)| f["#id"] == key) {
            values.record(&mut Fields(fields));
        }
    }
}

fn with_request_id(fault: Reply, id: &str) -> Fault {
    Fault::Reply(fault.with_header("x-request-id", id))
}

/// The only test of this binary: tracing's callsite interest is global, and a test without a
/// subscriber running beside one with a scoped subscriber (`cargo test` runs tests on threads
/// of one process) can make the latter miss spans.
#[tokio::test(flavor = "current_thread")]
async fn each_attempt_is_an_http_client_span() {
    let spans = Spans::default();
    let subscriber = tracing_subscriber::registry().with(spans.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = scripted([
        with_request_id(Reply::json(503, r#"{"success":false}"#), "req-503"),
        with_request_id(
            Reply::json(200, r#"{"success":true,"buckets":[]}"#),
            "req-200",
        ),
    ])
    .await;
    let (sdk, _) = client(&server.base_url());
    sdk.list_workspace_buckets("ws-1").await.unwrap();

    let port = server.address().port().to_string();
    let url = format!("{}/bucket?workspaceId=ws-1", server.base_url());
    let attempts: Vec<BTreeMap<String, String>> = spans
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(name, _)| name == "flashback.attempt")
        .map(|(_, fields)| fields.clone())
        .collect();
    assert_eq!(attempts.len(), 2);
    let expected_everywhere = [
        ("otel.kind", "client"),
        ("otel.name", "GET"),
        ("http.request.method", "GET"),
        ("server.address", "127.0.0.1"),
        ("server.port", port.as_str()),
        ("url.full", url.as_str()),
        ("operation", "getStorageBuckets"),
        ("workspace", "ws-1"),
    ];
    for (field, value) in expected_everywhere {
        for attempt in &attempts {
            assert_eq!(
                attempt.get(field).map(String::as_str),
                Some(value),
                "{field}: {attempt:?}"
            );
        }
    }
    let first = &attempts[0];
    assert_eq!(first["http.response.status_code"], "503");
    assert_eq!(first["error.type"], "503");
    assert_eq!(first["request_id"], "req-503");
    assert_eq!(first["otel.status_code"], "ERROR");
    assert!(
        !first.contains_key("http.request.resend_count"),
        "{first:?}"
    );
    let second = &attempts[1];
    assert_eq!(second["http.response.status_code"], "200");
    assert_eq!(second["http.request.resend_count"], "1");
    assert_eq!(second["request_id"], "req-200");
    assert!(!second.contains_key("error.type"), "{second:?}");
    assert!(
        !second.contains_key("otel.status_code"),
        "unset: {second:?}"
    );

    // A failure without a status has its kind as `error.type`.
    let server = scripted([Fault::Drop]).await;
    let (sdk, _) = client(&server.base_url());
    sdk.list_buckets().await.unwrap_err();
    let dropped = spans
        .0
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find(|(name, _)| name == "flashback.attempt")
        .map(|(_, fields)| fields.clone())
        .unwrap();
    assert_eq!(dropped["error.type"], "transport", "{dropped:?}");
    assert_eq!(dropped["otel.status_code"], "ERROR", "{dropped:?}");
    assert!(
        !dropped.contains_key("http.response.status_code"),
        "{dropped:?}"
    );

    // A failed call's error carries the platform's request id.
    let server = scripted([with_request_id(
        Reply::json(404, r#"{"success":false,"message":"User not found"}"#),
        "7f3c-42",
    )])
    .await;
    let (sdk, _) = client(&server.base_url());
    let error = sdk.list_available_buckets().await.unwrap_err();
    assert_eq!(error.request_id(), Some("7f3c-42"));
    assert_eq!(
        error.to_string(),
        "getAvailableStorageBuckets: not found (404): User not found; request id 7f3c-42"
    );

    // A header that is not an id (too long, or not printable) is not repeated.
    let long = "x".repeat(500);
    let server = scripted([with_request_id(Reply::json(404, "{}"), &long)]).await;
    let (sdk, _) = client(&server.base_url());
    let error = sdk.list_available_buckets().await.unwrap_err();
    assert_eq!(error.request_id(), None);
}
