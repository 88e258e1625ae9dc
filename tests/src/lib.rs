//! Helpers for the spec tests in `tests/tests/` (spec ⇄ generated types ⇄ wire): the spec in
//! its several forms, and a JSON Schema validator built from its components. (The loopback
//! server that answers from a script and records requests is `flashback_fake::start_scripted`.)

pub mod spec;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
