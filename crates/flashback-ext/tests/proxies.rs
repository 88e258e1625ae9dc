//! Proxies on the road to the platform: a `CONNECT` tunnel and SOCKS5 reach it; a proxy that
//! refuses the credentials is a `Proxy` error after one attempt (a wrong password tried again
//! can lock the account) that names the proxy and never its password; a proxy that is not
//! running is named and retried; a proxy URL of another scheme is refused when the client is
//! built. (The environment's proxy variables, `NO_PROXY=*` among them, are tested through the
//! command, which a test can start with its own environment: `crates/flashback-cli/tests`.)

mod support;

use flashback_ext::error::ConfigError;
use flashback_ext::{Client, ErrorKind, RetryPolicy};
use flashback_fake::proxy::{ProxyKind, ProxyServer};
use flashback_fake::test_pki::TestCa;
use flashback_fake::{DEMO_GLOBAL_TOKEN, FakeServer, start_demo};

/// The fake over HTTPS with a certificate of `ca`.
async fn https_fake(ca: &TestCa) -> FakeServer {
    support::https_fake(&ca.server_certificate(&["127.0.0.1"])).await
}

/// A client of `server` through `proxy`, trusting `ca`, with 3 attempts so that a retry shows.
fn client(server: &FakeServer, ca: Option<&TestCa>, proxy: &str) -> Client {
    let mut builder = Client::builder()
        .base_url(server.base_url())
        .token(DEMO_GLOBAL_TOKEN)
        .proxy(proxy)
        .retry_policy(RetryPolicy::default().with_max_attempts(3));
    if let Some(ca) = ca {
        builder = builder.add_root_certificate(ca.certificate_pem());
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn a_connect_tunnel_reaches_the_platform() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca).await;
    let proxy = ProxyServer::start(ProxyKind::Connect).await.unwrap();
    let client = client(&server, Some(&ca), &format!("http://{}", proxy.address()));
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    assert_eq!(proxy.connections(), 1);
}

#[tokio::test]
async fn refused_proxy_credentials_are_not_retried_and_name_the_proxy() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca).await;
    let proxy = ProxyServer::start(ProxyKind::ConnectWithCredentials {
        credentials: "ada:right-password".into(),
    })
    .await
    .unwrap();
    let address = proxy.address();
    let wrong = client(
        &server,
        Some(&ca),
        &format!("http://ada:SENTINEL-PASSWORD@{address}"),
    );
    let error = wrong.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Proxy, "{error}");
    assert_eq!(error.status(), Some(407));
    assert_eq!(error.attempts(), 1, "never retried: {error}");
    assert_eq!(proxy.connections(), 1, "one login attempt");
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "the proxy at http://{address} refused the credentials (407)"
        )),
        "{message}"
    );
    assert!(!format!("{message} {error:?} {wrong:?}").contains("SENTINEL"));

    let right = client(
        &server,
        Some(&ca),
        &format!("http://ada:right-password@{address}"),
    );
    assert_eq!(right.list_buckets().await.unwrap().len(), 12);
}

#[tokio::test]
async fn a_proxy_that_is_not_running_is_named_and_retried() {
    let server = start_demo().await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let (client, clock) = support::client_with(&server.base_url(), |builder| {
        builder
            .token(DEMO_GLOBAL_TOKEN)
            .proxy(format!("http://{address}"))
            .retry_policy(RetryPolicy::default().with_max_attempts(2))
    });
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Proxy, "{error}");
    assert_eq!(error.attempts(), 2, "a proxy may come back: {error}");
    assert_eq!(clock.sleeps().len(), 1);
    assert!(
        error.to_string().contains(&format!(
            "could not connect to the proxy at http://{address}"
        )),
        "{error}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn socks5h_reaches_the_platform() {
    let server = start_demo().await.unwrap();
    let proxy = ProxyServer::start(ProxyKind::Socks5).await.unwrap();
    let client = client(&server, None, &format!("socks5h://{}", proxy.address()));
    assert_eq!(client.list_available_buckets().await.unwrap().len(), 10);
    assert_eq!(proxy.connections(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_proxy_of_another_scheme_is_refused_when_built() {
    let error = Client::builder()
        .token("t")
        .proxy("ftp://proxy.internal:21")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(matches!(
        error.config_error(),
        Some(ConfigError::UnsupportedProxy { scheme, .. }) if scheme == "ftp"
    ));
    assert!(error.to_string().contains("socks5h://"), "{error}");
}
