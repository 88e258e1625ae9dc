//! The Flashback API contract, and checks of real answers against it.
//!
//! The SDK is generated from `openapi/flashback.yaml`; this crate carries the same document
//! ([`SPEC_YAML`]) and tells, for an answer of the platform, where it departs from it:
//!
//! * a **violation** is what the spec forbids (a number where it says string, a date that is not
//!   a date, a body that is not JSON): clients built from the spec may fail on it;
//! * **drift** is what the spec does not document (a field, an enum value, a status, a
//!   `Content-Type`): clients keep working, since they ignore unknown fields and keep unknown
//!   enum values, but the spec is behind the platform.
//!
//! `flashback contract check` runs this against the live platform; the SDK's own contract tests
//! use its JSON Schema conversion.
//!
//! ```
//! use flashback_contract::{Answer, Contract, Severity};
//!
//! let body = br#"{"success": true, "buckets": [{"id": "b-1", "storageType": "R2", "size": 7}]}"#;
//! let answer = Answer { status: 200, content_type: Some("application/json"), body };
//! let findings = Contract::embedded().check("getStorageBuckets", &answer)?;
//! assert!(findings.iter().all(|finding| finding.severity == Severity::Drift));
//! assert_eq!(findings[0].path, "$.buckets[0].size"); // a field the spec does not list
//! assert_eq!(findings[1].path, "$.buckets[0].storageType"); // R2 is not a listed value
//! # Ok::<(), flashback_contract::ContractError>(())
//! ```

#![deny(missing_docs)]

mod check;
mod finding;
pub mod schema;
mod spec;

pub use check::Answer;
pub use finding::{Finding, REDACTED, Severity};
pub use spec::{Contract, SPEC_YAML};

/// The contract cannot check an answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The document does not describe this operation.
    #[error("the spec has no operation `{0}`")]
    UnknownOperation(String),
    /// The document is not a usable OpenAPI document.
    #[error("the spec is not usable: {0}")]
    InvalidSpec(String),
}
