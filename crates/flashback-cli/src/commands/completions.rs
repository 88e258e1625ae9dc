//! `flashback completions SHELL`: the completion script clap_complete makes from the parser.

use std::io::Write;

use clap::CommandFactory;

use crate::args::Cli;
use crate::failure::Failure;
use crate::output::stdout::write_stdout;

/// Prints the completion script of `shell`. It is made in memory first: clap_complete panics
/// when its writer fails, and a closed pipe must end quietly.
pub fn run(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "flashback", &mut script);
    write_stdout(|out| out.write_all(&script))
}
