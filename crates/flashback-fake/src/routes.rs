//! The HTTP surface: authentication, visibility, the two routes, errors, and faults.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use flashback_api::types::{AvailableStorageBucket, ErrorResponse, StorageBucket};
use serde::Serialize;
use tokio::sync::watch;

use crate::contract::breaks_contract;
use crate::data::{DataSet, User};
use crate::faults::{Fault, FaultPlan, Reply};
use crate::record::{self, Record};
use flashback_api::operations::Operation;

/// What every request handler shares.
pub(crate) struct AppState {
    data: DataSet,
    /// Index into `data.users` by token.
    users_by_token: HashMap<String, usize>,
    /// The organization's workspace ids.
    workspaces: HashSet<String>,
    /// For each bucket, its `GET /bucket/available` form, or `None` when a MIRROR repository
    /// uses it.
    available: Vec<Option<AvailableStorageBucket>>,
    pub(crate) faults: Mutex<HashMap<Operation, FaultPlan>>,
    /// Every request received (the most recent ones).
    pub(crate) record: Arc<Record>,
    shutdown: watch::Receiver<bool>,
    /// The rate limit in front of every route, if any.
    pub(crate) limiter: Option<Arc<crate::rate_limit::Limiter>>,
}

impl AppState {
    pub(crate) fn new(
        data: DataSet,
        faults: HashMap<Operation, FaultPlan>,
        shutdown: watch::Receiver<bool>,
        rate_limit: Option<crate::RateLimit>,
    ) -> Self {
        let users_by_token = data
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (u.token.clone(), i))
            .collect();
        let mirrored = data.mirrored_bucket_ids();
        let available = data
            .buckets
            .iter()
            .map(|bucket| {
                let used = bucket.id.as_deref().is_some_and(|id| mirrored.contains(id));
                (!used).then(|| available_form(bucket))
            })
            .collect();
        let workspaces = data.workspaces.iter().map(|w| w.id.clone()).collect();
        Self {
            data,
            users_by_token,
            workspaces,
            available,
            faults: Mutex::new(faults),
            record: Arc::default(),
            shutdown,
            limiter: rate_limit.map(|limit| Arc::new(crate::rate_limit::Limiter::new(limit))),
        }
    }

    fn next_fault(
        &self,
        operation: Operation,
    ) -> (std::time::Duration, Option<Fault>, Option<String>) {
        let mut faults = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
        match faults.get_mut(&operation) {
            Some(plan) => (plan.delay, plan.next(), plan.retry_after.clone()),
            None => Default::default(),
        }
    }
}

/// The subset of a bucket that `GET /bucket/available` documents.
fn available_form(bucket: &StorageBucket) -> AvailableStorageBucket {
    AvailableStorageBucket {
        id: bucket.id.clone(),
        name: bucket.name.clone(),
        storage_type: bucket.storage_type.clone(),
        bucket: bucket.bucket.clone(),
        key: bucket.key.clone(),
        status: bucket.status.clone(),
        workspace_id: bucket.workspace_id.clone(),
        created_at: bucket.created_at,
    }
}

/// The router: one route per operation of the table generated from the spec, at its path and
/// for its method; an operation this fake has not learnt yet answers `501`. Every request is
/// recorded first.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let mut router = Router::new();
    for &operation in Operation::ALL {
        let method = method_filter(operation.method());
        let handler: MethodRouter<Arc<AppState>> = match operation {
            Operation::GetStorageBuckets => on(method, list_buckets),
            Operation::GetAvailableStorageBuckets => on(method, list_available_buckets),
            _ => on(method, not_implemented),
        };
        router = router.route(operation.path(), handler.fallback(method_not_allowed));
    }
    let record = Arc::clone(&state.record);
    let limiter = state.limiter.clone();
    let router = router.fallback(not_found).with_state(state);
    let router = match limiter {
        Some(limiter) => router.layer(axum::middleware::from_fn_with_state(
            limiter,
            crate::rate_limit::limit,
        )),
        None => router,
    };
    router.layer(axum::middleware::from_fn_with_state(record, record::record))
}

/// The method filter of a method the spec names (upper case).
fn method_filter(method: &str) -> MethodFilter {
    match method {
        "DELETE" => MethodFilter::DELETE,
        "HEAD" => MethodFilter::HEAD,
        "OPTIONS" => MethodFilter::OPTIONS,
        "PATCH" => MethodFilter::PATCH,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "TRACE" => MethodFilter::TRACE,
        _ => MethodFilter::GET,
    }
}

/// The message of a 401 for a missing or unknown token.
pub const UNAUTHORIZED: &str = "Unauthorized: missing or invalid bearer token";
/// The message of a 403 for a workspace the caller may not see, whether it exists or not.
pub const FORBIDDEN_WORKSPACE: &str = "You do not have access to this workspace";
/// The message of a removed user's token, as the platform documents it.
pub const USER_NOT_FOUND: &str = "User not found";

/// `{"success": false, "message": ...}` with `status`.
fn error(status: StatusCode, message: &str) -> Response {
    let body = ErrorResponse {
        success: Some(false),
        message: Some(message.to_owned()),
    };
    json(
        status,
        serde_json::to_vec(&body).expect("an error body serializes"),
    )
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

/// Who is calling: the user of the bearer token, or the answer to give instead.
enum Caller<'a> {
    User(&'a User),
    Removed,
    Unknown,
}

fn caller<'a>(state: &'a AppState, headers: &HeaderMap) -> Caller<'a> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match token.and_then(|token| state.users_by_token.get(token)) {
        None => Caller::Unknown,
        Some(&index) if state.data.users[index].removed => Caller::Removed,
        Some(&index) => Caller::User(&state.data.users[index]),
    }
}

fn unauthorized(message: &str) -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, message);
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

#[derive(Serialize)]
struct Listing<'a> {
    success: bool,
    buckets: Vec<&'a StorageBucket>,
}

/// `GET /bucket`: the caller's visible buckets, of one workspace when `workspaceId` is given.
async fn list_buckets(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let answer = || match caller(&state, &headers) {
        Caller::Unknown => unauthorized(UNAUTHORIZED),
        // `GET /bucket` documents no 404: a removed user's token no longer authenticates.
        Caller::Removed => unauthorized(USER_NOT_FOUND),
        Caller::User(user) => {
            // Like the platform's JavaScript, an empty `workspaceId` is no filter.
            let workspace = query
                .iter()
                .find(|(key, _)| key == "workspaceId")
                .map(|(_, v)| v.as_str());
            match workspace.filter(|w| !w.is_empty()) {
                // A workspace of another organization, or of none, is as invisible as one the
                // caller has no access to.
                Some(workspace)
                    if !state.workspaces.contains(workspace)
                        || !user.access.can_see(Some(workspace)) =>
                {
                    error(StatusCode::FORBIDDEN, FORBIDDEN_WORKSPACE)
                }
                filter => {
                    let buckets = state
                        .data
                        .buckets
                        .iter()
                        .filter(|b| user.access.can_see(b.workspace_id.as_deref()))
                        .filter(|b| filter.is_none() || b.workspace_id.as_deref() == filter)
                        .collect();
                    let body = serde_json::to_vec(&Listing {
                        success: true,
                        buckets,
                    })
                    .expect("buckets serialize");
                    json(StatusCode::OK, body)
                }
            }
        }
    };
    with_faults(&state, Operation::GetStorageBuckets, answer).await
}

/// `GET /bucket/available`: the caller's visible buckets that no MIRROR repository uses.
async fn list_available_buckets(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Response {
    let answer = || match caller(&state, &headers) {
        Caller::Unknown => unauthorized(UNAUTHORIZED),
        Caller::Removed => error(StatusCode::NOT_FOUND, USER_NOT_FOUND),
        Caller::User(user) => {
            let buckets: Vec<&AvailableStorageBucket> = state
                .available
                .iter()
                .flatten()
                .filter(|b| user.access.can_see(b.workspace_id.as_deref()))
                .collect();
            json(
                StatusCode::OK,
                serde_json::to_vec(&buckets).expect("buckets serialize"),
            )
        }
    };
    with_faults(&state, Operation::GetAvailableStorageBuckets, answer).await
}

async fn not_implemented() -> Response {
    error(
        StatusCode::NOT_IMPLEMENTED,
        "flashback-fake does not implement this operation yet",
    )
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not found")
}

async fn method_not_allowed() -> Response {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// Applies the route's fault plan to the answer the request would get; `answer` is only
/// computed when the fault (none, or a truncated body) needs it.
async fn with_faults(
    state: &AppState,
    operation: Operation,
    answer: impl FnOnce() -> Response,
) -> Response {
    let (delay, fault, retry_after) = state.next_fault(operation);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match fault {
        None => answer(),
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = error(status, status.canonical_reason().unwrap_or("Fault"));
            if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            response
        }
        Some(Fault::Truncated) => {
            let (parts, body) = answer().into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut parts = parts;
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
        Some(Fault::InvalidJson) => json(
            StatusCode::OK,
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        ),
        Some(Fault::Drop) => {
            // A body that fails before its first byte: hyper closes the connection without
            // sending the response.
            let failing = futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault: drop",
                ))
            });
            Response::new(Body::from_stream(failing))
        }
        Some(Fault::Reply(reply)) => match breaks_contract(operation, &reply) {
            Some(why) => {
                eprintln!("{why}");
                error(StatusCode::INTERNAL_SERVER_ERROR, &why)
            }
            None => scripted(reply),
        },
        Some(Fault::Hang) => {
            let mut shutdown = state.shutdown.clone();
            let _ = shutdown.wait_for(|stopping| *stopping).await;
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "The server is shutting down",
            )
        }
    }
}

/// A [`Reply`] as it is written; headers that are not valid HTTP are left out.
fn scripted(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match reply.declared_length {
        None => Body::from(reply.body),
        // The body, then a failure: hyper breaks the connection off before the declared length.
        // The failure comes one turn later, so that hyper writes the head and the body first
        // (a failure in the same turn would end the connection before any byte went out).
        Some(_) => {
            let body = futures_util::stream::iter([Ok(Bytes::from(reply.body))]);
            let failure = futures_util::stream::once(async {
                tokio::task::yield_now().await;
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionAborted,
                    "fault: cut short",
                ))
            });
            Body::from_stream(futures_util::StreamExt::chain(body, failure))
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.append(name, value);
        }
    }
    if let Some(length) = reply.declared_length {
        headers.insert(
            axum::http::header::CONTENT_LENGTH,
            HeaderValue::from(length),
        );
    }
    response
}
