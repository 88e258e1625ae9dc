//! Helpers for the spec tests in `tests/tests/` (spec ⇄ generated types ⇄ wire): the spec in
//! its several forms, and a JSON Schema validator built from its components. (The loopback
//! server that answers from a script and records requests is `flashback_fake::start_scripted`.
//! The README's examples are compiled by `examples/service`, as a service compiles them.)

pub mod spec;
