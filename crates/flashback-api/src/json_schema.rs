//! The JSON Schema of the hand-written types, for the generated types' `JsonSchema` derive
//! (feature `schemars`): the same shapes as in the spec, which the schema snapshots compare.

use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::Schema;

use crate::{AccessKeyId, BucketSecret, BucketStatus, StorageType};

/// An open enum: the known values, or any other string.
macro_rules! open_enum_schema {
    ($($name:ident),+) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_owned()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                schema(serde_json::json!({
                    "description": $name::DESCRIPTION,
                    "anyOf": [
                        { "type": "string", "enum": $name::KNOWN },
                        { "type": "string" },
                    ],
                }))
            }
        }
    )+};
}

open_enum_schema!(StorageType, BucketStatus);

impl JsonSchema for AccessKeyId {
    fn schema_name() -> String {
        "AccessKeyId".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(serde_json::json!({
            "type": "string",
            "description": "Access key for the storage provider (the provider's access key id). \
                            A credential for display purposes: clients must not print it in full.",
        }))
    }
}

impl JsonSchema for BucketSecret {
    fn schema_name() -> String {
        "BucketSecret".to_owned()
    }

    /// Any JSON value: the decoder accepts every shape the platform has sent.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(serde_json::json!({
            "description": "The bucket's provider secret, encrypted by the platform. Opaque to \
                            clients; any JSON value. A credential: clients must never print it.",
        }))
    }
}

fn schema(value: serde_json::Value) -> Schema {
    serde_json::from_value(value).expect("a literal JSON Schema is valid")
}
