//! The environment variables the SDK reads ([`crate::Client::from_env`]), named once.

/// The variable holding the bearer token.
pub const TOKEN: &str = "FLASHBACK_TOKEN";
/// The variable naming a file that holds the bearer token (read again when it changes); it
/// takes precedence over [`TOKEN`].
pub const TOKEN_FILE: &str = "FLASHBACK_TOKEN_FILE";
/// The variable holding the base URL (optional; default [`crate::defaults::BASE_URL`]).
pub const BASE_URL: &str = "FLASHBACK_BASE_URL";
