//! Time, injectable: every wait, every deadline check and every timeout of the attempt loop
//! goes through one [`Clock`], so a test clock governs exactly what ships (see `ManualClock`,
//! feature `test-util`: backoff waits return at once, timeouts ring when the test moves time
//! past them).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

#[cfg(feature = "test-util")]
mod manual;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub use manual::ManualClock;

/// A future returned by [`Clock::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The time source of a client.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Monotonic now, for deadlines.
    fn now(&self) -> Instant;
    /// Wall-clock now, to turn a `Retry-After` date into a delay.
    fn system_time(&self) -> SystemTime;
    /// Waits for `duration`: the backoff between attempts, which the caller waits out on
    /// purpose.
    fn sleep(&self, duration: Duration) -> Sleep;

    /// Completes once `duration` has passed: what bounds an attempt (its timeout, or what is
    /// left of the call's deadline). Unlike [`Clock::sleep`], nothing waits for it on purpose:
    /// it only matters when it ends before the answer. The default is [`Clock::sleep`]; a test
    /// clock whose sleeps return at once must not do that, or every attempt would time out.
    fn timer(&self, duration: Duration) -> Sleep {
        self.sleep(duration)
    }
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
