//! Serving HTTPS: a certificate and key in PEM, and a listener that completes TLS handshakes
//! before axum sees a connection.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// A handshake that does not complete in this time is abandoned (a client that connects and
/// says nothing must not hold anything).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The certificate chain and private key the fake serves HTTPS with.
///
/// `Debug` shows neither: the key is a credential.
#[derive(Clone)]
pub struct TlsConfig {
    config: Arc<ServerConfig>,
    /// What the configuration was made from, to make it again with client authentication.
    certs: Vec<CertificateDer<'static>>,
    key: Arc<PrivateKeyDer<'static>>,
}

impl TlsConfig {
    /// From PEM text: `cert_chain` holds the server's certificate first, then any
    /// intermediates; `key` its private key (PKCS#8, PKCS#1 or SEC1).
    pub fn from_pem(cert_chain: &[u8], key: &[u8]) -> Result<Self, String> {
        let certs = CertificateDer::pem_slice_iter(cert_chain)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| format!("the certificate is not valid PEM: {err}"))?;
        if certs.is_empty() {
            return Err(
                "the certificate file holds no `-----BEGIN CERTIFICATE-----` block".to_owned(),
            );
        }
        let key = PrivateKeyDer::from_pem_slice(key).map_err(|err| {
            format!("the key is not a PEM private key (PKCS#8, PKCS#1 or SEC1): {err}")
        })?;
        let config = server_config(&certs, &key, None)?;
        Ok(Self {
            config: Arc::new(config),
            certs,
            key: Arc::new(key),
        })
    }

    /// The same certificate, and a client certificate required of every client, signed by a
    /// certificate authority of `client_ca` (PEM): a gateway with `ssl_verify_client on`
    /// (nginx) or `verify required` (haproxy). A client without one fails the handshake with
    /// TLS 1.3's `certificate_required` alert.
    pub fn require_client_certificate(&self, client_ca: &[u8]) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore::empty();
        for certificate in CertificateDer::pem_slice_iter(client_ca) {
            let certificate =
                certificate.map_err(|err| format!("the client CA is not valid PEM: {err}"))?;
            roots
                .add(certificate)
                .map_err(|err| format!("the client CA is not a usable certificate: {err}"))?;
        }
        if roots.is_empty() {
            return Err("the client CA holds no `-----BEGIN CERTIFICATE-----` block".to_owned());
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|err| format!("the client CA cannot verify clients: {err}"))?;
        let config = server_config(&self.certs, &self.key, Some(verifier))?;
        Ok(Self {
            config: Arc::new(config),
            certs: self.certs.clone(),
            key: Arc::clone(&self.key),
        })
    }

    /// The rustls configuration, for a server the fake does not make itself (a test proxy).
    pub(crate) fn server_config(&self) -> Arc<ServerConfig> {
        Arc::clone(&self.config)
    }

    /// From PEM files; errors name the file.
    pub fn from_files(cert_chain: &Path, key: &Path) -> Result<Self, String> {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
        };
        Self::from_pem(&read(cert_chain)?, &read(key)?)
    }
}

/// A server configuration serving `certs` with `key`, verifying clients with `clients` if
/// given; HTTP/2 where the client offers it (ALPN), HTTP/1.1 otherwise.
fn server_config(
    certs: &[CertificateDer<'static>],
    key: &PrivateKeyDer<'static>,
    clients: Option<Arc<dyn rustls::server::danger::ClientCertVerifier>>,
) -> Result<ServerConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("the certificate and key do not make a TLS server: {err}"))?;
    let builder = match clients {
        Some(verifier) => builder.with_client_cert_verifier(verifier),
        None => builder.with_no_client_auth(),
    };
    let mut config = builder
        .with_single_cert(certs.to_vec(), key.clone_key())
        .map_err(|err| format!("the certificate and key do not make a TLS server: {err}"))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig").finish_non_exhaustive()
    }
}

/// An axum listener for HTTPS: accepts TCP connections, runs each handshake in a task of its
/// own (a slow client does not delay the others), and yields the connections whose handshake
/// completed. A failed handshake (an untrusting client) just closes that connection.
///
/// The fake serves with it; tests and benchmarks can serve any router over HTTPS with
/// `axum::serve(TlsListener::new(listener, &tls)?, router)`.
pub struct TlsListener {
    address: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    acceptor: JoinHandle<()>,
}

impl TlsListener {
    /// Serves TLS with `tls` on the connections `listener` accepts.
    pub fn new(listener: TcpListener, tls: &TlsConfig) -> io::Result<Self> {
        let address = listener.local_addr()?;
        let acceptor = TlsAcceptor::from(Arc::clone(&tls.config));
        let (sender, ready) = mpsc::channel(64);
        let acceptor = tokio::spawn(async move {
            loop {
                let Ok((stream, peer)) = listener.accept().await else {
                    continue;
                };
                let (acceptor, sender) = (acceptor.clone(), sender.clone());
                tokio::spawn(async move {
                    let handshake =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream));
                    if let Ok(Ok(stream)) = handshake.await {
                        let _ = sender.send((stream, peer)).await;
                    }
                });
            }
        });
        Ok(Self {
            address,
            ready,
            acceptor,
        })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accepting task ended (it never does on its own): accept nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.address)
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}
