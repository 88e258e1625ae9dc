//! When to try again, and how long to wait first.
//!
//! Both operations are idempotent `GET`s, so every failure that may be transient is retried:
//! timeouts, transport failures, 408, 429, 500, 502, 503 and 504 (see
//! [`crate::Error::is_retryable`]). The wait is capped exponential backoff with full jitter
//! (AWS's "Exponential Backoff And Jitter"): a random delay between zero and
//! `min(max_delay, base_delay * 2^(retry - 1))`, which spreads the retries of many clients
//! instead of having them hit a recovering server in lockstep. A server's `Retry-After` takes
//! precedence, capped by `max_retry_after`.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How the backoff delay is randomized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Jitter {
    /// A uniformly random delay between zero and the backoff ceiling (the default).
    Full,
    /// Exactly the backoff ceiling: for tests that assert delays.
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

/// A client's allowance of retries, shared by all its calls: a token bucket, like the standard
/// retry quota of aws-sdk-rust.
///
/// Retries multiply the load exactly when the platform is struggling: 100 calls that each try
/// 3 times send 300 requests to a failing platform. With a budget, each retry costs units (a
/// retry after a timeout costs more: the platform may still be working on the first request)
/// and each success refunds one, up to the capacity. When the budget cannot pay for a retry,
/// the call fails at once with its last error, and [`crate::Error::retry_budget_exhausted`]
/// says so. A healthy platform never touches it: a success at full capacity refunds nothing.
///
/// The default, 100 units, a retry 5, after a timeout 10, a success refunds 1: a burst of 20
/// retries, then about one retry for every five successes.
///
/// ```
/// use flashback_ext::{RetryBudget, RetryPolicy};
///
/// let policy = RetryPolicy::default().with_retry_budget(RetryBudget::default().with_capacity(500));
/// let unlimited = RetryPolicy::default().with_retry_budget(None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    success_refund: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            capacity: 100,
            retry_cost: 5,
            timeout_retry_cost: 10,
            success_refund: 1,
        }
    }
}

impl RetryBudget {
    /// The most units the budget holds, and what it starts with.
    pub fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity;
        self
    }

    /// What a retry costs.
    pub fn with_retry_cost(mut self, cost: u32) -> Self {
        self.retry_cost = cost;
        self
    }

    /// What a retry after a timeout costs.
    pub fn with_timeout_retry_cost(mut self, cost: u32) -> Self {
        self.timeout_retry_cost = cost;
        self
    }

    /// What a successful call gives back (never above the capacity).
    pub fn with_success_refund(mut self, refund: u32) -> Self {
        self.success_refund = refund;
        self
    }

    /// The most units the budget holds.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

/// The units left in a client's [`RetryBudget`].
#[derive(Debug)]
pub(crate) struct RetryQuota {
    budget: RetryBudget,
    available: Mutex<u32>,
}

impl RetryQuota {
    pub(crate) fn new(budget: RetryBudget) -> Self {
        Self {
            budget,
            available: Mutex::new(budget.capacity),
        }
    }

    /// Takes the cost of one retry; `false` (and nothing taken) when the budget cannot pay.
    pub(crate) fn take(&self, after_timeout: bool) -> bool {
        let cost = if after_timeout {
            self.budget.timeout_retry_cost
        } else {
            self.budget.retry_cost
        };
        let mut available = self
            .available
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match available.checked_sub(cost) {
            Some(left) => {
                *available = left;
                true
            }
            None => false,
        }
    }

    /// Gives back a success's refund, up to the capacity.
    pub(crate) fn refund(&self) {
        let mut available = self
            .available
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *available = available
            .saturating_add(self.budget.success_refund)
            .min(self.budget.capacity);
    }

    /// The units left.
    pub(crate) fn available(&self) -> u32 {
        *self
            .available
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
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

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before retry number `retry` (1 for the first retry), given a uniform random
    /// `unit` in `[0, 1)`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        match self.jitter {
            Jitter::Full => ceiling.mul_f64(unit.clamp(0.0, 1.0)),
            Jitter::None => ceiling,
        }
    }

    /// The wait before retry number `retry`: the server's `Retry-After` if it gave one
    /// (capped), else the jittered backoff.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retry, fastrand::f64()),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_attempts == 0 {
            return Err("the retry policy needs at least 1 attempt".into());
        }
        Ok(())
    }
}

/// The `Retry-After` of a response, in seconds or as an HTTP date, as a delay from `now`.
/// A date in the past is no wait; an unreadable value is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_quota_charges_timeouts_more_and_refunds_up_to_capacity() {
        let quota = RetryQuota::new(RetryBudget::default().with_capacity(25));
        assert!(quota.take(true));
        assert_eq!(quota.available(), 15);
        assert!(quota.take(false));
        assert_eq!(quota.available(), 10);
        assert!(quota.take(true));
        assert!(!quota.take(false), "0 units cannot pay 5");
        assert_eq!(quota.available(), 0);
        for _ in 0..30 {
            quota.refund();
        }
        assert_eq!(quota.available(), 25, "never above the capacity");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default().with_jitter(Jitter::None);
        let delays: Vec<u64> = (1..=7)
            .map(|r| policy.backoff(r, 0.5).as_millis() as u64)
            .collect();
        assert_eq!(delays, [200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(
            policy.backoff(1000, 0.5),
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
            let delay = policy.delay(2, None);
            assert!(delay < Duration::from_millis(400), "{delay:?}");
        }
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(30)
        );
    }

    fn headers(value: &str) -> HeaderMap {
        HeaderMap::from_iter([(RETRY_AFTER, HeaderValue::from_str(value).unwrap())])
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            retry_after(&headers("120"), now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:07 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&headers("-5"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
