//! Shared set-up of the integration tests.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use flashback_ext::retry::Jitter;
use flashback_ext::time::ManualClock;
use flashback_ext::{Client, ClientBuilder, RetryPolicy};
use flashback_fake::{FakeServer, Fault, start_scripted};

pub const TOKEN: &str = "SENTINEL-TOKEN-5f0c2a9e";

/// A builder for a loopback server with deterministic retries: no jitter, a manual clock that
/// records the waits, and no real-time attempt timeout or deadline unless a test sets one.
pub fn builder(base_url: &str, clock: &Arc<ManualClock>) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .clock(clock.clone())
        .attempt_timeout(None)
        .deadline(None)
        .retry_policy(RetryPolicy::default().with_jitter(Jitter::None))
}

pub fn client(base_url: &str) -> (Client, Arc<ManualClock>) {
    client_with(base_url, |builder| builder)
}

/// [`client`] with more settings.
pub fn client_with(
    base_url: &str,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (Client, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new());
    (configure(builder(base_url, &clock)).build().unwrap(), clock)
}

pub fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// The demo fake over HTTPS, serving `certificate` (made by a `TestCa`).
pub async fn https_fake(certificate: &flashback_fake::test_pki::ServerCertificate) -> FakeServer {
    flashback_fake::start(flashback_fake::Options {
        tls: Some(certificate.tls_config()),
        ..flashback_fake::Options::default()
    })
    .await
    .expect("start the fake over HTTPS")
}

/// A fake that answers every operation from `script`, the last fault repeating, and records the
/// requests (see `flashback_fake::start_scripted`).
pub async fn scripted(script: impl IntoIterator<Item = Fault>) -> FakeServer {
    start_scripted(script).await.expect("start the fake")
}

/// Everything a tracing subscriber writes, for tests that read the logs.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// The logs so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures the DEBUG log of the current thread (the test's), for tests that read what the
/// client traced.
pub fn capture_debug() -> (Captured, tracing::subscriber::DefaultGuard) {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (logs, guard)
}
