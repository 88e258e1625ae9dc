//! The commands, a file each, and the dispatcher that runs the one the command line names.

mod buckets;
mod completions;
mod config_show;
mod contract_check;

use clap::ArgMatches;

use crate::args::{Cli, Command, Config, Contract};
use crate::failure::Failure;
use crate::output::stdout::write_stdout;
use crate::settings::Resolved;

/// Runs the command line.
pub async fn run(cli: Cli, matches: &ArgMatches) -> Result<(), Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::Completions { shell } => completions::run(*shell),
        Command::Config(Config::Show) => {
            let settings = Resolved::new(global, matches)?;
            write_stdout(|out| config_show::write(out, &settings))
        }
        Command::Contract(Contract::Check(check)) => {
            let settings = Resolved::new(global, matches)?;
            contract_check::run(global, &settings, check).await
        }
        Command::Buckets(command) => buckets::run(global, matches, command).await,
    }
}
