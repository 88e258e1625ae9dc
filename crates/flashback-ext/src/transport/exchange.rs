//! The exchange of one attempt: the credentials and `User-Agent` go on, the response head is
//! kept, the body is read within the limit.

use std::sync::{Arc, OnceLock};

use flashback_api::hooks::{BoxFuture, Exchange};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Response, StatusCode};

use super::body::read_bounded;
use super::request_id::request_id;

/// What every request of a client carries and how much of an answer it may read.
#[derive(Debug)]
pub(crate) struct Transport {
    /// `User-Agent` (the token is the attempt's: see [`AttemptExchange::new`]).
    pub(crate) headers: HeaderMap,
    /// The most bytes of a body to read, decompressed.
    pub(crate) max_response_bytes: u64,
}

/// The status of a response, and the headers of one that is not a success.
#[derive(Debug, Clone)]
pub(crate) struct ResponseHead {
    pub(crate) status: StatusCode,
    /// The platform's id of the request, to report a failure with.
    pub(crate) request_id: Option<String>,
    /// Empty for a success: only failures need them (for `Retry-After`), and copying them on
    /// every call costs time.
    pub(crate) headers: HeaderMap,
}

/// The exchange of one attempt.
#[derive(Debug)]
pub(crate) struct AttemptExchange {
    transport: Arc<Transport>,
    /// `Bearer <token>`, marked sensitive.
    authorization: HeaderValue,
    head: OnceLock<ResponseHead>,
}

impl AttemptExchange {
    pub(crate) fn new(transport: Arc<Transport>, authorization: HeaderValue) -> Self {
        Self {
            transport,
            authorization,
            head: OnceLock::new(),
        }
    }

    /// The head of the response, once one arrived.
    pub(crate) fn head(&self) -> Option<&ResponseHead> {
        self.head.get()
    }
}

impl Exchange for AttemptExchange {
    fn exchange<'a>(
        &'a self,
        http: &'a reqwest::Client,
        mut request: reqwest::Request,
        _operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<Response>> {
        Box::pin(async move {
            let headers = request.headers_mut();
            for (name, value) in &self.transport.headers {
                headers.insert(name, value.clone());
            }
            headers.insert(AUTHORIZATION, self.authorization.clone());
            let response = http.execute(request).await?;
            let status = response.status();
            let _ = self.head.set(ResponseHead {
                status,
                request_id: request_id(response.headers()),
                headers: if status.is_success() {
                    HeaderMap::new()
                } else {
                    response.headers().clone()
                },
            });
            read_bounded(response, self.transport.max_response_bytes).await
        })
    }
}
