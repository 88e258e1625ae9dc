//! What a check found: violations and drift, each with where (a JSON path) and an example
//! value, credentials masked. Findings at many items of a list are one finding with a count.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The answer breaks the contract: a type or format the spec forbids, a body that is not
    /// JSON. Clients built from the spec may fail on it.
    Violation,
    /// The answer has what the spec does not document: a field, an enum value, a status, a
    /// `Content-Type`. Clients keep working (they ignore unknown fields and keep unknown enum
    /// values), but the spec is behind the platform.
    Drift,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Violation => "violation",
            Severity::Drift => "drift",
        })
    }
}

/// One finding, possibly at many places that differ only by list index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Violation or drift.
    pub severity: Severity,
    /// What is wrong, without the value: "field the spec does not list".
    pub what: String,
    /// Where, first seen: a JSON path (`$.buckets[3].region2`), or `HTTP status` or
    /// `Content-Type` for the head of the answer.
    pub path: String,
    /// Every place it was seen, list indexes as `[*]`: `$.buckets[*].region2`.
    pub pattern: String,
    /// How many places.
    pub count: usize,
    /// The value at `path` as JSON, shortened; `[REDACTED]` when it is a credential (a bucket's
    /// `key` or `secret`, or a field whose name says key, secret, token or password).
    pub example: Option<String>,
}

/// The text that replaces a credential's value: the SDK's one spelling.
pub use flashback_api::REDACTED;

/// The most characters of an example value shown.
const EXAMPLE_CHARS: usize = 60;

/// A place in the body, as JSON path segments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Segment {
    Field(String),
    Index(usize),
}

/// Findings, merged by (severity, what, pattern).
#[derive(Debug, Default)]
pub(crate) struct Findings {
    found: BTreeMap<(Severity, String, String), Finding>,
}

impl Findings {
    /// Adds a finding about the answer's head (status, `Content-Type`).
    pub(crate) fn head(
        &mut self,
        severity: Severity,
        what: String,
        place: &str,
        value: Option<&str>,
    ) {
        self.add(severity, what, place.to_owned(), place.to_owned(), || {
            value.map(str::to_owned)
        });
    }

    /// Adds a finding at `segments` of the body, whose value there is `value`.
    pub(crate) fn at(
        &mut self,
        severity: Severity,
        what: String,
        segments: &[Segment],
        value: Option<&Value>,
    ) {
        let (path, pattern) = (json_path(segments, false), json_path(segments, true));
        self.add(severity, what, path, pattern, || {
            value.map(|value| example(segments, value))
        });
    }

    fn add(
        &mut self,
        severity: Severity,
        what: String,
        path: String,
        pattern: String,
        example: impl FnOnce() -> Option<String>,
    ) {
        let key = (severity, what, pattern);
        if let Some(finding) = self.found.get_mut(&key) {
            finding.count += 1;
            return;
        }
        let finding = Finding {
            severity,
            what: key.1.clone(),
            path,
            pattern: key.2.clone(),
            count: 1,
            example: example(),
        };
        self.found.insert(key, finding);
    }

    /// The findings: violations first, then drift, each by place.
    pub(crate) fn into_vec(self) -> Vec<Finding> {
        // The map's order: severity, then what, then pattern; shown by place instead.
        let mut findings: Vec<Finding> = self.found.into_values().collect();
        findings.sort_by(|a, b| {
            (a.severity, &a.pattern, &a.what).cmp(&(b.severity, &b.pattern, &b.what))
        });
        findings
    }
}

/// `$.buckets[3].name`, or with `[*]` for every index.
fn json_path(segments: &[Segment], any_index: bool) -> String {
    let mut path = String::from("$");
    for segment in segments {
        match segment {
            Segment::Field(name) if is_identifier(name) => {
                path.push('.');
                path.push_str(name);
            }
            Segment::Field(name) => {
                path.push_str("['");
                path.push_str(&name.replace('\\', "\\\\").replace('\'', "\\'"));
                path.push_str("']");
            }
            Segment::Index(_) if any_index => path.push_str("[*]"),
            Segment::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether the value at `segments` is a credential: under a field named `key` or `secret`, or
/// one whose name says key, secret, token or password (`apiKeyId`, `accessToken`).
pub(crate) fn is_credential(segments: &[Segment]) -> bool {
    segments.iter().any(|segment| match segment {
        Segment::Field(name) => {
            let name = name.to_ascii_lowercase();
            ["key", "secret", "token", "password", "credential"]
                .iter()
                .any(|word| name.contains(word))
        }
        Segment::Index(_) => false,
    })
}

/// The value as JSON, shortened, or [`REDACTED`] for a credential.
fn example(segments: &[Segment], value: &Value) -> String {
    if is_credential(segments) && !value.is_null() {
        return REDACTED.to_owned();
    }
    let text = value.to_string();
    if text.chars().count() <= EXAMPLE_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(EXAMPLE_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(name: &str) -> Segment {
        Segment::Field(name.to_owned())
    }

    #[test]
    fn paths_and_patterns() {
        let segments = [field("buckets"), Segment::Index(3), field("odd name")];
        assert_eq!(json_path(&segments, false), "$.buckets[3]['odd name']");
        assert_eq!(json_path(&segments, true), "$.buckets[*]['odd name']");
        assert_eq!(json_path(&[], false), "$");
    }

    #[test]
    fn credentials_are_masked_and_long_values_shortened() {
        let key = [Segment::Index(0), field("key")];
        assert_eq!(example(&key, &json!(42)), REDACTED);
        let inside_secret = [Segment::Index(0), field("secret"), field("iv")];
        assert_eq!(example(&inside_secret, &json!("abc")), REDACTED);
        assert_eq!(
            example(&[field("apiKeyId")], &json!("k-1")),
            REDACTED,
            "an unknown field named like a credential"
        );
        assert_eq!(example(&[field("name")], &json!("x")), "\"x\"");
        let long = example(&[field("name")], &json!("y".repeat(100)));
        assert_eq!(long.chars().count(), EXAMPLE_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn repeated_findings_merge_with_a_count() {
        let mut findings = Findings::default();
        for index in [4, 9] {
            findings.at(
                Severity::Drift,
                "field the spec does not list".into(),
                &[field("buckets"), Segment::Index(index), field("region2")],
                Some(&json!("eu")),
            );
        }
        findings.head(Severity::Violation, "x".into(), "HTTP status", Some("203"));
        let findings = findings.into_vec();
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].severity, Severity::Violation);
        assert_eq!(findings[1].path, "$.buckets[4].region2");
        assert_eq!(findings[1].pattern, "$.buckets[*].region2");
        assert_eq!(findings[1].count, 2);
    }
}
