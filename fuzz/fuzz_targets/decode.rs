//! The response decoder on arbitrary bytes: it never panics, every failure is the
//! invalid-response kind with a message that does not quote the body, and whatever decodes
//! survives an encode/decode round trip unchanged.

#![no_main]

use flashback_ext::{ErrorKind, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    match decode::buckets(body) {
        Ok(buckets) => {
            let again = serde_json::to_vec(&serde_json::json!({ "buckets": buckets })).unwrap();
            assert_eq!(decode::buckets(&again).unwrap(), buckets);
        }
        Err(error) => check(&error),
    }
    match decode::available_buckets(body) {
        Ok(buckets) => {
            let again = serde_json::to_vec(&buckets).unwrap();
            assert_eq!(decode::available_buckets(&again).unwrap(), buckets);
        }
        Err(error) => check(&error),
    }
});

fn check(error: &flashback_ext::Error) {
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    // The message is built from a field path and kinds, never from the body, so it stays
    // short whatever the body is; a quoted value from a large body would not.
    let shown = format!("{error} {error:?}");
    assert!(shown.len() < 1000, "{shown}");
}
