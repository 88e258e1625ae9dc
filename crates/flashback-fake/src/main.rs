//! `flashback-fake`: serve the fake Flashback backend.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use flashback_fake::{
    Access, ConnectionFaults, DataSet, FaultPlan, GoAway, GoAwayCode, Operation, Options,
    RateLimit, TlsConfig, operation_named, start,
};

/// A fake Flashback backend (GET /bucket, GET /bucket/available) for demos and contract tests.
#[derive(Parser)]
#[command(name = "flashback-fake", version)]
struct Cli {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:4010")]
    listen: SocketAddr,
    /// A data set file (JSON; see the crate README). Default: the built-in demo.
    #[arg(long, value_name = "FILE", conflicts_with = "synthetic_buckets")]
    data: Option<PathBuf>,
    /// Serve a generated data set of N buckets (token `demo-global-token`), for load tests.
    #[arg(long, value_name = "N")]
    synthetic_buckets: Option<usize>,
    /// Faults of a route, e.g. `bucket=503,503` or `available=always:hang`
    /// (faults: a status, truncated, invalid-json, drop, hang).
    #[arg(long = "fault", value_name = "ROUTE=FAULTS", value_parser = route_faults)]
    faults: Vec<(Operation, FaultPlan)>,
    /// Delay every answer of a route, in milliseconds, e.g. `bucket=250`.
    #[arg(long = "delay", value_name = "ROUTE=MS", value_parser = route_millis)]
    delays: Vec<(Operation, u64)>,
    /// `Retry-After` of a route's fault statuses, e.g. `bucket=2`.
    #[arg(long = "retry-after", value_name = "ROUTE=VALUE", value_parser = route_text)]
    retry_after: Vec<(Operation, String)>,
    /// Close every HTTP/1.1 connection as soon as its answer is written, though the answer
    /// promised keep-alive (a load balancer with a very short idle timeout).
    #[arg(long)]
    close_after_answer: bool,
    /// Read the Nth request of every HTTP/1.1 connection (1 is the first) and close the
    /// connection without answering it (a connection that went stale in the client's pool).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    drop_request: Option<u32>,
    /// HTTP/2: end every connection with a GOAWAY when its stream after the Nth arrives (as
    /// nginx after `keepalive_requests`); the streams after the Nth are never answered.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32))]
    goaway_after: Option<u32>,
    /// The error code of --goaway-after's GOAWAY.
    #[arg(
        long,
        value_name = "CODE",
        default_value = "no-error",
        requires = "goaway_after"
    )]
    goaway_code: GoAwayArg,
    /// HTTP/2: refuse every Nth stream of a connection with RST_STREAM(REFUSED_STREAM).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    refuse_every: Option<u32>,
    /// A rate limit in front of every route, `RATE/s,BURST` (e.g. `20/s,5`): requests past
    /// it are answered 429.
    #[arg(long, value_name = "RATE/s,BURST", value_parser = RateLimit::parse)]
    rate_limit: Option<RateLimit>,
    /// Refusals of --rate-limit say when to come back (`Retry-After`).
    #[arg(long, requires = "rate_limit")]
    rate_limit_retry_after: bool,
    /// Serve HTTPS with this certificate chain (PEM; the server's certificate first). Needs
    /// --tls-key.
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Require of every client a certificate signed by a CA of this file (PEM), as a gateway
    /// with nginx's `ssl_verify_client on` does. Needs --tls-cert.
    #[arg(long, value_name = "CA.pem", requires = "tls_cert")]
    require_client_cert: Option<PathBuf>,
    /// Do not print the users' tokens at start-up, nor the warnings of a scripted reply that
    /// breaks the contract.
    #[arg(long)]
    quiet: bool,
}

/// The error code of `--goaway-after`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum GoAwayArg {
    /// NO_ERROR.
    NoError,
    /// INTERNAL_ERROR.
    InternalError,
}

/// Splits `ROUTE=VALUE`.
fn split_route(text: &str) -> Result<(Operation, &str), String> {
    let (route, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected ROUTE=VALUE, got `{text}`"))?;
    Ok((operation_named(route)?, value))
}

fn route_faults(text: &str) -> Result<(Operation, FaultPlan), String> {
    let (route, faults) = split_route(text)?;
    Ok((route, FaultPlan::parse_list(faults)?))
}

fn route_millis(text: &str) -> Result<(Operation, u64), String> {
    let (route, millis) = split_route(text)?;
    let millis = millis
        .parse()
        .map_err(|_| format!("`{millis}` is not a number of milliseconds"))?;
    Ok((route, millis))
}

fn route_text(text: &str) -> Result<(Operation, String), String> {
    let (route, value) = split_route(text)?;
    Ok((route, value.to_owned()))
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // What the fake has to say while it serves (a scripted reply that breaks the contract), on
    // stderr.
    if !cli.quiet {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_target(false)
            .init();
    }
    let data = match (&cli.data, cli.synthetic_buckets) {
        (Some(path), _) => match DataSet::load(path) {
            Ok(data) => data,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::from(2);
            }
        },
        (None, Some(count)) => DataSet::synthetic(count),
        (None, None) => DataSet::demo(),
    };
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(cert), Some(key)) => {
            let tls =
                TlsConfig::from_files(cert, key).and_then(|tls| match &cli.require_client_cert {
                    Some(ca) => std::fs::read(ca)
                        .map_err(|err| format!("cannot read {}: {err}", ca.display()))
                        .and_then(|ca| tls.require_client_certificate(&ca)),
                    None => Ok(tls),
                });
            match tls {
                Ok(tls) => Some(tls),
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::from(2);
                }
            }
        }
        _ => None,
    };
    let mut faults: HashMap<Operation, FaultPlan> = cli.faults.into_iter().collect();
    for (route, millis) in cli.delays {
        faults.entry(route).or_default().delay = Duration::from_millis(millis);
    }
    for (route, value) in cli.retry_after {
        faults.entry(route).or_default().retry_after = Some(value);
    }
    let users: Vec<String> = data
        .users
        .iter()
        .map(|user| {
            let access = match (&user.access, user.removed) {
                (_, true) => "removed: answers `User not found`".to_owned(),
                (Access::Global, false) => "global access".to_owned(),
                (Access::Workspaces(ids), false) => {
                    format!(
                        "workspaces {}",
                        ids.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                }
            };
            format!("  {:<24} {} ({access})", user.token, user.name)
        })
        .collect();
    let server = match start(Options {
        listen: cli.listen,
        data,
        faults,
        tls,
        connections: ConnectionFaults {
            close_after_answer: cli.close_after_answer,
            drop_request: cli.drop_request,
            goaway: cli.goaway_after.map(|after_streams| GoAway {
                after_streams,
                code: match cli.goaway_code {
                    GoAwayArg::NoError => GoAwayCode::NoError,
                    GoAwayArg::InternalError => GoAwayCode::InternalError,
                },
            }),
            refuse_every: cli.refuse_every,
        },
        rate_limit: cli
            .rate_limit
            .map(|limit| limit.with_retry_after(cli.rate_limit_retry_after)),
    })
    .await
    {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot listen on {}: {err}", cli.listen);
            return ExitCode::from(2);
        }
    };
    // The first line is machine-readable: scripts wait for it and read the address.
    println!("flashback-fake listening on {}", server.base_url());
    if !cli.quiet {
        println!("tokens:");
        for line in users {
            println!("{line}");
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    match server.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
