//! A fake on a runtime of its own, for code that is not async: a test that runs the command as
//! a process, a benchmark. It serves on its runtime's thread while the caller blocks, and shuts
//! down when dropped.

use std::future::Future;
use std::io;

use crate::server::{FakeServer, Options, start};

/// A [`FakeServer`] serving from a runtime of its own (one worker thread).
///
/// ```
/// let fake = flashback_fake::BlockingFake::start(flashback_fake::Options::default()).unwrap();
/// assert!(fake.base_url().starts_with("http://127.0.0.1:"));
/// assert!(fake.server().requests().is_empty());
/// ```
#[derive(Debug)]
pub struct BlockingFake {
    /// `None` only while dropping.
    server: Option<FakeServer>,
    runtime: tokio::runtime::Runtime,
}

impl BlockingFake {
    /// Starts a fake with `options` on 127.0.0.1, on a port of its own.
    pub fn start(options: Options) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let server = runtime.block_on(start(options))?;
        Ok(Self {
            server: Some(server),
            runtime,
        })
    }

    /// The server: its requests, its faults, its connections.
    pub fn server(&self) -> &FakeServer {
        self.server
            .as_ref()
            .expect("the server is there until the fake is dropped")
    }

    /// The fake's base URL: `http://127.0.0.1:PORT` (`https://` with TLS).
    pub fn base_url(&self) -> String {
        self.server().base_url()
    }

    /// Runs `future` on the fake's runtime (to start a proxy beside it, say).
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

impl Drop for BlockingFake {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server.shutdown());
        }
    }
}
