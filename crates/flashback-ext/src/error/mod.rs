//! The one error type of the SDK.
//!
//! Callers branch on [`Error::kind`]; [`Error::is_retryable`] says whether trying again may
//! help. Messages are written for the person reading a log: the operation, the workspace when
//! there is one, what went wrong and, for server answers, the status and the server's message.
//! They never contain the token, a bucket's key or secret, or a response body. The generated
//! client's own error is never shown as it is (its `Debug` dumps the raw response).

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

mod argument;
mod client_certificate;
mod config;
mod convert;
mod kind;
mod retry_after;
mod stop_reason;

pub use argument::ArgumentError;
pub use client_certificate::ClientCertificateRefusal;
pub use config::ConfigError;
pub(crate) use convert::{from_status, invalid};
pub use kind::ErrorKind;
pub use stop_reason::StopReason;

use crate::redact::scrub;
use crate::units::{count_text, duration_text};

/// An operation of the API, for errors and traces: the table `cargo xtask codegen` generates
/// from the spec (operationId, method, path, documented statuses).
pub use flashback_api::operations::Operation;

/// An error of the Flashback SDK. See [`ErrorKind`].
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    operation: Option<Operation>,
    status: Option<u16>,
    detail: Option<String>,
    server_message: Option<String>,
    retry_after: Option<Duration>,
    workspace: Option<String>,
    attempts: u32,
    stop: Option<StopReason>,
    /// A proxy refused the credentials or the connection: retrying cannot help, and a wrong
    /// password retried can lock the account.
    credentials_refused: bool,
    client_certificate: Option<ClientCertificateRefusal>,
    request_id: Option<String>,
    config: Option<ConfigError>,
    argument: Option<ArgumentError>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// `error` and every error it wraps, outermost first.
pub(crate) fn sources<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |error| (*error).source())
}

/// The server statuses worth a retry: a failure that may pass. `501` (not implemented) and the
/// other 5xx are final. The retry decision reads them through [`Error::is_retryable`].
pub(crate) const RETRYABLE_SERVER_STATUSES: [u16; 4] = [500, 502, 503, 504];

/// Server messages are shown, but bounded: a proxy's error page is not a message.
const MAX_SERVER_MESSAGE: usize = 300;

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                operation: None,
                status: None,
                detail: None,
                server_message: None,
                retry_after: None,
                workspace: None,
                attempts: 0,
                stop: None,
                credentials_refused: false,
                client_certificate: None,
                request_id: None,
                config: None,
                argument: None,
                source: None,
            }),
        }
    }

    /// An [`ErrorKind::InvalidConfig`] error for `reason`.
    pub(crate) fn config(reason: ConfigError) -> Self {
        let mut error = Self::new(ErrorKind::InvalidConfig).with_detail(reason.to_string());
        error.inner.config = Some(reason);
        error
    }

    /// Why the configuration was refused, for an [`ErrorKind::InvalidConfig`] error: a value
    /// to branch on (the message is its `Display`).
    ///
    /// ```
    /// use flashback_ext::Client;
    /// use flashback_ext::error::ConfigError;
    ///
    /// let error = Client::builder()
    ///     .base_url("http://flashback.internal")
    ///     .token("t")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(
    ///     error.config_error(),
    ///     Some(&ConfigError::InsecureHttp { host: "flashback.internal".into() })
    /// );
    /// ```
    pub fn config_error(&self) -> Option<&ConfigError> {
        self.inner.config.as_ref()
    }

    /// An [`ErrorKind::InvalidArgument`] error for `reason`.
    pub(crate) fn argument(reason: ArgumentError) -> Self {
        let mut error = Self::new(ErrorKind::InvalidArgument).with_detail(reason.to_string());
        error.inner.argument = Some(reason);
        error
    }

    /// Why an argument of the call was refused, for an [`ErrorKind::InvalidArgument`] error.
    ///
    /// ```
    /// use flashback_ext::WorkspaceFilter;
    /// use flashback_ext::error::ArgumentError;
    ///
    /// let error = WorkspaceFilter::any_of(["ws-1", " "]).validate().unwrap_err();
    /// assert_eq!(error.argument_error(), Some(&ArgumentError::EmptyWorkspaceId));
    /// ```
    pub fn argument_error(&self) -> Option<&ArgumentError> {
        self.inner.argument.as_ref()
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.inner.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Keeps the server's message, bounded, with every occurrence of `secret` removed.
    pub(crate) fn with_server_message(mut self, message: Option<String>, secret: &str) -> Self {
        self.inner.server_message = message.map(|mut message| {
            message = scrub(&message, secret);
            if message.chars().count() > MAX_SERVER_MESSAGE {
                message = message.chars().take(MAX_SERVER_MESSAGE).collect::<String>() + "…";
            }
            message
        });
        self
    }

    pub(crate) fn with_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.inner.retry_after = retry_after;
        self
    }

    pub(crate) fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_operation(mut self, operation: Operation, attempts: u32) -> Self {
        self.inner.operation = Some(operation);
        self.inner.attempts = attempts;
        self
    }

    /// Marks a proxy's refusal (of the credentials, or of the connection by its rules): final.
    pub(crate) fn credentials_refused(mut self) -> Self {
        self.inner.credentials_refused = true;
        self
    }

    /// Whether a proxy refused the client: its credentials (an HTTP proxy's `407`, a SOCKS5
    /// proxy's refused login) or the connection (a SOCKS proxy's rules). Never retried: a wrong
    /// password retried can lock the account.
    pub fn proxy_refused(&self) -> bool {
        self.inner.kind == ErrorKind::Proxy && self.inner.credentials_refused
    }

    /// Marks a refusal over the client certificate: final.
    pub(crate) fn client_certificate_refused(mut self, refusal: ClientCertificateRefusal) -> Self {
        self.inner.client_certificate = Some(refusal);
        self
    }

    /// Whether a server (or a gateway before it) refused the connection over the client
    /// certificate, for an [`ErrorKind::Tls`] error: it wants one and none was presented (TLS
    /// 1.3's `certificate_required` alert, nginx's `400` page "No required SSL certificate was
    /// sent", or the connection closed after the handshake asked for one), or it did not accept
    /// the one presented. Never retried.
    pub fn client_certificate_refusal(&self) -> Option<ClientCertificateRefusal> {
        self.inner.client_certificate
    }

    /// Records why the call stopped with this error.
    pub(crate) fn stopped(mut self, reason: StopReason) -> Self {
        self.inner.stop = Some(reason);
        self
    }

    /// Why the call stopped with this error (`None` for an error that did not come from a
    /// call's attempts: a configuration or argument error). Branch on it to tell a limit that
    /// ended the call (attempts, deadline, retry budget) from a failure that no retry can
    /// help.
    ///
    /// ```no_run
    /// # async fn run(client: flashback_ext::Client) {
    /// use flashback_ext::error::StopReason;
    ///
    /// if let Err(error) = client.list_buckets().await {
    ///     match error.stop_reason() {
    ///         Some(StopReason::AttemptsExhausted) => eprintln!("{error}: allow more attempts?"),
    ///         Some(StopReason::BudgetExhausted) => eprintln!("{error}: the platform is struggling"),
    ///         _ => eprintln!("{error}"),
    ///     }
    /// }
    /// # }
    /// ```
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.inner.stop
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        if request_id.is_some() {
            self.inner.request_id = request_id;
        }
        self
    }

    /// The id the platform gave the request that failed (its `x-request-id` header), when it
    /// sent one: quote it when reporting the failure to the platform.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// Whether the call gave up without retrying because the client's retry budget was empty
    /// (see [`crate::retry::RetryBudget`]): the platform has been failing many calls of this client.
    /// The same as `stop_reason() == Some(StopReason::BudgetExhausted)`.
    pub fn retry_budget_exhausted(&self) -> bool {
        self.inner.stop == Some(StopReason::BudgetExhausted)
    }

    pub(crate) fn in_workspace(mut self, workspace: &str) -> Self {
        self.inner.workspace = Some(workspace.to_owned());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Whether trying the same call again may succeed: timeouts, transport failures, 429, 500,
    /// 502, 503 and 504, and a proxy that could not be reached. Never 400, 401, 403, 404, a
    /// proxy's refusal (a `407`, a SOCKS login), a redirect, a TLS, configuration or decoding
    /// failure.
    pub fn is_retryable(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::RateLimited => true,
            ErrorKind::Server => self
                .inner
                .status
                .is_some_and(|status| RETRYABLE_SERVER_STATUSES.contains(&status)),
            ErrorKind::Proxy => !self.inner.credentials_refused && self.inner.status != Some(407),
            _ => false,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The server's `message` (for example "User not found"), when it sent one.
    pub fn server_message(&self) -> Option<&str> {
        self.inner.server_message.as_deref()
    }

    /// How long the server asked the caller to wait (`Retry-After`), when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// The operation that failed; `None` for a configuration error.
    pub fn operation(&self) -> Option<Operation> {
        self.inner.operation
    }

    /// The workspace whose listing failed, for calls made for one workspace.
    pub fn workspace(&self) -> Option<&str> {
        self.inner.workspace.as_deref()
    }

    /// How many attempts were made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        if let Some(operation) = inner.operation {
            write!(f, "{operation}")?;
            if let Some(workspace) = &inner.workspace {
                write!(f, " (workspace {workspace})")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(inner.kind.describe())?;
        if let Some(status) = inner.status {
            write!(f, " ({status})")?;
        }
        for text in [&inner.detail, &inner.server_message].into_iter().flatten() {
            write!(f, ": {text}")?;
        }
        if let Some(wait) = inner.retry_after {
            write!(f, "; retry after {}", duration_text(wait))?;
        }
        if let Some(id) = &inner.request_id {
            write!(f, "; request id {id}")?;
        }
        let attempts = count_text(inner.attempts, "attempt");
        match inner.stop {
            Some(reason @ (StopReason::Deadline | StopReason::BudgetExhausted)) => {
                let why = reason.describe().unwrap_or_default();
                write!(f, " (after {attempts}; {why})")?;
            }
            _ if inner.attempts > 1 => write!(f, " (after {attempts})")?,
            _ => {}
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Error")
            .field("kind", &inner.kind)
            .field("operation", &inner.operation)
            .field("workspace", &inner.workspace)
            .field("status", &inner.status)
            .field("detail", &inner.detail)
            .field("server_message", &inner.server_message)
            .field("retry_after", &inner.retry_after)
            .field("attempts", &inner.attempts)
            .field("stop_reason", &inner.stop)
            .field("client_certificate_refusal", &inner.client_certificate)
            .field("request_id", &inner.request_id)
            .field("source", &inner.source.as_ref().map(ToString::to_string))
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_reads_like_a_sentence() {
        let error = Error::new(ErrorKind::NotFound)
            .with_status(404)
            .with_server_message(Some("User not found".into()), "tok")
            .with_operation(Operation::GetAvailableStorageBuckets, 1);
        assert_eq!(
            error.to_string(),
            "getAvailableStorageBuckets: not found (404): User not found"
        );

        let error = Error::new(ErrorKind::RateLimited)
            .with_status(429)
            .with_retry_after(Some(Duration::from_secs(2)))
            .with_operation(Operation::GetStorageBuckets, 3)
            .in_workspace("ws-1");
        assert_eq!(
            error.to_string(),
            "getStorageBuckets (workspace ws-1): rate limited (429); retry after 2 s (after 3 attempts)"
        );
        let error = Error::new(ErrorKind::Timeout)
            .with_detail("no complete answer within 3 s")
            .with_operation(Operation::GetStorageBuckets, 1)
            .stopped(StopReason::Deadline);
        assert_eq!(
            error.to_string(),
            "getStorageBuckets: timed out: no complete answer within 3 s (after 1 attempt; no time left before the deadline)"
        );
        let error = Error::config(ConfigError::EmptyToken);
        assert_eq!(
            error.to_string(),
            "invalid configuration: the token is empty"
        );
        assert_eq!(error.config_error(), Some(&ConfigError::EmptyToken));
    }

    #[test]
    fn retryable_kinds() {
        let server = |status| Error::new(ErrorKind::Server).with_status(status);
        assert!(server(500).is_retryable() && server(502).is_retryable());
        assert!(server(503).is_retryable() && server(504).is_retryable());
        assert!(!server(501).is_retryable());
        assert!(Error::new(ErrorKind::Timeout).is_retryable());
        assert!(Error::new(ErrorKind::Transport).is_retryable());
        assert!(!Error::new(ErrorKind::Tls).is_retryable());
        assert!(Error::new(ErrorKind::RateLimited).is_retryable());
        for kind in [
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::NotFound,
            ErrorKind::InvalidResponse,
            ErrorKind::InvalidConfig,
            ErrorKind::UnexpectedStatus,
        ] {
            assert!(!Error::new(kind).is_retryable(), "{kind}");
        }
    }

    #[test]
    fn server_messages_lose_the_token_and_are_bounded() {
        let error = Error::new(ErrorKind::Unauthorized)
            .with_server_message(Some("token s3cr3t-token is expired".into()), "s3cr3t-token");
        assert_eq!(error.server_message(), Some("token [REDACTED] is expired"));
        let error = Error::new(ErrorKind::Unauthorized).with_server_message(
            Some("bad token=s3cr3t-token;s3cr3t-token".into()),
            "s3cr3t-token",
        );
        assert_eq!(
            error.server_message(),
            Some("bad token=[REDACTED];[REDACTED]")
        );
        let long = "x".repeat(1000);
        let error = Error::new(ErrorKind::Server).with_server_message(Some(long), "");
        assert_eq!(
            error.server_message().unwrap().chars().count(),
            MAX_SERVER_MESSAGE + 1
        );
    }
}
