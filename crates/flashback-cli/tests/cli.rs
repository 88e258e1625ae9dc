//! Snapshot tests of the `flashback` command against the fake backend: help, every output
//! format, every exit code with its message, masking, and the token never printed.

use std::process::Command;

use flashback_fake::{
    DEMO_GLOBAL_TOKEN, DEMO_REMOVED_TOKEN, DEMO_WORKSPACE_TOKEN, DataSet, FakeServer, Fault,
    FaultPlan, Options, Route,
};
use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

/// The command, with no configuration inherited from the environment.
fn flashback() -> Command {
    let mut command = Command::new(get_cargo_bin("flashback"));
    command
        .env_remove("FLASHBACK_TOKEN")
        .env_remove("FLASHBACK_BASE_URL")
        .env("NO_COLOR", "1");
    command
}

/// Ports differ between runs.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    settings
}

/// A fake backend on its own runtime, serving while the test runs the command.
struct Fake {
    server: Option<FakeServer>,
    runtime: tokio::runtime::Runtime,
}

impl Fake {
    fn start(options: Options) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(flashback_fake::start(options)).unwrap();
        Self {
            server: Some(server),
            runtime,
        }
    }

    fn demo() -> Self {
        Self::start(Options::default())
    }

    fn with_faults(route: Route, plan: FaultPlan) -> Self {
        Self::start(Options {
            faults: [(route, plan)].into(),
            ..Options::default()
        })
    }

    /// The command pointed at this fake with `token`.
    fn flashback(&self, token: &str) -> Command {
        let mut command = flashback();
        command
            .env(
                "FLASHBACK_BASE_URL",
                self.server.as_ref().unwrap().base_url(),
            )
            .env("FLASHBACK_TOKEN", token);
        command
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server.shutdown());
        }
    }
}

#[test]
fn help() {
    assert_cmd_snapshot!("help", flashback().arg("--help"));
    assert_cmd_snapshot!(
        "help_buckets_list",
        flashback().args(["buckets", "list", "--help"])
    );
}

#[test]
fn demo_table() {
    settings().bind(|| {
        assert_cmd_snapshot!(
            "demo_table",
            flashback().args(["--demo", "buckets", "list"])
        )
    });
}

#[test]
fn output_formats() {
    let fake = Fake::demo();
    fn args(format: &str) -> [&str; 6] {
        [
            "--output",
            format,
            "buckets",
            "list",
            "--workspace",
            "ws-backups",
        ]
    }
    assert_cmd_snapshot!("json", fake.flashback(DEMO_GLOBAL_TOKEN).args(args("json")));
    assert_cmd_snapshot!(
        "ndjson",
        fake.flashback(DEMO_GLOBAL_TOKEN).args(args("ndjson"))
    );
    assert_cmd_snapshot!("csv", fake.flashback(DEMO_GLOBAL_TOKEN).args(args("csv")));
    assert_cmd_snapshot!(
        "available_table_several_workspaces",
        fake.flashback(DEMO_GLOBAL_TOKEN).args([
            "buckets",
            "available",
            "--workspace",
            "ws-media",
            "--workspace",
            "ws-backups"
        ])
    );
}

#[test]
fn show_secrets_versus_masked() {
    let fake = Fake::demo();
    let args = ["-o", "json", "buckets", "list", "--workspace", "ws-media"];
    assert_cmd_snapshot!("masked", fake.flashback(DEMO_GLOBAL_TOKEN).args(args));
    assert_cmd_snapshot!(
        "show_secrets",
        fake.flashback(DEMO_GLOBAL_TOKEN)
            .arg("--show-secrets")
            .args(args)
    );
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    assert_cmd_snapshot!("exit_2_no_token", flashback().args(["buckets", "list"]));
    assert_cmd_snapshot!(
        "exit_2_token_flag",
        flashback().args(["--token", "abc", "buckets", "list"])
    );
    assert_cmd_snapshot!(
        "exit_2_bad_output",
        flashback().args(["--output", "xml", "buckets", "list"])
    );
    assert_cmd_snapshot!(
        "exit_2_plain_http",
        flashback().env("FLASHBACK_TOKEN", "t").args([
            "--base-url",
            "http://flashback.internal",
            "buckets",
            "list"
        ])
    );
    assert_cmd_snapshot!(
        "exit_2_missing_token_file",
        flashback().args(["--token-file", "/does/not/exist", "buckets", "list"])
    );
}

#[test]
fn authentication_and_authorization_exit_3() {
    let fake = Fake::demo();
    settings().bind(|| {
        assert_cmd_snapshot!(
            "exit_3_unknown_token",
            fake.flashback("not-a-token").args(["buckets", "list"])
        );
        assert_cmd_snapshot!(
            "exit_3_forbidden_workspace",
            fake.flashback(DEMO_WORKSPACE_TOKEN).args([
                "buckets",
                "list",
                "--workspace",
                "ws-media"
            ])
        );
    });
}

#[test]
fn not_found_exits_4() {
    let fake = Fake::demo();
    assert_cmd_snapshot!(
        "exit_4_removed_user",
        fake.flashback(DEMO_REMOVED_TOKEN)
            .args(["buckets", "available"])
    );
}

#[test]
fn unavailable_exits_5() {
    let fake = Fake::with_faults(Route::Buckets, FaultPlan::always(Fault::Status(503)));
    assert_cmd_snapshot!(
        "exit_5_server_error",
        fake.flashback(DEMO_GLOBAL_TOKEN)
            .args(["--retries", "1", "buckets", "list"])
    );
}

#[test]
fn invalid_response_exits_6() {
    let fake = Fake::with_faults(
        Route::AvailableBuckets,
        FaultPlan::always(Fault::InvalidJson),
    );
    assert_cmd_snapshot!(
        "exit_6_invalid_json",
        fake.flashback(DEMO_GLOBAL_TOKEN)
            .args(["buckets", "available"])
    );
}

#[test]
fn a_token_file_works_like_the_environment() {
    let fake = Fake::demo();
    let dir = std::env::temp_dir().join(format!("flashback-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, format!("{DEMO_WORKSPACE_TOKEN}\n")).unwrap();
    let output = fake
        .flashback("ignored")
        .env_remove("FLASHBACK_TOKEN")
        .arg("--token-file")
        .arg(&file)
        .args(["-o", "ndjson", "buckets", "list"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        4,
        "the workspace user's 4 buckets"
    );
}

/// A sentinel token, at the highest verbosity, on success and on failure, never shows.
#[test]
fn the_token_never_appears_in_output() {
    const SENTINEL: &str = "SENTINEL-TOKEN-9c1e4b7a";
    let mut data = DataSet::demo();
    data.users[0].token = SENTINEL.to_owned();
    let fake = Fake::start(Options {
        data,
        ..Options::default()
    });
    for args in [
        &["-vv", "buckets", "list"][..],
        &[
            "-vv",
            "-o",
            "json",
            "--show-secrets",
            "buckets",
            "available",
        ][..],
        &["-vv", "buckets", "list", "--workspace", "ws-nope"][..],
    ] {
        let output = fake.flashback(SENTINEL).args(args).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            all.contains("flashback.call"),
            "-vv traces the calls: {all}"
        );
        assert!(
            !all.contains(SENTINEL),
            "{args:?} printed the token:\n{all}"
        );
    }
    // An unknown token, too.
    let output = fake
        .flashback("SENTINEL-UNKNOWN-TOKEN")
        .args(["-vv", "buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("SENTINEL-UNKNOWN-TOKEN"));
}
