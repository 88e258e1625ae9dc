//! The fake's faults, as a plain HTTP client sees them: what each puts on the wire, how a plan
//! runs out or repeats, that faults set at start apply from the first request, that other
//! routes are unaffected, that a delay comes before the answer (on paused tokio time) and that
//! shutting down ends a hanging answer with a 503. (What the SDK makes of each fault is
//! `crates/flashback-ext/tests/faults.rs`.)

use std::time::Duration;

use flashback_fake::{
    DEMO_GLOBAL_TOKEN, FakeServer, Fault, FaultPlan, Operation, Options, start, start_demo,
};

/// `GET` of `operation`'s route with the demo's global token.
async fn get(server: &FakeServer, operation: Operation) -> reqwest::Result<reqwest::Response> {
    reqwest::Client::new()
        .get(format!("{}{}", server.base_url(), operation.path()))
        .bearer_auth(DEMO_GLOBAL_TOKEN)
        .send()
        .await
}

/// Status and body of an answer.
async fn answer(server: &FakeServer, operation: Operation) -> (u16, String) {
    let response = get(server, operation).await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

#[tokio::test]
async fn each_fault_puts_its_answer_on_the_wire() {
    let server = start_demo().await.unwrap();
    let route = Operation::GetStorageBuckets;

    server.set_faults(
        route,
        FaultPlan::always(Fault::Status(503)).with_retry_after("7"),
    );
    let response = get(&server, route).await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["success"], false, "the platform's error body: {body}");
    assert!(body["message"].is_string(), "{body}");

    server.set_faults(route, FaultPlan::always(Fault::InvalidJson));
    let (status, body) = answer(&server, route).await;
    assert_eq!(status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );

    server.set_faults(route, FaultPlan::always(Fault::Truncated));
    let (status, body) = answer(&server, route).await;
    assert_eq!(status, 200);
    assert!(body.starts_with(r#"{"#), "the listing's start: {body}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "cut in half: {body}"
    );

    server.set_faults(route, FaultPlan::always(Fault::Drop));
    let error = get(&server, route).await.unwrap_err();
    assert!(!error.is_status(), "no answer at all: {error}");
}

#[tokio::test]
async fn a_sequence_runs_out_and_a_script_repeats_its_last_fault() {
    let server = start_demo().await.unwrap();
    let route = Operation::GetStorageBuckets;
    server.set_faults(
        route,
        FaultPlan::sequence([Fault::Status(503), Fault::Status(429)]),
    );
    let statuses: Vec<u16> = statuses_of(&server, route, 3).await;
    assert_eq!(statuses, [503, 429, 200], "then normal service");

    server.set_faults(
        route,
        FaultPlan::script([Fault::Status(503), Fault::Status(502)]),
    );
    let statuses: Vec<u16> = statuses_of(&server, route, 4).await;
    assert_eq!(statuses, [503, 502, 502, 502], "the last fault repeats");

    server.clear_faults();
    assert_eq!(answer(&server, route).await.0, 200);
}

/// The statuses of `count` requests, one after the other.
async fn statuses_of(server: &FakeServer, route: Operation, count: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..count {
        statuses.push(answer(server, route).await.0);
    }
    statuses
}

#[tokio::test]
async fn faults_set_at_start_apply_from_the_first_request_and_to_their_route_only() {
    let options = Options {
        faults: [(
            Operation::GetAvailableStorageBuckets,
            FaultPlan::always(Fault::Status(429)),
        )]
        .into(),
        ..Options::default()
    };
    let server = start(options).await.unwrap();
    assert_eq!(
        answer(&server, Operation::GetAvailableStorageBuckets)
            .await
            .0,
        429
    );
    assert_eq!(
        answer(&server, Operation::GetStorageBuckets).await.0,
        200,
        "other routes are unaffected"
    );
    server.clear_faults();
    assert_eq!(
        answer(&server, Operation::GetAvailableStorageBuckets)
            .await
            .0,
        200
    );
}

/// On paused tokio time the delay passes at once when nothing else can run, and the answer
/// arrives no sooner than the delay in the runtime's time: no real waiting.
#[tokio::test(start_paused = true)]
async fn a_delay_comes_before_the_answer() {
    let server = start_demo().await.unwrap();
    server.set_faults(
        Operation::GetAvailableStorageBuckets,
        FaultPlan::default().with_delay(Duration::from_secs(30)),
    );
    let started = tokio::time::Instant::now();
    let (status, _) = answer(&server, Operation::GetAvailableStorageBuckets).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn shutdown_ends_a_hanging_answer() {
    let server = start_demo().await.unwrap();
    server.set_faults(Operation::GetStorageBuckets, FaultPlan::always(Fault::Hang));
    let url = format!(
        "{}{}",
        server.base_url(),
        Operation::GetStorageBuckets.path()
    );
    let hanging = tokio::spawn(async move {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(DEMO_GLOBAL_TOKEN)
            .send()
            .await
    });
    // Once the request has reached the server, stop it.
    server.wait_for_requests(1).await;
    server.shutdown().await.unwrap();
    let response = hanging.await.unwrap().expect("an answer");
    assert_eq!(
        response.status().as_u16(),
        503,
        "the hanging request ends when the server stops"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["message"], "The server is shutting down");
}
