//! Bounded responses: a body is read up to `max_response_bytes`, counted after decompression,
//! whatever the status; over it, the call fails with an invalid-response error at once (no
//! retry) and memory stays within the limit. The bombs are real gzip streams that inflate to
//! hundreds of MiB, served from a loopback server.

mod support;

use support::scripted;

use std::io::Write;
use std::sync::OnceLock;

use flashback_ext::{Client, ErrorKind, RetryPolicy};
use flashback_fake::{Fault, Reply};

const MIB: u64 = 1 << 20;
/// What the bomb inflates to.
const BOMB_INFLATED: u64 = 256 * MIB;

/// A gzip body of 256 MiB of spaces (valid JSON whitespace, so only the limit can stop it):
/// about 250 KiB on the wire.
fn bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let spaces = vec![b' '; MIB as usize];
        for _ in 0..BOMB_INFLATED / MIB {
            gzip.write_all(&spaces).unwrap();
        }
        gzip.finish().unwrap()
    })
}

fn bomb_reply(status: u16) -> Fault {
    Fault::Reply(
        Reply::new(status)
            .with_header("content-type", "application/json")
            .with_header("content-encoding", "gzip")
            .with_body(bomb().to_vec()),
    )
}

fn client(base_url: &str, limit: u64) -> Client {
    let (client, _) = support::client_with(base_url, |builder| {
        builder
            .max_response_bytes(limit)
            .retry_policy(RetryPolicy::default().with_max_attempts(3))
    });
    client
}

#[tokio::test]
async fn a_body_that_inflates_past_the_limit_is_an_invalid_response_without_retry() {
    // A success, a documented error status (retryable, but not for this), and an
    // undocumented one: the limit holds for every body.
    for status in [200, 500, 418] {
        let server = scripted([bomb_reply(status)]).await;
        let error = client(&server.base_url(), MIB)
            .list_buckets()
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidResponse,
            "{status}: {error}"
        );
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.attempts(), 1, "{status}: {error}");
        assert!(!error.is_retryable());
        assert!(
            error
                .to_string()
                .contains("the response is larger than 1 MiB"),
            "{status}: {error}"
        );
        assert_eq!(server.requests().len(), 1, "not retried");
    }
}

#[tokio::test]
async fn the_limit_is_exact_and_counts_decoded_bytes() {
    let body = r#"{"success":true,"buckets":[{"id":"b-1"}]}"#;
    let length = body.len() as u64;
    let server = scripted([Fault::json(200, body)]).await;
    let buckets = client(&server.base_url(), length)
        .list_buckets()
        .await
        .unwrap();
    assert_eq!(buckets.len(), 1, "a body of exactly the limit is read");
    let error = client(&server.base_url(), length - 1)
        .list_buckets()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(
        error
            .to_string()
            .contains(&format!("the response is larger than {} bytes", length - 1)),
        "{error}"
    );
}

/// Run as a child process by the test below (`--ignored --exact`): lists from the bomb server
/// in `FLASHBACK_TEST_BOMB_URL` with an 8 MiB limit and prints the process's peak resident
/// memory.
#[tokio::test]
#[ignore = "run as a child process by peak_memory_stays_within_the_limit"]
async fn child_lists_from_a_bomb() {
    let url = std::env::var("FLASHBACK_TEST_BOMB_URL").expect("run by the parent test");
    let error = client(&url, 8 * MIB).list_buckets().await.unwrap_err();
    assert!(error.to_string().contains("larger than 8 MiB"), "{error}");
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    println!("PEAK_KIB={}", peak.trim().trim_end_matches("kB").trim());
}

/// The peak resident memory of a process that meets a 256 MiB bomb with an 8 MiB limit stays
/// within the limit plus the process's own baseline (runtime, test harness, TLS roots): far
/// from the 256 MiB an unbounded read would take.
#[tokio::test(flavor = "multi_thread")]
async fn peak_memory_stays_within_the_limit() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc on this system");
        return;
    }
    let server = scripted([bomb_reply(200)]).await;
    let url = server.base_url();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "child_lists_from_a_bomb",
                "--nocapture",
            ])
            .env("FLASHBACK_TEST_BOMB_URL", url)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peak_kib: u64 = stdout
        .lines()
        .find_map(|line| line.strip_prefix("PEAK_KIB="))
        .expect("the child prints its peak")
        .parse()
        .unwrap();
    let peak = peak_kib * 1024;
    eprintln!("child peak resident memory: {} MiB", peak / MIB);
    assert!(
        peak < 48 * MIB,
        "peak {} MiB with an 8 MiB limit",
        peak / MIB
    );
}
