//! Snapshot tests of the `flashback` command against the fake backend: help, every output
//! format, every exit code with its message, masking, and the token never printed.

use flashback_fake::{
    DEMO_GLOBAL_TOKEN, DEMO_REMOVED_TOKEN, DEMO_WORKSPACE_TOKEN, DataSet, Fault, FaultPlan,
    Operation, Options, start_scripted,
};
use insta_cmd::assert_cmd_snapshot;

mod support;
use support::{Fake, flashback, settings};

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
fn filters_columns_and_sort() {
    settings().bind(|| {
        // Case-insensitive, repeatable, in every format.
        assert_cmd_snapshot!(
            "filter_status_type",
            flashback().args([
                "--demo", "buckets", "list", "--status", "online", "--status", "Offline", "--type",
                "s3", "--type", "BLOB",
            ])
        );
        assert_cmd_snapshot!(
            "filter_name_columns_sort_csv",
            flashback().args([
                "--demo",
                "-o",
                "csv",
                "buckets",
                "list",
                "--name",
                "VIDEO",
                "--columns",
                "name,status,last-status,endpoint,key",
                "--sort",
                "last-status",
            ])
        );
        assert_cmd_snapshot!(
            "filter_available_ndjson",
            flashback().args([
                "--demo",
                "-o",
                "ndjson",
                "buckets",
                "available",
                "--type",
                "gcs",
                "--sort",
                "name",
            ])
        );
        // Refused before anything is sent: the message lists what the listing offers.
        assert_cmd_snapshot!(
            "exit_2_unknown_column",
            flashback().args([
                "--demo",
                "buckets",
                "available",
                "--columns",
                "name,endpoint"
            ])
        );
        assert_cmd_snapshot!(
            "exit_2_unknown_sort",
            flashback().args(["buckets", "list", "--sort", "size"])
        );
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
    // An empty workspace id would list every workspace: refused, on both listings.
    assert_cmd_snapshot!(
        "exit_2_empty_workspace",
        flashback()
            .env("FLASHBACK_TOKEN", "t")
            .args(["buckets", "list", "--workspace", ""])
    );
    let output = flashback()
        .env("FLASHBACK_TOKEN", "t")
        .args([
            "buckets",
            "available",
            "--workspace",
            "ws-1",
            "--workspace",
            " ",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the workspace id is empty"));
    assert_cmd_snapshot!(
        "exit_2_ca_cert_missing",
        flashback().env("FLASHBACK_TOKEN", "t").args([
            "--ca-cert",
            "/does/not/exist.pem",
            "buckets",
            "list"
        ])
    );
    let not_pem = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_pem.path(), "not a certificate").unwrap();
    let output = flashback()
        .env("FLASHBACK_TOKEN", "t")
        .arg("--ca-cert")
        .arg(not_pem.path())
        .args(["buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("holds no PEM certificate"), "{stderr}");
}

/// A reader that stops early (`| head -1`) is not a failure of the command, in any format:
/// exit 0, nothing on stderr. The pipe's read end is closed before the command starts, so
/// its first write fails, every time; 2,000 buckets overflow every buffer on the way (the
/// CSV writer's own included), so the failing write happens inside each format's writer.
#[test]
fn a_closed_pipe_ends_quietly_in_every_format() {
    let fake = Fake::start(Options {
        data: DataSet::synthetic(2000),
        ..Options::default()
    });
    for format in ["table", "json", "ndjson", "csv"] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = fake
            .flashback(DEMO_GLOBAL_TOKEN)
            .args(["--output", format, "buckets", "list"])
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.stderr.is_empty(), "{format}: {:?}", output.stderr);
    }
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
    let fake = Fake::with_faults(
        Operation::GetStorageBuckets,
        FaultPlan::always(Fault::Status(503)),
    );
    assert_cmd_snapshot!(
        "exit_5_server_error",
        fake.flashback(DEMO_GLOBAL_TOKEN)
            .args(["--retries", "1", "buckets", "list"])
    );
}

#[test]
fn invalid_response_exits_6() {
    let fake = Fake::with_faults(
        Operation::GetAvailableStorageBuckets,
        FaultPlan::always(Fault::InvalidJson),
    );
    assert_cmd_snapshot!(
        "exit_6_invalid_json",
        fake.flashback(DEMO_GLOBAL_TOKEN)
            .args(["buckets", "available"])
    );
}

/// `flashback -o ndjson buckets list` against `fake` with the workspace user's token in a
/// `--token-file` (and no `FLASHBACK_TOKEN`).
fn list_with_token_file(fake: &Fake) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{DEMO_WORKSPACE_TOKEN}\n")).unwrap();
    fake.flashback("ignored")
        .env_remove("FLASHBACK_TOKEN")
        .arg("--token-file")
        .arg(&file)
        .args(["-o", "ndjson", "buckets", "list"])
        .output()
        .unwrap()
}

#[test]
fn a_token_file_works_like_the_environment() {
    let output = list_with_token_file(&Fake::demo());
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        4,
        "the workspace user's 4 buckets"
    );
}

/// A token from a file is an SDK token provider: a 401 reads the source again and sends the
/// request once more (the platform may have rotated the token). A token from the environment
/// cannot change while the command runs: a 401 is final.
#[test]
fn a_token_file_gets_the_sdks_replay_after_a_401() {
    let unauthorized = || Fault::json(401, r#"{"success":false,"message":"expired"}"#);
    let fake = Fake::with_faults(
        Operation::GetStorageBuckets,
        FaultPlan::sequence([unauthorized()]),
    );
    let output = list_with_token_file(&fake);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(fake.requests().len(), 2, "the 401, then the replay");

    let fake = Fake::with_faults(
        Operation::GetStorageBuckets,
        FaultPlan::sequence([unauthorized()]),
    );
    let output = fake
        .flashback(DEMO_WORKSPACE_TOKEN)
        .args(["buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert_eq!(fake.requests().len(), 1, "a fixed token is not sent again");
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

/// A server whose answer the SDK rejects, with credentials in the body: at `-vv`, neither the
/// error nor the traces show a key or a secret, nor the token.
#[test]
fn no_credential_at_vv_when_a_response_is_rejected() {
    const KEY: &str = "SENTINEL-KEY-1a2b3c";
    const SECRET: &str = "SENTINEL-SECRET-4d5e";
    const TOKEN: &str = "SENTINEL-TOKEN-6f7a";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let body = format!(
        r#"{{"success":true,"buckets":[{{"id":"b","key":"{KEY}","secret":{{"iv":"{SECRET}"}},"createdAt":"yesterday"}}]}}"#
    );
    let server = runtime
        .block_on(start_scripted([
            Fault::json(200, body.clone()),
            Fault::json(500, format!("<html>{KEY} {SECRET}</html>")),
        ]))
        .unwrap();
    for _ in 0..2 {
        let output = flashback()
            .env("FLASHBACK_BASE_URL", server.base_url())
            .env("FLASHBACK_TOKEN", TOKEN)
            .args(["-vv", "--retries", "0", "buckets", "list"])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(matches!(output.status.code(), Some(5 | 6)), "{all}");
        assert!(all.contains("flashback.call"), "{all}");
        for sentinel in [KEY, SECRET, TOKEN] {
            assert!(!all.contains(sentinel), "printed {sentinel}:\n{all}");
        }
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _flashback"),
        ("zsh", "#compdef flashback"),
        ("fish", "complete -c flashback"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[flashback]"),
    ] {
        let output = flashback()
            .env_remove("FLASHBACK_TOKEN")
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        for word in ["buckets", "available", "workspace", "output"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let output = flashback().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{stderr}"
    );
}
