//! What a service's tests need a mock to answer beyond the statuses the spec documents (a
//! `429` with `Retry-After`, a `5xx`, a slow answer), and raw bodies held to the contract.
//!
//! Every operation's typed `Then` (`operations::GetStorageBucketsThen`, ...) implements
//! [`Answers`]. A body given as text ([`Answers::json_text`]) is checked against the spec
//! (`flashback-contract`): a mock cannot answer what the platform never sends, such as a
//! `createdAt` of `"yesterday"`, unless the test leaves the contract on purpose with
//! [`Answers::off_contract`], which names what it does.

use std::time::Duration;

use flashback_api::operations::Operation;
use flashback_api::types::ErrorResponse;
use flashback_contract::{Answer, Contract};

/// A server failure a mock answers with ([`Answers::server_error`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerError {
    /// `500 Internal Server Error`, as the spec documents it.
    Internal,
    /// `502 Bad Gateway`: a proxy or load balancer in front of the platform.
    BadGateway,
    /// `503 Service Unavailable`: the platform is down or deploying.
    Unavailable,
    /// `504 Gateway Timeout`: the platform did not answer a proxy in time.
    GatewayTimeout,
}

impl ServerError {
    /// The HTTP status.
    pub fn status(self) -> u16 {
        match self {
            ServerError::Internal => 500,
            ServerError::BadGateway => 502,
            ServerError::Unavailable => 503,
            ServerError::GatewayTimeout => 504,
        }
    }
}

/// The platform's error body: `{"success": false, "message": MESSAGE}`.
fn error_body(message: &str) -> ErrorResponse {
    ErrorResponse {
        success: Some(false),
        message: Some(message.to_owned()),
    }
}

/// Answers every operation's typed `Then` gives besides its documented ones (implemented for
/// each by the generator).
///
/// ```
/// use std::time::Duration;
/// use flashback_httpmock::{Answers, MockServerExt, ServerError};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = flashback_httpmock::httpmock::MockServer::start_async().await;
/// server.get_storage_buckets(|when, then| {
///     when.workspace_id("ws-busy");
///     then.rate_limited(Duration::from_secs(2));
/// });
/// server.get_storage_buckets(|when, then| {
///     when.workspace_id("ws-down");
///     then.server_error(ServerError::Unavailable);
/// });
/// server.get_available_storage_buckets(|_, then| {
///     // Checked against the spec: a `createdAt` that is not a date would fail the test here.
///     then.json_text(200, r#"[{"id":"b-1","createdAt":"2025-01-10T09:30:00Z","tier":"gold"}]"#)
///         .delay(Duration::from_millis(50));
/// });
/// # }
/// ```
pub trait Answers: Sized {
    /// The operation this `Then` answers.
    const OPERATION: Operation;

    /// httpmock's own `Then`.
    fn into_then(self) -> httpmock::Then;

    /// The typed `Then` around httpmock's.
    fn from_then(then: httpmock::Then) -> Self;

    /// `429 Too Many Requests` with `Retry-After: SECONDS` (whole seconds, as the platform
    /// sends it) and the platform's error body.
    fn rate_limited(self, retry_after: Duration) -> Self {
        Self::from_then(
            self.into_then()
                .status(429)
                .header("retry-after", retry_after.as_secs().to_string())
                .header("content-type", "application/json")
                .json_body_obj(&error_body("Too many requests")),
        )
    }

    /// A server failure with the platform's error body.
    fn server_error(self, error: ServerError) -> Self {
        Self::from_then(
            self.into_then()
                .status(error.status())
                .header("content-type", "application/json")
                .json_body_obj(&error_body("Internal server error")),
        )
    }

    /// The answer after `delay`, to exercise timeouts and deadlines. (For a connection that
    /// drops or an answer that never comes, use `flashback-fake`: `Fault::Drop`, `Fault::Hang`.)
    fn delay(self, delay: Duration) -> Self {
        Self::from_then(self.into_then().delay(delay))
    }

    /// `status` with `body`, JSON text, checked against the spec for this operation and status:
    /// what the spec does not document (a new field, an undocumented status) is allowed, as the
    /// platform may send it; what it forbids is not.
    ///
    /// # Panics
    ///
    /// When the body violates the contract: the test fails here, naming each violation by its
    /// JSON path (credentials masked). Use [`Answers::off_contract`] to send it on purpose.
    fn json_text(self, status: u16, body: &str) -> Self {
        let answer = Answer {
            status,
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let violations = Contract::embedded()
            .violations(Self::OPERATION.id(), &answer)
            .unwrap_or_else(|error| panic!("cannot check the mock's answer: {error}"));
        if let Some(violations) = violations {
            panic!(
                "this mock answer to {} ({status}) breaks the contract, so the platform never \
                 sends it: {violations}; call `.off_contract()` to send it on purpose",
                Self::OPERATION.route(),
            );
        }
        Self::from_then(
            self.into_then()
                .status(status)
                .header("content-type", "application/json")
                .body(body),
        )
    }

    /// Leaves the contract on purpose: httpmock's own `Then`, on which nothing is checked (a
    /// body the spec forbids, an HTML error page). The same as `into_inner()`, named for what
    /// it does.
    fn off_contract(self) -> httpmock::Then {
        self.into_then()
    }
}
