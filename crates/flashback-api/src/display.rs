//! One-line `Display` for the bucket types, safe to log.
//!
//! Only identifying fields are shown; the key prints masked and the secret not at all (see
//! [`crate::AccessKeyId`] and [`crate::BucketSecret`]). Absent fields are left out.

use std::fmt;

use crate::types::{AvailableStorageBucket, StorageBucket};

/// Writes `name (id …, TYPE bucket …, status …, workspace …, key ****tail)`.
struct Summary<'a> {
    name: Option<&'a str>,
    parts: [(&'static str, Option<String>); 6],
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name.unwrap_or("(unnamed bucket)"))?;
        let mut separator = " (";
        for (label, value) in &self.parts {
            if let Some(value) = value {
                write!(f, "{separator}{label}{value}")?;
                separator = ", ";
            }
        }
        if separator == ", " {
            f.write_str(")")?;
        }
        Ok(())
    }
}

fn storage(kind: Option<&crate::StorageType>, bucket: Option<&str>) -> Option<String> {
    match (kind, bucket) {
        (Some(kind), Some(bucket)) => Some(format!("{kind} bucket {bucket}")),
        (Some(kind), None) => Some(kind.to_string()),
        (None, Some(bucket)) => Some(format!("bucket {bucket}")),
        (None, None) => None,
    }
}

impl fmt::Display for StorageBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Summary {
            name: self.name.as_deref(),
            parts: [
                ("id ", self.id.clone()),
                (
                    "",
                    storage(self.storage_type.as_ref(), self.bucket.as_deref()),
                ),
                ("region ", self.region.clone()),
                ("status ", self.status.as_ref().map(ToString::to_string)),
                ("workspace ", self.workspace_id.clone()),
                ("key ", self.key.as_ref().map(ToString::to_string)),
            ],
        }
        .fmt(f)
    }
}

impl fmt::Display for AvailableStorageBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Summary {
            name: self.name.as_deref(),
            parts: [
                ("id ", self.id.clone()),
                (
                    "",
                    storage(self.storage_type.as_ref(), self.bucket.as_deref()),
                ),
                ("region ", None),
                ("status ", self.status.as_ref().map(ToString::to_string)),
                ("workspace ", self.workspace_id.clone()),
                ("key ", self.key.as_ref().map(ToString::to_string)),
            ],
        }
        .fmt(f)
    }
}
