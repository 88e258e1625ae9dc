//! The defaults of a [`crate::ClientBuilder`], named once: for an application that shows them
//! (in `--help`, say) or derives its own settings from them.

use std::time::Duration;

/// The platform's documented base URL.
pub const BASE_URL: &str = "https://backend.flashback.tech";
/// How long to wait for a TCP/TLS connection ([`crate::ClientBuilder::connect_timeout`]).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one attempt may take, reading the body included
/// ([`crate::ClientBuilder::attempt_timeout`]).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one call may take, retries and waits included ([`crate::ClientBuilder::deadline`]).
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How many workspace listings run at once over HTTP/1.1, one connection each
/// ([`crate::ClientBuilder::concurrency`]).
pub const CONCURRENCY: usize = 8;
/// How many workspace listings run at once over HTTP/2, as streams of one connection
/// ([`crate::ClientBuilder::http2_concurrency`]): half of the 128 streams nginx allows by
/// default (hyper allows 200, Go 250), so that a listing of hundreds of workspaces leaves room
/// for the service's other calls on the connection.
pub const HTTP2_CONCURRENCY: usize = 64;
/// How long an idle pooled connection is kept ([`crate::ClientBuilder::pool_idle_timeout`]):
/// below the idle timeouts of common load balancers and proxies (60 s and more), so that the
/// client drops a connection before the server does.
pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest response body, decompressed: 256 MiB, five times the body of a 100,000-bucket
/// listing ([`crate::ClientBuilder::max_response_bytes`]).
pub const MAX_RESPONSE_BYTES: u64 = 256 << 20;
