//! HTTP/2 connections with faults (`ConnectionFaults::goaway`, `refuse_every`), served stream by
//! stream with the `h2` crate so that the fake decides, for each stream, to answer it, refuse it
//! or end the connection under it; what axum's server does not let a handler do.
//!
//! Streams are answered one after another, in the order they arrive: the answers of the first
//! N are written before the `GOAWAY` of stream N+1.

use axum::body::Body;
use h2::Reason;
use h2::server::SendResponse;
use http::Request;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_service::Service;

/// An HTTP/2 connection's end (see `ConnectionFaults::goaway`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoAway {
    /// Streams answered before the `GOAWAY`.
    pub after_streams: u32,
    /// The `GOAWAY`'s error code.
    pub code: GoAwayCode,
}

/// The error code of a `GOAWAY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoAwayCode {
    /// `NO_ERROR`: a graceful end (nginx after `keepalive_requests`).
    NoError,
    /// `INTERNAL_ERROR`: the server gives up on the connection; the streams it had not
    /// answered are lost.
    InternalError,
}

/// The largest answer body served here; the fake's answers are far smaller.
const MAX_BODY: usize = 64 << 20;

/// Serves one HTTP/2 connection: ends it with `goaway`, refuses every `refuse_every`th stream.
pub(crate) async fn serve<I>(
    io: I,
    app: axum::Router,
    goaway: Option<GoAway>,
    refuse_every: Option<u32>,
) where
    I: AsyncRead + AsyncWrite + Unpin,
{
    let Ok(mut connection) = h2::server::handshake(io).await else {
        return;
    };
    let mut streams = 0u32;
    // Streams received after the GOAWAY point: held, never answered, until the connection ends.
    let mut held = Vec::new();
    while let Some(accepted) = connection.accept().await {
        let Ok((request, mut respond)) = accepted else {
            break;
        };
        streams += 1;
        if refuse_every.is_some_and(|every| every > 0 && streams.is_multiple_of(every)) {
            respond.send_reset(Reason::REFUSED_STREAM);
            continue;
        }
        if let Some(goaway) = goaway
            && streams > goaway.after_streams
        {
            held.push(respond);
            connection.abrupt_shutdown(match goaway.code {
                GoAwayCode::NoError => Reason::NO_ERROR,
                GoAwayCode::InternalError => Reason::INTERNAL_ERROR,
            });
            break;
        }
        answer(&app, request, respond).await;
    }
    // Keep polling until the GOAWAY is written and the connection closes.
    let _ = std::future::poll_fn(|cx| connection.poll_closed(cx)).await;
    drop(held);
}

/// Answers one stream as the app does.
async fn answer(
    app: &axum::Router,
    request: Request<h2::RecvStream>,
    mut respond: SendResponse<bytes::Bytes>,
) {
    // The API's requests are GETs: their body is not read.
    let (parts, _body) = request.into_parts();
    let request = Request::from_parts(parts, Body::empty());
    let Ok(response) = app.clone().call(request).await;
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        respond.send_reset(Reason::INTERNAL_ERROR);
        return;
    };
    let head = http::Response::from_parts(parts, ());
    let end = body.is_empty();
    let Ok(mut stream) = respond.send_response(head, end) else {
        return;
    };
    if !end {
        let _ = stream.send_data(body, true);
    }
}
