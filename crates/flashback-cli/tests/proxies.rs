//! The command through the proxies the environment names, as curl reads them: a SOCKS5 proxy
//! in `ALL_PROXY`, a proxy that refuses the credentials in `http_proxy` (exit 3, one login
//! attempt, the proxy named and its password never printed), a SOCKS5 proxy that refuses the
//! login (the same), a proxy that is not running (exit 5, named), `NO_PROXY=*` bypassing every
//! proxy, IP addresses included, the lower-case variables winning over the upper-case ones,
//! and upper-case `HTTP_PROXY` never read (httpoxy).

mod support;

use flashback_fake::DEMO_GLOBAL_TOKEN;
use flashback_fake::proxy::{ProxyKind, ProxyServer};
use support::Fake;

#[test]
fn all_proxy_socks5h_reaches_the_platform() {
    let fake = Fake::demo();
    let proxy = fake
        .block_on(ProxyServer::start(ProxyKind::Socks5))
        .unwrap();
    let output = fake
        .flashback(DEMO_GLOBAL_TOKEN)
        .env("ALL_PROXY", format!("socks5h://{}", proxy.address()))
        .args(["-o", "ndjson", "buckets", "available"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        10
    );
    assert_eq!(proxy.connections(), 1, "through the proxy");
}

#[test]
fn refused_proxy_credentials_exit_3_after_one_attempt() {
    let fake = Fake::demo();
    let proxy = fake
        .block_on(ProxyServer::start(ProxyKind::ConnectWithCredentials {
            credentials: "ada:right".into(),
        }))
        .unwrap();
    let output = fake
        .flashback(DEMO_GLOBAL_TOKEN)
        .env(
            "http_proxy",
            format!("http://ada:SENTINEL-PROXY-PASSWORD@{}", proxy.address()),
        )
        .args(["--retries", "3", "buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "the proxy at http://{} refused the credentials (407)",
            proxy.address()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("SENTINEL"), "{stderr}");
    assert_eq!(proxy.connections(), 1, "one login attempt, not four");
    assert!(fake.requests().is_empty());
}

#[test]
fn a_proxy_that_is_not_running_is_named_and_no_proxy_star_bypasses_it() {
    let fake = Fake::demo();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    let through = |no_proxy: Option<&str>| {
        let mut command = fake.flashback(DEMO_GLOBAL_TOKEN);
        command
            .env("http_proxy", format!("http://{address}"))
            .args(["--retries", "0", "buckets", "list"]);
        if let Some(no_proxy) = no_proxy {
            command.env("NO_PROXY", no_proxy);
        }
        command.output().unwrap()
    };
    let output = through(None);
    assert_eq!(output.status.code(), Some(5), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "could not connect to the proxy at http://{address}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("NO_PROXY"), "the hint: {stderr}");

    let output = through(Some("*"));
    assert!(
        output.status.success(),
        "NO_PROXY=* bypasses it: {output:?}"
    );
}

#[test]
fn a_refused_socks_login_exits_3_after_one_attempt() {
    let fake = Fake::demo();
    let proxy = fake
        .block_on(ProxyServer::start(ProxyKind::Socks5WithCredentials {
            user: "ada".into(),
            password: "right".into(),
        }))
        .unwrap();
    let output = fake
        .flashback(DEMO_GLOBAL_TOKEN)
        .env(
            "ALL_PROXY",
            format!("socks5h://ada:SENTINEL-PROXY-PASSWORD@{}", proxy.address()),
        )
        .args(["--retries", "3", "buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "the SOCKS proxy at socks5h://{} refused the login",
            proxy.address()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("SENTINEL"), "{stderr}");
    assert_eq!(proxy.connections(), 1, "one login, not four");
}

/// Both cases set: the lower case wins (curl's order); upper-case `HTTP_PROXY` alone is never
/// read, as curl never reads it.
#[test]
fn lower_case_proxy_variables_win_and_upper_case_http_proxy_is_ignored() {
    let fake = Fake::demo();
    let proxy = fake
        .block_on(ProxyServer::start(ProxyKind::Socks5))
        .unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nothing = closed.local_addr().unwrap();
    drop(closed);
    let listing = |variables: &[(&str, String)]| {
        let mut command = fake.flashback(DEMO_GLOBAL_TOKEN);
        command.args(["--retries", "0", "-o", "ndjson", "buckets", "list"]);
        for (name, value) in variables {
            command.env(name, value);
        }
        command.output().unwrap()
    };
    // all_proxy (a working proxy) over ALL_PROXY (nothing listens there).
    let output = listing(&[
        ("ALL_PROXY", format!("socks5h://{nothing}")),
        ("all_proxy", format!("socks5h://{}", proxy.address())),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(proxy.connections(), 1);
    // no_proxy over NO_PROXY.
    let output = listing(&[
        ("all_proxy", format!("socks5h://{nothing}")),
        ("no_proxy", "127.0.0.1".to_owned()),
        ("NO_PROXY", "example.com".to_owned()),
    ]);
    assert!(output.status.success(), "{output:?}");
    // HTTP_PROXY alone is never read: the platform (plain http) is reached directly.
    let output = listing(&[("HTTP_PROXY", format!("http://{nothing}"))]);
    assert!(output.status.success(), "{output:?}");
}
