//! Starting and stopping the server.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::connection::{ConnectionFaults, FaultyListener, Negotiated, SharedFaults};
use crate::data::DataSet;
use crate::faults::{Fault, FaultPlan};
use crate::rate_limit::RateLimit;
use crate::routes::{AppState, router};
use crate::tls::{TlsConfig, TlsListener};
use flashback_api::operations::Operation;

/// How to start the fake.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// What to serve.
    pub data: DataSet,
    /// Faults from the start, per route.
    pub faults: HashMap<Operation, FaultPlan>,
    /// Serve HTTPS with this certificate instead of plain HTTP.
    pub tls: Option<TlsConfig>,
    /// Faults of every connection, whatever the route.
    pub connections: ConnectionFaults,
    /// A rate limit in front of every route (429 past it), as a gateway puts one.
    pub rate_limit: Option<RateLimit>,
}

impl Default for Options {
    /// The demo data on an ephemeral 127.0.0.1 port, no faults.
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data: DataSet::demo(),
            faults: HashMap::new(),
            tls: None,
            connections: ConnectionFaults::NONE,
            rate_limit: None,
        }
    }
}

/// A running fake. Stop it with [`FakeServer::shutdown`]; dropping it stops it too.
pub struct FakeServer {
    address: SocketAddr,
    https: bool,
    state: Arc<AppState>,
    connections: SharedFaults,
    /// Connections accepted so far (after the TLS handshake, when serving HTTPS).
    accepted: Arc<AtomicU64>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<io::Result<()>>>,
}

/// Starts the demo data on an ephemeral 127.0.0.1 port.
pub async fn start_demo() -> io::Result<FakeServer> {
    start(Options::default()).await
}

/// Starts a fake whose every operation answers from `script`, one fault per request, the last
/// one repeating (see [`FaultPlan::script`]): a server that misbehaves exactly as a test says,
/// whatever the token. [`FakeServer::requests`] shows what it received.
///
/// ```
/// use flashback_fake::{Fault, Reply, start_scripted};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let server = start_scripted([
///     Fault::Status(503),
///     Fault::Reply(Reply::json(200, r#"{"success":true,"buckets":[]}"#)),
/// ])
/// .await?;
/// let http = reqwest::Client::new();
/// let url = format!("{}/bucket", server.base_url());
/// assert_eq!(http.get(&url).send().await.unwrap().status(), 503);
/// assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
/// assert_eq!(server.requests().len(), 2);
/// # Ok(())
/// # }
/// ```
pub async fn start_scripted(script: impl IntoIterator<Item = Fault>) -> io::Result<FakeServer> {
    let plan = FaultPlan::script(script);
    let faults = Operation::ALL
        .iter()
        .map(|&operation| (operation, plan.clone()))
        .collect();
    start(Options {
        faults,
        ..Options::default()
    })
    .await
}

/// Starts a fake with `options`.
pub async fn start(options: Options) -> io::Result<FakeServer> {
    let listener = TcpListener::bind(options.listen).await?;
    let address = listener.local_addr()?;
    let (stop, stopping) = watch::channel(false);
    let state = Arc::new(AppState::new(
        options.data,
        options.faults,
        stopping.clone(),
        options.rate_limit,
    ));
    let app = router(Arc::clone(&state));
    let mut stopped = stopping;
    let stopped = async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let https = options.tls.is_some();
    let connections: SharedFaults = Arc::new(RwLock::new(options.connections));
    let faults = Arc::clone(&connections);
    let accepted = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&accepted);
    let task = match &options.tls {
        None => {
            let listener = FaultyListener::new(listener, faults, app.clone(), counted);
            spawn_serve(listener, app, stopped)
        }
        Some(tls) => {
            let listener = TlsListener::new(listener, tls)?;
            let listener = FaultyListener::new(listener, faults, app.clone(), counted);
            spawn_serve(listener, app, stopped)
        }
    };
    Ok(FakeServer {
        address,
        https,
        state,
        connections,
        accepted,
        stop,
        task: Some(task),
    })
}

/// Serves `app` on `listener` (plain or TLS) until `stopped` completes.
fn spawn_serve<L>(
    listener: FaultyListener<L>,
    app: axum::Router,
    stopped: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<io::Result<()>>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    L::Io: Negotiated + Sync,
{
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
    })
}

impl FakeServer {
    /// `http://127.0.0.1:<port>`, or `https://...` when serving HTTPS.
    pub fn base_url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Replaces the faults of `operation` (the next request sees them).
    pub fn set_faults(&self, operation: Operation, plan: FaultPlan) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(operation, plan);
    }

    /// Every request received so far, oldest first (at most [`RECORDED_REQUESTS_LIMIT`], the
    /// most recent).
    ///
    /// [`RECORDED_REQUESTS_LIMIT`]: crate::RECORDED_REQUESTS_LIMIT
    pub fn requests(&self) -> Vec<crate::RecordedRequest> {
        self.state.record.snapshot()
    }

    /// Completes once `count` requests have arrived since the start (recorded before they are
    /// answered): how a test knows, without sleeping, that a request reached the server, for
    /// example before moving a test clock past a hanging request's timeout.
    pub async fn wait_for_requests(&self, count: u64) {
        self.state.record.wait_for(count).await;
    }

    /// How many connections the fake has accepted (completed TLS handshakes, when serving
    /// HTTPS): how a test checks that a client opened one connection, not one per request.
    pub fn connections_accepted(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }

    /// Sets the connection faults of the connections accepted from now on (see
    /// [`ConnectionFaults`]).
    pub fn set_connection_faults(&self, faults: ConnectionFaults) {
        *self
            .connections
            .write()
            .unwrap_or_else(PoisonError::into_inner) = faults;
    }

    /// Removes every fault: normal service on every route, and on connections accepted from
    /// now on.
    pub fn clear_faults(&self) {
        self.state
            .faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.set_connection_faults(ConnectionFaults::NONE);
    }

    /// Stops accepting, ends hanging answers, waits for requests in flight to finish.
    pub async fn shutdown(mut self) -> io::Result<()> {
        let _ = self.stop.send(true);
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
