//! Property tests of the response decoder (`flashback_ext::decode`, the client's own decoding):
//! hostile bodies never panic it and always give the invalid-response kind without quoting the
//! body; valid buckets of every shape survive decode and encode unchanged.
//!
//! The seed is fixed, so CI runs the same cases every time; the fuzz target (`fuzz/`) explores.

use flashback_ext::ErrorKind;
use flashback_ext::raw as decode;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Value, json};

const SENTINEL: &str = "SENTINEL-CREDENTIAL";

fn config() -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x5eed_f1a5),
        failure_persistence: None,
        ..Config::default()
    }
}

/// An open enum's value: a known one or anything else.
fn open_value(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(known).prop_map(str::to_owned),
        "[A-Za-z0-9_ -]{0,10}"
    ]
}

/// Every shape of `secret` backends send (absent and `null` are covered by the field being
/// optional).
fn secret() -> impl Strategy<Value = Value> {
    prop_oneof![
        ("[0-9a-f]{0,32}", "[0-9a-f]{0,24}", "[0-9a-f]{0,32}", "[0-9a-f]{0,48}")
            .prop_map(|(key, iv, tag, message)| json!({ "key": key, "iv": iv, "authTag": tag, "message": message })),
        Just(json!({})),
        "[ -~]{0,40}".prop_map(Value::String),
        (any::<i32>(), any::<bool>()).prop_map(|(n, b)| json!({ "nested": [n, b, null] })),
    ]
}

/// RFC 3339 in the form the generated types write back (`...Z`, whole seconds).
fn date() -> impl Strategy<Value = String> {
    (0i64..4_102_444_800).prop_map(|seconds| {
        chrono::DateTime::from_timestamp(seconds, 0)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    })
}

/// A `GET /bucket` bucket as JSON, each field present or not.
fn bucket() -> impl Strategy<Value = Value> {
    let text = || proptest::option::of("[ -~]{0,20}");
    (
        (
            text(),
            text(),
            proptest::option::of(open_value(&["S3", "GCS", "BLOB"])),
            text(),
            text(),
        ),
        (
            proptest::option::of(secret()),
            text(),
            text(),
            proptest::option::of(open_value(&["ONLINE", "OFFLINE", "DISCONNECTED"])),
        ),
        (
            proptest::option::of(date()),
            proptest::option::of(date()),
            text(),
        ),
    )
        .prop_map(
            |(
                (name, id, kind, bucket, key),
                (secret, endpoint, region, status),
                (last, created, workspace),
            )| {
                let fields = [
                    ("name", name.map(Value::String)),
                    ("id", id.map(Value::String)),
                    ("storageType", kind.map(Value::String)),
                    ("bucket", bucket.map(Value::String)),
                    ("key", key.map(Value::String)),
                    ("secret", secret),
                    ("endpoint", endpoint.map(Value::String)),
                    ("region", region.map(Value::String)),
                    ("status", status.map(Value::String)),
                    ("lastStatusAt", last.map(Value::String)),
                    ("createdAt", created.map(Value::String)),
                    ("workspaceId", workspace.map(Value::String)),
                ];
                Value::Object(
                    fields
                        .into_iter()
                        .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                        .collect(),
                )
            },
        )
}

fn listing(buckets: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({ "success": true, "buckets": buckets })).unwrap()
}

/// A body with a credential sentinel in every bucket.
fn sentinel_listing(count: usize) -> Vec<u8> {
    let bucket = json!({ "id": "b", "key": SENTINEL, "secret": { "message": SENTINEL }, "status": "ONLINE" });
    listing(&vec![bucket; count])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_buckets_round_trip(buckets in proptest::collection::vec(bucket(), 0..8)) {
        let decoded = decode::buckets(&listing(&buckets)).unwrap();
        // JSON -> types -> JSON is the identity: unknown enum values and every secret shape kept.
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), Value::Array(buckets));
        // types -> JSON -> types too.
        let again = decode::buckets(&listing(&serde_json::to_value(&decoded).unwrap().as_array().unwrap().clone())).unwrap();
        prop_assert_eq!(&again, &decoded);
        // Through `serde_json::Value` (which reorders object keys) too: found by the fuzzer,
        // when a secret's equality compared its JSON text.
        let via_value: Vec<flashback_ext::StorageBucket> =
            serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
        prop_assert_eq!(via_value, decoded);
    }

    #[test]
    fn available_buckets_round_trip(buckets in proptest::collection::vec(bucket(), 0..8)) {
        // The available form has a subset of the fields: keep those.
        let subset: Vec<Value> = buckets
            .iter()
            .map(|b| {
                let keep = ["id", "name", "storageType", "bucket", "key", "status", "workspaceId", "createdAt"];
                Value::Object(b.as_object().unwrap().iter().filter(|(k, _)| keep.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect())
            })
            .collect();
        let decoded = decode::available_buckets(&serde_json::to_vec(&buckets).unwrap()).unwrap();
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), Value::Array(subset));
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        for result in [decode::buckets(&body).map(drop), decode::available_buckets(&body).map(drop)] {
            if let Err(error) = result {
                prop_assert_eq!(error.kind(), ErrorKind::InvalidResponse);
            }
        }
    }

    #[test]
    fn truncated_bodies_are_invalid_responses(count in 1usize..6, cut in any::<proptest::sample::Index>()) {
        let body = sentinel_listing(count);
        let cut = cut.index(body.len() - 1);
        let error = decode::buckets(&body[..cut]).unwrap_err();
        prop_assert_eq!(error.kind(), ErrorKind::InvalidResponse);
        let shown = format!("{error} {error:?}");
        prop_assert!(!shown.contains(SENTINEL), "{}", shown);
    }

    #[test]
    fn mutated_bodies_never_panic_nor_leak(
        count in 1usize..4,
        mutations in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut body = sentinel_listing(count);
        for (at, byte) in mutations {
            let at = at.index(body.len());
            body[at] = byte;
        }
        match decode::buckets(&body) {
            Ok(buckets) => prop_assert!(buckets.len() <= count),
            Err(error) => {
                prop_assert_eq!(error.kind(), ErrorKind::InvalidResponse);
                let shown = format!("{error} {error:?}");
                prop_assert!(!shown.contains(SENTINEL), "{}", shown);
            }
        }
    }

    #[test]
    fn wrong_types_name_the_field(index in 0usize..4, value in prop_oneof![Just(json!(5)), Just(json!([SENTINEL])), Just(json!({"k": SENTINEL})), Just(json!(true))]) {
        let mut buckets = vec![json!({ "id": "b" }); 4];
        buckets[index]["createdAt"] = value;
        let error = decode::buckets(&listing(&buckets)).unwrap_err();
        prop_assert_eq!(error.kind(), ErrorKind::InvalidResponse);
        let message = error.to_string();
        let expected = format!("field `buckets[{index}].createdAt`");
        prop_assert!(message.contains(&expected), "{}", message);
        prop_assert!(!message.contains(SENTINEL), "{}", message);
    }
}
