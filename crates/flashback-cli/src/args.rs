//! The command line.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use flashback_ext::{BASE_URL_ENV, DEFAULT_BASE_URL, RetryPolicy, WorkspaceFilter};

/// List the storage buckets of your Flashback organization.
///
/// The token comes from FLASHBACK_TOKEN or from --token-file, never from the command line,
/// where it would stay in shell history and process lists.
#[derive(Debug, Parser)]
#[command(name = "flashback", version, after_help = crate::exit::help())]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command.
#[derive(Debug, Args)]
pub struct Global {
    /// The platform's base URL.
    #[arg(long, global = true, env = BASE_URL_ENV, default_value = DEFAULT_BASE_URL, value_name = "URL")]
    pub base_url: String,

    /// Allow sending the token over plain http to a host other than this machine.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Also trust the certificate authorities in this PEM file (for a platform behind a
    /// private CA). The machine's trust store is always used, and SSL_CERT_FILE /
    /// SSL_CERT_DIR are honoured.
    #[arg(long, global = true, env = "FLASHBACK_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,

    /// Read the token from this file (instead of FLASHBACK_TOKEN).
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Not accepted: a token on the command line leaks into shell history.
    #[arg(long, global = true, hide = true, value_name = "TOKEN")]
    pub token: Option<String>,

    /// Output format.
    #[arg(long, short, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,

    /// Give up after this many seconds, retries included.
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,

    /// How many times to retry a request that may succeed later.
    #[arg(long, global = true, value_name = "N", default_value_t = default_retries())]
    pub retries: u32,

    /// Show buckets' access keys and secrets instead of masking them.
    #[arg(long, global = true)]
    pub show_secrets: bool,

    /// More logging on stderr (-v: debug, -vv: trace).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// Use an embedded fake Flashback backend with demo data (no account needed).
    #[arg(long, global = true)]
    pub demo: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Storage buckets.
    #[command(subcommand)]
    Buckets(Buckets),
    /// Print the shell completion script for SHELL (see the README for where to put it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What to list.
#[derive(Debug, Subcommand)]
pub enum Buckets {
    /// List buckets (GET /bucket); several --workspace are listed concurrently and merged.
    List(Filter),
    /// List the buckets free for a new MIRROR repository (GET /bucket/available).
    Available(Filter),
}

/// Which buckets a listing shows, and how.
#[derive(Debug, Args)]
pub struct Filter {
    /// Only the buckets of this workspace (repeat for several).
    #[arg(long = "workspace", value_name = "ID", value_parser = workspace_id)]
    pub workspaces: Vec<String>,

    /// Only buckets with this status, any case (repeat for several; values the SDK does not
    /// know are allowed).
    #[arg(long = "status", value_name = "VALUE")]
    pub statuses: Vec<String>,

    /// Only buckets of this storage type, any case (repeat for several, e.g. --type s3).
    #[arg(long = "type", value_name = "VALUE")]
    pub types: Vec<String>,

    /// Only buckets whose name or bucket name contains TEXT, any case.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,

    /// The columns of the table and the CSV, in order: name,id,type,bucket,region,status,
    /// workspace,created, and endpoint,key,last-status where the listing has them.
    #[arg(long, value_name = "A,B,...")]
    pub columns: Option<String>,

    /// Sort by this column (ascending; empty values last).
    #[arg(long, value_name = "COLUMN")]
    pub sort: Option<String>,
}

/// A workspace id, as the SDK accepts it (never empty: `GET /bucket?workspaceId=` lists every
/// workspace), refused here so that the message names the flag.
fn workspace_id(text: &str) -> Result<String, String> {
    if WorkspaceFilter::One(text.to_owned()).validate().is_err() {
        return Err(
            "the workspace id is empty; an empty id would list every workspace: pass an id, \
             or leave --workspace out to list every bucket"
                .to_owned(),
        );
    }
    Ok(text.to_owned())
}

/// The SDK's default: its retry policy's attempts, less the first.
fn default_retries() -> u32 {
    RetryPolicy::default().max_attempts().saturating_sub(1)
}
