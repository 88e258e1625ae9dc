//! The answers beyond the documented ones, as a client sees them, and raw bodies held to the
//! contract.

use std::time::Duration;

use flashback_api::Client;
use flashback_httpmock::httpmock::MockServer;
use flashback_httpmock::{Answers, MockServerExt, ServerError};
use progenitor_client::Error;

async fn get(server: &MockServer, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", server.base_url()))
        .await
        .unwrap()
}

#[tokio::test]
async fn rate_limited_sends_429_retry_after_and_the_error_body() {
    let server = MockServer::start_async().await;
    server.get_storage_buckets(|_, then| {
        then.rate_limited(Duration::from_secs(7));
    });
    let client = Client::new(&server.base_url(), Default::default());
    let Err(Error::ErrorResponse(response)) = client.get_storage_buckets().send().await else {
        panic!("a documented 429 is the typed error response");
    };
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.success, Some(false));
    assert!(response.message.is_some());
}

#[tokio::test]
async fn server_errors_send_their_status_with_the_error_body() {
    let server = MockServer::start_async().await;
    server.get_available_storage_buckets(|_, then| {
        then.server_error(ServerError::BadGateway);
    });
    let response = get(&server, "/bucket/available").await;
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["success"], false);
}

#[tokio::test]
async fn json_text_within_the_contract_is_served_as_written() {
    let server = MockServer::start_async().await;
    // An extra field and a status value the SDK does not know: drift, which the platform may
    // send, so allowed.
    let body = r#"{"success":true,"buckets":[{"id":"b-1","status":"HIBERNATING","tier":"gold"}]}"#;
    server.get_storage_buckets(|_, then| {
        then.json_text(200, body);
    });
    let response = get(&server, "/bucket").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), body);
}

#[test]
fn json_text_that_breaks_the_contract_fails_the_test_with_its_path() {
    let server = MockServer::start();
    let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        server.get_storage_buckets(|_, then| {
            then.json_text(
                200,
                r#"{"buckets":[{"id":"b-1","createdAt":"yesterday","key":"SENTINEL-KEY-5"}]}"#,
            );
        });
    }))
    .unwrap_err();
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("GET /bucket (200) breaks the contract"),
        "{message}"
    );
    assert!(message.contains("$.buckets[0].createdAt"), "{message}");
    assert!(message.contains(".off_contract()"), "{message}");
    assert!(!message.contains("SENTINEL"), "{message}");
}

#[tokio::test]
async fn off_contract_sends_what_the_platform_would_not() {
    let server = MockServer::start_async().await;
    server.get_storage_buckets(|_, then| {
        then.off_contract()
            .status(200)
            .body(r#"{"buckets":[{"createdAt":"yesterday"}]}"#);
    });
    let client = Client::new(&server.base_url(), Default::default());
    let error = client.get_storage_buckets().send().await.unwrap_err();
    assert!(
        error.to_string().contains("buckets[0].createdAt"),
        "{error}"
    );
}

#[tokio::test]
async fn delay_holds_the_answer() {
    let server = MockServer::start_async().await;
    server.get_available_storage_buckets(|_, then| {
        then.ok(&vec![]).delay(Duration::from_secs(30));
    });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = http
        .get(format!("{}/bucket/available", server.base_url()))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
}
