//! The bucket types and read access to the fields both share, without `unwrap`.
//!
//! The spec marks every field optional, so the generated types hold `Option`s. [`BucketView`]
//! gives the two bucket types one interface, so the workspace helpers (and callers' code) work
//! on either, and answers the common questions directly; [`group_by_workspace`] groups either,
//! [`merge_listings`] merges listings of several workspaces, and [`BucketsByWorkspace`] is the
//! per-workspace listing as a stream ([`crate::Client::list_buckets_by_workspace`]).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

mod by_workspace;

pub use by_workspace::{BucketsByWorkspace, WorkspaceBuckets};

/// The bucket types of the generated client.
pub use flashback_api::types::{AvailableStorageBucket, StorageBucket};
/// A bucket's access key id (prints masked), its secret (never prints), its provider type and
/// its status (open enums: a value the SDK does not know is kept).
pub use flashback_api::{AccessKeyId, BucketSecret, BucketStatus, StorageType};

/// The fields of a bucket, whichever endpoint listed it.
///
/// ```
/// use flashback_ext::StorageBucket;
/// use flashback_ext::bucket::BucketView;
///
/// let bucket: StorageBucket = serde_json::from_str(r#"{"name":"Backups","status":"ONLINE"}"#).unwrap();
/// assert_eq!(bucket.display_name(), "Backups");
/// assert!(bucket.is_online());
/// assert_eq!(bucket.workspace(), None);
/// ```
pub trait BucketView {
    /// The bucket's id.
    fn bucket_id(&self) -> Option<&str>;
    /// The human-readable name.
    fn name(&self) -> Option<&str>;
    /// The provider type.
    fn storage_type(&self) -> Option<&StorageType>;
    /// The bucket's name at the provider.
    fn provider_bucket(&self) -> Option<&str>;
    /// The provider access key id (prints masked).
    fn access_key(&self) -> Option<&AccessKeyId>;
    /// The status.
    fn status(&self) -> Option<&BucketStatus>;
    /// The workspace the bucket belongs to, if any.
    fn workspace(&self) -> Option<&str>;
    /// When the bucket was created.
    fn created(&self) -> Option<DateTime<Utc>>;

    /// The name, else the id, else `(unnamed)`: something to show a person.
    fn display_name(&self) -> &str {
        self.name().or(self.bucket_id()).unwrap_or("(unnamed)")
    }

    /// Whether the status is `ONLINE`.
    fn is_online(&self) -> bool {
        self.status() == Some(&BucketStatus::Online)
    }
}

/// Implements [`BucketView`] for a generated bucket type (the two share field names).
macro_rules! bucket_view {
    ($type:ty) => {
        impl BucketView for $type {
            fn bucket_id(&self) -> Option<&str> {
                self.id.as_deref()
            }
            fn name(&self) -> Option<&str> {
                self.name.as_deref()
            }
            fn storage_type(&self) -> Option<&StorageType> {
                self.storage_type.as_ref()
            }
            fn provider_bucket(&self) -> Option<&str> {
                self.bucket.as_deref()
            }
            fn access_key(&self) -> Option<&AccessKeyId> {
                self.key.as_ref()
            }
            fn status(&self) -> Option<&BucketStatus> {
                self.status.as_ref()
            }
            fn workspace(&self) -> Option<&str> {
                self.workspace_id.as_deref()
            }
            fn created(&self) -> Option<DateTime<Utc>> {
                self.created_at
            }
        }
    };
}

bucket_view!(StorageBucket);
bucket_view!(AvailableStorageBucket);

/// Groups buckets by workspace (`None`: buckets in no workspace), keeping their order within
/// each group; groups come in workspace order.
pub fn group_by_workspace<T: BucketView>(
    buckets: impl IntoIterator<Item = T>,
) -> BTreeMap<Option<String>, Vec<T>> {
    let mut groups: BTreeMap<Option<String>, Vec<T>> = BTreeMap::new();
    for bucket in buckets {
        groups
            .entry(bucket.workspace().map(str::to_owned))
            .or_default()
            .push(bucket);
    }
    groups
}

/// Concatenates listings (of several workspaces, say), dropping a bucket whose id was already
/// seen: a bucket listed by two workspace requests comes once, as first listed. Buckets without
/// an id are all kept: they cannot be told apart. [`crate::Client::list_buckets_in`] merges its
/// per-workspace listings with it; so can a caller of
/// [`crate::Client::list_buckets_by_workspace`].
///
/// ```
/// use flashback_ext::StorageBucket;
/// use flashback_ext::bucket::{BucketView, merge_listings};
///
/// let bucket = |id: &str| -> StorageBucket {
///     serde_json::from_value(serde_json::json!({ "id": id })).unwrap()
/// };
/// let merged = merge_listings([vec![bucket("a"), bucket("b")], vec![bucket("b"), bucket("c")]]);
/// let ids: Vec<_> = merged.iter().filter_map(BucketView::bucket_id).collect();
/// assert_eq!(ids, ["a", "b", "c"]);
/// ```
pub fn merge_listings<T: BucketView>(listings: impl IntoIterator<Item = Vec<T>>) -> Vec<T> {
    let mut seen = HashSet::new();
    listings
        .into_iter()
        .flatten()
        .filter(|bucket| {
            bucket
                .bucket_id()
                .is_none_or(|id| seen.insert(id.to_owned()))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A bucket with only an id and a workspace (for the tests of the workspace helpers too).
    pub(crate) fn bucket(id: Option<&str>, workspace: Option<&str>) -> StorageBucket {
        StorageBucket {
            id: id.map(Into::into),
            workspace_id: workspace.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn grouping_keeps_order_within_groups() {
        let groups = group_by_workspace(vec![
            bucket(Some("1"), Some("w2")),
            bucket(Some("2"), None),
            bucket(Some("3"), Some("w1")),
            bucket(Some("4"), Some("w2")),
        ]);
        let shape: Vec<(Option<&str>, Vec<&str>)> = groups
            .iter()
            .map(|(w, b)| {
                (
                    w.as_deref(),
                    b.iter().filter_map(|b| b.bucket_id()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (None, vec!["2"]),
                (Some("w1"), vec!["3"]),
                (Some("w2"), vec!["1", "4"])
            ]
        );
    }

    #[test]
    fn merge_deduplicates_by_id_keeping_the_first() {
        let merged = merge_listings(vec![
            vec![bucket(Some("a"), Some("w1")), bucket(None, Some("w1"))],
            vec![
                bucket(Some("a"), Some("w2")),
                bucket(Some("b"), Some("w2")),
                bucket(None, None),
            ],
        ]);
        let ids: Vec<_> = merged
            .iter()
            .map(|b| (b.bucket_id(), b.workspace()))
            .collect();
        assert_eq!(
            ids,
            [
                (Some("a"), Some("w1")),
                (None, Some("w1")),
                (Some("b"), Some("w2")),
                (None, None)
            ]
        );
    }
}
