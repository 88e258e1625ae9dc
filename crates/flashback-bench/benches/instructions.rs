//! Benchmark 2d: instructions per call, SDK / raw `reqwest` + `serde_json` (the contender of
//! 2a, sending the same headers as the SDK: `Authorization`, `User-Agent`, `Accept`),
//! counted by callgrind, which counts instructions and not time, so the figure does not depend
//! on the machine's load. The server runs in another process (this binary, `--serve`), so only
//! the client is counted; each contender runs twice under callgrind, with 200 and 1,200 calls
//! after a warm-up, and the difference divided by 1,000 is its cost per call, start-up excluded.
//!
//! It also counts allocations per call, natively, with a counting global allocator: each
//! contender's calls run in this process, and the count of 1,200 calls less that of 200 over
//! 1,000 is the figure.
//!
//! `cargo bench -p flashback-bench --bench instructions` (needs valgrind; without it, says so).
//! Under `cargo test --benches` it makes a few calls of each contender natively.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use flashback_api::types::{GetBucketsResponse, StorageBucket};
use flashback_ext::{Client, RetryPolicy};

/// The system allocator, counting allocations (reallocations count as one).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const FEW: usize = 200;
const MANY: usize = 1_200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|arg| arg == "--serve") {
        return serve();
    }
    if let Some(at) = args.iter().position(|arg| arg == "--contender") {
        let contender = args[at + 1].clone();
        let address = args[at + 2].clone();
        let calls: usize = args[at + 3].parse().unwrap();
        return run(&contender, &address, calls);
    }
    // The server, natively, in a child process.
    let mut server = Command::new(&args[0])
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server process");
    let mut address = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    let address = address.trim().to_owned();
    if support::quick() {
        run("sdk", &address, 3);
        run("raw", &address, 3);
        println!("benchmark 2d: quick mode, not a measurement; run `cargo bench`");
    } else if Command::new("valgrind").arg("--version").output().is_err() {
        println!("benchmark 2d: valgrind is not installed (apt-get install valgrind)");
    } else {
        let per_call = |contender: &str| {
            let few = instructions(&args[0], contender, &address, FEW);
            let many = instructions(&args[0], contender, &address, MANY);
            (many - few) as f64 / (MANY - FEW) as f64
        };
        let (sdk, raw) = (per_call("sdk"), per_call("raw"));
        println!(
            "benchmark 2d: instructions per call, SDK {sdk:.0}, raw {raw:.0}: {:.3}",
            sdk / raw
        );
        support::report("benchmark 2d (instructions, SDK / raw)", sdk / raw, 1.03);
        let (sdk, raw) = (
            allocations_per_call("sdk", &address),
            allocations_per_call("raw", &address),
        );
        println!("benchmark 2d: allocations per call, SDK {sdk:.1}, raw {raw:.1}");
    }
    let _ = server.kill();
    let _ = server.wait();
}

/// The allocations of one call of `contender`, in this process: those of `MANY` calls less
/// those of `FEW`, over the difference.
fn allocations_per_call(contender: &str, address: &str) -> f64 {
    let count = |calls| {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        run(contender, address, calls);
        ALLOCATIONS.load(Ordering::Relaxed) - before
    };
    let (few, many) = (count(FEW), count(MANY));
    (many - few) as f64 / (MANY - FEW) as f64
}

/// The total instructions callgrind counts for `calls` calls of `contender`.
fn instructions(program: &str, contender: &str, address: &str, calls: usize) -> u64 {
    let out = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--trace-children=no"])
        .arg(format!("--callgrind-out-file={}", out.path().display()))
        .arg(program)
        .args(["--contender", contender, address, &calls.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run valgrind");
    assert!(status.success(), "callgrind run failed");
    let text = std::fs::read_to_string(out.path()).unwrap();
    text.lines()
        .find_map(|line| {
            line.strip_prefix("summary: ")
                .or_else(|| line.strip_prefix("totals: "))
        })
        .and_then(|total| total.split_whitespace().next()?.parse().ok())
        .expect("a callgrind summary")
}

/// `calls` list calls of `contender` after one warm-up, on one current-thread runtime.
fn run(contender: &str, address: &str, calls: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base_url = format!("http://{address}");
    match contender {
        "sdk" => {
            let client = Client::builder()
                .base_url(&base_url)
                .token("bench-token")
                .retry_policy(RetryPolicy::no_retries())
                .build()
                .unwrap();
            for _ in 0..=calls {
                let buckets = runtime.block_on(client.list_buckets()).unwrap();
                assert_eq!(buckets.len(), 1);
            }
        }
        "raw" => {
            let client = reqwest::Client::new();
            let url = format!("{base_url}/bucket");
            for _ in 0..=calls {
                let buckets = runtime.block_on(raw_list(&client, &url));
                assert_eq!(buckets.len(), 1);
            }
        }
        other => panic!("unknown contender {other}"),
    }
}

/// The hand-written call, with the headers the SDK sends.
async fn raw_list(client: &reqwest::Client, url: &str) -> Vec<StorageBucket> {
    let body = client
        .get(url)
        .header(reqwest::header::AUTHORIZATION, "Bearer bench-token")
        .header(reqwest::header::USER_AGENT, "flashback-ext/0.2.0")
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice::<GetBucketsResponse>(&body)
        .unwrap()
        .buckets
        .unwrap_or_default()
}

/// Serves a 1-bucket listing until killed; prints its address first.
fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let address = support::serve(support::listing_body(1), Duration::ZERO).await;
        println!("{address}");
        std::future::pending::<()>().await;
    });
}
