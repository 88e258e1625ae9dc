//! The fake backend cannot drift from the contract: every answer it gives, for each route,
//! each kind of caller and each error, has a status the spec documents for the operation and a
//! body valid against the spec's schema for that status.

use std::collections::BTreeSet;

use flashback_fake::{
    DEMO_GLOBAL_TOKEN, DEMO_REMOVED_TOKEN, DEMO_WORKSPACE_TOKEN, Fault, FaultPlan, Operation,
    start_demo,
};
use flashback_spec_tests::spec;
use serde_json::Value;

const CALLERS: [(&str, Option<&str>); 5] = [
    ("global user", Some(DEMO_GLOBAL_TOKEN)),
    ("workspace user", Some(DEMO_WORKSPACE_TOKEN)),
    ("removed user", Some(DEMO_REMOVED_TOKEN)),
    ("unknown token", Some("not-a-token")),
    ("no token", None),
];

const BUCKETS: Operation = Operation::GetStorageBuckets;
const AVAILABLE: Operation = Operation::GetAvailableStorageBuckets;

const REQUESTS: [(Operation, &str); 6] = [
    (BUCKETS, ""),
    (BUCKETS, "?workspaceId=ws-analytics"),
    (BUCKETS, "?workspaceId=ws-media"),
    (BUCKETS, "?workspaceId=ws-does-not-exist"),
    (BUCKETS, "?workspaceId="),
    (AVAILABLE, ""),
];

struct Answer {
    status: u16,
    content_type: String,
    body: Value,
}

async fn get(http: &reqwest::Client, url: String, token: Option<&str>) -> Answer {
    let mut request = http.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body =
        serde_json::from_slice(&response.bytes().await.unwrap()).expect("every body is JSON");
    Answer {
        status,
        content_type,
        body,
    }
}

/// Checks an answer of `operation` against the spec; returns the status for the coverage
/// count.
fn check(label: &str, operation: Operation, answer: &Answer) -> u16 {
    assert_eq!(answer.content_type, "application/json", "{label}");
    let method = operation.method().to_lowercase();
    let spec_operation = spec::operation(&method, operation.path()).expect("a documented path");
    assert_ne!(
        answer.status,
        501,
        "{label}: the fake does not implement {} yet: add a handler in the `match` of `router` \
         in crates/flashback-fake/src/routes.rs",
        operation.route()
    );
    let schema = spec::response_schema(&spec_operation, answer.status).unwrap_or_else(|| {
        panic!(
            "{label}: status {} is not documented for {}",
            answer.status,
            operation.route()
        )
    });
    let errors: Vec<String> = spec::validator(&schema)
        .iter_errors(&answer.body)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{label}: {} body does not match the spec: {errors:?}\n{}",
        answer.status,
        answer.body
    );
    answer.status
}

#[tokio::test]
async fn every_answer_matches_the_spec() {
    let server = start_demo().await.unwrap();
    let http = reqwest::Client::new();
    let mut seen: BTreeSet<(Operation, u16)> = BTreeSet::new();

    for (caller, token) in CALLERS {
        for (operation, query) in REQUESTS {
            let path = operation.path();
            let label = format!("{caller} GET {path}{query}");
            let answer = get(&http, format!("{}{path}{query}", server.base_url()), token).await;
            seen.insert((operation, check(&label, operation, &answer)));
        }
    }

    // The documented statuses the platform's rules never produce for the demo data come from
    // faults; their bodies must match too.
    for &operation in Operation::ALL {
        let path = operation.path();
        for &status in operation.statuses().iter().filter(|status| **status >= 400) {
            server.set_faults(
                operation,
                FaultPlan::sequence([Fault::Status(status)]).with_retry_after("1"),
            );
            let answer = get(
                &http,
                format!("{}{path}", server.base_url()),
                Some(DEMO_GLOBAL_TOKEN),
            )
            .await;
            seen.insert((
                operation,
                check(&format!("fault {status} on {path}"), operation, &answer),
            ));
        }
    }

    // Every documented status of every operation was produced and checked.
    let documented: BTreeSet<(Operation, u16)> = Operation::ALL
        .iter()
        .flat_map(|&operation| operation.statuses().iter().map(move |&s| (operation, s)))
        .collect();
    let never: Vec<String> = documented
        .difference(&seen)
        .map(|(operation, status)| format!("{status} of {}", operation.route()))
        .collect();
    assert!(
        never.is_empty(),
        "never produced: {}; add a request that gets it to REQUESTS in \
         tests/tests/fake_conformance.rs (and a handler in crates/flashback-fake/src/routes.rs)",
        never.join(", ")
    );
    assert_eq!(seen, documented, "statuses the spec does not document");
}

#[tokio::test]
async fn errors_outside_the_operations_use_the_error_schema() {
    let server = start_demo().await.unwrap();
    let http = reqwest::Client::new();
    let error_schema = serde_json::json!({ "$ref": "#/components/schemas/ErrorResponse" });
    let validator = spec::validator(&error_schema);
    let unknown = get(
        &http,
        format!("{}/buckets", server.base_url()),
        Some(DEMO_GLOBAL_TOKEN),
    )
    .await;
    let wrong_method = http
        .post(format!("{}/bucket/available", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status, 404);
    assert!(validator.is_valid(&unknown.body));
    assert_eq!(wrong_method.status(), 405);
    let body: Value = serde_json::from_slice(&wrong_method.bytes().await.unwrap()).unwrap();
    assert!(validator.is_valid(&body));
    assert_eq!(body["success"], false);
}
