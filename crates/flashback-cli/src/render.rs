//! Writing buckets as a table, JSON, NDJSON or CSV.
//!
//! Buckets are turned into JSON objects through the API's own types, so every format uses the
//! spec's field names and keeps enum values the SDK does not know exactly as the server sent
//! them. Credentials are masked the same way in every format unless `--show-secrets`.

use std::io::{self, Write};

use flashback_ext::api::REDACTED;
use flashback_ext::{AccessKeyId, Operation};
use serde_json::{Map, Value};

use crate::args::Format;
use crate::select::{Column, default_columns};

/// Buckets as JSON objects, credentials masked unless `show_secrets`.
pub fn rows<T: serde::Serialize>(buckets: &[T], show_secrets: bool) -> Vec<Map<String, Value>> {
    buckets
        .iter()
        .map(|bucket| {
            let Ok(Value::Object(mut row)) = serde_json::to_value(bucket) else {
                unreachable!("a bucket serializes to a JSON object");
            };
            if !show_secrets {
                if let Some(Value::String(key)) = row.get("key") {
                    let masked = AccessKeyId::from(key.as_str()).masked();
                    row.insert("key".into(), Value::String(masked));
                }
                if row.get("secret").is_some_and(|secret| !secret.is_null()) {
                    row.insert("secret".into(), Value::String(REDACTED.into()));
                }
            }
            row
        })
        .collect()
}

/// Writes `rows` in `format`; `color` colours the table's statuses.
pub fn write(
    out: &mut impl Write,
    format: Format,
    operation: Operation,
    columns: Option<&[Column]>,
    rows: &[Map<String, Value>],
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Table => table(out, columns.unwrap_or(&default_columns()), rows, color),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)
        }
        Format::Ndjson => {
            for row in rows {
                serde_json::to_writer(&mut *out, row)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => match columns {
            Some(columns) => {
                let fields: Vec<&str> = columns.iter().map(|column| column.field).collect();
                csv(out, &fields, rows)
            }
            None => csv(out, operation.item_fields(), rows),
        },
    }
}

/// A cell's text: strings as they are, other values as JSON, absent as `-` (table) or empty.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// `2025-01-10T09:30:00Z` as `2025-01-10 09:30` (UTC); anything else as it is.
fn short_date(text: String) -> String {
    match chrono::DateTime::parse_from_rfc3339(&text) {
        Ok(date) => date.to_utc().format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => text,
    }
}

fn table(
    out: &mut impl Write,
    columns: &[Column],
    rows: &[Map<String, Value>],
    color: bool,
) -> io::Result<()> {
    let headings: Vec<String> = columns.iter().map(|column| column.heading()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|column| {
                    let cell = text(row.get(column.field)).unwrap_or_else(|| "-".to_owned());
                    if matches!(column.field, "createdAt" | "lastStatusAt") {
                        short_date(cell)
                    } else {
                        cell
                    }
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = headings
        .iter()
        .enumerate()
        .map(|(i, heading)| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([heading.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, values: Vec<String>, colored: bool| -> io::Result<()> {
        let last = values.len() - 1;
        for (i, value) in values.into_iter().enumerate() {
            let padding = if i == last {
                0
            } else {
                widths[i] - value.chars().count() + 2
            };
            let style = if colored && columns[i].field == "status" {
                status_colour(&value)
            } else {
                None
            };
            match style {
                Some(code) => write!(out, "\x1b[{code}m{value}\x1b[0m{:padding$}", "")?,
                None => write!(out, "{value}{:padding$}", "")?,
            }
        }
        writeln!(out)
    };
    line(out, headings.clone(), false)?;
    for row in cells {
        line(out, row, color)?;
    }
    Ok(())
}

/// ONLINE green, OFFLINE red, DISCONNECTED yellow, anything else plain.
fn status_colour(status: &str) -> Option<&'static str> {
    match status {
        "ONLINE" => Some("32"),
        "OFFLINE" => Some("31"),
        "DISCONNECTED" => Some("33"),
        _ => None,
    }
}

/// CSV with one column per field the spec lists for the operation's buckets, in the spec's
/// order (from the operation table generated from the spec).
fn csv(out: &mut impl Write, fields: &[&str], rows: &[Map<String, Value>]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(fields).map_err(into_io)?;
    for row in rows {
        writer
            .write_record(
                fields
                    .iter()
                    .map(|field| text(row.get(*field)).unwrap_or_default()),
            )
            .map_err(into_io)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, so that the caller still sees its kind (a closed pipe
/// is not a failure); csv's own `From` would wrap it as "other".
pub fn into_io(error: csv::Error) -> io::Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        _ => io::Error::other(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Map<String, Value>> {
        let buckets: Vec<flashback_ext::StorageBucket> = serde_json::from_str(
            r#"[{"name":"A","id":"1","storageType":"AZURE","status":"ONLINE","key":"AKIAIOSFODNN7EXAMPLE","secret":{"iv":"x"},"createdAt":"2025-01-10T09:30:00Z"},
                {"name":"B","id":"2","status":"ACTIVE"}]"#,
        )
        .unwrap();
        rows(&buckets, false)
    }

    fn render(format: Format, color: bool) -> String {
        let mut out = Vec::new();
        write(
            &mut out,
            format,
            Operation::GetStorageBuckets,
            None,
            &sample(),
            color,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_colours_known_statuses_only_when_asked() {
        let plain = render(Format::Table, false);
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = render(Format::Table, true);
        assert!(coloured.contains("\x1b[32mONLINE\x1b[0m"), "{coloured}");
        assert!(
            coloured.contains(" ACTIVE "),
            "unknown statuses stay plain: {coloured}"
        );
        // Colour codes do not shift the columns.
        let strip = |s: &str| s.replace("\x1b[32m", "").replace("\x1b[0m", "");
        assert_eq!(strip(&coloured), plain);
    }

    #[test]
    fn credentials_are_masked_in_every_format() {
        for format in [Format::Table, Format::Json, Format::Ndjson, Format::Csv] {
            let out = render(format, false);
            assert!(
                !out.contains("AKIAIOSFODNN7EXAMPLE") && !out.contains(r#""iv""#),
                "{format:?}: {out}"
            );
        }
        assert!(render(Format::Csv, false).contains("****MPLE,[REDACTED]"));
    }
}
