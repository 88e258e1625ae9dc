//! Every hop named: a SOCKS5 proxy that refuses the login (one login, never retried, the
//! password never printed), a SOCKS proxy whose rules refuse the connection, an `https://`
//! proxy whose certificate is not trusted (the proxy named, not the platform), and gateways
//! that require a client certificate (the TLS alert, nginx's `400` page), with the client
//! certificate that gets through. All on 127.0.0.1, port 0, through `flashback-fake`.

mod support;

use flashback_ext::error::{ClientCertificateRefusal, ConfigError, StopReason};
use flashback_ext::{Client, ErrorKind, RetryPolicy};
use flashback_fake::proxy::{ProxyKind, ProxyServer};
use flashback_fake::test_pki::TestCa;
use flashback_fake::{DEMO_GLOBAL_TOKEN, FakeServer, Fault, Options, Reply};

const PASSWORD: &str = "SENTINEL-PROXY-PASSWORD-9d2e";

/// The demo fake over HTTPS with a certificate of `ca`.
async fn https_fake(ca: &TestCa) -> FakeServer {
    support::https_fake(&ca.server_certificate(&["127.0.0.1"])).await
}

/// A client of `server`, trusting `ca`, with 3 attempts so that a retry would show.
fn builder(server: &FakeServer, ca: &TestCa) -> flashback_ext::ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .token(DEMO_GLOBAL_TOKEN)
        .add_root_certificate(ca.certificate_pem())
        .retry_policy(RetryPolicy::default().with_max_attempts(3))
}

#[tokio::test]
async fn a_refused_socks_login_is_tried_once_and_names_the_proxy() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca).await;
    let proxy = ProxyServer::start(ProxyKind::Socks5WithCredentials {
        user: "ada".into(),
        password: "right-password".into(),
    })
    .await
    .unwrap();
    let address = proxy.address();
    let wrong = builder(&server, &ca)
        .proxy(format!("socks5h://ada:{PASSWORD}@{address}"))
        .build()
        .unwrap();
    let error = wrong.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Proxy, "{error}");
    assert!(error.proxy_refused(), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(error.stop_reason(), Some(StopReason::Final));
    assert_eq!(proxy.connections(), 1, "one login, never a second");
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "the SOCKS proxy at socks5h://{address} refused the login"
        )),
        "{text}"
    );
    assert!(!text.contains(PASSWORD) && !format!("{error:?}").contains(PASSWORD));

    let right = builder(&server, &ca)
        .proxy(format!("socks5h://ada:right-password@{address}"))
        .build()
        .unwrap();
    assert_eq!(right.list_buckets().await.unwrap().len(), 12);
}

#[tokio::test]
async fn a_socks_proxy_that_refuses_the_connection_is_named() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca).await;
    let proxy = ProxyServer::start(ProxyKind::Socks5Refusing).await.unwrap();
    let client = builder(&server, &ca)
        .proxy(format!("socks5h://{}", proxy.address()))
        .build()
        .unwrap();
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Proxy, "{error}");
    assert!(
        error.to_string().contains(&format!(
            "the SOCKS proxy at socks5h://{} does not allow a connection",
            proxy.address()
        )),
        "{error}"
    );
    assert_eq!(
        proxy.connections(),
        1,
        "its rules will not change on a retry"
    );
}

#[tokio::test]
async fn an_untrusted_https_proxy_is_named_not_the_platform() {
    let platform_ca = TestCa::new("platform CA");
    let proxy_ca = TestCa::new("a proxy CA nobody trusts");
    let server = https_fake(&platform_ca).await;
    let proxy_tls = proxy_ca.server_certificate(&["localhost"]).tls_config();
    let proxy = ProxyServer::start_on(
        ProxyKind::Connect,
        "127.0.0.1:0".parse().unwrap(),
        Some(&proxy_tls),
    )
    .await
    .unwrap();
    let port = proxy.address().port();
    let untrusting = builder(&server, &platform_ca)
        .proxy(format!("https://localhost:{port}"))
        .build()
        .unwrap();
    let error = untrusting.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "the certificate of the proxy at https://localhost:{port} is not accepted"
        )),
        "{text}"
    );
    assert!(text.contains("the proxy's certificate authority"), "{text}");

    // Trusting the proxy's CA too, the listing goes through it.
    let trusting = builder(&server, &platform_ca)
        .add_root_certificate(proxy_ca.certificate_pem())
        .proxy(format!("https://localhost:{port}"))
        .build()
        .unwrap();
    assert_eq!(trusting.list_buckets().await.unwrap().len(), 12);
}

/// A fake that requires a client certificate of `client_ca`.
async fn gateway(ca: &TestCa, client_ca: &TestCa) -> FakeServer {
    let tls = ca
        .server_certificate(&["127.0.0.1"])
        .tls_config()
        .require_client_certificate(client_ca.certificate_pem().as_bytes())
        .unwrap();
    flashback_fake::start(Options {
        tls: Some(tls),
        ..Options::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_gateway_that_requires_a_client_certificate() {
    let ca = TestCa::new("platform CA");
    let client_ca = TestCa::new("client CA");
    let server = gateway(&ca, &client_ca).await;

    // Without one: named as such, once, every time. TLS 1.3 refuses after the client's
    // handshake is over, and the refusal races the request: the alert arrives first, or the
    // connection's end does (about one time in three here); both are the same answer.
    refused_every_time(
        || builder(&server, &ca),
        ClientCertificateRefusal::Missing,
        "requires a client certificate and none was presented",
    )
    .await;

    // With one the gateway trusts: the listing.
    let identity = client_ca.client_certificate("inventory-sync");
    let client = builder(&server, &ca)
        .identity_pem(identity.chain_pem.clone(), identity.key_pem.clone())
        .build()
        .unwrap();
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    // Every request, on every connection.
    let filter = flashback_ext::WorkspaceFilter::any_of(["ws-analytics", "ws-media"]);
    assert!(!client.list_buckets_in(&filter).await.unwrap().is_empty());

    // With one of another CA: refused, not retried, every time.
    let stranger = TestCa::new("another CA").client_certificate("someone");
    refused_every_time(
        || builder(&server, &ca).identity_pem(stranger.chain_pem.clone(), stranger.key_pem.clone()),
        ClientCertificateRefusal::NotAccepted,
        "did not accept",
    )
    .await;
}

/// [`RACES`] fresh clients of `builder` each meet the gateway's refusal: `Tls`, one attempt,
/// `refusal`, its message saying `words`.
async fn refused_every_time(
    builder: impl Fn() -> flashback_ext::ClientBuilder,
    refusal: ClientCertificateRefusal,
    words: &str,
) {
    for _ in 0..RACES {
        let error = builder().build().unwrap().list_buckets().await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
        assert_eq!(error.attempts(), 1, "{error}");
        assert!(error.to_string().contains(words), "{error}");
        assert_eq!(error.client_certificate_refusal(), Some(refusal), "{error}");
    }
}

/// How many fresh clients meet a gateway's refusal: enough that both ends of its race (the
/// alert first, the connection's end first) come up.
const RACES: usize = 16;

#[tokio::test]
async fn nginx_page_for_a_missing_client_certificate_is_named_never_echoed() {
    let page = "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n\
                <body>\r\n<center><h1>400 Bad Request</h1></center>\r\n\
                <center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n\
                </body>\r\n</html>\r\n";
    let server = support::scripted([Fault::Reply(
        Reply::json(400, page)
            .with_header("content-type", "text/html")
            .off_contract(),
    )])
    .await;
    let (client, _) = support::client(&server.base_url());
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(
        error.client_certificate_refusal(),
        Some(ClientCertificateRefusal::Missing)
    );
    let text = error.to_string();
    assert!(
        text.contains("requires a client certificate and none was presented"),
        "{text}"
    );
    assert!(
        !text.contains("<html>") && !text.contains("nginx"),
        "{text}"
    );
}

#[tokio::test]
async fn an_unusable_client_certificate_is_refused_when_built_without_the_key() {
    let key = "-----BEGIN PRIVATE KEY-----\nSENTINEL-KEY-MATERIAL\n-----END PRIVATE KEY-----\n";
    let error = Client::builder()
        .token("t")
        .identity_pem("not a certificate", key)
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error.config_error(),
            Some(ConfigError::InvalidIdentity { .. })
        ),
        "{error}"
    );
    let cert = TestCa::new("x").client_certificate("c").chain_pem;
    let error = Client::builder()
        .token("t")
        .identity_pem(cert, key)
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error.config_error(),
            Some(ConfigError::InvalidIdentity { .. })
        ),
        "{error}"
    );
    assert!(!error.to_string().contains("SENTINEL-KEY"), "{error}");
    let builder = Client::builder().identity_pem("c", key);
    assert!(!format!("{builder:?}").contains("SENTINEL-KEY"));
}

/// `configure_http` reaches the clients the builder makes: a name the caller resolves itself
/// (`reqwest::ClientBuilder::resolve`) reaches the fake, which serves a certificate for that
/// name, with the SDK's roots kept.
#[tokio::test]
async fn configure_http_applies_to_the_clients_the_builder_makes() {
    let ca = TestCa::new("flashback test CA");
    let server = support::https_fake(&ca.server_certificate(&["platform.test"])).await;
    let address = server.address();
    let client = Client::builder()
        .base_url(format!("https://platform.test:{}", address.port()))
        .token(DEMO_GLOBAL_TOKEN)
        .add_root_certificate(ca.certificate_pem())
        .configure_http(move |http| http.resolve("platform.test", address))
        .build()
        .unwrap();
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
}

/// A platform at an IPv6 literal (`https://[::1]:PORT`) through an HTTP `CONNECT` proxy and a
/// SOCKS5 proxy, both on `[::1]` too: the listing, as curl gets it (reqwest failed it with
/// "Invalid Server Name", seanmonstar/reqwest#3094).
#[tokio::test]
async fn a_platform_at_an_ipv6_literal_through_proxies() {
    let ca = TestCa::new("flashback test CA");
    let loopback6: std::net::SocketAddr = "[::1]:0".parse().unwrap();
    let server = flashback_fake::start(Options {
        listen: loopback6,
        tls: Some(ca.server_certificate(&["::1"]).tls_config()),
        ..Options::default()
    })
    .await
    .unwrap();
    assert!(
        server.base_url().starts_with("https://[::1]:"),
        "{}",
        server.base_url()
    );
    for (kind, scheme) in [(ProxyKind::Connect, "http"), (ProxyKind::Socks5, "socks5h")] {
        let proxy = ProxyServer::start_on(kind, loopback6, None).await.unwrap();
        let client = builder(&server, &ca)
            .proxy(format!("{scheme}://{}", proxy.address()))
            .build()
            .unwrap();
        let listing = client.list_buckets().await;
        assert!(listing.is_ok(), "{scheme}: {:?}", listing.err());
        assert_eq!(proxy.connections(), 1, "{scheme}: through the proxy");
    }
}
