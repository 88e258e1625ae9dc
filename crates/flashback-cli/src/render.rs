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

/// The rows of a listing, made one at a time: a row (the bucket as a JSON object, through the
/// API's own types, credentials masked) exists only while it is filtered, measured or written.
/// Output then takes little memory beyond the decoded buckets, in every format.
pub trait Rows {
    /// How many buckets there are.
    fn len(&self) -> usize;
    /// The bucket at `index` as a row.
    fn row(&self, index: usize) -> Map<String, Value>;
}

/// Buckets as rows, credentials masked unless `show_secrets`.
pub struct Masked<'a, T> {
    pub buckets: &'a [T],
    pub show_secrets: bool,
}

impl<T: serde::Serialize> Rows for Masked<'_, T> {
    fn len(&self) -> usize {
        self.buckets.len()
    }

    fn row(&self, index: usize) -> Map<String, Value> {
        let Ok(Value::Object(mut row)) = serde_json::to_value(&self.buckets[index]) else {
            unreachable!("a bucket serializes to a JSON object");
        };
        if !self.show_secrets {
            if let Some(Value::String(key)) = row.get("key") {
                let masked = AccessKeyId::from(key.as_str()).masked();
                row.insert("key".into(), Value::String(masked));
            }
            if row.get("secret").is_some_and(|secret| !secret.is_null()) {
                row.insert("secret".into(), Value::String(REDACTED.into()));
            }
        }
        row
    }
}

/// Writes the rows at `order` (indexes into `rows`) in `format`; `color` colours the table's
/// statuses. Each row is written as it is made.
pub fn write(
    out: &mut impl Write,
    format: Format,
    operation: Operation,
    columns: Option<&[Column]>,
    rows: &dyn Rows,
    order: &[usize],
    color: bool,
) -> io::Result<()> {
    let each = || order.iter().map(|&index| rows.row(index));
    match format {
        Format::Table => table(out, columns.unwrap_or(&default_columns()), each, color),
        Format::Json => {
            // The same text as one pretty-printed array, written element by element.
            let mut serializer = serde_json::Serializer::pretty(&mut *out);
            serde::Serializer::collect_seq(&mut serializer, each())?;
            writeln!(out)
        }
        Format::Ndjson => {
            for row in each() {
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => match columns {
            Some(columns) => {
                let fields: Vec<&str> = columns.iter().map(|column| column.field).collect();
                csv(out, &fields, each())
            }
            None => csv(out, operation.item_fields(), each()),
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

/// The table: one pass to measure the columns, one to write them, a row at a time.
fn table<I: Iterator<Item = Map<String, Value>>>(
    out: &mut impl Write,
    columns: &[Column],
    each: impl Fn() -> I,
    color: bool,
) -> io::Result<()> {
    let cells = |row: Map<String, Value>| -> Vec<String> {
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
    };
    let headings: Vec<String> = columns.iter().map(|column| column.heading()).collect();
    let mut widths: Vec<usize> = headings.iter().map(String::len).collect();
    for row in each() {
        for (width, cell) in widths.iter_mut().zip(cells(row)) {
            *width = (*width).max(cell.chars().count());
        }
    }
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
    line(out, headings, false)?;
    for row in each() {
        line(out, cells(row), color)?;
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
fn csv(
    out: &mut impl Write,
    fields: &[&str],
    rows: impl Iterator<Item = Map<String, Value>>,
) -> io::Result<()> {
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

    fn sample() -> Vec<flashback_ext::StorageBucket> {
        serde_json::from_str(
            r#"[{"name":"A","id":"1","storageType":"AZURE","status":"ONLINE","key":"AKIAIOSFODNN7EXAMPLE","secret":{"iv":"x"},"createdAt":"2025-01-10T09:30:00Z"},
                {"name":"B","id":"2","status":"ACTIVE"}]"#,
        )
        .unwrap()
    }

    fn render(format: Format, color: bool) -> String {
        let buckets = sample();
        let rows = Masked {
            buckets: &buckets,
            show_secrets: false,
        };
        let mut out = Vec::new();
        write(
            &mut out,
            format,
            Operation::GetStorageBuckets,
            None,
            &rows,
            &[0, 1],
            color,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The JSON written row by row is the text of the whole array pretty-printed.
    #[test]
    fn streamed_json_is_the_pretty_printed_array() {
        let buckets = sample();
        let rows = Masked {
            buckets: &buckets,
            show_secrets: false,
        };
        let whole: Vec<Map<String, Value>> = (0..2).map(|i| rows.row(i)).collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(render(Format::Json, false), expected);
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
