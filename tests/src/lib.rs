//! Helpers for the contract tests in `tests/tests/`: the spec in its several forms, and a JSON
//! Schema validator built from its components. (The loopback server that records requests is
//! `flashback_ext::test_util::ScriptedServer`.)

pub mod spec;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
