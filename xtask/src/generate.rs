//! Running progenitor over the spec: the client for `flashback-api` and the httpmock helpers for
//! `flashback-httpmock`.
//!
//! The settings below are the only place that says how the generated code differs from
//! progenitor's defaults. Output is formatted with prettyplease (no nightly rustfmt), so the
//! same spec and the same progenitor give byte-identical files on every machine.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::spec::{Spec, SpecError};

/// Where the generated client lives, relative to the workspace root.
pub const CLIENT_FILE: &str = "crates/flashback-api/src/generated.rs";
/// Where the generated operation table lives, relative to the workspace root.
pub const OPERATIONS_FILE: &str = "crates/flashback-api/src/operations.rs";
/// progenitor's client before the rewrites (`crate::rewrite`): not compiled, compared by
/// `--check`, so that a progenitor upgrade's diff shows what progenitor changed.
pub const RAW_CLIENT_FILE: &str = "xtask/snapshots/progenitor-client.rs";
/// Where the generated httpmock helpers live, relative to the workspace root.
pub const HTTPMOCK_FILE: &str = "crates/flashback-httpmock/src/generated.rs";

/// A file the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// The full contents, header included.
    pub contents: String,
}

/// The generator settings of this SDK.
///
/// * Builder interface: `client.get_storage_buckets().workspace_id("ws").send()`, which stays
///   source-compatible when the spec adds optional parameters.
/// * `PartialEq` and `schemars::JsonSchema` on every type: for tests, and for the schema
///   snapshots that guard the contract.
/// * A per-client inner value, `crate::hooks::Hooks` (`flashback-api/src/hooks.rs`), and
///   progenitor's `ClientHooks` implemented by hand for it: a client made with `None` sends
///   requests as progenitor does; one made with an `Exchange` sends them through it, which is
///   how `flashback-ext` adds auth, records the response head and bounds the body, per client
///   and without task-locals.
/// * Hand-written replacements (in `flashback-api/src/`) where the generated default is wrong:
///   enums that keep unknown values, and credentials that never print.
/// * Three changes progenitor has no setting for, made to its output by
///   [`crate::rewrite::client`] and checked on the whole file after: bodies decoded by
///   `crate::response::decode` (through the client's exchange, and never quoted in an error),
///   the request URL built from the base URL parsed once per client, and `JsonSchema` behind the
///   `schemars` feature. progenitor's output before them is [`RAW_CLIENT_FILE`].
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_derive("schemars::JsonSchema")
        .with_inner_type(quote!(crate::hooks::Hooks))
        .with_hooks(HooksMode::Expected);
    for (schema, replacement, impls) in REPLACEMENTS {
        settings.with_replacement(schema, replacement, impls.iter().cloned());
    }
    settings
}

/// Component schemas the generator must not generate, the hand-written type used instead, and
/// the traits that type implements (so that containing types can rely on them).
pub const REPLACEMENTS: [(&str, &str, &[TypeImpl]); 4] = [
    (
        "StorageType",
        "crate::StorageType",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    (
        "BucketStatus",
        "crate::BucketStatus",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    ("AccessKeyId", "crate::AccessKeyId", &[TypeImpl::Display]),
    ("BucketSecret", "crate::BucketSecret", &[TypeImpl::Display]),
];

/// Generates every file from `spec`. `spec_name` is how the header names the spec.
pub fn generate(spec: &Spec, spec_name: &str) -> Result<Vec<GeneratedFile>, SpecError> {
    let client = run(spec, |document| {
        Generator::new(&settings()).generate_tokens(document)
    })?;
    let raw_client = client.clone();
    let client = crate::rewrite::client(client).map_err(|missed| {
        SpecError::new(
            std::path::Path::new("xtask/src/rewrite.rs"),
            None,
            missed.to_string(),
        )
    })?;
    let httpmock = run(spec, |document| {
        Generator::new(&settings()).httpmock(document, "flashback_api")
    })?;
    let facts = crate::operations::facts(spec)?;
    let httpmock = crate::operations::answers(&facts, &httpmock)
        .map_err(|reason| SpecError::new(&spec.path, None, reason))?;
    let operations = crate::operations::tokens(&facts);
    Ok(vec![
        GeneratedFile {
            path: CLIENT_FILE.into(),
            contents: render(spec_name, client, spec)?,
        },
        GeneratedFile {
            path: OPERATIONS_FILE.into(),
            contents: render(spec_name, operations, spec)?,
        },
        GeneratedFile {
            path: HTTPMOCK_FILE.into(),
            contents: render(spec_name, httpmock, spec)?,
        },
        GeneratedFile {
            path: RAW_CLIENT_FILE.into(),
            contents: render(spec_name, raw_client, spec)?,
        },
    ])
}

type Step = fn(&OpenAPI) -> progenitor_impl::Result<TokenStream>;

/// Runs one generator step. progenitor reports some problems as errors and panics on others;
/// both become a [`SpecError`] that names the operation at fault, found by running the step
/// again on each operation alone.
fn run(spec: &Spec, step: Step) -> Result<TokenStream, SpecError> {
    let reason = match attempt(step, &spec.document) {
        Ok(tokens) => return Ok(tokens),
        Err(reason) => reason,
    };
    for operation in spec.operations() {
        if let Err(reason) = attempt(step, &spec.with_only(&operation)) {
            return Err(SpecError::new(
                &spec.path,
                spec.line_of_operation(&operation),
                format!("progenitor cannot generate operation {operation}: {reason}"),
            ));
        }
    }
    Err(SpecError::new(
        &spec.path,
        None,
        format!(
            "progenitor cannot generate the client (no single operation is at fault): {reason}"
        ),
    ))
}

/// Serializes panic-hook swaps: tests generate from several threads.
static HOOK: Mutex<()> = Mutex::new(());

/// One generator run, with a panic turned into its message.
fn attempt(step: Step, document: &OpenAPI) -> Result<TokenStream, String> {
    let _guard = HOOK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // The default hook would print the panic and a backtrace hint as if the xtask had crashed;
    // the panic is reported as a spec error instead.
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| step(document)));
    panic::set_hook(previous);
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(err)) => Err(err.to_string()),
        Err(payload) => Err(format!(
            "the generator panicked: {}",
            panic_message(&*payload)
        )),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(no message)".to_owned()
    }
}

/// Formats generated tokens as a source file with the do-not-edit header.
fn render(spec_name: &str, tokens: TokenStream, spec: &Spec) -> Result<String, SpecError> {
    let file: syn::File = syn::parse2(tokens).map_err(|err| {
        SpecError::new(
            &spec.path,
            None,
            format!("progenitor produced code that does not parse ({err}); report this upstream"),
        )
    })?;
    let body = progenitor_impl::space_out_items(prettyplease::unparse(&file))
        .map_err(|err| SpecError::new(&spec.path, None, err.to_string()))?;
    Ok(format!(
        "// Generated from {spec_name} by `cargo xtask codegen`. Do not edit.\n\
         // Change the spec or the settings in xtask/src/generate.rs and regenerate.\n\n{body}"
    ))
}
