//! Retries: the policy ([`RetryPolicy`]: attempts, backoff with jitter), the budget shared by a
//! client's calls ([`RetryBudget`]), the client-wide rate limiter that throttles slow down, and
//! the decision after a failed attempt (a function of its inputs, tested on its own). The call
//! orchestrator that carries the decisions out is `client::call`.

mod budget;
mod decision;
mod policy;
mod rate_limiter;

pub use budget::RetryBudget;
pub(crate) use budget::RetryQuota;
pub(crate) use decision::{Decision, Progress, decide};
pub use policy::{Jitter, RetryPolicy};
pub(crate) use rate_limiter::{ClientRateLimiter, THROTTLE_STATUSES, Throttled};
