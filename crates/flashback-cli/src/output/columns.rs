//! The columns of a bucket listing: the name a user types, the API field each shows, and its
//! trait (a date shown short, a status shown in colour, a credential shown masked). An
//! operation offers the columns whose field its buckets have (the operation table generated
//! from the spec says which).

use flashback_ext::bucket::BucketStatus;
use flashback_ext::error::Operation;

/// How a column's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// As it is.
    Text,
    /// A timestamp: `2025-01-10T09:30:00Z` as `2025-01-10 09:30` in the table.
    Date,
    /// A bucket status: coloured in a table on a terminal.
    Status,
    /// A credential: masked unless `--show-secrets` (see `rows::Masked`).
    Credential,
}

/// A column of the table and of `--columns` / `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Lower case, as typed: `last-status`.
    pub name: &'static str,
    /// The field of the API's bucket.
    pub field: &'static str,
    /// How its values are shown.
    pub kind: Kind,
}

const fn column(name: &'static str, field: &'static str, kind: Kind) -> Column {
    Column { name, field, kind }
}

/// Every column the command knows, in the table's order.
pub const ALL: [Column; 11] = [
    column("name", "name", Kind::Text),
    column("id", "id", Kind::Text),
    column("type", "storageType", Kind::Text),
    column("bucket", "bucket", Kind::Text),
    column("region", "region", Kind::Text),
    column("status", "status", Kind::Status),
    column("workspace", "workspaceId", Kind::Text),
    column("created", "createdAt", Kind::Date),
    column("endpoint", "endpoint", Kind::Text),
    column("key", "key", Kind::Credential),
    column("last-status", "lastStatusAt", Kind::Date),
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

    /// A cell of the table: dates short; absent as `-`.
    pub fn table_cell(self, text: Option<String>) -> String {
        let Some(text) = text else {
            return "-".to_owned();
        };
        match self.kind {
            Kind::Date => short_date(text),
            Kind::Text | Kind::Status | Kind::Credential => text,
        }
    }

    /// The colour of a cell on a terminal (an ANSI code), by what the status means: ONLINE
    /// green, OFFLINE red, DISCONNECTED yellow; any other value, and other columns, plain.
    pub fn colour(self, cell: &str) -> Option<&'static str> {
        if self.kind != Kind::Status {
            return None;
        }
        match BucketStatus::from(cell) {
            BucketStatus::Online => Some("32"),
            BucketStatus::Offline => Some("31"),
            BucketStatus::Disconnected => Some("33"),
            _ => None,
        }
    }
}

/// The fields shown masked unless `--show-secrets`.
pub fn credential_fields() -> impl Iterator<Item = &'static str> {
    ALL.iter()
        .filter(|column| column.kind == Kind::Credential)
        .map(|column| column.field)
}

/// `2025-01-10T09:30:00Z` as `2025-01-10 09:30` (UTC); anything else as it is.
fn short_date(text: String) -> String {
    match chrono::DateTime::parse_from_rfc3339(&text) {
        Ok(date) => date.to_utc().format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => text,
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

/// The column named `name` (any case) among those `operation` offers, or the message (for
/// `flag`) listing the valid ones.
pub fn find(operation: Operation, flag: &str, name: &str) -> Result<Column, String> {
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
pub fn parse_list(operation: Operation, list: &str) -> Result<Vec<Column>, String> {
    let columns = list
        .split(',')
        .filter(|name| !name.trim().is_empty())
        .map(|name| find(operation, "--columns", name))
        .collect::<Result<Vec<_>, _>>()?;
    if columns.is_empty() {
        return Err("--columns: name at least one column, e.g. --columns name,status".into());
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_those_the_operation_offers() {
        let available = Operation::GetAvailableStorageBuckets;
        assert!(parse_list(available, "key,name").is_ok());
        let error = parse_list(available, "name,endpoint").unwrap_err();
        assert_eq!(
            error,
            "--columns: unknown column `endpoint` for `GET /bucket/available`; use one of \
             name,id,type,bucket,status,workspace,created,key"
        );
        let all = parse_list(Operation::GetStorageBuckets, "LAST-STATUS, endpoint").unwrap();
        assert_eq!(all[0].field, "lastStatusAt");
        assert_eq!(all[0].heading(), "LAST-STATUS");
        assert!(parse_list(Operation::GetStorageBuckets, ",").is_err());
        assert_eq!(default_columns().len(), 8);
    }

    #[test]
    fn statuses_are_coloured_by_meaning_and_other_columns_never() {
        let status = find(Operation::GetStorageBuckets, "--sort", "status").unwrap();
        assert_eq!(status.colour("ONLINE"), Some("32"));
        assert_eq!(status.colour("OFFLINE"), Some("31"));
        assert_eq!(status.colour("DISCONNECTED"), Some("33"));
        assert_eq!(
            status.colour("ACTIVE"),
            None,
            "a value the SDK does not know"
        );
        let name = find(Operation::GetStorageBuckets, "--sort", "name").unwrap();
        assert_eq!(name.colour("ONLINE"), None);
    }

    #[test]
    fn dates_are_short_in_the_table() {
        let created = find(Operation::GetStorageBuckets, "--sort", "created").unwrap();
        assert_eq!(
            created.table_cell(Some("2025-01-10T09:30:00Z".into())),
            "2025-01-10 09:30"
        );
        assert_eq!(created.table_cell(Some("yesterday".into())), "yesterday");
        assert_eq!(created.table_cell(None), "-");
        assert_eq!(credential_fields().collect::<Vec<_>>(), ["key"]);
    }
}
