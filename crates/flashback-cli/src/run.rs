//! Running a command: where the token comes from, building the client, listing, writing.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use flashback_ext::{BaseUrl, Client, RetryPolicy, TOKEN_ENV, WorkspaceFilter};
use indicatif::{ProgressBar, ProgressStyle};
use secrecy::SecretString;

use crate::args::{Buckets, Cli, Command, Filter, Format};
use crate::failure::Failure;
use crate::render::{self, Kind};

/// The longest a single attempt may take, when `--timeout` allows more.
const MAX_ATTEMPT: Duration = Duration::from_secs(30);

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    if global.token.is_some() {
        return Err(Failure::usage(format!(
            "--token is not accepted: a token on the command line stays in shell history and \
             process lists; use {TOKEN_ENV}=... or --token-file PATH"
        )));
    }

    // With --demo, the fake lives as long as this function: keep its handle.
    let (mut builder, token_source, _demo) = if global.demo {
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
        (builder, "the demo data".to_owned(), Some(server))
    } else {
        let base_url = BaseUrl::parse(&global.base_url).map_err(Failure::usage)?;
        if base_url.exposes_token() && !global.allow_insecure_http {
            return Err(Failure::usage(format!(
                "refusing to send the token over plain http to {}; use an https:// URL, or pass \
                 --allow-insecure-http if the network is trusted",
                base_url.host()
            )));
        }
        let (token, source) = token(global.token_file.as_deref())?;
        let builder = Client::builder()
            .base_url(base_url.as_str())
            .token(token)
            .allow_insecure_http(global.allow_insecure_http);
        (builder, source, None)
    };

    if let Some(path) = &global.ca_cert {
        let pem = std::fs::read(path).map_err(|err| {
            Failure::usage(format!(
                "cannot read the CA certificate {}: {err}",
                path.display()
            ))
        })?;
        if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(Failure::usage(format!(
                "{} holds no PEM certificate (`-----BEGIN CERTIFICATE-----`); pass the CA's \
                 certificate in PEM",
                path.display()
            )));
        }
        builder = builder.add_root_certificate(pem);
    }
    builder = builder
        .app_name(concat!("flashback-cli/", env!("CARGO_PKG_VERSION")))
        .retry_policy(RetryPolicy::default().with_max_attempts(global.retries.saturating_add(1)));
    if let Some(seconds) = global.timeout {
        let deadline = Duration::from_secs(seconds);
        builder = builder
            .deadline(deadline)
            .attempt_timeout(deadline.min(MAX_ATTEMPT));
    }
    let client = builder
        .build()
        .map_err(|err| Failure::from_sdk(&err, &token_source))?;

    let Command::Buckets(command) = &cli.command;
    let (kind, rows) = match command {
        Buckets::List(filter) => {
            let filter = workspace_filter(filter);
            let progress = progress_bar(&filter);
            let listing = client
                .list_buckets_in_with_progress(&filter, |done, _| {
                    if let Some(bar) = &progress {
                        bar.set_position(done as u64);
                    }
                })
                .await;
            if let Some(bar) = progress {
                bar.finish_and_clear();
            }
            let buckets = listing.map_err(|err| Failure::from_sdk(&err, &token_source))?;
            (Kind::Buckets, render::rows(&buckets, global.show_secrets))
        }
        Buckets::Available(filter) => {
            let buckets = client
                .list_available_buckets_in(&workspace_filter(filter))
                .await
                .map_err(|err| Failure::from_sdk(&err, &token_source))?;
            (Kind::Available, render::rows(&buckets, global.show_secrets))
        }
    };

    let stdout = std::io::stdout();
    let color = global.output == Format::Table
        && stdout.is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written =
        render::write(&mut out, global.output, kind, &rows, color).and_then(|()| out.flush());
    match written {
        // The reader went away (`| head`): not an error of ours.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure {
            code: crate::failure::UNAVAILABLE,
            message: format!("cannot write the output: {err}"),
        }),
        Ok(()) => Ok(()),
    }
}

/// The token, from `--token-file` or the environment, and how to name its source in advice.
fn token(file: Option<&std::path::Path>) -> Result<(SecretString, String), Failure> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Failure::usage(format!(
                "cannot read the token file {}: {err}",
                path.display()
            ))
        })?;
        let token = text.trim();
        if token.is_empty() {
            return Err(Failure::usage(format!(
                "the token file {} is empty",
                path.display()
            )));
        }
        return Ok((
            SecretString::from(token),
            format!("the token in {}", path.display()),
        ));
    }
    match std::env::var(TOKEN_ENV) {
        Ok(token) if !token.trim().is_empty() => {
            Ok((SecretString::from(token.trim()), TOKEN_ENV.to_owned()))
        }
        _ => Err(Failure::usage(format!(
            "{TOKEN_ENV} is not set: export your access token, pass --token-file PATH, or try --demo"
        ))),
    }
}

fn workspace_filter(filter: &Filter) -> WorkspaceFilter {
    match filter.workspaces.as_slice() {
        [] => WorkspaceFilter::All,
        [one] => WorkspaceFilter::One(one.clone()),
        several => WorkspaceFilter::any_of(several.iter().cloned()),
    }
}

/// A progress bar on stderr for a listing of several workspaces, on a terminal only.
fn progress_bar(filter: &WorkspaceFilter) -> Option<ProgressBar> {
    let WorkspaceFilter::AnyOf(workspaces) = filter else {
        return None;
    };
    if workspaces.len() < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(workspaces.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} workspaces") {
        bar.set_style(style);
    }
    Some(bar)
}
