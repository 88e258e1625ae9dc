//! The environment variables the SDK reads, named once.

/// The environment variable holding the bearer token.
pub const TOKEN_ENV: &str = "FLASHBACK_TOKEN";
/// The environment variable naming a file that holds the bearer token (read again when it
/// changes); it takes precedence over `FLASHBACK_TOKEN`.
pub const TOKEN_FILE_ENV: &str = "FLASHBACK_TOKEN_FILE";
/// The environment variable holding the base URL (optional).
pub const BASE_URL_ENV: &str = "FLASHBACK_BASE_URL";
