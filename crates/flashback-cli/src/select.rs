//! Which rows and columns a listing shows: `--status`, `--type`, `--name`, `--columns`,
//! `--sort`, applied to the rows before any format writes them.

use std::cmp::Ordering;

use flashback_ext::Operation;
use serde_json::{Map, Value};

use crate::args::Filter;
use crate::render::Rows;

/// A column of the table and of `--columns` / `--sort`: its name, and the API field it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Lower case, as typed: `last-status`.
    pub name: &'static str,
    /// The field of the API's bucket.
    pub field: &'static str,
}

/// Every column the command knows, in the table's order; an operation offers those whose
/// field its buckets have (from the operation table generated from the spec).
const ALL: [Column; 11] = [
    Column {
        name: "name",
        field: "name",
    },
    Column {
        name: "id",
        field: "id",
    },
    Column {
        name: "type",
        field: "storageType",
    },
    Column {
        name: "bucket",
        field: "bucket",
    },
    Column {
        name: "region",
        field: "region",
    },
    Column {
        name: "status",
        field: "status",
    },
    Column {
        name: "workspace",
        field: "workspaceId",
    },
    Column {
        name: "created",
        field: "createdAt",
    },
    Column {
        name: "endpoint",
        field: "endpoint",
    },
    Column {
        name: "key",
        field: "key",
    },
    Column {
        name: "last-status",
        field: "lastStatusAt",
    },
];

/// The table's columns when `--columns` is not given.
const DEFAULT: [&str; 8] = [
    "name",
    "id",
    "type",
    "bucket",
    "region",
    "status",
    "workspace",
    "created",
];

impl Column {
    /// The table's heading: `LAST-STATUS`.
    pub fn heading(self) -> String {
        self.name.to_ascii_uppercase()
    }
}

/// The columns `operation`'s buckets can show.
fn offered(operation: Operation) -> Vec<Column> {
    ALL.into_iter()
        .filter(|column| operation.item_fields().contains(&column.field))
        .collect()
}

/// The columns of the table by default, for every operation (a field its buckets lack shows
/// as `-`).
pub fn default_columns() -> Vec<Column> {
    ALL.into_iter()
        .filter(|column| DEFAULT.contains(&column.name))
        .collect()
}

/// The column named `name` (any case), or the message listing the valid ones.
fn column(operation: Operation, flag: &str, name: &str) -> Result<Column, String> {
    let offered = offered(operation);
    offered
        .iter()
        .copied()
        .find(|column| column.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            let names: Vec<&str> = offered.iter().map(|column| column.name).collect();
            format!(
                "{flag}: unknown column `{}` for `{}`; use one of {}",
                name.trim(),
                operation.route(),
                names.join(",")
            )
        })
}

/// `--columns a,b,c`, checked against what `operation` offers.
pub fn parse_columns(operation: Operation, list: &str) -> Result<Vec<Column>, String> {
    let columns = list
        .split(',')
        .filter(|name| !name.trim().is_empty())
        .map(|name| column(operation, "--columns", name))
        .collect::<Result<Vec<_>, _>>()?;
    if columns.is_empty() {
        return Err("--columns: name at least one column, e.g. --columns name,status".into());
    }
    Ok(columns)
}

/// Checks `--sort` before anything is sent.
pub fn check_sort(operation: Operation, filter: &Filter) -> Result<(), String> {
    match filter.sort.as_deref() {
        Some(name) => column(operation, "--sort", name).map(|_| ()),
        None => Ok(()),
    }
}

/// The indexes of the rows that pass `--status`, `--type` and `--name`, in `--sort` order
/// (stable: equal keys keep the server's order). Rows are made one at a time and not kept.
pub fn select(
    operation: Operation,
    filter: &Filter,
    rows: &dyn Rows,
) -> Result<Vec<usize>, String> {
    let sort = filter
        .sort
        .as_deref()
        .map(|name| column(operation, "--sort", name))
        .transpose()?;
    let name = filter.name.as_deref().map(str::to_lowercase);
    let passes = |row: &Map<String, Value>| {
        let text = |field: &str| row.get(field).and_then(Value::as_str).unwrap_or("");
        let one_of = |wanted: &[String], field: &str| {
            wanted.is_empty()
                || wanted
                    .iter()
                    .any(|value| value.eq_ignore_ascii_case(text(field)))
        };
        one_of(&filter.statuses, "status")
            && one_of(&filter.types, "storageType")
            && name.as_deref().is_none_or(|name| {
                text("name").to_lowercase().contains(name)
                    || text("bucket").to_lowercase().contains(name)
            })
    };
    let mut kept: Vec<(Option<String>, usize)> = Vec::new();
    for index in 0..rows.len() {
        let row = rows.row(index);
        if passes(&row) {
            let key = sort.and_then(|column| sort_key(row.get(column.field)));
            kept.push((key, index));
        }
    }
    if sort.is_some() {
        kept.sort_by(|(a, _), (b, _)| compare(a.as_deref(), b.as_deref()));
    }
    Ok(kept.into_iter().map(|(_, index)| index).collect())
}

/// What a value sorts by: strings in lower case, other values as JSON; missing or `null`: none.
fn sort_key(value: Option<&Value>) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.to_lowercase()),
        Some(other) => Some(other.to_string()),
    }
}

/// Ascending; a value without a key (missing or `null`) last.
fn compare(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_those_the_operation_offers() {
        let available = Operation::GetAvailableStorageBuckets;
        assert!(parse_columns(available, "key,name").is_ok());
        let error = parse_columns(available, "name,endpoint").unwrap_err();
        assert_eq!(
            error,
            "--columns: unknown column `endpoint` for `GET /bucket/available`; use one of \
             name,id,type,bucket,status,workspace,created,key"
        );
        let all = parse_columns(Operation::GetStorageBuckets, "LAST-STATUS, endpoint").unwrap();
        assert_eq!(all[0].field, "lastStatusAt");
        assert_eq!(all[0].heading(), "LAST-STATUS");
        assert!(parse_columns(Operation::GetStorageBuckets, ",").is_err());
        assert_eq!(default_columns().len(), 8);
    }

    #[test]
    fn sorting_puts_missing_values_last() {
        let values = [Some(Value::from("b")), None, Some(Value::from("A"))];
        let mut keys: Vec<Option<String>> = values.iter().map(|v| sort_key(v.as_ref())).collect();
        keys.sort_by(|a, b| compare(a.as_deref(), b.as_deref()));
        assert_eq!(keys, [Some("a".to_owned()), Some("b".to_owned()), None]);
    }
}
