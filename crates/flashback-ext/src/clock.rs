//! Time, injectable: every wait and every deadline check of the retry loop goes through a
//! [`Clock`], so tests can run retries instantly and exactly (see `test_util::ManualClock`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

/// A future returned by [`Clock::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The time source of a client.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Monotonic now, for deadlines.
    fn now(&self) -> Instant;
    /// Wall-clock now, to turn a `Retry-After` date into a delay.
    fn system_time(&self) -> SystemTime;
    /// Waits for `duration` (the backoff between attempts).
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The default clock: tokio's timers, so paused tokio time (`tokio::time::pause`) applies.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn system_time(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}
