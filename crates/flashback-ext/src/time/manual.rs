//! A clock for tests (feature `test-util`) that never waits.
//!
//! With [`ManualClock`], retries, attempt timeouts and deadlines run instantly and the waits
//! the client chose can be asserted exactly. For a server that misbehaves on cue (`503, 503,
//! 200`, a hang, a dropped connection, any status, header or body) and records what it
//! received, use `flashback_fake::start_scripted`: one fault server for the whole workspace.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use flashback_ext::time::ManualClock;
//! use flashback_ext::{Client, RetryPolicy};
//! use flashback_ext::retry::Jitter;
//! use flashback_fake::{Fault, start_scripted};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = start_scripted([
//!     Fault::json(503, r#"{"success":false,"message":"busy"}"#),
//!     Fault::json(200, r#"{"success":true,"buckets":[{"id":"b-1"}]}"#),
//! ])
//! .await
//! .unwrap();
//! let clock = Arc::new(ManualClock::new());
//! let client = Client::builder()
//!     .base_url(server.base_url())
//!     .token("t")
//!     .clock(clock.clone())
//!     .retry_policy(RetryPolicy::default().with_jitter(Jitter::None))
//!     .build()
//!     .unwrap();
//! let buckets = client.list_buckets().await.unwrap();
//! assert_eq!(buckets.len(), 1);
//! assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
//! assert_eq!(server.requests().len(), 2);
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use super::{Clock, Sleep};

/// A clock whose time moves only when the code under test sleeps or the test says so.
///
/// * [`Clock::sleep`] (the backoff between attempts) returns at once, moves the time forward by
///   the duration and records it ([`ManualClock::sleeps`]): retries run instantly, and the waits
///   the client chose can be asserted exactly.
/// * [`Clock::timer`] (an attempt's timeout, the call's deadline) completes when the time
///   reaches its end: when a backoff sleep or [`ManualClock::advance`] moves it there. A test of
///   a server that never answers advances the clock once the request has arrived
///   (`FakeServer::wait_for_requests`), and the client's own timeout fires: the code that ships.
#[derive(Debug, Clone)]
pub struct ManualClock {
    start: Instant,
    wall_start: SystemTime,
    state: Arc<Mutex<ClockState>>,
}

#[derive(Debug, Default)]
struct ClockState {
    elapsed: Duration,
    sleeps: Vec<Duration>,
    /// The timers waiting for time to move.
    waiting: Vec<Waker>,
}

impl ClockState {
    /// Moves time forward and wakes every waiting timer (each checks whether it is due).
    fn advance(&mut self, duration: Duration) {
        self.elapsed += duration;
        for waker in self.waiting.drain(..) {
            waker.wake();
        }
    }
}

impl ManualClock {
    /// A clock at now (and at 2023-11-14T22:13:20Z on the wall, for `Retry-After` dates).
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            wall_start: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            state: Arc::default(),
        }
    }

    /// Every sleep requested so far, in order (timers are not sleeps).
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// Moves time forward without sleeping; timers that come due complete.
    pub fn advance(&self, duration: Duration) {
        self.lock().advance(duration);
    }

    /// How far time has moved since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.lock().elapsed
    }

    /// The wall-clock time the clock stands at.
    pub fn wall_time(&self) -> SystemTime {
        self.wall_start + self.lock().elapsed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.lock().elapsed
    }

    fn system_time(&self) -> SystemTime {
        self.wall_time()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.lock();
        state.sleeps.push(duration);
        state.advance(duration);
        Box::pin(std::future::ready(()))
    }

    fn timer(&self, duration: Duration) -> Sleep {
        let due = self.lock().elapsed + duration;
        Box::pin(Timer {
            state: Arc::clone(&self.state),
            due,
        })
    }
}

/// A [`ManualClock`] timer: ready once the clock's time reaches `due`.
struct Timer {
    state: Arc<Mutex<ClockState>>,
    due: Duration,
}

impl Future for Timer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.elapsed >= self.due {
            return Poll::Ready(());
        }
        state.waiting.push(cx.waker().clone());
        Poll::Pending
    }
}
