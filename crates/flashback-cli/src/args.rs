//! The command line: the commands and their own flags. The global flags are settings, defined
//! with the others in `settings`.

use clap::{Args, Parser, Subcommand};
use flashback_ext::WorkspaceFilter;

use crate::settings::Global;

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

    /// Check only this operation, by its operationId (repeat for several). Default: every GET
    /// operation of the spec without path parameters.
    #[arg(long = "operation", value_name = "ID", value_parser = operation_ids())]
    pub operations: Vec<String>,
}

/// The operationIds `--operation` takes: the callable operations of the spec, which clap lists
/// in an error and in completions.
fn operation_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        flashback_ext::error::Operation::ALL
            .iter()
            .copied()
            .filter(|&operation| flashback_ext::raw::RawAnswer::can_call(operation))
            .map(|operation| operation.id()),
    )
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
