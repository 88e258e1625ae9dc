//! Profiles: the config file, precedence (flags > environment > profile > defaults),
//! `config show`, and every mistake in a config file as one line with its place, exit 2.

use std::path::Path;

use flashback_fake::DEMO_GLOBAL_TOKEN;
use insta_cmd::assert_cmd_snapshot;

mod support;
use support::{Fake, flashback};

/// A config file in a temporary directory.
fn config(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), text).unwrap();
    dir
}

/// The command reading `dir/config.toml` through `FLASHBACK_CONFIG`.
fn with_config(dir: &Path) -> std::process::Command {
    let mut command = flashback();
    command.env("FLASHBACK_CONFIG", dir.join("config.toml"));
    command
}

/// The temporary directory's path, as snapshots show it.
fn settings(dir: &Path) -> insta::Settings {
    let mut settings = support::settings();
    settings.add_filter(&regex_escape(&dir.display().to_string()), "[DIR]");
    settings
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn json(output: &std::process::Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

const FILE: &str = r#"default_profile = "staging"

[profiles.staging]
base_url = "https://staging.flashback.example"
token_command = "echo sentinel-command-token"
timeout = 15
retries = 5
output = "csv"

[profiles.prod]
token_file = "prod.token"
ca_cert = "~/ca.pem"
"#;

#[test]
fn config_show_says_where_every_setting_comes_from() {
    let dir = config(FILE);
    settings(dir.path()).bind(|| {
        assert_cmd_snapshot!(
            "config_show_default_profile",
            with_config(dir.path())
                .env("HOME", "/home/user")
                .args(["--output", "table", "config", "show"])
        );
        assert_cmd_snapshot!(
            "config_show_flags_and_environment",
            with_config(dir.path())
                .env("HOME", "/home/user")
                .env("FLASHBACK_PROFILE", "prod")
                .env("FLASHBACK_BASE_URL", "https://env.flashback.example")
                .args(["--retries", "0", "config", "show"])
        );
    });
}

#[test]
fn flags_beat_the_environment_which_beats_the_profile() {
    let dir = config(FILE);
    let show = |command: &mut std::process::Command| {
        json(
            &command
                .args(["-o", "json", "config", "show"])
                .output()
                .unwrap(),
        )
    };
    let profile = show(&mut with_config(dir.path()));
    assert_eq!(
        profile["base_url"]["value"],
        "https://staging.flashback.example"
    );
    assert!(
        profile["base_url"]["source"]
            .as_str()
            .unwrap()
            .starts_with("profile staging (")
    );
    assert!(
        profile["base_url"]["source"]
            .as_str()
            .unwrap()
            .ends_with("config.toml:4)")
    );
    let env = show(with_config(dir.path()).env("FLASHBACK_BASE_URL", "https://env.example"));
    assert_eq!(env["base_url"]["value"], "https://env.example");
    assert_eq!(env["base_url"]["source"], "env FLASHBACK_BASE_URL");
    let flag = show(
        with_config(dir.path())
            .env("FLASHBACK_BASE_URL", "https://env.example")
            .args(["--base-url", "https://flag.example"]),
    );
    assert_eq!(flag["base_url"]["value"], "https://flag.example");
    assert_eq!(flag["base_url"]["source"], "flag --base-url");
    // The environment's token beats the profile's command; a token file flag beats both.
    let token = show(with_config(dir.path()).env("FLASHBACK_TOKEN", "t"));
    assert_eq!(token["token"]["source"], "env FLASHBACK_TOKEN");
    let file = show(
        with_config(dir.path())
            .env("FLASHBACK_TOKEN", "t")
            .args(["--token-file", "/run/token"]),
    );
    assert_eq!(file["token"]["source"], "flag --token-file");
    // --profile beats FLASHBACK_PROFILE, which beats default_profile.
    let chosen = show(
        with_config(dir.path())
            .env("FLASHBACK_PROFILE", "staging")
            .args(["--profile", "prod"]),
    );
    assert_eq!(chosen["profile"]["value"], "prod");
    assert_eq!(chosen["profile"]["source"], "flag --profile");
    // An empty variable is an unset one.
    let empty = show(
        with_config(dir.path())
            .env("FLASHBACK_PROFILE", "")
            .env("FLASHBACK_BASE_URL", ""),
    );
    assert_eq!(empty["profile"]["value"], "staging");
    assert_eq!(
        empty["base_url"]["value"],
        "https://staging.flashback.example"
    );
    // No file at all: built-in defaults.
    let defaults = show(&mut flashback());
    assert_eq!(defaults["base_url"]["source"], "default");
    assert_eq!(defaults["retries"]["value"], "2");
    assert_eq!(defaults["token"]["value"], "not set");
}

#[test]
fn config_show_never_prints_the_token() {
    let dir = config(FILE);
    std::fs::write(dir.path().join("prod.token"), "sentinel-file-token").unwrap();
    for (profile, variable) in [
        ("staging", None),
        ("prod", None),
        ("prod", Some("sentinel-env-token")),
    ] {
        for format in ["table", "json", "csv"] {
            let mut command = with_config(dir.path());
            command.args(["--profile", profile, "-o", format, "config", "show"]);
            if let Some(token) = variable {
                command.env("FLASHBACK_TOKEN", token);
            }
            let output = command.output().unwrap();
            assert!(output.status.success());
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(!text.contains("sentinel"), "{profile} {format}: {text}");
        }
    }
}

#[test]
fn a_profile_reaches_the_platform_with_its_token_command_or_file() {
    let fake = Fake::demo();
    let dir = config(&format!(
        r#"[profiles.cmd]
base_url = "{url}"
token_command = "echo {DEMO_GLOBAL_TOKEN}"
output = "json"

[profiles.file]
base_url = "{url}"
token_file = "demo.token"
"#,
        url = fake.base_url()
    ));
    std::fs::write(dir.path().join("demo.token"), DEMO_GLOBAL_TOKEN).unwrap();
    let listed = json(
        &with_config(dir.path())
            .args(["--profile", "cmd", "buckets", "list"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        listed.as_array().unwrap().len(),
        12,
        "output = json from the profile"
    );
    let output = with_config(dir.path())
        .args(["--profile", "file", "-o", "csv", "buckets", "list"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 13);
}

#[test]
fn mistakes_in_the_config_exit_2_with_the_place() {
    let cases = [
        ("bad_toml", "[profiles.a\nbase_url = 1\n", vec![]),
        (
            "unknown_key",
            "[profiles.a]\nbase_url = \"https://x\"\ntokn_file = \"t\"\n",
            vec![],
        ),
        (
            "unknown_profile",
            "[profiles.prod]\n[profiles.staging]\n",
            vec!["--profile", "stagin"],
        ),
        (
            "unknown_default_profile",
            "default_profile = \"nope\"\n[profiles.prod]\n",
            vec![],
        ),
        (
            "failing_token_command",
            "[profiles.a]\nbase_url = \"https://x.example\"\n\
             token_command = \"echo sentinel-stdout-token; echo vault: permission denied >&2; exit 3\"\n",
            vec!["--profile", "a"],
        ),
    ];
    for (name, text, args) in cases {
        let dir = config(text);
        let mut command = with_config(dir.path());
        command.args(args).args(["buckets", "list"]);
        let output = command.output().unwrap();
        assert!(
            !String::from_utf8_lossy(&output.stderr).contains("sentinel"),
            "{name}: a token command's output is never shown"
        );
        settings(dir.path()).bind(|| {
            assert_cmd_snapshot!(format!("config_error_{name}"), command);
        });
    }
    // A token command is bounded in time and in output.
    let dir = config(
        "[profiles.slow]\nbase_url = \"https://x.example\"\ntoken_command = \"sleep 30\"\n\
         [profiles.loud]\nbase_url = \"https://x.example\"\ntoken_command = \"yes sentinel\"\n",
    );
    let slow = with_config(dir.path())
        .args(["--profile", "slow", "--timeout", "1", "buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(slow.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&slow.stderr)
            .contains("config.toml:3: token_command gave no token within 1 s and was stopped")
    );
    let loud = with_config(dir.path())
        .args(["--profile", "loud", "buckets", "list"])
        .output()
        .unwrap();
    assert_eq!(loud.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&loud.stderr);
    assert!(
        stderr.contains("config.toml:6: token_command printed more than 64 KiB"),
        "{stderr}"
    );
    // A config file named by FLASHBACK_CONFIG must exist.
    let output = flashback()
        .env("FLASHBACK_CONFIG", "/does/not/exist.toml")
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with(
        "error: cannot read the config file /does/not/exist.toml (FLASHBACK_CONFIG): "
    ));
}
