//! Deterministic test utilities (feature `test-util`): a clock that never waits, and an HTTP
//! server that answers from a script and records what it received.
//!
//! With [`ManualClock`], retries run instantly and the waits the client chose can be asserted
//! exactly; with [`ScriptedServer`], a test states the sequence of answers (`503, 503, 200`,
//! a hang, a dropped connection) instead of sleeping until a real server misbehaves.
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use flashback_ext::test_util::{ManualClock, Reply, ScriptedServer};
//! use flashback_ext::{Client, RetryPolicy, Jitter};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = ScriptedServer::start([
//!     Reply::json(503, r#"{"success":false,"message":"busy"}"#),
//!     Reply::json(200, r#"{"success":true,"buckets":[{"id":"b-1"}]}"#),
//! ])
//! .await;
//! let clock = Arc::new(ManualClock::new());
//! let client = Client::builder()
//!     .base_url(server.base_url())
//!     .token("t")
//!     .clock(clock.clone())
//!     .retry_policy(RetryPolicy::default().with_jitter(Jitter::None))
//!     .build()
//!     .unwrap();
//! let buckets = client.list_buckets().await.unwrap();
//! assert_eq!(buckets.len(), 1);
//! assert_eq!(clock.sleeps(), [Duration::from_millis(200)]);
//! assert_eq!(server.requests().len(), 2);
//! # }
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::clock::{Clock, Sleep};

/// A clock whose sleeps return at once and move its time forward by the duration slept.
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    wall_start: SystemTime,
    state: Mutex<ClockState>,
}

#[derive(Debug, Default)]
struct ClockState {
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock at now (and at 2023-11-14T22:13:20Z on the wall, for `Retry-After` dates).
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            wall_start: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            state: Mutex::default(),
        }
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// Moves time forward without sleeping.
    pub fn advance(&self, duration: Duration) {
        self.lock().elapsed += duration;
    }

    /// The wall-clock time the clock stands at.
    pub fn wall_time(&self) -> SystemTime {
        self.wall_start + self.lock().elapsed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.lock().elapsed
    }

    fn system_time(&self) -> SystemTime {
        self.wall_time()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.lock();
        state.elapsed += duration;
        state.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// One answer of a [`ScriptedServer`].
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response.
    Response {
        /// The status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
        /// The `content-length` to declare, when it should differ from the body (a body cut
        /// short).
        declared_length: Option<usize>,
    },
    /// Read the request, never answer, keep the connection open.
    Hang,
    /// Read the request and close the connection without answering.
    Close,
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
            declared_length: None,
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        if let Self::Response { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// Declares a `content-length` of `length` whatever the body is (then closes).
    pub fn with_declared_length(mut self, length: usize) -> Self {
        if let Self::Response {
            declared_length, ..
        } = &mut self
        {
            *declared_length = Some(length);
        }
        self
    }
}

/// A request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, when the request line had one.
    pub query: Option<String>,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// An HTTP/1.1 server on an ephemeral 127.0.0.1 port that answers each request with the next
/// [`Reply`] of its script (the last one repeats) and records every request. One request per
/// connection (`connection: close`). Stops when dropped.
#[derive(Debug)]
pub struct ScriptedServer {
    base_url: String,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    task: JoinHandle<()>,
}

impl ScriptedServer {
    /// Starts the server with `script`, which must not be empty.
    pub async fn start(script: impl IntoIterator<Item = Reply>) -> Self {
        let mut script: VecDeque<Reply> = script.into_iter().collect();
        assert!(
            !script.is_empty(),
            "a ScriptedServer needs at least one reply"
        );
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            let mut hanging: Vec<TcpStream> = Vec::new();
            while let Ok((mut stream, _)) = listener.accept().await {
                let Some(request) = read_head(&mut stream).await else {
                    continue;
                };
                recorded
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(request);
                let reply = if script.len() > 1 {
                    script.pop_front()
                } else {
                    script.front().cloned()
                };
                match reply.expect("the script is never empty") {
                    Reply::Hang => hanging.push(stream),
                    Reply::Close => drop(stream),
                    Reply::Response {
                        status,
                        headers,
                        body,
                        declared_length,
                    } => {
                        let mut head = format!(
                            "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\nconnection: close\r\n",
                            declared_length.unwrap_or(body.len())
                        );
                        for (name, value) in headers {
                            head.push_str(&format!("{name}: {value}\r\n"));
                        }
                        head.push_str("\r\n");
                        let _ = stream.write_all(head.as_bytes()).await;
                        let _ = stream.write_all(&body).await;
                        let _ = stream.shutdown().await;
                    }
                }
            }
        });
        Self {
            base_url,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads a request head; `None` if the peer closed first.
async fn read_head(stream: &mut TcpStream) -> Option<RecordedRequest> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?;
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    let headers = lines
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Some(RecordedRequest {
        method,
        path,
        query,
        headers,
    })
}
