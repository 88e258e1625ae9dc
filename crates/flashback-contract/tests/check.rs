//! What the check finds in answers of every kind, against the embedded spec.

use flashback_contract::{Answer, Contract, Finding, REDACTED, Severity};

fn check(operation: &str, status: u16, content_type: Option<&str>, body: &str) -> Vec<Finding> {
    let answer = Answer {
        status,
        content_type,
        body: body.as_bytes(),
    };
    Contract::embedded().check(operation, &answer).unwrap()
}

fn listing(body: &str) -> Vec<Finding> {
    check("getStorageBuckets", 200, Some("application/json"), body)
}

/// (severity, pattern, what, example) of each finding.
fn summary(findings: &[Finding]) -> Vec<(Severity, &str, &str, Option<&str>)> {
    findings
        .iter()
        .map(|f| {
            (
                f.severity,
                f.pattern.as_str(),
                f.what.as_str(),
                f.example.as_deref(),
            )
        })
        .collect()
}

const FULL_BUCKET: &str = r#"{"name":"n","id":"b-1","storageType":"S3","bucket":"b","key":"AKIAIOSFODNN7EXAMPLE",
    "secret":{"key":"k","iv":"i","authTag":"t","message":"m"},"endpoint":"https://s3","region":"eu",
    "status":"ONLINE","lastStatusAt":"2025-01-10T09:30:00Z","createdAt":"2025-01-10T09:30:00Z","workspaceId":"w"}"#;

#[test]
fn what_the_spec_describes_has_no_finding() {
    let body = format!(
        r#"{{"success":true,"buckets":[{FULL_BUCKET},{{"id":"b-2","name":null,"secret":null}}]}}"#
    );
    assert_eq!(listing(&body), vec![]);
    assert_eq!(listing(r#"{"success":true,"buckets":null}"#), vec![]);
    let available = check(
        "getAvailableStorageBuckets",
        200,
        Some("application/json; charset=utf-8"),
        r#"[{"id":"b","storageType":"GCS","status":"OFFLINE","createdAt":"2024-01-15T10:30:00Z"}]"#,
    );
    assert_eq!(available, vec![]);
    let error = check(
        "getAvailableStorageBuckets",
        404,
        Some("application/json"),
        r#"{"success":false,"message":"User not found"}"#,
    );
    assert_eq!(error, vec![]);
}

#[test]
fn unknown_fields_and_enum_values_are_drift() {
    let body = r#"{"success":true,"total":2,"buckets":[
        {"id":"1","storageType":"AZURE","region2":"eu","apiKeyId":"sentinel-api-key"},
        {"id":"2","storageType":"S3","region2":"us","status":"DEGRADED"}]}"#;
    let findings = listing(body);
    assert_eq!(
        summary(&findings),
        vec![
            (
                Severity::Drift,
                "$.buckets[*].apiKeyId",
                "field the spec does not list",
                Some(REDACTED)
            ),
            (
                Severity::Drift,
                "$.buckets[*].region2",
                "field the spec does not list",
                Some("\"eu\"")
            ),
            (
                Severity::Drift,
                "$.buckets[*].status",
                "value the spec does not list (it lists ONLINE, OFFLINE, DISCONNECTED)",
                Some("\"DEGRADED\"")
            ),
            (
                Severity::Drift,
                "$.buckets[*].storageType",
                "value the spec does not list (it lists S3, GCS, BLOB)",
                Some("\"AZURE\"")
            ),
            (
                Severity::Drift,
                "$.total",
                "field the spec does not list",
                Some("2")
            ),
        ]
    );
    let region = &findings[1];
    assert_eq!(
        (region.path.as_str(), region.count),
        ("$.buckets[0].region2", 2)
    );
}

#[test]
fn wrong_types_and_bad_dates_are_violations_and_not_drift_too() {
    let body = r#"{"success":"yes","buckets":[
        {"id":7,"storageType":5,"createdAt":"yesterday","key":12345,"secret":"s"}]}"#;
    let findings = listing(body);
    assert_eq!(
        summary(&findings),
        vec![
            (
                Severity::Violation,
                "$.buckets[*].createdAt",
                "the value is not a \"date-time\"",
                Some("\"yesterday\"")
            ),
            (
                Severity::Violation,
                "$.buckets[*].id",
                "the value is not of types \"null\", \"string\" (found a number)",
                Some("7")
            ),
            (
                Severity::Violation,
                "$.buckets[*].key",
                "the value is not of types \"null\", \"string\" (found a number)",
                Some(REDACTED)
            ),
            (
                Severity::Violation,
                "$.buckets[*].storageType",
                "a number, which none of the types the spec allows here accepts",
                Some("5")
            ),
            (
                Severity::Violation,
                "$.success",
                "the value is not of type \"boolean\" (found a string)",
                Some("\"yes\"")
            ),
        ]
    );
    // No message quotes a credential.
    let text = format!("{findings:?}");
    assert!(!text.contains("12345"), "{text}");
}

#[test]
fn the_head_of_the_answer_is_checked() {
    let findings = check(
        "getStorageBuckets",
        203,
        Some("text/plain"),
        r#"{"success":true}"#,
    );
    assert_eq!(
        summary(&findings),
        vec![
            (
                Severity::Drift,
                "Content-Type",
                "Content-Type not documented (the spec documents application/json)",
                Some("text/plain")
            ),
            (
                Severity::Drift,
                "HTTP status",
                "status not documented (the spec documents 200, 401, 403, 429, 500)",
                Some("203")
            ),
        ]
    );
    let missing = check("getStorageBuckets", 200, None, r#"{"success":true}"#);
    assert_eq!(missing[0].example.as_deref(), Some("(none)"));
    let not_json = check("getStorageBuckets", 200, Some("application/json"), "<html>");
    assert_eq!(
        summary(&not_json),
        vec![(
            Severity::Violation,
            "$",
            "the body is not JSON: expected value at line 1 column 1",
            None
        )]
    );
}

#[test]
fn an_unknown_operation_is_an_error() {
    let answer = Answer {
        status: 200,
        content_type: None,
        body: b"{}",
    };
    let error = Contract::embedded()
        .check("deleteEverything", &answer)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the spec has no operation `deleteEverything`"
    );
}

#[test]
fn a_bad_spec_says_where() {
    let error = Contract::from_yaml("openapi: 3.0.3\npaths: [\n").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the spec is not usable: line "),
        "{error}"
    );
    let error = Contract::from_yaml("openapi: 3.0.3\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the spec is not usable: it has no `paths` map"
    );
}

/// Every example in the spec keeps the spec: no violation (the API reference's own example has
/// `"string"` as its enum values, which is drift, as the check says).
#[test]
fn the_specs_own_examples_break_nothing() {
    let contract = Contract::embedded();
    let spec = contract.document();
    let mut checked = 0;
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let id = operation["operationId"].as_str().unwrap();
            for (status, response) in operation["responses"].as_object().unwrap() {
                let response = match response.get("$ref").and_then(|r| r.as_str()) {
                    Some(reference) => spec.pointer(reference.trim_start_matches('#')).unwrap(),
                    None => response,
                };
                let examples = response["content"]["application/json"]["examples"].as_object();
                for (name, example) in examples.into_iter().flatten() {
                    let body = serde_json::to_string(&example["value"]).unwrap();
                    let findings =
                        check(id, status.parse().unwrap(), Some("application/json"), &body);
                    let violations: Vec<&Finding> = findings
                        .iter()
                        .filter(|f| f.severity == Severity::Violation)
                        .collect();
                    assert!(
                        violations.is_empty(),
                        "{id} {status} {name}: {violations:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 3, "{checked} examples");
}
