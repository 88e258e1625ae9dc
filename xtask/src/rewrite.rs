//! Changes to progenitor's output that it has no setting for. Each rewrite fails when it finds
//! nothing to change: progenitor's output changed shape, and the client would silently lose
//! what the rewrite gives it.
//!
//! * [`DECODER`]: response bodies are read through the client's exchange (which bounds them)
//!   and decoded without ever quoting them in an error.
//! * The request URL: progenitor formats `"{baseurl}/path"` as text, which reqwest parses again
//!   on every call (IDNA and all: more instructions than the rest of the SDK's per-call work).
//!   The rewritten code asks the client for it: the base URL parsed once, with the path.
//! * No `api-version` header: progenitor sends the spec's `info.version` as `api-version` on
//!   every request, a header the platform does not document.
//! * No query serializer for an optional parameter that is absent: progenitor calls
//!   `.query(...)` for every query parameter, which runs serde and reqwest's query machinery
//!   even for `None`; the rewritten code calls `crate::hooks::optional_query`, which adds the
//!   parameter only when it is there.
//! * `JsonSchema` behind the `schemars` feature: the schema snapshots need it, a service does
//!   not, and schemars with its derive macro is a fair part of a cold build.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Token};

/// The function the generated client decodes response bodies with, in place of progenitor's
/// `ResponseValue::from_response(response)`: `crate::response::decode(client, response)`.
/// progenitor's decode error, `Error::InvalidResponsePayload(body, serde_error)`, prints the
/// whole body in its `Display` and `Debug`, and serde's message quotes the offending value: a
/// bucket listing's keys and secrets would end up in logs. The replacement reports the field and
/// the reason without any byte of the body, and reads the body through the client's exchange.
pub const DECODER: &str = "crate::response::decode";

/// Every rewrite of the generated client, in order.
pub fn client(tokens: TokenStream) -> Result<TokenStream, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|err| {
        format!("progenitor produced code that does not parse ({err}); report this upstream")
    })?;
    use_decoder(&mut file)?;
    url_from_parsed_base(&mut file)?;
    without_api_version(&mut file)?;
    optional_queries(&mut file);
    json_schema_behind_feature(&mut file)?;
    Ok(quote!(#file))
}

/// The rewrite that found nothing to change.
fn unchanged(what: &str) -> String {
    format!(
        "the generated client has no {what}: progenitor's output changed; update \
         xtask/src/rewrite.rs"
    )
}

fn path_names(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect()
}

/// `ResponseValue::from_response(response)` -> `crate::response::decode(client, response)`.
fn use_decoder(file: &mut syn::File) -> Result<(), String> {
    struct Swap {
        decoder: syn::ExprPath,
        swapped: usize,
    }
    impl VisitMut for Swap {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            if let Expr::Path(path) = &*call.func
                && path_names(&path.path) == ["ResponseValue", "from_response"]
            {
                *call.func = Expr::Path(self.decoder.clone());
                call.args.insert(0, syn::parse_quote!(client));
                self.swapped += 1;
            }
            visit_mut::visit_expr_call_mut(self, call);
        }
    }
    let mut swap = Swap {
        decoder: syn::parse_str(DECODER).expect("DECODER is a path expression"),
        swapped: 0,
    };
    swap.visit_file_mut(file);
    if swap.swapped == 0 {
        return Err(unchanged(
            "`ResponseValue::from_response` call to replace with `crate::response::decode`",
        ));
    }
    Ok(())
}

/// `format!("{}/bucket/{}", client.baseurl, id)` ->
/// `client.operation_url(format_args!("/bucket/{}", id)).map_err(Error::InvalidRequest)?`.
fn url_from_parsed_base(file: &mut syn::File) -> Result<(), String> {
    struct Urls {
        rewritten: usize,
    }
    impl VisitMut for Urls {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Some(replacement) = operation_url(expr) {
                *expr = replacement;
                self.rewritten += 1;
                return;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
    }
    let mut urls = Urls { rewritten: 0 };
    urls.visit_file_mut(file);
    if urls.rewritten == 0 {
        return Err(unchanged(
            "`format!(\"{}/...\", client.baseurl, ...)` request URL to build from the parsed \
             base URL",
        ));
    }
    Ok(())
}

fn operation_url(expr: &Expr) -> Option<Expr> {
    let Expr::Macro(mac) = expr else {
        return None;
    };
    if path_names(&mac.mac.path) != ["format"] {
        return None;
    }
    let args = mac
        .mac
        .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .ok()?;
    let mut args = args.into_iter();
    let Some(Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(template),
        ..
    })) = args.next()
    else {
        return None;
    };
    let path = template.value().strip_prefix("{}")?.to_owned();
    let base = args.next()?;
    if base.to_token_stream().to_string() != "client . baseurl" {
        return None;
    }
    let rest: Vec<Expr> = args.collect();
    let path = syn::LitStr::new(&path, template.span());
    Some(syn::parse_quote!(
        client
            .operation_url(format_args!(#path #(, #rest)*))
            .map_err(Error::InvalidRequest)?
    ))
}

/// Drops the `api-version` header: the `header_map.append(...)` that adds it and, when no other
/// header goes into `header_map`, the map itself and its `.headers(header_map)`.
fn without_api_version(file: &mut syn::File) -> Result<(), String> {
    struct ApiVersion {
        dropped: usize,
    }
    impl VisitMut for ApiVersion {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            let before = block.stmts.len();
            block
                .stmts
                .retain(|stmt| !mentions(stmt, "header_map") || !mentions(stmt, "\"api-version\""));
            if block.stmts.len() < before {
                self.dropped += 1;
                let uses = block
                    .stmts
                    .iter()
                    .filter(|stmt| mentions(stmt, "header_map"))
                    .count();
                // The `let` and the `.headers(header_map)`: nothing else goes into the map.
                if uses == 2 {
                    block.stmts.retain(|stmt| {
                        !(matches!(stmt, syn::Stmt::Local(_)) && mentions(stmt, "header_map ="))
                    });
                    let mut unused = UnusedHeaders;
                    for stmt in &mut block.stmts {
                        unused.visit_stmt_mut(stmt);
                    }
                }
            }
            visit_mut::visit_block_mut(self, block);
        }
    }
    struct UnusedHeaders;
    impl VisitMut for UnusedHeaders {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Expr::MethodCall(call) = expr
                && call.method == "headers"
                && call.args.len() == 1
                && call.args[0].to_token_stream().to_string() == "header_map"
            {
                *expr = (*call.receiver).clone();
                self.visit_expr_mut(expr);
                return;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
    }
    let mut api_version = ApiVersion { dropped: 0 };
    api_version.visit_file_mut(file);
    if api_version.dropped == 0 {
        return Err(unchanged("`api-version` header to drop"));
    }
    Ok(())
}

/// `.query(&progenitor_client::QueryParam::new("name", &field))`, where the builder's `field`
/// is optional (`Result<Option<T>, String>`), -> `crate::hooks::optional_query(request, "name",
/// &field)`. Required parameters keep progenitor's call. A spec without optional query
/// parameters has nothing to rewrite.
fn optional_queries(file: &mut syn::File) {
    use std::collections::{HashMap, HashSet};

    // Each builder struct's optional fields.
    let mut optional: HashMap<String, HashSet<String>> = HashMap::new();
    struct Fields<'a>(&'a mut HashMap<String, HashSet<String>>);
    impl VisitMut for Fields<'_> {
        fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
            for field in &item.fields {
                let ty = field.ty.to_token_stream().to_string();
                if let Some(name) = &field.ident
                    && ty.starts_with("Result < :: std :: option :: Option <")
                        | ty.starts_with("Result < Option <")
                {
                    self.0
                        .entry(item.ident.to_string())
                        .or_default()
                        .insert(name.to_string());
                }
            }
        }
    }
    Fields(&mut optional).visit_file_mut(file);

    struct Queries<'a> {
        optional: &'a HashMap<String, HashSet<String>>,
        current: Option<&'a HashSet<String>>,
    }
    impl VisitMut for Queries<'_> {
        fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
            let name = item.self_ty.to_token_stream().to_string();
            let name = name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            self.current = self.optional.get(&name);
            visit_mut::visit_item_impl_mut(self, item);
            self.current = None;
        }
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            visit_mut::visit_expr_mut(self, expr);
            let Some(fields) = self.current else {
                return;
            };
            let Expr::MethodCall(call) = expr else {
                return;
            };
            if call.method != "query" || call.args.len() != 1 {
                return;
            }
            let Expr::Reference(reference) = &call.args[0] else {
                return;
            };
            let Expr::Call(new) = &*reference.expr else {
                return;
            };
            let Expr::Path(path) = &*new.func else {
                return;
            };
            if path_names(&path.path) != ["progenitor_client", "QueryParam", "new"]
                || new.args.len() != 2
            {
                return;
            }
            let (name, value) = (&new.args[0], &new.args[1]);
            // `&field`: the builder's field, by name.
            let Expr::Reference(field) = value else {
                return;
            };
            let Expr::Path(field) = &*field.expr else {
                return;
            };
            if !field
                .path
                .get_ident()
                .is_some_and(|field| fields.contains(&field.to_string()))
            {
                return;
            }
            let receiver = &call.receiver;
            *expr = syn::parse_quote!(crate::hooks::optional_query(#receiver, #name, #value));
        }
    }
    Queries {
        optional: &optional,
        current: None,
    }
    .visit_file_mut(file);
}

/// `#[derive(..., schemars::JsonSchema)]` -> `#[derive(...)]` and
/// `#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]`.
fn json_schema_behind_feature(file: &mut syn::File) -> Result<(), String> {
    struct Gate;
    impl Gate {
        fn attrs(&mut self, attrs: &mut Vec<syn::Attribute>) {
            let mut gated = false;
            for attr in attrs.iter_mut() {
                if !attr.path().is_ident("derive") {
                    continue;
                }
                let Ok(derives) =
                    attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                else {
                    continue;
                };
                let kept: Punctuated<syn::Path, Token![,]> = derives
                    .iter()
                    .filter(|path| path_names(path) != ["schemars", "JsonSchema"])
                    .cloned()
                    .collect();
                if kept.len() < derives.len() {
                    *attr = syn::parse_quote!(#[derive(#kept)]);
                    gated = true;
                }
            }
            if gated {
                attrs.push(syn::parse_quote!(
                    #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
                ));
            }
        }
    }
    impl VisitMut for Gate {
        fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
            self.attrs(&mut item.attrs);
            visit_mut::visit_item_struct_mut(self, item);
        }
        fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
            self.attrs(&mut item.attrs);
            visit_mut::visit_item_enum_mut(self, item);
        }
    }
    // A spec without schemas of its own has no types, so nothing to gate: not an error.
    Gate.visit_file_mut(file);
    Ok(())
}

/// Whether `stmt`'s tokens contain `text` (tokens spaced as `to_string` spaces them).
fn mentions(stmt: &syn::Stmt, text: &str) -> bool {
    stmt.to_token_stream().to_string().contains(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(source: &str) -> Result<String, String> {
        let file: syn::File = syn::parse_str(source).unwrap();
        let tokens = client(quote!(#file))?;
        Ok(prettyplease::unparse(&syn::parse2(tokens).unwrap()))
    }

    const SEND: &str = r#"
        #[derive(Clone, Debug, schemars::JsonSchema)]
        pub struct Bucket {}

        pub struct Listing<'a> {
            client: &'a super::Client,
            workspace_id: Result<Option<::std::string::String>, String>,
            region: Result<::std::string::String, String>,
        }
        impl<'a> Listing<'a> {
            async fn send(self) {
                let request = client
                    .client
                    .get(url)
                    .query(&progenitor_client::QueryParam::new("workspaceId", &workspace_id))
                    .query(&progenitor_client::QueryParam::new("region", &region))
                    .build()?;
            }
        }

        async fn send(self) {
            let Self { client, id } = self;
            let url = format!("{}/bucket/{}", client.baseurl, encode_path(&id));
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map.append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
            );
            let mut request = client.client.get(url).header(ACCEPT, json).headers(header_map).build()?;
            match status {
                200u16 => ResponseValue::from_response(response).await,
                _ => todo(),
            }
        }
    "#;

    #[test]
    fn rewrites_the_url_the_decoder_and_the_api_version() {
        let out = rewrite(SEND).unwrap();
        assert!(
            out.contains(
                r#"let url = client
        .operation_url(format_args!("/bucket/{}", encode_path(& id)))
        .map_err(Error::InvalidRequest)?;"#
            ),
            "{out}"
        );
        assert!(
            out.contains("crate::response::decode(client, response).await"),
            "{out}"
        );
        assert!(!out.contains("api-version"), "{out}");
        assert!(!out.contains("header_map"), "{out}");
        assert!(
            out.contains("client.client.get(url).header(ACCEPT, json).build()?"),
            "{out}"
        );
        let compact: String = out.split_whitespace().collect();
        assert!(
            compact.contains(
                r#"crate::hooks::optional_query(client.client.get(url),"workspaceId",&workspace_id,)"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#".query(&progenitor_client::QueryParam::new("region", &region))"#),
            "a required parameter keeps progenitor's call: {out}"
        );
        assert!(
            out.contains(
                "#[derive(Clone, Debug)]\n#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\npub struct Bucket {}"
            ),
            "{out}"
        );
    }

    #[test]
    fn keeps_the_header_map_when_other_headers_use_it() {
        let source = SEND.replace(
            "let mut request",
            "header_map.append(\"x-trace\", trace);\n let mut request",
        );
        let out = rewrite(&source).unwrap();
        assert!(!out.contains("api-version"), "{out}");
        assert!(out.contains(".headers(header_map)"), "{out}");
        assert!(
            out.contains("header_map.append(\"x-trace\", trace)"),
            "{out}"
        );
    }

    #[test]
    fn fails_when_progenitor_output_changed_shape() {
        let no_decoder = SEND.replace("ResponseValue::from_response", "decode_it");
        let error = rewrite(&no_decoder).unwrap_err();
        assert!(error.contains("ResponseValue::from_response"), "{error}");
        assert!(error.contains("xtask/src/rewrite.rs"), "{error}");

        let no_url = SEND.replace("client.baseurl", "client.base");
        assert!(rewrite(&no_url).unwrap_err().contains("request URL"));

        let no_version = SEND.replace("api-version", "x-version");
        assert!(rewrite(&no_version).unwrap_err().contains("api-version"));
    }
}
