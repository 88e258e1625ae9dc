//! The trace context a request carries to the platform, with the `opentelemetry` feature: the
//! context of the current span (the attempt's, through `tracing-opentelemetry`) injected by the
//! global text-map propagator (W3C `traceparent` and `tracestate` with the usual set-up), so
//! that gateways and the platform join the service's trace. Without the feature, nothing.

use reqwest::header::HeaderMap;

/// Injects the current span's trace context into `headers`.
#[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
#[inline]
pub(crate) fn inject_trace_context(headers: &mut HeaderMap) {
    #[cfg(feature = "opentelemetry")]
    {
        use tracing_opentelemetry::OpenTelemetrySpanExt;

        let context = tracing::Span::current().context();
        opentelemetry::global::get_text_map_propagator(|propagator| {
            propagator.inject_context(&context, &mut Injector(headers));
        });
    }
}

/// `HeaderMap` as an OpenTelemetry injector (header names and values that are not valid HTTP
/// are left out).
#[cfg(feature = "opentelemetry")]
struct Injector<'a>(&'a mut HeaderMap);

#[cfg(feature = "opentelemetry")]
impl opentelemetry::propagation::Injector for Injector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (
            reqwest::header::HeaderName::from_bytes(key.as_bytes()),
            reqwest::header::HeaderValue::from_str(&value),
        ) {
            self.0.insert(name, value);
        }
    }
}
