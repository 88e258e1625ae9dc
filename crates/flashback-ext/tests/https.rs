//! HTTPS, the way the platform is reached: the client the builder makes (no caller-supplied
//! `reqwest::Client`) against `flashback-fake` serving TLS with a certificate made at test
//! time. These are the tests that would have caught a build without a TLS backend.

mod support;

use flashback_ext::{Client, ErrorKind, RetryPolicy};
use flashback_fake::test_pki::TestCa;
use flashback_fake::{DEMO_GLOBAL_TOKEN, FakeServer};
use support::https_fake;

/// A client of `server` that trusts `ca`, with 3 attempts so that a retry would show.
fn client_trusting(server: &FakeServer, ca: &TestCa) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .token(DEMO_GLOBAL_TOKEN)
        .add_root_certificate(ca.certificate_pem())
        .retry_policy(RetryPolicy::default().with_max_attempts(3))
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_default_client_lists_buckets_over_https_with_a_trusted_ca() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca.server_certificate(&["127.0.0.1", "localhost"])).await;
    assert!(
        server.base_url().starts_with("https://"),
        "{}",
        server.base_url()
    );

    let client = client_trusting(&server, &ca);
    assert_eq!(client.list_buckets().await.unwrap().len(), 12);
    let workspace = client.list_workspace_buckets("ws-media").await.unwrap();
    assert_eq!(workspace.len(), 4);
    assert_eq!(client.list_available_buckets().await.unwrap().len(), 10);
    let versions: Vec<String> = server.requests().into_iter().map(|r| r.version).collect();
    assert_eq!(versions, ["HTTP/2.0"; 3], "HTTP/2, chosen by ALPN");
}

/// Over HTTP/2 a listing of several workspaces shares one connection: it starts at the
/// HTTP/1.1 concurrency and rises to the HTTP/2 one once an answer came over HTTP/2. Plain
/// `http://` stays HTTP/1.1.
#[tokio::test]
async fn several_workspaces_over_http2_and_plain_http1() {
    let ca = TestCa::new("flashback test CA");
    let server = https_fake(&ca.server_certificate(&["127.0.0.1"])).await;
    let client = client_trusting(&server, &ca);
    let filter = flashback_ext::WorkspaceFilter::any_of(["ws-analytics", "ws-media", "ws-backups"]);
    assert_eq!(client.list_buckets_in(&filter).await.unwrap().len(), 11);
    assert!(server.requests().iter().all(|r| r.version == "HTTP/2.0"));

    let plain = flashback_fake::start_demo().await.unwrap();
    let client = Client::builder()
        .base_url(plain.base_url())
        .token(DEMO_GLOBAL_TOKEN)
        .build()
        .unwrap();
    assert_eq!(client.list_buckets_in(&filter).await.unwrap().len(), 11);
    assert!(plain.requests().iter().all(|r| r.version == "HTTP/1.1"));
}

/// Untrusted, expired, or for another host: a TLS error that says "certificate" and names the
/// host, after exactly one attempt (trying again gives the same answer).
#[tokio::test]
async fn a_rejected_certificate_is_a_tls_error_after_one_attempt() {
    let ca = TestCa::new("flashback test CA");
    let stranger = TestCa::new("a CA nobody trusts");
    let cases = [
        (
            "untrusted",
            stranger.server_certificate(&["127.0.0.1"]),
            "not signed by a certificate authority this machine trusts",
        ),
        (
            "expired",
            ca.expired_server_certificate(&["127.0.0.1"]),
            "it has expired",
        ),
        (
            "for another host",
            ca.server_certificate(&["flashback.example"]),
            "not valid for this host name",
        ),
    ];
    for (case, certificate, reason) in cases {
        let server = https_fake(&certificate).await;
        let error = client_trusting(&server, &ca)
            .list_buckets()
            .await
            .expect_err(case);
        assert_eq!(error.kind(), ErrorKind::Tls, "{case}: {error}");
        assert_eq!(error.attempts(), 1, "{case}: {error}");
        assert!(!error.is_retryable(), "{case}");
        let message = error.to_string();
        assert!(
            message.contains("certificate") && message.contains("127.0.0.1"),
            "{case}: {message}"
        );
        assert!(message.contains(reason), "{case}: {message}");
    }
}

#[tokio::test]
async fn an_https_url_to_a_plain_http_server_says_so() {
    let server = flashback_fake::start_demo().await.unwrap();
    let url = server.base_url().replace("http://", "https://");
    let ca = TestCa::new("flashback test CA");
    let client = Client::builder()
        .base_url(url)
        .token(DEMO_GLOBAL_TOKEN)
        .add_root_certificate(ca.certificate_pem())
        .build()
        .unwrap();
    let error = client.list_buckets().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert!(
        error.to_string().contains("did not answer with TLS"),
        "{error}"
    );
    assert_eq!(error.attempts(), 1);
}

#[test]
fn root_certificates_are_checked_when_the_client_is_built() {
    let build = |builder: flashback_ext::ClientBuilder| builder.build().unwrap_err();
    let base = || Client::builder().token("t");

    let error = build(base().add_root_certificate("not a certificate"));
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(
        error
            .to_string()
            .contains("root certificate 1 is not a PEM certificate"),
        "{error}"
    );

    let ca = TestCa::new("flashback test CA");
    let error = build(
        base()
            .add_root_certificate(ca.certificate_pem())
            .http_client(reqwest::Client::new()),
    );
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(
        error.to_string().contains("your own http_client"),
        "{error}"
    );
}

/// A server that answers the client's hello with a fatal `handshake_failure` alert, as one that
/// shares no cipher or protocol version with the client does: a TLS error after one attempt,
/// not "could not connect" retried.
#[tokio::test]
async fn a_handshake_refused_by_the_server_is_a_tls_error_after_one_attempt() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello).await;
            // An alert record (TLS 1.2): fatal (2), handshake_failure (40).
            let _ = stream
                .write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
                .await;
        }
    });
    let error = Client::builder()
        .base_url(format!("https://{address}"))
        .token(DEMO_GLOBAL_TOKEN)
        .retry_policy(RetryPolicy::default().with_max_attempts(3))
        .build()
        .unwrap()
        .list_buckets()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert_eq!(error.attempts(), 1, "{error}");
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(
        error
            .to_string()
            .contains("the TLS handshake with 127.0.0.1 failed"),
        "{error}"
    );
}
