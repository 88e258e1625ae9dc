//! Proxies: which one carries the requests to the platform, checked when the client is built and
//! named in errors. An explicit [`crate::ClientBuilder::proxy`] wins; else the environment,
//! exactly as curl reads it, and the SDK (not reqwest) reads it:
//!
//! | the platform is | proxy variables, first set wins | never read |
//! | --- | --- | --- |
//! | `https://` | `https_proxy`, `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY` | |
//! | `http://` | `http_proxy`, then `all_proxy`, `ALL_PROXY` | `HTTP_PROXY` (CGI puts a request's `Proxy:` header there: "httpoxy") |
//!
//! and `no_proxy`, then `NO_PROXY`: a comma-separated list of host names (a leading dot or
//! not: the domain and its subdomains), IP addresses and CIDR ranges, each with an optional
//! port, any case, spaces ignored; `*` alone means no proxy for any host, IP addresses
//! included. Lower case first, as curl does. An empty variable counts as unset.

use std::fmt;

use hyper_util::client::proxy::matcher::Matcher;
use reqwest::Url;

use super::base_url::BaseUrl;
use crate::error::ConfigError;

/// The schemes a proxy URL may have.
const SCHEMES: [&str; 6] = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

/// A proxy, as errors name it: `http://proxy.internal:3128`, never its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProxyRoute {
    shown: String,
    socks: bool,
    https: bool,
}

impl ProxyRoute {
    /// Whether it is a SOCKS proxy.
    pub(crate) fn is_socks(&self) -> bool {
        self.socks
    }

    /// Whether the client speaks TLS to the proxy itself (`https://`).
    pub(crate) fn is_https(&self) -> bool {
        self.https
    }
}

impl fmt::Display for ProxyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// How the client reaches the platform.
pub(crate) enum ProxyChoice {
    /// Through this proxy (given to the builder, or from the environment).
    Through(ProxyRoute, Box<reqwest::Proxy>),
    /// Directly, whatever reqwest would read of the environment.
    Direct,
}

impl ProxyChoice {
    /// The proxy requests go through, if any.
    pub(crate) fn route(&self) -> Option<&ProxyRoute> {
        match self {
            Self::Through(route, _) => Some(route),
            Self::Direct => None,
        }
    }
}

/// The proxy for requests to `base_url`: `explicit` if given, else the environment's (see the
/// module docs).
pub(crate) fn choose(
    base_url: &BaseUrl,
    explicit: Option<&str>,
) -> Result<ProxyChoice, ConfigError> {
    choose_with(base_url, explicit, |name| std::env::var(name).ok())
}

/// [`choose`] with the environment as `variable` reads it.
fn choose_with(
    base_url: &BaseUrl,
    explicit: Option<&str>,
    variable: impl Fn(&str) -> Option<String>,
) -> Result<ProxyChoice, ConfigError> {
    if let Some(text) = explicit {
        return through(text, "the proxy given to the client builder");
    }
    let first_set = |names: &[&'static str]| {
        names.iter().find_map(|&name| {
            variable(name)
                .filter(|value| !value.trim().is_empty())
                .map(|value| (name, value))
        })
    };
    let scheme_variables: &[&'static str] = if base_url.is_plain_http() {
        &["http_proxy"]
    } else {
        &["https_proxy", "HTTPS_PROXY"]
    };
    let Some((name, value)) =
        first_set(scheme_variables).or_else(|| first_set(&["all_proxy", "ALL_PROXY"]))
    else {
        return Ok(ProxyChoice::Direct);
    };
    let no_proxy = first_set(&["no_proxy", "NO_PROXY"])
        .map(|(_, value)| value)
        .unwrap_or_default();
    if no_proxy.split(',').any(|entry| entry.trim() == "*") {
        return Ok(ProxyChoice::Direct);
    }
    let Ok(uri) = base_url.as_str().parse::<http::Uri>() else {
        return Ok(ProxyChoice::Direct);
    };
    let matcher = Matcher::builder()
        .all(with_scheme(&value))
        .no(no_proxy)
        .build();
    if matcher.intercept(&uri).is_none() {
        return Ok(ProxyChoice::Direct);
    }
    through(&value, name)
}

/// Through the proxy at `text`, named by `setting` in a refusal.
fn through(text: &str, setting: &str) -> Result<ProxyChoice, ConfigError> {
    let route = route(text, setting)?;
    let proxy =
        reqwest::Proxy::all(with_scheme(text)).map_err(|error| ConfigError::InvalidProxy {
            setting: setting.to_owned(),
            reason: error.to_string(),
        })?;
    Ok(ProxyChoice::Through(route, Box::new(proxy)))
}

/// `text` with a scheme: `host:port` alone means `http://`.
fn with_scheme(text: &str) -> String {
    let text = text.trim();
    if text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    }
}

/// The route of the proxy URL `text` (`host:port` alone means `http://`), named by `setting`
/// in a refusal.
fn route(text: &str, setting: &str) -> Result<ProxyRoute, ConfigError> {
    let url = Url::parse(&with_scheme(text)).map_err(|error| ConfigError::InvalidProxy {
        setting: setting.to_owned(),
        reason: error.to_string(),
    })?;
    let scheme = url.scheme().to_owned();
    if !SCHEMES.contains(&scheme.as_str()) {
        return Err(ConfigError::UnsupportedProxy {
            setting: setting.to_owned(),
            scheme,
        });
    }
    let host = url.host_str().ok_or_else(|| ConfigError::InvalidProxy {
        setting: setting.to_owned(),
        reason: "it has no host".to_owned(),
    })?;
    let port = url
        .port_or_known_default()
        .unwrap_or(if scheme.starts_with("socks") {
            1080
        } else {
            80
        });
    Ok(ProxyRoute {
        shown: format!("{scheme}://{host}:{port}"),
        socks: scheme.starts_with("socks"),
        https: scheme == "https",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_never_shows_credentials() {
        let http = route("http://user:SENTINEL-PASSWORD@proxy.internal:3128", "X").unwrap();
        assert_eq!(http.to_string(), "http://proxy.internal:3128");
        assert!(!format!("{http:?}").contains("SENTINEL"));
        let socks = route("socks5h://127.0.0.1:1080", "X").unwrap();
        assert_eq!(socks.to_string(), "socks5h://127.0.0.1:1080");
        assert!(socks.is_socks());
        assert_eq!(
            route("proxy.internal:8080", "X").unwrap().to_string(),
            "http://proxy.internal:8080"
        );
    }

    #[test]
    fn unsupported_schemes_are_refused_naming_the_source() {
        let error = route("ftp://proxy.internal", "HTTPS_PROXY").unwrap_err();
        assert_eq!(
            error,
            ConfigError::UnsupportedProxy {
                setting: "HTTPS_PROXY".into(),
                scheme: "ftp".into()
            }
        );
        assert!(error.to_string().contains("HTTPS_PROXY"), "{error}");
    }

    /// The environment of a test: `pairs` and nothing else.
    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        }
    }

    fn chosen(base: &str, pairs: &[(&str, &str)]) -> Option<String> {
        let base = BaseUrl::parse(base).unwrap();
        choose_with(&base, None, env(pairs))
            .unwrap()
            .route()
            .map(ToString::to_string)
    }

    #[test]
    fn variables_are_read_as_curl_reads_them() {
        let https = "https://backend.flashback.tech";
        let http = "http://10.0.0.7:8080";
        // Lower case first.
        let both = [
            ("https_proxy", "http://lower:1"),
            ("HTTPS_PROXY", "http://upper:2"),
        ];
        assert_eq!(chosen(https, &both).as_deref(), Some("http://lower:1"));
        assert_eq!(
            chosen(https, &[("HTTPS_PROXY", "http://upper:2")]).as_deref(),
            Some("http://upper:2")
        );
        // Upper-case HTTP_PROXY is never read (httpoxy); the lower case is.
        assert_eq!(chosen(http, &[("HTTP_PROXY", "http://cgi:3")]), None);
        assert_eq!(
            chosen(http, &[("http_proxy", "http://lower:4")]).as_deref(),
            Some("http://lower:4")
        );
        // all_proxy before ALL_PROXY, and only when the scheme's variable is not set.
        let all = [
            ("ALL_PROXY", "socks5h://upper:5"),
            ("all_proxy", "socks5h://lower:6"),
        ];
        assert_eq!(chosen(https, &all).as_deref(), Some("socks5h://lower:6"));
        // An empty variable counts as unset.
        assert_eq!(
            chosen(
                https,
                &[("https_proxy", " "), ("HTTPS_PROXY", "http://upper:2")]
            )
            .as_deref(),
            Some("http://upper:2")
        );
        // no_proxy before NO_PROXY.
        let excluded = [
            ("https_proxy", "http://p:1"),
            ("no_proxy", "flashback.tech"),
            ("NO_PROXY", "other.example"),
        ];
        assert_eq!(chosen(https, &excluded), None);
    }

    #[test]
    fn no_proxy_takes_every_form_curl_takes() {
        let proxy = ("https_proxy", "http://p:1");
        for (base, no_proxy) in [
            ("https://backend.flashback.tech", ".flashback.tech"),
            ("https://backend.flashback.tech", "FLASHBACK.TECH"),
            (
                "https://backend.flashback.tech",
                " example.com , backend.flashback.tech ",
            ),
            ("https://10.1.2.3", "10.0.0.0/8"),
            ("https://[::1]:8443", "::1"),
            ("https://backend.flashback.tech", "*"),
        ] {
            assert_eq!(
                chosen(base, &[proxy, ("NO_PROXY", no_proxy)]),
                None,
                "{base} {no_proxy}"
            );
        }
        assert_eq!(
            chosen(
                "https://backend.flashback.tech",
                &[proxy, ("NO_PROXY", "example.com")]
            )
            .as_deref(),
            Some("http://p:1")
        );
    }

    #[test]
    fn an_explicit_proxy_wins() {
        let base = BaseUrl::parse("https://backend.flashback.tech").unwrap();
        let choice = choose(&base, Some("http://127.0.0.1:3128")).unwrap();
        assert_eq!(
            choice.route().map(ToString::to_string).as_deref(),
            Some("http://127.0.0.1:3128")
        );
        assert!(matches!(
            choose(&base, Some("gopher://x")),
            Err(ConfigError::UnsupportedProxy { .. })
        ));
    }
}
