//! The bucket types and read access to the fields both share, without `unwrap`.
//!
//! The spec marks every field optional, so the generated types hold `Option`s. [`BucketView`]
//! gives the two bucket types one interface, so the workspace helpers (and callers' code) work
//! on either, and answers the common questions directly; [`group_by_workspace`] groups either.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

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
