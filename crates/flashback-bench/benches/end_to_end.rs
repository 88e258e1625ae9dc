//! Benchmark 2: a full list call over loopback with keep-alive, against a minimal server that
//! returns a fixed body: the SDK's `list_buckets` versus hand-written `reqwest` +
//! `serde_json`, for a 1-bucket and a 10,000-bucket body, over plain HTTP (2a, 2b) and, for the
//! 1-bucket body, over HTTPS with both clients trusting a test CA (2c). Target: SDK/raw <= 1.10.

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use flashback_api::types::{GetBucketsResponse, StorageBucket};
use flashback_ext::{Client, RetryPolicy};

fn end_to_end(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sizes: &[usize] = if support::quick() {
        &[1, 100]
    } else {
        &[1, 10_000]
    };
    for &count in sizes {
        let address =
            runtime.block_on(support::serve(support::listing_body(count), Duration::ZERO));
        let base_url = format!("http://{address}");
        let sdk = Client::builder()
            .base_url(&base_url)
            .token("bench-token")
            .retry_policy(RetryPolicy::no_retries())
            .build()
            .unwrap();
        let raw = reqwest::Client::new();
        let url = format!("{base_url}/bucket");
        let sdk_call = || runtime.block_on(async { sdk.list_buckets().await.unwrap() });
        let raw_call = || runtime.block_on(raw_list(&raw, &url));
        // The generated client alone (auth by default header), to tell its overhead from the
        // SDK's.
        let generated = flashback_api::Client::new_with_client(
            &base_url,
            reqwest::Client::builder()
                .default_headers(reqwest::header::HeaderMap::from_iter([(
                    reqwest::header::AUTHORIZATION,
                    reqwest::header::HeaderValue::from_static("Bearer bench-token"),
                )]))
                .build()
                .unwrap(),
            Default::default(),
        );
        let generated_call = || {
            runtime.block_on(async {
                generated
                    .get_storage_buckets()
                    .send()
                    .await
                    .unwrap()
                    .into_inner()
                    .buckets
                    .unwrap_or_default()
            })
        };
        assert_eq!(sdk_call(), raw_call());
        assert_eq!(generated_call(), raw_call());

        let mut group = c.benchmark_group("end to end");
        group.bench_function(format!("sdk {count} buckets"), |b| b.iter(sdk_call));
        group.bench_function(format!("raw reqwest {count} buckets"), |b| b.iter(raw_call));
        group.finish();

        let rounds = if support::quick() {
            5
        } else if count > 1000 {
            100
        } else {
            2000
        };
        let ratio = support::interleaved_ratio(rounds, || drop(sdk_call()), || drop(raw_call()));
        support::report(&format!("end to end {count} buckets, SDK/raw"), ratio, 1.10);
        let ratio =
            support::interleaved_ratio(rounds, || drop(generated_call()), || drop(raw_call()));
        println!("end to end {count} buckets, generated client alone / raw: {ratio:.3}");
        if count == 1 {
            split_the_overhead(&runtime, &base_url, &raw_call, rounds);
            let ratio =
                support::interleaved_ratio(rounds, || drop(sdk_call()), || drop(raw_call()));
            println!("end to end 1 bucket, SDK/raw again: {ratio:.3}");
        }
    }
}

/// Where the SDK's cost over the raw call goes, for the record in BENCHMARKS.md: the raw call
/// with gzip accepted too (the SDK accepts and decodes gzip, the raw client does not), and the
/// SDK without its per-call timer (no attempt timeout, no deadline).
fn split_the_overhead(
    runtime: &tokio::runtime::Runtime,
    base_url: &str,
    raw_call: &dyn Fn() -> Vec<StorageBucket>,
    rounds: usize,
) {
    let gzip = reqwest::Client::builder().gzip(true).build().unwrap();
    let url = format!("{base_url}/bucket");
    let gzip_call = || runtime.block_on(raw_list(&gzip, &url));
    let ratio = support::interleaved_ratio(rounds, || drop(gzip_call()), || drop(raw_call()));
    println!("end to end 1 bucket, raw with gzip accepted / raw: {ratio:.3}");
    let untimed = Client::builder()
        .base_url(base_url)
        .token("bench-token")
        .retry_policy(RetryPolicy::no_retries())
        .attempt_timeout(None)
        .deadline(None)
        .build()
        .unwrap();
    let untimed_call = || runtime.block_on(async { untimed.list_buckets().await.unwrap() });
    let ratio = support::interleaved_ratio(rounds, || drop(untimed_call()), || drop(gzip_call()));
    println!("end to end 1 bucket, SDK without timer / raw with gzip: {ratio:.3}");
}

/// 2c: the 1-bucket call over HTTPS (TLS 1.3, rustls), the connection kept alive, so that the
/// figure is the SDK's per-call cost next to TLS's, not the handshake's.
fn end_to_end_https(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ca = flashback_fake::test_pki::TestCa::new("benchmark CA");
    let certificate = ca.server_certificate(&["127.0.0.1"]);
    let tls = certificate.tls_config();
    let address = runtime.block_on(support::serve_https(support::listing_body(1), &tls));
    let base_url = format!("https://{address}");
    let sdk = Client::builder()
        .base_url(&base_url)
        .token("bench-token")
        .add_root_certificate(ca.certificate_pem())
        .retry_policy(RetryPolicy::no_retries())
        .build()
        .unwrap();
    let raw = reqwest::Client::builder()
        .tls_certs_merge(
            reqwest::Certificate::from_pem_bundle(ca.certificate_pem().as_bytes()).unwrap(),
        )
        .build()
        .unwrap();
    let url = format!("{base_url}/bucket");
    let sdk_call = || runtime.block_on(async { sdk.list_buckets().await.unwrap() });
    let raw_call = || runtime.block_on(raw_list(&raw, &url));
    assert_eq!(sdk_call(), raw_call());
    let mut group = c.benchmark_group("end to end https");
    group.bench_function("sdk 1 bucket", |b| b.iter(sdk_call));
    group.bench_function("raw reqwest 1 bucket", |b| b.iter(raw_call));
    group.finish();
    let rounds = if support::quick() { 5 } else { 2000 };
    let ratio = support::interleaved_ratio(rounds, || drop(sdk_call()), || drop(raw_call()));
    support::report("end to end https 1 bucket, SDK/raw", ratio, 1.10);
}

/// The hand-written call: `reqwest` with the bearer token, then `serde_json`.
async fn raw_list(client: &reqwest::Client, url: &str) -> Vec<StorageBucket> {
    let response = client
        .get(url)
        .bearer_auth("bench-token")
        .send()
        .await
        .unwrap();
    let body = response.bytes().await.unwrap();
    serde_json::from_slice::<GetBucketsResponse>(&body)
        .unwrap()
        .buckets
        .unwrap_or_default()
}

criterion_group!(benches, end_to_end, end_to_end_https);
criterion_main!(benches);
