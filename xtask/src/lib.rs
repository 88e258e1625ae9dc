//! The workspace's automation, run as `cargo xtask <command>`.
//!
//! `codegen` regenerates the checked-in client code from `openapi/flashback.yaml`;
//! `codegen --check` regenerates in memory and fails with a diff when the checked-in files differ
//! (the drift check CI runs). The library half exists so the error paths are unit-testable.

pub mod drift;
pub mod generate;
mod locate;
pub mod operations;
pub mod rewrite;
pub mod root;
pub mod spec;

/// The spec, relative to the workspace root.
pub const SPEC_FILE: &str = "openapi/flashback.yaml";
