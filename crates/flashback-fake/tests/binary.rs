//! The `flashback-fake` command: start-up output, and clear errors for bad input.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_flashback-fake");

#[test]
fn prints_its_address_and_the_tokens_then_serves() {
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let base_url = first
        .strip_prefix("flashback-fake listening on ")
        .expect(&first)
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{first}");
    let rest: Vec<String> = lines.by_ref().take(4).map(Result::unwrap).collect();
    assert_eq!(rest[0], "tokens:");
    assert!(
        rest[1].contains("demo-global-token") && rest[1].contains("global access"),
        "{rest:?}"
    );
    assert!(
        rest[2].contains("demo-analytics-token") && rest[2].contains("ws-analytics"),
        "{rest:?}"
    );
    assert!(rest[3].contains("demo-removed-token"), "{rest:?}");

    let address = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /bucket HTTP/1.1\r\nhost: x\r\nauthorization: Bearer demo-global-token\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn quiet_prints_no_tokens() {
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    assert!(
        lines
            .next()
            .unwrap()
            .unwrap()
            .starts_with("flashback-fake listening on ")
    );
    child.kill().unwrap();
    child.wait().unwrap();
    // Killed after the first line: anything else printed would be the tokens.
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().all(|line| !line.contains("token")), "{rest:?}");
}

fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(BINARY).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_bad_data_file_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\n  \"organization\": {\"id\": \"o\", \"name\": \"O\"},\n  \"buckets\": [{\"id\": 5}]\n}\n").unwrap();
    let (code, stderr) = run(&["--data", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!("error: {}:3:", path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("invalid type: integer `5`, expected a string"),
        "{stderr}"
    );

    std::fs::write(&path, r#"{"organization": {"id": "o", "name": "O"}, "buckets": [{"id": "b", "workspaceId": "ws-x"}]}"#).unwrap();
    let (code, stderr) = run(&["--data", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bucket `b` points at unknown workspace `ws-x`"),
        "{stderr}"
    );

    let (code, stderr) = run(&["--data", "/does/not/exist.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read the data file"), "{stderr}");
}

#[test]
fn a_bad_flag_says_what_to_type() {
    let (code, stderr) = run(&["--fault", "bucket=oops"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("use a status (e.g. 503), truncated, invalid-json, drop or hang"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--fault", "buckets/all=503"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("use one of `bucket`, `bucket/available`"),
        "{stderr}"
    );
}
