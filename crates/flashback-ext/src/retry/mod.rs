//! Retries: the policy ([`RetryPolicy`]: attempts, backoff with jitter), the budget shared by a
//! client's calls ([`RetryBudget`]), a server's `Retry-After`, how a failure is classified, the
//! decision after a failed attempt (a function of its inputs, tested on its own), and the
//! attempt loop that carries the decisions out.

mod attempt_loop;
mod budget;
mod classify;
mod decision;
mod policy;
mod rate_limiter;
mod retry_after;

pub(crate) use attempt_loop::{CallSettings, execute};
pub use budget::RetryBudget;
pub(crate) use budget::RetryQuota;
pub use policy::{Jitter, RetryPolicy};
