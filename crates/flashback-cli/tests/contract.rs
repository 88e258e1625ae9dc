//! `flashback contract check`: clean against the fake; drift and violations against a server
//! that departs from the spec; exit 7 on a violation (and on drift with --strict); the table and
//! the JSON report; credentials masked; other failures keep their exit codes.

use std::collections::HashMap;
use std::process::Output;

use flashback_fake::{
    DEMO_GLOBAL_TOKEN, DEMO_WORKSPACE_TOKEN, Fault, FaultPlan, Operation, Options, Reply,
};
use insta_cmd::assert_cmd_snapshot;

mod support;
use support::{Fake, settings};

const KEY: &str = "SENTINEL-KEY-77";
const SECRET: &str = "SENTINEL-SECRET-99";

/// The operations a [`serving`] fake answers: the tests of what a check finds in an answer
/// name them, so that an operation added to the spec (which the fake answers `501` until it
/// learns it) does not change what they find.
const SERVED: [&str; 4] = [
    "--operation",
    "getStorageBuckets",
    "--operation",
    "getAvailableStorageBuckets",
];

/// A fake whose endpoints answer `listing` and `available` (status 200, JSON) every time.
fn serving(listing: Reply, available: Reply) -> Fake {
    let faults: HashMap<Operation, FaultPlan> = [
        (
            Operation::GetStorageBuckets,
            FaultPlan::always(listing.into()),
        ),
        (
            Operation::GetAvailableStorageBuckets,
            FaultPlan::always(available.into()),
        ),
    ]
    .into();
    Fake::start(Options {
        faults,
        ..Options::default()
    })
}

/// An extra field, an unknown storageType, a number where a string belongs, a bad date, and a
/// key that is a number (a violation whose example must be masked).
fn departing() -> Fake {
    let listing = format!(
        r#"{{"success":true,"buckets":[
            {{"id":"b-1","name":"a","storageType":"R2","region":"eu","costCenter":"cc-1","createdAt":"2025-01-10T09:30:00Z","secret":{{"message":"{SECRET}"}}}},
            {{"id":2,"name":"b","storageType":"S3","createdAt":"last tuesday","key":{number},"costCenter":"cc-2"}}]}}"#,
        number = 770077
    );
    let available = format!(
        r#"[{{"id":"b-1","name":"a","storageType":"S3","status":"ONLINE","key":"{KEY}","owner":"team-x"}}]"#
    );
    // What the check must find: off the contract, on purpose.
    serving(
        Reply::json(200, listing).off_contract(),
        Reply::json(200, available).off_contract(),
    )
}

/// `flashback contract check ARGS` against `fake` with `token`.
fn contract_check(fake: &Fake, token: &str, args: &[&str]) -> Output {
    fake.flashback(token)
        .args(["contract", "check"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_fake_keeps_the_contract() {
    let fake = Fake::demo();
    settings().bind(|| {
        assert_cmd_snapshot!(
            "contract_clean",
            fake.flashback(DEMO_GLOBAL_TOKEN)
                .args(["contract", "check", "--strict"])
        );
    });
    // --workspace goes to the endpoint that takes it, and only there.
    let output = contract_check(
        &fake,
        DEMO_WORKSPACE_TOKEN,
        &["--workspace", "ws-analytics"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let requests = fake.requests();
    assert!(
        requests.contains(&"/bucket?workspaceId=ws-analytics".to_owned()),
        "{requests:?}"
    );
    assert!(
        requests.contains(&"/bucket/available".to_owned()),
        "{requests:?}"
    );
}

#[test]
fn violations_exit_7_with_a_table_per_endpoint() {
    let fake = departing();
    settings().bind(|| {
        assert_cmd_snapshot!(
            "contract_violations_table",
            fake.flashback("t").args(["contract", "check"]).args(SERVED)
        );
    });
}

#[test]
fn the_json_report_lists_every_finding_with_credentials_masked() {
    let fake = departing();
    let output = contract_check(&fake, "t", &[&["--output", "json"][..], &SERVED].concat());
    assert_eq!(output.status.code(), Some(7));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for sentinel in [KEY, SECRET, "770077"] {
        assert!(
            !stdout.contains(sentinel) && !stderr.contains(sentinel),
            "{sentinel}: {stdout}{stderr}"
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["violations"], 3);
    assert_eq!(report["drift"], 3);
    let listing = &report["endpoints"][0];
    assert_eq!(listing["operation"], "getStorageBuckets");
    let findings: Vec<(String, String, String)> = listing["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
                f["example"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("violation", "$.buckets[1].createdAt", "\"last tuesday\""),
        ("violation", "$.buckets[1].id", "2"),
        ("violation", "$.buckets[1].key", "[REDACTED]"),
        ("drift", "$.buckets[0].costCenter", "\"cc-1\""),
        ("drift", "$.buckets[0].storageType", "\"R2\""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(findings, expected);
    assert_eq!(
        listing["findings"][3]["count"], 2,
        "costCenter is on both buckets"
    );
    let available = &report["endpoints"][1]["findings"][0];
    assert_eq!(available["path"], "$[0].owner");
}

#[test]
fn drift_passes_unless_strict() {
    let extra = r#"{"success":true,"buckets":[{"id":"b-1","tier":"gold"}]}"#;
    let fake = serving(
        Reply::json(203, extra),
        Reply::new(200)
            .with_header("content-type", "text/plain")
            .with_body("[]"),
    );
    let output = contract_check(&fake, "t", &SERVED);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("status not documented"), "{stdout}");
    assert!(stdout.contains("Content-Type not documented"), "{stdout}");
    assert!(stdout.contains("$.buckets[0].tier"), "{stdout}");
    settings().bind(|| {
        assert_cmd_snapshot!(
            "contract_strict_drift",
            fake.flashback("t")
                .args(["contract", "check", "--strict"])
                .args(SERVED)
        );
    });
}

#[test]
fn other_failures_keep_their_exit_codes() {
    let unauthorized = Fake::demo();
    let output = contract_check(&unauthorized, "wrong-token", &[]);
    assert_eq!(output.status.code(), Some(3));
    let broken = serving(Reply::json(500, "{}"), Reply::json(200, "[]"));
    let output = contract_check(&broken, "t", &["--retries", "0"]);
    assert_eq!(output.status.code(), Some(5));
    let not_json = serving(
        Reply::json(200, "<html>").off_contract(),
        Reply::json(200, "[]"),
    );
    let output = contract_check(&not_json, "t", &[]);
    assert_eq!(
        output.status.code(),
        Some(7),
        "a body that is not JSON is a violation"
    );
    let csv = Fake::demo()
        .flashback(DEMO_GLOBAL_TOKEN)
        .args(["-o", "csv", "contract", "check"])
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(2));
    let said = String::from_utf8_lossy(&csv.stderr);
    assert!(
        said.contains("pass --output table or --output json"),
        "{said}"
    );
    assert!(
        said.contains("not csv (from flag --output)"),
        "the word the user typed: {said}"
    );
}

#[test]
fn operation_checks_only_the_operations_named() {
    let fake = Fake::demo();
    let output = contract_check(
        &fake,
        DEMO_GLOBAL_TOKEN,
        &["--operation", "getAvailableStorageBuckets"],
    );
    assert!(output.status.success());
    assert_eq!(fake.requests(), ["/bucket/available"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("getStorageBuckets"), "{stdout}");

    let wrong = contract_check(&fake, DEMO_GLOBAL_TOKEN, &["--operation", "listBuckets"]);
    assert_eq!(wrong.status.code(), Some(2));
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("[possible values: getStorageBuckets, getAvailableStorageBuckets"),
        "what to type instead: {said}"
    );
}

#[test]
fn a_dropped_connection_exits_5() {
    let fake = Fake::with_faults(Operation::GetStorageBuckets, FaultPlan::always(Fault::Drop));
    let output = contract_check(&fake, DEMO_GLOBAL_TOKEN, &["--retries", "0"]);
    assert_eq!(output.status.code(), Some(5));
}

/// An operation of the spec the server does not implement (the fake before it learns a new
/// endpoint, a platform behind the spec): `501`, drift, and the other operations are checked.
#[test]
fn an_operation_the_server_does_not_implement_is_drift() {
    let fake = serving(
        Reply::json(501, r#"{"success":false,"message":"Not implemented"}"#),
        Reply::json(200, "[]"),
    );
    let output = contract_check(&fake, "t", &SERVED);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "GET /bucket (getStorageBuckets): 501 (the server does not implement this operation)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("status not documented"), "{stdout}");
    assert!(
        stdout.contains("GET /bucket/available (getAvailableStorageBuckets): 200"),
        "the next operation is still checked: {stdout}"
    );
    let strict = contract_check(&fake, "t", &[&["--strict"][..], &SERVED].concat());
    assert_eq!(strict.status.code(), Some(7));
}
