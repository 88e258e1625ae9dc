//! Where the bearer token comes from: a [`TokenProvider`], asked when the client needs a token
//! and again when the one it keeps is about to expire or is refused.
//!
//! The platform's tokens are JWT access tokens, and they expire. A service that runs for months
//! gives its client a provider instead of a fixed token: [`FileToken`] for a token file that
//! something else rotates (a Kubernetes secret, a sidecar), [`EnvToken`] for a variable, or its
//! own implementation (a vault client, an OAuth refresh).
//!
//! ```
//! use flashback_ext::Client;
//! use flashback_ext::auth::FileToken;
//!
//! let client = Client::builder()
//!     .token_provider(FileToken::new("/var/run/secrets/flashback/token"))
//!     .build()
//!     .unwrap();
//! ```
//!
//! The client keeps the token a provider gave (asked when first needed, again
//! shortly before a JWT's `exp` and after a `401`, one provider call at a time).

pub(crate) mod cache;
mod jwt;
mod provider;

pub use provider::{EnvToken, FileToken, StaticToken, TokenError, TokenProvider};
