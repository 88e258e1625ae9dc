//! Connection faults, whatever the route: the ways load balancers and reverse proxies end
//! keep-alive connections under a client's feet. `close_after_answer` and `drop_request` apply
//! to HTTP/1.1 connections (plain or TLS); `goaway` and `refuse_every` to HTTP/2 connections
//! (negotiated by ALPN over TLS), which are then served stream by stream by `http2.rs`.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::http2::{self, GoAway};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;

/// How the fake treats every connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConnectionFaults {
    /// Close each connection as soon as its answer is written, though the answer promised
    /// keep-alive (no `Connection: close`): a load balancer with a very short idle timeout. A
    /// client that sends its next request on the connection before it sees the close gets no
    /// answer.
    pub close_after_answer: bool,
    /// Read the Nth request of each connection (1 is the first) and close the connection without
    /// answering it: a connection that went stale while idle in the client's pool.
    pub drop_request: Option<u32>,
    /// HTTP/2: end each connection with a `GOAWAY` when its stream after the Nth arrives, as
    /// nginx does after `keepalive_requests`: the first N streams are answered, the streams
    /// received after them never are.
    pub goaway: Option<GoAway>,
    /// HTTP/2: refuse every Nth stream of a connection (N, 2N, ...) with
    /// `RST_STREAM(REFUSED_STREAM)`: not processed, safe to send again (RFC 9113 §8.7).
    pub refuse_every: Option<u32>,
}

impl ConnectionFaults {
    /// No fault: every connection is served normally.
    pub const NONE: Self = Self {
        close_after_answer: false,
        drop_request: None,
        goaway: None,
        refuse_every: None,
    };

    /// Whether an HTTP/2 connection needs serving stream by stream.
    pub(crate) fn http2(&self) -> bool {
        self.goaway.is_some() || self.refuse_every.is_some()
    }
}

/// The connection faults of a running fake, changeable while it serves (new connections get
/// the faults in force when they are accepted).
pub(crate) type SharedFaults = Arc<RwLock<ConnectionFaults>>;

/// A connection that knows which protocol its TLS handshake chose.
pub(crate) trait Negotiated {
    /// Whether ALPN chose HTTP/2.
    fn is_http2(&self) -> bool;
}

impl Negotiated for TcpStream {
    fn is_http2(&self) -> bool {
        false
    }
}

impl Negotiated for TlsStream<TcpStream> {
    fn is_http2(&self) -> bool {
        self.get_ref().1.alpn_protocol() == Some(b"h2")
    }
}

/// An axum listener whose connections carry the connection faults in force when accepted. An
/// HTTP/2 connection with HTTP/2 faults is served here, stream by stream (`http2::serve`),
/// and never reaches axum's server.
pub(crate) struct FaultyListener<L> {
    inner: L,
    faults: SharedFaults,
    /// The app, for the HTTP/2 connections served here.
    app: axum::Router,
    /// Connections accepted so far.
    accepted: Arc<AtomicU64>,
}

impl<L> FaultyListener<L> {
    pub(crate) fn new(
        inner: L,
        faults: SharedFaults,
        app: axum::Router,
        accepted: Arc<AtomicU64>,
    ) -> Self {
        Self {
            inner,
            faults,
            app,
            accepted,
        }
    }
}

impl<L> axum::serve::Listener for FaultyListener<L>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    L::Io: Negotiated + Sync,
{
    type Io = FaultyIo<L::Io>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (io, address) = self.inner.accept().await;
            self.accepted.fetch_add(1, Ordering::Relaxed);
            let faults = *self.faults.read().unwrap_or_else(PoisonError::into_inner);
            if !io.is_http2() {
                return (FaultyIo::new(io, faults), address);
            }
            if !faults.http2() {
                return (FaultyIo::new(io, ConnectionFaults::NONE), address);
            }
            let app = self.app.clone();
            tokio::spawn(http2::serve(io, app, faults.goaway, faults.refuse_every));
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// An HTTP/1.1 connection that follows its request/answer turns: the server reads a request,
/// writes its answer, then reads again. A read after a write begins the next request.
pub(crate) struct FaultyIo<I> {
    inner: I,
    faults: ConnectionFaults,
    /// Answers written in full.
    answered: u32,
    /// Whether the server is writing an answer (it has written since it last read).
    writing: bool,
    /// Whether the stream was ended for a fault: every read from then on is an end of stream.
    ended: bool,
}

impl<I> FaultyIo<I> {
    fn new(inner: I, faults: ConnectionFaults) -> Self {
        Self {
            inner,
            faults,
            answered: 0,
            writing: false,
            ended: false,
        }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for FaultyIo<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.writing {
            this.writing = false;
            this.answered += 1;
        }
        // An end of stream makes the server close the connection.
        if this.ended || (this.faults.close_after_answer && this.answered > 0) {
            this.ended = true;
            return Poll::Ready(Ok(()));
        }
        let request = this.answered + 1;
        if this.faults.drop_request == Some(request) {
            // Take the request off the wire, then end the stream: closed without an answer.
            let mut scratch = [0u8; 4096];
            let mut read = ReadBuf::new(&mut scratch);
            return match Pin::new(&mut this.inner).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) => {
                    this.ended = true;
                    Poll::Ready(Ok(()))
                }
                other => other,
            };
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for FaultyIo<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.writing = true;
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.writing = true;
        Pin::new(&mut self.inner).poll_write_vectored(cx, data)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
