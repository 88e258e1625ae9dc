//! Benchmark 6: 64 workspaces over HTTPS through a link with 25 ms of delay each way (a relay on
//! loopback that holds every chunk 25 ms in each direction: this kernel has no netem), from a
//! new client each time (handshakes included, as the command does): the SDK over HTTP/2 (ALPN),
//! the SDK over HTTP/1.1, and curl `--http2 --parallel` when curl is on the machine. The floor is
//! TCP + TLS 1.3 handshakes and one request: 3 round trips of 50 ms = 150 ms. Target: the SDK
//! within 1.10 times curl's time, on one connection.

mod support;

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use flashback_ext::api::reqwest;
use flashback_ext::{Client, WorkspaceFilter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// The delay of the link, each way.
const ONE_WAY: Duration = Duration::from_millis(25);

/// A relay to `target` that delays every chunk by [`ONE_WAY`] in each direction, keeping order,
/// and a new connection by a round trip (its TCP handshake).
async fn delaying_relay(target: SocketAddr, accepted: Arc<AtomicUsize>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            accepted.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(async move {
                // The TCP handshake's round trip: the kernel completed it at once on loopback,
                // so nothing the client sends moves before a round trip has passed.
                tokio::time::sleep(2 * ONE_WAY).await;
                let Ok(server) = TcpStream::connect(target).await else {
                    return;
                };
                // The relay adds the link's delay and nothing else: no Nagle on its sockets.
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(delayed_copy(client_read, server_write));
                tokio::spawn(delayed_copy(server_read, client_write));
            });
        }
    });
    address
}

/// Copies `from` to `to`, each chunk written [`ONE_WAY`] after it was read.
async fn delayed_copy(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
) {
    let (sender, mut receiver) = mpsc::unbounded_channel::<(tokio::time::Instant, Vec<u8>)>();
    let writer = tokio::spawn(async move {
        while let Some((due, chunk)) = receiver.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    });
    let mut buffer = vec![0u8; 64 << 10];
    while let Ok(read) = from.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        let due = tokio::time::Instant::now() + ONE_WAY;
        if sender.send((due, buffer[..read].to_vec())).is_err() {
            break;
        }
    }
    drop(sender);
    let _ = writer.await;
}

fn road(_: &mut criterion::Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let workspaces = if support::quick() { 8 } else { 64 };
    let rounds = if support::quick() { 1 } else { 10 };
    let ca = flashback_fake::test_pki::TestCa::new("benchmark CA");
    let certificate = ca.server_certificate(&["127.0.0.1"]);
    let tls = certificate.tls_config();
    // Connections the relay accepted: how many a listing opens.
    let accepted = Arc::new(AtomicUsize::new(0));
    let (server, relay) = runtime.block_on(async {
        let server = support::serve_https(support::listing_body(1), &tls).await;
        (server, delaying_relay(server, Arc::clone(&accepted)).await)
    });
    let base_url = format!("https://{relay}");
    let filter = WorkspaceFilter::any_of((0..workspaces).map(|i| format!("ws-{i:03}")));

    let sdk = |http1: bool| {
        let mut builder = Client::builder().base_url(&base_url).token("bench-token");
        if http1 {
            let roots =
                reqwest::Certificate::from_pem_bundle(ca.certificate_pem().as_bytes()).unwrap();
            let http = reqwest::Client::builder()
                .http1_only()
                .tls_certs_merge(roots)
                .build()
                .unwrap();
            builder = builder.http_client(http);
        } else {
            builder = builder.add_root_certificate(ca.certificate_pem());
        }
        let client = builder.build().unwrap();
        let start = Instant::now();
        let listing = runtime.block_on(client.list_buckets_in(&filter)).unwrap();
        assert_eq!(listing.len(), 1, "one bucket id, de-duplicated");
        start.elapsed()
    };
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let h2 = median((0..rounds).map(|_| sdk(false)).collect());
    let h2_connections = accepted.swap(0, Ordering::Relaxed) as f64 / rounds as f64;
    let h1 = median((0..rounds).map(|_| sdk(true)).collect());
    let curl = curl_time(&base_url, &ca.certificate_pem(), workspaces, rounds);
    let command = command_time(&base_url, &ca.certificate_pem(), workspaces, rounds);
    println!(
        "benchmark 6, {workspaces} workspaces over HTTPS, 25 ms each way (floor 150 ms; server \
         {server}): SDK over HTTP/2 {} ms ({h2_connections:.1} connections a listing), SDK over \
         HTTP/1.1 {} ms{}{}",
        h2.as_millis(),
        h1.as_millis(),
        curl.map(|curl| format!(", curl --http2 --parallel {} ms", curl.as_millis()))
            .unwrap_or_default(),
        command
            .map(|command| format!(", the flashback command {} ms", command.as_millis()))
            .unwrap_or_default()
    );
    if let Some(curl) = curl {
        support::report(
            "benchmark 6 (SDK over HTTP/2 / curl)",
            h2.as_secs_f64() / curl.as_secs_f64(),
            1.10,
        );
    }
}

/// The median time of the `flashback` command at `FLASHBACK_BENCH_COMMAND` (a path; build it
/// with `cargo build --release -p flashback-cli`) for the same listing, start-up included.
fn command_time(
    base_url: &str,
    ca_pem: &str,
    workspaces: usize,
    rounds: usize,
) -> Option<Duration> {
    let program = std::env::var_os("FLASHBACK_BENCH_COMMAND")?;
    let ca_file = tempfile::NamedTempFile::new().ok()?;
    std::fs::write(ca_file.path(), ca_pem).ok()?;
    let mut times = Vec::new();
    for _ in 0..rounds {
        let mut command = Command::new(&program);
        command
            .env("FLASHBACK_TOKEN", "bench-token")
            .env("XDG_CONFIG_HOME", "/nonexistent")
            .args(["--base-url", base_url, "--ca-cert"])
            .arg(ca_file.path())
            .args(["-o", "ndjson", "buckets", "list"])
            .stdout(std::process::Stdio::null());
        for i in 0..workspaces {
            command.args(["--workspace", &format!("ws-{i:03}")]);
        }
        let start = Instant::now();
        if !command.status().ok()?.success() {
            return None;
        }
        times.push(start.elapsed());
    }
    times.sort();
    Some(times[times.len() / 2])
}

/// The median time of `curl --http2 --parallel` for the same requests, when curl is installed.
fn curl_time(base_url: &str, ca_pem: &str, workspaces: usize, rounds: usize) -> Option<Duration> {
    let ca_file = tempfile::NamedTempFile::new().ok()?;
    std::fs::write(ca_file.path(), ca_pem).ok()?;
    let mut times = Vec::new();
    for _ in 0..rounds {
        let mut command = Command::new("curl");
        command
            .args([
                "--silent",
                "--fail",
                "--http2",
                "--parallel",
                "--parallel-max",
                "100",
            ])
            .arg("--cacert")
            .arg(ca_file.path())
            .args(["-H", "authorization: Bearer bench-token"]);
        for i in 0..workspaces {
            command
                .arg(format!("{base_url}/bucket?workspaceId=ws-{i:03}"))
                .args(["-o", "/dev/null"]);
        }
        let start = Instant::now();
        let status = command.status().ok()?;
        if !status.success() {
            return None;
        }
        times.push(start.elapsed());
    }
    times.sort();
    Some(times[times.len() / 2])
}

criterion::criterion_group!(benches, road);
criterion::criterion_main!(benches);
