//! Finding the workspace the xtask works on, at run time.
//!
//! The root must not be baked in at compile time (`env!("CARGO_MANIFEST_DIR")`): with a shared
//! `CARGO_TARGET_DIR`, or two worktrees sharing one, cargo reuses the binary built in checkout A
//! when `cargo xtask` runs in checkout B (the sources are identical, so the build is fresh), and
//! that binary would read A's spec and write A's files. Instead:
//!
//! 1. `cargo run` (which `cargo xtask` is) sets `CARGO_MANIFEST_DIR` in the environment of the
//!    process it starts, to the `xtask` package of the workspace it was run in: its parent is
//!    the root.
//! 2. Run directly (`target/debug/xtask`), the root is the nearest directory at or above the
//!    current one whose `Cargo.toml` declares a `[workspace]` and which holds the spec.

use std::path::{Path, PathBuf};

use crate::SPEC_FILE;

/// The variable `cargo run` sets to the running package's directory.
const MANIFEST_DIR_ENV: &str = "CARGO_MANIFEST_DIR";

/// The root of the workspace this run is for; an error says where it looked.
pub fn workspace_root() -> Result<PathBuf, String> {
    let current = std::env::current_dir()
        .map_err(|err| format!("cannot read the current directory: {err}"))?;
    find(
        std::env::var_os(MANIFEST_DIR_ENV).map(PathBuf::from),
        &current,
    )
}

/// [`workspace_root`] with the environment's `CARGO_MANIFEST_DIR` and the current directory
/// given.
pub fn find(manifest_dir: Option<PathBuf>, current: &Path) -> Result<PathBuf, String> {
    if let Some(package) = manifest_dir {
        let root = package.parent().map(Path::to_path_buf).unwrap_or_default();
        if is_root(&root) {
            return Ok(root);
        }
        return Err(format!(
            "{MANIFEST_DIR_ENV} is {}, whose parent is not this SDK's workspace (no \
             {SPEC_FILE}); run `cargo xtask` inside the checkout",
            package.display()
        ));
    }
    current
        .ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "{} is not inside this SDK's workspace (no Cargo.toml with [workspace] and \
                 {SPEC_FILE} at or above it); run `cargo xtask` inside the checkout",
                current.display()
            )
        })
}

/// A directory with a workspace manifest and the spec.
fn is_root(dir: &Path) -> bool {
    let declares_workspace = std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"));
    declares_workspace && dir.join(SPEC_FILE).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        std::fs::create_dir_all(dir.path().join("openapi")).unwrap();
        std::fs::write(dir.path().join(SPEC_FILE), "openapi: 3.0.3\n").unwrap();
        std::fs::create_dir_all(dir.path().join("xtask/src")).unwrap();
        dir
    }

    #[test]
    fn cargo_run_names_the_package_whose_parent_is_the_root() {
        let dir = workspace();
        let found = find(Some(dir.path().join("xtask")), Path::new("/")).unwrap();
        assert_eq!(found, dir.path());
    }

    #[test]
    fn run_directly_the_root_is_found_above_the_current_directory() {
        let dir = workspace();
        let found = find(None, &dir.path().join("xtask/src")).unwrap();
        assert_eq!(found, dir.path());
    }

    #[test]
    fn outside_a_workspace_the_error_says_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        let err = find(None, dir.path()).unwrap_err();
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(
            err.contains("run `cargo xtask` inside the checkout"),
            "{err}"
        );
        let err = find(Some(dir.path().join("xtask")), dir.path()).unwrap_err();
        assert!(err.contains("CARGO_MANIFEST_DIR"), "{err}");
    }
}
