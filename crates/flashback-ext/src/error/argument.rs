//! Why a call refused one of its arguments, as a value a program can branch on.

use std::fmt;

/// Why a call refused an argument ([`crate::ErrorKind::InvalidArgument`]); nothing was sent.
/// Unlike a [`crate::error::ConfigError`], the client is fine: another call with other arguments
/// works.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgumentError {
    /// A workspace filter holds an empty or blank id, which would widen it to every workspace.
    EmptyWorkspaceId,
    /// [`crate::Client::raw_answer`] was asked for an operation it cannot call, or with a
    /// workspace the operation does not take.
    UnsupportedOperation {
        /// What is wrong, naming the operation.
        reason: String,
    },
    /// The generated client refused to build the request.
    InvalidRequest {
        /// Its reason.
        reason: String,
    },
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyWorkspaceId => f.write_str(
                "the workspace id is empty; an empty id would list every workspace's buckets: \
                 pass a workspace id, or WorkspaceFilter::All for every bucket",
            ),
            Self::UnsupportedOperation { reason } => f.write_str(reason),
            Self::InvalidRequest { reason } => write!(f, "invalid request: {reason}"),
        }
    }
}
