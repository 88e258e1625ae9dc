//! What the command prints, in one layer: the formats, the columns of a listing and their
//! traits, rows made one at a time, one table writer, one CSV writer, the JSON writers, and
//! stdout with its closed-pipe rule. `buckets`, `config show` and `contract check` all write
//! through it.

pub mod columns;
pub mod csv;
pub mod json;
pub mod rows;
pub mod stdout;
pub mod table;

use clap::ValueEnum;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
}

impl Format {
    /// The name a user types (`--output csv`), from clap's own value names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Ndjson => "ndjson",
            Self::Csv => "csv",
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::Format;

    /// The words printed are the words `--output` accepts.
    #[test]
    fn names_are_the_value_names() {
        for format in Format::value_variants() {
            let value = format.to_possible_value().unwrap();
            assert_eq!(format.name(), value.get_name());
        }
    }
}
