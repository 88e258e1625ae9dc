//! What a call records for operators: spans (`spans.rs`), metrics (`metrics.rs`, with the
//! `opentelemetry` feature) and the trace context a request carries to the platform
//! (`propagation.rs`, with the feature). No body, no credential-bearing header and no workspace
//! id (an unbounded label) is ever a metric's attribute.

mod metrics;
mod propagation;
mod spans;

pub(crate) use metrics::{AttemptOutcome, Metrics};
pub(crate) use propagation::inject_trace_context;
pub(crate) use spans::{Target, attempt_span, call_span, record_attempt_end, record_call_end};
