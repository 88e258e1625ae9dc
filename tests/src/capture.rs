//! A loopback HTTP server that records each request exactly as it arrived.
//!
//! httpmock matches on decoded values; to assert the bytes a client puts on the wire (the raw
//! query string, that a missing parameter is absent rather than `undefined` or empty), the
//! tests need the request line itself.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (after `?`), if the request line had one.
    pub query: Option<String>,
    /// The headers, names lower-cased, in order.
    pub headers: Vec<(String, String)>,
}

impl CapturedRequest {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A running capture server.
pub struct CaptureServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: mpsc::UnboundedReceiver<CapturedRequest>,
}

impl CaptureServer {
    /// Starts a server on an ephemeral loopback port that answers every request with
    /// `status` and the JSON `body`.
    pub async fn start(status: u16, body: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let (sender, requests) = mpsc::unbounded_channel();
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        );
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                if let Some(request) = parse_head(&String::from_utf8_lossy(&head)) {
                    let _ = sender.send(request);
                }
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Self { base_url, requests }
    }

    /// The next request received (the client has already had its answer when this is called
    /// after an awaited call, so it never waits on the network).
    pub async fn next_request(&mut self) -> CapturedRequest {
        self.requests
            .recv()
            .await
            .expect("the server recorded a request")
    }
}

fn parse_head(head: &str) -> Option<CapturedRequest> {
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
    Some(CapturedRequest {
        method,
        path,
        query,
        headers,
    })
}
