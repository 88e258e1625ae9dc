//! How fast the fake serves a full `GET /bucket` of 100,000 buckets, and how much memory the
//! server needs for it at its peak.
//!
//! The server runs as its own process (the release `flashback-fake` binary with
//! `--synthetic-buckets`), so its peak resident memory (`VmHWM` in `/proc/<pid>/status`) is the
//! server's alone, not the benchmark's. Run with:
//!
//! ```sh
//! cargo bench -p flashback-fake --bench list_100k
//! ```

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// 100,000 buckets; 1,000 in test mode (`cargo test --benches`), where this runs once in CI.
fn buckets() -> usize {
    if std::env::args().any(|arg| arg == "--bench") {
        100_000
    } else {
        1_000
    }
}

struct Server {
    child: Child,
    base_url: String,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flashback-fake"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--quiet",
                "--synthetic-buckets",
                &buckets().to_string(),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the flashback-fake binary starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("a first line");
        let base_url = first
            .trim()
            .strip_prefix("flashback-fake listening on ")
            .expect("the address line")
            .to_owned();
        Self { child, base_url }
    }

    /// The server's peak resident memory so far, in bytes (Linux).
    fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn list_100k(c: &mut Criterion) {
    let server = Server::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let http = reqwest::Client::new();
    let url = format!("{}/bucket", server.base_url);
    let fetch = || async {
        let response = http
            .get(&url)
            .bearer_auth("demo-global-token")
            .send()
            .await
            .expect("an answer");
        assert!(response.status().is_success());
        response.bytes().await.expect("a body")
    };
    let body_size = runtime.block_on(fetch()).len();
    let idle = server.peak_memory();

    let mut group = c.benchmark_group("flashback-fake");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(body_size as u64));
    group.bench_function(format!("GET /bucket, {} buckets", buckets()), |b| {
        b.iter(|| runtime.block_on(fetch()))
    });
    group.finish();

    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!(
        "body size: {:.1} MiB for {} buckets",
        mib(body_size as u64),
        buckets()
    );
    if let (Some(before), Some(after)) = (idle, server.peak_memory()) {
        println!(
            "server peak RSS after one request: {:.1} MiB; after the benchmark: {:.1} MiB",
            mib(before),
            mib(after)
        );
    }
}

criterion_group!(benches, list_100k);
criterion_main!(benches);
