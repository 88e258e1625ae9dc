//! Every example in the spec is valid against its own schema, decodes through the generated
//! types, and encodes back to the same JSON: the documentation, the contract and the Rust types
//! agree.

use flashback_api::operations::Operation;
use flashback_api::types::{AvailableStorageBucket, ErrorResponse, GetBucketsResponse};
use flashback_spec_tests::spec::{self, ResponseExample};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `value` as `T` and encodes it back.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let decoded: T = serde_json::from_value(value.clone()).map_err(|err| err.to_string())?;
    serde_json::to_value(&decoded).map_err(|err| err.to_string())
}

/// The generated type a response decodes into, as the generated client chooses it.
fn generated_round_trip(example: &ResponseExample) -> Result<Value, String> {
    match (example.operation_id.as_str(), example.status.as_str()) {
        ("getStorageBuckets", "200") => round_trip::<GetBucketsResponse>(&example.value),
        ("getAvailableStorageBuckets", "200") => {
            round_trip::<Vec<AvailableStorageBucket>>(&example.value)
        }
        // Every other documented status carries the one error body.
        (_, status) if status.starts_with(['4', '5']) => {
            round_trip::<ErrorResponse>(&example.value)
        }
        (operation, status) => panic!("no generated type for {operation} {status}"),
    }
}

#[test]
fn every_response_example_validates_decodes_and_round_trips() {
    let examples = spec::response_examples();
    let names: Vec<String> = examples
        .iter()
        .map(|e| format!("{} {} {}", e.operation_id, e.status, e.name))
        .collect();
    // Guards against a vacuous pass if examples stop being found.
    assert_eq!(
        names,
        [
            "getStorageBuckets 200 documented",
            "getAvailableStorageBuckets 200 documented",
            "getAvailableStorageBuckets 404 userNotFound",
        ]
    );
    for example in &examples {
        let label = format!(
            "{} {} `{}`",
            example.operation_id, example.status, example.name
        );
        let validator = spec::validator(&example.schema);
        let errors: Vec<String> = validator
            .iter_errors(&example.value)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{label} does not match its schema: {errors:?}"
        );

        let encoded = generated_round_trip(example)
            .unwrap_or_else(|err| panic!("{label} does not decode: {err}"));
        assert_eq!(
            encoded, example.value,
            "{label} changes in a decode/encode round trip"
        );
    }
}

#[test]
fn parameter_examples_validate() {
    let spec = spec::json();
    let parameter = &spec["paths"]["/bucket"]["get"]["parameters"][0];
    assert_eq!(parameter["name"], "workspaceId");
    assert!(spec::validator(&parameter["schema"]).is_valid(&parameter["example"]));
}

/// The validator used above rejects what it should, so the tests above can fail.
#[test]
fn the_validator_rejects_a_wrong_example() {
    let examples = spec::response_examples();
    let validator = spec::validator(&examples[0].schema);
    let mut wrong = examples[0].value.clone();
    wrong["buckets"][0]["createdAt"] = Value::from("yesterday");
    assert!(!validator.is_valid(&wrong), "format date-time is checked");
    wrong["buckets"][0]["createdAt"] = Value::from(5);
    assert!(!validator.is_valid(&wrong));
    wrong["buckets"] = Value::from("none");
    assert!(!validator.is_valid(&wrong));
}

/// What the platform notes (`shared/reference/flashback-platform.md`) say the backend sends:
/// `null` anywhere, a secret as an object, an empty object, a string or `null`, enum values the
/// spec does not list, fields it does not list. A spec-driven validator (Prism, schemathesis,
/// `flashback contract check`) must accept each of them, as the SDK does.
#[test]
fn the_shapes_the_platform_sends_validate_and_decode() {
    // Every field the spec lists (from the operation table generated from it), all `null`.
    let bucket_fields = Operation::GetStorageBuckets.item_fields();
    let all_null: serde_json::Map<String, Value> = bucket_fields
        .iter()
        .map(|field| ((*field).to_owned(), Value::Null))
        .collect();
    let buckets = [
        Value::Object(all_null.clone()),
        serde_json::json!({ "id": "b-1", "secret": { "key": "k", "iv": "i", "authTag": "t", "message": "m" } }),
        serde_json::json!({ "id": "b-2", "secret": {} }),
        serde_json::json!({ "id": "b-3", "secret": "an-encrypted-string" }),
        serde_json::json!({ "id": "b-4", "storageType": "AZURE", "status": "ACTIVE" }),
        serde_json::json!({
            "id": "b-5",
            "projectId": "p-1",
            "walletAddress": "0xabc",
            "apiKeyId": "k-1",
            "repos": [{ "id": "r-1", "mode": "MIRROR" }]
        }),
        serde_json::json!({}),
    ];
    let listings = [
        serde_json::json!({ "success": true, "buckets": buckets }),
        serde_json::json!({ "success": true, "buckets": null }),
        serde_json::json!({ "success": true }),
    ];
    let listing_schema = spec::response_schema(&spec::operation("get", "/bucket").unwrap(), 200)
        .expect("GET /bucket documents 200");
    for listing in &listings {
        let errors: Vec<String> = spec::validator(&listing_schema)
            .iter_errors(listing)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "the spec rejects {listing}: {errors:?}");
        serde_json::from_value::<GetBucketsResponse>(listing.clone())
            .unwrap_or_else(|err| panic!("the SDK rejects {listing}: {err}"));
    }

    let available_fields = Operation::GetAvailableStorageBuckets.item_fields();
    let available: Vec<Value> = vec![
        Value::Object(
            available_fields
                .iter()
                .map(|field| ((*field).to_owned(), Value::Null))
                .collect(),
        ),
        serde_json::json!({ "id": "b-4", "storageType": "AZURE", "status": "ACTIVE", "repos": [] }),
    ];
    let available = Value::Array(available);
    let available_schema =
        spec::response_schema(&spec::operation("get", "/bucket/available").unwrap(), 200)
            .expect("GET /bucket/available documents 200");
    assert!(
        spec::validator(&available_schema).is_valid(&available),
        "the spec rejects {available}"
    );
    serde_json::from_value::<Vec<AvailableStorageBucket>>(available).unwrap();
    assert!(
        bucket_fields.contains(&"secret") && available_fields.contains(&"key"),
        "the table lists the credentials, so the all-null rows cover them"
    );

    // Nullable is not "anything": a number where a string belongs is still rejected.
    let wrong = serde_json::json!({ "buckets": [{ "name": 5 }] });
    assert!(!spec::validator(&listing_schema).is_valid(&wrong));
    let wrong = serde_json::json!({ "buckets": [{ "storageType": 5 }] });
    assert!(!spec::validator(&listing_schema).is_valid(&wrong));
}
