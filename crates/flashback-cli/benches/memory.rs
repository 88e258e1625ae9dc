//! The `flashback` command's peak resident memory listing 100,000 buckets, in every format, as a
//! multiple of the body size. Target: <= 3x in every format (`BENCHMARKS.md`, figure 5).
//!
//! The fake backend serves the synthetic buckets from this process; the command runs as a child
//! with its output going to /dev/null, and its peak (`ru_maxrss` of the waited child, Linux)
//! is its own alone. Each format runs in a fresh measuring process (this binary again), since
//! `RUSAGE_CHILDREN` keeps the largest child of a process. `FLASHBACK_BENCH_COMMAND=PATH`
//! measures another build of the command instead (e.g. an older one).

use std::process::{Command, Stdio};

const MEASURE: &str = "FLASHBACK_CLI_MEMORY_FORMAT";

fn quick() -> bool {
    !std::env::args().any(|arg| arg == "--bench")
}

/// The measuring process: runs the command once, prints its peak in bytes.
fn measure(format: &str) {
    let url = std::env::var("FLASHBACK_BASE_URL").unwrap();
    // Another build of the command can be measured the same way, for a before/after figure.
    let command = std::env::var("FLASHBACK_BENCH_COMMAND")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_flashback").to_owned());
    let status = Command::new(command)
        .args([
            "--allow-insecure-http",
            "--output",
            format,
            "buckets",
            "list",
        ])
        .env("FLASHBACK_BASE_URL", url)
        .env("XDG_CONFIG_HOME", "/nonexistent/flashback-bench")
        .env_remove("FLASHBACK_CONFIG")
        .stdout(Stdio::null())
        .status()
        .expect("the command runs");
    assert!(status.success(), "{format}: {status}");
    // SAFETY: getrusage writes into the struct it is given; a zeroed rusage is a valid value.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    // Linux reports kilobytes.
    println!("{}", usage.ru_maxrss as u64 * 1024);
}

fn main() {
    if let Ok(format) = std::env::var(MEASURE) {
        return measure(&format);
    }
    let count = if quick() { 1_000 } else { 100_000 };
    let data = flashback_fake::DataSet::synthetic(count);
    let body = serde_json::to_vec(&flashback_ext::api::types::GetBucketsResponse {
        success: Some(true),
        buckets: Some(data.buckets.clone()),
    })
    .unwrap();
    let server = flashback_fake::BlockingFake::start(flashback_fake::Options {
        data,
        ..Default::default()
    })
    .unwrap();
    let mib = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    let size = body.len() as u64;
    println!("cli memory: {count} buckets, body {:.1} MiB", mib(size));
    let mut worst: f64 = 0.0;
    for format in ["table", "json", "ndjson", "csv"] {
        let output = Command::new(std::env::current_exe().unwrap())
            .env(MEASURE, format)
            .env("FLASHBACK_BASE_URL", server.base_url())
            .env("FLASHBACK_TOKEN", flashback_fake::DEMO_GLOBAL_TOKEN)
            .output()
            .expect("the measuring process runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let peak: u64 = String::from_utf8(output.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let ratio = peak as f64 / size as f64;
        worst = worst.max(ratio);
        println!(
            "  --output {format:6}: peak RSS {:.1} MiB = {ratio:.2}x the body",
            mib(peak)
        );
    }
    if quick() {
        println!("cli memory: quick mode (1,000 buckets, no figure)");
    } else {
        let verdict = if worst <= 3.0 { "met" } else { "MISSED" };
        println!("cli memory: worst format {worst:.2}x (target <= 3x): {verdict}");
    }
}
