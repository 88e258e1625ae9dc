//! Why a configuration was refused, as a value a program can branch on.
//!
//! Every [`crate::ErrorKind::InvalidConfig`] error carries one ([`crate::Error::config_error`]),
//! so that an application such as the `flashback` command can ask the SDK whether a setting is
//! acceptable and word the answer for its own users (naming a flag instead of a builder
//! method), instead of restating the SDK's rules and drifting from them.

use std::fmt;

/// Why [`crate::ClientBuilder::build`] refused the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No token was given to the builder.
    MissingToken,
    /// [`crate::ClientBuilder::from_env`]: the token variable is unset or blank.
    TokenNotSet {
        /// The variable, `FLASHBACK_TOKEN`.
        variable: &'static str,
    },
    /// The token is empty once whitespace and a `Bearer ` prefix are removed.
    EmptyToken,
    /// The token holds characters an HTTP header cannot carry (a newline, a control
    /// character).
    TokenNotHeaderSafe,
    /// The base URL cannot be used; `reason` says why and how to write it.
    InvalidBaseUrl {
        /// What is wrong, with the URL as given.
        reason: String,
    },
    /// The base URL is plain `http://` to a host other than this machine, which would expose
    /// the token, and insecure HTTP was not allowed.
    InsecureHttp {
        /// The host the token would go to.
        host: String,
    },
    /// The base URL is `https://` and this build has no TLS backend.
    NoTlsBackend {
        /// The base URL.
        base_url: String,
    },
    /// Workspace listings at once: must be at least 1.
    ZeroConcurrency,
    /// A duration that must be longer than zero (or `None`) is zero.
    ZeroDuration {
        /// `attempt timeout` or `deadline`.
        setting: &'static str,
    },
    /// The retry policy cannot be used; `reason` says why.
    InvalidRetryPolicy {
        /// What is wrong.
        reason: String,
    },
    /// The largest response body is 0 bytes.
    ZeroMaxResponseBytes,
    /// The application name cannot go into a `User-Agent` header.
    InvalidAppName,
    /// A root certificate is not PEM.
    InvalidRootCertificate {
        /// Its position among the certificates added, from 1.
        position: usize,
    },
    /// Root certificates were added, but the HTTP client is the caller's own.
    RootCertificateWithHttpClient,
    /// A proxy was given, but the HTTP client is the caller's own.
    ProxyWithHttpClient,
    /// Root certificates were added to a build without a TLS backend.
    RootCertificateWithoutTls,
    /// The client certificate and key given to [`crate::ClientBuilder::identity_pem`] cannot
    /// be used. The reason names what is wrong, never the key.
    InvalidIdentity {
        /// What is wrong.
        reason: String,
    },
    /// A client certificate was given, but the HTTP client is the caller's own (or there is no
    /// TLS backend).
    IdentityWithHttpClient,
    /// A proxy URL has a scheme no proxy support exists for.
    UnsupportedProxy {
        /// Where it was set: the variable (`HTTPS_PROXY`), or the client builder.
        setting: String,
        /// The scheme.
        scheme: String,
    },
    /// A proxy URL cannot be used.
    InvalidProxy {
        /// Where it was set: the variable (`HTTPS_PROXY`), or the client builder.
        setting: String,
        /// What is wrong.
        reason: String,
    },
    /// reqwest could not build the HTTP client.
    HttpClient {
        /// reqwest's reason.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingToken => write!(
                f,
                "no token; call `.token(...)` or set {}",
                crate::env::TOKEN
            ),
            Self::TokenNotSet { variable } => write!(
                f,
                "{variable} is not set; export the access token of your Flashback account \
                 (`export {variable}=...`)"
            ),
            Self::EmptyToken => f.write_str("the token is empty"),
            Self::TokenNotHeaderSafe => {
                f.write_str("the token contains characters not allowed in an HTTP header")
            }
            Self::InvalidBaseUrl { reason } => f.write_str(reason),
            Self::InsecureHttp { host } => write!(
                f,
                "refusing to send the token over plain http to {host}; use https, or \
                 `allow_insecure_http(true)` if the network is trusted"
            ),
            Self::NoTlsBackend { base_url } => write!(
                f,
                "{base_url} needs TLS, and this build of flashback-ext has no TLS backend: \
                 enable its `rustls` (default) or `native-tls` feature"
            ),
            Self::ZeroConcurrency => f.write_str("concurrency must be at least 1"),
            Self::ZeroDuration { setting } => {
                write!(f, "the {setting} must be longer than zero (or None)")
            }
            Self::InvalidRetryPolicy { reason } => f.write_str(reason),
            Self::ZeroMaxResponseBytes => {
                f.write_str("the largest response body must be at least 1 byte")
            }
            Self::InvalidAppName => {
                f.write_str("the app name contains characters not allowed in a User-Agent")
            }
            Self::InvalidRootCertificate { position } => write!(
                f,
                "root certificate {position} is not a PEM certificate \
                 (`-----BEGIN CERTIFICATE-----`)"
            ),
            Self::RootCertificateWithHttpClient => f.write_str(
                "add_root_certificate applies to the HTTP client the builder makes; with your \
                 own http_client, add the certificate to it instead",
            ),
            Self::ProxyWithHttpClient => f.write_str(
                "proxy applies to the HTTP client the builder makes; with your own http_client, \
                 set the proxy on it instead",
            ),
            Self::RootCertificateWithoutTls => f.write_str(
                "add_root_certificate needs a TLS backend: enable the `rustls` or `native-tls` \
                 feature",
            ),
            Self::InvalidIdentity { reason } => write!(
                f,
                "the client certificate cannot be used: {reason} (a PEM certificate chain, \
                 `-----BEGIN CERTIFICATE-----`, and its PEM private key, `-----BEGIN PRIVATE \
                 KEY-----`)"
            ),
            Self::IdentityWithHttpClient => f.write_str(
                "identity_pem applies to the HTTP client the builder makes (with a TLS backend); \
                 with your own http_client, give it the identity instead",
            ),
            Self::UnsupportedProxy { setting, scheme } => write!(
                f,
                "the proxy in {setting} has the scheme `{scheme}`, which is not supported: use \
                 http://, https://, socks5:// or socks5h:// (socks4 and socks4a work too)"
            ),
            Self::InvalidProxy { setting, reason } => {
                write!(f, "the proxy in {setting} is not a valid URL: {reason}")
            }
            Self::HttpClient { reason } => write!(f, "cannot build the HTTP client: {reason}"),
        }
    }
}
