//! Documents that stay true: every integration-test file of the workspace has a row in
//! `TESTING.md`, and every repository path the documents name exists. A moved or renamed file
//! fails here with the document and the path, instead of leaving a reader to find out.

use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package is in the repository")
        .to_owned()
}

/// The documents a reader is sent to, relative to the root.
const DOCUMENTS: [&str; 7] = [
    "README.md",
    "CONTRIBUTING.md",
    "TESTING.md",
    "BENCHMARKS.md",
    "crates/flashback-ext/README.md",
    "crates/flashback-cli/README.md",
    "crates/flashback-fake/README.md",
];

/// Where paths in the documents start.
const TOP_LEVEL: [&str; 8] = [
    "crates/",
    "tests/",
    "xtask/",
    "examples/",
    "openapi/",
    "fuzz/",
    ".ci/",
    "src/",
];

/// The `*.rs` files of every `tests/` folder of the workspace (integration tests), relative to
/// the root, without their `support` modules.
fn test_files() -> Vec<String> {
    let root = root();
    let mut folders: Vec<PathBuf> = vec![root.join("tests/tests"), root.join("xtask/tests")];
    for parent in ["crates", "examples"] {
        for entry in std::fs::read_dir(root.join(parent)).unwrap() {
            folders.push(entry.unwrap().path().join("tests"));
        }
    }
    let mut files = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "rs") {
                let relative = path.strip_prefix(&root).unwrap();
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_test_file_has_a_row_in_testing_md() {
    let testing = std::fs::read_to_string(root().join("TESTING.md")).unwrap();
    let rows: Vec<&str> = testing
        .lines()
        .filter(|line| line.starts_with('|'))
        .collect();
    let files = test_files();
    assert!(files.len() > 30, "found only {files:?}");
    let missing: Vec<&String> = files
        .iter()
        .filter(|file| {
            let (folder, name) = file.rsplit_once('/').unwrap();
            let folder = format!("{folder}/");
            // The full path, the file's name in a row that names its folder, or a row for the
            // whole folder (`xtask/tests/`).
            !rows.iter().any(|row| {
                row.contains(file.as_str())
                    || (row.contains(&folder) && row.contains(&format!("`{name}`")))
                    || row.contains(&format!("`{folder}`"))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "TESTING.md has no row for {missing:?}: add one (behaviour | file | double)"
    );
}

/// The paths a document names: link targets and code spans that start like a repository path.
fn named_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut in_code_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code_block = !in_code_block;
            continue;
        }
        if in_code_block {
            continue;
        }
        // Link targets: `](target)`.
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            let target = &after[..end];
            if !target.contains("://") && !target.starts_with('#') && !target.starts_with("mailto:")
            {
                paths.push(target.split('#').next().unwrap_or_default().to_owned());
            }
            rest = &after[end..];
        }
        // Code spans that look like repository paths.
        for (index, span) in line.split('`').enumerate() {
            let looks_like_a_path = index % 2 == 1
                && TOP_LEVEL.iter().any(|top| span.starts_with(top))
                && !span.contains([' ', '*', '{', '<', '$', '='])
                && !span.contains("..");
            if looks_like_a_path {
                paths.push(span.trim_end_matches(':').to_owned());
            }
        }
    }
    paths
}

#[test]
fn every_path_the_documents_name_exists() {
    let root = root();
    let mut missing = Vec::new();
    let mut checked = 0;
    for document in DOCUMENTS {
        let path = root.join(document);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{document} cannot be read: {err}"));
        let folder = path.parent().unwrap();
        for named in named_paths(&text) {
            if named.is_empty() {
                continue;
            }
            checked += 1;
            // A path is the repository's or the document's folder's; a short `src/...` or
            // `tests/...` in a table row is in the crate the row is about (some crate's).
            let exists = root.join(&named).exists()
                || folder.join(&named).exists()
                || std::fs::read_dir(root.join("crates"))
                    .unwrap()
                    .any(|krate| krate.unwrap().path().join(&named).exists());
            if !exists {
                missing.push(format!("{document}: {named}"));
            }
        }
    }
    assert!(
        checked > 50,
        "checked only {checked} paths: is the extraction broken?"
    );
    assert!(
        missing.is_empty(),
        "paths named in the documents that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_missing_path_is_found() {
    let text = "see [the guide](crates/nowhere/README.md) and `crates/flashback-ext/src/gone.rs`\n\
                ```sh\ncargo run -p crates/not-checked-in-code\n```";
    assert_eq!(
        named_paths(text),
        [
            "crates/nowhere/README.md",
            "crates/flashback-ext/src/gone.rs"
        ]
    );
}
