//! Benchmark 10: the `flashback` command's cold run over TLS, against curl for the same request:
//! CPU time (user + system, of the child process alone: `getrusage(RUSAGE_CHILDREN)` deltas)
//! and wall time, medians of 10 runs. The fake serves HTTPS from this process, on loopback, with
//! a certificate of a CA made here; both clients trust that CA and list one workspace.
//!
//! The command is `FLASHBACK_BENCH_COMMAND` (build it with `cargo build --release -p
//! flashback-cli`); without it, and without curl, the benchmark says so and measures nothing.
//! Target: the command's CPU at most 1.5 times curl's.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The CPU time (user + system) of every child waited for so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes into the struct it is given; a zeroed rusage is a valid value.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Runs `command` `rounds` times; the medians of its CPU and wall times.
fn measure(mut command: impl FnMut() -> Command, rounds: usize) -> Option<(Duration, Duration)> {
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let mut command = command();
        command.stdout(Stdio::null()).stderr(Stdio::null());
        let before = children_cpu();
        let start = Instant::now();
        if !command.status().ok()?.success() {
            return None;
        }
        wall.push(start.elapsed());
        cpu.push(children_cpu() - before);
    }
    cpu.sort();
    wall.sort();
    Some((cpu[rounds / 2], wall[rounds / 2]))
}

fn cold_start(_: &mut criterion::Criterion) {
    let rounds = if support::quick() { 1 } else { 10 };
    let ca = flashback_fake::test_pki::TestCa::new("benchmark CA");
    let server = flashback_fake::BlockingFake::start(flashback_fake::Options {
        tls: Some(ca.server_certificate(&["127.0.0.1"]).tls_config()),
        ..flashback_fake::Options::default()
    })
    .unwrap();
    let ca_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(ca_file.path(), ca.certificate_pem()).unwrap();
    let url = format!("{}/bucket?workspaceId=ws-media", server.base_url());
    let curl = measure(
        || {
            let mut curl = Command::new("curl");
            curl.args(["--silent", "--fail", "--cacert"])
                .arg(ca_file.path())
                .args(["-H", "authorization: Bearer demo-global-token", &url]);
            curl
        },
        rounds,
    );
    let command = std::env::var_os("FLASHBACK_BENCH_COMMAND").and_then(|program| {
        measure(
            || {
                let mut command = Command::new(&program);
                command
                    .env("FLASHBACK_TOKEN", "demo-global-token")
                    .env("XDG_CONFIG_HOME", "/nonexistent")
                    .args(["--base-url", &server.base_url(), "--ca-cert"])
                    .arg(ca_file.path())
                    .args(["-o", "ndjson", "buckets", "list", "--workspace", "ws-media"]);
                command
            },
            rounds,
        )
    });
    match (command, curl) {
        (Some((command_cpu, command_wall)), Some((curl_cpu, curl_wall))) => {
            println!(
                "benchmark 10, a cold run over TLS (medians of {rounds}): the command {:.1} ms \
                 CPU, {:.1} ms wall; curl {:.1} ms CPU, {:.1} ms wall",
                command_cpu.as_secs_f64() * 1e3,
                command_wall.as_secs_f64() * 1e3,
                curl_cpu.as_secs_f64() * 1e3,
                curl_wall.as_secs_f64() * 1e3,
            );
            support::report(
                "benchmark 10 (the command's CPU / curl's)",
                command_cpu.as_secs_f64() / curl_cpu.as_secs_f64(),
                1.5,
            );
        }
        _ => println!(
            "benchmark 10 skipped: set FLASHBACK_BENCH_COMMAND to a release build of the command, \
             and have curl"
        ),
    }
}

criterion::criterion_group!(benches, cold_start);
criterion::criterion_main!(benches);
