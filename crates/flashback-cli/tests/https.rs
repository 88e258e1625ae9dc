//! The command over HTTPS, as it reaches the platform: against `flashback-fake` serving TLS
//! with a certificate authority made at test time, trusted with `--ca-cert`,
//! `FLASHBACK_CA_CERT` or `SSL_CERT_FILE`, and refused when nothing trusts it.

use std::path::Path;
use std::process::{Command, Output};

use flashback_fake::test_pki::TestCa;
use flashback_fake::{DEMO_GLOBAL_TOKEN, FakeServer, Options, TlsConfig};
use insta_cmd::get_cargo_bin;

/// An HTTPS fake on its own runtime, and the PEM file of the CA that signed its certificate.
struct HttpsFake {
    server: Option<FakeServer>,
    runtime: tokio::runtime::Runtime,
    ca_file: tempfile::NamedTempFile,
}

impl HttpsFake {
    fn start() -> Self {
        let ca = TestCa::new("flashback CLI test CA");
        let certificate = ca.server_certificate(&["127.0.0.1", "localhost"]);
        let tls = TlsConfig::from_pem(
            certificate.chain_pem.as_bytes(),
            certificate.key_pem.as_bytes(),
        )
        .unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime
            .block_on(flashback_fake::start(Options {
                tls: Some(tls),
                ..Options::default()
            }))
            .unwrap();
        let ca_file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(ca_file.path(), ca.certificate_pem()).unwrap();
        Self {
            server: Some(server),
            runtime,
            ca_file,
        }
    }

    fn ca_file(&self) -> &Path {
        self.ca_file.path()
    }

    /// `flashback buckets list` against this fake, with no trust configured but `configure`'s.
    fn list(&self, configure: impl FnOnce(&mut Command)) -> Output {
        let mut command = Command::new(get_cargo_bin("flashback"));
        command
            .env_remove("FLASHBACK_CA_CERT")
            .env_remove("SSL_CERT_FILE")
            .env_remove("SSL_CERT_DIR")
            .env("NO_COLOR", "1")
            .env("FLASHBACK_TOKEN", DEMO_GLOBAL_TOKEN)
            .env(
                "FLASHBACK_BASE_URL",
                self.server.as_ref().unwrap().base_url(),
            )
            .args(["--output", "ndjson", "buckets", "list"]);
        configure(&mut command);
        command.output().unwrap()
    }
}

impl Drop for HttpsFake {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server.shutdown());
        }
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
