//! Stale pooled connections. A load balancer or reverse proxy closes a keep-alive connection
//! when it has been idle a while, and the client may send its next request on it before the
//! close arrives: the request fails before any byte of the answer. Sending it again at once on
//! a new connection is what curl and browsers do, and it is safe here: both operations are
//! `GET`s.

use std::error::Error as StdError;
use std::io;

use crate::error::sources;

/// Whether `error` is a connection that ended before any byte of the answer arrived: closed,
/// reset, or cancelled by the pool, after the connection was made (a failure to connect, or a
/// timeout, is not one: no stale connection was involved).
pub(crate) fn closed_before_answer(error: &reqwest::Error) -> bool {
    if error.is_connect() || error.is_timeout() || error.is_status() || error.is_body() {
        return false;
    }
    sources(error).any(|source: &(dyn StdError + 'static)| {
        if let Some(hyper) = source.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message() || hyper.is_canceled();
        }
        source.downcast_ref::<io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::UnexpectedEof
            )
        })
    })
}
