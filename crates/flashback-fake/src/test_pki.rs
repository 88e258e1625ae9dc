//! A throwaway public-key infrastructure for HTTPS tests (feature `test-pki`): a certificate
//! authority made at run time and server certificates it signs, valid, expired or for another
//! host. Nothing is written to disk unless a test does it; no private key is ever committed.
//!
//! ```
//! use flashback_fake::test_pki::TestCa;
//! use flashback_fake::{Options, TlsConfig, start};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let ca = TestCa::new("example test CA");
//! let server_cert = ca.server_certificate(&["127.0.0.1", "localhost"]);
//! let tls = TlsConfig::from_pem(server_cert.chain_pem.as_bytes(), server_cert.key_pem.as_bytes()).unwrap();
//! let server = start(Options { tls: Some(tls), ..Options::default() }).await.unwrap();
//! assert!(server.base_url().starts_with("https://127.0.0.1:"));
//!
//! // A client that trusts the test CA (and nothing else) gets the demo's 12 buckets.
//! let trusted = reqwest::Certificate::from_pem(ca.certificate_pem().as_bytes()).unwrap();
//! let http = reqwest::Client::builder()
//!     .tls_certs_only([trusted])
//!     .build()
//!     .unwrap();
//! let listing: serde_json::Value = http
//!     .get(format!("{}/bucket", server.base_url()))
//!     .bearer_auth(flashback_fake::DEMO_GLOBAL_TOKEN)
//!     .send()
//!     .await
//!     .unwrap()
//!     .json()
//!     .await
//!     .unwrap();
//! assert_eq!(listing["buckets"].as_array().unwrap().len(), 12);
//! # }
//! ```

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};

/// A certificate authority that lives as long as the test.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A certificate (with the chain to present) and its private key, in PEM: a server's, or a
/// client's ([`TestCa::client_certificate`]).
#[derive(Clone)]
pub struct ServerCertificate {
    /// The server's certificate, then the CA's: what the server sends.
    pub chain_pem: String,
    /// The server's private key (PKCS#8).
    pub key_pem: String,
}

impl ServerCertificate {
    /// The fake's TLS configuration serving this certificate.
    pub fn tls_config(&self) -> crate::TlsConfig {
        crate::TlsConfig::from_pem(self.chain_pem.as_bytes(), self.key_pem.as_bytes())
            .expect("a certificate made by TestCa makes a TLS server")
    }
}

impl std::fmt::Debug for ServerCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerCertificate").finish_non_exhaustive()
    }
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

impl TestCa {
    /// A new CA named `name`, with a fresh key. Panics only if the crypto library fails.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("no names to parse");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("generate a CA key");
        let issuer = CertifiedIssuer::self_signed(params, key).expect("self-sign the CA");
        Self { issuer }
    }

    /// The CA's certificate, in PEM: what a client must trust.
    pub fn certificate_pem(&self) -> String {
        self.issuer.pem()
    }

    /// A certificate for `hosts` (DNS names or IP addresses), valid from 2020 to 2100.
    pub fn server_certificate(&self, hosts: &[&str]) -> ServerCertificate {
        self.issue(hosts, |params| {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2100, 1, 1);
        })
    }

    /// A client certificate for `name` (extended key usage: client authentication), valid from
    /// 2020 to 2100: what a client presents to a gateway that requires one
    /// (`TlsConfig::require_client_certificate` with this CA's certificate).
    pub fn client_certificate(&self, name: &str) -> ServerCertificate {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("no names to parse");
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2100, 1, 1);
        let key = KeyPair::generate().expect("generate a client key");
        let certificate = params
            .signed_by(&key, &self.issuer)
            .expect("sign the client certificate");
        ServerCertificate {
            chain_pem: format!("{}{}", certificate.pem(), self.certificate_pem()),
            key_pem: key.serialize_pem(),
        }
    }

    /// A certificate for `hosts` that expired in 2021.
    pub fn expired_server_certificate(&self, hosts: &[&str]) -> ServerCertificate {
        self.issue(hosts, |params| {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        })
    }

    fn issue(
        &self,
        hosts: &[&str],
        validity: impl FnOnce(&mut CertificateParams),
    ) -> ServerCertificate {
        let names: Vec<String> = hosts.iter().map(|host| (*host).to_owned()).collect();
        let mut params = CertificateParams::new(names).expect("valid host names");
        params.distinguished_name.push(
            DnType::CommonName,
            hosts.first().copied().unwrap_or("server"),
        );
        validity(&mut params);
        let key = KeyPair::generate().expect("generate a server key");
        let certificate = params
            .signed_by(&key, &self.issuer)
            .expect("sign the server certificate");
        ServerCertificate {
            chain_pem: format!("{}{}", certificate.pem(), self.certificate_pem()),
            key_pem: key.serialize_pem(),
        }
    }
}
