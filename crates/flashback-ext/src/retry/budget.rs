//! The retry budget: a client's allowance of retries, shared by all its calls.

use std::sync::{Mutex, PoisonError};

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
/// use flashback_ext::RetryPolicy;
/// use flashback_ext::retry::RetryBudget;
///
/// let policy = RetryPolicy::default().with_retry_budget(RetryBudget::default().with_capacity(500));
/// let unlimited = RetryPolicy::default().with_retry_budget(None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
