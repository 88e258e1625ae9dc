//! Running a command: connect, list, render.

use std::io::{IsTerminal, Write};

use clap::{ArgMatches, CommandFactory};

use crate::args::{Buckets, Cli, Command, Config, Contract, Format};
use crate::config_show;
use crate::connect::connect;
use crate::contract_check;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::list::list;
use crate::render;
use crate::resolve::Resolved;
use crate::select;
use flashback_ext::Operation;

/// Runs the command line.
pub async fn run(cli: Cli, matches: &ArgMatches) -> Result<(), Failure> {
    let global = &cli.global;
    let command = match &cli.command {
        Command::Completions { shell } => return completions(*shell),
        Command::Config(Config::Show) => {
            let settings = Resolved::new(global, matches)?;
            return write_stdout(|out| config_show::write(out, &settings));
        }
        Command::Contract(Contract::Check(check)) => {
            let settings = Resolved::new(global, matches)?;
            return contract_check::run(global, &settings, check).await;
        }
        Command::Buckets(command) => command,
    };
    let (operation, filter) = match command {
        Buckets::List(filter) => (Operation::GetStorageBuckets, filter),
        Buckets::Available(filter) => (Operation::GetAvailableStorageBuckets, filter),
    };
    // Bad columns are refused before anything is sent.
    let columns = filter
        .columns
        .as_deref()
        .map(|list| select::parse_columns(operation, list))
        .transpose()
        .map_err(Failure::usage)?;
    select::check_sort(operation, filter).map_err(Failure::usage)?;
    let settings = Resolved::new(global, matches)?;
    let connection = connect(global, &settings).await?;
    let listing = list(&connection.client, command, &connection.token_source).await?;
    let rows = listing.rows(settings.show_secrets);
    let order = select::select(operation, filter, &*rows).map_err(Failure::usage)?;

    let format = settings.output.value;
    let color = format == Format::Table
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    write_stdout(|out| {
        render::write(
            out,
            format,
            listing.operation,
            columns.as_deref(),
            &*rows,
            &order,
            color,
        )
    })
}

/// Writes to stdout through a buffer with `write`, then flushes.
pub fn write_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    finish_output(write(&mut out).and_then(|()| out.flush()))
}

/// Prints the completion script of `shell`. It is made in memory first: clap_complete panics
/// when its writer fails, and a closed pipe must end quietly.
fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "flashback", &mut script);
    let mut out = std::io::stdout().lock();
    finish_output(out.write_all(&script).and_then(|()| out.flush()))
}

/// The end of writing to stdout: a reader that went away (`| head`) is not an error of ours.
fn finish_output(written: std::io::Result<()>) -> Result<(), Failure> {
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::new(
            Exit::Unavailable,
            format!("cannot write the output: {err}"),
        )),
        Ok(()) => Ok(()),
    }
}
