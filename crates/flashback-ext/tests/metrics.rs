//! Metrics as a service's OpenTelemetry pipeline receives them (feature `opentelemetry`): the
//! global meter provider with `opentelemetry_sdk`'s in-memory exporter. A 200, a 503 then a 200,
//! and a refused connection: one `http.client.request.duration` point per attempt with the HTTP
//! client conventions' attributes (integers as integers), and the SDK's own instruments. Alone in
//! its test binary: the meter provider is global.

mod support;

use std::collections::BTreeMap;

use flashback_ext::RetryPolicy;
use flashback_fake::{Fault, Reply};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};
use support::{client, client_with, scripted};

/// A histogram's or a sum's points of `name`: (attributes by key, count or value).
fn points(metrics: &[ResourceMetrics], name: &str) -> Vec<(BTreeMap<String, Value>, u64)> {
    let attributes = |kvs: &mut dyn Iterator<Item = &KeyValue>| {
        kvs.map(|kv| (kv.key.to_string(), kv.value.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    let mut found = Vec::new();
    for resource in metrics {
        for scope in resource.scope_metrics() {
            for metric in scope.metrics().filter(|metric| metric.name() == name) {
                match metric.data() {
                    AggregatedMetrics::F64(MetricData::Histogram(histogram)) => {
                        for point in histogram.data_points() {
                            found.push((attributes(&mut point.attributes()), point.count()));
                        }
                    }
                    AggregatedMetrics::U64(MetricData::Histogram(histogram)) => {
                        for point in histogram.data_points() {
                            found.push((attributes(&mut point.attributes()), point.count()));
                        }
                    }
                    AggregatedMetrics::U64(MetricData::Sum(sum)) => {
                        for point in sum.data_points() {
                            found.push((attributes(&mut point.attributes()), point.value()));
                        }
                    }
                    AggregatedMetrics::U64(MetricData::Gauge(gauge)) => {
                        for point in gauge.data_points() {
                            found.push((attributes(&mut point.attributes()), point.value()));
                        }
                    }
                    other => panic!("{name}: unexpected data {other:?}"),
                }
            }
        }
    }
    found
}

#[tokio::test(flavor = "current_thread")]
async fn attempts_and_calls_are_measured_with_bounded_attributes() {
    let exporter = InMemoryMetricExporter::default();
    let provider = SdkMeterProvider::builder()
        .with_reader(PeriodicReader::builder(exporter.clone()).build())
        .build();
    opentelemetry::global::set_meter_provider(provider.clone());

    // A 503, then a 200, for one workspace; then a 200.
    let server = scripted([
        Fault::Reply(Reply::json(503, r#"{"success":false}"#)),
        Fault::Reply(Reply::json(200, r#"{"success":true,"buckets":[]}"#)),
    ])
    .await;
    let (sdk, _) = client(&server.base_url());
    sdk.list_workspace_buckets("ws-secret-name").await.unwrap();
    sdk.list_buckets().await.unwrap();
    // Nothing listening: no answer at all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = closed.local_addr().unwrap();
    drop(closed);
    let (unreachable, _) = client_with(&format!("http://{refused}"), |builder| {
        builder.retry_policy(RetryPolicy::no_retries())
    });
    unreachable.list_buckets().await.unwrap_err();

    provider.force_flush().unwrap();
    let metrics = exporter.get_finished_metrics().unwrap();
    let port = i64::from(server.address().port());

    let requests = points(&metrics, "http.client.request.duration");
    let with = |status: Option<i64>, error: Option<&str>, server_port: i64| {
        requests
            .iter()
            .filter(|(attributes, _)| {
                attributes.get("http.response.status_code") == status.map(Value::I64).as_ref()
                    && attributes
                        .get("error.type")
                        .map(|value| value.as_str().into_owned())
                        == error.map(str::to_owned)
                    && attributes.get("server.port") == Some(&Value::I64(server_port))
            })
            .map(|(attributes, count)| (attributes.clone(), *count))
            .collect::<Vec<_>>()
    };
    let ok = with(Some(200), None, port);
    assert_eq!(ok.len(), 1, "{requests:#?}");
    assert_eq!(ok[0].1, 2, "two answered 200");
    assert_eq!(
        ok[0].0.get("http.request.method"),
        Some(&Value::from("GET"))
    );
    assert_eq!(
        ok[0].0.get("server.address"),
        Some(&Value::from("127.0.0.1"))
    );
    assert_eq!(
        ok[0].0.get("network.protocol.version"),
        Some(&Value::from("1.1"))
    );
    let busy = with(Some(503), Some("503"), port);
    assert_eq!(busy.len(), 1, "{requests:#?}");
    assert_eq!(busy[0].1, 1);
    let failed = with(None, Some("transport"), i64::from(refused.port()));
    assert_eq!(failed.len(), 1, "{requests:#?}");
    assert_eq!(failed[0].0.get("network.protocol.version"), None);

    // No label is a workspace id, nor anything unbounded.
    let text = format!("{metrics:?}");
    assert!(!text.contains("ws-secret-name"), "{text}");

    let attempts = points(&metrics, "flashback.client.call.attempts");
    let total: u64 = attempts.iter().map(|(_, count)| count).sum();
    assert_eq!(total, 3, "three calls: {attempts:#?}");
    let calls = points(&metrics, "flashback.client.call.duration");
    let failed_calls: u64 = calls
        .iter()
        .filter(|(attributes, _)| attributes.contains_key("error.type"))
        .map(|(_, count)| count)
        .sum();
    assert_eq!(failed_calls, 1, "{calls:#?}");
    assert!(
        calls
            .iter()
            .all(|(attributes, _)| attributes.get("flashback.operation")
                == Some(&Value::from("getStorageBuckets"))),
        "{calls:#?}"
    );
    let budget = points(&metrics, "flashback.client.retry_budget.remaining");
    assert!(!budget.is_empty(), "the budget is reported");
}
