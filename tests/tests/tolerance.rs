//! Decoding tolerance: one test per shape the platform is known to send beyond the spec's
//! examples (extra fields, new enum values, `null` for any field, the secret's several shapes,
//! an absent or `null` listing), and redaction of the credentials a bucket carries.

use flashback_api::types::{
    AvailableStorageBucket, ErrorResponse, GetBucketsResponse, StorageBucket,
};
use flashback_api::{BucketSecret, BucketStatus, StorageType};
use flashback_spec_tests::spec;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn decode<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{value} must decode: {err}"))
}

fn decodes_to_default<T: DeserializeOwned + Default + PartialEq>(value: Value) -> bool {
    decode::<T>(value) == T::default()
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn listing_of(bucket: Value) -> GetBucketsResponse {
    decode(json!({ "success": true, "buckets": [bucket] }))
}

fn only_bucket(listing: &GetBucketsResponse) -> &StorageBucket {
    &listing.buckets.as_ref().expect("buckets")[0]
}

// "Every documented response field is marked Required: false. A field may be absent or null."

#[test]
fn every_field_may_be_absent() {
    assert_eq!(
        decode::<GetBucketsResponse>(json!({})),
        GetBucketsResponse::default()
    );
    assert_eq!(decode::<StorageBucket>(json!({})), StorageBucket::default());
    assert_eq!(
        decode::<AvailableStorageBucket>(json!({})),
        AvailableStorageBucket::default()
    );
    assert_eq!(decode::<ErrorResponse>(json!({})), ErrorResponse::default());
}

#[test]
fn every_field_may_be_null() {
    let listing: GetBucketsResponse = decode(json!({ "success": null, "buckets": null }));
    assert_eq!(listing, GetBucketsResponse::default());
    // Every field the spec gives each bucket type, all `null` at once.
    for (component, all_null_decodes) in [
        (
            "StorageBucket",
            decodes_to_default::<StorageBucket> as fn(Value) -> bool,
        ),
        (
            "AvailableStorageBucket",
            decodes_to_default::<AvailableStorageBucket>,
        ),
    ] {
        let properties = spec::component_schemas()[component]["properties"]
            .as_object()
            .unwrap()
            .clone();
        assert!(
            properties.len() >= 8,
            "{component} has its documented fields"
        );
        let all_null: Value = properties
            .keys()
            .map(|field| (field.clone(), Value::Null))
            .collect();
        assert!(all_null_decodes(all_null), "{component}");
    }
    assert_eq!(
        decode::<ErrorResponse>(json!({ "success": null, "message": null })),
        ErrorResponse::default()
    );
}

// "storageType: documented as S3, GCS, BLOB; other pages also use AZURE. The set will grow: an
// unknown value must decode, and survive a round trip unchanged."

#[test]
fn documented_storage_types_are_variants() {
    for (text, variant) in [
        ("S3", StorageType::S3),
        ("GCS", StorageType::Gcs),
        ("BLOB", StorageType::Blob),
    ] {
        let bucket: AvailableStorageBucket = decode(json!({ "storageType": text }));
        assert_eq!(bucket.storage_type, Some(variant.clone()));
        assert_eq!(variant.to_string(), text);
        assert_eq!(text.parse::<StorageType>().unwrap(), variant);
    }
}

#[test]
fn unknown_storage_type_decodes_and_round_trips_unchanged() {
    for text in ["AZURE", "R2", "s3", ""] {
        let original = json!({ "storageType": text });
        let bucket: StorageBucket = decode(original.clone());
        let kind = bucket.storage_type.clone().unwrap();
        assert!(!kind.is_known(), "{text}");
        assert_eq!(kind.as_str(), text);
        assert_eq!(kind.to_string(), text);
        assert_eq!(text.parse::<StorageType>().unwrap(), kind);
        assert_eq!(encode(&bucket), original);
    }
}

// "status: a free string in the docs; the values seen are ONLINE, OFFLINE, DISCONNECTED, and
// ACTIVE appears in one example. Treat it as open-ended."

#[test]
fn bucket_status_is_open_ended() {
    for (text, known) in [
        ("ONLINE", true),
        ("OFFLINE", true),
        ("DISCONNECTED", true),
        ("ACTIVE", false),
        ("string", false),
    ] {
        let original = json!({ "status": text });
        let bucket: AvailableStorageBucket = decode(original.clone());
        let status = bucket.status.clone().unwrap();
        assert_eq!(status.is_known(), known, "{text}");
        assert_eq!(status.to_string(), text);
        assert_eq!(encode(&bucket), original);
    }
    assert_eq!(
        BucketStatus::from("DISCONNECTED"),
        BucketStatus::Disconnected
    );
}

// "secret: the docs' example shows an object ({}); the TypeScript client types it as an
// encrypted key { key, iv, authTag, message }; older backends sent a string. It is a
// credential: it must never be printed."

#[test]
fn every_secret_shape_decodes_and_round_trips() {
    let shapes = [
        json!({ "key": "k", "iv": "i", "authTag": "t", "message": "m" }),
        json!({}),
        json!("an-old-backend-secret"),
    ];
    for secret in shapes {
        let original = json!({ "id": "b-1", "secret": secret });
        let listing = listing_of(original.clone());
        assert_eq!(
            only_bucket(&listing).secret.as_ref().unwrap().expose(),
            secret
        );
        assert_eq!(encode(only_bucket(&listing)), original);
    }
}

/// Found by the fuzzer: a secret's equality compared its JSON text, so a bucket that went
/// through `serde_json::Value` (which sorts keys and drops whitespace) no longer equalled
/// itself.
#[test]
fn secret_equality_ignores_key_order_and_whitespace() {
    let body = r#"{"buckets":[{"id":"b","secret":{ "message": "m", "key": "k", "iv": "i" }}]}"#;
    let listing: GetBucketsResponse = serde_json::from_str(body).unwrap();
    let via_value: GetBucketsResponse = decode(encode(&listing));
    assert_eq!(via_value, listing);
    let other: GetBucketsResponse =
        serde_json::from_str(r#"{"buckets":[{"id":"b","secret":{"message":"other"}}]}"#).unwrap();
    assert_ne!(other, listing);
}

#[test]
fn null_or_absent_secret_decodes_to_none() {
    assert_eq!(
        only_bucket(&listing_of(json!({ "secret": null }))).secret,
        None
    );
    assert_eq!(only_bucket(&listing_of(json!({ "id": "b" }))).secret, None);
}

// "Fields the docs do not list but the backend may send: projectId, walletAddress, apiKeyId,
// repos (array of repository summaries). Unknown fields must be ignored, never an error."

#[test]
fn undocumented_fields_are_ignored() {
    let extra = json!({
        "projectId": "p-1",
        "walletAddress": "0xabc",
        "apiKeyId": "ak-1",
        "repos": [{ "id": "r-1", "name": "mirror", "mode": "MIRROR" }],
        "someFutureField": { "nested": [1, 2, 3] },
    });
    let mut bucket = extra.clone();
    bucket["id"] = json!("b-1");
    let listing: GetBucketsResponse =
        decode(json!({ "success": true, "buckets": [bucket.clone()], "total": 1 }));
    assert_eq!(only_bucket(&listing).id.as_deref(), Some("b-1"));
    let available: Vec<AvailableStorageBucket> = decode(json!([bucket]));
    assert_eq!(available[0].id.as_deref(), Some("b-1"));
    let error: ErrorResponse =
        decode(json!({ "success": false, "message": "User not found", "code": 404 }));
    assert_eq!(error.message.as_deref(), Some("User not found"));
}

// "lastStatusAt, createdAt: RFC 3339 date-times."

#[test]
fn rfc3339_date_times_with_offsets_and_fractions_decode() {
    let bucket: StorageBucket = decode(json!({
        "createdAt": "2024-01-15T10:30:00Z",
        "lastStatusAt": "2024-01-15T12:30:00.123456+02:00",
    }));
    assert_eq!(
        bucket.created_at.unwrap().to_rfc3339(),
        "2024-01-15T10:30:00+00:00"
    );
    assert_eq!(
        bucket.last_status_at.unwrap().to_rfc3339(),
        "2024-01-15T10:30:00.123456+00:00"
    );
}

// "key: the provider access key id, sent in plain text. Also a credential for display
// purposes."

#[test]
fn key_decodes_from_plain_text() {
    let bucket: AvailableStorageBucket = decode(json!({ "key": "AKIAIOSFODNN7EXAMPLE" }));
    assert_eq!(
        bucket.key.as_ref().unwrap().expose(),
        "AKIAIOSFODNN7EXAMPLE"
    );
    assert_eq!(encode(&bucket), json!({ "key": "AKIAIOSFODNN7EXAMPLE" }));
}

// Redaction, with sentinel values that must never appear in output.

const KEY_SENTINEL: &str = "SENTINEL-ACCESS-KEY-ID-0123456789";
const SECRET_SENTINELS: [&str; 4] = [
    "SENTINEL-KEY",
    "SENTINEL-IV",
    "SENTINEL-TAG",
    "SENTINEL-MSG",
];

fn sentinel_bucket() -> Value {
    json!({
        "name": "Backups", "id": "b-1", "storageType": "S3", "bucket": "backups-2024",
        "key": KEY_SENTINEL,
        "secret": {
            "key": SECRET_SENTINELS[0], "iv": SECRET_SENTINELS[1],
            "authTag": SECRET_SENTINELS[2], "message": SECRET_SENTINELS[3],
        },
        "region": "eu-west-1", "status": "ONLINE", "workspaceId": "ws-1",
    })
}

fn assert_no_credentials(label: &str, output: &str) {
    // The key may show its last four characters, never more.
    assert!(
        !output.contains(KEY_SENTINEL),
        "{label} shows the key: {output}"
    );
    for start in 0..KEY_SENTINEL.len() - 4 {
        let window = &KEY_SENTINEL[start..start + 5];
        assert!(
            !output.contains(window),
            "{label} shows 5+ characters of the key: {output}"
        );
    }
    for sentinel in SECRET_SENTINELS {
        assert!(
            !output.contains(sentinel),
            "{label} shows the secret: {output}"
        );
    }
}

#[test]
fn debug_and_display_of_a_decoded_bucket_never_show_credentials() {
    let listing = listing_of(sentinel_bucket());
    let bucket = only_bucket(&listing);
    let available: Vec<AvailableStorageBucket> = decode(json!([sentinel_bucket()]));
    let outputs = [
        ("Debug of StorageBucket", format!("{bucket:?}")),
        ("pretty Debug of StorageBucket", format!("{bucket:#?}")),
        ("Display of StorageBucket", format!("{bucket}")),
        ("Debug of GetBucketsResponse", format!("{listing:?}")),
        (
            "Debug of AvailableStorageBucket",
            format!("{:?}", available[0]),
        ),
        (
            "Display of AvailableStorageBucket",
            format!("{}", available[0]),
        ),
        (
            "Debug of the secret",
            format!("{:?}", bucket.secret.as_ref().unwrap()),
        ),
        (
            "Display of the secret",
            format!("{}", bucket.secret.as_ref().unwrap()),
        ),
        (
            "Debug of the key",
            format!("{:?}", bucket.key.as_ref().unwrap()),
        ),
        (
            "Display of the key",
            format!("{}", bucket.key.as_ref().unwrap()),
        ),
    ];
    for (label, output) in &outputs {
        assert_no_credentials(label, output);
    }
    insta::assert_snapshot!(format!("{bucket}"), @"Backups (id b-1, S3 bucket backups-2024, region eu-west-1, status ONLINE, workspace ws-1, key ****6789)");
    assert!(
        outputs[0]
            .1
            .contains(r#"secret: Some(BucketSecret([REDACTED]))"#),
        "{}",
        outputs[0].1
    );
}

#[test]
fn string_secret_and_short_key_are_redacted_too() {
    let bucket: StorageBucket = decode(json!({ "key": "SHORTKEY", "secret": "SENTINEL-MSG" }));
    let output = format!("{bucket:?} {bucket}");
    // Too short to show a tail without showing a third of it: nothing of it shows.
    assert!(
        !output.contains("SHORT") && !output.contains("TKEY"),
        "{output}"
    );
    assert!(!output.contains("SENTINEL-MSG"), "{output}");
    assert_eq!(
        bucket.secret,
        Some(BucketSecret::from(json!("SENTINEL-MSG")))
    );
}
