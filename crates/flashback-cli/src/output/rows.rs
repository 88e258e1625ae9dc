//! Buckets as rows: JSON objects made through the API's own types, so every format uses the
//! spec's field names and keeps enum values the SDK does not know exactly as the server sent
//! them. Credentials are masked the same way in every format unless `--show-secrets`.

use flashback_ext::api::REDACTED;
use flashback_ext::bucket::AccessKeyId;
use serde_json::{Map, Value};

use super::columns::credential_fields;

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
            // An access key id shows its last characters; the secret nothing.
            for field in credential_fields() {
                if let Some(Value::String(key)) = row.get(field) {
                    let masked = AccessKeyId::from(key.as_str()).masked();
                    row.insert(field.into(), Value::String(masked));
                }
            }
            if row.get("secret").is_some_and(|secret| !secret.is_null()) {
                row.insert("secret".into(), Value::String(REDACTED.into()));
            }
        }
        row
    }
}

/// The text of `field` in `row`: strings as they are, other values as JSON; absent or `null`:
/// `None`.
pub fn field_text(row: &Map<String, Value>, field: &str) -> Option<String> {
    match row.get(field)? {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<flashback_ext::StorageBucket> {
        serde_json::from_str(
            r#"[{"name":"A","id":"1","key":"AKIAIOSFODNN7EXAMPLE","secret":{"iv":"x"},"region":null}]"#,
        )
        .unwrap()
    }

    #[test]
    fn credentials_are_masked_unless_asked() {
        let buckets = sample();
        let masked = Masked {
            buckets: &buckets,
            show_secrets: false,
        }
        .row(0);
        assert_eq!(field_text(&masked, "key").as_deref(), Some("****MPLE"));
        assert_eq!(field_text(&masked, "secret").as_deref(), Some("[REDACTED]"));
        assert_eq!(field_text(&masked, "region"), None);
        let shown = Masked {
            buckets: &buckets,
            show_secrets: true,
        }
        .row(0);
        assert_eq!(
            field_text(&shown, "key").as_deref(),
            Some("AKIAIOSFODNN7EXAMPLE")
        );
        assert_eq!(
            field_text(&shown, "secret").as_deref(),
            Some(r#"{"iv":"x"}"#)
        );
    }
}
