//! Benchmark 4: peak resident memory of listing 100,000 buckets through the SDK, as a multiple
//! of the body size. Target: <= 3x.
//!
//! The listing runs in a child process (this binary again, told so by an environment variable)
//! so that its peak (`VmHWM` in `/proc/self/status`, Linux) is the client's alone; the server,
//! holding the body, runs in the parent.

mod support;

use std::process::Command;
use std::time::Duration;

const CHILD: &str = "FLASHBACK_MEMORY_BENCH_URL";

fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        * 1024
}

/// The child: list once, print the peak before and after.
fn child(url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = flashback_ext::Client::builder()
        .base_url(url)
        .token("bench-token")
        .build()
        .unwrap();
    // Warm the runtime and the connection with a failing call to another path's worth of setup.
    let before = peak_rss();
    let buckets = runtime.block_on(client.list_buckets()).unwrap();
    let after = peak_rss();
    println!("{before} {after} {}", buckets.len());
}

fn main() {
    if let Ok(url) = std::env::var(CHILD) {
        return child(&url);
    }
    let count = if support::quick() { 1_000 } else { 100_000 };
    let body = support::listing_body(count);
    let size = body.len() as u64;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let address = runtime.block_on(support::serve(body, Duration::ZERO));
    let output = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, format!("http://{address}"))
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let numbers: Vec<u64> = text
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let (before, after, listed) = (numbers[0], numbers[1], numbers[2]);
    assert_eq!(listed as usize, count);
    let mib = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    println!(
        "memory: {count} buckets, body {:.1} MiB; client peak RSS {:.1} MiB ({:.1} MiB before the call)",
        mib(size),
        mib(after),
        mib(before)
    );
    support::report(
        "memory peak RSS / body size",
        after as f64 / size as f64,
        3.0,
    );
    support::report(
        "memory (peak - before) / body size",
        (after - before) as f64 / size as f64,
        3.0,
    );
}
