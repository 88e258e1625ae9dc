//! Bucket credentials that must never be printed.
//!
//! Listings carry each bucket's provider access key id (`key`) and its encrypted secret
//! (`secret`). Services log what they fetch, and `{:?}` of a listing is the first thing anyone
//! logs, so neither type prints its value: the key shows at most its last four characters, the
//! secret nothing. Reading the value takes an explicit `expose` call that is easy to find in a
//! review.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// What a redacted value prints as: the one spelling every crate of the SDK uses.
pub const REDACTED: &str = "[REDACTED]";

/// A stand-in that prints [`REDACTED`], for a credential's place in a hand-written `Debug`
/// impl, so that the credential itself is never handed to the formatter.
///
/// ```
/// use flashback_api::Redacted;
///
/// struct Login { user: String, password: String }
///
/// impl std::fmt::Debug for Login {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.debug_struct("Login").field("user", &self.user).field("password", &Redacted).finish()
///     }
/// }
///
/// let login = Login { user: "ada".into(), password: "hunter2".into() };
/// assert_eq!(format!("{login:?}"), r#"Login { user: "ada", password: [REDACTED] }"#);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A storage provider's access key id (a bucket's `key`), printed masked.
///
/// `Debug` and `Display` show at most the last four characters, and none of a key shorter
/// than twelve characters (where four would be a third of it):
///
/// ```
/// use flashback_api::AccessKeyId;
///
/// let key = AccessKeyId::from("AKIAIOSFODNN7EXAMPLE");
/// assert_eq!(key.to_string(), "****MPLE");
/// assert_eq!(format!("{key:?}"), r#"AccessKeyId("****MPLE")"#);
/// assert_eq!(key.expose(), "AKIAIOSFODNN7EXAMPLE");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccessKeyId(String);

impl AccessKeyId {
    /// Keys shorter than this print with no visible character.
    const MIN_LEN_TO_SHOW_TAIL: usize = 12;
    /// How many trailing characters a long enough key shows.
    const TAIL: usize = 4;

    /// The full key. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key masked for display: `****` and at most the last four characters.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        if count < Self::MIN_LEN_TO_SHOW_TAIL {
            return "****".to_owned();
        }
        let tail: String = self.0.chars().skip(count - Self::TAIL).collect();
        format!("****{tail}")
    }
}

impl From<String> for AccessKeyId {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for AccessKeyId {
    fn from(key: &str) -> Self {
        Self(key.to_owned())
    }
}

impl fmt::Debug for AccessKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AccessKeyId").field(&self.masked()).finish()
    }
}

impl fmt::Display for AccessKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A bucket's provider secret as the platform sends it (`secret`): opaque, never printed.
///
/// Its shape depends on the backend version: the encrypted object `{key, iv, authTag, message}`
/// today, `{}` in the documentation, a string on older backends. Any JSON value decodes and
/// encodes back byte for byte: it is kept as the raw JSON text, never parsed unless exposed
/// (which also keeps a large listing small in memory). `Debug` and `Display` print
/// `[REDACTED]`. Equality is JSON equality: key order and whitespace do not matter.
///
/// ```
/// use flashback_api::BucketSecret;
///
/// let secret: BucketSecret = serde_json::from_str(r#"{"key":"k","iv":"i","authTag":"t","message":"m"}"#).unwrap();
/// assert_eq!(format!("{secret:?}"), "BucketSecret([REDACTED])");
/// assert_eq!(secret.to_string(), "[REDACTED]");
/// assert_eq!(secret.expose()["iv"], "i");
/// assert_eq!(secret.expose_json(), r#"{"key":"k","iv":"i","authTag":"t","message":"m"}"#);
///
/// let reordered: BucketSecret = serde_json::from_str(r#"{ "message": "m", "authTag": "t", "iv": "i", "key": "k" }"#).unwrap();
/// assert_eq!(secret, reordered);
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BucketSecret(Box<RawValue>);

impl BucketSecret {
    /// The secret as a JSON value. Do not log it.
    pub fn expose(&self) -> serde_json::Value {
        serde_json::from_str(self.0.get()).expect("a RawValue holds valid JSON")
    }

    /// The secret's JSON text, exactly as sent. Do not log it.
    pub fn expose_json(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for BucketSecret {
    /// Identical text is equal at once; otherwise the two are compared as JSON values, so a
    /// secret that went through `serde_json::Value` (which reorders keys) still equals itself.
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get() || self.expose() == other.expose()
    }
}

impl From<serde_json::Value> for BucketSecret {
    fn from(value: serde_json::Value) -> Self {
        Self(serde_json::value::to_raw_value(&value).expect("a JSON value serializes"))
    }
}

impl fmt::Debug for BucketSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BucketSecret({REDACTED})")
    }
}

impl fmt::Display for BucketSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}
