//! The SDK's benchmarks live in `benches/` (see `BENCHMARKS.md`). They are a package of their
//! own so that their binaries are built with only what a service's release build has: the
//! crates' dev-dependencies (httpmock turns on `tracing/log`, the tests turn on tokio's
//! `test-util`) would otherwise be compiled into them and counted.
