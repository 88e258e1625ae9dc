//! What a failed attempt was, as an [`Error`] of the right kind (the kind, the status and the
//! server's `Retry-After` are what the retry decision reads): [`classify`] reads what the
//! generated client returned and what the attempt's exchange saw; a server's answer becomes an
//! error in `error::convert`, and a failure of the road is worded here, named by its hop (the
//! proxy, the TLS handshake, the connection with its host and port, the body).

use std::time::SystemTime;

use flashback_api::types::ErrorResponse;
use progenitor_client::Error as ApiError;

use super::exchange::AttemptExchange;
use super::replay::closed_before_answer;
use super::{ProxyRoute, ReadFailure};
use crate::error::{
    ArgumentError, ClientCertificateRefusal, Error, ErrorKind, from_status, invalid, sources,
};

/// Classifies a failed call. `exchange` is the attempt's: what it saw of the response (the
/// generated error drops the head when a body does not decode), whether the body went over the
/// limit, the proxy requests go through (to name the hop that failed). `token` is what to scrub
/// from server messages.
pub(crate) async fn classify(
    error: ApiError<ErrorResponse>,
    exchange: &AttemptExchange,
    now: SystemTime,
    token: &str,
) -> Error {
    let head = exchange.head();
    let proxy = exchange.proxy();
    let status = head.map(|head| head.status.as_u16());
    if let Some(too_large) = exchange.too_large() {
        return invalid(status, too_large.to_string());
    }
    match error {
        ApiError::ErrorResponse(response) => {
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            let message = response.into_inner().message;
            from_status(status, &headers, message, now, token, proxy_name(proxy))
        }
        ApiError::UnexpectedResponse(mut response) => {
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            // An undocumented status may still carry the platform's error body, read within
            // the limit like every other.
            let message = match exchange.read_within_limit(response).await {
                Ok(body) if status == 400 && client_certificate_page(&body) => {
                    // nginx's page for a client certificate it requires: by its title, never
                    // echoed.
                    let host = exchange.authority();
                    let presented = exchange.presented_certificate();
                    let what = "it answered 400 \"No required SSL certificate was sent\"";
                    return client_certificate_wanted(host, presented, what).with_status(status);
                }
                Ok(body) => serde_json::from_slice::<ErrorResponse>(&body)
                    .ok()
                    .and_then(|body| body.message),
                Err(ReadFailure::TooLarge(too_large)) => {
                    return invalid(Some(status), too_large.to_string());
                }
                Err(ReadFailure::Read(_)) => None,
            };
            from_status(status, &headers, message, now, token, proxy_name(proxy))
        }
        // flashback-api's decoder describes the failure without the body.
        ApiError::InvalidResponsePayload(_, error) => match head {
            Some(head) if !head.status.is_success() => from_status(
                head.status.as_u16(),
                &head.headers,
                None,
                now,
                token,
                proxy_name(proxy),
            ),
            _ => invalid(status, error.to_string()),
        },
        ApiError::ResponseBodyError(source)
        | ApiError::CommunicationError(source)
        | ApiError::InvalidUpgrade(source) => transport(source, status, exchange),
        ApiError::InvalidRequest(reason) => {
            Error::argument(ArgumentError::InvalidRequest { reason })
        }
        ApiError::Custom(detail) => Error::new(ErrorKind::Transport).with_detail(detail),
    }
}

/// Whether `body` is nginx's page for a request without the client certificate it requires
/// (`ssl_verify_client on`): `<title>400 No required SSL certificate was sent</title>`.
fn client_certificate_page(body: &[u8]) -> bool {
    const TITLE: &[u8] = b"No required SSL certificate was sent";
    body.windows(TITLE.len()).any(|window| window == TITLE)
}

/// The proxy as an error names it.
fn proxy_name(proxy: Option<&ProxyRoute>) -> Option<&dyn std::fmt::Display> {
    proxy.map(|proxy| proxy as &dyn std::fmt::Display)
}

/// A failure of the road, named by its hop: the proxy, the TLS handshake, the connection (with
/// host and port), or the body.
fn transport(source: reqwest::Error, status: Option<u16>, exchange: &AttemptExchange) -> Error {
    let (proxy, authority) = (exchange.proxy(), exchange.authority());
    if let Some(error) = tls_failure(&source, proxy, exchange.presented_certificate()) {
        return error.with_source(source);
    }
    if let Some(error) = proxy_failure(&source, proxy) {
        return error.with_source(source);
    }
    // TLS 1.3: the server's refusal of a handshake without the certificate it asked for may
    // reach the client only as the connection's end (see `transport::tls`).
    if exchange.certificate_asked_unanswered() && closed_before_answer(&source) {
        let host = source
            .url()
            .and_then(|url| url.host_str())
            .unwrap_or("the server")
            .to_owned();
        let what = "it asked for one in the TLS handshake, then closed the connection before \
                    answering";
        return client_certificate_wanted(&host, exchange.presented_certificate(), what)
            .with_source(source);
    }
    // reqwest reports any failure while it decompresses or passes the body on as a decode
    // error: a connection lost mid-body is one too. That is a transport failure of a GET (as a
    // reset or a timeout is), retried per policy; only bytes that arrived whole and do not
    // inflate are a broken answer.
    if source.is_decode() && !connection_lost(&source) {
        // gzip that does not inflate: a broken answer, not an outage.
        return invalid(
            status,
            format!(
                "the response body could not be decoded ({})",
                innermost(&source)
            ),
        )
        .with_source(source);
    }
    let target = source
        .url()
        .map(|url| {
            format!(
                "{}:{}",
                url.host_str().unwrap_or("the server"),
                url.port_or_known_default().unwrap_or(443)
            )
        })
        .unwrap_or_else(|| authority.to_owned());
    let (kind, detail) = if source.is_timeout() {
        (ErrorKind::Timeout, "the request timed out".to_owned())
    } else if source.is_connect() {
        (ErrorKind::Transport, connect_failure(&source, &target))
    } else if source.is_redirect() {
        (ErrorKind::Transport, "too many redirects".to_owned())
    } else if source.is_body() || source.is_decode() {
        (
            ErrorKind::Transport,
            format!(
                "the answer from {target} was cut short: the connection ended before the whole \
                 body arrived ({})",
                innermost(&source)
            ),
        )
    } else {
        (
            ErrorKind::Transport,
            format!("the request to {target} failed"),
        )
    };
    Error::new(kind).with_detail(detail).with_source(source)
}

/// Whether the connection was lost under `source` (hyper's or h2's error for a body cut short,
/// a reset): not a fault of the bytes that did arrive. A decompressor wraps what its input
/// failed with in an `io::Error`, whose `source()` skips it: look inside.
fn connection_lost(source: &reqwest::Error) -> bool {
    fn lost(error: &(dyn std::error::Error + 'static)) -> bool {
        error.downcast_ref::<hyper::Error>().is_some()
            || error.downcast_ref::<h2::Error>().is_some()
            || error.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::BrokenPipe
                )
            })
    }
    sources(source).any(|error| {
        lost(error)
            || error
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                .is_some_and(|inner| lost(inner))
    })
}

/// Why a connection could not be made, in words: `could not connect to HOST:PORT (connection
/// refused)`, or that the host name does not resolve.
fn connect_failure(source: &reqwest::Error, target: &str) -> String {
    let io = sources(source).find_map(|error| error.downcast_ref::<std::io::Error>());
    let text = innermost(source).to_ascii_lowercase();
    let why = match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".to_owned(),
        Some(std::io::ErrorKind::TimedOut) => "the connection timed out".to_owned(),
        _ if text.contains("dns") || text.contains("lookup") || text.contains("resolve") => {
            let host = target.rsplit_once(':').map_or(target, |(host, _)| host);
            return format!("could not connect: the host name {host} does not resolve");
        }
        _ => innermost(source),
    };
    format!("could not connect to {target} ({why})")
}

/// The proxy's part in a failure, when it had one: a refusal of the credentials (a `407`, a
/// SOCKS login refused: never retried, a wrong password retried can lock the account), a
/// connection the SOCKS proxy's rules refuse (not retried), a tunnel it could not open, or the
/// proxy itself out of reach.
fn proxy_failure(source: &reqwest::Error, proxy: Option<&ProxyRoute>) -> Option<Error> {
    let proxy = proxy?;
    let texts: Vec<String> = sources(source)
        .map(|error| error.to_string().to_ascii_lowercase())
        .collect();
    let says = |needle: &str| texts.iter().any(|text| text.contains(needle));
    let error = Error::new(ErrorKind::Proxy);
    let what = if proxy.is_socks() {
        "SOCKS proxy"
    } else {
        "proxy"
    };
    if says("proxy authorization required") {
        return Some(error.with_status(407).credentials_refused().with_detail(format!(
            "the {what} at {proxy} refused the credentials (407): check the user and password in \
             the proxy URL"
        )));
    }
    // hyper-util's SOCKS5 client: RFC 1929's login refused, or no login offered to a proxy that
    // wants one.
    if says("credentials not accepted") || says("does not support user/pass authentication") {
        return Some(error.credentials_refused().with_detail(format!(
            "the {what} at {proxy} refused the login: check the user and password in the proxy \
             URL (socks5h://USER:PASSWORD@HOST:PORT)"
        )));
    }
    if says("socks error: connection not allowed") {
        return Some(error.credentials_refused().with_detail(format!(
            "the {what} at {proxy} does not allow a connection to the platform (its rules \
             refuse it)"
        )));
    }
    if says("failed to create underlying connection")
        || (source.is_connect() && !says("tunnel") && !says("socks"))
    {
        return Some(error.with_detail(format!(
            "could not connect to the {what} at {proxy} ({})",
            innermost(source)
        )));
    }
    if says("tunnel error") || says("socks error") {
        return Some(error.with_detail(format!(
            "the {what} at {proxy} could not open a connection to the platform ({})",
            innermost(source)
        )));
    }
    None
}

/// The innermost error's message: the one that says what happened (`Connection refused (os
/// error 111)`, `received fatal alert: HandshakeFailure`).
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    sources(error)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// What went wrong in a TLS handshake, in words, naming the hop whose handshake it was: the
/// HTTPS proxy's (its certificate, when the tunnel could not even be asked for) or the
/// platform's. A certificate the client rejects (untrusted, expired, for another host), a
/// server that wants a client certificate (TLS 1.3's `certificate_required` alert) or rejects
/// the one presented, a server that does not speak TLS, or no version or cipher in common.
/// Both TLS backends say "certificate" somewhere in the chain for the first; rustls names the
/// reason (`UnknownIssuer`, `Expired`, `NotValidForName...`).
fn tls_failure(
    source: &reqwest::Error,
    proxy: Option<&ProxyRoute>,
    presented_certificate: bool,
) -> Option<Error> {
    let tls = |detail: String| Error::new(ErrorKind::Tls).with_detail(detail);
    let platform = source
        .url()
        .and_then(|url| url.host_str())
        .unwrap_or("the server")
        .to_owned();
    // hyper-util's tunnel says this when it could not make its connection to the proxy, the
    // TLS handshake with an https:// proxy included.
    let at_proxy = proxy.filter(|proxy| {
        proxy.is_https()
            && sources(source).any(|error| {
                error
                    .to_string()
                    .contains("failed to create underlying connection")
            })
    });
    let host = match at_proxy {
        Some(proxy) => format!("the proxy at {proxy}"),
        None => platform,
    };
    let trust_hint = if at_proxy.is_some() {
        "; add the proxy's certificate authority to the trusted ones (SSL_CERT_FILE, or \
         ClientBuilder::add_root_certificate)"
    } else {
        ""
    };
    for error in sources(source) {
        let text = error.to_string();
        let lower = text.to_ascii_lowercase();
        // The server asked for a client certificate: an alert *about* certificates that is not
        // about the server's.
        if lower.contains("certificaterequired") || lower.contains("certificate required") {
            return Some(client_certificate_wanted(
                &host,
                presented_certificate,
                &text,
            ));
        }
        if lower.contains("received fatal alert")
            && (lower.contains("badcertificate")
                || lower.contains("unknownca")
                || lower.contains("bad certificate")
                || lower.contains("unknown ca"))
        {
            return Some(
                tls(format!(
                    "{host} did not accept the client certificate ({text}); check the \
                     certificate and key given as the client certificate"
                ))
                .client_certificate_refused(ClientCertificateRefusal::NotAccepted),
            );
        }
        if lower.contains("certificate") {
            let reason = [
                (
                    "unknownissuer",
                    "it is not signed by a certificate authority this machine trusts",
                ),
                (
                    "unable to get local issuer",
                    "it is not signed by a certificate authority this machine trusts",
                ),
                (
                    "self-signed",
                    "it is self-signed and not trusted by this machine",
                ),
                (
                    "self signed",
                    "it is self-signed and not trusted by this machine",
                ),
                ("notvalidforname", "it is not valid for this host name"),
                ("not valid for name", "it is not valid for this host name"),
                ("hostname mismatch", "it is not valid for this host name"),
                ("notvalidyet", "it is not valid yet"),
                ("expired", "it has expired"),
                ("revoked", "it has been revoked"),
            ]
            .iter()
            .find(|(needle, _)| lower.contains(needle))
            .map_or("it was rejected", |(_, reason)| reason);
            return Some(tls(format!(
                "the certificate of {host} is not accepted: {reason} ({text}){trust_hint}"
            )));
        }
        if lower.contains("corrupt message") || lower.contains("wrong version number") {
            return Some(tls(format!(
                "{host} did not answer with TLS; is it a plain http:// server? ({text})"
            )));
        }
        // An alert other than about the certificate: no protocol version or cipher in common.
        if lower.contains("received fatal alert")
            || lower.contains("handshakefailure")
            || lower.contains("no shared cipher")
            || lower.contains("peerincompatible")
        {
            return Some(tls(format!(
                "the TLS handshake with {host} failed: they share no protocol version or cipher \
                 this client allows ({text})"
            )));
        }
    }
    None
}

/// A server (or a gateway before it) that wants a client certificate, and got none, or not
/// one it accepts. `what`: how it said so.
fn client_certificate_wanted(host: &str, presented: bool, what: &str) -> Error {
    let detail = if presented {
        format!(
            "{host} requires a client certificate and did not accept the one presented ({what})"
        )
    } else {
        format!(
            "{host} requires a client certificate and none was presented ({what}); give one \
             with ClientBuilder::identity_pem"
        )
    };
    Error::new(ErrorKind::Tls)
        .with_detail(detail)
        .client_certificate_refused(ClientCertificateRefusal::given(presented))
}
