//! `Client::raw_answer`: the answer as it came (for contract checks), with the same auth,
//! retries and typed errors as every call.

mod support;

use flashback_ext::ErrorKind;
use flashback_ext::error::Operation;
use flashback_fake::{Fault, Reply};
use support::{TOKEN, client, scripted};

#[tokio::test]
async fn a_success_comes_back_byte_for_byte_with_its_content_type() {
    // A body the SDK's types would refuse (a number where a string belongs).
    let body = r#"{"success":true,"buckets":[{"id":7,"key":"SENTINEL-KEY"}]}"#;
    let server = scripted([
        Fault::Status(503),
        Reply::new(200)
            .with_header("content-type", "application/vnd.flashback+json")
            .with_body(body)
            .off_contract()
            .into(),
    ])
    .await;
    let (client, clock) = client(&server.base_url());
    let answer = client
        .raw_answer(Operation::GetStorageBuckets, Some("ws-1"))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("application/vnd.flashback+json")
    );
    assert_eq!(&answer.body[..], body.as_bytes());
    assert_eq!(clock.sleeps().len(), 1, "the 503 was retried");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].query.as_deref(), Some("workspaceId=ws-1"));
    assert_eq!(
        requests[1].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let debug = format!("{answer:?}");
    assert!(!debug.contains("SENTINEL"), "{debug}");
}

#[tokio::test]
async fn a_failure_is_the_usual_typed_error() {
    let server = scripted([Fault::json(
        404,
        r#"{"success":false,"message":"User not found"}"#,
    )])
    .await;
    let (client, _) = client(&server.base_url());
    let error = client
        .raw_answer(Operation::GetAvailableStorageBuckets, None)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.server_message(), Some("User not found"));
}

#[tokio::test]
async fn a_workspace_is_sent_only_where_it_filters_and_never_empty() {
    let server = scripted([Fault::json(200, "[]")]).await;
    let (client, _) = client(&server.base_url());
    let empty = client
        .raw_answer(Operation::GetStorageBuckets, Some(""))
        .await
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidArgument);
    let misplaced = client
        .raw_answer(Operation::GetAvailableStorageBuckets, Some("ws-1"))
        .await
        .unwrap_err();
    assert_eq!(misplaced.kind(), ErrorKind::InvalidArgument);
    assert!(
        misplaced.to_string().contains("takes no workspaceId"),
        "{misplaced}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}
