//! Loading `openapi/flashback.yaml` and checking what the generator needs of it.
//!
//! Every failure is a [`SpecError`] that names the file, the line (and column, for YAML syntax)
//! and what is wrong, so that a bad edit to the spec reads like a compiler error instead of a
//! serde message or a panic deep inside progenitor.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, ReferenceOr};
use serde_yaml_ng::Value;

use crate::locate::line_of;

/// A spec that parsed and passed the generator's checks.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Where the spec was read from, as given (used in messages and in the generated header).
    pub path: PathBuf,
    /// The text of the spec.
    pub text: String,
    /// The parsed OpenAPI 3.0 document.
    pub document: OpenAPI,
}

/// What is wrong with a spec, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub path: PathBuf,
    /// 1-based line, when it is known.
    pub line: Option<usize>,
    /// 1-based column, when it is known.
    pub column: Option<usize>,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SpecError {}

impl SpecError {
    pub(crate) fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// One operation of the spec: enough to name it in messages and to isolate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRef {
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template, e.g. `/bucket`.
    pub route: String,
    /// The operationId.
    pub id: String,
}

impl fmt::Display for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({} {})", self.id, self.method, self.route)
    }
}

impl Spec {
    /// Reads and checks the spec at `path`.
    pub fn load(path: &Path) -> Result<Self, SpecError> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| SpecError::new(path, None, format!("cannot read the spec: {err}")))?;
        Self::parse(path, text)
    }

    /// Checks `text` as the spec at `path` (which is only used in messages).
    pub fn parse(path: &Path, text: String) -> Result<Self, SpecError> {
        let value: Value = serde_yaml_ng::from_str(&text).map_err(|err| {
            let location = err.location();
            SpecError {
                path: path.to_owned(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                message: format!("invalid YAML: {}", strip_location(&err.to_string())),
            }
        })?;
        check_version(path, &text, &value)?;
        check_references(path, &text, &value)?;
        let document: OpenAPI = match serde_path_to_error::deserialize(value.clone()) {
            Ok(document) => document,
            Err(err) => return Err(shape_error(path, &text, &value, err)),
        };
        let spec = Self {
            path: path.to_owned(),
            text,
            document,
        };
        spec.check_operations()?;
        Ok(spec)
    }

    /// Every operation, in document order.
    ///
    /// Only call this on a checked spec: path items that are references and operations without
    /// an id are rejected by [`Spec::parse`].
    pub fn operations(&self) -> Vec<OperationRef> {
        self.document
            .paths
            .iter()
            .filter_map(|(route, item)| Some((route, item.as_item()?)))
            .flat_map(|(route, item)| {
                item.iter().map(move |(method, operation)| OperationRef {
                    method: method.to_uppercase(),
                    route: route.clone(),
                    id: operation.operation_id.clone().unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The line where `operation` starts in the spec.
    pub fn line_of_operation(&self, operation: &OperationRef) -> Option<usize> {
        let method = operation.method.to_lowercase();
        line_of(&self.text, &["paths", &operation.route, &method])
    }

    /// The spec reduced to one operation (and every component), to find which operation the
    /// generator fails on.
    pub fn with_only(&self, operation: &OperationRef) -> OpenAPI {
        let mut document = self.document.clone();
        document
            .paths
            .paths
            .retain(|route, _| *route == operation.route);
        for item in document.paths.paths.values_mut() {
            if let ReferenceOr::Item(item) = item {
                let keep = operation.method.to_lowercase();
                for (method, slot) in [
                    ("get", &mut item.get),
                    ("put", &mut item.put),
                    ("post", &mut item.post),
                    ("delete", &mut item.delete),
                    ("options", &mut item.options),
                    ("head", &mut item.head),
                    ("patch", &mut item.patch),
                    ("trace", &mut item.trace),
                ] {
                    if method != keep {
                        *slot = None;
                    }
                }
            }
        }
        document
    }

    fn check_operations(&self) -> Result<(), SpecError> {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (route, item) in &self.document.paths.paths {
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(SpecError::new(
                        &self.path,
                        line_of(&self.text, &["paths", route]),
                        format!(
                            "path `{route}` is a reference (`{reference}`); the generator needs \
                             the path item written out in this file"
                        ),
                    ));
                }
            };
            for (method, operation) in item.iter() {
                let line = line_of(&self.text, &["paths", route, method]);
                let upper = method.to_uppercase();
                let Some(id) = &operation.operation_id else {
                    return Err(SpecError::new(
                        &self.path,
                        line,
                        format!(
                            "operation {upper} {route} has no operationId; add one (it names the \
                             generated method, e.g. `operationId: getStorageBuckets`)"
                        ),
                    ));
                };
                if let Some(first) = seen.insert(id.clone(), format!("{upper} {route}")) {
                    return Err(SpecError::new(
                        &self.path,
                        line,
                        format!(
                            "operationId `{id}` of {upper} {route} is already used by {first}; \
                             operationIds must be unique"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Every local `$ref` (`#/components/schemas/Name`, ...) names something the document has. The
/// generator would fail on the first operation that reaches the missing component, however far
/// from it the broken `$ref` is; this names the `$ref`'s own line.
fn check_references(path: &Path, text: &str, value: &Value) -> Result<(), SpecError> {
    let mut references = Vec::new();
    collect_references(value, &mut references);
    for reference in references {
        let Some(pointer) = reference.strip_prefix('#') else {
            continue; // another file: the generator says what it makes of it
        };
        let target = pointer
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .try_fold(value, |node, key| node.get(key.as_str()));
        if target.is_none() {
            let line = text
                .lines()
                .position(|line| line.contains("$ref") && line.contains(reference.as_str()))
                .map(|index| index + 1);
            return Err(SpecError::new(
                path,
                line,
                format!(
                    "`$ref: '{reference}'` points at nothing in this document; define it or \
                     correct the reference"
                ),
            ));
        }
    }
    Ok(())
}

/// Every `$ref` string under `value`, in document order.
fn collect_references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                match (key.as_str(), child) {
                    (Some("$ref"), Value::String(reference)) => into.push(reference.clone()),
                    _ => collect_references(child, into),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_references(item, into)),
        Value::Tagged(tagged) => collect_references(&tagged.value, into),
        _ => {}
    }
}

/// Only OpenAPI 3.0.x can be generated: progenitor rejects 3.1, and a 3.1 document parsed as
/// 3.0 fails with confusing messages, so the version is checked before anything else.
fn check_version(path: &Path, text: &str, value: &Value) -> Result<(), SpecError> {
    let line = line_of(text, &["openapi"]);
    let version = match value.get("openapi") {
        None => {
            let message = if value.get("swagger").is_some() {
                "this is a Swagger 2.0 document; the generator needs OpenAPI 3.0.x \
                 (`openapi: 3.0.3`)"
            } else {
                "no `openapi` field; the generator needs an OpenAPI 3.0.x document \
                 (`openapi: 3.0.3`)"
            };
            return Err(SpecError::new(path, line_of(text, &["swagger"]), message));
        }
        Some(Value::String(version)) => version.clone(),
        Some(other) => {
            // `openapi: 3.0` is a float to YAML: say how to write it.
            let shown = serde_yaml_ng::to_string(other).unwrap_or_default();
            return Err(SpecError::new(
                path,
                line,
                format!(
                    "`openapi` must be a string such as `3.0.3`, found `{}`; quote it",
                    shown.trim()
                ),
            ));
        }
    };
    if version.trim().starts_with("3.0.") {
        Ok(())
    } else {
        Err(SpecError::new(
            path,
            line,
            format!(
                "OpenAPI {version} is not supported: progenitor generates from OpenAPI 3.0.x only; \
                 write the spec as `openapi: 3.0.3`"
            ),
        ))
    }
}

/// A document that is YAML but not OpenAPI 3.0: say where, by key path and line.
fn shape_error(
    path: &Path,
    text: &str,
    value: &Value,
    err: serde_path_to_error::Error<serde_yaml_ng::Error>,
) -> SpecError {
    let mut keys = map_keys(err.path());
    let mut message = format!("`{}`: {}", err.path(), err.inner());
    // openapiv3 deserializes `paths` and each path item through flattened maps and untagged
    // enums, where the key path stops; deserializing each operation alone finds the field.
    if keys == ["paths"]
        && let Some((route, method, inner)) = first_bad_operation(value)
    {
        keys = vec!["paths".to_owned(), route.clone(), method.clone()];
        keys.extend(map_keys(inner.path()));
        message = format!(
            "`paths.{route}.{method}.{}`: {}",
            inner.path(),
            inner.inner()
        );
    }
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    SpecError::new(
        path,
        line_of(text, &keys),
        format!("not a valid OpenAPI 3.0 document at {message}"),
    )
}

/// The first operation under `paths` that does not deserialize, with its error.
fn first_bad_operation(
    value: &Value,
) -> Option<(
    String,
    String,
    serde_path_to_error::Error<serde_yaml_ng::Error>,
)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let items = value.get("paths").and_then(Value::as_mapping)?;
    items.iter().find_map(|(route, item)| {
        let route = route.as_str()?;
        METHODS.iter().find_map(|method| {
            let operation = item.get(method)?.clone();
            serde_path_to_error::deserialize::<_, openapiv3::Operation>(operation)
                .err()
                .map(|err| (route.to_owned(), (*method).to_owned(), err))
        })
    })
}

fn map_keys(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// `serde_yaml_ng` appends "at line L column C" to its messages; the location is already in
/// the error's prefix.
fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(index) => &message[..index],
        None => message,
    }
}
