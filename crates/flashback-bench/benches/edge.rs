//! Benchmarks 8 and 9: a 64-workspace listing at a platform edge that throttles and ends
//! connections, against `flashback-fake`'s faults on loopback, in real time.
//!
//! * 8: a rate limiter of 20 requests a second with a burst of 5, `429` without `Retry-After`
//!   (nginx `limit_req`), plain HTTP: the listing completes; its wall time over the ideal
//!   (5 at once, then 59 at 20 a second: 2.95 s; the round figure is 64 / 20 = 3.2 s)
//!   and the requests sent over 64. Targets: time <= 1.3 x 3.2 s, requests <= 1.5 x 64.
//! * 9: HTTP/2 connections ended by a `GOAWAY` (`NO_ERROR`) after every 4 streams (nginx
//!   `keepalive_requests 4`), HTTPS: listings that complete, out of 100 (target: 100), and
//!   connections opened per listing (16 at least: each connection answers 4 of the 64 streams).

mod support;

use std::time::{Duration, Instant};

use flashback_ext::{Client, RetryPolicy, WorkspaceFilter};
use flashback_fake::{
    ConnectionFaults, DEMO_GLOBAL_TOKEN, DataSet, GoAway, GoAwayCode, Options, RateLimit,
};

fn workspaces() -> WorkspaceFilter {
    WorkspaceFilter::any_of((0..64).map(|i| format!("ws-{i:02}")))
}

fn edge(_: &mut criterion::Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let quick = support::quick();

    // 8: the rate limiter.
    let runs = if quick { 1 } else { 5 };
    let mut times = Vec::new();
    let mut sent = Vec::new();
    for _ in 0..runs {
        let (elapsed, requests) = runtime.block_on(async {
            let server = flashback_fake::start(Options {
                rate_limit: Some(RateLimit::new(20.0, 5)),
                data: DataSet::synthetic_in(128, 64),
                ..Options::default()
            })
            .await
            .unwrap();
            let client = Client::builder()
                .base_url(server.base_url())
                .token(DEMO_GLOBAL_TOKEN)
                .retry_policy(RetryPolicy::default().with_max_attempts(3))
                .build()
                .unwrap();
            let start = Instant::now();
            client.list_buckets_in(&workspaces()).await.unwrap();
            (start.elapsed(), server.requests().len())
        });
        times.push(elapsed);
        sent.push(requests);
    }
    times.sort();
    sent.sort_unstable();
    let median_time = times[times.len() / 2];
    let ideal = Duration::from_secs_f64(64.0 / 20.0);
    println!(
        "benchmark 8, 64 workspaces through a 20/s burst-5 limiter (no Retry-After): {} ms \
         (median of {runs}; {} to {} ms), requests sent {} to {}",
        median_time.as_millis(),
        times[0].as_millis(),
        times[times.len() - 1].as_millis(),
        sent[0],
        sent[sent.len() - 1],
    );
    support::report(
        "benchmark 8 (wall time / 3.2 s)",
        median_time.as_secs_f64() / ideal.as_secs_f64(),
        1.3,
    );
    support::report(
        "benchmark 8 (requests sent / 64, worst run)",
        sent[sent.len() - 1] as f64 / 64.0,
        1.5,
    );

    // 9: GOAWAY after every 4 streams.
    let listings = if quick { 5 } else { 100 };
    let ca = flashback_fake::test_pki::TestCa::new("benchmark CA");
    let (completed, connections) = runtime.block_on(async {
        let server = flashback_fake::start(Options {
            tls: Some(ca.server_certificate(&["127.0.0.1"]).tls_config()),
            data: DataSet::synthetic_in(128, 64),
            connections: ConnectionFaults {
                goaway: Some(GoAway {
                    after_streams: 4,
                    code: GoAwayCode::NoError,
                }),
                ..ConnectionFaults::NONE
            },
            ..Options::default()
        })
        .await
        .unwrap();
        let mut completed = 0;
        for _ in 0..listings {
            // A new client each time: a cold start, as the command makes.
            let client = Client::builder()
                .base_url(server.base_url())
                .token(DEMO_GLOBAL_TOKEN)
                .add_root_certificate(ca.certificate_pem())
                .build()
                .unwrap();
            if client.list_buckets_in(&workspaces()).await.is_ok() {
                completed += 1;
            }
        }
        (completed, server.connections_accepted())
    });
    println!(
        "benchmark 9, 64 workspaces over HTTP/2 with a GOAWAY after every 4 streams: {completed} \
         of {listings} listings complete, {:.1} connections a listing (16 at least)",
        connections as f64 / listings as f64
    );
    assert_eq!(completed, listings, "every listing completes");
}

criterion::criterion_group!(benches, edge);
criterion::criterion_main!(benches);
