//! The retry policy: how many attempts, and how long to wait before each retry.
//!
//! Both operations are idempotent `GET`s, so every failure that may be transient is retried:
//! timeouts, transport failures, 408, 429, 500, 502, 503 and 504 (see
//! [`crate::Error::is_retryable`]). The wait is capped exponential backoff with full jitter
//! (AWS's "Exponential Backoff And Jitter"): a random delay between zero and
//! `min(max_delay, base_delay * 2^(retry - 1))`, which spreads the retries of many clients
//! instead of having them hit a recovering server in lockstep. A server's `Retry-After` takes
//! precedence, capped by `max_retry_after`.

use std::time::Duration;

use super::budget::RetryBudget;

/// How the backoff delay is randomized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Jitter {
    /// A uniformly random delay between zero and the backoff ceiling (the default).
    Full,
    /// Exactly the backoff ceiling: for tests that assert delays (feature `test-util`).
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    None,
}

/// The retry policy of a client.
///
/// ```
/// use std::time::Duration;
/// use flashback_ext::RetryPolicy;
///
/// let policy = RetryPolicy::default().with_max_attempts(5).with_base_delay(Duration::from_millis(100));
/// assert_eq!(policy.max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: Jitter,
    budget: Option<RetryBudget>,
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms base, 5 s cap, `Retry-After` honoured up to 30 s, full jitter, and
    /// [`RetryBudget::default`].
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            jitter: Jitter::Full,
            budget: Some(RetryBudget::default()),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn no_retries() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// The backoff ceiling of the first retry; it doubles with each retry.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The largest backoff ceiling.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The longest wait a server's `Retry-After` can impose.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// How the backoff is randomized.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The client's retry budget; `None` for none (every call retries up to its attempts).
    pub fn with_retry_budget(mut self, budget: impl Into<Option<RetryBudget>>) -> Self {
        self.budget = budget.into();
        self
    }

    /// The client's retry budget, if it has one.
    pub fn retry_budget(&self) -> Option<RetryBudget> {
        self.budget
    }

    /// The longest `Retry-After` honoured (longer ones are cut to it).
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before retry number `retry` (1 for the first retry), given a uniform random
    /// `unit` in `[0, 1)`.
    pub(crate) fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        match self.jitter {
            Jitter::Full => ceiling.mul_f64(unit.clamp(0.0, 1.0)),
            #[cfg(feature = "test-util")]
            Jitter::None => ceiling,
        }
    }

    /// The wait before retry number `retry`: the server's `Retry-After` if it gave one
    /// (capped), else the backoff jittered by `unit`, a uniform random number in `[0, 1)`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retry, unit),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_attempts == 0 {
            return Err("the retry policy needs at least 1 attempt".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        // A unit of 1 draws the ceiling itself.
        let policy = RetryPolicy::default();
        let delays: Vec<u64> = (1..=7)
            .map(|r| policy.backoff(r, 1.0).as_millis() as u64)
            .collect();
        assert_eq!(delays, [200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(
            policy.backoff(1000, 1.0),
            Duration::from_secs(5),
            "no overflow"
        );
    }

    #[test]
    fn full_jitter_stays_between_zero_and_the_ceiling() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(3, 0.0), Duration::ZERO);
        assert_eq!(policy.backoff(3, 0.25), Duration::from_millis(200));
        assert!(policy.backoff(3, 0.999_999) < Duration::from_millis(800));
        for _ in 0..1000 {
            let delay = policy.delay(2, None, fastrand::f64());
            assert!(delay < Duration::from_millis(400), "{delay:?}");
        }
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(7)), 0.5),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3600)), 0.5),
            Duration::from_secs(30)
        );
    }
}
