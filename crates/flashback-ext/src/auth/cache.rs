//! The token a client keeps: asked of its [`TokenProvider`] when first needed, asked again
//! shortly before a JWT's `exp` and after a `401`, one provider call at a time however many
//! calls need it (single flight: the refresh holds the lock the others wait on). A fixed token
//! is checked once and read without locking.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::jwt::expiry;
use super::provider::TokenProvider;
use crate::error::{ConfigError, Error, ErrorKind};
use crate::redact::scrub;
use crate::time::Clock;

/// How long before a JWT's `exp` the client asks for a new token (at most half the time left).
pub(crate) const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(30);

/// A token ready to send.
pub(crate) struct CurrentToken {
    pub(crate) token: SecretString,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    /// When to ask the provider again; `None`: only after a `401`.
    refresh_at: Option<Instant>,
}

/// The token of a client.
pub(crate) struct TokenCache {
    /// A token that never changes: read without locking (the common case costs nothing).
    fixed: Option<Arc<CurrentToken>>,
    provider: Option<Arc<dyn TokenProvider>>,
    state: tokio::sync::Mutex<Option<Arc<CurrentToken>>>,
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
            })),
            provider: None,
            state: tokio::sync::Mutex::new(None),
        })
    }

    /// Tokens from `provider`, asked when first needed.
    pub(crate) fn provided(provider: Arc<dyn TokenProvider>) -> Self {
        Self {
            fixed: None,
            provider: Some(provider),
            state: tokio::sync::Mutex::new(None),
        }
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
    pub(crate) async fn current(&self, clock: &dyn Clock) -> Result<Arc<CurrentToken>, Error> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let mut state = self.state.lock().await;
        if let Some(current) = state.as_ref()
            && current.refresh_at.is_none_or(|at| clock.now() < at)
        {
            return Ok(Arc::clone(current));
        }
        let Some(provider) = &self.provider else {
            // Either `fixed` or `provider` is set, by construction.
            return Err(Error::config(ConfigError::MissingToken));
        };
        tracing::debug!("asking the token provider for a token");
        let previous = state.take();
        let token = provider.token().await.map_err(|err| {
            let mut message = err.to_string();
            if let Some(previous) = &previous {
                message = scrub(&message, previous.token.expose_secret());
            }
            Error::new(ErrorKind::Credentials)
                .with_detail(format!("the token provider failed: {message}"))
        })?;
        let token = normalize_token(&token).map_err(|_| {
            Error::new(ErrorKind::Credentials)
                .with_detail("the token provider returned an empty token")
        })?;
        let authorization = authorization(&token).ok_or_else(|| {
            Error::new(ErrorKind::Credentials).with_detail(
                "the token provider returned a token with characters not allowed in an HTTP \
                 header",
            )
        })?;
        let refresh_at = expiry(token.expose_secret()).map(|expires| {
            let left = expires
                .duration_since(clock.system_time())
                .unwrap_or(Duration::ZERO);
            clock.now() + left - REFRESH_BEFORE_EXPIRY.min(left / 2)
        });
        let current = Arc::new(CurrentToken {
            token,
            authorization,
            refresh_at,
        });
        *state = Some(Arc::clone(&current));
        Ok(current)
    }

    /// Drops `used` after the server refused it, so that the next call asks the provider (unless
    /// another call already replaced it).
    pub(crate) async fn refused(&self, used: &CurrentToken) {
        if !self.refreshable() {
            return;
        }
        let mut state = self.state.lock().await;
        if state
            .as_ref()
            .is_some_and(|kept| kept.token.expose_secret() == used.token.expose_secret())
        {
            *state = None;
        }
    }
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
