//! Tokens that expire and rotate: a provider asked when needed, refreshed before a JWT's `exp`,
//! once per refresh however many calls need it, and once more after a `401`. Deterministic: the
//! manual clock moves time, the scripted fake records what was sent.

mod support;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flashback_ext::auth::{FileToken, TokenError, TokenProvider};
use flashback_ext::time::ManualClock;
use flashback_ext::{Client, ErrorKind};
use flashback_fake::{FakeServer, Fault};
use futures_util::future::BoxFuture;
use secrecy::SecretString;
use support::{builder, client_with, scripted};

const OK: &str = r#"{"success":true,"buckets":[]}"#;
const UNAUTHORIZED: &str = r#"{"success":false,"message":"Unauthorized"}"#;

/// The manual clock's wall time at its start (see `ManualClock::new`).
const WALL_START: u64 = 1_700_000_000;

/// A JWT (unsigned: the client never checks signatures) for `subject`, expiring at `exp`.
fn jwt(subject: &str, exp: u64) -> String {
    format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{subject}","exp":{exp}}}"#))
    )
}

/// A provider that hands out `tokens` in order (the last one repeating) and counts its calls.
#[derive(Clone, Default)]
struct Counting {
    calls: Arc<AtomicUsize>,
    tokens: Arc<Mutex<VecDeque<String>>>,
}

impl Counting {
    fn new(tokens: impl IntoIterator<Item = String>) -> Self {
        Self {
            calls: Arc::default(),
            tokens: Arc::new(Mutex::new(tokens.into_iter().collect())),
        }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl TokenProvider for Counting {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            // Let other calls run while this one is being answered.
            tokio::task::yield_now().await;
            let mut tokens = self.tokens.lock().unwrap();
            let token = if tokens.len() > 1 {
                tokens.pop_front()
            } else {
                tokens.front().cloned()
            };
            Ok(SecretString::from(token.expect("a token")))
        })
    }
}

/// The `Authorization` header of every request the server received.
fn sent(server: &FakeServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|request| request.header("authorization").unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_jwt_is_refreshed_shortly_before_it_expires() {
    let server = scripted([Fault::json(200, OK)]).await;
    let (first, second) = (jwt("one", WALL_START + 120), jwt("two", WALL_START + 600));
    let provider = Counting::new([first.clone(), second.clone()]);
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });

    client.list_buckets().await.unwrap();
    clock.advance(Duration::from_secs(60));
    client.list_buckets().await.unwrap();
    assert_eq!(provider.calls(), 1, "the token is kept while it is fresh");
    // 30 s before `exp` (at 90 s), the client asks for the next token, and goes on with the
    // current one, still valid, meanwhile: no call waits for the provider while it has a token.
    clock.advance(Duration::from_secs(31));
    client.list_buckets().await.unwrap();
    assert_eq!(provider.calls(), 2);
    // The refresh ran beside that call (a task of its own): the next call has the new token.
    client.list_buckets().await.unwrap();
    assert_eq!(provider.calls(), 2);
    assert_eq!(
        sent(&server),
        [
            format!("Bearer {first}"),
            format!("Bearer {first}"),
            format!("Bearer {first}"),
            format!("Bearer {second}")
        ]
    );
}

#[tokio::test]
async fn concurrent_calls_with_an_expired_token_share_one_provider_call() {
    let server = scripted([Fault::json(200, OK)]).await;
    let provider = Counting::new([
        jwt("expires-soon", WALL_START + 100),
        jwt("lasts", WALL_START + 10_000),
    ]);
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });
    client.list_buckets().await.unwrap();
    clock.advance(Duration::from_secs(500));

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_buckets().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    // The provider yields while answering, so the 20 calls all find the token expired; the
    // first asks, the others wait for its answer.
    assert_eq!(provider.calls(), 2, "one call at the start, one for the 20");
    assert_eq!(server.requests().len(), 21);
}

#[tokio::test]
async fn a_401_asks_for_a_new_token_and_sends_the_request_again() {
    let server = scripted([Fault::json(401, UNAUTHORIZED), Fault::json(200, OK)]).await;
    let provider = Counting::new(["old-token".to_owned(), "new-token".to_owned()]);
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });

    client.list_buckets().await.unwrap();
    assert_eq!(sent(&server), ["Bearer old-token", "Bearer new-token"]);
    assert_eq!(provider.calls(), 2);
    assert!(clock.sleeps().is_empty(), "no backoff before the replay");
}

#[tokio::test]
async fn a_second_401_is_unauthorized() {
    let server = scripted([Fault::json(401, UNAUTHORIZED)]).await;
    let provider = Counting::new(["old-token".to_owned(), "new-token".to_owned()]);
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });

    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(server.requests().len(), 2);
    assert_eq!(provider.calls(), 2);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_fixed_token_is_not_sent_again_after_a_401() {
    let server = scripted([Fault::json(401, UNAUTHORIZED)]).await;
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock).build().unwrap();
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert_eq!(
        server.requests().len(),
        1,
        "the same token would be refused again"
    );
}

#[tokio::test]
async fn a_rotated_token_file_is_picked_up() {
    let server = scripted([
        Fault::json(200, OK),
        Fault::json(401, UNAUTHORIZED),
        Fault::json(200, OK),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token");
    std::fs::write(&path, "first-token\n").unwrap();
    let (client, _) = client_with(&server.base_url(), |builder| {
        builder.token_provider(FileToken::new(&path))
    });
    client.list_buckets().await.unwrap();

    // The secret is rotated: new contents, a new modification time.
    std::fs::write(&path, "second-token\n").unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    client.list_buckets().await.unwrap();
    assert_eq!(
        sent(&server),
        [
            "Bearer first-token",
            "Bearer first-token",
            "Bearer second-token"
        ]
    );
}

#[tokio::test]
async fn a_provider_that_fails_is_a_credentials_error_and_nothing_is_sent() {
    let server = scripted([Fault::json(200, OK)]).await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-token");
    let (client, _) = client_with(&server.base_url(), |builder| {
        builder.token_provider(FileToken::new(&missing))
    });
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Credentials);
    assert!(!error.is_retryable());
    let message = error.to_string();
    assert!(
        message.starts_with("getStorageBuckets: no credentials: the token provider failed: cannot read the token file"),
        "{message}"
    );
    assert!(message.contains("no-such-token"), "{message}");
    assert!(server.requests().is_empty());
}

/// A provider that never answers, and says when it has been asked.
struct Hanging(Arc<tokio::sync::Notify>);

impl TokenProvider for Hanging {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        self.0.notify_one();
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_provider_that_hangs_ends_the_call_at_its_deadline() {
    let server = scripted([Fault::json(200, OK)]).await;
    let asked = Arc::new(tokio::sync::Notify::new());
    let clock = Arc::new(ManualClock::new());
    let client = builder(&server.base_url(), &clock)
        .deadline(Duration::from_secs(20))
        .token_provider(Hanging(asked.clone()))
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.list_buckets().await });
    asked.notified().await;
    clock.advance(Duration::from_secs(20));
    let error = call.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(
        error
            .to_string()
            .contains("the token provider gave no token within 20 s"),
        "{error}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn token_providers_print_no_token() {
    let file = FileToken::new("/run/secrets/token");
    let fixed = flashback_ext::auth::StaticToken::new("SENTINEL-STATIC-TOKEN");
    let builder = Client::builder().token_provider(flashback_ext::auth::EnvToken::new());
    let printed = format!("{file:?} {fixed:?} {builder:?}");
    assert!(!printed.contains("SENTINEL"), "{printed}");
    assert!(printed.contains("/run/secrets/token"), "{printed}");
}

/// A provider that gives `token` once, then fails (a vault that went down), after `delay` each
/// time; it counts its calls.
#[derive(Clone)]
struct Flaky {
    calls: Arc<AtomicUsize>,
    token: String,
    delay: Duration,
}

impl Flaky {
    fn new(token: String, delay: Duration) -> Self {
        Self {
            calls: Arc::default(),
            token,
            delay,
        }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl TokenProvider for Flaky {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst);
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            if call == 0 {
                Ok(SecretString::from(self.token.clone()))
            } else {
                Err(TokenError::from("the vault is unavailable"))
            }
        })
    }
}

/// A vault that goes down inside the refresh window: the token, still valid, is served until it
/// actually expires, and the failing provider is asked again only after a backoff; past `exp`,
/// the call fails with `Credentials`.
#[tokio::test]
async fn a_failing_provider_does_not_fail_calls_while_the_token_is_valid() {
    let server = scripted([Fault::json(200, OK)]).await;
    let provider = Flaky::new(jwt("vault", WALL_START + 60), Duration::ZERO);
    let (client, clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });
    client.list_buckets().await.unwrap();
    assert_eq!(provider.calls(), 1);
    // 45 s later: 15 s before `exp`, inside the refresh window; the vault fails from now on.
    clock.advance(Duration::from_secs(45));
    for call in 0..10 {
        let outcome = client.list_buckets().await;
        assert!(outcome.is_ok(), "call {call}: {:?}", outcome.err());
    }
    assert!(provider.calls() <= 2, "{} provider calls", provider.calls());
    // Past `exp` there is no valid token: the provider's failure is the call's.
    clock.advance(Duration::from_secs(16));
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Credentials, "{error}");
    assert!(
        error.to_string().contains("the vault is unavailable"),
        "{error}"
    );
    // Every request carried the one token the vault gave.
    assert_eq!(server.requests().len(), 11);
}

/// A caller that gives up while the provider is slow does not abandon the refresh: the next
/// calls get the token it brings, with one provider call in all.
#[tokio::test(start_paused = true)]
async fn a_cancelled_caller_does_not_cancel_the_shared_refresh() {
    let server = scripted([Fault::json(200, OK)]).await;
    let provider = Flaky::new("vault-token".to_owned(), Duration::from_millis(300));
    let (client, _clock) = client_with(&server.base_url(), |builder| {
        builder.token_provider(provider.clone())
    });
    let first = tokio::time::timeout(Duration::from_millis(50), client.list_buckets()).await;
    assert!(first.is_err(), "the first caller gave up after 50 ms");
    let (second, third) = tokio::join!(client.list_buckets(), client.list_buckets());
    assert!(second.is_ok() && third.is_ok(), "{second:?} {third:?}");
    assert_eq!(provider.calls(), 1, "one provider call in all");
}
