//! The operation table: what the spec says about each operation, as Rust constants.
//!
//! `flashback-api` gets an `Operation` enum with the operationId, method, path, summary,
//! documented statuses, query parameters and the fields of the listed item of every operation.
//! The hand-written crates (the SDK's errors and traces, the fake's router and faults, the
//! CLI's columns, the conformance test) read these facts from the table instead of restating
//! them, so a new endpoint in the spec reaches them by regenerating.
//!
//! The enum is `#[non_exhaustive]`: code outside `flashback-api` that matches on it needs a
//! wildcard arm, so adding an operation to the spec never breaks the build of a crate that has
//! not learnt about it yet.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::spec::{Spec, SpecError};

/// What the table holds of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationFacts {
    /// The operationId, e.g. `getStorageBuckets`.
    pub id: String,
    /// Upper case, e.g. `GET`.
    pub method: String,
    /// The path template, e.g. `/bucket`.
    pub path: String,
    /// The spec's summary, or an empty string.
    pub summary: String,
    /// Every documented status, ascending (ranges such as `5XX` are not statuses and are left
    /// out; `default` too).
    pub statuses: Vec<u16>,
    /// The names of the query parameters, in the spec's order.
    pub query: Vec<String>,
    /// The properties of the objects a successful answer lists (the items of the array that is
    /// the body, or of the body's first array property), in the spec's order; empty when the
    /// answer lists nothing.
    pub item_fields: Vec<String>,
}

/// The facts of every operation, in the spec's order.
pub fn facts(spec: &Spec) -> Result<Vec<OperationFacts>, SpecError> {
    let document = &spec.document;
    let mut all = Vec::new();
    for operation in spec.operations() {
        let item = document.paths.paths[&operation.route]
            .as_item()
            .expect("Spec::parse rejects path items that are references");
        let method = operation.method.to_lowercase();
        let (_, details) = item
            .iter()
            .find(|(m, _)| *m == method)
            .expect("the operation came from this path item");
        let mut statuses: Vec<u16> = details
            .responses
            .responses
            .keys()
            .filter_map(|status| match status {
                StatusCode::Code(code) => Some(*code),
                StatusCode::Range(_) => None,
            })
            .collect();
        statuses.sort_unstable();
        let query = details
            .parameters
            .iter()
            .filter_map(|parameter| match parameter {
                ReferenceOr::Item(openapiv3::Parameter::Query { parameter_data, .. }) => {
                    Some(parameter_data.name.clone())
                }
                _ => None,
            })
            .collect();
        let item_fields = listed_item(document, details)
            .map(|schema| properties(document, schema))
            .unwrap_or_default();
        all.push(OperationFacts {
            id: operation.id.clone(),
            method: operation.method.clone(),
            path: operation.route.clone(),
            summary: details.summary.clone().unwrap_or_default(),
            statuses,
            query,
            item_fields,
        });
    }
    if all.is_empty() {
        return Err(SpecError::new(
            &spec.path,
            None,
            "the spec has no operations; add at least one under `paths`",
        ));
    }
    Ok(all)
}

/// The schema of the objects the first 2xx JSON answer of `operation` lists.
fn listed_item<'a>(
    document: &'a OpenAPI,
    operation: &'a openapiv3::Operation,
) -> Option<&'a Schema> {
    let response = operation
        .responses
        .responses
        .iter()
        .find_map(|(status, response)| {
            matches!(status, StatusCode::Code(200..=299)).then_some(response)
        })?;
    let response = match response {
        ReferenceOr::Item(response) => response,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            document
                .components
                .as_ref()?
                .responses
                .get(name)?
                .as_item()?
        }
    };
    let body = resolve(
        document,
        response.content.get("application/json")?.schema.as_ref()?,
    )?;
    if let Some(items) = array_items(document, body) {
        return Some(items);
    }
    let SchemaKind::Type(Type::Object(object)) = &body.schema_kind else {
        return None;
    };
    object.properties.values().find_map(|property| {
        let property = resolve_boxed(document, property)?;
        array_items(document, property)
    })
}

fn array_items<'a>(document: &'a OpenAPI, schema: &'a Schema) -> Option<&'a Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => resolve_boxed(document, array.items.as_ref()?),
        _ => None,
    }
}

fn properties(document: &OpenAPI, schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.keys().cloned().collect(),
        // `allOf` of objects: the properties of each part, in order.
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .filter_map(|part| resolve(document, part))
            .flat_map(|part| properties(document, part))
            .collect(),
        _ => Vec::new(),
    }
}

fn resolve<'a>(document: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => component(document, reference),
    }
}

fn resolve_boxed<'a>(
    document: &'a OpenAPI,
    schema: &'a ReferenceOr<Box<Schema>>,
) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => component(document, reference),
    }
}

fn component<'a>(document: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    resolve(document, document.components.as_ref()?.schemas.get(name)?)
}

/// The Rust name of an operationId: `getStorageBuckets` → `GetStorageBuckets`.
pub(crate) fn variant(id: &str) -> Ident {
    let mut name = String::with_capacity(id.len());
    let mut upper = true;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                name.extend(c.to_uppercase());
            } else {
                name.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'O');
    }
    Ident::new(&name, Span::call_site())
}

/// For `flashback-httpmock`: its hand-written `Answers` trait implemented for each operation's
/// generated `Then` (progenitor names it `<OperationId>Then`, as the operation's variant).
/// Fails when progenitor's output has no such type: its naming changed.
pub fn answers(all: &[OperationFacts], httpmock: &TokenStream) -> Result<TokenStream, String> {
    let generated = httpmock.to_string();
    let mut impls = Vec::new();
    for op in all {
        let variant = variant(&op.id);
        let then = format_ident!("{variant}Then");
        if !generated.contains(&format!("pub struct {then} ")) {
            return Err(format!(
                "the generated httpmock helpers have no `{then}` for operation `{}`: \
                 progenitor's naming changed; update xtask/src/operations.rs",
                op.id
            ));
        }
        impls.push(quote! {
            impl crate::Answers for operations::#then {
                const OPERATION: flashback_api::operations::Operation =
                    flashback_api::operations::Operation::#variant;
                fn into_then(self) -> ::httpmock::Then {
                    self.into_inner()
                }
                fn from_then(then: ::httpmock::Then) -> Self {
                    Self::new(then)
                }
            }
        });
    }
    Ok(quote!(#httpmock #(#impls)*))
}

/// The `operations` module of `flashback-api`.
pub fn tokens(all: &[OperationFacts]) -> TokenStream {
    let variants: Vec<Ident> = all.iter().map(|op| variant(&op.id)).collect();
    let docs = all.iter().map(|op| {
        let doc = if op.summary.is_empty() {
            format!(" `{} {}` (`{}`).", op.method, op.path, op.id)
        } else {
            format!(
                " `{} {}` (`{}`): {}.",
                op.method, op.path, op.id, op.summary
            )
        };
        quote!(#[doc = #doc])
    });
    let ids = all.iter().map(|op| &op.id);
    let methods = all.iter().map(|op| &op.method);
    let paths = all.iter().map(|op| &op.path);
    let summaries = all.iter().map(|op| &op.summary);
    let routes = all.iter().map(|op| format!("{} {}", op.method, op.path));
    let statuses = all.iter().map(|op| {
        let codes = op
            .statuses
            .iter()
            .map(|code| Literal::u16_unsuffixed(*code));
        quote!(&[#(#codes),*])
    });
    let queries = all.iter().map(|op| {
        let names = &op.query;
        quote!(&[#(#names),*])
    });
    let fields = all.iter().map(|op| {
        let names = &op.item_fields;
        quote!(&[#(#names),*])
    });
    let v = &variants;
    quote! {
        //! The operations of the API, as the spec declares them: one home for the operationId,
        //! method, path, summary, documented statuses, query parameters and listed fields of each.

        /// An operation of the API. New operations appear when the spec gains them, so code
        /// outside this crate matches with a wildcard arm.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            #(#docs #v,)*
        }

        impl Operation {
            /// Every operation, in the spec's order.
            pub const ALL: &'static [Operation] = &[#(Operation::#v),*];

            /// The operationId, e.g. `getStorageBuckets`.
            pub const fn id(self) -> &'static str {
                match self { #(Operation::#v => #ids,)* }
            }

            /// The HTTP method, upper case.
            pub const fn method(self) -> &'static str {
                match self { #(Operation::#v => #methods,)* }
            }

            /// The path template, relative to the base URL.
            pub const fn path(self) -> &'static str {
                match self { #(Operation::#v => #paths,)* }
            }

            /// The spec's one-line summary (empty when it has none).
            pub const fn summary(self) -> &'static str {
                match self { #(Operation::#v => #summaries,)* }
            }

            /// Every status the spec documents for the operation, ascending.
            pub const fn statuses(self) -> &'static [u16] {
                match self { #(Operation::#v => #statuses,)* }
            }

            /// The names of the query parameters.
            pub const fn query_parameters(self) -> &'static [&'static str] {
                match self { #(Operation::#v => #queries,)* }
            }

            /// The fields of the objects a successful answer lists, in the spec's order (empty
            /// when it lists nothing).
            pub const fn item_fields(self) -> &'static [&'static str] {
                match self { #(Operation::#v => #fields,)* }
            }

            /// `METHOD /path`, e.g. `GET /bucket`.
            pub const fn route(self) -> &'static str {
                match self { #(Operation::#v => #routes,)* }
            }

            /// Whether the spec documents `status` for the operation.
            pub fn documents(self, status: u16) -> bool {
                self.statuses().contains(&status)
            }

            /// The operation with this operationId.
            pub fn from_id(id: &str) -> Option<Operation> {
                Operation::ALL.iter().copied().find(|operation| operation.id() == id)
            }
        }

        impl std::fmt::Display for Operation {
            /// The operationId.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variant;

    #[test]
    fn operation_ids_become_rust_names() {
        assert_eq!(
            variant("getStorageBuckets").to_string(),
            "GetStorageBuckets"
        );
        assert_eq!(variant("get_bucket-list").to_string(), "GetBucketList");
        assert_eq!(variant("2fa").to_string(), "O2fa");
    }
}
