// Generated from openapi/flashback.yaml by `cargo xtask codegen`. Do not edit.
// Change the spec or the settings in xtask/src/generate.rs and regenerate.

//! The operations of the API, as the spec declares them: one home for the operationId,
//! method, path, summary, documented statuses, query parameters and listed fields of each.
/// An operation of the API. New operations appear when the spec gains them, so code
/// outside this crate matches with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /bucket` (`getStorageBuckets`): List Buckets.
    GetStorageBuckets,
    /// `GET /bucket/available` (`getAvailableStorageBuckets`): Get Available Buckets.
    GetAvailableStorageBuckets,
}

impl Operation {
    /// Every operation, in the spec's order.
    pub const ALL: &'static [Operation] = &[
        Operation::GetStorageBuckets,
        Operation::GetAvailableStorageBuckets,
    ];
    /// The operationId, e.g. `getStorageBuckets`.
    pub const fn id(self) -> &'static str {
        match self {
            Operation::GetStorageBuckets => "getStorageBuckets",
            Operation::GetAvailableStorageBuckets => "getAvailableStorageBuckets",
        }
    }

    /// The HTTP method, upper case.
    pub const fn method(self) -> &'static str {
        match self {
            Operation::GetStorageBuckets => "GET",
            Operation::GetAvailableStorageBuckets => "GET",
        }
    }

    /// The path template, relative to the base URL.
    pub const fn path(self) -> &'static str {
        match self {
            Operation::GetStorageBuckets => "/bucket",
            Operation::GetAvailableStorageBuckets => "/bucket/available",
        }
    }

    /// The spec's one-line summary (empty when it has none).
    pub const fn summary(self) -> &'static str {
        match self {
            Operation::GetStorageBuckets => "List Buckets",
            Operation::GetAvailableStorageBuckets => "Get Available Buckets",
        }
    }

    /// Every status the spec documents for the operation, ascending.
    pub const fn statuses(self) -> &'static [u16] {
        match self {
            Operation::GetStorageBuckets => &[200, 401, 403, 429, 500],
            Operation::GetAvailableStorageBuckets => &[200, 401, 403, 404, 429, 500],
        }
    }

    /// The names of the query parameters.
    pub const fn query_parameters(self) -> &'static [&'static str] {
        match self {
            Operation::GetStorageBuckets => &["workspaceId"],
            Operation::GetAvailableStorageBuckets => &[],
        }
    }

    /// The fields of the objects a successful answer lists, in the spec's order (empty
    /// when it lists nothing).
    pub const fn item_fields(self) -> &'static [&'static str] {
        match self {
            Operation::GetStorageBuckets => {
                &[
                    "name",
                    "id",
                    "storageType",
                    "bucket",
                    "key",
                    "secret",
                    "endpoint",
                    "region",
                    "status",
                    "lastStatusAt",
                    "createdAt",
                    "workspaceId",
                ]
            }
            Operation::GetAvailableStorageBuckets => {
                &[
                    "id",
                    "name",
                    "storageType",
                    "bucket",
                    "key",
                    "status",
                    "workspaceId",
                    "createdAt",
                ]
            }
        }
    }

    /// `METHOD /path`, e.g. `GET /bucket`.
    pub const fn route(self) -> &'static str {
        match self {
            Operation::GetStorageBuckets => "GET /bucket",
            Operation::GetAvailableStorageBuckets => "GET /bucket/available",
        }
    }

    /// Whether the spec documents `status` for the operation.
    pub fn documents(self, status: u16) -> bool {
        self.statuses().contains(&status)
    }

    /// The operation with this operationId.
    pub fn from_id(id: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|operation| operation.id() == id)
    }
}

impl std::fmt::Display for Operation {
    /// The operationId.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
