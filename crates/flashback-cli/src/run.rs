//! Running a command: connect, list, render.

use std::io::{IsTerminal, Write};

use crate::args::{Cli, Command, Format};
use crate::connect::connect;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::list::list;
use crate::render;

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    let connection = connect(global).await?;
    let Command::Buckets(command) = &cli.command;
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
    match written {
        // The reader went away (`| head`): not an error of ours.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::new(
            Exit::Unavailable,
            format!("cannot write the output: {err}"),
        )),
        Ok(()) => Ok(()),
    }
}
