//! `flashback contract check`: every GET operation of the spec without path parameters called
//! with the configured credentials, each answer checked against the spec built into the command
//! (`flashback-contract`). An operation the server answers with `501 Not Implemented` is drift
//! (an undocumented status), not the end of the check.

use std::io::{self, Write};

use flashback_contract::{Answer, Contract, Finding, Severity};
use flashback_ext::error::Operation;
use flashback_ext::raw::RawAnswer;
use serde::Serialize;

use crate::args::ContractCheck;
use crate::connect::connect;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::stdout::write_stdout;
use crate::output::{Format, json, table};
use crate::settings::{Global, Resolved};

/// `501 Not Implemented`: the server has no such operation.
const NOT_IMPLEMENTED: u16 = 501;

/// What one endpoint answered and what the check found in it.
#[derive(Debug, Serialize)]
struct Endpoint {
    operation: &'static str,
    method: &'static str,
    path: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    workspace: Option<String>,
    status: u16,
    content_type: Option<String>,
    findings: Vec<Finding>,
}

/// The whole report, as `--output json` prints it.
#[derive(Debug, Serialize)]
struct Report {
    endpoints: Vec<Endpoint>,
    violations: usize,
    drift: usize,
    strict: bool,
    passed: bool,
}

/// Runs the check; exit 7 when a violation is found (or drift, with `--strict`).
pub async fn run(
    global: &Global,
    settings: &Resolved,
    check: &ContractCheck,
) -> Result<(), Failure> {
    let format = settings.output.value;
    if matches!(format, Format::Csv | Format::Ndjson) {
        return Err(Failure::usage(format!(
            "contract check prints a table or JSON, not {} (from {}): pass --output table \
             or --output json",
            format.name(),
            settings.output.origin
        )));
    }
    let connection = connect(global, settings).await?;
    let contract = Contract::embedded();
    let mut endpoints = Vec::new();
    let callable = Operation::ALL
        .iter()
        .copied()
        .filter(|&operation| RawAnswer::can_call(operation))
        .filter(|operation| {
            check.operations.is_empty() || check.operations.iter().any(|id| id == operation.id())
        });
    for operation in callable {
        let workspace = check
            .workspace
            .as_deref()
            .filter(|_| operation.query_parameters().contains(&"workspaceId"));
        let (status, content_type, body) =
            match connection.client.raw_answer(operation, workspace).await {
                Ok(answer) => (answer.status, answer.content_type, answer.body),
                // The server does not implement an operation of the spec (a fake that has not
                // learnt a new endpoint yet, a platform behind the spec): an undocumented
                // status, which is drift, reported with the rest and failed with `--strict`.
                Err(error) if error.status() == Some(NOT_IMPLEMENTED) => {
                    (NOT_IMPLEMENTED, None, Default::default())
                }
                Err(error) => return Err(Failure::from_sdk(&error, &connection.token_source)),
            };
        let findings = contract
            .check(
                operation.id(),
                &Answer {
                    status,
                    content_type: content_type.as_deref(),
                    body: &body,
                },
            )
            .map_err(|error| {
                Failure::new(
                    Exit::Usage,
                    format!("cannot check {}: {error}", operation.id()),
                )
            })?;
        endpoints.push(Endpoint {
            operation: operation.id(),
            method: operation.method(),
            path: operation.path(),
            workspace: workspace.map(str::to_owned),
            status,
            content_type,
            findings,
        });
    }
    let count = |severity| {
        endpoints
            .iter()
            .flat_map(|endpoint| &endpoint.findings)
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (violations, drift) = (count(Severity::Violation), count(Severity::Drift));
    let passed = violations == 0 && !(check.strict && drift > 0);
    let report = Report {
        endpoints,
        violations,
        drift,
        strict: check.strict,
        passed,
    };
    write_stdout(|out| match format {
        Format::Json | Format::Ndjson => json::pretty(out, &report),
        Format::Table | Format::Csv => write_tables(out, &report),
    })?;
    if passed {
        return Ok(());
    }
    let what = if violations == 0 {
        format!("{drift} drift (and --strict fails on drift)")
    } else {
        format!("{violations} violation(s) and {drift} drift")
    };
    Err(Failure::new(
        Exit::ContractBroken,
        format!("the platform's answers depart from the contract: {what}"),
    ))
}

/// A table per endpoint, then the totals.
fn write_tables(out: &mut impl Write, report: &Report) -> io::Result<()> {
    for endpoint in &report.endpoints {
        let query = match &endpoint.workspace {
            Some(workspace) => format!("?workspaceId={workspace}"),
            None => String::new(),
        };
        let head = match (&endpoint.content_type, endpoint.status) {
            (None, NOT_IMPLEMENTED) => "(the server does not implement this operation)",
            (Some(content_type), _) => content_type.as_str(),
            (None, _) => "(no Content-Type)",
        };
        writeln!(
            out,
            "{} {}{query} ({}): {} {head}",
            endpoint.method, endpoint.path, endpoint.operation, endpoint.status,
        )?;
        if endpoint.findings.is_empty() {
            writeln!(out, "  as the spec describes: nothing found")?;
        } else {
            let rows: Vec<Vec<String>> = endpoint
                .findings
                .iter()
                .map(|finding| {
                    vec![
                        format!("  {}", finding.severity),
                        finding.path.clone(),
                        finding.count.to_string(),
                        finding.what.clone(),
                        finding.example.clone().unwrap_or_else(|| "-".to_owned()),
                    ]
                })
                .collect();
            let headings = ["  FINDING", "WHERE", "PLACES", "WHAT", "EXAMPLE"].map(str::to_owned);
            table::write(out, &headings, || rows.iter().cloned(), table::plain)?;
        }
        writeln!(out)?;
    }
    let verdict = if report.passed { "passed" } else { "failed" };
    let mode = if report.strict {
        "drift fails the check (--strict)"
    } else {
        "drift is reported, not failed (--strict fails on it)"
    };
    writeln!(
        out,
        "contract check {verdict}: {} violation(s), {} drift; {mode}",
        report.violations, report.drift
    )
}
