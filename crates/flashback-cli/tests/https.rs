//! The command over HTTPS, as it reaches the platform: against `flashback-fake` serving TLS
//! with a certificate authority made at test time, trusted with `--ca-cert`,
//! `FLASHBACK_CA_CERT` or `SSL_CERT_FILE`, and refused when nothing trusts it.

use std::path::Path;
use std::process::{Command, Output};

use flashback_fake::test_pki::TestCa;
use flashback_fake::{BlockingFake, DEMO_GLOBAL_TOKEN, Options};
use insta_cmd::get_cargo_bin;

/// An HTTPS fake on its own runtime, and the PEM file of the CA that signed its certificate.
struct HttpsFake {
    fake: BlockingFake,
    ca_file: tempfile::NamedTempFile,
}

impl HttpsFake {
    fn start() -> Self {
        Self::start_with(None)
    }

    /// With `client_ca`, a gateway that requires a client certificate it signed.
    fn start_with(client_ca: Option<&TestCa>) -> Self {
        let ca = TestCa::new("flashback CLI test CA");
        let certificate = ca.server_certificate(&["127.0.0.1", "localhost"]);
        let mut tls = certificate.tls_config();
        if let Some(client_ca) = client_ca {
            tls = tls
                .require_client_certificate(client_ca.certificate_pem().as_bytes())
                .unwrap();
        }
        let fake = BlockingFake::start(Options {
            tls: Some(tls),
            ..Options::default()
        })
        .unwrap();
        let ca_file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(ca_file.path(), ca.certificate_pem()).unwrap();
        Self { fake, ca_file }
    }

    fn ca_file(&self) -> &Path {
        self.ca_file.path()
    }

    fn base_url(&self) -> String {
        self.fake.base_url()
    }

    /// The command with no trust, no configuration and no token of the machine's.
    fn command() -> Command {
        let mut command = Command::new(get_cargo_bin("flashback"));
        command
            .env_remove("FLASHBACK_CA_CERT")
            .env_remove("SSL_CERT_FILE")
            .env_remove("SSL_CERT_DIR")
            .env_remove("FLASHBACK_TOKEN")
            .env_remove("FLASHBACK_TOKEN_FILE")
            .env_remove("FLASHBACK_BASE_URL")
            .env_remove("FLASHBACK_CONFIG")
            .env_remove("FLASHBACK_PROFILE")
            .env_remove("FLASHBACK_CLIENT_CERT")
            .env_remove("FLASHBACK_CLIENT_KEY")
            .env("XDG_CONFIG_HOME", "/nonexistent/flashback-tests")
            .env("NO_COLOR", "1");
        command
    }

    /// `flashback buckets list` against this fake, with no trust configured but `configure`'s.
    fn list(&self, configure: impl FnOnce(&mut Command)) -> Output {
        let mut command = Self::command();
        command
            .env("FLASHBACK_TOKEN", DEMO_GLOBAL_TOKEN)
            .env("FLASHBACK_BASE_URL", self.base_url())
            .args(["--output", "ndjson", "buckets", "list"]);
        configure(&mut command);
        command.output().unwrap()
    }
}

fn assert_listed(how: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{how}: {stderr}");
    let rows = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(rows, 12, "{how}: the demo's 12 buckets");
}

#[test]
fn trusts_a_private_ca_with_the_flag_the_environment_or_ssl_cert_file() {
    let fake = HttpsFake::start();
    assert_listed(
        "--ca-cert",
        &fake.list(|command| {
            command.arg("--ca-cert").arg(fake.ca_file());
        }),
    );
    assert_listed(
        "FLASHBACK_CA_CERT",
        &fake.list(|command| {
            command.env("FLASHBACK_CA_CERT", fake.ca_file());
        }),
    );
    // SSL_CERT_FILE replaces the machine's store, as for curl and OpenSSL.
    assert_listed(
        "SSL_CERT_FILE",
        &fake.list(|command| {
            command.env("SSL_CERT_FILE", fake.ca_file());
        }),
    );
}

#[test]
fn an_untrusted_certificate_exits_5_and_says_why() {
    let fake = HttpsFake::start();
    let output = fake.list(|_| {});
    assert_eq!(output.status.code(), Some(5));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    for expected in [
        "error: cannot connect securely",
        "certificate of 127.0.0.1",
        "not signed by a certificate authority this machine trusts",
        "--ca-cert PATH",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(!stderr.contains("after"), "one attempt only: {stderr}");
}

/// A profile that names the platform, its private CA and a token command reaches it over HTTPS,
/// and the contract check runs there too.
#[test]
fn a_profile_with_a_private_ca_checks_the_contract_over_https() {
    let fake = HttpsFake::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"tls\"\n[profiles.tls]\nbase_url = \"{}\"\nca_cert = \"{}\"\n\
             token_command = \"echo {DEMO_GLOBAL_TOKEN}\"\n",
            fake.base_url(),
            fake.ca_file().display()
        ),
    )
    .unwrap();
    let output = HttpsFake::command()
        .env("FLASHBACK_CONFIG", &config)
        .args(["contract", "check", "--strict"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("contract check passed: 0 violation(s), 0 drift"),
        "{stdout}"
    );
    assert!(stdout.starts_with("GET /bucket (getStorageBuckets): 200 application/json"));
}

/// A gateway that requires a client certificate: without one, exit 3 naming it and the flags;
/// with `--client-cert`/`--client-key` or their variables, the listing; a key file others can
/// read is warned about (as ssh does), its path shown, never its content.
#[test]
fn a_client_certificate_for_a_gateway_that_requires_one() {
    let client_ca = TestCa::new("client CA");
    let fake = HttpsFake::start_with(Some(&client_ca));
    let ca = fake.ca_file().to_owned();

    let output = fake.list(|command| {
        command.arg("--ca-cert").arg(&ca);
    });
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("requires a client certificate and none was presented"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--client-cert FILE --client-key FILE"),
        "{stderr}"
    );

    let identity = client_ca.client_certificate("flashback-cli");
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("client.crt"), dir.path().join("client.key"));
    std::fs::write(&cert, &identity.chain_pem).unwrap();
    std::fs::write(&key, &identity.key_pem).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let output = fake.list(|command| {
        command
            .arg("--ca-cert")
            .arg(&ca)
            .arg("--client-cert")
            .arg(&cert)
            .arg("--client-key")
            .arg(&key);
    });
    assert_listed("--client-cert and --client-key", &output);
    assert!(output.stderr.is_empty(), "{output:?}");
    let output = fake.list(|command| {
        command
            .env("FLASHBACK_CA_CERT", &ca)
            .env("FLASHBACK_CLIENT_CERT", &cert)
            .env("FLASHBACK_CLIENT_KEY", &key);
    });
    assert_listed("FLASHBACK_CLIENT_CERT and FLASHBACK_CLIENT_KEY", &output);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let output = fake.list(|command| {
            command
                .arg("--ca-cert")
                .arg(&ca)
                .arg("--client-cert")
                .arg(&cert)
                .arg("--client-key")
                .arg(&key);
        });
        assert_listed("a shared key still works", &output);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("can be read by others (mode 644)"),
            "{stderr}"
        );
        assert!(!stderr.contains("PRIVATE KEY"), "{stderr}");
    }

    // A certificate without its key is a usage error that says what to add.
    let output = fake.list(|command| {
        command
            .arg("--ca-cert")
            .arg(&ca)
            .env("FLASHBACK_CLIENT_CERT", &cert);
    });
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--client-key"),
        "{output:?}"
    );
}
