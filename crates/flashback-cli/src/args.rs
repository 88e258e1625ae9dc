//! The command line.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use flashback_ext::{
    BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_DEADLINE, RetryPolicy, TOKEN_FILE_ENV, WorkspaceFilter,
};

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

/// Options of every command. A setting left out here comes from the environment, then the
/// profile (see `flashback config show`), then the built-in default.
#[derive(Debug, Args)]
pub struct Global {
    /// The profile of the config file to use (default: the file's `default_profile`).
    #[arg(long, global = true, env = PROFILE_ENV, value_name = "NAME")]
    pub profile: Option<String>,

    /// The platform's base URL.
    #[arg(long, global = true, env = BASE_URL_ENV, value_name = "URL",
          help = format!("The platform's base URL [default: {DEFAULT_BASE_URL}]"))]
    pub base_url: Option<String>,

    /// Allow sending the token over plain http to a host other than this machine.
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Also trust the certificate authorities in this PEM file (for a platform behind a
    /// private CA). The machine's trust store is always used, and SSL_CERT_FILE /
    /// SSL_CERT_DIR are honoured.
    #[arg(long, global = true, env = "FLASHBACK_CA_CERT", value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,

    /// Read the token from this file (instead of FLASHBACK_TOKEN).
    #[arg(long, global = true, env = TOKEN_FILE_ENV, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Not accepted: a token on the command line leaks into shell history.
    #[arg(long, global = true, hide = true, value_name = "TOKEN")]
    pub token: Option<String>,

    /// Output format [default: table].
    #[arg(
        long,
        short,
        global = true,
        value_enum,
        help = "Output format [default: table]"
    )]
    pub output: Option<Format>,

    /// Give up after this many seconds, retries included.
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..),
          help = format!("Give up after this many seconds, retries included [default: {}]", DEFAULT_DEADLINE.as_secs()))]
    pub timeout: Option<u64>,

    /// How many times to retry a request that may succeed later.
    #[arg(long, global = true, value_name = "N",
          help = format!("How many times to retry a request that may succeed later [default: {}]", default_retries()))]
    pub retries: Option<u32>,

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// The settings the command runs with, and where each comes from.
    #[command(subcommand)]
    Config(Config),
    /// Check the platform's answers against the API contract (for CI).
    #[command(subcommand)]
    Contract(Contract),
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

/// Looking at the configuration.
#[derive(Debug, Subcommand)]
pub enum Config {
    /// Print every resolved setting and its source: flag, env, profile NAME or default. The
    /// token is never printed, only where it comes from.
    Show,
}

/// Contract checks.
#[derive(Debug, Subcommand)]
pub enum Contract {
    /// Call both endpoints and check each answer against the spec built into this command:
    /// a type or format the spec forbids is a violation (exit 7); a field, enum value,
    /// status or Content-Type it does not document is drift (reported; exit 7 with --strict).
    Check(ContractCheck),
}

/// What `contract check` calls and how strictly it judges.
#[derive(Debug, Args)]
pub struct ContractCheck {
    /// List the buckets of this workspace (GET /bucket?workspaceId=ID).
    #[arg(long = "workspace", value_name = "ID", value_parser = workspace_id)]
    pub workspace: Option<String>,

    /// Fail (exit 7) on drift too, not only on violations.
    #[arg(long)]
    pub strict: bool,
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

/// The variable naming the profile.
pub const PROFILE_ENV: &str = "FLASHBACK_PROFILE";

/// The SDK's default: its retry policy's attempts, less the first.
pub fn default_retries() -> u32 {
    RetryPolicy::default().max_attempts().saturating_sub(1)
}
