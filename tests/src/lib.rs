//! Helpers for the contract tests in `tests/tests/`: the spec in its several forms, a JSON
//! Schema validator built from its components, and a loopback server that records the exact
//! request a client sends.

pub mod capture;
pub mod spec;
