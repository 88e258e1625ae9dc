//! The token a client keeps: asked of its [`TokenProvider`] when first needed, again shortly
//! before a JWT's `exp` and after a `401`. Built to stay up when the provider does not (the
//! static stability of smithy-rs's identity cache and google-cloud-rust's token cache):
//!
//! * **One provider call for every waiting call** (single flight), run as a task of its own:
//!   a caller that gives up (its own timeout, a `select!`) does not abandon the refresh, and
//!   the next caller waits for the same one.
//! * **A valid token is served while it is refreshed.** In the refresh window (30 s before
//!   `exp`, at most half the time left) calls go on with the current token and the refresh runs
//!   beside them; a refresh that fails changes nothing until the token actually expires. Only a
//!   call that has no valid token (none yet, expired, or refused with a `401`) waits for the
//!   provider, and only it sees the provider's failure (`ErrorKind::Credentials`).
//! * **Failures are backed off**: after a failed refresh the provider is not asked again for a
//!   while (1 s, doubling up to 30 s, jittered), so N calls make one provider call, not N, and a
//!   vault that is down is not stormed.
//!
//! A fixed token is checked once and read without locking.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::jwt::expiry;
use super::provider::TokenProvider;
use crate::error::{ConfigError, Error, ErrorKind};
use crate::redact::scrub;
use crate::telemetry::Metrics;
use crate::time::Clock;

/// How long before a JWT's `exp` the client asks for a new token (at most half the time left).
pub(crate) const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(30);
/// The wait after the first failed refresh; it doubles with each failure in a row.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait between failed refreshes.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A token ready to send.
pub(crate) struct CurrentToken {
    pub(crate) token: SecretString,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    /// When to ask the provider again; `None`: only after a `401`.
    refresh_at: Option<Instant>,
    /// When it stops being valid (a JWT's `exp`); `None`: not known.
    expires_at: Option<Instant>,
}

/// A refresh in flight, shared by every call that waits for it.
type Refresh = Shared<BoxFuture<'static, Result<Arc<CurrentToken>, String>>>;

/// What a provider-backed cache holds.
#[derive(Default)]
struct State {
    current: Option<Arc<CurrentToken>>,
    refreshing: Option<Refresh>,
    /// Failed refreshes in a row, and when the provider may be asked again.
    failures: u32,
    retry_not_before: Option<Instant>,
    /// Why the last refresh failed (no token in it).
    last_failure: Option<String>,
}

/// The token of a client. Clones share it (the views of [`crate::Client::with_options`]).
#[derive(Clone)]
pub(crate) struct TokenCache {
    /// A token that never changes: read without locking (the common case costs nothing).
    fixed: Option<Arc<CurrentToken>>,
    provider: Option<Arc<dyn TokenProvider>>,
    state: Arc<Mutex<State>>,
    /// Counts the provider's calls (with the `opentelemetry` feature).
    metrics: Metrics,
}

impl TokenCache {
    /// A token that never changes, checked now (a bad one is a configuration error).
    pub(crate) fn fixed(token: &SecretString) -> Result<Self, Error> {
        let token = normalize_token(token).map_err(Error::config)?;
        let authorization =
            authorization(&token).ok_or_else(|| Error::config(ConfigError::TokenNotHeaderSafe))?;
        Ok(Self {
            fixed: Some(Arc::new(CurrentToken {
                token,
                authorization,
                refresh_at: None,
                expires_at: None,
            })),
            provider: None,
            state: Arc::default(),
            metrics: Metrics::default(),
        })
    }

    /// Tokens from `provider`, asked when first needed; each call counted in `metrics`.
    pub(crate) fn provided(provider: Arc<dyn TokenProvider>, metrics: Metrics) -> Self {
        Self {
            fixed: None,
            provider: Some(provider),
            state: Arc::default(),
            metrics,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether asking again can give another token (a `401` is worth one replay).
    pub(crate) fn refreshable(&self) -> bool {
        self.provider.is_some()
    }

    /// A fixed token, ready at once: no lock, no copy of the secret.
    pub(crate) fn fixed_token(&self) -> Option<Arc<CurrentToken>> {
        self.fixed.clone()
    }

    /// The token to send now (shared, not copied: a copy of a secret is one more to zeroize).
    pub(crate) async fn current(&self, clock: &Arc<dyn Clock>) -> Result<Arc<CurrentToken>, Error> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let Some(provider) = &self.provider else {
            // Either `fixed` or `provider` is set, by construction.
            return Err(Error::config(ConfigError::MissingToken));
        };
        let refresh = {
            let mut state = self.state();
            let now = clock.now();
            let valid = state
                .current
                .as_ref()
                .filter(|current| current.expires_at.is_none_or(|expires| now < expires))
                .cloned();
            if let Some(valid) = &valid
                && valid.refresh_at.is_none_or(|at| now < at)
            {
                return Ok(Arc::clone(valid));
            }
            let refresh = match &state.refreshing {
                Some(refresh) => Some(refresh.clone()),
                // Backing off a provider that failed.
                None if state.retry_not_before.is_some_and(|until| now < until) => None,
                None => Some(self.start_refresh(provider, clock, &mut state)),
            };
            match (valid, refresh) {
                // Still valid: sent while the refresh runs on its own.
                (Some(valid), _) => return Ok(valid),
                (None, Some(refresh)) => refresh,
                (None, None) => {
                    let why = state.last_failure.clone().unwrap_or_default();
                    return Err(provider_failed(&why));
                }
            }
        };
        refresh.await.map_err(|why| provider_failed(&why))
    }

    /// Starts a refresh as a task of its own (a caller that gives up does not abandon it), and
    /// keeps it in `state` for every call that waits meanwhile.
    fn start_refresh(
        &self,
        provider: &Arc<dyn TokenProvider>,
        clock: &Arc<dyn Clock>,
        state: &mut State,
    ) -> Refresh {
        tracing::debug!("asking the token provider for a token");
        let (provider, clock) = (Arc::clone(provider), Arc::clone(clock));
        let previous = state.current.clone();
        let shared = Arc::clone(&self.state);
        let metrics = self.metrics.clone();
        // The task takes the lock when it ends; the caller holds it until `refreshing` is set.
        let task = tokio::spawn(async move {
            let outcome = fetch(&*provider, previous.as_deref(), &*clock).await;
            metrics.token_refresh(outcome.is_ok());
            let mut state = shared.lock().unwrap_or_else(PoisonError::into_inner);
            state.refreshing = None;
            match &outcome {
                Ok(token) => {
                    state.current = Some(Arc::clone(token));
                    state.failures = 0;
                    state.retry_not_before = None;
                    state.last_failure = None;
                }
                Err(why) => {
                    state.failures = state.failures.saturating_add(1);
                    let wait = backoff(state.failures, fastrand::f64());
                    tracing::debug!(
                        failures = state.failures,
                        wait_ms = wait.as_millis() as u64,
                        "the token provider failed: {why}"
                    );
                    state.retry_not_before = Some(clock.now() + wait);
                    state.last_failure = Some(why.clone());
                }
            }
            outcome
        });
        let refresh: Refresh = async move {
            task.await
                .unwrap_or_else(|error| Err(format!("the token refresh stopped ({error})")))
        }
        .boxed()
        .shared();
        state.refreshing = Some(refresh.clone());
        refresh
    }

    /// Drops `used` after the server refused it, so that the next call asks the provider (unless
    /// another call already replaced it).
    pub(crate) async fn refused(&self, used: &CurrentToken) {
        if !self.refreshable() {
            return;
        }
        let mut state = self.state();
        if state
            .current
            .as_ref()
            .is_some_and(|kept| kept.token.expose_secret() == used.token.expose_secret())
        {
            state.current = None;
        }
    }
}

/// Asks `provider` for a token and makes it ready to send; a failure in words, with
/// `previous` (a token that may appear in the provider's message) scrubbed out.
async fn fetch(
    provider: &dyn TokenProvider,
    previous: Option<&CurrentToken>,
    clock: &dyn Clock,
) -> Result<Arc<CurrentToken>, String> {
    let token = provider.token().await.map_err(|err| {
        let message = err.to_string();
        match previous {
            Some(previous) => scrub(&message, previous.token.expose_secret()),
            None => message,
        }
    })?;
    let token = normalize_token(&token).map_err(|_| "it returned an empty token".to_owned())?;
    let authorization = authorization(&token).ok_or_else(|| {
        "it returned a token with characters not allowed in an HTTP header".to_owned()
    })?;
    let expires = expiry(token.expose_secret()).map(|expires| {
        let left = expires
            .duration_since(clock.system_time())
            .unwrap_or(Duration::ZERO);
        (clock.now() + left, left)
    });
    Ok(Arc::new(CurrentToken {
        token,
        authorization,
        refresh_at: expires.map(|(at, left)| at - REFRESH_BEFORE_EXPIRY.min(left / 2)),
        expires_at: expires.map(|(at, _)| at),
    }))
}

/// The `Credentials` error of a provider that failed for `why`.
fn provider_failed(why: &str) -> Error {
    Error::new(ErrorKind::Credentials).with_detail(format!("the token provider failed: {why}"))
}

/// The wait after `failures` failed refreshes in a row: 1 s doubling up to 30 s, the second half
/// jittered by `unit` (uniform in `[0, 1)`).
fn backoff(failures: u32, unit: f64) -> Duration {
    let exponent = failures.saturating_sub(1).min(16);
    let ceiling = FIRST_BACKOFF.saturating_mul(1 << exponent).min(MAX_BACKOFF);
    ceiling / 2 + ceiling.mul_f64(unit.clamp(0.0, 1.0) / 2.0)
}

fn authorization(token: &SecretString) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// The token as it goes into the header: without surrounding whitespace and without a
/// `Bearer ` prefix a user copied along with it.
fn normalize_token(token: &SecretString) -> Result<SecretString, ConfigError> {
    let text = token.expose_secret().trim();
    // `Bearer`, then whitespace or nothing: the scheme, not part of the token.
    let text = match text.get(..6).zip(text.get(6..)) {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("bearer")
                && rest.chars().next().is_none_or(char::is_whitespace) =>
        {
            rest.trim_start()
        }
        _ => text,
    };
    if text.is_empty() {
        return Err(ConfigError::EmptyToken);
    }
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_refreshes_back_off_doubling_up_to_a_bound() {
        assert_eq!(backoff(1, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(10, 1.0), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX, 0.5), MAX_BACKOFF.mul_f64(0.75));
    }

    #[test]
    fn the_header_carries_the_token_without_whitespace_or_scheme() {
        for (given, sent) in [
            ("tok\n", "tok"),
            ("  Bearer tok ", "tok"),
            ("bearer\ttok", "tok"),
            ("BearerX", "BearerX"),
            ("Beareré", "Beareré"),
        ] {
            let token = normalize_token(&SecretString::from(given)).unwrap();
            assert_eq!(token.expose_secret(), sent, "{given:?}");
        }
        for empty in ["", "  ", "Bearer", "Bearer  "] {
            assert_eq!(
                normalize_token(&SecretString::from(empty)).unwrap_err(),
                ConfigError::EmptyToken,
                "{empty:?}"
            );
        }
    }
}
