// Generated from openapi/flashback.yaml by `cargo xtask codegen`. Do not edit.
// Change the spec or the settings in xtask/src/generate.rs and regenerate.

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///A storage bucket as listed by `GET /bucket/available`: one that no MIRROR repository uses yet.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    pub struct AvailableStorageBucket {
        ///Actual bucket name in cloud storage
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub bucket: ::std::option::Option<::std::string::String>,
        ///Timestamp when the bucket was created
        #[serde(
            rename = "createdAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub created_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
        ///Unique identifier for the bucket
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key: ::std::option::Option<crate::AccessKeyId>,
        ///Human-readable name for the bucket
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<crate::BucketStatus>,
        #[serde(
            rename = "storageType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub storage_type: ::std::option::Option<crate::StorageType>,
        ///Workspace ID the bucket belongs to (if any)
        #[serde(
            rename = "workspaceId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub workspace_id: ::std::option::Option<::std::string::String>,
    }

    impl AvailableStorageBucket {
        pub fn builder() -> builder::AvailableStorageBucket {
            Default::default()
        }
    }

    ///The error body of every endpoint.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    pub struct ErrorResponse {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub success: ::std::option::Option<bool>,
    }

    impl ErrorResponse {
        pub fn builder() -> builder::ErrorResponse {
            Default::default()
        }
    }

    ///The answer of `GET /bucket`.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    pub struct GetBucketsResponse {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub buckets: ::std::option::Option<::std::vec::Vec<StorageBucket>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub success: ::std::option::Option<bool>,
    }

    impl GetBucketsResponse {
        pub fn builder() -> builder::GetBucketsResponse {
            Default::default()
        }
    }

    ///A storage bucket as listed by `GET /bucket`.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
    pub struct StorageBucket {
        ///Actual bucket name in cloud storage
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub bucket: ::std::option::Option<::std::string::String>,
        ///Timestamp when the bucket was created
        #[serde(
            rename = "createdAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub created_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
        ///The storage provider's endpoint the bucket is reached at
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub endpoint: ::std::option::Option<::std::string::String>,
        ///Unique identifier for the bucket
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key: ::std::option::Option<crate::AccessKeyId>,
        ///Timestamp when the bucket's status was last checked
        #[serde(
            rename = "lastStatusAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub last_status_at: ::std::option::Option<
            ::chrono::DateTime<::chrono::offset::Utc>,
        >,
        ///Human-readable name for the bucket
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The storage provider's region of the bucket
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub region: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub secret: ::std::option::Option<crate::BucketSecret>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<crate::BucketStatus>,
        #[serde(
            rename = "storageType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub storage_type: ::std::option::Option<crate::StorageType>,
        ///Workspace ID the bucket belongs to (if any)
        #[serde(
            rename = "workspaceId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub workspace_id: ::std::option::Option<::std::string::String>,
    }

    impl StorageBucket {
        pub fn builder() -> builder::StorageBucket {
            Default::default()
        }
    }

    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct AvailableStorageBucket {
            bucket: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            created_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            key: ::std::result::Result<
                ::std::option::Option<crate::AccessKeyId>,
                ::std::string::String,
            >,
            name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            status: ::std::result::Result<
                ::std::option::Option<crate::BucketStatus>,
                ::std::string::String,
            >,
            storage_type: ::std::result::Result<
                ::std::option::Option<crate::StorageType>,
                ::std::string::String,
            >,
            workspace_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }

        impl ::std::default::Default for AvailableStorageBucket {
            fn default() -> Self {
                Self {
                    bucket: Ok(Default::default()),
                    created_at: Ok(Default::default()),
                    id: Ok(Default::default()),
                    key: Ok(Default::default()),
                    name: Ok(Default::default()),
                    status: Ok(Default::default()),
                    storage_type: Ok(Default::default()),
                    workspace_id: Ok(Default::default()),
                }
            }
        }

        impl AvailableStorageBucket {
            pub fn bucket<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.bucket = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for bucket: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.id = value
                    .try_into()
                    .map_err(|e| format!("error converting supplied value for id: {e}"));
                self
            }
            pub fn key<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::AccessKeyId>>,
                T::Error: ::std::fmt::Display,
            {
                self.key = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for key: {e}")
                    });
                self
            }
            pub fn name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for name: {e}")
                    });
                self
            }
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::BucketStatus>>,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
            pub fn storage_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::StorageType>>,
                T::Error: ::std::fmt::Display,
            {
                self.storage_type = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for storage_type: {e}")
                    });
                self
            }
            pub fn workspace_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.workspace_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for workspace_id: {e}")
                    });
                self
            }
        }

        impl ::std::convert::TryFrom<AvailableStorageBucket>
        for super::AvailableStorageBucket {
            type Error = super::error::ConversionError;
            fn try_from(
                value: AvailableStorageBucket,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    bucket: value.bucket?,
                    created_at: value.created_at?,
                    id: value.id?,
                    key: value.key?,
                    name: value.name?,
                    status: value.status?,
                    storage_type: value.storage_type?,
                    workspace_id: value.workspace_id?,
                })
            }
        }

        impl ::std::convert::From<super::AvailableStorageBucket>
        for AvailableStorageBucket {
            fn from(value: super::AvailableStorageBucket) -> Self {
                Self {
                    bucket: Ok(value.bucket),
                    created_at: Ok(value.created_at),
                    id: Ok(value.id),
                    key: Ok(value.key),
                    name: Ok(value.name),
                    status: Ok(value.status),
                    storage_type: Ok(value.storage_type),
                    workspace_id: Ok(value.workspace_id),
                }
            }
        }

        #[derive(Clone, Debug)]
        pub struct ErrorResponse {
            message: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            success: ::std::result::Result<
                ::std::option::Option<bool>,
                ::std::string::String,
            >,
        }

        impl ::std::default::Default for ErrorResponse {
            fn default() -> Self {
                Self {
                    message: Ok(Default::default()),
                    success: Ok(Default::default()),
                }
            }
        }

        impl ErrorResponse {
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
                    });
                self
            }
            pub fn success<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<bool>>,
                T::Error: ::std::fmt::Display,
            {
                self.success = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for success: {e}")
                    });
                self
            }
        }

        impl ::std::convert::TryFrom<ErrorResponse> for super::ErrorResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ErrorResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    message: value.message?,
                    success: value.success?,
                })
            }
        }

        impl ::std::convert::From<super::ErrorResponse> for ErrorResponse {
            fn from(value: super::ErrorResponse) -> Self {
                Self {
                    message: Ok(value.message),
                    success: Ok(value.success),
                }
            }
        }

        #[derive(Clone, Debug)]
        pub struct GetBucketsResponse {
            buckets: ::std::result::Result<
                ::std::option::Option<::std::vec::Vec<super::StorageBucket>>,
                ::std::string::String,
            >,
            success: ::std::result::Result<
                ::std::option::Option<bool>,
                ::std::string::String,
            >,
        }

        impl ::std::default::Default for GetBucketsResponse {
            fn default() -> Self {
                Self {
                    buckets: Ok(Default::default()),
                    success: Ok(Default::default()),
                }
            }
        }

        impl GetBucketsResponse {
            pub fn buckets<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::std::vec::Vec<super::StorageBucket>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.buckets = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for buckets: {e}")
                    });
                self
            }
            pub fn success<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<bool>>,
                T::Error: ::std::fmt::Display,
            {
                self.success = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for success: {e}")
                    });
                self
            }
        }

        impl ::std::convert::TryFrom<GetBucketsResponse> for super::GetBucketsResponse {
            type Error = super::error::ConversionError;
            fn try_from(
                value: GetBucketsResponse,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    buckets: value.buckets?,
                    success: value.success?,
                })
            }
        }

        impl ::std::convert::From<super::GetBucketsResponse> for GetBucketsResponse {
            fn from(value: super::GetBucketsResponse) -> Self {
                Self {
                    buckets: Ok(value.buckets),
                    success: Ok(value.success),
                }
            }
        }

        #[derive(Clone, Debug)]
        pub struct StorageBucket {
            bucket: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            created_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            endpoint: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            key: ::std::result::Result<
                ::std::option::Option<crate::AccessKeyId>,
                ::std::string::String,
            >,
            last_status_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            region: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            secret: ::std::result::Result<
                ::std::option::Option<crate::BucketSecret>,
                ::std::string::String,
            >,
            status: ::std::result::Result<
                ::std::option::Option<crate::BucketStatus>,
                ::std::string::String,
            >,
            storage_type: ::std::result::Result<
                ::std::option::Option<crate::StorageType>,
                ::std::string::String,
            >,
            workspace_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }

        impl ::std::default::Default for StorageBucket {
            fn default() -> Self {
                Self {
                    bucket: Ok(Default::default()),
                    created_at: Ok(Default::default()),
                    endpoint: Ok(Default::default()),
                    id: Ok(Default::default()),
                    key: Ok(Default::default()),
                    last_status_at: Ok(Default::default()),
                    name: Ok(Default::default()),
                    region: Ok(Default::default()),
                    secret: Ok(Default::default()),
                    status: Ok(Default::default()),
                    storage_type: Ok(Default::default()),
                    workspace_id: Ok(Default::default()),
                }
            }
        }

        impl StorageBucket {
            pub fn bucket<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.bucket = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for bucket: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn endpoint<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.endpoint = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for endpoint: {e}")
                    });
                self
            }
            pub fn id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.id = value
                    .try_into()
                    .map_err(|e| format!("error converting supplied value for id: {e}"));
                self
            }
            pub fn key<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::AccessKeyId>>,
                T::Error: ::std::fmt::Display,
            {
                self.key = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for key: {e}")
                    });
                self
            }
            pub fn last_status_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.last_status_at = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for last_status_at: {e}"
                        )
                    });
                self
            }
            pub fn name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for name: {e}")
                    });
                self
            }
            pub fn region<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.region = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for region: {e}")
                    });
                self
            }
            pub fn secret<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::BucketSecret>>,
                T::Error: ::std::fmt::Display,
            {
                self.secret = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for secret: {e}")
                    });
                self
            }
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::BucketStatus>>,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
            pub fn storage_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::StorageType>>,
                T::Error: ::std::fmt::Display,
            {
                self.storage_type = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for storage_type: {e}")
                    });
                self
            }
            pub fn workspace_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.workspace_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for workspace_id: {e}")
                    });
                self
            }
        }

        impl ::std::convert::TryFrom<StorageBucket> for super::StorageBucket {
            type Error = super::error::ConversionError;
            fn try_from(
                value: StorageBucket,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    bucket: value.bucket?,
                    created_at: value.created_at?,
                    endpoint: value.endpoint?,
                    id: value.id?,
                    key: value.key?,
                    last_status_at: value.last_status_at?,
                    name: value.name?,
                    region: value.region?,
                    secret: value.secret?,
                    status: value.status?,
                    storage_type: value.storage_type?,
                    workspace_id: value.workspace_id?,
                })
            }
        }

        impl ::std::convert::From<super::StorageBucket> for StorageBucket {
            fn from(value: super::StorageBucket) -> Self {
                Self {
                    bucket: Ok(value.bucket),
                    created_at: Ok(value.created_at),
                    endpoint: Ok(value.endpoint),
                    id: Ok(value.id),
                    key: Ok(value.key),
                    last_status_at: Ok(value.last_status_at),
                    name: Ok(value.name),
                    region: Ok(value.region),
                    secret: Ok(value.secret),
                    status: Ok(value.status),
                    storage_type: Ok(value.storage_type),
                    workspace_id: Ok(value.workspace_id),
                }
            }
        }
    }

    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }

        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}

#[derive(Clone, Debug)]
/**Client for Flashback Platform API (buckets)

The storage-bucket endpoints of the Flashback platform: list the buckets of the caller's
organization, and list the buckets still free for a new MIRROR repository.

This document is the contract of the Flashback Rust SDK. It follows the platform's API
reference pages `get__bucket` and `get__bucket_available`. Every response field is optional,
every bucket field may be `null` (declared `nullable`, so that a validator accepts what the
platform sends), and the server may add fields and enum values at any time: clients must
ignore unknown fields and keep unknown enum values.


Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::hooks::Hooks,
}

impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::hooks::Hooks) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }

    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::hooks::Hooks,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}

impl ClientInfo<crate::hooks::Hooks> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }

    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }

    fn client(&self) -> &reqwest::Client {
        &self.client
    }

    fn inner(&self) -> &crate::hooks::Hooks {
        &self.inner
    }
}

const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::hooks::Hooks>,
    {}
};
impl Client {
    /**List Buckets

Get all storage buckets for the authenticated user's organization

Sends a `GET` request to `/bucket`

Arguments:
- `workspace_id`: Optional workspace ID to filter buckets. If not provided, returns all buckets the user has access to based on their role and workspace membership.
```ignore
let response = client.get_storage_buckets()
    .workspace_id(workspace_id)
    .send()
    .await;
```*/
    pub fn get_storage_buckets(&self) -> builder::GetStorageBuckets<'_> {
        builder::GetStorageBuckets::new(self)
    }

    /**Get Available Buckets

Retrieve a list of available storage buckets that can be used for creating new repositories. This endpoint returns buckets that are not currently being used by any MIRROR mode repositories.

**Note:** This endpoint respects workspace access controls. Users with global access can see all available buckets, while users with workspace-specific access can only see buckets within their accessible workspaces.

Sends a `GET` request to `/bucket/available`

```ignore
let response = client.get_available_storage_buckets()
    .send()
    .await;
```*/
    pub fn get_available_storage_buckets(
        &self,
    ) -> builder::GetAvailableStorageBuckets<'_> {
        builder::GetAvailableStorageBuckets::new(self)
    }
}

/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::get_storage_buckets`]

[`Client::get_storage_buckets`]: super::Client::get_storage_buckets*/
    #[derive(Debug, Clone)]
    pub struct GetStorageBuckets<'a> {
        client: &'a super::Client,
        workspace_id: Result<Option<::std::string::String>, String>,
    }

    impl<'a> GetStorageBuckets<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                workspace_id: Ok(None),
            }
        }

        pub fn workspace_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
        {
            self.workspace_id = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for workspace_id failed"
                        .to_string()
                });
            self
        }

        ///Sends a `GET` request to `/bucket`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<types::GetBucketsResponse>,
            Error<types::ErrorResponse>,
        > {
            let Self { client, workspace_id } = self;
            let workspace_id = workspace_id.map_err(Error::InvalidRequest)?;
            let url = client
                .operation_url(format_args!("/bucket"))
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("workspaceId", &workspace_id))
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_storage_buckets",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => crate::response::decode(client, response).await,
                401u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                403u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                429u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                500u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }

    /**Builder for [`Client::get_available_storage_buckets`]

[`Client::get_available_storage_buckets`]: super::Client::get_available_storage_buckets*/
    #[derive(Debug, Clone)]
    pub struct GetAvailableStorageBuckets<'a> {
        client: &'a super::Client,
    }

    impl<'a> GetAvailableStorageBuckets<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self { client: client }
        }

        ///Sends a `GET` request to `/bucket/available`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<::std::vec::Vec<types::AvailableStorageBucket>>,
            Error<types::ErrorResponse>,
        > {
            let Self { client } = self;
            let url = client
                .operation_url(format_args!("/bucket/available"))
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_available_storage_buckets",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => crate::response::decode(client, response).await,
                401u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                403u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                404u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                429u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                500u16 => {
                    Err(
                        Error::ErrorResponse(
                            crate::response::decode(client, response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}

/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
