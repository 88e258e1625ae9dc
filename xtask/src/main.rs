//! `cargo xtask`: see the library docs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::SPEC_FILE;
use xtask::drift::drift;
use xtask::generate::generate;
use xtask::root::workspace_root;
use xtask::spec::Spec;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Automation for the Flashback Rust SDK workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client and the httpmock helpers from the OpenAPI spec.
    Codegen {
        /// Do not write: exit 1 with a diff if the checked-in files are out of date.
        #[arg(long)]
        check: bool,
        /// The spec to generate from, relative to the workspace root.
        #[arg(long, default_value = SPEC_FILE)]
        spec: PathBuf,
    },
}

fn main() -> ExitCode {
    let Command::Codegen { check, spec } = Cli::parse().command;
    let root = match workspace_root() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    // Paths in messages and in the generated header are relative to the workspace root.
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!(
            "error: cannot enter the workspace root {}: {err}",
            root.display()
        );
        return ExitCode::from(2);
    }
    let spec_name = spec.display().to_string();
    let files = match Spec::load(&spec).and_then(|spec| generate(&spec, &spec_name)) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };

    let drifted = drift(&root, &files);
    if check {
        if drifted.is_empty() {
            eprintln!("generated code is up to date with {spec_name}");
            return ExitCode::SUCCESS;
        }
        for file in &drifted {
            println!("{}", file.diff);
        }
        let names: Vec<&str> = drifted.iter().map(|d| d.path.as_str()).collect();
        eprintln!(
            "error: {} out of date with {spec_name}; run `cargo xtask codegen` and commit the result",
            names.join(", ")
        );
        return ExitCode::FAILURE;
    }

    for file in &files {
        let changed = drifted
            .iter()
            .any(|d| d.path == file.path.display().to_string());
        if changed {
            if let Err(err) = std::fs::write(root.join(&file.path), &file.contents) {
                eprintln!("error: cannot write {}: {err}", file.path.display());
                return ExitCode::from(2);
            }
            eprintln!("wrote {}", file.path.display());
        } else {
            eprintln!("unchanged {}", file.path.display());
        }
    }
    ExitCode::SUCCESS
}
