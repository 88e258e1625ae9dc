//! The workspace's automation, run as `cargo xtask <command>`.
//!
//! `codegen` regenerates the checked-in client code from `openapi/flashback.yaml`;
//! `codegen --check` regenerates in memory and fails with a diff when the checked-in files differ
//! (the drift check CI runs). The library half exists so the error paths are unit-testable.

pub mod drift;
pub mod generate;
mod locate;
pub mod spec;

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}

/// The spec, relative to the workspace root.
pub const SPEC_FILE: &str = "openapi/flashback.yaml";
