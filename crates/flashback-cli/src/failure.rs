//! What the command says when it fails, and its exit code.

use std::fmt;
use std::process::ExitCode;

use flashback_ext::error::{ClientCertificateRefusal, StopReason};
use flashback_ext::{Error, ErrorKind};

use crate::exit::Exit;

/// A failure of the command: one line for stderr, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// The failure for an SDK error; `token_source` says where the token came from, for the
    /// advice on a 401.
    pub fn from_sdk(error: &Error, token_source: &str) -> Self {
        let (exit, message) = match error.kind() {
            // Nothing to retry: a setting, an argument or the token's source must change.
            ErrorKind::InvalidConfig | ErrorKind::InvalidArgument | ErrorKind::Credentials => {
                (Exit::Usage, error.to_string())
            }
            ErrorKind::Unauthorized => (
                Exit::Auth,
                format!(
                    "authentication failed (401): check {token_source}{}",
                    server_says(error)
                ),
            ),
            ErrorKind::Forbidden => (
                Exit::Auth,
                match error.workspace() {
                    Some(workspace) => format!(
                        "access denied (403) to workspace {workspace}{}: check the workspace id and your access",
                        server_says(error)
                    ),
                    None => format!("access denied (403){}", server_says(error)),
                },
            ),
            ErrorKind::NotFound => (
                Exit::NotFound,
                format!(
                    "not found (404){}: the token's user may have been removed from the organization",
                    server_says(error)
                ),
            ),
            ErrorKind::Tls => match error.client_certificate_refusal() {
                Some(ClientCertificateRefusal::Missing) => (
                    Exit::Auth,
                    format!(
                        "cannot connect securely: {error}; pass --client-cert FILE --client-key \
                         FILE (or set FLASHBACK_CLIENT_CERT and FLASHBACK_CLIENT_KEY, or the \
                         profile's client_cert and client_key)"
                    ),
                ),
                Some(_) => (
                    Exit::Auth,
                    format!(
                        "cannot connect securely: {error}; check --client-cert and --client-key"
                    ),
                ),
                None => tls_failure(error),
            },
            // A wrong proxy password: trying again would only lock the account.
            ErrorKind::Proxy if error.proxy_refused() => (
                Exit::Auth,
                format!(
                    "{error} (https_proxy, http_proxy or all_proxy: \
                     http://USER:PASSWORD@HOST:PORT, socks5h://USER:PASSWORD@HOST:PORT)"
                ),
            ),
            ErrorKind::Proxy => (
                Exit::Unavailable,
                format!(
                    "{error}; check https_proxy, http_proxy, all_proxy and no_proxy (or \
                     HTTPS_PROXY, ALL_PROXY, NO_PROXY; NO_PROXY=* bypasses every proxy)"
                ),
            ),
            ErrorKind::Redirect => (Exit::Usage, format!("{error} (--base-url)")),
            ErrorKind::Transport if error.to_string().contains("does not resolve") => (
                Exit::Unavailable,
                format!(
                    "{error}; check --base-url (or FLASHBACK_BASE_URL, or the profile's base_url)"
                ),
            ),
            ErrorKind::Timeout
            | ErrorKind::Transport
            | ErrorKind::Server
            | ErrorKind::RateLimited => {
                // Advise only the limit that ended the call: more attempts cannot help when the
                // deadline or the retry budget stopped it.
                let advice = match error.stop_reason() {
                    Some(StopReason::AttemptsExhausted) if error.kind() == ErrorKind::Timeout => {
                        "try again later or raise --timeout/--retries"
                    }
                    Some(StopReason::AttemptsExhausted) => "try again later or raise --retries",
                    Some(StopReason::Deadline) => "try again later or raise --timeout",
                    Some(StopReason::BudgetExhausted) => {
                        "try again later (retries stopped to spare a failing platform)"
                    }
                    _ => "try again later",
                };
                let what = if error.kind() == ErrorKind::RateLimited {
                    "the platform is limiting the rate of requests"
                } else {
                    "the platform is unavailable"
                };
                (Exit::Unavailable, format!("{what}: {error}; {advice}"))
            }
            ErrorKind::InvalidResponse | ErrorKind::UnexpectedStatus => (
                Exit::InvalidResponse,
                format!("invalid response from the server: {error}"),
            ),
            _ => (Exit::Unavailable, error.to_string()),
        };
        Self::new(exit, message)
    }

    pub fn exit_code(&self) -> ExitCode {
        self.exit.into()
    }
}

/// `: <server message>`, when the server sent one.
fn server_says(error: &Error) -> String {
    error
        .server_message()
        .map(|message| format!(": {message}"))
        .unwrap_or_default()
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)
    }
}

/// The exit and words for a TLS failure other than a refusal over the client certificate: the
/// hop's certificate (the proxy's or the platform's), or a handshake that found nothing in
/// common.
fn tls_failure(error: &Error) -> (Exit, String) {
    let text = error.to_string();
    let message = if text.contains("the certificate of the proxy") {
        format!(
            "cannot connect securely to the proxy: {error}; if the proxy uses a private \
             certificate authority, pass --ca-cert PATH (or set SSL_CERT_FILE)"
        )
    } else if text.contains("certificate") {
        format!(
            "cannot connect securely: {error}; if the server uses a private certificate \
             authority, pass --ca-cert PATH (or set SSL_CERT_FILE)"
        )
    } else {
        format!(
            "cannot connect securely: {error}; check that --base-url is the platform's HTTPS \
             address (a proxy or load balancer in front may only offer old TLS)"
        )
    };
    (Exit::Unavailable, message)
}
