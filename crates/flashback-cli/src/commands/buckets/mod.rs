//! `flashback buckets list|available`: check the columns and the sort, connect, list, select
//! the rows, and write them in the chosen format.

mod list;
mod select;

use std::io::{self, IsTerminal, Write};

use clap::ArgMatches;
use flashback_ext::error::Operation;

use crate::args::Buckets;
use crate::connect::connect;
use crate::failure::Failure;
use crate::output::columns::{self, Column, default_columns};
use crate::output::rows::{Rows, field_text};
use crate::output::stdout::write_stdout;
use crate::output::{Format, csv, json, table};
use crate::settings::{Global, Resolved};

/// Runs a listing; the settings are resolved after the flags of the listing are checked.
pub async fn run(global: &Global, matches: &ArgMatches, command: &Buckets) -> Result<(), Failure> {
    let (operation, filter) = match command {
        Buckets::List(filter) => (Operation::GetStorageBuckets, filter),
        Buckets::Available(filter) => (Operation::GetAvailableStorageBuckets, filter),
    };
    // Bad columns are refused before anything is sent.
    let columns = filter
        .columns
        .as_deref()
        .map(|list| columns::parse_list(operation, list))
        .transpose()
        .map_err(Failure::usage)?;
    select::check_sort(operation, filter).map_err(Failure::usage)?;
    let settings = &Resolved::new(global, matches)?;
    let connection = connect(global, settings).await?;
    let listing = list::list(&connection.client, command, &connection.token_source).await?;
    let rows = listing.rows(settings.show_secrets);
    let order = select::select(operation, filter, &*rows).map_err(Failure::usage)?;

    let format = settings.output.value;
    let color = format == Format::Table
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    write_stdout(|out| {
        write(
            out,
            format,
            listing.operation,
            columns.as_deref(),
            &*rows,
            &order,
            color,
        )
    })
}

/// Writes the rows at `order` (indexes into `rows`) in `format`; `color` colours the table's
/// statuses. Each row is made as it is written.
fn write(
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
        Format::Table => {
            let columns = columns.map_or_else(default_columns, <[Column]>::to_vec);
            let headings: Vec<String> = columns.iter().map(|column| column.heading()).collect();
            let cells = || {
                each().map(|row| {
                    columns
                        .iter()
                        .map(|column| column.table_cell(field_text(&row, column.field)))
                        .collect()
                })
            };
            let paint =
                |index: usize, cell: &str| color.then(|| columns[index].colour(cell)).flatten();
            table::write(out, &headings, cells, paint)
        }
        Format::Json => json::array(out, each()),
        Format::Ndjson => json::lines(out, each()),
        Format::Csv => {
            // One column per field the spec lists for the operation's buckets, in the spec's
            // order, unless --columns chose.
            let fields: Vec<&str> = match columns {
                Some(columns) => columns.iter().map(|column| column.field).collect(),
                None => operation.item_fields().to_vec(),
            };
            let records = each().map(|row| {
                fields
                    .iter()
                    .map(|field| field_text(&row, field).unwrap_or_default())
                    .collect()
            });
            csv::write(out, &fields, records)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::rows::Masked;

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
