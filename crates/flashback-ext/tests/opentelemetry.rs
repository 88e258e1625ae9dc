//! What a service's OpenTelemetry pipeline exports of the SDK, wired as services wire it:
//! `tracing-opentelemetry` with `opentelemetry_sdk`'s in-memory exporter, the subscriber at INFO.
//! Each attempt is a CLIENT span named `GET` with the HTTP conventions' attributes, numbers as
//! integers, `url.full`, and status `ERROR` for a 5xx and for a failure without an answer.
//! Alone in its test binary: tracing decides once per call site whether anyone listens.

mod support;

use opentelemetry::trace::{SpanKind, Status, TracerProvider};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use tracing_subscriber::layer::SubscriberExt;

use flashback_fake::{Fault, Reply};
use support::{client, scripted};

fn attribute<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    span.attributes
        .iter()
        .find(|KeyValue { key: k, .. }| k.as_str() == key)
        .map(|kv| &kv.value)
}

#[tokio::test(flavor = "current_thread")]
async fn attempts_are_exported_as_http_client_spans_at_info() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::INFO)
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("service")));
    let _guard = tracing::subscriber::set_default(subscriber);

    // A 503, then a 200.
    let server = scripted([
        Fault::Reply(Reply::json(503, r#"{"success":false}"#)),
        Fault::Reply(Reply::json(200, r#"{"success":true,"buckets":[]}"#)),
    ])
    .await;
    let (sdk, _) = client(&server.base_url());
    sdk.list_workspace_buckets("ws 1").await.unwrap();
    // Nothing listening: no answer at all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = closed.local_addr().unwrap();
    drop(closed);
    let (unreachable, _) = support::client_with(&format!("http://{refused}"), |builder| {
        builder.retry_policy(flashback_ext::RetryPolicy::no_retries())
    });
    unreachable.list_buckets().await.unwrap_err();

    provider.force_flush().unwrap();
    let spans: Vec<SpanData> = exporter
        .get_finished_spans()
        .unwrap()
        .into_iter()
        .filter(|span| attribute(span, "http.request.method").is_some())
        .collect();
    assert_eq!(spans.len(), 3, "two attempts, then one: {spans:#?}");
    for span in &spans {
        assert_eq!(span.name, "GET");
        assert_eq!(span.span_kind, SpanKind::Client);
        assert_eq!(
            attribute(span, "http.request.method"),
            Some(&Value::from("GET"))
        );
        assert_eq!(
            attribute(span, "server.address"),
            Some(&Value::from("127.0.0.1"))
        );
    }
    let (first, second, third) = (&spans[0], &spans[1], &spans[2]);
    let port = i64::from(server.address().port());
    assert_eq!(attribute(first, "server.port"), Some(&Value::I64(port)));
    assert_eq!(
        attribute(first, "url.full"),
        Some(&Value::from(format!(
            "{}/bucket?workspaceId=ws+1",
            server.base_url()
        )))
    );
    assert_eq!(
        attribute(first, "http.response.status_code"),
        Some(&Value::I64(503))
    );
    assert_eq!(attribute(first, "error.type"), Some(&Value::from("503")));
    assert!(
        matches!(first.status, Status::Error { .. }),
        "{:?}",
        first.status
    );

    assert_eq!(
        attribute(second, "http.response.status_code"),
        Some(&Value::I64(200))
    );
    assert_eq!(
        attribute(second, "http.request.resend_count"),
        Some(&Value::I64(1))
    );
    assert_eq!(second.status, Status::Unset);

    assert_eq!(attribute(third, "http.response.status_code"), None);
    assert_eq!(
        attribute(third, "error.type"),
        Some(&Value::from("transport"))
    );
    assert_eq!(
        attribute(third, "server.port"),
        Some(&Value::I64(i64::from(refused.port())))
    );
    assert!(
        matches!(third.status, Status::Error { .. }),
        "{:?}",
        third.status
    );
}
