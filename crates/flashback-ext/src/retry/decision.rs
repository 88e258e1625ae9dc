//! The retry decision, apart from the loop that carries it out (as smithy-rs keeps its
//! `RetryStrategy` apart from the orchestrator): after a failed attempt, given the error, how far
//! the call has come, the policy, the budget and the time left, send again at once, retry after
//! a wait, or give up and say why. No I/O, no clock and no randomness of its own (the jitter is
//! an argument), so every branch is tested without a server.

use std::time::Duration;

use super::budget::RetryQuota;
use super::policy::RetryPolicy;
use crate::error::{Error, ErrorKind, StopReason};

/// How far a call has come when an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Progress {
    /// Requests sent so far, the one that just failed included.
    pub(crate) sent: u32,
    /// Whether a `401` was already answered with a new token and the same request.
    pub(crate) replayed: bool,
    /// Whether asking for a token again can give another (a provider, not a fixed token).
    pub(crate) token_refreshable: bool,
    /// Throttled requests the client's rate limiter had already accounted for (sent before it
    /// last slowed down): the client's own burst, not a failure of the call.
    pub(crate) absorbed: u32,
}

impl Progress {
    /// The policy's attempts used: a replay after a `401` is not one of them, nor a throttled
    /// request the rate limiter absorbed.
    pub(crate) fn policy_attempts(&self) -> u32 {
        self.sent
            .saturating_sub(u32::from(self.replayed))
            .saturating_sub(self.absorbed)
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Ask for a new token and send the same request again at once (a `401`, once per call).
    /// Not one of the policy's attempts, no wait, no budget.
    Replay,
    /// Wait `after`, then try again (the budget has been charged).
    Retry {
        /// The wait.
        after: Duration,
    },
    /// Stop with the last error.
    GiveUp(StopReason),
}

/// Decides what follows the failure `error`. `time_left` is what is left of the deadline
/// (`None`: no deadline); `jitter` a uniform random number in `[0, 1)`. Charges `quota` for a
/// retry it allows, and only then; never for a throttled request (`429`): throttling is not an
/// outage, and the client-wide rate limiter, not the budget, is what slows the client then.
pub(crate) fn decide(
    error: &Error,
    progress: Progress,
    policy: &RetryPolicy,
    quota: Option<&RetryQuota>,
    time_left: Option<Duration>,
    jitter: f64,
) -> Decision {
    if error.kind() == ErrorKind::Unauthorized && !progress.replayed && progress.token_refreshable {
        return Decision::Replay;
    }
    if !error.is_retryable() {
        return Decision::GiveUp(StopReason::Final);
    }
    let attempts = progress.policy_attempts();
    if attempts >= policy.max_attempts() {
        return Decision::GiveUp(StopReason::AttemptsExhausted);
    }
    let after = policy.delay(attempts, error.retry_after(), jitter);
    if time_left.is_some_and(|left| after >= left) {
        return Decision::GiveUp(StopReason::Deadline);
    }
    let after_timeout = error.kind() == ErrorKind::Timeout;
    let throttled = error.kind() == ErrorKind::RateLimited;
    if let Some(quota) = quota
        && !throttled
        && !quota.take(after_timeout)
    {
        return Decision::GiveUp(StopReason::BudgetExhausted);
    }
    Decision::Retry { after }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::RetryBudget;

    fn progress(sent: u32) -> Progress {
        Progress {
            sent,
            replayed: false,
            token_refreshable: false,
            absorbed: 0,
        }
    }

    fn error(kind: ErrorKind, status: Option<u16>) -> Error {
        let error = Error::new(kind);
        match status {
            Some(status) => error.with_status(status),
            None => error,
        }
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn a_failure_that_may_pass_is_retried_after_the_backoff() {
        let policy = RetryPolicy::default();
        for (kind, status) in [
            (ErrorKind::Server, Some(503)),
            (ErrorKind::Transport, None),
            (ErrorKind::Timeout, None),
            (ErrorKind::RateLimited, Some(429)),
        ] {
            // A jitter of 1 draws the ceiling: 200 ms before the first retry, 400 ms before the
            // second.
            assert_eq!(
                decide(&error(kind, status), progress(1), &policy, None, None, 1.0),
                Decision::Retry {
                    after: Duration::from_millis(200)
                },
                "{kind}"
            );
            assert_eq!(
                decide(&error(kind, status), progress(2), &policy, None, None, 1.0),
                Decision::Retry {
                    after: Duration::from_millis(400)
                },
                "{kind}"
            );
        }
    }

    #[test]
    fn a_final_failure_is_never_retried() {
        let policy = RetryPolicy::default();
        for (kind, status) in [
            (ErrorKind::Forbidden, Some(403)),
            (ErrorKind::NotFound, Some(404)),
            (ErrorKind::Server, Some(501)),
            (ErrorKind::Tls, None),
            (ErrorKind::InvalidResponse, Some(200)),
            (ErrorKind::Credentials, None),
            (ErrorKind::Unauthorized, Some(401)),
        ] {
            assert_eq!(
                decide(&error(kind, status), progress(1), &policy, None, None, 0.5),
                Decision::GiveUp(StopReason::Final),
                "{kind}"
            );
        }
    }

    #[test]
    fn a_401_is_replayed_once_when_the_token_can_change() {
        let policy = RetryPolicy::no_retries();
        let unauthorized = error(ErrorKind::Unauthorized, Some(401));
        let mut progress = Progress {
            sent: 1,
            replayed: false,
            token_refreshable: true,
            absorbed: 0,
        };
        assert_eq!(
            decide(&unauthorized, progress, &policy, None, None, 0.5),
            Decision::Replay
        );
        progress.replayed = true;
        progress.sent = 2;
        assert_eq!(
            decide(&unauthorized, progress, &policy, None, None, 0.5),
            Decision::GiveUp(StopReason::Final)
        );
    }

    #[test]
    fn the_replay_is_not_one_of_the_policys_attempts() {
        let policy = RetryPolicy::default().with_max_attempts(2);
        let busy = error(ErrorKind::Server, Some(503));
        let after_replay = Progress {
            sent: 2,
            replayed: true,
            token_refreshable: true,
            absorbed: 0,
        };
        assert_eq!(after_replay.policy_attempts(), 1);
        assert!(matches!(
            decide(&busy, after_replay, &policy, None, None, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(
            decide(&busy, progress(2), &policy, None, None, 0.5),
            Decision::GiveUp(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn retry_after_is_the_wait_and_the_deadline_bounds_it() {
        let policy = RetryPolicy::default();
        let limited = error(ErrorKind::RateLimited, Some(429)).with_retry_after(Some(7 * SECOND));
        assert_eq!(
            decide(&limited, progress(1), &policy, None, Some(8 * SECOND), 0.5),
            Decision::Retry { after: 7 * SECOND }
        );
        assert_eq!(
            decide(&limited, progress(1), &policy, None, Some(7 * SECOND), 0.5),
            Decision::GiveUp(StopReason::Deadline),
            "a wait that ends at the deadline leaves no time for the attempt"
        );
    }

    #[test]
    fn the_budget_pays_for_retries_and_timeouts_cost_more() {
        let policy = RetryPolicy::default();
        let quota = RetryQuota::new(RetryBudget::default().with_capacity(15));
        let timeout = error(ErrorKind::Timeout, None);
        let busy = error(ErrorKind::Server, Some(503));
        assert!(matches!(
            decide(&timeout, progress(1), &policy, Some(&quota), None, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(quota.available(), 5);
        assert_eq!(
            decide(&timeout, progress(1), &policy, Some(&quota), None, 0.5),
            Decision::GiveUp(StopReason::BudgetExhausted)
        );
        assert_eq!(quota.available(), 5, "a refused retry costs nothing");
        assert!(matches!(
            decide(&busy, progress(1), &policy, Some(&quota), None, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(quota.available(), 0);
    }

    #[test]
    fn throttles_cost_no_budget_and_absorbed_ones_no_attempt() {
        let policy = RetryPolicy::default();
        let quota = RetryQuota::new(RetryBudget::default().with_capacity(5));
        let limited = error(ErrorKind::RateLimited, Some(429));
        for _ in 0..10 {
            assert!(matches!(
                decide(&limited, progress(1), &policy, Some(&quota), None, 0.5),
                Decision::Retry { .. }
            ));
        }
        assert_eq!(quota.available(), 5, "429s never drain the budget");
        let busy = error(ErrorKind::Server, Some(503));
        assert!(matches!(
            decide(&busy, progress(1), &policy, Some(&quota), None, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(quota.available(), 0, "an outage does");
        // Three requests sent, two of them refused as part of the client's own burst.
        let absorbed = Progress {
            absorbed: 2,
            ..progress(3)
        };
        assert!(matches!(
            decide(&limited, absorbed, &policy, None, None, 0.5),
            Decision::Retry { .. }
        ));
        assert_eq!(
            decide(&limited, progress(3), &policy, None, None, 0.5),
            Decision::GiveUp(StopReason::AttemptsExhausted)
        );
    }

    #[test]
    fn the_budget_is_not_charged_when_the_deadline_stops_the_call() {
        let policy = RetryPolicy::default();
        let quota = RetryQuota::new(RetryBudget::default());
        let limited = error(ErrorKind::RateLimited, Some(429)).with_retry_after(Some(9 * SECOND));
        assert_eq!(
            decide(
                &limited,
                progress(1),
                &policy,
                Some(&quota),
                Some(SECOND),
                0.5
            ),
            Decision::GiveUp(StopReason::Deadline)
        );
        assert_eq!(quota.available(), 100);
    }
}
