//! Checking one answer: its status, its `Content-Type`, and its body against the schema as
//! written (violations) and closed (drift).

use std::collections::HashSet;

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::{Location, LocationSegment};
use serde_json::Value;

use crate::ContractError;
use crate::finding::{Finding, Findings, Segment, Severity};
use crate::schema::Strictness;
use crate::spec::Contract;

/// An answer as it came over the wire.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body, decompressed.
    pub body: &'a [u8],
}

impl Contract {
    /// What `answer`, an answer to `operation_id`, has that the spec forbids, as one line
    /// (`$.buckets[0].createdAt: the value is not a "date-time"; ...`, credentials masked), or
    /// `None`. Drift does not count: the platform may send it. For test doubles, which must not
    /// answer what the platform never would.
    ///
    /// ```
    /// use flashback_contract::{Answer, Contract};
    ///
    /// let body = br#"{"buckets": [{"id": 7, "tier": "gold"}]}"#;
    /// let answer = Answer { status: 200, content_type: Some("application/json"), body };
    /// let why = Contract::embedded().violations("getStorageBuckets", &answer)?.unwrap();
    /// assert!(why.starts_with("$.buckets[0].id: "), "{why}");
    /// # Ok::<(), flashback_contract::ContractError>(())
    /// ```
    pub fn violations(
        &self,
        operation_id: &str,
        answer: &Answer<'_>,
    ) -> Result<Option<String>, ContractError> {
        let violations: Vec<String> = self
            .check(operation_id, answer)?
            .iter()
            .filter(|finding| finding.severity == Severity::Violation)
            .map(|finding| format!("{}: {}", finding.path, finding.what))
            .collect();
        Ok((!violations.is_empty()).then(|| violations.join("; ")))
    }

    /// Checks `answer`, an answer to `operation_id`: what it has that the spec forbids
    /// ([`Severity::Violation`]) or does not document ([`Severity::Drift`]). Empty when the
    /// answer is exactly what the spec describes. Violations come first, then drift, each by
    /// place.
    pub fn check(
        &self,
        operation_id: &str,
        answer: &Answer<'_>,
    ) -> Result<Vec<Finding>, ContractError> {
        let mut findings = Findings::default();
        let status = answer.status.to_string();
        let response = match self.response(operation_id, &status)? {
            Some(response) => response,
            None => {
                let documented = self.statuses(operation_id)?;
                findings.head(
                    Severity::Drift,
                    format!(
                        "status not documented (the spec documents {})",
                        documented.join(", ")
                    ),
                    "HTTP status",
                    Some(&status),
                );
                // A success the spec does not document is still held to the documented one's
                // body.
                let success = documented.iter().find(|status| status.starts_with('2'));
                match success.filter(|_| (200..300).contains(&answer.status)) {
                    Some(success) => match self.response(operation_id, success)? {
                        Some(response) => response,
                        None => return Ok(findings.into_vec()),
                    },
                    None => return Ok(findings.into_vec()),
                }
            }
        };
        if response.content.is_empty() {
            return Ok(findings.into_vec());
        }
        let essence = answer.content_type.map(|content_type| {
            let essence = content_type.split(';').next().unwrap_or_default();
            essence.trim().to_ascii_lowercase()
        });
        let documented = response
            .content
            .iter()
            .find(|(media, _)| essence.as_deref() == Some(&media.to_ascii_lowercase()));
        let schema = match documented {
            Some((_, schema)) => *schema,
            None => {
                let listed: Vec<&str> = response.content.iter().map(|(media, _)| *media).collect();
                findings.head(
                    Severity::Drift,
                    format!(
                        "Content-Type not documented (the spec documents {})",
                        listed.join(", ")
                    ),
                    "Content-Type",
                    Some(answer.content_type.unwrap_or("(none)")),
                );
                // Judge the body as the JSON the spec documents.
                response
                    .content
                    .iter()
                    .find(|(media, _)| media.contains("json"))
                    .and_then(|(_, schema)| *schema)
            }
        };
        let Some(schema) = schema else {
            return Ok(findings.into_vec());
        };
        let body: Value = match serde_json::from_slice(answer.body) {
            Ok(body) => body,
            Err(error) => {
                // serde_json's message says where, never what.
                findings.head(
                    Severity::Violation,
                    format!("the body is not JSON: {error}"),
                    "$",
                    None,
                );
                return Ok(findings.into_vec());
            }
        };
        self.check_body(schema, &body, &mut findings)?;
        Ok(findings.into_vec())
    }

    fn check_body(
        &self,
        schema: &Value,
        body: &Value,
        findings: &mut Findings,
    ) -> Result<(), ContractError> {
        let as_written = self.validator(schema, Strictness::AsWritten)?;
        let mut violated: HashSet<Vec<Segment>> = HashSet::new();
        for error in as_written.iter_errors(body) {
            let at = segments(error.instance_path());
            findings.at(
                Severity::Violation,
                violation(&error),
                &at,
                Some(error.instance()),
            );
            violated.insert(at);
        }
        let closed = self.validator(schema, Strictness::Closed)?;
        for error in closed.iter_errors(body) {
            let at = segments(error.instance_path());
            // What is already a violation is not drift too.
            if (0..=at.len()).any(|depth| violated.contains(&at[..depth])) {
                continue;
            }
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    for name in unexpected {
                        let mut field = at.clone();
                        field.push(Segment::Field(name.clone()));
                        findings.at(
                            Severity::Drift,
                            "field the spec does not list".to_owned(),
                            &field,
                            error.instance().get(name),
                        );
                    }
                }
                ValidationErrorKind::Enum { options } if error.instance().is_string() => {
                    let listed: Vec<&str> = options
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    findings.at(
                        Severity::Drift,
                        format!(
                            "value the spec does not list (it lists {})",
                            listed.join(", ")
                        ),
                        &at,
                        Some(error.instance()),
                    );
                }
                // Anything else the closed schema refuses, the schema as written refuses too.
                _ => {}
            }
        }
        Ok(())
    }
}

fn segments(location: &Location) -> Vec<Segment> {
    location
        .iter()
        .map(|segment| match segment {
            LocationSegment::Property(name) => Segment::Field(name.into_owned()),
            LocationSegment::Index(index) => Segment::Index(index),
        })
        .collect()
}

/// What the schema forbids, in words that never quote the value (it may be a credential).
fn violation(error: &ValidationError<'_>) -> String {
    let found = json_type(error.instance());
    match error.kind() {
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            format!("a {found}, which none of the types the spec allows here accepts")
        }
        ValidationErrorKind::Type { .. } => {
            format!("{} (found a {found})", error.masked_with("the value"))
        }
        _ => error.masked_with("the value").to_string(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
