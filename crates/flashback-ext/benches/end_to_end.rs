//! Benchmark 2: a full list call over loopback with keep-alive, against a minimal server that
//! returns a fixed body: the SDK's `list_buckets` versus hand-written `reqwest` +
//! `serde_json`, for a 1-bucket and a 10,000-bucket body. Target: SDK/raw <= 1.10 for both.

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use flashback_api::types::GetBucketsResponse;
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
        let raw_call = || {
            runtime.block_on(async {
                let response = raw
                    .get(&url)
                    .bearer_auth("bench-token")
                    .send()
                    .await
                    .unwrap();
                let body = response.bytes().await.unwrap();
                serde_json::from_slice::<GetBucketsResponse>(&body)
                    .unwrap()
                    .buckets
                    .unwrap_or_default()
            })
        };
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
    }
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
