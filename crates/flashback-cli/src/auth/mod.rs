//! Where the command's token comes from, as the SDK's token providers: a token file is a
//! `FileToken`, a profile's `token_command` a [`CommandToken`]. The SDK asks them again before
//! a JWT expires and after a `401` (sending the request once more), as it does for a service.
//!
//! The first token is fetched before anything is sent ([`Primed`]), so that a missing file or a
//! failing command is reported at once, in its own words, with exit 2.

mod command;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use flashback_ext::ClientBuilder;
use flashback_ext::auth::{FileToken, TokenError, TokenProvider};
use secrecy::SecretString;

pub use command::CommandToken;

use crate::failure::Failure;
use crate::settings::defs::TOKEN_ENV;
use crate::settings::{Origin, Setting, TokenSource};

/// The future a [`TokenProvider`] returns.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Gives `builder` the token from `token`'s source. `time_limit` bounds a token command.
/// Nothing to give (no source, or the demo's, which `connect` sets) leaves it as it is.
pub async fn authenticate(
    builder: ClientBuilder,
    token: Option<&Setting<TokenSource>>,
    time_limit: Duration,
) -> Result<ClientBuilder, Failure> {
    let Some(token) = token else {
        return Ok(builder);
    };
    let place = place(&token.origin);
    Ok(match &token.value {
        TokenSource::Demo => builder,
        // The process's environment does not change while it runs: a fixed token.
        TokenSource::Env => match std::env::var(TOKEN_ENV) {
            Ok(text) => builder.token(text),
            Err(_) => builder,
        },
        TokenSource::File(path) => {
            let provider = FileToken::new(path);
            let primed = Primed::new(provider, &place).await?;
            builder.token_provider(primed)
        }
        TokenSource::Command(command) => {
            let provider = CommandToken::new(&command.0, place.clone(), time_limit);
            // Its messages begin with the place already.
            let primed = Primed::new(provider, "").await?;
            builder.token_provider(primed)
        }
    })
}

/// `path:line: ` for a value of the config file, to begin a message about it.
pub fn place(origin: &Origin) -> String {
    match origin {
        Origin::Profile { at, .. } | Origin::File(at) => format!("{at}: "),
        _ => String::new(),
    }
}

/// A provider whose first token was fetched before the client was built: the SDK gets that
/// one first, then asks the provider itself.
struct Primed<P> {
    first: Mutex<Option<SecretString>>,
    provider: P,
}

impl<P: TokenProvider> Primed<P> {
    /// Asks `provider` now; its failure is a usage failure, `place` before its message.
    async fn new(provider: P, place: &str) -> Result<Self, Failure> {
        let first = provider
            .token()
            .await
            .map_err(|error| Failure::usage(format!("{place}{error}")))?;
        Ok(Self {
            first: Mutex::new(Some(first)),
            provider,
        })
    }
}

impl<P: TokenProvider> TokenProvider for Primed<P> {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        let first = self
            .first
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match first {
            Some(token) => Box::pin(std::future::ready(Ok(token))),
            None => self.provider.token(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use secrecy::ExposeSecret;

    use super::*;

    /// Gives `token-1`, `token-2`, ... and counts the calls.
    struct Counting(AtomicU32);

    impl TokenProvider for Counting {
        fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(std::future::ready(Ok(SecretString::from(format!(
                "token-{n}"
            )))))
        }
    }

    #[tokio::test]
    async fn the_primed_token_comes_first_then_the_provider_is_asked() {
        let primed = Primed::new(Counting(AtomicU32::new(0)), "").await.unwrap();
        assert_eq!(
            primed.provider.0.load(Ordering::SeqCst),
            1,
            "asked once, up front"
        );
        let first = primed.token().await.unwrap();
        assert_eq!(first.expose_secret(), "token-1");
        assert_eq!(
            primed.provider.0.load(Ordering::SeqCst),
            1,
            "not asked again for it"
        );
        let second = primed.token().await.unwrap();
        assert_eq!(second.expose_secret(), "token-2");
    }

    #[tokio::test]
    async fn a_failing_source_is_a_usage_failure_with_its_place() {
        let error = Primed::new(FileToken::new("/does/not/exist"), "cfg.toml:3: ")
            .await
            .err()
            .unwrap();
        assert_eq!(error.exit, crate::exit::Exit::Usage);
        assert!(
            error
                .message
                .starts_with("cfg.toml:3: cannot read the token file /does/not/exist: "),
            "{}",
            error.message
        );
    }
}
