//! The trace context on the wire (feature `opentelemetry`): with the global W3C propagator and
//! a `tracing-opentelemetry` pipeline, every request carries a `traceparent` of the service's
//! trace (the `job` span's trace id); with `propagate_trace_context(false)`, none. Alone in its
//! test binary: the propagator is global.

mod support;

use opentelemetry::trace::{TraceContextExt, TracerProvider};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::layer::SubscriberExt;

use flashback_fake::Fault;
use support::{builder, scripted};

#[tokio::test(flavor = "current_thread")]
async fn each_attempt_carries_the_services_trace() {
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(InMemorySpanExporter::default())
        .build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::INFO)
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("service")));
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = scripted([Fault::json(200, r#"{"success":true,"buckets":[]}"#)]).await;
    let clock = std::sync::Arc::new(flashback_ext::time::ManualClock::new());
    let propagating = builder(&server.base_url(), &clock).build().unwrap();
    let silent = builder(&server.base_url(), &clock)
        .propagate_trace_context(false)
        .build()
        .unwrap();

    let job = tracing::info_span!("job");
    let trace_id = job.context().span().span_context().trace_id().to_string();
    async {
        propagating.list_buckets().await.unwrap();
        silent.list_buckets().await.unwrap();
    }
    .instrument(job)
    .await;

    let requests = server.requests();
    let traceparent = requests[0]
        .header("traceparent")
        .expect("the first request carries a traceparent");
    // version-traceid-spanid-flags
    let parts: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(parts.len(), 4, "{traceparent}");
    assert_eq!(parts[1], trace_id, "the job's trace");
    assert_eq!(requests[1].header("traceparent"), None, "propagation off");
}
