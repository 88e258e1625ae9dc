//! OpenAPI 3.0 schemas as JSON Schema, as the spec says them (for violations) and closed (for
//! drift).
//!
//! OpenAPI 3.0 schemas are close to JSON Schema draft 7; the one difference the spec uses is
//! `nullable: true`, which becomes a `"null"` type (or a `null` alternative of an `anyOf`).

use serde_json::{Value, json};

/// How much a schema allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// What the spec allows: unknown fields, and any string where an enum is open.
    AsWritten,
    /// Only what the spec lists: objects refuse fields they do not name, and an open enum
    /// (`anyOf` of an `enum` and a free string) accepts only its listed values.
    Closed,
}

/// `schema` (an OpenAPI schema, possibly with `nullable` and local `$ref`s) as JSON Schema.
pub fn json_schema(schema: Value, strictness: Strictness) -> Value {
    match schema {
        Value::Object(mut object) => {
            if strictness == Strictness::Closed {
                close_open_enum(&mut object);
                if object.contains_key("properties") && !object.contains_key("additionalProperties")
                {
                    object.insert("additionalProperties".into(), Value::Bool(false));
                }
            }
            if object.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(kind) = object.remove("type") {
                    object.insert("type".into(), json!([kind, "null"]));
                    if let Some(Value::Array(values)) = object.get_mut("enum") {
                        values.push(Value::Null);
                    }
                } else if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
                    choices.push(json!({ "type": "null" }));
                }
                // Neither: the schema accepts any value, `null` included.
            }
            Value::Object(
                object
                    .into_iter()
                    .map(|(key, value)| {
                        // Property names and examples are data, not schemas.
                        let value = match key.as_str() {
                            "example" | "examples" | "enum" => value,
                            "properties" => properties(value, strictness),
                            _ => json_schema(value, strictness),
                        };
                        (key, value)
                    })
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| json_schema(item, strictness))
                .collect(),
        ),
        other => other,
    }
}

fn properties(value: Value, strictness: Strictness) -> Value {
    match value {
        Value::Object(properties) => Value::Object(
            properties
                .into_iter()
                .map(|(name, schema)| (name, json_schema(schema, strictness)))
                .collect(),
        ),
        other => other,
    }
}

/// `anyOf: [{type: string, enum: [...]}, {type: string, nullable?}]`, the spec's open enum,
/// becomes the enum alone (keeping `nullable`).
fn close_open_enum(object: &mut serde_json::Map<String, Value>) {
    let Some(Value::Array(choices)) = object.get("anyOf") else {
        return;
    };
    let listed = choices.iter().find(|choice| choice.get("enum").is_some());
    let free = choices.iter().find(|choice| {
        choice.get("enum").is_none() && choice.get("type") == Some(&Value::from("string"))
    });
    let (Some(listed), Some(free)) = (listed, free) else {
        return;
    };
    let mut closed = listed.clone();
    if free.get("nullable") == Some(&Value::Bool(true))
        && let Value::Object(closed) = &mut closed
    {
        closed.insert("nullable".into(), Value::Bool(true));
    }
    object.remove("anyOf");
    if let Value::Object(closed) = closed {
        object.extend(closed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_null_type() {
        let schema = json_schema(
            json!({"type": "string", "nullable": true}),
            Strictness::AsWritten,
        );
        assert_eq!(schema, json!({"type": ["string", "null"]}));
    }

    #[test]
    fn closed_schemas_refuse_unlisted_fields_and_values() {
        let open = json!({
            "type": "object",
            "properties": {
                "status": {"anyOf": [
                    {"type": "string", "enum": ["ONLINE"]},
                    {"type": "string", "nullable": true}
                ]}
            }
        });
        let closed = json_schema(open.clone(), Strictness::Closed);
        assert_eq!(
            closed,
            json!({
                "type": "object",
                "additionalProperties": false,
                "properties": {"status": {"type": ["string", "null"], "enum": ["ONLINE", null]}}
            })
        );
        let as_written = json_schema(open, Strictness::AsWritten);
        assert!(as_written.get("additionalProperties").is_none());
        assert_eq!(
            as_written["properties"]["status"]["anyOf"][1],
            json!({"type": ["string", "null"]})
        );
    }
}
