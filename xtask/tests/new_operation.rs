//! A new endpoint in the spec reaches the code by regenerating, and the xtask works on the
//! checkout it runs in.
//!
//! The test copies the workspace (checkout B), adds an operation to B's spec, and then, with
//! the target directory of this checkout (A) shared:
//!
//! 1. runs the xtask binary built from A, in B: it must check and write B's files, not A's (the
//!    binary must not carry A's path from compile time);
//! 2. runs `cargo xtask codegen --check` in B: it must report B's drift;
//! 3. runs `cargo check --workspace --all-targets` in B after regenerating: every hand-written
//!    crate still builds with an operation it has not learnt about (the generated `Operation`
//!    is `#[non_exhaustive]`, and the fake answers it `501`).
//!
//! It builds the whole workspace once more in check mode, so it takes a minute or two.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::generate::OPERATIONS_FILE;
use xtask::root::workspace_root;

/// An operation the real spec does not have, inserted before `components:`.
const NEW_OPERATION: &str = "  /bucket/{bucketId}/stats:
    get:
      operationId: getBucketStats
      summary: Bucket Statistics
      parameters:
        - name: bucketId
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The bucket's object count.
          content:
            application/json:
              schema:
                type: object
                properties:
                  objects:
                    type: integer
        '401':
          $ref: '#/components/responses/Unauthorized'
";

#[test]
fn a_new_operation_in_a_copy_of_the_workspace_regenerates_and_builds() {
    let a = workspace_root().expect("the tests run in the workspace");
    let copy = tempfile::tempdir().unwrap();
    let b = copy.path().join("checkout-b");
    copy_tree(&a, &b);
    let spec = b.join(xtask::SPEC_FILE);
    let text = std::fs::read_to_string(&spec).unwrap();
    let at = text.find("\ncomponents:").expect("the spec has components") + 1;
    std::fs::write(
        &spec,
        format!("{}{NEW_OPERATION}{}", &text[..at], &text[at..]),
    )
    .unwrap();
    let a_operations = std::fs::read_to_string(a.join(OPERATIONS_FILE)).unwrap();

    // 1. A's binary, run in B, checks B.
    let check = run(Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(b.join("crates"))
        .env_remove("CARGO_MANIFEST_DIR"));
    assert_eq!(check.status.code(), Some(1), "{}", text_of(&check));
    assert!(
        text_of(&check).contains("+    GetBucketStats,"),
        "{}",
        text_of(&check)
    );

    // 2. `cargo xtask` in B, sharing A's target directory, checks B too.
    let check = run(cargo(&a, &b).args(["xtask", "codegen", "--check"]));
    assert_eq!(check.status.code(), Some(1), "{}", text_of(&check));
    assert!(
        text_of(&check).contains(OPERATIONS_FILE),
        "{}",
        text_of(&check)
    );

    // 3. Regenerating writes B's files, leaves A's alone, and B builds.
    let write = run(cargo(&a, &b).args(["xtask", "codegen"]));
    assert!(write.status.success(), "{}", text_of(&write));
    let b_operations = std::fs::read_to_string(b.join(OPERATIONS_FILE)).unwrap();
    assert!(b_operations.contains("Operation::GetBucketStats => \"/bucket/{bucketId}/stats\""));
    assert_eq!(
        std::fs::read_to_string(a.join(OPERATIONS_FILE)).unwrap(),
        a_operations,
        "checkout A's generated files are untouched"
    );
    let build = run(cargo(&a, &b).args(["check", "--workspace", "--all-targets", "--locked"]));
    assert!(
        build.status.success(),
        "the workspace does not build with a new operation:\n{}",
        text_of(&build)
    );
}

/// `cargo` in checkout `b`, with checkout `a`'s target directory.
fn cargo(a: &Path, b: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(b)
        .env("CARGO_TARGET_DIR", target_dir(a))
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PRIMARY_PACKAGE")
        .env("CARGO_TERM_COLOR", "never");
    command
}

/// The target directory this test was built in: `<target>/debug/deps/new_operation-…`.
fn target_dir(a: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() { dir } else { a.join(dir) };
    }
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| a.join("target"))
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the command runs")
}

fn text_of(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Copies the checkout's sources: everything but build output and version control.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if matches!(name.as_ref(), "target" | ".git" | "node_modules") {
            continue;
        }
        let kind = entry.file_type().unwrap();
        let destination = to.join(&*name);
        if kind.is_dir() {
            copy_tree(&entry.path(), &destination);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), destination).unwrap();
        }
    }
}
