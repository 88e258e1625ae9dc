//! Decoding response bodies without ever quoting them.
//!
//! The generated client calls [`decode`] (instead of progenitor's
//! `ResponseValue::from_response`; see `xtask/src/generate.rs`) for every documented status.
//! progenitor's version keeps the undecodable body in `Error::InvalidResponsePayload` and
//! prints it whole in `Display` and `Debug`, and serde's own message quotes the offending
//! value: a listing's access keys and secrets would end up in whatever logs the error. Here:
//!
//! * a success body that does not decode is `Error::InvalidResponsePayload` with an **empty**
//!   body and a message that names the field and the kinds involved, never a value
//!   ([`describe_failure`]);
//! * an error status whose body is not the documented error JSON (a proxy's HTML page on a
//!   502) is `Error::UnexpectedResponse`, with its status, headers and body kept for the
//!   caller to inspect: it is not the documented answer.

use progenitor_client::{Error, ResponseValue};
use serde::de::{DeserializeOwned, Error as _};
use serde_json::error::Category;

use crate::hooks::BodyError;

/// Reads `response` (a response to `client`'s request) through the client's exchange and
/// decodes it as `T`; see the module docs for the errors.
pub(crate) async fn decode<T: DeserializeOwned, E>(
    client: &crate::Client,
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let version = response.version();
    // Moved, not copied: the body is read without them.
    let headers = std::mem::take(response.headers_mut());
    let body = client
        .read_body(response)
        .await
        .map_err(BodyError::into_api_error)?;
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(_) if !status.is_success() => {
            let mut unexpected = http::Response::new(reqwest::Body::from(body));
            *unexpected.status_mut() = status;
            *unexpected.version_mut() = version;
            *unexpected.headers_mut() = headers;
            Err(Error::UnexpectedResponse(unexpected.into()))
        }
        Err(_) => Err(Error::InvalidResponsePayload(
            Default::default(),
            serde_json::Error::custom(describe_failure::<T>(&body)),
        )),
    }
}

/// Why `body` does not decode as `T`, without quoting it: ``field `buckets[3].createdAt`:
/// invalid type: integer, expected a string``, `the body ends early (truncated) at line 1
/// column 40`, `the body is not valid JSON (line 1 column 1)`, ...
///
/// ```
/// use flashback_api::types::GetBucketsResponse;
///
/// let why = flashback_api::describe_failure::<GetBucketsResponse>(
///     br#"{"buckets":[{"key":"AKIA-SENTINEL","createdAt":5}]}"#,
/// );
/// assert_eq!(why, "field `buckets[0].createdAt`: invalid type: integer, expected an RFC 3339 formatted date and time string");
/// ```
pub fn describe_failure<T: DeserializeOwned>(body: &[u8]) -> String {
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
    // Other messages come from the types' own parsers (chrono's "input contains invalid
    // characters", the open enums'), which do not quote the input; an unknown one is cut at
    // its first quote to be safe.
    match message.find(['"', '`']) {
        Some(index) => message[..index].trim_end().to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_failure;
    use crate::types::{AvailableStorageBucket, GetBucketsResponse};

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
