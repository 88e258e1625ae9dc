//! The client-wide rate limiter: what the platform says about one request's rate (a `429`, a
//! `503`, a `Retry-After`) slows every request of the client, the fan-out's and concurrent
//! calls' alike, not only the one that heard it. The idea of aws-sdk-rust's adaptive retry mode
//! (`client_rate_limiter.rs`), kept small and tested here without a clock or a server (every
//! function takes `now`).
//!
//! * **Unlimited until told.** A client sends as fast as its concurrency allows until the
//!   platform throttles a request.
//! * **A first estimate from what was admitted.** At the first throttle the client paces its
//!   requests at the number of answers it had in the last second: a rate the platform has just
//!   admitted. With no answer in the last second there is nothing to estimate from (a single
//!   call refused at once): the retry policy's backoff alone spaces its attempts, as before.
//! * **Slow start, then additive increase.** Each answer raises the rate by one request per
//!   second (the rate doubles about every second) until the next throttle; from then on by
//!   half a request per second.
//! * **Multiplicative decrease, once per lesson.** A throttled request sent after the last
//!   decrease lowers the rate to [`DECREASE`] of itself. A request sent before it was sent at
//!   the rate already corrected: it teaches nothing new, and its refusal costs the call no
//!   attempt of the retry policy ([`Throttled::Absorbed`]).
//! * **`Retry-After` pauses the client**: no request of the client starts before it passes.
//! * **Back to unlimited** once the rate passes [`MAX_RATE`].
//!
//! The state is a few numbers and the answer times of the last second, at most
//! [`MAX_REMEMBERED_ANSWERS`] of them.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The statuses that say "slow down": they lower the client's pace.
pub(crate) const THROTTLE_STATUSES: [u16; 2] = [429, 503];

/// The slowest pace: one request a second.
pub(crate) const MIN_RATE: f64 = 1.0;
/// Past this many requests a second the client stops pacing.
pub(crate) const MAX_RATE: f64 = 2000.0;
/// What a throttle leaves of the rate.
pub(crate) const DECREASE: f64 = 0.7;
/// The answer times kept to estimate the first rate.
pub(crate) const MAX_REMEMBERED_ANSWERS: usize = 4096;
const WINDOW: Duration = Duration::from_secs(1);

/// A client's rate limiter, shared by all its calls.
#[derive(Debug, Default)]
pub(crate) struct ClientRateLimiter {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Requests a second while pacing; `None`: not pacing.
    rate: Option<f64>,
    /// Whether a throttle came while pacing (the increase is then slower).
    avoiding: bool,
    /// The earliest time the next paced request may start.
    next: Option<Instant>,
    /// No request starts before this (a `Retry-After`).
    paused_until: Option<Instant>,
    /// When the rate was last lowered.
    last_decrease: Option<Instant>,
    /// When answers arrived, within the last second.
    answers: VecDeque<Instant>,
}

/// What a throttled answer did to the limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Throttled {
    /// The rate was lowered: the request was sent at the rate in force.
    Lowered,
    /// The request was sent before the last decrease: the rate already accounts for it.
    Absorbed,
}

impl ClientRateLimiter {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the turn to send at `now`, or says how long until the next turn (then ask again:
    /// the rate may have risen meanwhile, and nothing is reserved for a waiter).
    pub(crate) fn try_acquire(&self, now: Instant) -> Result<(), Duration> {
        let mut state = self.state();
        if let Some(until) = state.paused_until {
            if now < until {
                return Err(until - now);
            }
            state.paused_until = None;
        }
        let Some(rate) = state.rate else {
            return Ok(());
        };
        match state.next {
            Some(next) if now < next => Err(next - now),
            _ => {
                state.next = Some(now + Duration::from_secs_f64(1.0 / rate));
                Ok(())
            }
        }
    }

    /// An answer that was not a throttle arrived at `now`.
    pub(crate) fn on_answer(&self, now: Instant) {
        let mut state = self.state();
        state.remember(now);
        if let Some(rate) = state.rate {
            let step = if state.avoiding { 0.5 } else { 1.0 };
            let rate = rate + step;
            state.rate = (rate < MAX_RATE).then_some(rate);
            if state.rate.is_none() {
                state.next = None;
                state.avoiding = false;
            }
        }
    }

    /// A request sent at `sent` was throttled (a `429`, a `503`), heard at `now`, with the
    /// server's `Retry-After` if it gave one.
    pub(crate) fn on_throttled(
        &self,
        sent: Instant,
        now: Instant,
        retry_after: Option<Duration>,
    ) -> Throttled {
        let mut state = self.state();
        if let Some(after) = retry_after {
            let until = now + after;
            state.paused_until = Some(state.paused_until.map_or(until, |paused| paused.max(until)));
        }
        if state.last_decrease.is_some_and(|decrease| sent <= decrease) {
            return Throttled::Absorbed;
        }
        state.last_decrease = Some(now);
        let rate = match state.rate {
            None => {
                state.forget_before(now);
                if state.answers.is_empty() {
                    return Throttled::Lowered;
                }
                state.answers.len() as f64
            }
            Some(rate) => {
                state.avoiding = true;
                rate * DECREASE
            }
        };
        state.rate = Some(rate.clamp(MIN_RATE, MAX_RATE));
        state.next = Some(now + Duration::from_secs_f64(1.0 / rate.max(MIN_RATE)));
        Throttled::Lowered
    }

    /// The pace in requests a second, `None` when not pacing.
    #[cfg(test)]
    pub(crate) fn rate(&self) -> Option<f64> {
        self.state().rate
    }
}

impl State {
    fn remember(&mut self, now: Instant) {
        self.forget_before(now);
        if self.answers.len() == MAX_REMEMBERED_ANSWERS {
            self.answers.pop_front();
        }
        self.answers.push_back(now);
    }

    fn forget_before(&mut self, now: Instant) {
        while self
            .answers
            .front()
            .is_some_and(|answer| now.saturating_duration_since(*answer) >= WINDOW)
        {
            self.answers.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn unlimited_until_a_throttle_then_paced_at_what_was_admitted() {
        let limiter = ClientRateLimiter::default();
        let start = Instant::now();
        for i in 0..5 {
            assert_eq!(limiter.try_acquire(start + i * MS), Ok(()));
            limiter.on_answer(start + i * MS);
        }
        assert_eq!(limiter.rate(), None);
        let now = start + 10 * MS;
        assert_eq!(limiter.on_throttled(now, now, None), Throttled::Lowered);
        assert_eq!(limiter.rate(), Some(5.0));
        // Five a second: one turn every 200 ms, the first 200 ms after the throttle.
        assert_eq!(limiter.try_acquire(now), Err(200 * MS));
        assert_eq!(limiter.try_acquire(now + 200 * MS), Ok(()));
        assert_eq!(limiter.try_acquire(now + 250 * MS), Err(150 * MS));
    }

    #[test]
    fn requests_sent_before_the_decrease_are_absorbed() {
        let limiter = ClientRateLimiter::default();
        let start = Instant::now();
        limiter.on_answer(start);
        let heard = start + 5 * MS;
        assert_eq!(
            limiter.on_throttled(start + MS, heard, None),
            Throttled::Lowered
        );
        for _ in 0..50 {
            assert_eq!(
                limiter.on_throttled(start + 2 * MS, heard + MS, None),
                Throttled::Absorbed
            );
        }
        assert_eq!(limiter.rate(), Some(MIN_RATE), "one lesson, one decrease");
        // A request sent after the decrease and throttled lowers the rate again.
        limiter.on_answer(heard + 10 * MS);
        limiter.on_answer(heard + 11 * MS);
        assert_eq!(
            limiter.rate(),
            Some(3.0),
            "slow start: one more a second per answer"
        );
        assert_eq!(
            limiter.on_throttled(heard + 20 * MS, heard + 30 * MS, None),
            Throttled::Lowered
        );
        assert_eq!(limiter.rate(), Some(3.0 * DECREASE));
        limiter.on_answer(heard + 40 * MS);
        assert_eq!(
            limiter.rate(),
            Some(3.0 * DECREASE + 0.5),
            "then half a request"
        );
    }

    #[test]
    fn retry_after_pauses_every_request() {
        let limiter = ClientRateLimiter::default();
        let now = Instant::now();
        limiter.on_throttled(now, now, Some(Duration::from_secs(2)));
        assert_eq!(limiter.try_acquire(now + 500 * MS), Err(1500 * MS));
        // Not paced after the pause: nothing was admitted before it to estimate a rate from.
        assert_eq!(limiter.try_acquire(now + 2000 * MS), Ok(()));
        assert_eq!(limiter.try_acquire(now + 2000 * MS), Ok(()));
        assert_eq!(limiter.rate(), None);
    }

    #[test]
    fn the_rate_returns_to_unlimited() {
        let limiter = ClientRateLimiter::default();
        let now = Instant::now();
        limiter.on_answer(now);
        limiter.on_throttled(now, now, None);
        assert_eq!(limiter.rate(), Some(1.0));
        for i in 0..(MAX_RATE as u32) {
            limiter.on_answer(now + i * MS);
        }
        assert_eq!(limiter.rate(), None);
        assert_eq!(limiter.try_acquire(now + Duration::from_secs(5)), Ok(()));
        assert_eq!(limiter.try_acquire(now + Duration::from_secs(5)), Ok(()));
    }

    #[test]
    fn the_memory_of_answers_is_bounded() {
        let limiter = ClientRateLimiter::default();
        let now = Instant::now();
        for _ in 0..(3 * MAX_REMEMBERED_ANSWERS) {
            limiter.on_answer(now);
        }
        assert_eq!(limiter.state().answers.len(), MAX_REMEMBERED_ANSWERS);
    }
}
