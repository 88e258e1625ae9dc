//! Configuring a [`Client`]: the builder, the environment, and the validation that turns them
//! into a client's settings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use secrecy::{SecretBox, SecretString};

use super::Client;
use super::call::CallSettings;
use super::settings::Settings;
use crate::auth::cache::TokenCache;
use crate::auth::{FileToken, TokenProvider};
use crate::defaults;
use crate::env;
use crate::error::{ConfigError, Error};
use crate::redact::Redacted;
use crate::retry::{RetryPolicy, RetryQuota};
use crate::telemetry::Metrics;
use crate::time::{Clock, TokioClock};
use crate::transport::{
    BaseUrl, CertificateRequests, ConfigureHttp, ConnectionGate, Connections, Identity, Transport,
    choose_proxy, http_clients,
};

/// `User-Agent` of every request: this crate and its version, then the application's name.
const USER_AGENT_PREFIX: &str = concat!("flashback-ext/", env!("CARGO_PKG_VERSION"));

/// Configures a [`crate::Client`]. Every setting has a default but the token.
///
/// | setting | default |
/// | --- | --- |
/// | base URL | `https://backend.flashback.tech` |
/// | connect timeout | 10 s |
/// | attempt timeout | 30 s (per attempt, body included) |
/// | deadline | 60 s (per call, retries and waits included) |
/// | retries | [`RetryPolicy::default`]: 3 attempts, 200 ms base, 5 s cap, full jitter |
/// | concurrency | 8 requests at once when listing several workspaces over HTTP/1.1, 64 over HTTP/2 |
/// | idle pooled connections | closed after 20 s ([`ClientBuilder::pool_idle_timeout`]) |
/// | largest response body | 256 MiB, decompressed ([`ClientBuilder::max_response_bytes`]) |
/// | trusted certificate authorities | the machine's (honouring `SSL_CERT_FILE` and `SSL_CERT_DIR`), plus [`ClientBuilder::add_root_certificate`] |
///
/// ```
/// use std::time::Duration;
/// use flashback_ext::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .base_url("https://backend.flashback.tech/")
///     .token("a-token")
///     .app_name("inventory-sync/1.2")
///     .deadline(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build()
///     .unwrap();
/// assert_eq!(client.base_url().as_str(), "https://backend.flashback.tech");
/// ```
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    app_name: Option<String>,
    http_client: Option<reqwest::Client>,
    concurrency: usize,
    http2_concurrency: usize,
    pool_idle_timeout: Option<Duration>,
    allow_insecure_http: bool,
    clock: Arc<dyn Clock>,
    max_response_bytes: u64,
    root_certificates: Vec<Vec<u8>>,
    proxy: Option<String>,
    identity: Option<Identity>,
    configure_http: Option<ConfigureHttp>,
    propagate_trace_context: bool,
}

/// Where a builder's tokens come from.
enum Credentials {
    Fixed(SecretString),
    Provider(Arc<dyn TokenProvider>),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: defaults::BASE_URL.to_owned(),
            credentials: None,
            connect_timeout: defaults::CONNECT_TIMEOUT,
            attempt_timeout: Some(defaults::ATTEMPT_TIMEOUT),
            deadline: Some(defaults::DEADLINE),
            retry: RetryPolicy::default(),
            app_name: None,
            http_client: None,
            concurrency: defaults::CONCURRENCY,
            http2_concurrency: defaults::HTTP2_CONCURRENCY,
            pool_idle_timeout: Some(defaults::POOL_IDLE_TIMEOUT),
            allow_insecure_http: false,
            clock: Arc::new(TokioClock),
            max_response_bytes: defaults::MAX_RESPONSE_BYTES,
            root_certificates: Vec::new(),
            proxy: None,
            identity: None,
            configure_http: None,
            propagate_trace_context: true,
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder configured from the environment: the token from the file named by
    /// `FLASHBACK_TOKEN_FILE` (a [`FileToken`], read again when the file changes) or from
    /// `FLASHBACK_TOKEN`, one of which is required, and `FLASHBACK_BASE_URL`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] with the variables looked up by `lookup`.
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let present = |name| lookup(name).filter(|value: &String| !value.trim().is_empty());
        let mut builder = if let Some(path) = present(env::TOKEN_FILE) {
            Self::new().token_provider(FileToken::new(path.trim()))
        } else {
            let token = present(env::TOKEN).ok_or_else(|| {
                Error::config(ConfigError::TokenNotSet {
                    variable: env::TOKEN,
                })
            })?;
            Self::new().token(token)
        };
        if let Some(base_url) = lookup(env::BASE_URL).filter(|url| !url.trim().is_empty()) {
            builder = builder.base_url(base_url);
        }
        Ok(builder)
    }

    /// The platform's base URL. A path prefix is kept; trailing slashes do not matter.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The bearer token. It is held as a [`SecretString`] and never printed.
    ///
    /// Surrounding whitespace is ignored (a token file or a Kubernetes secret ends with a
    /// newline), and so is a leading `Bearer ` (a token copied from an `Authorization` header):
    /// the header sent is always `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.credentials = Some(Credentials::Fixed(token.into()));
        self
    }

    /// Where to get tokens from, for tokens that expire or rotate (instead of
    /// [`ClientBuilder::token`]). The client asks when it first needs a token, shortly before a
    /// JWT's `exp` claim (read without checking the signature: it is only a hint), and once
    /// after a `401`, whose request it then sends again (costing no retry attempt and no
    /// wait). Calls that need a new token at the same time share one provider call. A failing
    /// provider is an [`crate::ErrorKind::Credentials`] error, not retried.
    ///
    /// ```
    /// use flashback_ext::Client;
    /// use flashback_ext::auth::EnvToken;
    ///
    /// let client = Client::builder().token_provider(EnvToken::new()).build().unwrap();
    /// ```
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.credentials = Some(Credentials::Provider(Arc::new(provider)));
        self
    }

    /// How long to wait for a TCP/TLS connection (not applied to a supplied `http_client`).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, reading the body included; `None` for no limit.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = timeout.into();
        self
    }

    /// How long one call may take, all attempts and waits between them included; `None` for
    /// no limit.
    pub fn deadline(mut self, deadline: impl Into<Option<Duration>>) -> Self {
        self.deadline = deadline.into();
        self
    }

    /// When and how to retry.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Appended to the `User-Agent` (`flashback-ext/<version> <app_name>`), to tell callers apart
    /// in the platform's logs.
    pub fn app_name(mut self, app_name: impl Into<String>) -> Self {
        self.app_name = Some(app_name.into());
        self
    }

    /// A `reqwest::Client` to send requests with (proxies, TLS roots, connection pool shared
    /// with the rest of the service). The token and `User-Agent` are added per request, and
    /// bodies are read within [`ClientBuilder::max_response_bytes`]. The connect timeout and
    /// [`ClientBuilder::add_root_certificate`] are settings of the client this builder makes,
    /// so they cannot be combined with this.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How many workspace listings may run at once over HTTP/1.1, each on a connection of its
    /// own (at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// How many workspace listings may run at once once the platform answers over HTTP/2,
    /// as streams of one connection (at least 1). A listing starts at
    /// [`ClientBuilder::concurrency`] and rises to this as soon as an answer comes over HTTP/2.
    pub fn http2_concurrency(mut self, concurrency: usize) -> Self {
        self.http2_concurrency = concurrency;
        self
    }

    /// How long an idle pooled connection is kept before the client closes it; `None` keeps it
    /// until the server closes it. Keep it below the idle timeout of the load balancers and
    /// proxies on the way, so that the client is the one to close. (A request that fails on a
    /// connection the server closed anyway is sent again at once on a new connection.) Not
    /// applied to a supplied `http_client`.
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = timeout.into();
        self
    }

    /// Allows sending the token over plain `http://` to a host other than this machine. Off
    /// by default: anyone on the path could read the token.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The largest response body to read, counted after decompression (a small gzip body can
    /// inflate to gigabytes). A larger answer is an [`crate::ErrorKind::InvalidResponse`]
    /// ("the response is larger than 256 MiB"), not retried, and reading stops at the limit,
    /// so memory stays within it. Default [`defaults::MAX_RESPONSE_BYTES`] (256 MiB).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Trusts the certificate authorities in `pem` (one or more PEM certificates), besides the
    /// machine's own: for a platform behind a private CA. The machine's store is read from the
    /// usual places and, as curl and OpenSSL do, from `SSL_CERT_FILE` / `SSL_CERT_DIR` when
    /// set. An invalid PEM is an error of [`ClientBuilder::build`].
    ///
    /// ```
    /// # fn run(ca_pem: &[u8]) -> Result<(), flashback_ext::Error> {
    /// let client = flashback_ext::Client::builder()
    ///     .base_url("https://flashback.internal.example")
    ///     .token("a-token")
    ///     .add_root_certificate(ca_pem)
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Presents this client certificate (PEM: the certificate chain, the client's first, and
    /// its private key, PKCS#8 `-----BEGIN PRIVATE KEY-----`; with rustls also an RSA or EC
    /// key) to a server that asks for one: a corporate egress gateway or a zero-trust access
    /// proxy in front of the platform. Used by every connection the client makes. An unusable
    /// certificate or key is [`crate::error::ConfigError::InvalidIdentity`] when built; the key never
    /// appears in `Debug` or in an error.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = flashback_ext::Client::builder()
    ///     .token("a-token")
    ///     .identity_pem(
    ///         std::fs::read("/etc/flashback/client.crt")?,
    ///         std::fs::read("/etc/flashback/client.key")?,
    ///     )
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn identity_pem(
        mut self,
        certificate_chain: impl Into<Vec<u8>>,
        key: impl Into<Vec<u8>>,
    ) -> Self {
        self.identity = Some(Identity {
            certificate_chain: certificate_chain.into(),
            key: SecretBox::new(key.into().into_boxed_slice()),
        });
        self
    }

    /// Changes every reqwest client the builder makes (the pooled one and the one for requests
    /// sent again on a new connection), after the SDK's own settings: for what the builder has
    /// no setting of its own for, such as `resolve`, `local_address`, HTTP/2 keep-alive pings
    /// or a DNS resolver, without giving up the SDK's roots, proxy, timeouts and replays (as
    /// [`ClientBuilder::http_client`] does).
    ///
    /// Do not change what the SDK relies on: the redirect policy (same origin only: the token
    /// must not follow a redirect elsewhere), reqwest's retries (the SDK replays requests
    /// itself), its timeouts (the SDK's attempt timeout and deadline bound calls; a reqwest
    /// `timeout` would fail calls the SDK would still retry), the proxy and TLS roots (set them
    /// on this builder, so that errors name them). With the `rustls` backend the SDK gives
    /// reqwest a TLS configuration of its own (the roots, the client certificate, and a note of
    /// a server's request for one, which tells a gateway's refusal from an outage), so reqwest's
    /// `tls_*` settings made here have no effect there.
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let client = flashback_ext::Client::builder()
    ///     .token("a-token")
    ///     .configure_http(|http| {
    ///         http.resolve("backend.flashback.tech", SocketAddr::from(([10, 0, 0, 7], 443)))
    ///     })
    ///     .build()
    ///     .unwrap();
    /// # drop(client);
    /// ```
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(Arc::new(configure));
        self
    }

    /// Whether each request carries the trace context of its attempt span (`traceparent`,
    /// `tracestate`, through the global text-map propagator), so that gateways and the platform
    /// join the service's trace. On by default with the `opentelemetry` feature.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    pub fn propagate_trace_context(mut self, propagate: bool) -> Self {
        self.propagate_trace_context = propagate;
        self
    }

    /// Sends every request through this proxy (`http://`, `https://`, `socks5://`, `socks5h://`;
    /// credentials in the URL, `http://user:password@proxy:3128`), whatever the environment
    /// says. Without it, the environment's proxy variables apply as curl reads them
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, in either case; `NO_PROXY=*` for
    /// no proxy at all). A proxy URL with another scheme is an error of
    /// [`ClientBuilder::build`]. The proxy's credentials never appear in messages or logs.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// The time source for retries and deadlines (for deterministic tests; see
    /// `time::ManualClock` with the `test-util` feature).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Validates the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            settings: Arc::new(self.into_settings()?),
        })
    }

    /// Validates the configuration into what a client runs with. Nothing is sent.
    fn into_settings(self) -> Result<Settings, Error> {
        let base_url = BaseUrl::parse(&self.base_url)
            .map_err(|reason| Error::config(ConfigError::InvalidBaseUrl { reason }))?;
        let metrics = Metrics::new(base_url.host(), base_url.port());
        let token = match self.credentials {
            None => return Err(Error::config(ConfigError::MissingToken)),
            Some(Credentials::Fixed(token)) => TokenCache::fixed(&token)?,
            Some(Credentials::Provider(provider)) => {
                TokenCache::provided(provider, metrics.clone())
            }
        };
        if base_url.exposes_token() && !self.allow_insecure_http {
            return Err(Error::config(ConfigError::InsecureHttp {
                host: base_url.host().to_owned(),
            }));
        }
        if self.concurrency == 0 || self.http2_concurrency == 0 {
            return Err(Error::config(ConfigError::ZeroConcurrency));
        }
        for (setting, value) in [
            ("attempt timeout", self.attempt_timeout),
            ("deadline", self.deadline),
        ] {
            if value.is_some_and(|v| v.is_zero()) {
                return Err(Error::config(ConfigError::ZeroDuration { setting }));
            }
        }
        self.retry
            .validate()
            .map_err(|reason| Error::config(ConfigError::InvalidRetryPolicy { reason }))?;
        if self.max_response_bytes == 0 {
            return Err(Error::config(ConfigError::ZeroMaxResponseBytes));
        }

        let mut headers = HeaderMap::new();
        let user_agent = match &self.app_name {
            Some(app) => format!("{USER_AGENT_PREFIX} {app}"),
            None => USER_AGENT_PREFIX.to_owned(),
        };
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|_| Error::config(ConfigError::InvalidAppName))?;
        headers.insert(USER_AGENT, user_agent);

        if self.http_client.is_some() && !self.root_certificates.is_empty() {
            return Err(Error::config(ConfigError::RootCertificateWithHttpClient));
        }
        if self.http_client.is_some() && self.identity.is_some() {
            return Err(Error::config(ConfigError::IdentityWithHttpClient));
        }
        if self.http_client.is_some() && self.proxy.is_some() {
            return Err(Error::config(ConfigError::ProxyWithHttpClient));
        }
        // One connection per origin over HTTP/2; a request waits for another's connection at
        // most half the connect timeout (reqwest's bounds the wait and the connection together),
        // then makes its own.
        let gate = Arc::new(ConnectionGate::new(self.connect_timeout / 2));
        let certificate_requests = Arc::new(CertificateRequests::default());
        let (http, fresh, proxy) = match self.http_client {
            Some(client) => (client, None, None),
            None => {
                let proxy =
                    choose_proxy(&base_url, self.proxy.as_deref()).map_err(Error::config)?;
                let clients = http_clients(
                    &base_url,
                    &Connections {
                        connect_timeout: self.connect_timeout,
                        pool_idle_timeout: self.pool_idle_timeout,
                        roots: &self.root_certificates,
                        identity: self.identity.as_ref(),
                        configure: self.configure_http.as_ref(),
                        proxy: &proxy,
                        gate: &gate,
                        certificate_requests: &certificate_requests,
                    },
                )?;
                (clients.pooled, Some(clients.fresh), proxy.route().cloned())
            }
        };
        let authority = format!("{}:{}", base_url.host(), base_url.port());
        Ok(Settings {
            call: CallSettings {
                api: flashback_api::Client::new_with_client(
                    base_url.as_str(),
                    http,
                    Default::default(),
                ),
                base_url,
                transport: Arc::new(Transport {
                    headers,
                    max_response_bytes: self.max_response_bytes,
                    fresh,
                    proxy,
                    authority,
                    gate,
                    presented_certificate: self.identity.is_some(),
                    certificate_requests,
                    propagate_trace_context: cfg!(feature = "opentelemetry")
                        && self.propagate_trace_context,
                }),
                token,
                rate_limiter: Arc::default(),
                metrics: metrics.clone(),
                attempt_timeout: self.attempt_timeout,
                deadline: self.deadline,
                retry_quota: self
                    .retry
                    .retry_budget()
                    .map(|budget| Arc::new(RetryQuota::new(budget))),
                retry: self.retry,
                clock: self.clock,
            },
            concurrency: self.concurrency,
            http2_concurrency: self.http2_concurrency,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "token",
                &self
                    .credentials
                    .as_ref()
                    .map(|credentials| -> &dyn fmt::Debug {
                        match credentials {
                            Credentials::Fixed(_) => &Redacted,
                            Credentials::Provider(_) => &"a token provider",
                        }
                    }),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("app_name", &self.app_name)
            .field("concurrency", &self.concurrency)
            .field("http2_concurrency", &self.http2_concurrency)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("root_certificates", &self.root_certificates.len())
            // A proxy URL may carry a password.
            .field("proxy", &self.proxy.as_ref().map(|_| Redacted))
            .field(
                "client_certificate",
                &self.identity.as_ref().map(|_| Redacted),
            )
            .field("configure_http", &self.configure_http.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::{BASE_URL as BASE_URL_ENV, TOKEN as TOKEN_ENV, TOKEN_FILE as TOKEN_FILE_ENV};
    use crate::error::ErrorKind;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn from_env_needs_the_token_and_names_the_variable() {
        for vars in [
            &[][..],
            &[(TOKEN_ENV, "  ")][..],
            &[(BASE_URL_ENV, "https://h")][..],
        ] {
            let error = ClientBuilder::from_lookup(env(vars)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidConfig);
            assert!(
                error.to_string().contains("FLASHBACK_TOKEN is not set"),
                "{error}"
            );
        }
    }

    #[test]
    fn from_env_prefers_a_token_file() {
        let builder = ClientBuilder::from_lookup(env(&[
            (TOKEN_FILE_ENV, "/run/secrets/flashback-token"),
            (TOKEN_ENV, "SENTINEL-ENV-TOKEN"),
        ]))
        .unwrap();
        let shown = format!("{builder:?}");
        assert!(shown.contains("a token provider"), "{shown}");
        assert!(!shown.contains("SENTINEL"), "{shown}");
        // Read when first needed, so building needs no file yet.
        assert!(builder.build().is_ok());
    }

    #[test]
    fn from_env_reads_the_base_url() {
        let client = ClientBuilder::from_lookup(env(&[
            (TOKEN_ENV, "t"),
            (BASE_URL_ENV, "http://127.0.0.1:4010/"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:4010");
        let client = ClientBuilder::from_lookup(env(&[(TOKEN_ENV, "t")]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url().as_str(), defaults::BASE_URL);
    }

    #[test]
    fn plain_http_is_for_loopback_unless_allowed() {
        let build = |url: &str, allow: bool| {
            ClientBuilder::new()
                .token("t")
                .base_url(url)
                .allow_insecure_http(allow)
                .build()
        };
        let error = build("http://flashback.internal", false).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("refusing to send the token over plain http to flashback.internal"),
            "{error}"
        );
        assert!(build("http://flashback.internal", true).is_ok());
        assert!(build("http://localhost:4010", false).is_ok());
        assert!(build("http://127.0.0.1:4010", false).is_ok());
    }

    #[test]
    fn bad_settings_are_configuration_errors() {
        let base = || ClientBuilder::new().token("t");
        let cases: Vec<(ClientBuilder, &str)> = vec![
            (ClientBuilder::new(), "no token"),
            (ClientBuilder::new().token(""), "the token is empty"),
            (
                ClientBuilder::new().token("bad\ntoken"),
                "not allowed in an HTTP header",
            ),
            (base().base_url("not a url"), "invalid base URL"),
            (base().concurrency(0), "concurrency"),
            (
                base().deadline(Duration::ZERO),
                "deadline must be longer than zero",
            ),
            (
                base().retry_policy(RetryPolicy::default().with_max_attempts(0)),
                "at least 1 attempt",
            ),
            (base().app_name("bad\napp"), "User-Agent"),
        ];
        for (builder, expected) in cases {
            let error = builder.build().unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidConfig);
            assert!(error.to_string().contains(expected), "{error}");
            assert!(!error.to_string().contains("bad\ntoken"));
        }
    }

    #[test]
    fn tokens_of_any_text_never_panic() {
        for token in ["abcdeé-token", "é", "bearerX", "Beareré", "BEARER\ttok"] {
            let result = ClientBuilder::new().token(token).build();
            assert!(result.is_ok(), "{token:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = ClientBuilder::new().token("SENTINEL-TOKEN");
        assert!(!format!("{builder:?}").contains("SENTINEL"), "{builder:?}");
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("SENTINEL"), "{client:?}");
    }
}
