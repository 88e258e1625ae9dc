//! The token a client keeps: asked of its [`TokenProvider`] when first needed, asked again
//! shortly before a JWT's `exp` and after a `401`, one provider call at a time however many
//! calls need it (single flight: the refresh holds the lock the others wait on).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::clock::Clock;
use crate::config::normalize_token;
use crate::config_error::ConfigError;
use crate::error::{Error, ErrorKind};
use crate::token::TokenProvider;

/// How long before a JWT's `exp` the client asks for a new token (at most half the time left).
pub(crate) const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(30);

/// A token ready to send.
#[derive(Clone)]
pub(crate) struct Current {
    pub(crate) token: SecretString,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) authorization: HeaderValue,
    /// When to ask the provider again; `None`: only after a `401`.
    refresh_at: Option<Instant>,
}

pub(crate) struct KeptToken {
    /// A token that never changes: read without locking (the common case costs nothing).
    fixed: Option<Current>,
    provider: Option<Arc<dyn TokenProvider>>,
    state: tokio::sync::Mutex<Option<Current>>,
}

impl KeptToken {
    /// A token that never changes, checked now (a bad one is a configuration error).
    pub(crate) fn fixed(token: &SecretString) -> Result<Self, Error> {
        let token = normalize_token(token).map_err(Error::config)?;
        let authorization =
            authorization(&token).ok_or_else(|| Error::config(ConfigError::TokenNotHeaderSafe))?;
        Ok(Self {
            fixed: Some(Current {
                token,
                authorization,
                refresh_at: None,
            }),
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

    /// The token to send now.
    pub(crate) async fn current(&self, clock: &dyn Clock) -> Result<Current, Error> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let mut state = self.state.lock().await;
        if let Some(current) = state.as_ref()
            && current.refresh_at.is_none_or(|at| clock.now() < at)
        {
            return Ok(current.clone());
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
                message = crate::error::scrub(&message, previous.token.expose_secret());
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
        let current = Current {
            token,
            authorization,
            refresh_at,
        };
        *state = Some(current.clone());
        Ok(current)
    }

    /// Drops `used` after the server refused it, so that the next call asks the provider (unless
    /// another call already replaced it).
    pub(crate) async fn refused(&self, used: &Current) {
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

/// The `exp` claim of a JWT, read without checking the signature (it only says when to ask for
/// a new token; the server decides whether a token is valid). `None` for anything else.
pub(crate) fn expiry(token: &str) -> Option<SystemTime> {
    #[derive(serde::Deserialize)]
    struct Claims {
        exp: Option<f64>,
    }
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let payload = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let exp = serde_json::from_slice::<Claims>(&payload).ok()?.exp?;
    (0.0..1e11)
        .contains(&exp)
        .then(|| SystemTime::UNIX_EPOCH + Duration::from_secs_f64(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        format!(
            "{}.{}.signature",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    #[test]
    fn reads_exp_of_a_jwt_and_nothing_else() {
        assert_eq!(
            expiry(&jwt(r#"{"sub":"u","exp":1700000060}"#)),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_060))
        );
        for token in [
            "plain-token".to_owned(),
            jwt(r#"{"sub":"u"}"#),
            jwt(r#"{"exp":"soon"}"#),
            jwt(r#"{"exp":-5}"#),
            jwt("not json"),
            "a.b.c.d".to_owned(),
            "a.%%%.c".to_owned(),
        ] {
            assert_eq!(expiry(&token), None, "{token}");
        }
    }
}
