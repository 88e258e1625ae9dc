//! No credential in the output of any public type of the workspace's crates: the generated
//! client's errors for every failure a bad server can cause (`flashback-api` called directly,
//! as the README shows), the fake's data and TLS types, with sentinel values. The SDK's own
//! errors and traces are covered in `crates/flashback-ext/tests/redaction.rs`, the command's
//! at `-vv` in `crates/flashback-cli/tests/cli.rs`.

use flashback_api::Client;
use flashback_fake::{FakeServer, Fault, Reply, start_scripted};

const KEY: &str = "SENTINEL-KEY-AKIA0c5e";
const SECRET: &str = "SENTINEL-SECRET-71fd";
const NUMERIC_KEY: &str = "777012345678987";

fn bucket(created_at: &str) -> String {
    format!(
        r#"{{"id":"b-1","key":"{KEY}","secret":{{"key":"{SECRET}","iv":"{SECRET}"}},"createdAt":{created_at}}}"#
    )
}

/// Every way a server's answer can fail the generated client, with credentials in the body.
fn bad_answers() -> Vec<(&'static str, Fault)> {
    let listing =
        |created_at: &str| format!(r#"{{"success":true,"buckets":[{}]}}"#, bucket(created_at));
    vec![
        (
            "a date the types reject",
            Fault::json(200, listing(r#""yesterday""#)),
        ),
        (
            "a number where a date belongs",
            Fault::json(200, listing("5")),
        ),
        (
            "a credential of the wrong type",
            Fault::json(
                200,
                format!(r#"{{"buckets":[{{"key":{NUMERIC_KEY},"secret":"{SECRET}"}}]}}"#),
            ),
        ),
        (
            "a truncated body",
            Fault::json(200, listing(r#""2024-01-01T00:00:00Z""#)[..70].to_owned()),
        ),
        (
            "trailing garbage",
            Fault::json(200, listing("null") + "<html>"),
        ),
        (
            "an error status with an HTML page",
            Fault::Reply(
                Reply::new(500)
                    .with_header("content-type", "text/html")
                    .with_body(format!("<html>{KEY} {SECRET}</html>")),
            ),
        ),
        ("an undocumented status", Fault::json(418, listing("null"))),
        (
            "a body cut off by the connection",
            Fault::Reply(Reply::json(200, listing("null")).cut_short(10_000)),
        ),
        ("no answer at all", Fault::Drop),
    ]
}

fn assert_clean(label: &str, text: &str) {
    for sentinel in [KEY, SECRET, NUMERIC_KEY, "AKIA0c5e"] {
        assert!(
            !text.contains(sentinel),
            "{label} leaks {sentinel}:\n{text}"
        );
    }
}

#[tokio::test]
async fn errors_of_the_generated_client_print_no_body() {
    for (case, reply) in bad_answers() {
        let server = scripted([reply]).await;
        let client = Client::new(&server.base_url(), Default::default());
        let error = client.get_storage_buckets().send().await.expect_err(case);
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#}"),
            format!("{error:#?}"),
        ] {
            assert_clean(case, &text);
        }
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            assert_clean(case, &format!("{inner} {inner:?}"));
            source = inner.source();
        }
    }
}

#[tokio::test]
async fn a_rejected_body_is_described_by_its_field() {
    // A date that is not a date: off the contract, on purpose.
    let server = scripted([Fault::Reply(
        Reply::json(
            200,
            format!(r#"{{"buckets":[{}]}}"#, bucket(r#""yesterday""#)),
        )
        .off_contract(),
    )])
    .await;
    let error = Client::new(&server.base_url(), Default::default())
        .get_storage_buckets()
        .send()
        .await
        .unwrap_err();
    let flashback_api::Error::InvalidResponsePayload(body, reason) = &error else {
        panic!("expected an invalid payload: {error}");
    };
    assert!(body.is_empty(), "the error keeps no byte of the body");
    assert_eq!(
        reason.to_string(),
        "field `buckets[0].createdAt`: input contains invalid characters"
    );

    // An error status whose body is not the documented JSON is an unexpected response: its
    // status and headers are kept, and its body can still be read.
    let server = scripted([Fault::json(502, "<html>bad gateway</html>")]).await;
    let error = Client::new(&server.base_url(), Default::default())
        .get_available_storage_buckets()
        .send()
        .await
        .unwrap_err();
    let flashback_api::Error::UnexpectedResponse(response) = error else {
        panic!("expected an unexpected response: {error}");
    };
    assert_eq!(response.status().as_u16(), 502);
    assert_eq!(response.text().await.unwrap(), "<html>bad gateway</html>");
}

#[test]
fn the_fakes_public_types_print_no_credential() {
    let data = flashback_fake::DEMO_JSON
        .replace("demo-global-token", "SENTINEL-TOKEN-3b2a")
        .replacen(r#""key": ""#, &format!(r#""key": "{KEY}"#), 1);
    let data = flashback_fake::DataSet::parse(&data).unwrap();
    let printed = format!("{data:?} {data:#?}");
    assert!(!printed.contains("SENTINEL-TOKEN-3b2a"), "{printed}");
    assert_clean("DataSet", &printed);

    // A data file whose two users share a token: the error names the user, not the token.
    let duplicate = flashback_fake::DEMO_JSON.replace("demo-analytics-token", "demo-global-token");
    let error = flashback_fake::DataSet::parse(&duplicate).unwrap_err();
    assert!(!error.to_string().contains("demo-global-token"), "{error}");

    let ca = flashback_fake::test_pki::TestCa::new("test CA");
    let certificate = ca.server_certificate(&["127.0.0.1"]);
    let tls = flashback_fake::TlsConfig::from_pem(
        certificate.chain_pem.as_bytes(),
        certificate.key_pem.as_bytes(),
    )
    .unwrap();
    let key_body = certificate.key_pem.lines().nth(1).unwrap();
    for printed in [
        format!("{tls:?}"),
        format!("{certificate:?}"),
        format!("{ca:?}"),
    ] {
        assert!(!printed.contains(key_body), "{printed}");
        assert!(!printed.contains("PRIVATE KEY"), "{printed}");
    }
}

/// The fake's record of requests and its scripted replies print neither the caller's token nor
/// a scripted body.
#[tokio::test]
async fn the_fakes_record_and_script_print_no_credential() {
    let body = format!(r#"{{"buckets":[{{"key":"{KEY}","secret":"{SECRET}"}}]}}"#);
    let fault = Fault::Reply(Reply::json(200, body.clone()).with_header("x-echo", SECRET));
    let server = scripted([fault.clone()]).await;
    let http = flashback_api::reqwest::Client::new();
    http.get(format!("{}/bucket", server.base_url()))
        .bearer_auth("SENTINEL-TOKEN-9c1d")
        .header("cookie", "session=SENTINEL-COOKIE")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer SENTINEL-TOKEN-9c1d"),
        "the value stays readable for assertions"
    );
    let printed = format!("{requests:?} {requests:#?} {fault:?} {fault:#?}");
    for sentinel in ["SENTINEL-TOKEN-9c1d", "SENTINEL-COOKIE"] {
        assert!(!printed.contains(sentinel), "{printed}");
    }
    assert_clean("the fake's record and script", &printed);
}

async fn scripted(script: impl IntoIterator<Item = Fault>) -> FakeServer {
    start_scripted(script).await.expect("start the fake")
}
