//! What the SDK benchmarks share: realistic bodies, a minimal keep-alive server, and ratios
//! measured by interleaving the two contenders in one run.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use flashback_api::types::GetBucketsResponse;

/// A `GET /bucket` body of `count` buckets with every field filled (the fake's synthetic data).
pub fn listing_body(count: usize) -> Vec<u8> {
    let data = flashback_fake::DataSet::synthetic(count);
    serde_json::to_vec(&GetBucketsResponse {
        success: Some(true),
        buckets: Some(data.buckets),
    })
    .unwrap()
}

/// Serves `body` on `GET /bucket` (keep-alive), each answer `delay` late; returns its address.
pub async fn serve(body: Vec<u8>, delay: Duration) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = router(body, delay);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

/// [`serve`] over HTTPS with `tls`.
pub async fn serve_https(body: Vec<u8>, tls: &flashback_fake::TlsConfig) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let listener = flashback_fake::TlsListener::new(listener, tls).unwrap();
    let app = router(body, Duration::ZERO);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

fn router(body: Vec<u8>, delay: Duration) -> Router {
    Router::new()
        .route(
            "/bucket",
            get(
                |State((body, delay)): State<(Bytes, Duration)>| async move {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    ([(CONTENT_TYPE, "application/json")], body)
                },
            ),
        )
        .with_state((Bytes::from(body), delay))
}

/// The median over `rounds` of (time of `a`) / (time of `b`), the two run back to back in each
/// round (alternating which goes first), so that machine noise hits both alike.
pub fn interleaved_ratio(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> f64 {
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            let time = |f: &mut dyn FnMut()| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            };
            let (ta, tb) = if round % 2 == 0 {
                let ta = time(&mut a);
                (ta, time(&mut b))
            } else {
                let tb = time(&mut b);
                (time(&mut a), tb)
            };
            ta / tb
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// Whether criterion runs in test mode (`cargo test --benches`): one quick pass, small sizes.
pub fn quick() -> bool {
    !std::env::args().any(|arg| arg == "--bench")
}

/// Prints a figure and whether it meets its target (in quick mode, that it is no measurement:
/// small sizes, one pass, a debug build).
pub fn report(name: &str, value: f64, target: f64) {
    if quick() {
        println!("{name}: {value:.3} (quick mode, not a measurement; run `cargo bench`)");
        return;
    }
    let verdict = if value <= target { "meets" } else { "MISSES" };
    println!("{name}: {value:.3} ({verdict} the target <= {target})");
}
