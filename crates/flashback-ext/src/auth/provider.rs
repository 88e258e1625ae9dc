//! The token providers: the trait and the three built in.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use futures_util::future::BoxFuture;
use secrecy::SecretString;

use crate::env;
use crate::redact::Redacted;

/// Why a provider could not give a token. Its message is shown in
/// [`crate::ErrorKind::Credentials`] errors: it must not contain a token.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// A source of bearer tokens.
///
/// The client asks once and keeps the answer; it asks again shortly before the token's `exp`
/// (when the token is a JWT), and once after a `401`. Concurrent calls that need a new token
/// share one `token()` call.
pub trait TokenProvider: Send + Sync + 'static {
    /// The current token. Surrounding whitespace and a leading `Bearer ` are ignored.
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>>;
}

/// A token that never changes, as a provider: for code that takes any [`TokenProvider`].
/// ([`crate::ClientBuilder::token`] keeps a fixed token itself, read without locking, and never
/// asks again after a `401`: the same token would be refused again.)
pub struct StaticToken(SecretString);

impl StaticToken {
    /// This token.
    pub fn new(token: impl Into<SecretString>) -> Self {
        Self(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StaticToken").field(&Redacted).finish()
    }
}

/// The token in an environment variable (`FLASHBACK_TOKEN` by default), read on every refresh.
#[derive(Debug, Clone)]
pub struct EnvToken {
    variable: String,
}

impl EnvToken {
    /// Reads `FLASHBACK_TOKEN`.
    pub fn new() -> Self {
        Self::variable(env::TOKEN)
    }

    /// Reads `variable`.
    pub fn variable(variable: impl Into<String>) -> Self {
        Self {
            variable: variable.into(),
        }
    }
}

impl Default for EnvToken {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenProvider for EnvToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        let token = std::env::var(&self.variable)
            .ok()
            .filter(|token| !token.trim().is_empty())
            .map(SecretString::from)
            .ok_or_else(|| format!("{} is not set", self.variable).into());
        Box::pin(std::future::ready(token))
    }
}

/// The token in a file, read again whenever the file's modification time changes: a rotated
/// Kubernetes secret or a token a sidecar refreshes is picked up at the next refresh.
pub struct FileToken {
    path: PathBuf,
    /// The token read last, and the modification time it was read at.
    last: Mutex<Option<(SystemTime, SecretString)>>,
}

impl FileToken {
    /// The token in the file at `path` (read when first needed, not now).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            last: Mutex::new(None),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<SecretString, TokenError> {
        let shown = self.path.display();
        let modified = std::fs::metadata(&self.path)
            .and_then(|metadata| metadata.modified())
            .map_err(|err| format!("cannot read the token file {shown}: {err}"))?;
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((at, token)) = last.as_ref()
            && *at == modified
        {
            return Ok(token.clone());
        }
        let text = std::fs::read_to_string(&self.path)
            .map_err(|err| format!("cannot read the token file {shown}: {err}"))?;
        if text.trim().is_empty() {
            return Err(format!("the token file {shown} is empty").into());
        }
        let token = SecretString::from(text);
        *last = Some((modified, token.clone()));
        Ok(token)
    }
}

impl TokenProvider for FileToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(std::future::ready(self.read()))
    }
}

impl fmt::Debug for FileToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileToken")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}
