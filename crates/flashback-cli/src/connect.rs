//! Connecting: a client built by the SDK from the resolved settings, with the token's source
//! as an SDK token provider (`auth`).
//!
//! Every rule about a setting (a plain-http host, an empty or `Bearer `-prefixed token, a
//! certificate that is not PEM) is the SDK's: the command hands it the flags and words the
//! SDK's [`ConfigError`] for the command line, naming the flag to change.

use std::path::{Path, PathBuf};
use std::time::Duration;

use flashback_ext::error::ConfigError;
use flashback_ext::{Client, ClientBuilder, Error, RetryPolicy, defaults};
use flashback_fake::FakeServer;

use crate::auth::{authenticate, place};
use crate::failure::Failure;
use crate::settings::defs::{TOKEN_COMMAND, TOKEN_ENV};
use crate::settings::{Global, Origin, Resolved, Setting, TokenSource};

/// A client, how to name its token's source in advice, and the embedded demo server that must
/// outlive it (with `--demo`).
pub struct Connection {
    pub client: Client,
    pub token_source: String,
    pub _demo: Option<FakeServer>,
}

/// Builds the client the settings describe.
pub async fn connect(global: &Global, settings: &Resolved) -> Result<Connection, Failure> {
    if global.token.is_some() {
        return Err(Failure::usage(format!(
            "--token is not accepted: a token on the command line stays in shell history and \
             process lists; use {TOKEN_ENV}=..., --token-file PATH, or a profile's token_file or \
             token_command"
        )));
    }
    let token = settings.token.as_ref();
    let (builder, demo) = if settings.demo {
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
        (builder, Some(server))
    } else {
        let builder = Client::builder()
            .base_url(settings.base_url.value.as_str())
            .allow_insecure_http(settings.allow_insecure_http);
        let time_limit = settings
            .timeout
            .value
            .map_or(defaults::DEADLINE, Duration::from_secs);
        (authenticate(builder, token, time_limit).await?, None)
    };
    let builder = configure(builder, settings)?;
    let client = builder
        .build()
        .map_err(|error| config_failure(&error, token, settings))?;
    Ok(Connection {
        client,
        token_source: describe(token),
        _demo: demo,
    })
}

/// The settings every connection shares: trust, identity, retries, time limits.
fn configure(mut builder: ClientBuilder, settings: &Resolved) -> Result<ClientBuilder, Failure> {
    if let Some(ca_cert) = &settings.ca_cert {
        let path = &ca_cert.value;
        let pem = std::fs::read(path).map_err(|err| {
            Failure::usage(format!(
                "{}cannot read the CA certificate {}: {err}",
                place(&ca_cert.origin),
                path.display()
            ))
        })?;
        builder = builder.add_root_certificate(pem);
    }
    if let (Some(cert), Some(key)) = (&settings.client_cert, &settings.client_key) {
        let read = |setting: &Setting<PathBuf>, what: &str| {
            std::fs::read(&setting.value).map_err(|err| {
                Failure::usage(format!(
                    "{}cannot read the {what} {}: {err}",
                    place(&setting.origin),
                    setting.value.display()
                ))
            })
        };
        warn_if_shared(&key.value);
        builder = builder.identity_pem(read(cert, "client certificate")?, read(key, "client key")?);
    }
    builder = builder
        .app_name(concat!("flashback-cli/", env!("CARGO_PKG_VERSION")))
        .retry_policy(
            RetryPolicy::default().with_max_attempts(settings.retries.value.saturating_add(1)),
        );
    if let Some(seconds) = settings.timeout.value {
        let deadline = Duration::from_secs(seconds);
        // The SDK's attempt timeout, unless the whole call must end sooner.
        builder = builder
            .deadline(deadline)
            .attempt_timeout(deadline.min(defaults::ATTEMPT_TIMEOUT));
    }
    Ok(builder)
}

/// Warns, as ssh does, when the private key at `path` can be read by others than its owner.
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                eprintln!(
                    "warning: the client key {} can be read by others (mode {mode:o}); \
                     chmod 600 {}",
                    path.display(),
                    path.display()
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// How advice names the token's source: "check FLASHBACK_TOKEN".
fn describe(token: Option<&Setting<TokenSource>>) -> String {
    match token.map(|token| &token.value) {
        Some(TokenSource::Demo) => "the demo data".to_owned(),
        Some(TokenSource::File(path)) => format!("the token in {}", path.display()),
        Some(TokenSource::Command(_)) => match token.map(|token| &token.origin) {
            Some(Origin::Profile { name, .. }) => {
                format!("the {} of profile {name}", TOKEN_COMMAND.name)
            }
            _ => format!("the {}", TOKEN_COMMAND.name),
        },
        Some(TokenSource::Env) | None => TOKEN_ENV.to_owned(),
    }
}

/// The SDK's refusal of a setting, worded for the command line.
fn config_failure(
    error: &Error,
    token: Option<&Setting<TokenSource>>,
    settings: &Resolved,
) -> Failure {
    let missing = matches!(
        error.config_error(),
        Some(ConfigError::MissingToken | ConfigError::EmptyToken)
    );
    let message = match (error.config_error(), token.map(|token| &token.value)) {
        (_, None | Some(TokenSource::Env)) if missing => format!(
            "{TOKEN_ENV} is not set: export your access token, pass --token-file PATH, use a \
             profile with token_file or token_command (see `flashback config show`), or try --demo"
        ),
        (Some(ConfigError::InsecureHttp { host }), _) => format!(
            "refusing to send the token over plain http to {host}; use an https:// URL, or pass \
             --allow-insecure-http if the network is trusted"
        ),
        (Some(ConfigError::InvalidRootCertificate { .. }), _) => {
            let path = settings
                .ca_cert
                .as_ref()
                .map_or(Path::new("--ca-cert"), |ca_cert| ca_cert.value.as_path());
            format!(
                "{} holds no PEM certificate (`-----BEGIN CERTIFICATE-----`); pass the CA's \
                 certificate in PEM",
                path.display()
            )
        }
        (Some(ConfigError::InvalidBaseUrl { reason }), _) => {
            format!("{}{reason}", place(&settings.base_url.origin))
        }
        _ => return Failure::from_sdk(error, &describe(token)),
    };
    Failure::usage(message)
}
