//! The platform's id of a request, as a response names it: to quote when reporting a failure.

use reqwest::header::{HeaderMap, HeaderName};

/// The headers a server may name its request id in, most common first (as `HeaderName`s: a
/// `&str` would be parsed again on every answer).
const REQUEST_ID_HEADERS: [HeaderName; 3] = [
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("request-id"),
    HeaderName::from_static("x-correlation-id"),
];

/// The request id a response carries: printable ASCII, at most 128 characters (a header is not
/// a place for a message).
pub(super) fn request_id(headers: &HeaderMap) -> Option<String> {
    let value = REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(name))?
        .to_str()
        .ok()?
        .trim();
    let printable = value.bytes().all(|byte| byte.is_ascii_graphic());
    (printable && !value.is_empty() && value.len() <= 128).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

    use super::request_id;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_static(name),
                    HeaderValue::from_str(value).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_first_known_header_with_a_printable_bounded_value() {
        assert_eq!(
            request_id(&headers(&[("x-request-id", " r-1 ")])).as_deref(),
            Some("r-1")
        );
        assert_eq!(
            request_id(&headers(&[
                ("x-correlation-id", "c-1"),
                ("request-id", "r-2")
            ]))
            .as_deref(),
            Some("r-2")
        );
        assert_eq!(request_id(&headers(&[("x-request-id", "a b")])), None);
        assert_eq!(
            request_id(&headers(&[("x-request-id", &"x".repeat(129))])),
            None
        );
        assert_eq!(request_id(&HeaderMap::new()), None);
    }
}
