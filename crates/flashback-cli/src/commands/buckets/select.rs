//! Which rows a listing shows, in which order: `--status`, `--type`, `--name` and `--sort`,
//! applied to the rows before any format writes them.

use std::cmp::Ordering;

use flashback_ext::error::Operation;
use serde_json::{Map, Value};

use crate::args::Filter;
use crate::output::columns;
use crate::output::rows::Rows;

/// Checks `--sort` before anything is sent.
pub fn check_sort(operation: Operation, filter: &Filter) -> Result<(), String> {
    match filter.sort.as_deref() {
        Some(name) => columns::find(operation, "--sort", name).map(|_| ()),
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
        .map(|name| columns::find(operation, "--sort", name))
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
    fn sorting_puts_missing_values_last() {
        let values = [Some(Value::from("b")), None, Some(Value::from("A"))];
        let mut keys: Vec<Option<String>> = values.iter().map(|v| sort_key(v.as_ref())).collect();
        keys.sort_by(|a, b| compare(a.as_deref(), b.as_deref()));
        assert_eq!(keys, [Some("a".to_owned()), Some("b".to_owned()), None]);
    }
}
