//! `openapi/flashback.yaml`, read the way the tests need it.

use std::path::PathBuf;
use std::sync::OnceLock;

use flashback_contract::Contract;
use flashback_contract::schema::Strictness;
use serde_json::{Map, Value};

/// The spec's path.
pub fn path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/flashback.yaml"
    ))
}

/// The spec's text.
pub fn text() -> String {
    std::fs::read_to_string(path()).expect("openapi/flashback.yaml is readable")
}

/// The spec as a JSON value (YAML parsed, keys in document order), parsed once per test binary.
pub fn json() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        serde_yaml_ng::from_str(&text()).expect("openapi/flashback.yaml is valid YAML")
    })
}

/// The spec as a typed OpenAPI 3.0 document.
pub fn document() -> openapiv3::OpenAPI {
    serde_yaml_ng::from_str(&text()).expect("openapi/flashback.yaml is OpenAPI 3.0")
}

/// The component schemas, by name, in document order.
pub fn component_schemas() -> &'static Map<String, Value> {
    json()["components"]["schemas"]
        .as_object()
        .expect("components.schemas is a map")
}

/// A JSON Schema validator for an OpenAPI schema of the spec (which may `$ref` components),
/// the spec as written (`nullable` as a `"null"` type; formats such as `date-time` checked):
/// the same conversion `flashback contract check` uses.
pub fn validator(schema: &Value) -> jsonschema::Validator {
    contract()
        .validator(schema, Strictness::AsWritten)
        .expect("the spec's schemas are valid JSON Schema")
}

/// The spec as `flashback-contract` reads it, parsed once per test binary.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| Contract::from_yaml(&text()).expect("the spec is an OpenAPI document"))
}

/// One example of a response body in the spec.
#[derive(Debug, Clone)]
pub struct ResponseExample {
    /// The operation it belongs to.
    pub operation_id: String,
    /// The response status, e.g. `200`.
    pub status: String,
    /// The example's name under `examples`.
    pub name: String,
    /// The response's schema.
    pub schema: Value,
    /// The example value.
    pub value: Value,
}

/// Every response example of every operation, following `$ref`s to shared responses.
pub fn response_examples() -> Vec<ResponseExample> {
    let spec = json();
    let mut found = Vec::new();
    for item in spec["paths"].as_object().expect("paths is a map").values() {
        for operation in item.as_object().expect("a path item is a map").values() {
            let operation_id = operation["operationId"]
                .as_str()
                .expect("operationId")
                .to_owned();
            for (status, response) in operation["responses"].as_object().expect("responses") {
                let response = resolve(spec, response);
                let Some(media) = response["content"].get("application/json") else {
                    continue;
                };
                let examples = media["examples"].as_object().into_iter().flatten();
                for (name, example) in examples {
                    found.push(ResponseExample {
                        operation_id: operation_id.clone(),
                        status: status.clone(),
                        name: name.clone(),
                        schema: media["schema"].clone(),
                        value: example["value"].clone(),
                    });
                }
            }
        }
    }
    found
}

/// Follows a local `$ref` (`#/components/...`), once.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {reference}")),
        None => value,
    }
}

/// The operation at `method` `path` (as in the spec, e.g. `get`, `/bucket`).
pub fn operation(method: &str, path: &str) -> Option<Value> {
    json()["paths"].get(path)?.get(method).cloned()
}

/// The JSON schema of the `status` answer of an operation, following a shared response's
/// `$ref`; `None` when the operation does not document that status or it has no JSON body.
pub fn response_schema(operation: &Value, status: u16) -> Option<Value> {
    let spec = json();
    let response = operation["responses"].get(status.to_string())?;
    let response = resolve(spec, response);
    response["content"]["application/json"]
        .get("schema")
        .cloned()
}
