//! Snapshots that guard the schema: any change to the spec or to the generated types shows up
//! as a snapshot diff to review (`cargo insta review`), and the drift test fails outright when
//! the generated types and the spec disagree.

use std::collections::{BTreeMap, BTreeSet};

use flashback_api::types::{
    AvailableStorageBucket, ErrorResponse, GetBucketsResponse, StorageBucket,
};
use flashback_api::{AccessKeyId, BucketSecret, BucketStatus, StorageType};
use flashback_spec_tests::spec;
use schemars::schema::RootSchema;
use schemars::schema_for;
use serde_json::Value;

/// The JSON Schema of the generated (or hand-written replacement) type of every component.
fn generated_schemas() -> BTreeMap<&'static str, RootSchema> {
    BTreeMap::from([
        ("GetBucketsResponse", schema_for!(GetBucketsResponse)),
        ("StorageBucket", schema_for!(StorageBucket)),
        (
            "AvailableStorageBucket",
            schema_for!(AvailableStorageBucket),
        ),
        ("StorageType", schema_for!(StorageType)),
        ("BucketStatus", schema_for!(BucketStatus)),
        ("AccessKeyId", schema_for!(AccessKeyId)),
        ("BucketSecret", schema_for!(BucketSecret)),
        ("ErrorResponse", schema_for!(ErrorResponse)),
    ])
}

/// The parsed spec in canonical form (openapiv3's model, serialized): formatting and comments
/// do not change it; any change of meaning does.
#[test]
fn spec_canonical_form() {
    insta::assert_yaml_snapshot!("spec_canonical", spec::document());
}

/// One snapshot per generated type: the wire contract of the Rust types as JSON Schema.
#[test]
fn json_schema_of_every_generated_type() {
    for (name, schema) in generated_schemas() {
        insta::assert_json_snapshot!(format!("json_schema_{name}"), schema);
    }
}

/// What a property (or a whole component) holds, in a form both sides can be reduced to.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Ref(String),
    Scalar {
        kind: String,
        format: Option<String>,
    },
    Array(Box<Shape>),
    /// Known values, or any other string.
    OpenString(Vec<Value>),
    Object,
    /// Anything: a type that accepts every JSON value.
    Any,
}

/// Reduces a schema (OpenAPI's or schemars') to its shape, ignoring nullability: the generated
/// types accept `null` for every optional field, which is what the platform requires.
fn shape(schema: &Value) -> Shape {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return Shape::Ref(reference.rsplit('/').next().unwrap().to_owned());
    }
    for combinator in ["anyOf", "allOf", "oneOf"] {
        if let Some(options) = schema.get(combinator).and_then(Value::as_array) {
            let options: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type") != Some(&Value::from("null")))
                .collect();
            if let [only] = options.as_slice() {
                return shape(only);
            }
            let strings = options
                .iter()
                .all(|o| o.get("type") == Some(&Value::from("string")));
            let known = options
                .iter()
                .find_map(|o| o.get("enum"))
                .and_then(Value::as_array);
            return match (strings, known) {
                (true, Some(known)) => Shape::OpenString(known.clone()),
                _ => panic!("unsupported {combinator} in {schema}"),
            };
        }
    }
    let kind = match schema.get("type") {
        None => return Shape::Any,
        Some(Value::String(kind)) => kind.clone(),
        Some(Value::Array(kinds)) => {
            let kinds: Vec<&Value> = kinds.iter().filter(|k| *k != "null").collect();
            assert_eq!(kinds.len(), 1, "one non-null type in {schema}");
            kinds[0].as_str().unwrap().to_owned()
        }
        Some(other) => panic!("bad type {other}"),
    };
    match kind.as_str() {
        "array" => Shape::Array(Box::new(shape(&schema["items"]))),
        "object" => Shape::Object,
        _ => Shape::Scalar {
            kind,
            format: schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
    }
}

/// The generated side accepts everything the spec side describes.
fn compatible(spec: &Shape, generated: &Shape) -> bool {
    generated == &Shape::Any || spec == generated
}

fn properties(schema: &Value) -> BTreeMap<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Every component of the spec has a generated type, and every property appears in it with the
/// same wire name and a compatible type, and nothing extra.
#[test]
fn generated_types_match_the_spec_components() {
    let components = spec::component_schemas();
    let generated = generated_schemas();
    let spec_names: BTreeSet<&str> = components.keys().map(String::as_str).collect();
    let generated_names: BTreeSet<&str> = generated.keys().copied().collect();
    assert_eq!(
        spec_names, generated_names,
        "a component without a generated type, or the reverse"
    );

    let mut problems = Vec::new();
    for (name, spec_schema) in components {
        let generated = serde_json::to_value(&generated[name.as_str()].schema).unwrap();
        let (spec_shape, generated_shape) = (shape(spec_schema), shape(&generated));
        if !compatible(&spec_shape, &generated_shape) {
            problems.push(format!(
                "{name}: spec {spec_shape:?}, generated {generated_shape:?}"
            ));
        }
        let (spec_props, generated_props) = (properties(spec_schema), properties(&generated));
        for (field, spec_field) in &spec_props {
            match generated_props.get(field) {
                None => problems.push(format!("{name}.{field}: missing from the generated type")),
                Some(generated_field) => {
                    let (a, b) = (shape(spec_field), shape(generated_field));
                    if !compatible(&a, &b) {
                        problems.push(format!("{name}.{field}: spec {a:?}, generated {b:?}"));
                    }
                }
            }
        }
        for field in generated_props
            .keys()
            .filter(|f| !spec_props.contains_key(*f))
        {
            problems.push(format!(
                "{name}.{field}: in the generated type, not in the spec"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "spec and generated types disagree:\n{}",
        problems.join("\n")
    );
}

/// The hand-written open enums know exactly the values the spec documents: adding a value to
/// the spec without teaching the enum (or the reverse) fails here.
#[test]
fn open_enums_know_exactly_the_documented_values() {
    let components = spec::component_schemas();
    for (name, known) in [
        ("StorageType", StorageType::KNOWN),
        ("BucketStatus", BucketStatus::KNOWN),
    ] {
        let Shape::OpenString(documented) = shape(&components[name]) else {
            panic!("{name} is not an open string enum in the spec");
        };
        assert_eq!(
            documented,
            known.iter().map(|k| Value::from(*k)).collect::<Vec<_>>(),
            "{name}"
        );
    }
}

/// The drift check itself can fail: a renamed or retyped property is reported.
#[test]
fn the_drift_comparison_detects_a_difference() {
    let spec_field = serde_json::json!({"type": "string", "format": "date-time"});
    let generated_plain = serde_json::json!({"type": ["string", "null"]});
    assert!(!compatible(&shape(&spec_field), &shape(&generated_plain)));
    let generated_same = serde_json::json!({"type": ["string", "null"], "format": "date-time"});
    assert!(compatible(&shape(&spec_field), &shape(&generated_same)));
    let spec_ref = serde_json::json!({"$ref": "#/components/schemas/StorageType"});
    let generated_ref =
        serde_json::json!({"anyOf": [{"$ref": "#/definitions/StorageType"}, {"type": "null"}]});
    assert!(compatible(&shape(&spec_ref), &shape(&generated_ref)));
    let generated_other =
        serde_json::json!({"anyOf": [{"$ref": "#/definitions/BucketStatus"}, {"type": "null"}]});
    assert!(!compatible(&shape(&spec_ref), &shape(&generated_other)));
}
