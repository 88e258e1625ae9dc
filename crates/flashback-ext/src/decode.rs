//! The response decoder: response bodies to the generated types, and why a body did not
//! decode (which field, and why) without the body.
//!
//! [`buckets`] and [`available_buckets`] decode exactly as the client does (the generated
//! client's `serde_json::from_slice` into the same types, then the same error description), for
//! bodies obtained another way: a cache, a file, a message queue.
//!
//! serde's messages quote the offending value (`invalid type: string "AKIA…", expected …`),
//! and the value may be a credential, so the message is reduced to the field's path and the
//! kinds involved. The body itself never appears in an error.

use flashback_api::types::{AvailableStorageBucket, GetBucketsResponse, StorageBucket};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{Error, ErrorKind};

/// Decodes a `GET /bucket` body into its buckets (none when `buckets` is absent or `null`).
///
/// ```
/// let buckets = flashback_ext::decode::buckets(br#"{"success":true,"buckets":[{"id":"b-1"}]}"#).unwrap();
/// assert_eq!(buckets[0].id.as_deref(), Some("b-1"));
///
/// let error = flashback_ext::decode::buckets(br#"{"buckets":[{"createdAt":5}]}"#).unwrap_err();
/// assert_eq!(error.kind(), flashback_ext::ErrorKind::InvalidResponse);
/// ```
pub fn buckets(body: &[u8]) -> Result<Vec<StorageBucket>, Error> {
    decode::<GetBucketsResponse>(body).map(|listing| listing.buckets.unwrap_or_default())
}

/// Decodes a `GET /bucket/available` body.
pub fn available_buckets(body: &[u8]) -> Result<Vec<AvailableStorageBucket>, Error> {
    decode(body)
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|_| {
        Error::new(ErrorKind::InvalidResponse).with_detail(describe_failure::<T>(body))
    })
}

/// Why `body` does not decode as `T`: `field `buckets[3].createdAt`: invalid type: integer,
/// expected a string`, `the body ends early (truncated) at line 1 column 40`, ...
pub(crate) fn describe_failure<T: DeserializeOwned>(body: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        // The value decoded: what follows it does not belong there.
        Ok(_) => {
            return match deserializer.end() {
                Err(err) => format!(
                    "the body has more after its JSON value (line {} column {})",
                    err.line(),
                    err.column()
                ),
                Ok(()) => "the body did not decode".to_owned(),
            };
        }
        Err(error) => error,
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    let (line, column) = (inner.line(), inner.column());
    match inner.classify() {
        Category::Eof if body.iter().all(u8::is_ascii_whitespace) => "the body is empty".to_owned(),
        Category::Eof => format!("the body ends early (truncated) at line {line} column {column}"),
        Category::Syntax => format!("the body is not valid JSON (line {line} column {column})"),
        Category::Data if path == "." => {
            format!("the body has the wrong shape: {}", reason(&inner))
        }
        Category::Data | Category::Io => format!("field `{path}`: {}", reason(&inner)),
    }
}

/// serde's message without quoted values and without its position suffix.
fn reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(index) => &message[..index],
        None => &message,
    };
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            // `string "value"` -> `string`; `integer `5`` -> `integer`.
            let kind = found.split([' ', '`', '"']).next().unwrap_or("value");
            return format!("{prefix}{kind}, expected {expected}");
        }
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::describe_failure;
    use flashback_api::types::{AvailableStorageBucket, GetBucketsResponse};

    #[test]
    fn names_the_field_and_the_kinds_but_not_the_value() {
        let body = br#"{"buckets":[{"id":"b"},{"key":12345678987654321}]}"#;
        let message = describe_failure::<GetBucketsResponse>(body);
        assert_eq!(
            message,
            "field `buckets[1].key`: invalid type: integer, expected a string"
        );

        let body = br#"[{"createdAt":"SENTINEL-NOT-A-DATE"}]"#;
        let message = describe_failure::<Vec<AvailableStorageBucket>>(body);
        assert!(message.starts_with("field `[0].createdAt`: "), "{message}");
        assert!(!message.contains("SENTINEL"), "{message}");
    }

    #[test]
    fn truncated_malformed_empty_and_wrong_root() {
        assert_eq!(
            describe_failure::<GetBucketsResponse>(br#"{"buckets":[{"id":"b"#),
            "the body ends early (truncated) at line 1 column 20"
        );
        assert_eq!(
            describe_failure::<GetBucketsResponse>(b"<html>502</html>"),
            "the body is not valid JSON (line 1 column 1)"
        );
        assert_eq!(
            describe_failure::<GetBucketsResponse>(b""),
            "the body is empty"
        );
        assert_eq!(
            describe_failure::<Vec<AvailableStorageBucket>>(br#"{"secret":"SENTINEL"}"#),
            "the body has the wrong shape: invalid type: map, expected a sequence"
        );
    }
}
