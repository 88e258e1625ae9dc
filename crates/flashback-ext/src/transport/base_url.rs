//! The base URL of the platform, validated once at configuration time.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;

use crate::defaults::BASE_URL as DEFAULT_BASE_URL;

/// A base URL the client can use: `http` or `https`, a host, no credentials, query or
/// fragment. A path prefix is kept (`https://host/api/` sends `GET /api/bucket`) and trailing
/// slashes are dropped, since the generated client appends `/bucket` to it.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: Url,
    text: String,
}

impl BaseUrl {
    /// Parses and validates `input`; the error says what to write instead.
    pub(crate) fn parse(input: &str) -> Result<Self, String> {
        // Never echo a URL that may carry credentials.
        let shown = if input.contains('@') {
            "(a URL with credentials)"
        } else {
            input
        };
        let url = Url::parse(input.trim()).map_err(|err| {
            format!("invalid base URL `{shown}`: {err}; write it like `{DEFAULT_BASE_URL}`")
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "invalid base URL `{shown}`: the scheme must be https (or http for a local server)"
            ));
        }
        if url.host().is_none() {
            return Err(format!("invalid base URL `{shown}`: it has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(
                "invalid base URL: it carries credentials; pass the token with `token()` or \
                 FLASHBACK_TOKEN instead"
                    .to_owned(),
            );
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "invalid base URL `{shown}`: remove the query string and fragment"
            ));
        }
        let text = url.as_str().trim_end_matches('/').to_owned();
        Ok(Self { url, text })
    }

    /// The URL of `path` (an operation's path, `/bucket`) under this base URL, from the URL
    /// parsed once: no text parsed again.
    pub(crate) fn join(&self, path: &str) -> Url {
        let mut url = self.url.clone();
        let stem = self.url.path().trim_end_matches('/');
        url.set_path(&format!("{stem}{path}"));
        url
    }

    /// The URL without a trailing slash, as the generated client takes it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether requests would travel as plain text.
    pub(crate) fn is_plain_http(&self) -> bool {
        self.url.scheme() == "http"
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    pub(crate) fn is_loopback(&self) -> bool {
        match self.url.host_str() {
            Some(host) => {
                let host = host.trim_start_matches('[').trim_end_matches(']');
                host.eq_ignore_ascii_case("localhost")
                    || host.to_ascii_lowercase().ends_with(".localhost")
                    || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
            }
            None => false,
        }
    }

    /// Whether a token sent here would cross the network as plain text: `http://` to a host
    /// other than this machine. The client refuses that unless explicitly allowed.
    pub(crate) fn exposes_token(&self) -> bool {
        self.is_plain_http() && !self.is_loopback()
    }

    /// The host, for messages.
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// The port requests go to: the URL's, or the scheme's (443, 80).
    pub fn port(&self) -> u16 {
        self.url.port_or_known_default().unwrap_or(443)
    }

    /// The origin (`https://host:port`, the port only when not the scheme's own), as URLs
    /// serialise theirs: for telling a redirect within the platform from one elsewhere.
    pub(crate) fn origin(&self) -> String {
        self.url.origin().ascii_serialization()
    }

    /// The path prefix without a trailing slash (empty for none): `/api` in
    /// `https://host/api/`.
    pub fn path_prefix(&self) -> &str {
        self.url.path().trim_end_matches('/')
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({:?})", self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::BaseUrl;

    #[test]
    fn trailing_slashes_go_and_path_prefixes_stay() {
        assert_eq!(
            BaseUrl::parse("https://backend.flashback.tech/")
                .unwrap()
                .as_str(),
            "https://backend.flashback.tech"
        );
        assert_eq!(
            BaseUrl::parse("https://host/api/").unwrap().as_str(),
            "https://host/api"
        );
        assert_eq!(
            BaseUrl::parse("https://host/api").unwrap().as_str(),
            "https://host/api"
        );
        assert_eq!(
            BaseUrl::parse(" http://127.0.0.1:4010 ").unwrap().as_str(),
            "http://127.0.0.1:4010"
        );
    }

    #[test]
    fn join_puts_the_path_after_the_prefix() {
        let join = |base: &str| BaseUrl::parse(base).unwrap().join("/bucket").to_string();
        assert_eq!(
            join("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/bucket"
        );
        assert_eq!(
            join("https://h.example/api/"),
            "https://h.example/api/bucket"
        );
        assert_eq!(
            join("https://h.example/api"),
            "https://h.example/api/bucket"
        );
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        let cases = [
            ("backend.flashback.tech", "relative URL without a base"),
            ("ftp://host", "scheme must be https"),
            ("https://host/?x=1", "remove the query string"),
            ("https://host/#top", "remove the query string and fragment"),
        ];
        for (input, expected) in cases {
            let err = BaseUrl::parse(input).unwrap_err();
            assert!(err.contains(expected), "{input}: {err}");
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let err = BaseUrl::parse("https://user:hunter2@host/").unwrap_err();
        assert!(err.contains("carries credentials"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let err = BaseUrl::parse("https://user:hunter2@").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn loopback_hosts() {
        for url in [
            "http://localhost:1",
            "http://127.0.0.1",
            "http://127.8.9.10",
            "http://[::1]:80",
            "http://api.localhost",
        ] {
            assert!(BaseUrl::parse(url).unwrap().is_loopback(), "{url}");
        }
        for url in [
            "http://example.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
        ] {
            assert!(!BaseUrl::parse(url).unwrap().is_loopback(), "{url}");
        }
    }
}
