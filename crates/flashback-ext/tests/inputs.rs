//! Inputs that must not widen or break a request: an empty workspace id is refused before
//! anything is sent, and a token is sent as `Bearer <token>` however it was pasted.

mod support;

use support::scripted;

use flashback_ext::error::ArgumentError;
use flashback_ext::{Client, ErrorKind, WorkspaceFilter};
use flashback_fake::Fault;
use support::client;

const LISTING: &str = r#"{"success":true,"buckets":[]}"#;

#[tokio::test]
async fn an_empty_workspace_id_is_refused_and_nothing_is_sent() {
    let server = scripted([Fault::json(200, LISTING)]).await;
    let (client, _) = client(&server.base_url());
    let filters = [
        WorkspaceFilter::One(String::new()),
        WorkspaceFilter::One("  ".to_owned()),
        WorkspaceFilter::any_of(["ws-1", ""]),
    ];
    for filter in &filters {
        let listing = client.list_buckets_in(filter).await.unwrap_err();
        let available = client.list_available_buckets_in(filter).await.unwrap_err();
        for error in [listing, available] {
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{filter:?}");
            assert_eq!(
                error.argument_error(),
                Some(&ArgumentError::EmptyWorkspaceId)
            );
            assert!(
                error.to_string().contains("the workspace id is empty"),
                "{error}"
            );
        }
    }
    let error = client.list_workspace_buckets("").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn the_token_is_sent_as_bearer_token_however_it_was_pasted() {
    let server = scripted([Fault::json(200, LISTING)]).await;
    for pasted in [
        "tok-123\n",
        "  tok-123  ",
        "Bearer tok-123",
        "bearer  tok-123\r\n",
    ] {
        let client = Client::builder()
            .base_url(server.base_url())
            .token(pasted)
            .build()
            .unwrap();
        client.list_buckets().await.unwrap();
    }
    let sent: Vec<_> = server
        .requests()
        .iter()
        .map(|request| request.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(sent, vec!["Bearer tok-123"; 4]);

    for blank in ["", " \n", "Bearer ", "Bearer  \n"] {
        let error = Client::builder()
            .base_url(server.base_url())
            .token(blank)
            .build()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidConfig, "{blank:?}");
        assert!(error.to_string().contains("the token is empty"), "{error}");
    }
}
