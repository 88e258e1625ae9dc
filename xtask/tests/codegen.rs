//! The xtask's promises: a bad spec is a located, readable error (never a panic), generation is
//! deterministic, and `--check` reports drift as a unified diff.

use std::path::Path;

use xtask::SPEC_FILE;
use xtask::drift::drift;
use xtask::generate::{CLIENT_FILE, HTTPMOCK_FILE, OPERATIONS_FILE, RAW_CLIENT_FILE, generate};
use xtask::spec::{Spec, SpecError};

/// A minimal valid spec; `{op}` is replaced by the operation's extra lines.
const MINIMAL: &str = "\
openapi: 3.0.3
info:
  title: t
  version: '1'
paths:
  /bucket:
    get:
{op}      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: string
";

fn minimal(operation_lines: &str) -> String {
    MINIMAL.replace("{op}", operation_lines)
}

fn parse(text: &str) -> Result<Spec, SpecError> {
    Spec::parse(Path::new("bad.yaml"), text.to_owned())
}

fn real_spec() -> Spec {
    Spec::load(&workspace_root().join(SPEC_FILE)).expect("the project's spec is valid")
}

#[test]
fn yaml_syntax_error_names_line_and_column() {
    let text = minimal("      operationId: getStorageBuckets\n").replace("title: t", "title: [t");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.path, Path::new("bad.yaml"));
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.column.is_some(), "{err}");
    assert!(err.to_string().starts_with("bad.yaml:4:"), "{err}");
    assert!(err.message.starts_with("invalid YAML: "), "{err}");
}

#[test]
fn missing_operation_id_names_the_operation_and_its_line() {
    let err = parse(&minimal("")).unwrap_err();
    assert_eq!(err.line, Some(7), "{err}");
    assert!(
        err.message.contains("GET /bucket has no operationId"),
        "{err}"
    );
}

#[test]
fn duplicate_operation_id_is_rejected() {
    let text = minimal("      operationId: same\n")
        + "  /other:\n    get:\n      operationId: same\n      responses:\n        '204':\n          description: none\n";
    let err = parse(&text).unwrap_err();
    assert_eq!(err.line, Some(17), "{err}");
    assert!(
        err.message
            .contains("`same` of GET /other is already used by GET /bucket"),
        "{err}"
    );
}

#[test]
fn openapi_3_1_is_rejected_with_its_line() {
    let text = minimal("      operationId: x\n").replace("openapi: 3.0.3", "openapi: 3.1.0");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.line, Some(1), "{err}");
    assert!(
        err.message.contains("OpenAPI 3.1.0 is not supported"),
        "{err}"
    );
    assert!(err.message.contains("openapi: 3.0.3"), "{err}");
}

#[test]
fn unquoted_version_and_swagger_2_say_what_to_write() {
    let unquoted = minimal("      operationId: x\n").replace("openapi: 3.0.3", "openapi: 3.0");
    let err = parse(&unquoted).unwrap_err();
    assert!(err.message.contains("must be a string"), "{err}");

    let swagger = minimal("      operationId: x\n").replace("openapi: 3.0.3", "swagger: '2.0'");
    let err = parse(&swagger).unwrap_err();
    assert_eq!(err.line, Some(1), "{err}");
    assert!(err.message.contains("Swagger 2.0"), "{err}");
}

#[test]
fn wrong_shape_names_the_path_and_line() {
    let text = minimal("      operationId: x\n").replace("    get:\n", "    get:\n      tags: 5\n");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.line, Some(8), "{err}");
    assert!(err.message.contains("paths./bucket.get.tags"), "{err}");
}

#[test]
fn a_reference_to_a_missing_schema_names_the_line_of_the_reference() {
    // The broken `$ref` is inside a component, far from the operation that uses it.
    let text = minimal("      operationId: getStorageBuckets\n").replace(
        "                type: string\n",
        "                $ref: '#/components/schemas/Listing'\n\
components:\n  schemas:\n    Listing:\n      type: object\n      properties:\n\
        bucket:\n          $ref: '#/components/schemas/Bucket'\n",
    );
    let err = parse(&text).unwrap_err();
    assert_eq!(err.line, Some(22), "{err}");
    assert!(
        err.message
            .contains("`$ref: '#/components/schemas/Bucket'` points at nothing"),
        "{err}"
    );
}

/// progenitor panics (an `unwrap` on the status code's reason phrase) on a response status
/// without one, such as 299. The panic must become an error naming the operation.
#[test]
fn generator_panic_becomes_an_error_naming_the_operation() {
    let text = minimal("      operationId: getStorageBuckets\n").replace("'200'", "'299'");
    let spec = parse(&text).expect("the spec itself is valid OpenAPI");
    let err = generate(&spec, "bad.yaml").unwrap_err();
    assert_eq!(err.line, Some(7), "{err}");
    assert!(
        err.message
            .contains("cannot generate operation `getStorageBuckets` (GET /bucket)"),
        "{err}"
    );
    assert!(err.message.contains("panicked"), "{err}");
}

#[test]
fn generator_error_becomes_an_error_naming_the_operation() {
    // Two different success bodies: progenitor reports it as an error (not a panic).
    let text = minimal("      operationId: getStorageBuckets\n").replace(
        "      responses:\n",
        "      responses:\n        '201':\n          description: other\n          content:\n            application/json:\n              schema:\n                type: integer\n",
    );
    let spec = parse(&text).expect("the spec itself is valid OpenAPI");
    let err = generate(&spec, "bad.yaml").unwrap_err();
    assert!(
        err.message
            .contains("operation `getStorageBuckets` (GET /bucket)"),
        "{err}"
    );
}

#[test]
fn generation_is_deterministic_and_headed() {
    let spec = real_spec();
    let first = generate(&spec, SPEC_FILE).unwrap();
    let second = generate(&spec, SPEC_FILE).unwrap();
    assert_eq!(first, second);
    let paths: Vec<_> = first.iter().map(|f| f.path.to_str().unwrap()).collect();
    assert_eq!(
        paths,
        [CLIENT_FILE, OPERATIONS_FILE, HTTPMOCK_FILE, RAW_CLIENT_FILE]
    );
    for file in &first {
        assert_eq!(
            file.contents.lines().next(),
            Some("// Generated from openapi/flashback.yaml by `cargo xtask codegen`. Do not edit.")
        );
    }
}

#[test]
fn checked_in_files_match_the_spec() {
    let files = generate(&real_spec(), SPEC_FILE).unwrap();
    let drifted = drift(&workspace_root(), &files);
    assert!(
        drifted.is_empty(),
        "run `cargo xtask codegen`:\n{}",
        drifted.iter().map(|d| d.diff.as_str()).collect::<String>()
    );
}

#[test]
fn drift_is_a_unified_diff_against_the_checked_in_file() {
    let root = tempfile::tempdir().unwrap();
    let files = generate(&real_spec(), SPEC_FILE).unwrap();
    for file in &files {
        let path = root.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
    }
    assert!(drift(root.path(), &files).is_empty());

    // Hand-edit the client: the check must show exactly that line going away.
    let client = root.path().join(CLIENT_FILE);
    let edited =
        files[0]
            .contents
            .replacen("pub struct Client {", "pub struct Client { // edited", 1);
    std::fs::write(&client, edited).unwrap();
    let drifted = drift(root.path(), &files);
    assert_eq!(drifted.len(), 1);
    assert_eq!(drifted[0].path, CLIENT_FILE);
    assert!(
        drifted[0]
            .diff
            .starts_with(&format!("--- a/{CLIENT_FILE}\n+++ b/{CLIENT_FILE}\n"))
    );
    assert!(
        drifted[0]
            .diff
            .contains("\n-pub struct Client { // edited\n+pub struct Client {\n")
    );

    // A missing file is drift too.
    std::fs::remove_file(root.path().join(HTTPMOCK_FILE)).unwrap();
    assert_eq!(drift(root.path(), &files).len(), 2);
}

/// The checkout these tests run in, found at run time like the xtask finds it (cargo sets
/// `CARGO_MANIFEST_DIR` for tests too), not baked in when the test binary was compiled.
fn workspace_root() -> std::path::PathBuf {
    xtask::root::workspace_root().expect("tests run inside the workspace")
}

/// progenitor's real output for the spec, with one operation's call site in another shape (as
/// an upgrade might change it): the rewrites change the other operations, and the
/// postconditions name the rewrite and the operation they missed, against xtask/src/rewrite.rs.
#[test]
fn a_rewrite_that_misses_one_call_site_names_it() {
    let files = generate(&real_spec(), SPEC_FILE).unwrap();
    let raw = &files
        .iter()
        .find(|file| file.path.to_str() == Some(RAW_CLIENT_FILE))
        .unwrap()
        .contents;
    let rewrite = |source: &str| {
        let file: syn::File = syn::parse_str(source).unwrap();
        xtask::rewrite::client(quote::quote!(#file))
    };
    assert!(rewrite(raw).is_ok(), "the real output rewrites cleanly");

    // The last operation decodes through a fully qualified path.
    let at = raw.rfind("ResponseValue::from_response").unwrap();
    let changed = format!("{}progenitor_client::{}", &raw[..at], &raw[at..]);
    let missed = rewrite(&changed).unwrap_err();
    assert_eq!(missed.rewrite, "decoder");
    assert_eq!(
        missed.site.as_deref(),
        Some("operation builder `GetAvailableStorageBuckets`")
    );
    let message = missed.to_string();
    assert!(message.contains("xtask/src/rewrite.rs"), "{message}");
    assert!(!message.contains("openapi/flashback.yaml"), "{message}");

    // The first operation's URL with its base in parentheses.
    let at = raw.find("client.baseurl").unwrap();
    let changed = format!("{}({}){}", &raw[..at], "client.baseurl", &raw[at + 14..]);
    let missed = rewrite(&changed).unwrap_err();
    assert_eq!(missed.rewrite, "url");
    assert_eq!(
        missed.site.as_deref(),
        Some("operation builder `GetStorageBuckets`")
    );
}
