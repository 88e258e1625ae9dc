//! The rustls configuration of the clients a builder makes (the `rustls` backend): the
//! machine's trust store plus the roots the user added, the client certificate if one was
//! given, ALPN for HTTP/2 and HTTP/1.1; and what the servers asked of it during handshakes.
//!
//! Why the SDK builds it rather than letting reqwest: a server that requires a client
//! certificate learns in TLS 1.3 that none came only after the client's handshake is over, and
//! its `certificate_required` alert then races the request the client sends at once. When the
//! request loses, all that reaches the SDK is "connection closed" (the alert ends the
//! connection's task in hyper, not the request), and it would be retried as an outage. The
//! client certificate resolver here notes that the server asked for a certificate, so that a
//! connection closed before any answer after such a request is named for what it is, every
//! time (`transport::failure`).

use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
pub(crate) use config::client_config;

/// What the servers a client connects to asked of it during TLS handshakes. Shared by the
/// client's connections.
#[derive(Debug, Default)]
pub(crate) struct CertificateRequests {
    asked: AtomicBool,
}

impl CertificateRequests {
    /// Whether a server asked this client for a client certificate.
    pub(crate) fn asked(&self) -> bool {
        self.asked.load(Ordering::Relaxed)
    }
}

/// The rustls configuration itself (with the `rustls` backend only).
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
mod config {
    use std::fmt;
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    use rustls::client::ResolvesClientCert;
    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use rustls::sign::CertifiedKey;
    use rustls::{ClientConfig, SignatureScheme};
    use secrecy::ExposeSecret;

    use super::CertificateRequests;
    use crate::error::{ConfigError, Error};
    use crate::transport::Identity;

    /// The client's rustls configuration: `roots` (PEM, in the order given, each numbered in its
    /// error) trusted with the machine's, `identity` presented when a server asks for one, and
    /// every such request noted in `requests`.
    pub(crate) fn client_config(
        roots: &[Vec<u8>],
        identity: Option<&Identity>,
        requests: &Arc<CertificateRequests>,
    ) -> Result<ClientConfig, Error> {
        // As reqwest does: a provider the program installed, else aws-lc-rs.
        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        let mut extra_roots = Vec::new();
        for (index, pem) in roots.iter().enumerate() {
            let invalid = || {
                Error::config(ConfigError::InvalidRootCertificate {
                    position: index + 1,
                })
            };
            let certificates = CertificateDer::pem_slice_iter(pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| invalid())?;
            if certificates.is_empty() {
                return Err(invalid());
            }
            extra_roots.extend(certificates);
        }
        let http_client = |reason: String| Error::config(ConfigError::HttpClient { reason });
        let verifier = if extra_roots.is_empty() {
            rustls_platform_verifier::Verifier::new(Arc::clone(&provider))
        } else {
            rustls_platform_verifier::Verifier::new_with_extra_roots(
                extra_roots,
                Arc::clone(&provider),
            )
        }
        .map_err(|error| {
            http_client(format!("the trusted certificates cannot be read: {error}"))
        })?;
        let key = identity
            .map(|identity| certified_key(identity, &provider))
            .transpose()?;
        let mut config = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|error| http_client(error.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_client_cert_resolver(Arc::new(ClientCertificate {
                key,
                requests: Arc::clone(requests),
            }));
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }

    /// The certificate chain and key of `identity`, checked to belong together.
    fn certified_key(
        identity: &Identity,
        provider: &CryptoProvider,
    ) -> Result<Arc<CertifiedKey>, Error> {
        let invalid = |reason: String| Error::config(ConfigError::InvalidIdentity { reason });
        let chain = CertificateDer::pem_slice_iter(&identity.certificate_chain)
            .collect::<Result<Vec<_>, _>>()
            .ok()
            .filter(|chain| !chain.is_empty())
            .ok_or_else(|| invalid("the certificate is not PEM".to_owned()))?;
        // rustls' messages name the format, never the key's bytes.
        let key = PrivateKeyDer::from_pem_slice(identity.key.expose_secret())
            .map_err(|_| invalid("the key is not a PEM private key".to_owned()))?;
        CertifiedKey::from_der(chain, key, provider)
            .map(Arc::new)
            .map_err(|error| invalid(format!("the key does not fit the certificate ({error})")))
    }

    /// Presents the client certificate, if there is one, to a server that asks; notes that it
    /// asked.
    struct ClientCertificate {
        key: Option<Arc<CertifiedKey>>,
        requests: Arc<CertificateRequests>,
    }

    impl fmt::Debug for ClientCertificate {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("ClientCertificate")
                .field("presents", &self.key.is_some())
                .finish_non_exhaustive()
        }
    }

    impl ResolvesClientCert for ClientCertificate {
        fn resolve(
            &self,
            _root_hint_subjects: &[&[u8]],
            _sigschemes: &[SignatureScheme],
        ) -> Option<Arc<CertifiedKey>> {
            self.requests.asked.store(true, Ordering::Relaxed);
            self.key.clone()
        }

        fn has_certs(&self) -> bool {
            self.key.is_some()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn identity(chain: &str, key: &str) -> Identity {
            Identity {
                certificate_chain: chain.as_bytes().to_vec(),
                key: secrecy::SecretBox::new(key.as_bytes().to_vec().into_boxed_slice()),
            }
        }

        #[test]
        fn a_root_that_is_not_pem_is_named_by_its_position() {
            let requests = Arc::default();
            let error = client_config(&[b"not PEM".to_vec()], None, &requests).unwrap_err();
            assert!(error.to_string().contains("1"), "{error}");
            assert!(matches!(
                error.config_error(),
                Some(ConfigError::InvalidRootCertificate { position: 1 })
            ));
        }

        #[test]
        fn an_identity_that_is_not_pem_is_refused_without_quoting_the_key() {
            let requests = Arc::default();
            let error = client_config(&[], Some(&identity("x", "SENTINEL-KEY")), &requests)
                .unwrap_err()
                .to_string();
            assert!(error.contains("the certificate is not PEM"), "{error}");
            assert!(!error.contains("SENTINEL-KEY"), "{error}");
        }

        #[test]
        fn a_key_of_another_certificate_is_refused() {
            let ca = flashback_fake::test_pki::TestCa::new("client CA");
            let (one, other) = (ca.client_certificate("one"), ca.client_certificate("other"));
            let error = client_config(
                &[],
                Some(&identity(&one.chain_pem, &other.key_pem)),
                &Arc::default(),
            )
            .unwrap_err()
            .to_string();
            assert!(
                error.contains("the key does not fit the certificate"),
                "{error}"
            );
            let fits = identity(&one.chain_pem, &one.key_pem);
            assert!(client_config(&[], Some(&fits), &Arc::default()).is_ok());
        }

        #[test]
        fn the_config_offers_http2_then_http1() {
            let config = client_config(&[], None, &Arc::default()).unwrap();
            assert_eq!(
                config.alpn_protocols,
                [b"h2".to_vec(), b"http/1.1".to_vec()]
            );
        }
    }
}
