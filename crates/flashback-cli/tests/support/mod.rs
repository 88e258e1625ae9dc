//! What the command's tests share: the command without the machine's configuration, the
//! snapshot settings, and a fake backend serving while a test runs.

#![allow(dead_code)] // Each test binary uses its part.

use std::process::Command;

use flashback_fake::{BlockingFake, FaultPlan, Operation, Options};
use insta_cmd::get_cargo_bin;

/// The command, with no configuration inherited from the environment.
pub fn flashback() -> Command {
    let mut command = Command::new(get_cargo_bin("flashback"));
    command
        .env_remove("FLASHBACK_TOKEN")
        .env_remove("FLASHBACK_BASE_URL")
        .env_remove("FLASHBACK_CA_CERT")
        .env_remove("FLASHBACK_TOKEN_FILE")
        .env_remove("FLASHBACK_CONFIG")
        .env_remove("FLASHBACK_PROFILE")
        .env_remove("FLASHBACK_CLIENT_CERT")
        .env_remove("FLASHBACK_CLIENT_KEY")
        // No proxy of the machine's: tests that want one set it.
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        // No config file of the machine's: tests that want one name it.
        .env("XDG_CONFIG_HOME", "/nonexistent/flashback-tests")
        .env("NO_COLOR", "1");
    command
}

/// Ports differ between runs.
pub fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    settings
}

/// A fake backend on its own runtime, serving while the test runs the command.
pub struct Fake {
    fake: BlockingFake,
}

impl Fake {
    pub fn start(options: Options) -> Self {
        Self {
            fake: BlockingFake::start(options).unwrap(),
        }
    }

    pub fn demo() -> Self {
        Self::start(Options::default())
    }

    /// Runs `future` on the fake's runtime (to start a proxy beside it, say).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.fake.block_on(future)
    }

    pub fn with_faults(route: Operation, plan: FaultPlan) -> Self {
        Self::start(Options {
            faults: [(route, plan)].into(),
            ..Options::default()
        })
    }

    /// The fake's base URL.
    pub fn base_url(&self) -> String {
        self.fake.base_url()
    }

    /// The requests the fake received, as `path?query`.
    pub fn requests(&self) -> Vec<String> {
        self.fake
            .server()
            .requests()
            .into_iter()
            .map(|request| match request.query {
                Some(query) => format!("{}?{query}", request.path),
                None => request.path,
            })
            .collect()
    }

    /// The command pointed at this fake with `token`.
    pub fn flashback(&self, token: &str) -> Command {
        let mut command = flashback();
        command
            .env("FLASHBACK_BASE_URL", self.fake.base_url())
            .env("FLASHBACK_TOKEN", token);
        command
    }
}
