// Generated from openapi/flashback.yaml by `cargo xtask codegen`. Do not edit.
// Change the spec or the settings in xtask/src/generate.rs and regenerate.

pub mod operations {
    //! [`When`](::httpmock::When) and [`Then`](::httpmock::Then)
    //! wrappers for each operation. Each can be converted to
    //! its inner type with a call to `into_inner()`. This can
    //! be used to explicitly deviate from permitted values.
    use flashback_api::*;
    pub struct GetStorageBucketsWhen(::httpmock::When);
    impl GetStorageBucketsWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(regex::Regex::new("^/bucket$").unwrap()),
            )
        }

        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }

        pub fn workspace_id<'a, T>(self, value: T) -> Self
        where
            T: Into<Option<&'a str>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("workspaceId", value.to_string()))
            } else {
                Self(self.0.query_param_missing("workspaceId"))
            }
        }
    }

    pub struct GetStorageBucketsThen(::httpmock::Then);
    impl GetStorageBucketsThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }

        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }

        pub fn ok(self, value: &types::GetBucketsResponse) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn forbidden(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(403u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }

    pub struct GetAvailableStorageBucketsWhen(::httpmock::When);
    impl GetAvailableStorageBucketsWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(regex::Regex::new("^/bucket/available$").unwrap()),
            )
        }

        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
    }

    pub struct GetAvailableStorageBucketsThen(::httpmock::Then);
    impl GetAvailableStorageBucketsThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }

        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }

        pub fn ok(self, value: &::std::vec::Vec<types::AvailableStorageBucket>) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn forbidden(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(403u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }

        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
}

/// An extension trait for [`MockServer`](::httpmock::MockServer) that
/// adds a method for each operation. These are the equivalent of
/// type-checked [`mock()`](::httpmock::MockServer::mock) calls.
pub trait MockServerExt {
    fn get_storage_buckets<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::GetStorageBucketsWhen, operations::GetStorageBucketsThen);
    fn get_available_storage_buckets<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::GetAvailableStorageBucketsWhen,
            operations::GetAvailableStorageBucketsThen,
        );
}

impl MockServerExt for ::httpmock::MockServer {
    fn get_storage_buckets<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::GetStorageBucketsWhen, operations::GetStorageBucketsThen),
    {
        self.mock(|when, then| {
            config_fn(
                operations::GetStorageBucketsWhen::new(when),
                operations::GetStorageBucketsThen::new(then),
            )
        })
    }

    fn get_available_storage_buckets<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::GetAvailableStorageBucketsWhen,
            operations::GetAvailableStorageBucketsThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::GetAvailableStorageBucketsWhen::new(when),
                operations::GetAvailableStorageBucketsThen::new(then),
            )
        })
    }
}

impl crate::Answers for operations::GetStorageBucketsThen {
    const OPERATION: flashback_api::operations::Operation = flashback_api::operations::Operation::GetStorageBuckets;
    fn into_then(self) -> ::httpmock::Then {
        self.into_inner()
    }

    fn from_then(then: ::httpmock::Then) -> Self {
        Self::new(then)
    }
}

impl crate::Answers for operations::GetAvailableStorageBucketsThen {
    const OPERATION: flashback_api::operations::Operation = flashback_api::operations::Operation::GetAvailableStorageBuckets;
    fn into_then(self) -> ::httpmock::Then {
        self.into_inner()
    }

    fn from_then(then: ::httpmock::Then) -> Self {
        Self::new(then)
    }
}
