//! The contract: the OpenAPI document, and what it says each operation answers.

use std::sync::OnceLock;

use serde_json::Value;

use crate::ContractError;
use crate::schema::{Strictness, json_schema};

/// `openapi/flashback.yaml` as this build was made from it.
pub const SPEC_YAML: &str = include_str!("../../../openapi/flashback.yaml");

/// An OpenAPI 3.0 document to check answers against.
#[derive(Debug, Clone)]
pub struct Contract {
    spec: Value,
}

/// What the contract documents for one status of one operation.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    /// The media types and their schemas (`None`: no schema), in the document's order.
    pub(crate) content: Vec<(&'a str, Option<&'a Value>)>,
}

impl Contract {
    /// The contract built into this crate ([`SPEC_YAML`]).
    pub fn embedded() -> &'static Contract {
        static EMBEDDED: OnceLock<Contract> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // A test parses the same text: a build whose spec does not parse fails its tests.
            Contract::from_yaml(SPEC_YAML).expect("the embedded spec is a valid OpenAPI document")
        })
    }

    /// Reads an OpenAPI 3.0 document (YAML or JSON).
    pub fn from_yaml(text: &str) -> Result<Self, ContractError> {
        let spec: Value = serde_yaml_ng::from_str(text).map_err(|error| {
            let place = error
                .location()
                .map(|at| format!("line {}: ", at.line()))
                .unwrap_or_default();
            ContractError::InvalidSpec(format!("{place}{error}"))
        })?;
        if spec.get("paths").and_then(Value::as_object).is_none() {
            return Err(ContractError::InvalidSpec("it has no `paths` map".into()));
        }
        Ok(Self { spec })
    }

    /// The document as JSON.
    pub fn document(&self) -> &Value {
        &self.spec
    }

    /// The operation with `operation_id`.
    fn operation(&self, operation_id: &str) -> Result<&Value, ContractError> {
        self.spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .find(|operation| operation["operationId"] == operation_id)
            .ok_or_else(|| ContractError::UnknownOperation(operation_id.to_owned()))
    }

    /// The statuses documented for `operation_id`, as written (`200`, `default`).
    pub fn statuses(&self, operation_id: &str) -> Result<Vec<&str>, ContractError> {
        let operation = self.operation(operation_id)?;
        Ok(operation["responses"]
            .as_object()
            .map(|responses| responses.keys().map(String::as_str).collect())
            .unwrap_or_default())
    }

    /// What is documented for `status` of `operation_id`: the status itself, else `default`.
    pub(crate) fn response(
        &self,
        operation_id: &str,
        status: &str,
    ) -> Result<Option<Response<'_>>, ContractError> {
        let responses = &self.operation(operation_id)?["responses"];
        let Some(response) = responses.get(status).or_else(|| responses.get("default")) else {
            return Ok(None);
        };
        let response = self.resolve(response)?;
        let content = response["content"]
            .as_object()
            .map(|content| {
                content
                    .iter()
                    .map(|(media, body)| (media.as_str(), body.get("schema")))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(Response { content }))
    }

    /// Follows a local `$ref` (`#/components/...`).
    fn resolve<'a>(&'a self, value: &'a Value) -> Result<&'a Value, ContractError> {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => self
                .spec
                .pointer(reference.trim_start_matches('#'))
                .ok_or_else(|| ContractError::InvalidSpec(format!("dangling $ref {reference}"))),
            None => Ok(value),
        }
    }

    /// A validator of `schema` (which may `$ref` the document's components).
    pub fn validator(
        &self,
        schema: &Value,
        strictness: Strictness,
    ) -> Result<jsonschema::Validator, ContractError> {
        let mut root = json_schema(schema.clone(), strictness);
        let components = json_schema(self.spec["components"].clone(), strictness);
        match &mut root {
            Value::Object(root) => {
                root.insert("components".into(), components);
            }
            _ => {
                return Err(ContractError::InvalidSpec(
                    "a schema is not an object".into(),
                ));
            }
        }
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&root)
            .map_err(|error| {
                ContractError::InvalidSpec(format!("a schema does not compile: {error}"))
            })
    }
}
