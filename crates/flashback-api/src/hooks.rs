//! Per-call context for the generated client's request hooks.
//!
//! The generated client calls [`before_send`] on every request it builds and [`after_receive`]
//! on every result it gets (progenitor's pre and post hooks, set in `xtask/src/generate.rs`).
//! Outside a [`CallContext::scope`] both do nothing, so [`crate::Client`] keeps progenitor's
//! behaviour. Inside one they let a wrapper such as `flashback-ext`:
//!
//! * add headers to the request (the bearer token, `User-Agent`) even when the caller supplied
//!   its own `reqwest::Client`, whose default headers cannot be changed;
//! * see the status and headers of the response, which the generated client drops when a
//!   documented status comes with a body it cannot decode (a proxy's HTML page on a 429 or a
//!   500): without them such an answer could be neither classified nor retried.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

tokio::task_local! {
    static CONTEXT: Arc<CallContext>;
}

/// What a call made within [`CallContext::scope`] adds to its requests and saw of its response.
#[derive(Debug, Default)]
pub struct CallContext {
    headers: Arc<HeaderMap>,
    response: Mutex<Option<ResponseHead>>,
}

/// The status of a response, and the headers of one that is not a success, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// The status.
    pub status: StatusCode,
    /// The headers, for a status other than 2xx (a success's headers are not copied: the
    /// hook runs on every call, and only failures need them, for `Retry-After`).
    pub headers: HeaderMap,
}

impl CallContext {
    /// A context that adds `headers` to every request made within its scope (replacing headers
    /// of the same name). Mark credentials sensitive (`HeaderValue::set_sensitive`) so that they
    /// never print. The map is shared, not copied: one per client serves every call.
    pub fn with_headers(headers: Arc<HeaderMap>) -> Arc<Self> {
        Arc::new(Self {
            headers,
            response: Mutex::new(None),
        })
    }

    /// Runs `call` with this context; the hooks of the generated client see it.
    pub async fn scope<F: Future>(self: &Arc<Self>, call: F) -> F::Output {
        CONTEXT.scope(Arc::clone(self), call).await
    }

    /// The head of the last response received within the scope, if one was.
    pub fn last_response(&self) -> Option<ResponseHead> {
        self.response
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// progenitor's pre-hook: adds the scope's headers to the request.
pub(crate) fn before_send(request: &mut reqwest::Request) {
    let _ = CONTEXT.try_with(|context| {
        for (name, value) in context.headers.iter() {
            request.headers_mut().insert(name, value.clone());
        }
    });
}

/// progenitor's post-hook: records the response head for the scope.
pub(crate) fn after_receive(result: &reqwest::Result<reqwest::Response>) {
    let _ = CONTEXT.try_with(|context| {
        let head = result.as_ref().ok().map(|response| ResponseHead {
            status: response.status(),
            headers: if response.status().is_success() {
                HeaderMap::new()
            } else {
                response.headers().clone()
            },
        });
        *context
            .response
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = head;
    });
}
