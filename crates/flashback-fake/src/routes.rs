//! The HTTP surface: authentication, visibility, the two routes, errors, and faults.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{ALLOW, AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};
use flashback_api::types::{AvailableStorageBucket, StorageBucket};
use serde::Serialize;
use tokio::sync::watch;

use crate::answers::{error, json};
use crate::data::{DataSet, User};
use crate::faults::{self, FaultPlan};
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

    fn next_fault(&self, operation: Operation) -> faults::Planned {
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
    // One route per path, with every method the table gives it; any other method is a `405`
    // whose `Allow` lists the path's methods (and `HEAD` with `GET`, which axum answers).
    let mut paths: Vec<&'static str> = Vec::new();
    for operation in Operation::ALL {
        if !paths.contains(&operation.path()) {
            paths.push(operation.path());
        }
    }
    for path in paths {
        let operations = Operation::ALL.iter().filter(|op| op.path() == path);
        let mut handler: MethodRouter<Arc<AppState>> = MethodRouter::new();
        let mut allowed: Vec<&'static str> = Vec::new();
        for &operation in operations {
            let method = method_filter(operation.method());
            handler = match operation {
                Operation::GetStorageBuckets => handler.on(method, list_buckets),
                Operation::GetAvailableStorageBuckets => handler.on(method, list_available_buckets),
                _ => handler.on(method, not_implemented),
            };
            allowed.push(operation.method());
            if operation.method() == "GET" {
                allowed.push("HEAD");
            }
        }
        let allow = HeaderValue::from_str(&allowed.join(", ")).expect("methods are header-safe");
        router = router.route(
            path,
            handler.fallback(move || method_not_allowed(allow.clone())),
        );
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
    let planned = state.next_fault(Operation::GetStorageBuckets);
    let shutdown = state.shutdown.clone();
    faults::apply(planned, shutdown, Operation::GetStorageBuckets, answer).await
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
    let planned = state.next_fault(Operation::GetAvailableStorageBuckets);
    let shutdown = state.shutdown.clone();
    faults::apply(
        planned,
        shutdown,
        Operation::GetAvailableStorageBuckets,
        answer,
    )
    .await
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

async fn method_not_allowed(allow: HeaderValue) -> Response {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
    response.headers_mut().insert(ALLOW, allow);
    response
}
