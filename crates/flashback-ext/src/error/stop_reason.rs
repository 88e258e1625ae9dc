//! Why a call stopped with its last error: the value the retry decision gives
//! (`retry::decision`), carried on the [`crate::Error`] so that a message, a log line or a
//! command's hint can say which limit ended the call, and advise only what could help.

use std::fmt;

/// Why a call stopped trying and returned its last error ([`crate::Error::stop_reason`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// Trying again cannot help: a 403, a body that does not decode, a certificate, a proxy
    /// that refused the credentials.
    Final,
    /// The retry policy's attempts are used up ([`crate::RetryPolicy::with_max_attempts`]):
    /// more attempts might have helped.
    AttemptsExhausted,
    /// The wait before the next attempt would pass the call's deadline
    /// ([`crate::ClientBuilder::deadline`]).
    Deadline,
    /// The client's retry budget cannot pay for another retry ([`crate::retry::RetryBudget`]): the
    /// platform has been failing many calls of this client, and retrying would add load.
    BudgetExhausted,
}

impl StopReason {
    /// The reason in words, as it ends an error's message; `None` for [`StopReason::Final`]
    /// (the error says why by itself).
    pub fn describe(self) -> Option<&'static str> {
        match self {
            Self::Final => None,
            Self::AttemptsExhausted => Some("the retry policy's attempts are used up"),
            Self::Deadline => Some("no time left before the deadline"),
            Self::BudgetExhausted => Some("the retry budget is exhausted"),
        }
    }

    /// A short, stable label (for metrics and logs).
    pub fn name(self) -> &'static str {
        match self {
            Self::Final => "final",
            Self::AttemptsExhausted => "attempts_exhausted",
            Self::Deadline => "deadline",
            Self::BudgetExhausted => "budget_exhausted",
        }
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
