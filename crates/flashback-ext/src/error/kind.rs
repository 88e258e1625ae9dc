//! What kind of failure an error is: the value callers branch on.

use std::fmt;

/// What kind of failure an [`Error`](crate::Error) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401: the token is missing, invalid or expired.
    Unauthorized,
    /// 403: the caller may not see what it asked for (a workspace outside its access).
    Forbidden,
    /// 404: for these endpoints, the caller's user no longer exists ("User not found").
    NotFound,
    /// 429: a quota or rate limit was hit; see [`Error::retry_after`](crate::Error::retry_after).
    RateLimited,
    /// 5xx: the platform failed.
    Server,
    /// No answer in time: an attempt timed out, the call's deadline passed, or 408.
    Timeout,
    /// The request or the response did not make it across the network.
    Transport,
    /// The proxy on the way failed: it refused the credentials (`407`, not retried: a wrong
    /// password tried again can lock the account), could not be reached, or could not reach the
    /// platform. The message names the proxy (never its credentials).
    Proxy,
    /// The platform answered with a redirect to another origin, which is not followed (the
    /// token would not be sent there). The message names where it points: use that as the base
    /// URL. Not retried.
    Redirect,
    /// The TLS handshake failed: the server's certificate is not trusted, has expired or is
    /// for another host, the server does not speak TLS, or client and server share no protocol
    /// version or cipher (a fatal alert). Not retried: trying again gives the same answer. The
    /// message names the host and the reason.
    Tls,
    /// The server answered something this SDK cannot read (see the message for the field).
    InvalidResponse,
    /// The client is misconfigured; nothing was sent. See [`crate::Error::config_error`].
    InvalidConfig,
    /// An argument of the call cannot be sent (an empty workspace id, which would widen a
    /// filter to every workspace); nothing was sent. See [`crate::Error::argument_error`].
    InvalidArgument,
    /// The token provider could not give a token (a missing token file, a failing vault).
    /// Not retried: the message is the provider's, never a token.
    Credentials,
    /// A status the API does not document for this operation (400, 405, ...).
    UnexpectedStatus,
}

impl ErrorKind {
    /// The kind's words in a message and its stable name, from one table: a new kind cannot
    /// have one without the other.
    const fn table(self) -> (&'static str, &'static str) {
        match self {
            Self::Unauthorized => ("unauthorized", "unauthorized"),
            Self::Forbidden => ("forbidden", "forbidden"),
            Self::NotFound => ("not found", "not_found"),
            Self::RateLimited => ("rate limited", "rate_limited"),
            Self::Server => ("server error", "server"),
            Self::Timeout => ("timed out", "timeout"),
            Self::Transport => ("transport failure", "transport"),
            Self::Tls => ("TLS failure", "tls"),
            Self::Proxy => ("proxy failure", "proxy"),
            Self::Redirect => ("redirected elsewhere", "redirect"),
            Self::InvalidResponse => ("invalid response", "invalid_response"),
            Self::InvalidConfig => ("invalid configuration", "invalid_config"),
            Self::InvalidArgument => ("invalid argument", "invalid_argument"),
            Self::Credentials => ("no credentials", "credentials"),
            Self::UnexpectedStatus => ("unexpected status", "unexpected_status"),
        }
    }

    /// The kind in words, as a message says it (`rate limited`).
    pub(crate) fn describe(self) -> &'static str {
        self.table().0
    }

    /// A short, stable name (`timeout`, `rate_limited`, ...): the `error.type` of traces and
    /// metrics when there is no HTTP status.
    pub fn name(self) -> &'static str {
        self.table().1
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}
