//! `flashback`: list the storage buckets of a Flashback organization.
//!
//! ```text
//! flashback [GLOBAL OPTIONS] buckets list      [--workspace ID]...
//! flashback [GLOBAL OPTIONS] buckets available [--workspace ID]...
//! flashback [GLOBAL OPTIONS] contract check  [--workspace ID] [--strict]
//! flashback [GLOBAL OPTIONS] config show
//! flashback completions bash|zsh|fish|powershell|elvish
//! ```
//!
//! `flashback --demo buckets list` runs against an embedded fake backend with demo data.

mod args;
mod auth;
mod commands;
mod connect;
mod exit;
mod failure;
mod output;
mod settings;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // The matches too: they tell a flag from its environment variable, for `config show`.
    let matches = args::Cli::command().get_matches();
    let cli = args::Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    init_logging(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return exit::Exit::Unavailable.into();
        }
    };
    match runtime.block_on(commands::run(cli, &matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit_code()
        }
    }
}

/// `-v`: debug, `-vv`: trace, on stderr. The SDK never logs credentials or bodies.
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing_subscriber::filter::LevelFilter::DEBUG,
        _ => tracing_subscriber::filter::LevelFilter::TRACE,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
}
