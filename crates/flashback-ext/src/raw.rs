//! Answers as they came over the wire, for checking them against the contract
//! (`flashback contract check`): status, `Content-Type` and body bytes, with everything else a
//! call has (auth, retries, time limits, the body limit, typed errors for failures).

use bytes::Bytes;
use flashback_api::types::ErrorResponse;
use progenitor_client::{ClientInfo, Error as ApiError, ResponseValue};
use reqwest::header::CONTENT_TYPE;

use crate::call::execute;
use crate::client::Client;
use crate::config_error::ConfigError;
use crate::error::{Error, Operation};
use crate::workspace::WorkspaceFilter;

/// A successful (2xx) answer, undecoded.
#[derive(Clone)]
#[non_exhaustive]
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if it was there and text.
    pub content_type: Option<String>,
    /// The body, decompressed, read within the client's response-size limit.
    pub body: Bytes,
}

/// The body is not printed: it holds credentials (buckets' keys and secrets).
impl std::fmt::Debug for RawAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawAnswer")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl Client {
    /// Calls `operation` (a `GET` without path parameters) and returns its answer undecoded,
    /// so that it can be checked against the spec even where the SDK's types would refuse it.
    /// `workspace` is sent as `workspaceId` where the operation takes one (empty: an error).
    ///
    /// A non-2xx answer is the same typed [`Error`] as from the other calls, after the same
    /// retries.
    pub async fn raw_answer(
        &self,
        operation: Operation,
        workspace: Option<&str>,
    ) -> Result<RawAnswer, Error> {
        if let Some(workspace) = workspace {
            WorkspaceFilter::One(workspace.to_owned()).validate()?;
            if !operation.query_parameters().contains(&"workspaceId") {
                return Err(Error::config(ConfigError::InvalidRequest {
                    reason: format!("{} takes no workspaceId", operation.id()),
                }));
            }
        }
        if operation.method() != "GET" || operation.path().contains('{') {
            return Err(Error::config(ConfigError::InvalidRequest {
                reason: format!(
                    "{} is not a GET without path parameters; raw_answer cannot call it",
                    operation.id()
                ),
            }));
        }
        execute(self.settings(), operation, workspace, |api| async move {
            let url = format!("{}{}", api.baseurl(), operation.path());
            let mut request = api.client().get(url);
            if let Some(workspace) = workspace {
                request = request.query(&[("workspaceId", workspace)]);
            }
            let request = request
                .build()
                .map_err(|error| ApiError::<ErrorResponse>::InvalidRequest(error.to_string()))?;
            let response = match api.exchange() {
                Some(exchange) => {
                    exchange
                        .exchange(api.client(), request, operation.id())
                        .await
                }
                None => api.client().execute(request).await,
            }
            .map_err(ApiError::CommunicationError)?;
            if !response.status().is_success() {
                return Err(ApiError::UnexpectedResponse(response));
            }
            let (status, headers) = (response.status(), response.headers().clone());
            let body = response
                .bytes()
                .await
                .map_err(ApiError::ResponseBodyError)?;
            let answer = RawAnswer {
                status: status.as_u16(),
                content_type: headers
                    .get(CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned),
                body,
            };
            Ok(ResponseValue::new(answer, status, headers))
        })
        .await
    }
}
