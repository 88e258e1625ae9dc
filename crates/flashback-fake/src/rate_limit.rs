//! A rate limiter in front of every route, as nginx's `limit_req` or an API gateway puts one in
//! front of the platform: a token bucket of `burst` requests refilled at `per_second`; a request
//! that finds it empty is answered `429 Too Many Requests` (the platform's error body), with or
//! without `Retry-After`, and never reaches the route. Refused requests are recorded like the
//! others ([`crate::FakeServer::requests`]).
//!
//! Time is tokio's (`tokio::time::Instant`), so a test on paused tokio time refills the bucket
//! as its clock moves.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::time::Instant;

use crate::answers::error;

/// A limit on the rate of requests (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests admitted per second, once the burst is spent.
    pub per_second: f64,
    /// Requests admitted at once when the bucket is full (at least 1).
    pub burst: u32,
    /// Whether a refusal says when to come back (`Retry-After`, in whole seconds, at least 1).
    pub retry_after: bool,
}

impl RateLimit {
    /// `per_second` requests a second with a burst of `burst`, refusals without `Retry-After`.
    pub fn new(per_second: f64, burst: u32) -> Self {
        Self {
            per_second,
            burst,
            retry_after: false,
        }
    }

    /// Refusals say `Retry-After` (or not).
    pub fn with_retry_after(mut self, retry_after: bool) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// Parses `RATE[/s][,BURST]` (`20/s,5`, `20`), the binary's `--rate-limit`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (rate, burst) = text.split_once(',').unwrap_or((text, "1"));
        let rate = rate.trim().trim_end_matches("/s");
        let per_second: f64 = rate
            .parse()
            .ok()
            .filter(|rate: &f64| rate.is_finite() && *rate > 0.0)
            .ok_or_else(|| format!("`{text}`: the rate must be a positive number, as in 20/s,5"))?;
        let burst: u32 = burst
            .trim()
            .parse()
            .ok()
            .filter(|burst| *burst >= 1)
            .ok_or_else(|| {
                format!("`{text}`: the burst must be a whole number >= 1, as in 20/s,5")
            })?;
        Ok(Self::new(per_second, burst))
    }
}

/// The bucket of a running fake.
#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    /// Tokens left and when they were counted.
    bucket: Mutex<(f64, Instant)>,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            bucket: Mutex::new((f64::from(limit.burst.max(1)), Instant::now())),
        }
    }

    /// Takes a token, or says how long until there is one.
    fn take(&self) -> Result<(), Duration> {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let (tokens, counted) = *bucket;
        let capacity = f64::from(self.limit.burst.max(1));
        let refilled = (tokens + now.duration_since(counted).as_secs_f64() * self.limit.per_second)
            .min(capacity);
        if refilled >= 1.0 {
            *bucket = (refilled - 1.0, now);
            Ok(())
        } else {
            *bucket = (refilled, now);
            Err(Duration::from_secs_f64(
                (1.0 - refilled) / self.limit.per_second,
            ))
        }
    }
}

/// Middleware: a request passes when the bucket has a token, else it is refused with a 429.
pub(crate) async fn limit(
    State(limiter): State<Arc<Limiter>>,
    request: Request,
    next: Next,
) -> Response {
    match limiter.take() {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, "Too many requests");
            if limiter.limit.retry_after {
                let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rate_and_burst() {
        assert_eq!(RateLimit::parse("20/s,5"), Ok(RateLimit::new(20.0, 5)));
        assert_eq!(RateLimit::parse("2.5"), Ok(RateLimit::new(2.5, 1)));
        assert!(RateLimit::parse("0/s,5").unwrap_err().contains("positive"));
        assert!(RateLimit::parse("20/s,0").unwrap_err().contains("burst"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_then_the_rate() {
        let limiter = Limiter::new(RateLimit::new(20.0, 5));
        for _ in 0..5 {
            assert_eq!(limiter.take(), Ok(()));
        }
        assert_eq!(limiter.take(), Err(Duration::from_millis(50)));
        tokio::time::advance(Duration::from_millis(50)).await;
        assert_eq!(limiter.take(), Ok(()));
        assert!(limiter.take().is_err());
    }
}
