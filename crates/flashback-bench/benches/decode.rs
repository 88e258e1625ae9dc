//! Benchmark 1: decoding a 10,000-bucket `GET /bucket` body through the SDK's decoder versus
//! `serde_json::from_slice` into the same generated types. Target: SDK/raw <= 1.05.

mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use flashback_api::types::GetBucketsResponse;

fn decode(c: &mut Criterion) {
    let count = if support::quick() { 100 } else { 10_000 };
    let body = support::listing_body(count);
    let sdk = || black_box(flashback_ext::raw::buckets(black_box(&body)).unwrap());
    let raw = || black_box(serde_json::from_slice::<GetBucketsResponse>(black_box(&body)).unwrap());

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function(format!("sdk {count} buckets"), |b| b.iter(sdk));
    group.bench_function(format!("raw {count} buckets"), |b| b.iter(raw));
    group.finish();

    let rounds = if support::quick() { 5 } else { 200 };
    let ratio = support::interleaved_ratio(rounds, || drop(sdk()), || drop(raw()));
    support::report(&format!("decode {count} buckets, SDK/raw"), ratio, 1.05);
}

criterion_group!(benches, decode);
criterion_main!(benches);
