//! How the generated client sends a request and reads its answer: progenitor's `exec` hook,
//! pluggable per client.
//!
//! Every generated [`Client`] carries a [`Hooks`] value (progenitor's "inner type"). Without an
//! exchange ([`Hooks::default`]) it sends each request with its `reqwest::Client` and reads
//! each body whole, exactly as progenitor does. With an [`Exchange`]
//! ([`Hooks::with_exchange`]) it hands the request to it instead, and the exchange returns the
//! response and later reads its body. That one place is where a wrapper such as
//! `flashback-ext` can:
//!
//! * add headers to the request (the bearer token, `User-Agent`) even when the caller supplied
//!   its own `reqwest::Client`, whose default headers cannot be changed;
//! * see the status and headers of the response before the generated code consumes it;
//! * read the body itself, with a limit ([`Exchange::read_body`]), when the generated code
//!   decodes it: the response is never rebuilt.
//!
//! The state of a call (what the response head was) belongs to the exchange, so a wrapper that
//! needs it per call gives each call a client of its own with [`Client::with_exchange`]: the
//! clone shares the connection pool and the parsed base URL.
//!
//! The hooks also keep the client's base URL parsed, once: each request's URL is the parsed base
//! with the operation's path, not a string parsed again on every call.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::Url;

use crate::Client;

/// A boxed, sendable future, as [`Exchange::exchange`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a request and returns its response, in place of `reqwest::Client::execute`, and reads
/// the response's body when the generated code decodes it.
pub trait Exchange: Send + Sync + fmt::Debug {
    /// Sends `request` (built by the generated code for operation `operation_id`) with `http`,
    /// the client's `reqwest::Client`, and returns the response whose status, headers and body
    /// the generated code will read.
    fn exchange<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;

    /// Reads the body of a response [`Exchange::exchange`] returned, when the generated code
    /// decodes it. The default reads it whole, as progenitor does; an exchange that bounds
    /// memory stops at its limit with [`BodyError::TooLarge`].
    fn read_body<'a>(
        &'a self,
        response: reqwest::Response,
    ) -> BoxFuture<'a, Result<Bytes, BodyError>> {
        Box::pin(read_whole(response))
    }
}

/// The whole body, as progenitor reads it.
async fn read_whole(response: reqwest::Response) -> Result<Bytes, BodyError> {
    response.bytes().await.map_err(BodyError::Read)
}

/// Why the body of a response could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// Reading failed: the connection broke, or the body did not decompress.
    Read(reqwest::Error),
    /// The body is larger than the exchange accepts; the text says so and names the limit
    /// ("the response is larger than 256 MiB").
    TooLarge(String),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Read(error) => write!(f, "the body could not be read: {error}"),
            BodyError::TooLarge(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Read(error) => Some(error),
            BodyError::TooLarge(_) => None,
        }
    }
}

impl BodyError {
    /// The generated client's error for this failure: [`Error::ResponseBodyError`] for a read
    /// that failed, [`Error::InvalidResponsePayload`] (with no body) for one over the limit.
    pub fn into_api_error<E>(self) -> Error<E> {
        match self {
            BodyError::Read(error) => Error::ResponseBodyError(error),
            BodyError::TooLarge(why) => Error::InvalidResponsePayload(
                Bytes::new(),
                <serde_json::Error as serde::de::Error>::custom(why),
            ),
        }
    }
}

/// The hooks of a [`Client`]: the [`Exchange`] its requests go through, if any, and its base
/// URL parsed once.
#[derive(Clone, Default)]
pub struct Hooks {
    exchange: Option<Arc<dyn Exchange>>,
    /// The client's base URL, parsed on first use and shared with the clones
    /// [`Client::with_exchange`] makes (they keep the same base URL). `None` when the base URL
    /// cannot take a path by itself (it has a query or a fragment, or does not parse): each
    /// request's URL is then the text parsed as progenitor does.
    base_url: Arc<OnceLock<Option<Url>>>,
}

impl Hooks {
    /// Hooks that send every request through `exchange`.
    pub fn with_exchange(exchange: Arc<dyn Exchange>) -> Self {
        Self {
            exchange: Some(exchange),
            base_url: Arc::default(),
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("exchange", &self.exchange)
            .finish_non_exhaustive()
    }
}

impl ClientHooks<Hooks> for Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner.exchange {
            Some(exchange) => {
                exchange
                    .exchange(self.client(), request, info.operation_id)
                    .await
            }
            None => self.client().execute(request).await,
        }
    }
}

impl Client {
    /// This client, sending its requests through `exchange`. The clone shares the base URL
    /// (parsed once) and the connection pool; it costs one `String` and three reference
    /// counts.
    pub fn with_exchange(&self, exchange: Arc<dyn Exchange>) -> Self {
        let inner = Hooks {
            exchange: Some(exchange),
            base_url: Arc::clone(&self.inner.base_url),
        };
        Self::new_with_client(&self.baseurl, self.client.clone(), inner)
    }

    /// The exchange this client sends requests through, if any.
    pub fn exchange(&self) -> Option<&Arc<dyn Exchange>> {
        self.inner.exchange.as_ref()
    }

    /// Reads the body of `response`, a response to this client's request: through its
    /// exchange, which may bound it, or whole.
    pub async fn read_body(&self, response: reqwest::Response) -> Result<Bytes, BodyError> {
        match &self.inner.exchange {
            Some(exchange) => exchange.read_body(response).await,
            None => read_whole(response).await,
        }
    }

    /// The URL of a request to `path` (the operation's path, its parameters encoded): the
    /// base URL, parsed once per client, with `path` after the base URL's own. The generated
    /// code calls it where progenitor would format the URL as text for reqwest to parse, and
    /// makes an error of it `Error::InvalidRequest`.
    pub fn operation_url(&self, path: fmt::Arguments<'_>) -> Result<Url, String> {
        let base = self.inner.base_url.get_or_init(|| {
            Url::parse(&self.baseurl)
                .ok()
                .filter(|url| url.query().is_none() && url.fragment().is_none())
        });
        let Some(base) = base else {
            let text = format!("{}{}", self.baseurl, path);
            return Url::parse(&text)
                .map_err(|error| format!("the URL {text} is not valid: {error}"));
        };
        let mut url = base.clone();
        // `https://host` parses with the path `/`, which the text form does not have.
        let stem = match base.path() {
            "/" if !self.baseurl.ends_with('/') => "",
            stem => stem,
        };
        match path.as_str() {
            Some(path) if stem.is_empty() => url.set_path(path),
            _ => url.set_path(&format!("{stem}{path}")),
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use crate::Client;

    fn url(base: &str, path: std::fmt::Arguments<'_>) -> String {
        let client = Client::new(base, Default::default());
        // Twice: the second comes from the base URL parsed on the first.
        let first = client.operation_url(path).unwrap().to_string();
        let again = client.operation_url(path).unwrap().to_string();
        assert_eq!(first, again);
        first
    }

    #[test]
    fn the_path_goes_after_the_base_url_as_progenitor_formats_it() {
        let id = "a b";
        assert_eq!(
            url("http://127.0.0.1:8080", format_args!("/bucket")),
            "http://127.0.0.1:8080/bucket"
        );
        assert_eq!(
            url("https://api.example.com/v1", format_args!("/bucket/{id}")),
            "https://api.example.com/v1/bucket/a%20b"
        );
        // A trailing slash is kept, as in the text "{baseurl}{path}".
        assert_eq!(
            url("https://api.example.com/v1/", format_args!("/bucket")),
            "https://api.example.com/v1//bucket"
        );
        assert_eq!(
            url("https://api.example.com/", format_args!("/bucket")),
            "https://api.example.com//bucket"
        );
    }

    #[test]
    fn a_base_url_that_cannot_take_a_path_is_formatted_as_text() {
        // With a query, the path goes after it, as progenitor's text would have it.
        assert_eq!(
            url("https://api.example.com?tenant=1", format_args!("/bucket")),
            "https://api.example.com/?tenant=1/bucket"
        );
        let client = Client::new("not a url", Default::default());
        let error = client.operation_url(format_args!("/bucket")).unwrap_err();
        assert_eq!(
            error,
            "the URL not a url/bucket is not valid: relative URL without a base"
        );
    }

    #[test]
    fn the_clones_share_the_parsed_base_url() {
        #[derive(Debug)]
        struct Nothing;
        impl super::Exchange for Nothing {
            fn exchange<'a>(
                &'a self,
                _: &'a reqwest::Client,
                _: reqwest::Request,
                _: &'static str,
            ) -> super::BoxFuture<'a, reqwest::Result<reqwest::Response>> {
                unreachable!("not sent")
            }
        }
        let client = Client::new("http://127.0.0.1:1", Default::default());
        client.operation_url(format_args!("/")).unwrap();
        let clone = client.with_exchange(std::sync::Arc::new(Nothing));
        assert!(std::sync::Arc::ptr_eq(
            &client.inner.base_url,
            &clone.inner.base_url
        ));
        assert!(clone.inner.base_url.get().is_some());
    }
}
