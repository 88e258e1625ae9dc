//! The HTTP clients a builder makes when it is given none: TLS with the compiled-in backend and
//! the machine's trust store plus the roots the user added, HTTP/2 where the server offers it
//! (ALPN) and HTTP/1.1 otherwise, gzip, the connect timeout, the pool's idle timeout; and a twin
//! that keeps no idle connection, for a request sent again after a stale pooled connection.

use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect;

use super::base_url::BaseUrl;
use super::connection_gate::{ConnectionGate, GateLayer};
use super::proxy::ProxyChoice;
use super::tls::CertificateRequests;
use crate::error::{ConfigError, Error};
use secrecy::SecretBox;

/// The most redirects followed within the platform's origin.
const MAX_REDIRECTS: usize = 10;

/// What [`http_clients`] makes.
pub(crate) struct HttpClients {
    /// The client every request goes through, with its connection pool.
    pub(crate) pooled: reqwest::Client,
    /// The same settings, no idle connection kept: every request on a new connection.
    pub(crate) fresh: reqwest::Client,
}

/// A client certificate and its key, PEM; `Debug` never shows the key.
#[derive(Clone)]
#[cfg_attr(
    not(any(feature = "rustls", feature = "native-tls")),
    allow(
        dead_code,
        reason = "without a TLS backend an identity is refused, never read"
    )
)]
pub(crate) struct Identity {
    pub(crate) certificate_chain: Vec<u8>,
    pub(crate) key: SecretBox<[u8]>,
}

/// What [`ClientBuilder::configure_http`] does to every reqwest client the builder makes.
pub(crate) type ConfigureHttp =
    Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// The connection settings of the clients a builder makes.
pub(crate) struct Connections<'a> {
    pub(crate) connect_timeout: Duration,
    /// How long an idle pooled connection is kept; `None`: as long as the server keeps it.
    pub(crate) pool_idle_timeout: Option<Duration>,
    /// Extra root certificates (PEM), in the order given.
    pub(crate) roots: &'a [Vec<u8>],
    /// Through which proxy.
    pub(crate) proxy: &'a ProxyChoice,
    /// One connection per origin over HTTP/2, for the pooled client.
    pub(crate) gate: &'a Arc<ConnectionGate>,
    /// The client certificate to present, if any.
    pub(crate) identity: Option<&'a Identity>,
    /// Where the TLS handshakes note a server's request for a client certificate (the
    /// `rustls` backend's: native-tls does not say).
    #[cfg_attr(
        not(all(feature = "rustls", not(feature = "native-tls"))),
        allow(dead_code, reason = "only the rustls configuration notes the requests")
    )]
    pub(crate) certificate_requests: &'a Arc<CertificateRequests>,
    /// The caller's changes to every client, applied last.
    pub(crate) configure: Option<&'a ConfigureHttp>,
}

/// The pooled client and its fresh twin for `base_url`.
pub(crate) fn http_clients(
    base_url: &BaseUrl,
    connections: &Connections<'_>,
) -> Result<HttpClients, Error> {
    // Over plain http:// there is no ALPN and every connection is HTTP/1.1: nothing to gate.
    let gate = (!base_url.is_plain_http()).then_some(connections.gate);
    Ok(HttpClients {
        pooled: http_client(
            base_url,
            connections,
            connections.pool_idle_timeout,
            None,
            gate,
        )?,
        fresh: http_client(base_url, connections, None, Some(0), None)?,
    })
}

/// The HTTP client of a builder that was given none: TLS with the compiled-in backend and the
/// machine's trust store plus `roots`, gzip, the connect timeout.
fn http_client(
    base_url: &BaseUrl,
    connections: &Connections<'_>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle: Option<usize>,
    gate: Option<&Arc<ConnectionGate>>,
) -> Result<reqwest::Client, Error> {
    if !base_url.is_plain_http() && !cfg!(any(feature = "rustls", feature = "native-tls")) {
        return Err(Error::config(ConfigError::NoTlsBackend {
            base_url: base_url.to_string(),
        }));
    }
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connections.connect_timeout)
        .pool_idle_timeout(pool_idle_timeout)
        .redirect(same_origin_redirects(base_url))
        // The SDK sends again what the server did not process (`transport::replay`), bounded,
        // traced and within the call's deadline; reqwest's own replays would hide them.
        .retry(reqwest::retry::never())
        .gzip(true);
    // The SDK reads the proxy variables itself (as curl does): reqwest reads none.
    match connections.proxy {
        ProxyChoice::Through(_, proxy) => builder = builder.proxy((**proxy).clone()),
        ProxyChoice::Direct => builder = builder.no_proxy(),
    }
    if let Some(max) = pool_max_idle {
        builder = builder.pool_max_idle_per_host(max);
    }
    if let Some(gate) = gate {
        builder = builder.connector_layer(GateLayer {
            gate: Arc::clone(gate),
        });
    }
    builder = with_tls(builder, connections)?;
    if let Some(configure) = connections.configure {
        builder = configure(builder);
    }
    builder.build().map_err(|err| {
        Error::config(ConfigError::HttpClient {
            reason: err.to_string(),
        })
    })
}

/// `builder` with the compiled-in TLS backend: rustls configured by the SDK
/// (`transport::tls`, which notes a server's request for a client certificate), or, with the
/// `native-tls` feature, the platform's library with the roots and identity given to reqwest.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn with_tls(
    builder: reqwest::ClientBuilder,
    connections: &Connections<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_preconfigured(super::tls::client_config(
        connections.roots,
        connections.identity,
        connections.certificate_requests,
    )?))
}

#[cfg(feature = "native-tls")]
fn with_tls(
    mut builder: reqwest::ClientBuilder,
    connections: &Connections<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    use secrecy::ExposeSecret;

    builder = builder.tls_backend_native();
    for (index, pem) in connections.roots.iter().enumerate() {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .ok()
            .filter(|certificates| !certificates.is_empty())
            .ok_or_else(|| {
                Error::config(ConfigError::InvalidRootCertificate {
                    position: index + 1,
                })
            })?;
        builder = builder.tls_certs_merge(certificates);
    }
    let Some(identity) = connections.identity else {
        return Ok(builder);
    };
    let invalid = |reason: String| Error::config(ConfigError::InvalidIdentity { reason });
    let chain = &identity.certificate_chain;
    if !contains(chain, b"-----BEGIN CERTIFICATE-----") {
        return Err(invalid("the certificate is not PEM".to_owned()));
    }
    let key = identity.key.expose_secret();
    if !contains(key, b"PRIVATE KEY-----") {
        return Err(invalid("the key is not a PEM private key".to_owned()));
    }
    // native-tls takes a PKCS#8 key; reqwest's message names what failed to parse, never
    // quoting the key.
    let parsed = reqwest::Identity::from_pkcs8_pem(chain, key)
        .map_err(|error| invalid(innermost(&error)))?;
    Ok(builder.identity(parsed))
}

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn with_tls(
    builder: reqwest::ClientBuilder,
    connections: &Connections<'_>,
) -> Result<reqwest::ClientBuilder, Error> {
    if !connections.roots.is_empty() {
        return Err(Error::config(ConfigError::RootCertificateWithoutTls));
    }
    if connections.identity.is_some() {
        return Err(Error::config(ConfigError::IdentityWithHttpClient));
    }
    Ok(builder)
}

#[cfg(feature = "native-tls")]
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The innermost error's message.
#[cfg(feature = "native-tls")]
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    crate::error::sources(error)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Redirects within the platform's origin (scheme, host and port of the base URL) are followed,
/// up to [`MAX_REDIRECTS`]; one to another origin is not: the token would not be sent there (and
/// should not be), so following it could only end in a misleading `401`. The caller gets the
/// redirect itself, which names where it points. Every redirect is logged at DEBUG.
fn same_origin_redirects(base_url: &BaseUrl) -> redirect::Policy {
    let origin = base_url.origin();
    redirect::Policy::custom(move |attempt| {
        let to = attempt.url();
        let same = to.origin().ascii_serialization() == origin;
        tracing::debug!(
            status = attempt.status().as_u16(),
            to = %format_args!("{}://{}{}", to.scheme(), to.host_str().unwrap_or(""), to.port().map(|p| format!(":{p}")).unwrap_or_default()),
            followed = same,
            "redirect"
        );
        if !same {
            attempt.stop()
        } else if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}
