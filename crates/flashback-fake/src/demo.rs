//! Ready-made data sets: the demo organization, and generated ones of any size.

use flashback_api::types::StorageBucket;
use flashback_api::{AccessKeyId, BucketSecret, BucketStatus, StorageType};

use crate::data::{Access, DataSet, Organization, Repository, RepositoryMode, User, Workspace};

/// The built-in demo data (`data/demo.json`): Northwind Analytics, 3 workspaces, 12 buckets
/// across S3, GCS and BLOB with mixed statuses, one MIRROR repository, and three users:
///
/// | token | user |
/// | --- | --- |
/// | `demo-global-token` | global access |
/// | `demo-analytics-token` | the `ws-analytics` workspace only |
/// | `demo-removed-token` | a removed user (`User not found`) |
pub const DEMO_JSON: &str = include_str!("../data/demo.json");

/// The token of the demo's user with global access.
pub const DEMO_GLOBAL_TOKEN: &str = "demo-global-token";
/// The token of the demo's user limited to `ws-analytics`.
pub const DEMO_WORKSPACE_TOKEN: &str = "demo-analytics-token";
/// The token of the demo's removed user.
pub const DEMO_REMOVED_TOKEN: &str = "demo-removed-token";

impl DataSet {
    /// The built-in demo data (see [`DEMO_JSON`]).
    pub fn demo() -> Self {
        Self::parse(DEMO_JSON).expect("the built-in demo data is valid")
    }

    /// A generated organization with `buckets` buckets spread over 10 workspaces, every field
    /// filled, one token with global access ([`DEMO_GLOBAL_TOKEN`]): for load tests.
    pub fn synthetic(count: usize) -> Self {
        Self::synthetic_in(count, 10)
    }

    /// [`DataSet::synthetic`] with `workspaces` workspaces (`ws-00`, `ws-01`, ...; at least
    /// one), the buckets spread over them in turn: for listings of many workspaces.
    pub fn synthetic_in(count: usize, workspaces: usize) -> Self {
        let workspace_count = workspaces.max(1);
        const TYPES: [StorageType; 3] = [StorageType::S3, StorageType::Gcs, StorageType::Blob];
        const STATUSES: [BucketStatus; 3] = [
            BucketStatus::Online,
            BucketStatus::Offline,
            BucketStatus::Disconnected,
        ];
        let created = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
            .expect("a valid date")
            .to_utc();
        let workspaces: Vec<Workspace> = (0..workspace_count)
            .map(|i| Workspace {
                id: format!("ws-{i:02}"),
                name: format!("Workspace {i}"),
            })
            .collect();
        let buckets: Vec<StorageBucket> = (0..count)
            .map(|i| StorageBucket {
                id: Some(format!("bkt-{i:07}")),
                name: Some(format!("Bucket {i}")),
                storage_type: Some(TYPES[i % 3].clone()),
                bucket: Some(format!("synthetic-bucket-{i:07}")),
                key: Some(AccessKeyId::from(format!("AKIASYNTH{i:011}"))),
                secret: Some(BucketSecret::from(serde_json::json!({
                    "key": format!("{:032x}", i * 7919),
                    "iv": format!("{:024x}", i * 104_729),
                    "authTag": format!("{:032x}", i * 1_299_709),
                    "message": format!("{:048x}", i * 15_485_863),
                }))),
                endpoint: Some("https://s3.eu-west-1.amazonaws.com".to_owned()),
                region: Some("eu-west-1".to_owned()),
                status: Some(STATUSES[i % 3].clone()),
                last_status_at: Some(created + chrono::Duration::minutes(i as i64)),
                created_at: Some(created + chrono::Duration::seconds(i as i64)),
                workspace_id: Some(workspaces[i % workspace_count].id.clone()),
            })
            .collect();
        Self {
            organization: Organization {
                id: "org-synthetic".into(),
                name: "Synthetic".into(),
            },
            workspaces,
            users: vec![User {
                id: "usr-load".into(),
                name: "Load test".into(),
                token: DEMO_GLOBAL_TOKEN.into(),
                access: Access::Global,
                removed: false,
            }],
            // The first bucket is the master of a MIRROR repository, so it is not available.
            repositories: buckets
                .first()
                .and_then(|b| b.id.clone())
                .map(|id| Repository {
                    id: "repo-mirror".into(),
                    name: "Mirror".into(),
                    mode: RepositoryMode::Mirror,
                    bucket_ids: vec![id],
                })
                .into_iter()
                .collect(),
            buckets,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_matches_its_description() {
        let demo = DataSet::demo();
        assert_eq!(demo.workspaces.len(), 3);
        assert_eq!(demo.buckets.len(), 12);
        let types: std::collections::BTreeSet<String> = demo
            .buckets
            .iter()
            .filter_map(|b| b.storage_type.as_ref().map(ToString::to_string))
            .collect();
        assert_eq!(types.into_iter().collect::<Vec<_>>(), ["BLOB", "GCS", "S3"]);
        let statuses: std::collections::BTreeSet<String> = demo
            .buckets
            .iter()
            .filter_map(|b| b.status.as_ref().map(ToString::to_string))
            .collect();
        assert_eq!(statuses.len(), 3);
        assert_eq!(
            demo.repositories
                .iter()
                .filter(|r| r.mode == RepositoryMode::Mirror)
                .count(),
            1
        );
        let tokens: Vec<&str> = demo.users.iter().map(|u| u.token.as_str()).collect();
        assert_eq!(
            tokens,
            [DEMO_GLOBAL_TOKEN, DEMO_WORKSPACE_TOKEN, DEMO_REMOVED_TOKEN]
        );
    }

    #[test]
    fn synthetic_data_is_valid() {
        let data = DataSet::synthetic(1000);
        data.validate().unwrap();
        assert_eq!(data.buckets.len(), 1000);
        DataSet::synthetic(0).validate().unwrap();
    }
}
