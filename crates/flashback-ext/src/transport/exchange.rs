//! The exchange of one attempt: the credentials and `User-Agent` go on, the response head is
//! kept, the body is read within the limit when the generated code decodes it.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use flashback_api::hooks::{BodyError, BoxFuture, Exchange};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Response, StatusCode, Version};

use super::body::{BodyTooLarge, ReadFailure, read_bounded};
use super::connection_gate::{ConnectionGate, Protocol};
use super::proxy::ProxyRoute;
use super::replay::{Replay, Unprocessed, replay_for};
use super::request_id::request_id;
use super::tls::CertificateRequests;
use crate::telemetry::inject_trace_context;
use tokio::sync::watch;

/// What every request of a client carries, how much of an answer it may read, and what the
/// client has learnt of its connections.
#[derive(Debug)]
pub(crate) struct Transport {
    /// `User-Agent` (the token is the attempt's: see [`AttemptExchange::new`]).
    pub(crate) headers: HeaderMap,
    /// The most bytes of a body to read, decompressed.
    pub(crate) max_response_bytes: u64,
    /// A client that keeps no idle connection, for sending a request again on a new one after
    /// a pooled connection turned out stale; `None` with the caller's own `reqwest::Client`
    /// (the request goes again through it).
    pub(crate) fresh: Option<reqwest::Client>,
    /// The protocol of the connections, the answers counted (the platform's progress, which
    /// bounds the replays of requests it did not process), one connection per origin over
    /// HTTP/2.
    pub(crate) gate: Arc<ConnectionGate>,
    /// The proxy requests go through, when the client knows it (not with the caller's own
    /// `reqwest::Client`): errors name it.
    pub(crate) proxy: Option<ProxyRoute>,
    /// The platform's `host:port`, for errors that carry no URL (a body cut short).
    pub(crate) authority: String,
    /// Whether the client presents a client certificate (for the words of a refusal).
    pub(crate) presented_certificate: bool,
    /// Whether a server asked for a client certificate in a TLS handshake (the `rustls`
    /// backend notes it).
    pub(crate) certificate_requests: Arc<CertificateRequests>,
    /// Whether each request carries the current trace context (`opentelemetry` feature).
    pub(crate) propagate_trace_context: bool,
}

impl Transport {
    /// Whether the connections speak HTTP/2.
    pub(crate) fn is_http2(&self) -> bool {
        self.gate.is_http2()
    }

    /// How many answers have arrived so far.
    pub(crate) fn answers(&self) -> u64 {
        self.gate.answers()
    }

    /// The protocol of the connections, as soon as it is known.
    pub(crate) fn protocol(&self) -> watch::Receiver<Protocol> {
        self.gate.protocol()
    }
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
    /// Set when the body was larger than the limit.
    too_large: OnceLock<BodyTooLarge>,
    /// Whether to send on a new connection (the replay after a stale pooled one).
    fresh_connection: bool,
    /// Why the request can be sent again at once, when it failed unprocessed.
    replay: OnceLock<Replay>,
}

impl AttemptExchange {
    /// The exchange of an attempt; with `fresh_connection`, on a new connection.
    pub(crate) fn new(
        transport: Arc<Transport>,
        authorization: HeaderValue,
        fresh_connection: bool,
    ) -> Self {
        Self {
            transport,
            authorization,
            head: OnceLock::new(),
            too_large: OnceLock::new(),
            fresh_connection,
            replay: OnceLock::new(),
        }
    }

    /// The head of the response, once one arrived.
    pub(crate) fn head(&self) -> Option<&ResponseHead> {
        self.head.get()
    }

    /// The proxy the request went through, when the client knows it.
    pub(crate) fn proxy(&self) -> Option<&ProxyRoute> {
        self.transport.proxy.as_ref()
    }

    /// The platform's `host:port`.
    pub(crate) fn authority(&self) -> &str {
        &self.transport.authority
    }

    /// Whether the client presents a client certificate.
    pub(crate) fn presented_certificate(&self) -> bool {
        self.transport.presented_certificate
    }

    /// Whether a server asked this client for a client certificate in a TLS handshake and the
    /// platform has answered nothing yet: a connection then closed before any answer is the
    /// refusal of the handshake's outcome (TLS 1.3 sends it after the client's handshake is
    /// over), not an outage (see `transport::tls`).
    pub(crate) fn certificate_asked_unanswered(&self) -> bool {
        self.transport.certificate_requests.asked() && self.transport.answers() == 0
    }

    /// The limit the body went over, if it did.
    pub(crate) fn too_large(&self) -> Option<BodyTooLarge> {
        self.too_large.get().copied()
    }

    /// Reads the body of `response` within the client's limit; notes a body over it (see
    /// [`AttemptExchange::too_large`]).
    pub(crate) async fn read_within_limit(&self, response: Response) -> Result<Bytes, ReadFailure> {
        let outcome = read_bounded(response, self.transport.max_response_bytes).await;
        if let Err(ReadFailure::TooLarge(too_large)) = &outcome {
            let _ = self.too_large.set(*too_large);
        }
        outcome
    }

    /// Why the request can be sent again at once, when it failed without being processed (see
    /// `transport::replay`): a stale pooled connection (the attempt sends again through an
    /// exchange on a new connection, [`AttemptExchange::new`] with `fresh_connection`), or an
    /// HTTP/2 stream the server refused or cut with a `GOAWAY` (again through the pool).
    pub(crate) fn replay(&self) -> Option<Replay> {
        self.replay.get().copied()
    }

    /// Sends `request` through the pooled client, or through the client that keeps no idle
    /// connection when this exchange is the replay after a stale connection; notes a request
    /// the server never processed (see [`AttemptExchange::replay`]).
    async fn send(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<Response> {
        let http = match (&self.transport.fresh, self.fresh_connection) {
            (Some(fresh), true) => fresh,
            _ => http,
        };
        // A new connection cannot be stale: only a pooled one can.
        let pooled = !self.fresh_connection && self.transport.answers() > 0;
        let outcome = http.execute(request).await;
        if let Err(error) = &outcome {
            let replay = replay_for(error, pooled, self.transport.is_http2())
                // Not a stream the server did not get to, but its refusal of the handshake.
                .filter(|replay| {
                    !(*replay == Replay::Unprocessed(Unprocessed::ConnectionClosed)
                        && self.certificate_asked_unanswered())
                });
            // A connection that failed under a request is gone: the next request makes one.
            if !matches!(
                replay,
                Some(Replay::Unprocessed(Unprocessed::RefusedStream))
            ) {
                self.transport.gate.lost();
            }
            if let Some(replay) = replay {
                tracing::debug!(error = %error, "{}", replay.describe());
                tracing::Span::current().record("connection_replayed", true);
                let _ = self.replay.set(replay);
            }
        }
        outcome
    }
}

/// The header progenitor adds to every request.
const API_VERSION: &str = "api-version";

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
            // progenitor sends the spec's version as `api-version`, a header the platform does
            // not document.
            headers.remove(API_VERSION);
            if self.transport.propagate_trace_context {
                inject_trace_context(headers);
            }
            let response = self.send(http, request).await?;
            let transport = &self.transport;
            transport
                .gate
                .answered(response.version() == Version::HTTP_2);
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
            Ok(response)
        })
    }

    fn read_body<'a>(&'a self, response: Response) -> BoxFuture<'a, Result<Bytes, BodyError>> {
        Box::pin(async move {
            self.read_within_limit(response)
                .await
                .map_err(|failure| match failure {
                    ReadFailure::Read(error) => BodyError::Read(error),
                    ReadFailure::TooLarge(too_large) => BodyError::TooLarge(too_large.to_string()),
                })
        })
    }
}
