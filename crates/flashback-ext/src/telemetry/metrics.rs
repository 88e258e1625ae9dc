//! Metrics, with the `opentelemetry` feature: recorded through the `opentelemetry` metrics API
//! on the global meter provider (the one a service installs once), after OpenTelemetry's HTTP
//! client conventions. Without the feature, [`Metrics`] is empty and every method does nothing.
//!
//! | instrument | kind, unit | one point per | attributes |
//! | --- | --- | --- | --- |
//! | `http.client.request.duration` | histogram, s | attempt | `http.request.method`, `server.address`, `server.port`, `http.response.status_code` (when answered), `error.type` (on failure: the status as text for 4xx/5xx, else the SDK's kind, `timeout`, `transport`, ...), `network.protocol.version` (when answered) |
//! | `flashback.client.call.duration` | histogram, s | call | `flashback.operation`, `error.type` (on failure) |
//! | `flashback.client.call.attempts` | histogram, `{attempt}` | call | `flashback.operation` |
//! | `flashback.client.retry_budget.remaining` | gauge, `{unit}` | call (with a budget) | |
//! | `flashback.client.token.refreshes` | counter, `{refresh}` | token provider call | `outcome` (`success`, `failure`) |
//! | `flashback.client.connection.replays` | counter, `{request}` | request sent again unprocessed | `flashback.replay.reason` |
//!
//! Attributes stay bounded: never a workspace id, a URL or a message.

use std::time::Duration;

use crate::error::{Error, Operation};

/// The instruments of one client (cheap to clone), or nothing without the feature.
#[derive(Clone, Default)]
pub(crate) struct Metrics {
    #[cfg(feature = "opentelemetry")]
    instruments: Option<std::sync::Arc<otel::Instruments>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

/// What an attempt's point says.
#[cfg_attr(not(feature = "opentelemetry"), allow(dead_code))]
pub(crate) struct AttemptOutcome<'a> {
    pub(crate) duration: Duration,
    pub(crate) status: Option<u16>,
    pub(crate) error: Option<&'a Error>,
    pub(crate) http2: bool,
}

impl Metrics {
    /// The instruments of a client of `host:port`, from the global meter provider as it is now.
    #[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
    pub(crate) fn new(host: &str, port: u16) -> Self {
        Self {
            #[cfg(feature = "opentelemetry")]
            instruments: Some(std::sync::Arc::new(otel::Instruments::new(host, port))),
        }
    }

    /// One attempt ended.
    #[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
    #[inline]
    pub(crate) fn attempt(&self, outcome: &AttemptOutcome<'_>) {
        #[cfg(feature = "opentelemetry")]
        if let Some(instruments) = &self.instruments {
            instruments.attempt(outcome);
        }
    }

    /// One call ended, after `attempts`, with `error` if it failed; `budget`: the retry budget's
    /// units left, if the client has one.
    #[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
    #[inline]
    pub(crate) fn call(
        &self,
        operation: Operation,
        duration: Duration,
        attempts: u32,
        error: Option<&Error>,
        budget: Option<u32>,
    ) {
        #[cfg(feature = "opentelemetry")]
        if let Some(instruments) = &self.instruments {
            instruments.call(operation, duration, attempts, error, budget);
        }
    }

    /// The token provider was asked, and answered or failed.
    #[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
    #[inline]
    pub(crate) fn token_refresh(&self, success: bool) {
        #[cfg(feature = "opentelemetry")]
        if let Some(instruments) = &self.instruments {
            instruments.token_refresh(success);
        }
    }

    /// A request the server never processed was sent again, for `reason`.
    #[cfg_attr(not(feature = "opentelemetry"), allow(unused_variables))]
    #[inline]
    pub(crate) fn replay(&self, reason: &'static str) {
        #[cfg(feature = "opentelemetry")]
        if let Some(instruments) = &self.instruments {
            instruments.replay(reason);
        }
    }
}

#[cfg(feature = "opentelemetry")]
mod otel {
    use std::time::Duration;

    use opentelemetry::KeyValue;
    use opentelemetry::metrics::{Counter, Gauge, Histogram, Meter};

    use super::AttemptOutcome;
    use crate::error::{Error, Operation};
    use crate::telemetry::spans::error_type;

    /// The bucket boundaries the HTTP conventions advise for durations, in seconds.
    const DURATION_BOUNDARIES: [f64; 14] = [
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    ];

    pub(super) struct Instruments {
        /// `server.address` and `server.port`, on every attempt's point.
        server: [KeyValue; 2],
        request_duration: Histogram<f64>,
        call_duration: Histogram<f64>,
        call_attempts: Histogram<u64>,
        budget: Gauge<u64>,
        token_refreshes: Counter<u64>,
        replays: Counter<u64>,
    }

    impl Instruments {
        pub(super) fn new(host: &str, port: u16) -> Self {
            let meter: Meter = opentelemetry::global::meter_with_scope(
                opentelemetry::InstrumentationScope::builder("flashback-ext")
                    .with_version(env!("CARGO_PKG_VERSION"))
                    .build(),
            );
            Self {
                server: [
                    KeyValue::new("server.address", host.to_owned()),
                    KeyValue::new("server.port", i64::from(port)),
                ],
                request_duration: meter
                    .f64_histogram("http.client.request.duration")
                    .with_unit("s")
                    .with_description("Duration of HTTP client requests.")
                    .with_boundaries(DURATION_BOUNDARIES.to_vec())
                    .build(),
                call_duration: meter
                    .f64_histogram("flashback.client.call.duration")
                    .with_unit("s")
                    .with_description("Duration of SDK calls, their attempts and waits included.")
                    .with_boundaries(DURATION_BOUNDARIES.to_vec())
                    .build(),
                call_attempts: meter
                    .u64_histogram("flashback.client.call.attempts")
                    .with_unit("{attempt}")
                    .with_description("Attempts of each SDK call.")
                    .with_boundaries(vec![1.0, 2.0, 3.0, 4.0, 5.0, 10.0])
                    .build(),
                budget: meter
                    .u64_gauge("flashback.client.retry_budget.remaining")
                    .with_unit("{unit}")
                    .with_description("Units left in the client's retry budget.")
                    .build(),
                token_refreshes: meter
                    .u64_counter("flashback.client.token.refreshes")
                    .with_unit("{refresh}")
                    .with_description("Calls to the token provider.")
                    .build(),
                replays: meter
                    .u64_counter("flashback.client.connection.replays")
                    .with_unit("{request}")
                    .with_description(
                        "Requests sent again because the server never processed them.",
                    )
                    .build(),
            }
        }

        pub(super) fn attempt(&self, outcome: &AttemptOutcome<'_>) {
            let mut attributes = Vec::with_capacity(6);
            attributes.push(KeyValue::new("http.request.method", "GET"));
            attributes.extend(self.server.iter().cloned());
            if let Some(status) = outcome.status {
                attributes.push(KeyValue::new(
                    "http.response.status_code",
                    i64::from(status),
                ));
                let version = if outcome.http2 { "2" } else { "1.1" };
                attributes.push(KeyValue::new("network.protocol.version", version));
            }
            if let Some(error) = outcome.error {
                attributes.push(KeyValue::new("error.type", error_type(error)));
            }
            self.request_duration
                .record(outcome.duration.as_secs_f64(), &attributes);
        }

        pub(super) fn call(
            &self,
            operation: Operation,
            duration: Duration,
            attempts: u32,
            error: Option<&Error>,
            budget: Option<u32>,
        ) {
            let operation = KeyValue::new("flashback.operation", operation.id());
            self.call_attempts
                .record(u64::from(attempts), std::slice::from_ref(&operation));
            let mut attributes = vec![operation];
            if let Some(error) = error {
                attributes.push(KeyValue::new("error.type", error_type(error)));
            }
            self.call_duration
                .record(duration.as_secs_f64(), &attributes);
            if let Some(budget) = budget {
                self.budget.record(u64::from(budget), &[]);
            }
        }

        pub(super) fn token_refresh(&self, success: bool) {
            let outcome = if success { "success" } else { "failure" };
            self.token_refreshes
                .add(1, &[KeyValue::new("outcome", outcome)]);
        }

        pub(super) fn replay(&self, reason: &'static str) {
            self.replays
                .add(1, &[KeyValue::new("flashback.replay.reason", reason)]);
        }
    }
}
