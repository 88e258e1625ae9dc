//! One connection per origin over HTTP/2 (RFC 9113 §9.1), the way curl opens one.
//!
//! A client that starts many requests before it knows the protocol opens a connection for each
//! (the pool cannot share what it does not have yet), and a connection that goes away with 60
//! streams waiting is replaced by 60 connections. The gate is a layer on the pooled client's
//! connector, so it sees every connection the pool asks for:
//!
//! * while a connection is being made (and its protocol is not known), the pool's other
//!   connection requests wait for it;
//! * when it speaks HTTP/1.1 (ALPN chose it, or there is no TLS), they go on at once: HTTP/1.1
//!   needs a connection per request in flight;
//! * when it speaks HTTP/2, they keep waiting: the pool hands the new connection to every
//!   request that was waiting for one, and the waits end, unused, once an answer arrives;
//! * once an HTTP/2 connection has answered, a new connection request means the pool lost it
//!   (a `GOAWAY`, an idle timeout): that request makes one new connection, and the others wait
//!   for it again.
//!
//! The gate also tells the fan-out the protocol as soon as the first connection is made
//! ([`ConnectionGate::protocol`]), so that it sends the whole wave of a listing on it at once.
//!
//! No wait is unbounded: a request that waited [`TAKEOVER_AFTER`] for an HTTP/2 connection
//! that has answered nothing makes the next connection (the others wait for that one), and
//! after [`ConnectionGate::new`]'s `patience` a waiting request makes a connection of its own. A wait that ends unused fails its connection request with
//! [`Superseded`]; the pool has handed the request a connection by then (the request has moved
//! on), and were it not so, the request is sent again at once (`transport::replay`).

use std::fmt;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::{BoxFuture, select};
use hyper_util::client::legacy::connect::Connection;
use tokio::sync::{Notify, watch};

/// How long a request waits for an HTTP/2 connection another request made to answer anything
/// before it makes the next connection itself.
const TAKEOVER_AFTER: Duration = Duration::from_secs(1);

/// The protocol a client's connections speak, once known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// No connection made yet.
    Unknown,
    /// HTTP/1.1: a connection per request in flight.
    Http1,
    /// HTTP/2: one connection carries every request.
    Http2,
}

/// The gate of one client (see the module docs).
#[derive(Debug)]
pub(crate) struct ConnectionGate {
    state: Mutex<State>,
    changed: Notify,
    /// Answers (response heads) received so far.
    answers: AtomicU64,
    protocol: watch::Sender<Protocol>,
    /// The longest a connection request waits for another's connection.
    patience: Duration,
}

#[derive(Debug)]
struct State {
    phase: Phase,
    /// Incremented each time a connection request leads (makes the connection).
    generation: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No connection is being made or known to be usable.
    Idle,
    /// A connection is being made.
    Connecting,
    /// The last connection speaks HTTP/1.1: no gating.
    Http1,
    /// The last connection speaks HTTP/2; `answers_then` is the answer count when it was made.
    Http2 { answers_then: u64 },
}

/// What a connection request does.
enum Entry<'a> {
    /// Make the connection, and report what it speaks.
    Lead(LeadGuard<'a>),
    /// Make a connection, without gating.
    Connect,
    /// Do not connect: the pool has a new connection for this request.
    Superseded,
}

impl ConnectionGate {
    pub(crate) fn new(patience: Duration) -> Self {
        Self {
            state: Mutex::new(State {
                phase: Phase::Idle,
                generation: 0,
            }),
            changed: Notify::new(),
            answers: AtomicU64::new(0),
            protocol: watch::Sender::new(Protocol::Unknown),
            patience,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The protocol of the client's connections, as soon as the first one is made; changes
    /// can be awaited on the receiver.
    pub(crate) fn protocol(&self) -> watch::Receiver<Protocol> {
        self.protocol.subscribe()
    }

    /// Whether the connections speak HTTP/2.
    pub(crate) fn is_http2(&self) -> bool {
        *self.protocol.borrow() == Protocol::Http2
    }

    /// How many answers have arrived.
    pub(crate) fn answers(&self) -> u64 {
        self.answers.load(Ordering::Relaxed)
    }

    /// An answer arrived, over `http2` or not.
    pub(crate) fn answered(&self, http2: bool) {
        self.answers.fetch_add(1, Ordering::Relaxed);
        self.learn(http2);
        self.changed.notify_waiters();
    }

    /// The connections speak HTTP/2 (or HTTP/1.1): tells the fan-out when that is news.
    fn learn(&self, http2: bool) {
        let protocol = if http2 {
            Protocol::Http2
        } else {
            Protocol::Http1
        };
        self.protocol.send_if_modified(|known| {
            let changed = *known != protocol;
            *known = protocol;
            changed
        });
    }

    /// The HTTP/2 connection went away (a `GOAWAY`, a close): the next connection request
    /// makes a new one.
    pub(crate) fn lost(&self) {
        let mut state = self.state();
        if matches!(state.phase, Phase::Http2 { .. }) {
            state.phase = Phase::Idle;
            drop(state);
            self.changed.notify_waiters();
        }
    }

    /// Decides what a connection request does, waiting for another's connection if need be.
    async fn enter(&self) -> Entry<'_> {
        let started = tokio::time::Instant::now();
        // The generation whose connection this request waits for, and since when.
        let mut waiting_on = None;
        let mut waited_since = started;
        loop {
            let mut notified = pin!(self.changed.notified());
            notified.as_mut().enable();
            {
                let mut state = self.state();
                let lead = match state.phase {
                    Phase::Http1 => return Entry::Connect,
                    Phase::Idle => true,
                    Phase::Connecting => {
                        if waiting_on != Some(state.generation) {
                            waiting_on = Some(state.generation);
                            waited_since = tokio::time::Instant::now();
                        }
                        false
                    }
                    Phase::Http2 { answers_then } => {
                        let used = self.answers() > answers_then;
                        let waited = waiting_on == Some(state.generation);
                        match (waited, used) {
                            (true, true) => return Entry::Superseded,
                            (false, false) => {
                                waiting_on = Some(state.generation);
                                waited_since = tokio::time::Instant::now();
                                false
                            }
                            // No answer yet on the connection this request waits for: wait, but
                            // not forever. The pool may never hand it out (hyper-util drops a
                            // second HTTP/2 connection that races another's set-up): after
                            // `TAKEOVER_AFTER` this request makes the next one.
                            (true, false) => waited_since.elapsed() >= TAKEOVER_AFTER,
                            // The pool asks for a connection after the last one answered: it
                            // lost it. Make the new one.
                            (false, true) => true,
                        }
                    }
                };
                if lead {
                    state.phase = Phase::Connecting;
                    state.generation += 1;
                    return Entry::Lead(LeadGuard {
                        gate: self,
                        done: false,
                    });
                }
            }
            let left = self.patience.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Entry::Connect;
            }
            let takeover = TAKEOVER_AFTER.saturating_sub(waited_since.elapsed());
            let wake = left.min(takeover.max(Duration::from_millis(1)));
            let _ = select(notified, pin!(tokio::time::sleep(wake))).await;
        }
    }

    /// The leader's connection is made (`Some(h2)`) or failed (`None`).
    fn connected(&self, http2: Option<bool>) {
        let mut state = self.state();
        state.phase = match http2 {
            None => Phase::Idle,
            Some(false) => Phase::Http1,
            Some(true) => Phase::Http2 {
                answers_then: self.answers(),
            },
        };
        drop(state);
        if let Some(http2) = http2 {
            self.learn(http2);
        }
        self.changed.notify_waiters();
    }
}

/// The connection request that makes the connection; if it is dropped before it reports (its
/// request was cancelled), the next request leads.
struct LeadGuard<'a> {
    gate: &'a ConnectionGate,
    done: bool,
}

impl LeadGuard<'_> {
    fn report(mut self, http2: Option<bool>) {
        self.done = true;
        self.gate.connected(http2);
    }
}

impl Drop for LeadGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.gate.connected(None);
        }
    }
}

/// The failure of a connection request whose wait ended unused: the pool gave its request the
/// connection another request made.
#[derive(Debug)]
pub(crate) struct Superseded;

impl fmt::Display for Superseded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request went on a connection another request made")
    }
}

impl std::error::Error for Superseded {}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The connector layer that applies a [`ConnectionGate`].
#[derive(Debug, Clone)]
pub(crate) struct GateLayer {
    pub(crate) gate: Arc<ConnectionGate>,
}

impl<S> tower_layer::Layer<S> for GateLayer {
    type Service = Gated<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Gated {
            inner,
            gate: Arc::clone(&self.gate),
        }
    }
}

/// A connector behind a [`ConnectionGate`].
#[derive(Debug, Clone)]
pub(crate) struct Gated<S> {
    inner: S,
    gate: Arc<ConnectionGate>,
}

impl<S, R> tower_service::Service<R> for Gated<S>
where
    S: tower_service::Service<R, Error = BoxError> + Clone + Send + 'static,
    S::Response: Connection + Send,
    S::Future: Send,
    R: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<S::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        // The service that was polled ready makes the call; a clone takes its place.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let gate = Arc::clone(&self.gate);
        Box::pin(async move {
            match gate.enter().await {
                Entry::Connect => inner.call(request).await,
                Entry::Superseded => Err(Box::new(Superseded) as BoxError),
                Entry::Lead(guard) => {
                    let outcome = inner.call(request).await;
                    let http2 = outcome
                        .as_ref()
                        .ok()
                        .map(|connection| connection.connected().is_negotiated_h2());
                    guard.report(http2);
                    outcome
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(entry: Entry<'_>) -> LeadGuard<'_> {
        match entry {
            Entry::Lead(guard) => guard,
            Entry::Connect => panic!("connect"),
            Entry::Superseded => panic!("superseded"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn over_http2_the_others_wait_for_the_first_connection() {
        let gate = ConnectionGate::new(Duration::from_secs(1));
        let first = lead(gate.enter().await);
        let mut waiting = Box::pin(gate.enter());
        // The second waits while the first connects.
        assert!(futures_util::poll!(waiting.as_mut()).is_pending());
        first.report(Some(true));
        assert!(gate.is_http2());
        // Still waiting: the pool hands it the new connection.
        assert!(futures_util::poll!(waiting.as_mut()).is_pending());
        gate.answered(true);
        assert!(matches!(waiting.await, Entry::Superseded));
        // After an answer, a connection request means the pool lost the connection.
        gate.lost();
        let _replacement = lead(gate.enter().await);
    }

    #[tokio::test(start_paused = true)]
    async fn over_http1_the_others_connect_as_soon_as_the_protocol_is_known() {
        let gate = ConnectionGate::new(Duration::from_secs(1));
        let first = lead(gate.enter().await);
        let mut waiting = Box::pin(gate.enter());
        assert!(futures_util::poll!(waiting.as_mut()).is_pending());
        first.report(Some(false));
        assert!(matches!(waiting.await, Entry::Connect));
        assert!(matches!(gate.enter().await, Entry::Connect));
        assert_eq!(*gate.protocol().borrow(), Protocol::Http1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_leader_that_fails_or_is_dropped_hands_over() {
        let gate = ConnectionGate::new(Duration::from_secs(1));
        let first = lead(gate.enter().await);
        drop(first);
        let second = lead(gate.enter().await);
        second.report(None);
        let _third = lead(gate.enter().await);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_that_answers_nothing_is_replaced_by_one() {
        let gate = ConnectionGate::new(Duration::from_secs(10));
        lead(gate.enter().await).report(Some(true));
        // A request waiting for that connection; nothing answers on it.
        let start = tokio::time::Instant::now();
        let mut waiting = Box::pin(gate.enter());
        assert!(futures_util::poll!(waiting.as_mut()).is_pending());
        let next = lead(waiting.await);
        assert_eq!(start.elapsed(), TAKEOVER_AFTER);
        // The others wait for the new one.
        let mut other = Box::pin(gate.enter());
        assert!(futures_util::poll!(other.as_mut()).is_pending());
        next.report(Some(true));
        gate.answered(true);
        assert!(matches!(other.await, Entry::Superseded));
    }

    #[tokio::test(start_paused = true)]
    async fn no_wait_is_longer_than_the_patience() {
        let gate = ConnectionGate::new(Duration::from_millis(300));
        let _first = lead(gate.enter().await);
        let start = tokio::time::Instant::now();
        assert!(matches!(gate.enter().await, Entry::Connect));
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }
}
