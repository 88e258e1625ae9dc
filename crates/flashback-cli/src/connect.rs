//! Connecting: where the token comes from, and a client built by the SDK from the flags.
//!
//! Every rule about a setting (a plain-http host, an empty or `Bearer `-prefixed token, a
//! certificate that is not PEM) is the SDK's: the command hands it the flags and words the
//! SDK's [`ConfigError`] for the command line, naming the flag to change.

use std::path::{Path, PathBuf};
use std::time::Duration;

use flashback_ext::{
    Client, ClientBuilder, ConfigError, DEFAULT_ATTEMPT_TIMEOUT, Error, RetryPolicy, TOKEN_ENV,
};
use flashback_fake::FakeServer;

use crate::args::Global;
use crate::failure::Failure;

/// A client, how to name its token's source in advice, and the embedded demo server that must
/// outlive it (with `--demo`).
pub struct Connection {
    pub client: Client,
    pub token_source: String,
    pub _demo: Option<FakeServer>,
}

/// Builds the client the flags describe.
pub async fn connect(global: &Global) -> Result<Connection, Failure> {
    if global.token.is_some() {
        return Err(Failure::usage(format!(
            "--token is not accepted: a token on the command line stays in shell history and \
             process lists; use {TOKEN_ENV}=... or --token-file PATH"
        )));
    }
    let (builder, token, demo) = if global.demo {
        let server = flashback_fake::start_demo()
            .await
            .map_err(|err| Failure::usage(format!("cannot start the demo server: {err}")))?;
        eprintln!(
            "demo: using an embedded fake Flashback backend with demo data at {}",
            server.base_url()
        );
        let builder = Client::builder()
            .base_url(server.base_url())
            .token(flashback_fake::DEMO_GLOBAL_TOKEN);
        (builder, TokenSource::Demo, Some(server))
    } else {
        let token = TokenSource::from_flags(global.token_file.as_deref());
        let mut builder = Client::builder()
            .base_url(global.base_url.as_str())
            .allow_insecure_http(global.allow_insecure_http);
        if let Some(text) = token.read()? {
            builder = builder.token(text);
        }
        (builder, token, None)
    };
    let builder = configure(builder, global)?;
    let client = builder
        .build()
        .map_err(|error| config_failure(&error, &token, global))?;
    Ok(Connection {
        client,
        token_source: token.describe(),
        _demo: demo,
    })
}

/// The settings every connection shares: trust, identity, retries, time limits.
fn configure(mut builder: ClientBuilder, global: &Global) -> Result<ClientBuilder, Failure> {
    if let Some(path) = &global.ca_cert {
        let pem = std::fs::read(path).map_err(|err| {
            Failure::usage(format!(
                "cannot read the CA certificate {}: {err}",
                path.display()
            ))
        })?;
        builder = builder.add_root_certificate(pem);
    }
    builder = builder
        .app_name(concat!("flashback-cli/", env!("CARGO_PKG_VERSION")))
        .retry_policy(RetryPolicy::default().with_max_attempts(global.retries.saturating_add(1)));
    if let Some(seconds) = global.timeout {
        let deadline = Duration::from_secs(seconds);
        // The SDK's attempt timeout, unless the whole call must end sooner.
        builder = builder
            .deadline(deadline)
            .attempt_timeout(deadline.min(DEFAULT_ATTEMPT_TIMEOUT));
    }
    Ok(builder)
}

/// Where the token comes from.
enum TokenSource {
    Demo,
    File(PathBuf),
    Environment,
}

impl TokenSource {
    fn from_flags(file: Option<&Path>) -> Self {
        match file {
            Some(path) => Self::File(path.to_owned()),
            None => Self::Environment,
        }
    }

    /// The token's text as found (the SDK trims it and judges it), or `None` when there is
    /// none.
    fn read(&self) -> Result<Option<String>, Failure> {
        match self {
            Self::Demo => Ok(None),
            Self::File(path) => std::fs::read_to_string(path).map(Some).map_err(|err| {
                Failure::usage(format!(
                    "cannot read the token file {}: {err}",
                    path.display()
                ))
            }),
            Self::Environment => Ok(std::env::var(TOKEN_ENV).ok()),
        }
    }

    /// How advice names the source: "check FLASHBACK_TOKEN".
    fn describe(&self) -> String {
        match self {
            Self::Demo => "the demo data".to_owned(),
            Self::File(path) => format!("the token in {}", path.display()),
            Self::Environment => TOKEN_ENV.to_owned(),
        }
    }
}

/// The SDK's refusal of a setting, worded for the command line.
fn config_failure(error: &Error, token: &TokenSource, global: &Global) -> Failure {
    let message = match (error.config_error(), token) {
        (Some(ConfigError::MissingToken | ConfigError::EmptyToken), TokenSource::Environment) => {
            format!(
                "{TOKEN_ENV} is not set: export your access token, pass --token-file PATH, or \
                 try --demo"
            )
        }
        (Some(ConfigError::MissingToken | ConfigError::EmptyToken), TokenSource::File(path)) => {
            format!("the token file {} is empty", path.display())
        }
        (Some(ConfigError::InsecureHttp { host }), _) => format!(
            "refusing to send the token over plain http to {host}; use an https:// URL, or pass \
             --allow-insecure-http if the network is trusted"
        ),
        (Some(ConfigError::InvalidRootCertificate { .. }), _) => {
            let path = global.ca_cert.as_deref().unwrap_or(Path::new("--ca-cert"));
            format!(
                "{} holds no PEM certificate (`-----BEGIN CERTIFICATE-----`); pass the CA's \
                 certificate in PEM",
                path.display()
            )
        }
        (Some(ConfigError::InvalidBaseUrl { reason }), _) => reason.clone(),
        _ => return Failure::from_sdk(error, &token.describe()),
    };
    Failure::usage(message)
}
