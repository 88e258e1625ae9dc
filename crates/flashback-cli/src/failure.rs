//! What the command says when it fails, and its exit code.

use std::fmt;
use std::process::ExitCode;

use flashback_ext::{Error, ErrorKind};

/// A failure of the command: one line for stderr, and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

/// Exit codes (see `--help`).
pub const USAGE: u8 = 2;
pub const AUTH: u8 = 3;
pub const NOT_FOUND: u8 = 4;
pub const UNAVAILABLE: u8 = 5;
pub const INVALID_RESPONSE: u8 = 6;

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: USAGE,
            message: message.into(),
        }
    }

    /// The failure for an SDK error; `token_source` says where the token came from, for the
    /// advice on a 401.
    pub fn from_sdk(error: &Error, token_source: &str) -> Self {
        let (code, message) = match error.kind() {
            ErrorKind::InvalidConfig => (USAGE, error.to_string()),
            ErrorKind::Unauthorized => (
                AUTH,
                format!(
                    "authentication failed (401): check {token_source}{}",
                    server_says(error)
                ),
            ),
            ErrorKind::Forbidden => (
                AUTH,
                match error.workspace() {
                    Some(workspace) => format!(
                        "access denied (403) to workspace {workspace}{}: check the workspace id and your access",
                        server_says(error)
                    ),
                    None => format!("access denied (403){}", server_says(error)),
                },
            ),
            ErrorKind::NotFound => (
                NOT_FOUND,
                format!(
                    "not found (404){}: the token's user may have been removed from the organization",
                    server_says(error)
                ),
            ),
            ErrorKind::Tls => (
                UNAVAILABLE,
                format!(
                    "cannot connect securely: {error}; if the server uses a private certificate \
                     authority, pass --ca-cert PATH (or set SSL_CERT_FILE)"
                ),
            ),
            ErrorKind::Timeout
            | ErrorKind::Transport
            | ErrorKind::Server
            | ErrorKind::RateLimited => (
                UNAVAILABLE,
                format!(
                    "the platform is unavailable: {error}; try again later or raise --timeout/--retries"
                ),
            ),
            ErrorKind::InvalidResponse | ErrorKind::UnexpectedStatus => (
                INVALID_RESPONSE,
                format!("invalid response from the server: {error}"),
            ),
            _ => (UNAVAILABLE, error.to_string()),
        };
        Self { code, message }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
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
