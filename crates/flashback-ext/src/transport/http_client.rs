//! The HTTP client a builder makes when it is given none: TLS with the compiled-in backend and
//! the machine's trust store plus the roots the user added, gzip, the connect timeout.

use std::time::Duration;

use super::base_url::BaseUrl;
use crate::error::{ConfigError, Error};

/// The HTTP client of a builder that was given none: TLS with the compiled-in backend and the
/// machine's trust store plus `roots`, gzip, the connect timeout.
pub(crate) fn http_client(
    base_url: &BaseUrl,
    connect_timeout: Duration,
    roots: &[Vec<u8>],
) -> Result<reqwest::Client, Error> {
    if !base_url.is_plain_http() && !cfg!(any(feature = "rustls", feature = "native-tls")) {
        return Err(Error::config(ConfigError::NoTlsBackend {
            base_url: base_url.to_string(),
        }));
    }
    #[allow(unused_mut)]
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .gzip(true);
    #[cfg(feature = "native-tls")]
    {
        builder = builder.tls_backend_native();
    }
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    for (index, pem) in roots.iter().enumerate() {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .ok()
            .filter(|certificates| !certificates.is_empty())
            .ok_or_else(|| {
                Error::config(ConfigError::InvalidRootCertificate {
                    position: index + 1,
                })
            })?;
        builder = builder.tls_certs_merge(certificates);
    }
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    if !roots.is_empty() {
        return Err(Error::config(ConfigError::RootCertificateWithoutTls));
    }
    builder.build().map_err(|err| {
        Error::config(ConfigError::HttpClient {
            reason: err.to_string(),
        })
    })
}
