//! Helpers for the contract tests in `tests/tests/`: the spec in its several forms, a JSON
//! Schema validator built from its components, and a loopback server that records the exact
//! request a client sends.

pub mod capture;
pub mod spec;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
