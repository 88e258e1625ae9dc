//! Proxies: which one carries the requests to the platform, checked when the client is built and
//! named in errors. An explicit [`crate::ClientBuilder::proxy`] wins; else the environment as
//! curl reads it (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case), which is
//! what reqwest applies. `NO_PROXY=*` means no proxy for any host, IP addresses included.

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
}

impl ProxyRoute {
    /// Whether it is a SOCKS proxy.
    pub(crate) fn is_socks(&self) -> bool {
        self.socks
    }
}

impl fmt::Display for ProxyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// How the client reaches the platform.
pub(crate) enum ProxyChoice {
    /// As the environment says (reqwest reads it): through this proxy, or directly (`None`).
    Environment(Option<ProxyRoute>),
    /// Through the proxy given to the builder.
    Explicit(ProxyRoute, Box<reqwest::Proxy>),
    /// Directly, whatever the environment says of proxies (`NO_PROXY=*`).
    Direct,
}

impl ProxyChoice {
    /// The proxy requests go through, if any.
    pub(crate) fn route(&self) -> Option<&ProxyRoute> {
        match self {
            Self::Environment(route) => route.as_ref(),
            Self::Explicit(route, _) => Some(route),
            Self::Direct => None,
        }
    }
}

/// The proxy for requests to `base_url`: `explicit` if given, else the environment's.
pub(crate) fn choose(
    base_url: &BaseUrl,
    explicit: Option<&str>,
) -> Result<ProxyChoice, ConfigError> {
    if let Some(text) = explicit {
        let route = route(text, "the proxy given to the client builder")?;
        let proxy = reqwest::Proxy::all(text).map_err(|error| ConfigError::InvalidProxy {
            setting: "the proxy given to the client builder".to_owned(),
            reason: error.to_string(),
        })?;
        return Ok(ProxyChoice::Explicit(route, Box::new(proxy)));
    }
    let no_proxy = first_set(&["NO_PROXY", "no_proxy"]).unwrap_or_default();
    if no_proxy.split(',').any(|entry| entry.trim() == "*") {
        return Ok(ProxyChoice::Direct);
    }
    let Ok(uri) = base_url.as_str().parse::<http::Uri>() else {
        return Ok(ProxyChoice::Environment(None));
    };
    if Matcher::from_system().intercept(&uri).is_none() {
        return Ok(ProxyChoice::Environment(None));
    }
    let variables: &[&str] = if base_url.is_plain_http() {
        &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    };
    let found = variables
        .iter()
        .find_map(|name| first_set(&[name]).map(|value| (*name, value)));
    match found {
        Some((variable, value)) => Ok(ProxyChoice::Environment(Some(route(&value, variable)?))),
        None => Ok(ProxyChoice::Environment(None)),
    }
}

/// The first of `names` that is set and not blank.
fn first_set(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
}

/// The route of the proxy URL `text` (`host:port` alone means `http://`), named by `setting`
/// in a refusal.
fn route(text: &str, setting: &str) -> Result<ProxyRoute, ConfigError> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    };
    let url = Url::parse(&with_scheme).map_err(|error| ConfigError::InvalidProxy {
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
