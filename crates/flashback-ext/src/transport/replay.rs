//! Requests the server never processed, sent again at once: they cost no attempt of the retry
//! policy, no wait and no retry budget, because nothing happened on the platform's side and
//! both operations are `GET`s. Two ways it happens:
//!
//! * **A stale pooled connection.** A load balancer or reverse proxy closes a keep-alive
//!   connection when it has been idle a while, and the client may send its next request on it
//!   before the close arrives: the request fails before any byte of the answer. It goes again
//!   on a new connection, as curl and browsers do.
//! * **An HTTP/2 stream the server did not process** (RFC 9113 §8.7): refused with
//!   `RST_STREAM(REFUSED_STREAM)`, or cut by a `GOAWAY` (any error code: nginx sends one after
//!   `keepalive_requests`, with streams of the client in flight). It goes again through the
//!   pool, which opens one new connection for the streams that were waiting.
//!
//! The attempt loop bounds the replays of one attempt: at most [`MAX_REPLAYS`] in a row while
//! no answer at all reaches the client. A server that answers some streams and sends the others
//! away (nginx's `GOAWAY` every `keepalive_requests`) is making progress, and the listing goes
//! on; one that refuses everything fails the attempt after three replays, and the failure is an
//! ordinary transport failure, retried by the policy.

use std::error::Error as StdError;
use std::io;

use super::connection_gate::Superseded;
use crate::error::sources;

/// The most times in a row one attempt sends its request again, while the client gets no
/// answer at all, without counting it as a failure.
pub(crate) const MAX_REPLAYS: u32 = 3;

/// Why a request is sent again at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// The connection closed before any byte of the answer, after this client had answers (its
    /// pool may hold connections a server closed while idle): send on a new connection.
    StaleConnection,
    /// The server refused the HTTP/2 stream or ended the connection under it: send through the
    /// pool again.
    Unprocessed(Unprocessed),
}

/// How an HTTP/2 server said it did not process a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unprocessed {
    /// `RST_STREAM(REFUSED_STREAM)`.
    RefusedStream,
    /// A `GOAWAY` (with this error code) before the stream's answer.
    GoAway(u32),
    /// The HTTP/2 connection closed before any byte of the stream's answer (after a `GOAWAY`
    /// that left it unanswered, or a reset).
    ConnectionClosed,
    /// The request waited for a connection another request made, and was not given it
    /// (`transport::connection_gate`): never sent.
    NotSent,
}

impl Replay {
    /// A short, stable name, for metrics.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::StaleConnection => "stale_connection",
            Self::Unprocessed(Unprocessed::RefusedStream) => "refused_stream",
            Self::Unprocessed(Unprocessed::GoAway(_)) => "goaway",
            Self::Unprocessed(Unprocessed::ConnectionClosed) => "connection_closed",
            Self::Unprocessed(Unprocessed::NotSent) => "not_sent",
        }
    }

    /// What happened and what the client does, for traces.
    pub(crate) fn describe(self) -> String {
        match self {
            Self::StaleConnection => "the connection closed before the answer (a stale pooled \
                 connection?): sending again on a new connection"
                .to_owned(),
            Self::Unprocessed(Unprocessed::RefusedStream) => {
                "the server refused the stream unprocessed (REFUSED_STREAM): sending again"
                    .to_owned()
            }
            Self::Unprocessed(Unprocessed::GoAway(code)) => format!(
                "the server ended the connection before processing the stream (GOAWAY, error \
                 code {code}): sending again"
            ),
            Self::Unprocessed(Unprocessed::ConnectionClosed) => {
                "the HTTP/2 connection closed before the answer: sending again".to_owned()
            }
            Self::Unprocessed(Unprocessed::NotSent) => {
                "the request was not sent (it waited for a connection another request made): \
                 sending it"
                    .to_owned()
            }
        }
    }
}

/// Why `error`, the failure of sending a request (before any answer), means the request can be
/// sent again at once. `pooled`: whether this client had answers before the request was sent
/// (its pool may hold idle connections); `http2`: whether its answers come over HTTP/2 (one
/// connection carries every request, and a new one is shared again through the pool).
pub(crate) fn replay_for(error: &reqwest::Error, pooled: bool, http2: bool) -> Option<Replay> {
    if sources(error).any(|source| source.is::<Superseded>()) {
        return Some(Replay::Unprocessed(Unprocessed::NotSent));
    }
    if let Some(unprocessed) = unprocessed_stream(error) {
        return Some(Replay::Unprocessed(unprocessed));
    }
    if !closed_before_answer(error) {
        return None;
    }
    if http2 {
        Some(Replay::Unprocessed(Unprocessed::ConnectionClosed))
    } else {
        pooled.then_some(Replay::StaleConnection)
    }
}

/// The HTTP/2 stream of `error` was refused or cut by a `GOAWAY` from the server.
fn unprocessed_stream(error: &reqwest::Error) -> Option<Unprocessed> {
    if error.is_connect() || error.is_timeout() || error.is_status() || error.is_body() {
        return None;
    }
    let h2 = sources(error).find_map(|source| source.downcast_ref::<h2::Error>())?;
    if !h2.is_remote() {
        return None;
    }
    match h2.reason() {
        Some(h2::Reason::REFUSED_STREAM) if h2.is_reset() => Some(Unprocessed::RefusedStream),
        Some(reason) if h2.is_go_away() => Some(Unprocessed::GoAway(reason.into())),
        _ => None,
    }
}

/// Whether `error` is a connection that ended before any byte of the answer arrived: closed,
/// reset, or cancelled by the pool, or gone before the request was handed to it, after the
/// connection was made (a failure to connect, or a timeout, is not one: no stale connection was
/// involved).
pub(crate) fn closed_before_answer(error: &reqwest::Error) -> bool {
    if error.is_connect() || error.is_timeout() || error.is_status() || error.is_body() {
        return false;
    }
    sources(error).any(|source: &(dyn StdError + 'static)| {
        if let Some(hyper) = source.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message() || hyper.is_canceled() || hyper.is_closed();
        }
        is_connection_lost(source)
    })
}

/// An I/O error that means the connection was lost (closed, reset, aborted).
fn is_connection_lost(error: &(dyn StdError + 'static)) -> bool {
    error.downcast_ref::<io::Error>().is_some_and(|io| {
        matches!(
            io.kind(),
            io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof
        )
    })
}
