//! The environment variables the SDK reads, named once.

/// The environment variable holding the bearer token.
pub const TOKEN_ENV: &str = "FLASHBACK_TOKEN";
/// The environment variable holding the base URL (optional).
pub const BASE_URL_ENV: &str = "FLASHBACK_BASE_URL";
