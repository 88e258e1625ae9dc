//! Proxies on the road to the platform, for tests of what a client does through them: an HTTP
//! proxy that opens `CONNECT` tunnels (optionally asking for credentials, answering `407`
//! without them; optionally speaking TLS itself, an `https://` proxy), and a SOCKS5 proxy
//! (optionally asking for a user name and password, RFC 1929, or refusing every connection by
//! its rules). Each listens on 127.0.0.1 (or `[::1]`) port 0, counts what it was asked, and
//! stops when dropped.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What kind of proxy to start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyKind {
    /// An HTTP proxy that opens a tunnel for every `CONNECT`.
    Connect,
    /// An HTTP proxy that opens tunnels only for `Proxy-Authorization: Basic` with this
    /// `user:password` (base64), and answers `407` otherwise.
    ConnectWithCredentials {
        /// The expected `user:password`, as it is before base64.
        credentials: String,
    },
    /// A SOCKS5 proxy without authentication (`CONNECT` by IPv4, IPv6 or domain name).
    Socks5,
    /// A SOCKS5 proxy that asks for this user name and password (RFC 1929) and refuses
    /// others.
    Socks5WithCredentials {
        /// The expected user name.
        user: String,
        /// The expected password.
        password: String,
    },
    /// A SOCKS5 proxy whose rules refuse every connection (reply `02`, "connection not allowed
    /// by ruleset").
    Socks5Refusing,
}

/// A running proxy.
pub struct ProxyServer {
    address: SocketAddr,
    asked: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl ProxyServer {
    /// Starts a proxy of `kind` on an ephemeral 127.0.0.1 port.
    pub async fn start(kind: ProxyKind) -> io::Result<Self> {
        Self::start_on(kind, SocketAddr::from(([127, 0, 0, 1], 0)), None).await
    }

    /// Starts a proxy of `kind` on `listen` (port 0 picks one: `[::1]:0` for IPv6); with `tls`,
    /// an HTTP proxy speaks TLS to its clients with that certificate (an `https://` proxy).
    pub async fn start_on(
        kind: ProxyKind,
        listen: SocketAddr,
        tls: Option<&crate::TlsConfig>,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind(listen).await?;
        let address = listener.local_addr()?;
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&asked);
        let tls = tls.map(|tls| tokio_rustls::TlsAcceptor::from(tls.server_config()));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let (kind, tls) = (kind.clone(), tls.clone());
                tokio::spawn(async move {
                    let _ = match tls {
                        Some(acceptor) => match acceptor.accept(client).await {
                            Ok(client) => serve(kind, client).await,
                            Err(error) => Err(error),
                        },
                        None => serve(kind, client).await,
                    };
                });
            }
        });
        Ok(Self {
            address,
            asked,
            task,
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// How many connections clients opened to it.
    pub fn connections(&self) -> usize {
        self.asked.load(Ordering::SeqCst)
    }
}

impl std::fmt::Debug for ProxyServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyServer")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl Drop for ProxyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves one client of a proxy of `kind`.
async fn serve<S>(kind: ProxyKind, client: S) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    match kind {
        ProxyKind::Connect => http_tunnel(client, None).await,
        ProxyKind::ConnectWithCredentials { credentials } => {
            http_tunnel(client, Some(&credentials)).await
        }
        ProxyKind::Socks5 => socks5(client, Socks5Rule::Open).await,
        ProxyKind::Socks5WithCredentials { user, password } => {
            socks5(client, Socks5Rule::Login { user, password }).await
        }
        ProxyKind::Socks5Refusing => socks5(client, Socks5Rule::RefuseAll).await,
    }
}

/// `CONNECT host:port`, checked for credentials when `expected` is given, then a tunnel.
async fn http_tunnel<S>(client: S, expected: Option<&str>) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut client = BufReader::new(client);
    let mut request_line = String::new();
    client.read_line(&mut request_line).await?;
    let mut authorization = None;
    loop {
        let mut line = String::new();
        if client.read_line(&mut line).await? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("proxy-authorization")
        {
            authorization = Some(value.trim().to_owned());
        }
    }
    // Credentials first, for a tunnel as for a plain request through the proxy.
    if let Some(expected) = expected {
        let given = authorization
            .as_deref()
            .and_then(|value| value.strip_prefix("Basic "))
            .and_then(|encoded| STANDARD.decode(encoded.trim()).ok())
            .and_then(|decoded| String::from_utf8(decoded).ok());
        if given.as_deref() != Some(expected) {
            let answer = "HTTP/1.1 407 Proxy Authentication Required\r\n\
                          proxy-authenticate: Basic realm=\"flashback-test\"\r\n\
                          content-length: 0\r\n\r\n";
            return client.get_mut().write_all(answer.as_bytes()).await;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (Some("CONNECT"), Some(target)) = (parts.next(), parts.next()) else {
        let answer = "HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n";
        return client.get_mut().write_all(answer.as_bytes()).await;
    };
    let mut upstream = match TcpStream::connect(target).await {
        Ok(upstream) => upstream,
        Err(_) => {
            let answer = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n";
            return client.get_mut().write_all(answer.as_bytes()).await;
        }
    };
    client
        .get_mut()
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await?;
    let mut client = client.into_inner();
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// What a SOCKS5 proxy asks and allows.
enum Socks5Rule {
    /// No authentication, every connection.
    Open,
    /// This user name and password (RFC 1929), every connection.
    Login { user: String, password: String },
    /// No authentication, no connection.
    RefuseAll,
}

/// A SOCKS5 server (RFC 1928): `CONNECT` only.
async fn socks5<S>(mut client: S, rule: Socks5Rule) -> io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting).await?;
    let mut methods = vec![0u8; usize::from(greeting[1])];
    client.read_exact(&mut methods).await?;
    let method = match rule {
        Socks5Rule::Login { .. } => 2,
        _ => 0,
    };
    if greeting[0] != 5 || !methods.contains(&method) {
        return client.write_all(&[5, 0xff]).await;
    }
    client.write_all(&[5, method]).await?;
    if let Socks5Rule::Login { user, password } = &rule {
        // RFC 1929: version 1, the user name and the password, each with its length.
        let mut version = [0u8; 2];
        client.read_exact(&mut version).await?;
        let mut given_user = vec![0u8; usize::from(version[1])];
        client.read_exact(&mut given_user).await?;
        let mut length = [0u8; 1];
        client.read_exact(&mut length).await?;
        let mut given_password = vec![0u8; usize::from(length[0])];
        client.read_exact(&mut given_password).await?;
        if given_user != user.as_bytes() || given_password != password.as_bytes() {
            return client.write_all(&[1, 1]).await;
        }
        client.write_all(&[1, 0]).await?;
    }
    let mut head = [0u8; 4];
    client.read_exact(&mut head).await?;
    let host = match head[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip).await?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        4 => {
            let mut ip = [0u8; 16];
            client.read_exact(&mut ip).await?;
            std::net::Ipv6Addr::from(ip).to_string()
        }
        3 => {
            let mut length = [0u8; 1];
            client.read_exact(&mut length).await?;
            let mut name = vec![0u8; usize::from(length[0])];
            client.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => return client.write_all(&[5, 8, 0, 1, 0, 0, 0, 0, 0, 0]).await,
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port).await?;
    let port = u16::from_be_bytes(port);
    if head[1] != 1 {
        return client.write_all(&[5, 7, 0, 1, 0, 0, 0, 0, 0, 0]).await;
    }
    if matches!(rule, Socks5Rule::RefuseAll) {
        return client.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0]).await;
    }
    let mut upstream = match TcpStream::connect((host.as_str(), port)).await {
        Ok(upstream) => upstream,
        Err(_) => return client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]).await,
    };
    client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}
