//! The call orchestrator: one attempt after another, each bounded by the attempt timeout and
//! what is left of the deadline and timed by the client's [`Clock`], paced by the client's rate
//! limiter, until one succeeds or [`decide`] says to give up; within an attempt, the requests
//! the server never processed are sent again (`transport::replay`). Its spans are made in
//! `telemetry`.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use flashback_api::types::ErrorResponse;
use futures_util::future::{Either, select};
use progenitor_client::{Error as ApiError, ResponseValue};
use secrecy::ExposeSecret;
use tracing::Instrument;

use super::call_meta::CallMeta;
use crate::auth::cache::{CurrentToken, TokenCache};
use crate::error::{Error, ErrorKind, Operation};
use crate::retry::{
    ClientRateLimiter, Decision, Progress, RetryPolicy, RetryQuota, THROTTLE_STATUSES, Throttled,
    decide,
};
use crate::telemetry::{self, AttemptOutcome, Metrics};
use crate::time::Clock;
use crate::transport::{AttemptExchange, BaseUrl, MAX_REPLAYS, Replay, Transport, classify};
use crate::units::duration_text;

/// What the orchestrator runs with: the part of a client's validated configuration that
/// sends, times and retries requests. Clones share the pool, the token, the rate limiter and
/// the retry budget.
#[derive(Clone)]
pub(crate) struct CallSettings {
    /// The generated client, without hooks: each attempt sends through a clone of it with an
    /// exchange of its own.
    pub(crate) api: flashback_api::Client,
    pub(crate) base_url: BaseUrl,
    /// The headers and limits every request goes out and comes back with.
    pub(crate) transport: Arc<Transport>,
    /// The token to send, kept and refreshed.
    pub(crate) token: TokenCache,
    /// The pace of the client's requests, slowed by throttles (shared by every call of the
    /// client and its clones).
    pub(crate) rate_limiter: Arc<ClientRateLimiter>,
    /// The client's instruments (nothing without the `opentelemetry` feature).
    pub(crate) metrics: Metrics,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    /// What is left of the retry budget, shared by every call of the client and its clones.
    pub(crate) retry_quota: Option<Arc<RetryQuota>>,
    pub(crate) clock: Arc<dyn Clock>,
}

/// Runs `call` until it succeeds, fails for good, runs out of attempts or would pass the
/// deadline; one tracing span per call.
pub(crate) async fn execute<T, F, Fut>(
    settings: &CallSettings,
    operation: Operation,
    workspace: Option<&str>,
    call: F,
) -> Result<T, Error>
where
    F: Fn(flashback_api::Client) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, ApiError<ErrorResponse>>>,
{
    execute_with_meta(settings, operation, workspace, call)
        .await
        .map(|(value, _)| value)
}

/// [`execute`], with what the call took to succeed.
pub(crate) async fn execute_with_meta<T, F, Fut>(
    settings: &CallSettings,
    operation: Operation,
    workspace: Option<&str>,
    call: F,
) -> Result<(T, CallMeta), Error>
where
    F: Fn(flashback_api::Client) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, ApiError<ErrorResponse>>>,
{
    let span = telemetry::call_span(operation, workspace);
    let run = async {
        let start = settings.clock.now();
        let deadline = settings.deadline.map(|deadline| start + deadline);
        // Recorded once, when the call ends: on the call's span, and as metrics.
        let finish = |attempts: u32, status: Option<u16>, error: Option<&Error>| {
            let elapsed = settings.clock.now().saturating_duration_since(start);
            telemetry::record_call_end(attempts, status, elapsed);
            let budget = settings.retry_quota.as_ref().map(|quota| quota.available());
            settings
                .metrics
                .call(operation, elapsed, attempts, error, budget);
        };
        let mut attempt = 0;
        // A 401 is answered once by a new token and the same request again, which is not one
        // of the policy's attempts.
        let mut replayed = false;
        // Throttled requests the rate limiter had already accounted for.
        let mut absorbed = 0;
        loop {
            attempt += 1;
            let in_context = |error: Error| {
                let error = error.with_operation(operation, attempt);
                match workspace {
                    Some(workspace) => error.in_workspace(workspace),
                    None => error,
                }
            };
            let token = match token_within_deadline(settings, deadline).await {
                Ok(token) => token,
                Err(error) => {
                    let error = in_context(error);
                    finish(attempt, None, Some(&error));
                    tracing::debug!(attempt, kind = %error.kind(), "failed: no token");
                    return Err(error);
                }
            };
            let url = FullUrl {
                base_url: &settings.base_url,
                path: operation.path(),
                workspace,
            };
            let target = telemetry::Target {
                host: settings.base_url.host(),
                port: settings.base_url.port(),
                url: &url,
            };
            let attempt_span = telemetry::attempt_span(attempt, operation, workspace, &target);
            wait_for_turn(settings, deadline).await;
            let sent = settings.clock.now();
            let outcome = one_attempt(settings, &call, deadline, &token)
                .instrument(attempt_span)
                .await;
            settings.metrics.attempt(&AttemptOutcome {
                duration: settings.clock.now().saturating_duration_since(sent),
                status: match &outcome {
                    Ok((status, _, _)) => Some(*status),
                    Err(error) => error.status(),
                },
                error: outcome.as_ref().err(),
                http2: settings.transport.is_http2(),
            });
            let limiter = &settings.rate_limiter;
            match &outcome {
                Err(error) if is_throttle(error) => {
                    let heard = settings.clock.now();
                    // The pause is the server's, within the policy's cap, as the retry's wait is.
                    let pause = error
                        .retry_after()
                        .map(|wait| wait.min(settings.retry.max_retry_after()));
                    let throttled = limiter.on_throttled(sent, heard, pause);
                    if throttled == Throttled::Absorbed && error.kind() == ErrorKind::RateLimited {
                        absorbed += 1;
                    }
                }
                Err(error) if error.status().is_none() => {}
                _ => limiter.on_answer(settings.clock.now()),
            }
            let error = match outcome {
                Ok((status, value, request_id)) => {
                    if let Some(quota) = &settings.retry_quota {
                        quota.refund();
                    }
                    finish(attempt, Some(status), None);
                    tracing::debug!(attempt, status, "succeeded");
                    let meta = CallMeta {
                        request_id,
                        attempts: attempt,
                        http2: settings.transport.is_http2(),
                        elapsed: settings.clock.now().saturating_duration_since(start),
                    };
                    return Ok((value, meta));
                }
                Err(error) => in_context(error),
            };
            let progress = Progress {
                sent: attempt,
                replayed,
                token_refreshable: settings.token.refreshable(),
                absorbed,
            };
            let time_left =
                deadline.map(|deadline| deadline.saturating_duration_since(settings.clock.now()));
            let decision = decide(
                &error,
                progress,
                &settings.retry,
                settings.retry_quota.as_deref(),
                time_left,
                fastrand::f64(),
            );
            let delay = match decision {
                Decision::Replay => {
                    replayed = true;
                    settings.token.refused(&token).await;
                    tracing::debug!(attempt, "401: sending again with a new token");
                    continue;
                }
                Decision::Retry { after } => after,
                Decision::GiveUp(reason) => {
                    let error = error.stopped(reason);
                    finish(attempt, error.status(), Some(&error));
                    tracing::debug!(
                        attempt,
                        status = error.status(),
                        kind = %error.kind(),
                        stop_reason = %reason,
                        "failed"
                    );
                    return Err(error);
                }
            };
            tracing::debug!(
                attempt,
                status = error.status(),
                kind = %error.kind(),
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            settings.clock.sleep(delay).await;
        }
    };
    run.instrument(span).await
}

/// One attempt, bounded by the attempt timeout and the deadline; returns the status and
/// the decoded body.
async fn one_attempt<T, F, Fut>(
    settings: &CallSettings,
    call: &F,
    deadline: Option<Instant>,
    token: &CurrentToken,
) -> Result<(u16, T, Option<String>), Error>
where
    F: Fn(flashback_api::Client) -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, ApiError<ErrorResponse>>>,
{
    let exchange_for = |fresh_connection| {
        Arc::new(AttemptExchange::new(
            Arc::clone(&settings.transport),
            token.authorization.clone(),
            fresh_connection,
        ))
    };
    // The exchange the attempt went through last: a request the server never processed is sent
    // again through a new exchange (on a new connection after a stale pooled one).
    let last = Mutex::new(exchange_for(false));
    let current = || Arc::clone(&last.lock().unwrap_or_else(PoisonError::into_inner));
    let answer = async {
        // Replays in a row while no answer reached the client, and the answers counted then.
        let (mut replays, mut answers) = (0, settings.transport.answers());
        loop {
            let exchange = current();
            let error = match call(settings.api.with_exchange(exchange.clone())).await {
                Ok(response) => {
                    let request_id = exchange.head().and_then(|head| head.request_id.clone());
                    return Ok((
                        response.status().as_u16(),
                        response.into_inner(),
                        request_id,
                    ));
                }
                Err(error) => error,
            };
            // A request the server never processed goes again at once (not an attempt of the
            // policy, no wait, no budget), a few times in a row at most while nothing answers.
            if let Some(replay) = exchange.replay() {
                let now = settings.transport.answers();
                if now > answers {
                    (replays, answers) = (0, now);
                }
                if replays < MAX_REPLAYS {
                    replays += 1;
                    settings.metrics.replay(replay.name());
                    let fresh = replay == Replay::StaleConnection;
                    *last.lock().unwrap_or_else(PoisonError::into_inner) = exchange_for(fresh);
                    continue;
                }
            }
            let now = settings.clock.system_time();
            let token = token.token.expose_secret();
            return Err(classify(error, &exchange, now, token).await);
        }
    };
    let remaining =
        deadline.map(|deadline| deadline.saturating_duration_since(settings.clock.now()));
    let budget = match (settings.attempt_timeout, remaining) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let outcome = match budget {
        None => answer.await,
        Some(budget) => {
            // The same clock as the waits and the deadline: a test clock bounds attempts too.
            let timer = settings.clock.timer(budget);
            match select(pin!(answer), timer).await {
                Either::Left((outcome, _)) => outcome,
                Either::Right(((), _)) => Err(Error::new(ErrorKind::Timeout).with_detail(format!(
                    "no complete answer within {}",
                    duration_text(budget)
                ))),
            }
        }
    };
    let exchange = current();
    let head = exchange.head();
    telemetry::record_attempt_end(
        head.map(|head| head.status.as_u16()),
        head.and_then(|head| head.request_id.as_deref()),
        outcome.as_ref().err(),
    );
    let request_id = head.and_then(|head| head.request_id.clone());
    outcome.map_err(|error| error.with_request_id(request_id))
}

/// Whether `error` is the platform (or a gateway before it) saying to slow down.
fn is_throttle(error: &Error) -> bool {
    error
        .status()
        .is_some_and(|status| THROTTLE_STATUSES.contains(&status))
}

/// Waits until the client's rate limiter gives this request its turn, within what is left of
/// the deadline (past it, the attempt's own timer ends the call).
async fn wait_for_turn(settings: &CallSettings, deadline: Option<Instant>) {
    loop {
        let now = settings.clock.now();
        let Err(wait) = settings.rate_limiter.try_acquire(now) else {
            return;
        };
        let left = deadline.map(|deadline| deadline.saturating_duration_since(now));
        if left.is_some_and(|left| left <= wait) {
            return;
        }
        tracing::debug!(
            wait_ms = wait.as_millis() as u64,
            "paced: waiting for a turn"
        );
        settings.clock.sleep(wait).await;
    }
}

/// The token to send, asked of the provider if need be, within what is left of the deadline: a
/// provider that hangs (a vault that does not answer) ends the call at its deadline.
async fn token_within_deadline(
    settings: &CallSettings,
    deadline: Option<Instant>,
) -> Result<Arc<CurrentToken>, Error> {
    // A fixed token is there already: no timer to race against it.
    if let Some(fixed) = settings.token.fixed_token() {
        return Ok(fixed);
    }
    let token = settings.token.current(&settings.clock);
    let Some(deadline) = deadline else {
        return token.await;
    };
    let left = deadline.saturating_duration_since(settings.clock.now());
    match select(pin!(token), settings.clock.timer(left)).await {
        Either::Left((token, _)) => token,
        Either::Right(((), _)) => Err(Error::new(ErrorKind::Timeout).with_detail(format!(
            "the token provider gave no token within {}",
            duration_text(left)
        ))),
    }
}

/// The request's URL for `url.full` (the base URL has no credentials, by construction), made
/// only when the span is recorded.
struct FullUrl<'a> {
    base_url: &'a BaseUrl,
    path: &'static str,
    workspace: Option<&'a str>,
}

impl std::fmt::Display for FullUrl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut url = self.base_url.join(self.path);
        if let Some(workspace) = self.workspace {
            url.query_pairs_mut().append_pair("workspaceId", workspace);
        }
        f.write_str(url.as_str())
    }
}
