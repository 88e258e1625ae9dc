//! Running a command: connect, list, render.

use std::io::{IsTerminal, Write};

use clap::CommandFactory;

use crate::args::{Cli, Command, Format};
use crate::connect::connect;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::list::list;
use crate::render;

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    let command = match &cli.command {
        Command::Completions { shell } => return completions(*shell),
        Command::Buckets(command) => command,
    };
    let connection = connect(global).await?;
    let listing = list(
        &connection.client,
        command,
        &connection.token_source,
        global.show_secrets,
    )
    .await?;

    let stdout = std::io::stdout();
    let color = global.output == Format::Table
        && stdout.is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = render::write(
        &mut out,
        global.output,
        listing.operation,
        &listing.rows,
        color,
    )
    .and_then(|()| out.flush());
    finish_output(written)
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
