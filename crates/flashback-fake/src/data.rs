//! The fake's world: an organization's workspaces, users, buckets and repositories, loaded
//! from JSON and checked before the server starts.
//!
//! The file format is documented in the crate README. Buckets are the API's own type
//! ([`StorageBucket`]), so every field the spec has can be given, with the spec's names.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use flashback_api::types::StorageBucket;
use serde::{Deserialize, Serialize};

/// Everything the fake serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataSet {
    /// The organization all of this belongs to.
    pub organization: Organization,
    /// Its workspaces.
    #[serde(default)]
    pub workspaces: Vec<Workspace>,
    /// Its users, each with an API token.
    #[serde(default)]
    pub users: Vec<User>,
    /// Its buckets, in the order the API lists them.
    #[serde(default)]
    pub buckets: Vec<StorageBucket>,
    /// Its repositories; a bucket of a MIRROR repository is not available.
    #[serde(default)]
    pub repositories: Vec<Repository>,
}

/// The organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// Its id, as in a bucket's `workspaceId`.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A user of the organization.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The bearer token that authenticates it.
    pub token: String,
    /// What it may see.
    pub access: Access,
    /// A removed user's token still authenticates, but the user is gone: `User not found`.
    #[serde(default)]
    pub removed: bool,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("token", &flashback_api::Redacted)
            .field("access", &self.access)
            .field("removed", &self.removed)
            .finish()
    }
}

/// What a user may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Access {
    /// Every workspace of the organization, and buckets in none.
    Global,
    /// These workspaces only.
    Workspaces(BTreeSet<String>),
}

impl Access {
    /// Whether buckets of `workspace` (`None`: in no workspace) are visible.
    pub fn can_see(&self, workspace: Option<&str>) -> bool {
        match (self, workspace) {
            (Self::Global, _) => true,
            (Self::Workspaces(ids), Some(workspace)) => ids.contains(workspace),
            (Self::Workspaces(_), None) => false,
        }
    }
}

/// A repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Repository {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How it uses its buckets.
    pub mode: RepositoryMode,
    /// The buckets it uses.
    pub bucket_ids: Vec<String>,
}

/// A repository's mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RepositoryMode {
    /// Serves from its buckets.
    Normal,
    /// Mirrors a master bucket: a bucket belongs to at most one MIRROR repository.
    Mirror,
}

/// Why a data set was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file, when the data came from one.
    pub file: Option<String>,
    /// 1-based line and column of a parse error.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.position) {
            (Some(file), Some((line, column))) => write!(f, "{file}:{line}:{column}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some((line, column))) => write!(f, "line {line} column {column}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DataError {}

impl DataSet {
    /// Reads and checks a data file.
    pub fn load(path: &Path) -> Result<Self, DataError> {
        let file = Some(path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|err| DataError {
            file: file.clone(),
            position: None,
            message: format!("cannot read the data file: {err}"),
        })?;
        Self::parse(&text).map_err(|err| DataError { file, ..err })
    }

    /// Parses and checks a data set.
    pub fn parse(text: &str) -> Result<Self, DataError> {
        let data: Self = serde_json::from_str(text).map_err(|err| DataError {
            file: None,
            position: Some((err.line(), err.column())),
            message: format!("invalid data: {}", strip_position(&err.to_string())),
        })?;
        data.validate()?;
        Ok(data)
    }

    /// The references and identities the server relies on.
    pub fn validate(&self) -> Result<(), DataError> {
        let fail = |message: String| {
            Err(DataError {
                file: None,
                position: None,
                message,
            })
        };
        let workspaces = unique("workspace", self.workspaces.iter().map(|w| w.id.as_str()))?;
        unique("user", self.users.iter().map(|u| u.id.as_str()))?;
        unique(
            "repository",
            self.repositories.iter().map(|r| r.id.as_str()),
        )?;
        let mut tokens = HashSet::new();
        for user in &self.users {
            if user.token.trim().is_empty() {
                return fail(format!("user `{}` has an empty token", user.id));
            }
            if !tokens.insert(user.token.as_str()) {
                return fail(format!(
                    "user `{}` has the token of another user; tokens must be unique",
                    user.id
                ));
            }
            if let Access::Workspaces(ids) = &user.access
                && let Some(unknown) = ids.iter().find(|id| !workspaces.contains(id.as_str()))
            {
                return fail(format!(
                    "user `{}` has access to unknown workspace `{unknown}`",
                    user.id
                ));
            }
        }
        for (index, bucket) in self.buckets.iter().enumerate() {
            let Some(id) = bucket.id.as_deref() else {
                return fail(format!(
                    "bucket #{index} has no `id`; the fake needs one to track it"
                ));
            };
            if let Some(workspace) = bucket.workspace_id.as_deref()
                && !workspaces.contains(workspace)
            {
                return fail(format!(
                    "bucket `{id}` points at unknown workspace `{workspace}`"
                ));
            }
        }
        let buckets = unique(
            "bucket",
            self.buckets.iter().filter_map(|b| b.id.as_deref()),
        )?;
        let mut mirrored: HashMap<&str, &str> = HashMap::new();
        for repository in &self.repositories {
            for bucket in &repository.bucket_ids {
                if !buckets.contains(bucket.as_str()) {
                    return fail(format!(
                        "repository `{}` uses unknown bucket `{bucket}`",
                        repository.id
                    ));
                }
                if repository.mode == RepositoryMode::Mirror
                    && let Some(other) = mirrored.insert(bucket, &repository.id)
                {
                    return fail(format!(
                        "bucket `{bucket}` belongs to MIRROR repositories `{other}` and `{}`; a bucket \
                         can belong to at most one",
                        repository.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// The ids of the buckets used by a MIRROR repository.
    pub fn mirrored_bucket_ids(&self) -> HashSet<&str> {
        self.repositories
            .iter()
            .filter(|r| r.mode == RepositoryMode::Mirror)
            .flat_map(|r| r.bucket_ids.iter().map(String::as_str))
            .collect()
    }
}

/// The set of `ids`, or an error naming the first duplicate.
fn unique<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashSet<&'a str>, DataError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(DataError {
                file: None,
                position: None,
                message: format!("duplicate {kind} id `{id}`"),
            });
        }
    }
    Ok(seen)
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |index| &message[..index])
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
  "organization": {"id": "org", "name": "Org"},
  "workspaces": [{"id": "ws-1", "name": "One"}],
  "users": [{"id": "u", "name": "U", "token": "t", "access": "global"}],
  "buckets": [{"id": "b-1", "workspaceId": "ws-1"}],
  "repositories": [{"id": "r", "name": "R", "mode": "MIRROR", "bucketIds": ["b-1"]}]
}"#;

    fn error(text: &str) -> String {
        DataSet::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_valid_file_loads() {
        let data = DataSet::parse(MINIMAL).unwrap();
        assert_eq!(data.mirrored_bucket_ids(), HashSet::from(["b-1"]));
    }

    #[test]
    fn parse_errors_have_line_and_column() {
        let broken = MINIMAL.replace(r#""name": "One"}"#, r#""name": "One",}"#);
        assert_eq!(
            error(&broken),
            "line 3 column 47: invalid data: trailing comma"
        );
        let unknown = MINIMAL.replace(r#""token": "t""#, r#""tokn": "t""#);
        assert!(
            error(&unknown).starts_with("line 4 column "),
            "{}",
            error(&unknown)
        );
        assert!(
            error(&unknown).contains("unknown field `tokn`"),
            "{}",
            error(&unknown)
        );
    }

    #[test]
    fn references_and_duplicates_are_checked() {
        let cases = [
            (
                MINIMAL.replace(r#""workspaceId": "ws-1""#, r#""workspaceId": "ws-9""#),
                "bucket `b-1` points at unknown workspace `ws-9`",
            ),
            (
                MINIMAL.replace(
                    r#"[{"id": "b-1", "workspaceId": "ws-1"}]"#,
                    r#"[{"id": "b-1"}, {"id": "b-1"}]"#,
                ),
                "duplicate bucket id `b-1`",
            ),
            (
                MINIMAL.replace(r#""bucketIds": ["b-1"]"#, r#""bucketIds": ["b-2"]"#),
                "repository `r` uses unknown bucket `b-2`",
            ),
            (
                MINIMAL.replace(
                    r#""access": "global""#,
                    r#""access": {"workspaces": ["ws-2"]}"#,
                ),
                "user `u` has access to unknown workspace `ws-2`",
            ),
            (
                MINIMAL.replace(
                    r#"{"id": "b-1", "workspaceId": "ws-1"}"#,
                    r#"{"name": "nameless"}"#,
                ),
                "bucket #0 has no `id`",
            ),
        ];
        for (text, expected) in cases {
            assert!(
                error(&text).contains(expected),
                "{} does not contain {expected}",
                error(&text)
            );
        }
    }

    #[test]
    fn access_rules() {
        let scoped = Access::Workspaces(BTreeSet::from(["ws-1".to_owned()]));
        assert!(scoped.can_see(Some("ws-1")));
        assert!(!scoped.can_see(Some("ws-2")));
        assert!(!scoped.can_see(None));
        assert!(Access::Global.can_see(None));
    }

    #[test]
    fn a_user_prints_without_its_token() {
        let data =
            DataSet::parse(&MINIMAL.replace(r#""token": "t""#, r#""token": "SENTINEL""#)).unwrap();
        assert!(!format!("{data:?}").contains("SENTINEL"));
    }
}
