//! Redirects: within the platform's origin they are followed; to another origin they are not
//! (the token is rightly not sent there, so following could only end in a misleading 401), and
//! the error says where the redirect points, to use as the base URL.

mod support;

use flashback_ext::ErrorKind;
use flashback_fake::{Fault, Reply};
use support::{client, scripted};

const LISTING: &str = r#"{"success":true,"buckets":[{"id":"b-1"}]}"#;

fn redirect(status: u16, location: &str) -> Fault {
    Fault::Reply(Reply::new(status).with_header("location", location))
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_says_where_it_points() {
    for status in [301, 308] {
        let server = scripted([redirect(
            status,
            "https://127.0.0.1:8443/bucket?workspaceId=ws-1&SENTINEL=x",
        )])
        .await;
        let (client, clock) = client(&server.base_url());
        let error = client.list_buckets().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Redirect, "{error}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.attempts(), 1, "{error}");
        assert!(clock.sleeps().is_empty());
        assert_eq!(server.requests().len(), 1);
        let message = error.to_string();
        assert!(
            message.contains(
                "redirects to https://127.0.0.1:8443/bucket: use that origin as the base URL"
            ),
            "{message}"
        );
        assert!(
            !message.contains("SENTINEL"),
            "no query in messages: {message}"
        );
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_token() {
    let server = scripted([
        redirect(308, "/bucket?moved=1"),
        Fault::Reply(Reply::json(200, LISTING)),
    ])
    .await;
    let (client, _) = client(&server.base_url());
    let buckets = client.list_buckets().await.unwrap();
    assert_eq!(buckets.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].query.as_deref(), Some("moved=1"));
    assert!(
        requests[1].header("authorization").is_some(),
        "the same origin keeps the token"
    );
}
