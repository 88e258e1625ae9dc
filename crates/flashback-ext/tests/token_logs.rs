//! Provided tokens never reach the logs, at TRACE, on the refresh-and-replay path. Alone in its
//! test binary: tracing's callsite interest is global, and tests without a subscriber running
//! beside one with a scoped subscriber (`cargo test` runs tests on threads of one process) can
//! make it miss events.

mod support;

use std::sync::Mutex;

use flashback_ext::ErrorKind;
use flashback_ext::auth::{TokenError, TokenProvider};
use flashback_fake::Fault;
use futures_util::future::BoxFuture;
use secrecy::SecretString;
use support::{Captured, client_with, scripted};

/// Hands out its tokens in order, the last one repeating.
struct InOrder(Mutex<Vec<&'static str>>);

impl TokenProvider for InOrder {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        let mut tokens = self.0.lock().unwrap();
        let token = if tokens.len() > 1 {
            tokens.remove(0)
        } else {
            tokens[0]
        };
        Box::pin(std::future::ready(Ok(SecretString::from(token))))
    }
}

#[tokio::test(flavor = "current_thread")]
async fn provided_tokens_never_appear_at_trace() {
    const FIRST: &str = "SENTINEL-PROVIDED-TOKEN-1";
    const SECOND: &str = "SENTINEL-PROVIDED-TOKEN-2";
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The server echoes the refused token in its message, then refuses the new one too.
    let echo = format!(r#"{{"success":false,"message":"token {FIRST} has expired"}}"#);
    let echo_second = format!(r#"{{"success":false,"message":"token {SECOND} is unknown"}}"#);
    let server = scripted([Fault::json(401, echo), Fault::json(401, echo_second)]).await;
    let provider = InOrder(Mutex::new(vec![FIRST, SECOND]));
    let (client, _) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider)
    });
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);

    let logs = captured.text();
    assert!(logs.contains("sending again with a new token"), "{logs}");
    let printed = format!("{logs}\n{error}\n{error:?}\n{client:?}");
    for sentinel in [FIRST, SECOND] {
        assert!(
            !printed.contains(sentinel),
            "{sentinel} printed:\n{printed}"
        );
    }
}
