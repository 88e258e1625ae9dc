//! Changes to progenitor's output that it has no setting for: a fork kept in the open. Each
//! rewrite matches its target by syn nodes and paths (never by token text), names its target
//! as a constant, and says which upstream change would let it go. After the rewrites,
//! [`postconditions`] check the whole file: a call site a rewrite missed (progenitor changed
//! the shape of one operation's code) is an error naming the rewrite and the operation, not a
//! client that quietly reads one operation's bodies unbounded.
//!
//! `xtask/snapshots/progenitor-client.rs` is progenitor's output before these rewrites
//! (`cargo xtask codegen` writes it, `--check` compares it), so that an upgrade's diff shows
//! what progenitor changed apart from what the rewrites do.
//!
//! * [`DECODER`]: response bodies are read through the client's exchange (which bounds them)
//!   and decoded without ever quoting them in an error. Can go when progenitor lets a client
//!   hook decode responses (its `ClientHooks` see the request and the response, not the body).
//! * [`URL_BUILDER`]: the request URL from the base URL parsed once per client, instead of
//!   `format!("{}/path", client.baseurl)` parsed again by reqwest on every call. Can go when
//!   progenitor keeps a parsed base URL (or lets the inner type build URLs).
//! * [`JSON_SCHEMA`] behind the `schemars` feature: the schema snapshots need it, a service
//!   does not. Can go when progenitor can put a derive behind a feature.
//!
//! Two rewrites were dropped (issue 23): the `api-version` header progenitor sends is removed by
//! `flashback-ext`'s exchange (where the SDK keeps its behaviour), and an absent optional query
//! parameter goes through progenitor's own serializer again (the rewrite saved 0.5 % of a call,
//! not worth a fork; BENCHMARKS.md, figure 2d).

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Token};

/// The function the generated client decodes response bodies with, in place of progenitor's
/// `ResponseValue::from_response(response)`: `crate::response::decode(client, response)`.
/// progenitor's decode error, `Error::InvalidResponsePayload(body, serde_error)`, prints the
/// whole body in its `Display` and `Debug`, and serde's message quotes the offending value: a
/// bucket listing's keys and secrets would end up in logs. The replacement reports the field and
/// the reason without any byte of the body, and reads the body through the client's exchange.
pub const DECODER: &str = "crate::response::decode";
/// What [`DECODER`] replaces: `ResponseValue::from_response`.
const FROM_RESPONSE: [&str; 2] = ["ResponseValue", "from_response"];
/// The method of the inner type that builds a request URL from the parsed base URL.
pub const URL_BUILDER: &str = "operation_url";
/// The derive that goes behind the `schemars` feature.
pub const JSON_SCHEMA: [&str; 2] = ["schemars", "JsonSchema"];

/// A rewrite that missed: which one, where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    /// The rewrite (`decoder`, `url`, `json-schema`).
    pub rewrite: &'static str,
    /// The builder (operation) or type where the site was left, if any.
    pub site: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Missed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rewrite `{}`", self.rewrite)?;
        if let Some(site) = &self.site {
            write!(f, " missed {site}")?;
        }
        write!(
            f,
            ": {}; progenitor's output changed shape: update xtask/src/rewrite.rs (compare \
             xtask/snapshots/progenitor-client.rs before and after)",
            self.reason
        )
    }
}

/// Every rewrite of the generated client, in order, then the postconditions.
pub fn client(tokens: TokenStream) -> Result<TokenStream, Missed> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|err| Missed {
        rewrite: "parse",
        site: None,
        reason: format!("progenitor produced code that does not parse ({err})"),
    })?;
    use_decoder(&mut file)?;
    url_from_parsed_base(&mut file)?;
    json_schema_behind_feature(&mut file);
    postconditions(&file)?;
    Ok(quote!(#file))
}

fn path_names(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect()
}

/// Whether `path` ends with `names` (`progenitor_client::ResponseValue::from_response` ends with
/// `ResponseValue::from_response`).
fn ends_with(path: &syn::Path, names: &[&str]) -> bool {
    let all = path_names(path);
    all.len() >= names.len() && all[all.len() - names.len()..].iter().eq(names.iter())
}

/// `client.baseurl`, as a syn node (parentheses around it included).
fn is_client_baseurl(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(paren) => is_client_baseurl(&paren.expr),
        Expr::Field(field) => {
            matches!(&field.member, syn::Member::Named(name) if name == "baseurl")
                && matches!(&*field.base, Expr::Path(base) if base.path.is_ident("client"))
        }
        _ => false,
    }
}

/// `ResponseValue::from_response(response)` -> `crate::response::decode(client, response)`.
fn use_decoder(file: &mut syn::File) -> Result<(), Missed> {
    struct Swap {
        decoder: syn::ExprPath,
        swapped: usize,
    }
    impl VisitMut for Swap {
        fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
            if let Expr::Path(path) = &*call.func
                && path_names(&path.path) == FROM_RESPONSE
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
        return Err(Missed {
            rewrite: "decoder",
            site: None,
            reason: "no `ResponseValue::from_response` call to replace with \
                     `crate::response::decode`"
                .to_owned(),
        });
    }
    Ok(())
}

/// `format!("{}/bucket/{}", client.baseurl, id)` ->
/// `client.operation_url(format_args!("/bucket/{}", id)).map_err(Error::InvalidRequest)?`.
fn url_from_parsed_base(file: &mut syn::File) -> Result<(), Missed> {
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
        return Err(Missed {
            rewrite: "url",
            site: None,
            reason: "no `format!(\"{}/...\", client.baseurl, ...)` request URL to build from the \
                     parsed base URL"
                .to_owned(),
        });
    }
    Ok(())
}

/// The `format!` arguments of `mac`, if it is a `format!` whose template starts with `{}`.
fn format_args_of(mac: &syn::Macro) -> Option<(syn::LitStr, Vec<Expr>)> {
    if path_names(&mac.path) != ["format"] {
        return None;
    }
    let args = mac
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
    Some((template, args.collect()))
}

fn operation_url(expr: &Expr) -> Option<Expr> {
    let Expr::Macro(mac) = expr else {
        return None;
    };
    let (template, args) = format_args_of(&mac.mac)?;
    let path = template.value().strip_prefix("{}")?.to_owned();
    let (base, rest) = args.split_first()?;
    // Exactly `client.baseurl`: the postconditions catch any other shape.
    if !matches!(base, Expr::Field(_)) || !is_client_baseurl(base) {
        return None;
    }
    let path = syn::LitStr::new(&path, template.span());
    let builder = syn::Ident::new(URL_BUILDER, template.span());
    Some(syn::parse_quote!(
        client
            .#builder(format_args!(#path #(, #rest)*))
            .map_err(Error::InvalidRequest)?
    ))
}

/// `#[derive(..., schemars::JsonSchema)]` -> `#[derive(...)]` and
/// `#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]`. A spec without schemas
/// of its own has no types, so nothing to gate: not an error.
fn json_schema_behind_feature(file: &mut syn::File) {
    struct Gate;
    impl Gate {
        fn attrs(&mut self, attrs: &mut Vec<syn::Attribute>) {
            let mut gated = false;
            for attr in attrs.iter_mut() {
                let Some(derives) = derives(attr) else {
                    continue;
                };
                let kept: Punctuated<syn::Path, Token![,]> = derives
                    .iter()
                    .filter(|path| path_names(path) != JSON_SCHEMA)
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
    Gate.visit_file_mut(file);
}

/// The paths of a `#[derive(...)]`.
fn derives(attr: &syn::Attribute) -> Option<Punctuated<syn::Path, Token![,]>> {
    if !attr.path().is_ident("derive") {
        return None;
    }
    attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .ok()
}

/// What must hold of the whole rewritten file: no `ResponseValue::from_response` in any form,
/// no `client.baseurl` in a `format!`, no `JsonSchema` derived outside the feature. The first
/// site that breaks one is the error, with the builder (operation) or type it is in.
pub fn postconditions(file: &syn::File) -> Result<(), Missed> {
    struct Check {
        /// The type of the `impl` being visited, or the item.
        site: Option<String>,
        missed: Option<Missed>,
    }
    impl Check {
        fn miss(&mut self, rewrite: &'static str, reason: &str) {
            if self.missed.is_none() {
                self.missed = Some(Missed {
                    rewrite,
                    site: self.site.clone(),
                    reason: reason.to_owned(),
                });
            }
        }
    }
    impl<'ast> Visit<'ast> for Check {
        fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
            let outer = self.site.take();
            if let syn::Type::Path(path) = &*item.self_ty {
                let name = path.path.segments.last().map(|s| s.ident.to_string());
                self.site = name.map(|name| format!("operation builder `{name}`"));
            }
            visit::visit_item_impl(self, item);
            self.site = outer;
        }
        fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
            let outer = self.site.replace(format!("type `{}`", item.ident));
            self.attributes(&item.attrs);
            visit::visit_item_struct(self, item);
            self.site = outer;
        }
        fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
            let outer = self.site.replace(format!("type `{}`", item.ident));
            self.attributes(&item.attrs);
            visit::visit_item_enum(self, item);
            self.site = outer;
        }
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if ends_with(&path.path, &FROM_RESPONSE) {
                self.miss(
                    "decoder",
                    "a `ResponseValue::from_response` call is left: that operation would read \
                     bodies unbounded and quote them in errors",
                );
            }
            visit::visit_expr_path(self, path);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if let Some((_, args)) = format_args_of(mac)
                && args.iter().any(is_client_baseurl)
            {
                self.miss(
                    "url",
                    "a request URL is still `format!`ted from `client.baseurl`: that operation \
                     would skip the parsed base URL",
                );
            }
            visit::visit_macro(self, mac);
        }
    }
    impl Check {
        fn attributes(&mut self, attrs: &[syn::Attribute]) {
            let derived = attrs
                .iter()
                .filter_map(derives)
                .any(|paths| paths.iter().any(|path| path_names(path) == JSON_SCHEMA));
            if derived {
                self.miss(
                    "json-schema",
                    "`schemars::JsonSchema` is derived outside the `schemars` feature",
                );
            }
        }
    }
    let mut check = Check {
        site: None,
        missed: None,
    };
    check.visit_file(file);
    match check.missed {
        Some(missed) => Err(missed),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(source: &str) -> Result<String, Missed> {
        let file: syn::File = syn::parse_str(source).unwrap();
        let tokens = client(quote!(#file))?;
        Ok(prettyplease::unparse(&syn::parse2(tokens).unwrap()))
    }

    const SEND: &str = r#"
        #[derive(Clone, Debug, schemars::JsonSchema)]
        pub struct Bucket {}

        pub mod builder {
            pub struct GetBucket<'a> { client: &'a super::Client }
            impl<'a> GetBucket<'a> {
                async fn send(self) {
                    let Self { client, id } = self;
                    let url = format!("{}/bucket/{}", client.baseurl, encode_path(&id));
                    match status {
                        200u16 => ResponseValue::from_response(response).await,
                        _ => todo(),
                    }
                }
            }
            pub struct GetAvailable<'a> { client: &'a super::Client }
            impl<'a> GetAvailable<'a> {
                async fn send(self) {
                    let Self { client } = self;
                    let url = format!("{}/bucket/available", client.baseurl);
                    match status {
                        200u16 => ResponseValue::from_response(response).await,
                        _ => todo(),
                    }
                }
            }
        }
    "#;

    #[test]
    fn rewrites_the_url_the_decoder_and_the_derive() {
        let out = rewrite(SEND).unwrap();
        let compact: String = out.split_whitespace().collect();
        assert!(
            compact.contains(
                r#"leturl=client.operation_url(format_args!("/bucket/{}",encode_path(&id))).map_err(Error::InvalidRequest)?;"#
            ),
            "{out}"
        );
        assert!(
            compact.contains(
                r#"leturl=client.operation_url(format_args!("/bucket/available")).map_err(Error::InvalidRequest)?;"#
            ),
            "{out}"
        );
        assert!(
            out.contains("crate::response::decode(client, response).await"),
            "{out}"
        );
        assert!(
            out.contains(
                "#[derive(Clone, Debug)]\n#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]\npub struct Bucket {}"
            ),
            "{out}"
        );
    }

    #[test]
    fn fails_when_progenitor_output_changed_shape_everywhere() {
        let no_decoder = SEND.replace("ResponseValue::from_response", "decode_it");
        let error = rewrite(&no_decoder).unwrap_err();
        assert_eq!(error.rewrite, "decoder");
        assert!(
            error.to_string().contains("xtask/src/rewrite.rs"),
            "{error}"
        );

        let no_url = SEND.replace("client.baseurl", "client.base");
        assert_eq!(rewrite(&no_url).unwrap_err().rewrite, "url");
    }

    /// One operation's call site in another shape: the rewrite changes the others, and the
    /// postconditions name the one it missed.
    #[test]
    fn a_missed_call_site_names_the_rewrite_and_the_operation() {
        // The second operation decodes through a fully qualified path.
        let at = SEND.rfind("ResponseValue::from_response").unwrap();
        let decoder = format!("{}progenitor_client::{}", &SEND[..at], &SEND[at..]);
        let error = rewrite(&decoder).unwrap_err();
        assert_eq!(error.rewrite, "decoder");
        assert_eq!(
            error.site.as_deref(),
            Some("operation builder `GetAvailable`")
        );

        // The first operation's URL with its base in parentheses.
        let url = SEND.replacen("client.baseurl,", "(client.baseurl),", 1);
        let error = rewrite(&url).unwrap_err();
        assert_eq!(error.rewrite, "url");
        assert_eq!(error.site.as_deref(), Some("operation builder `GetBucket`"));
        assert!(error.to_string().contains("GetBucket"), "{error}");
    }
}
