//! A server's (or a gateway's) refusal for want of a client certificate, as a value: the
//! message says it in words, a command's hint branches on this.

/// Why a server refused the TLS connection over the client certificate
/// ([`crate::Error::client_certificate_refusal`]). Never retried: the same handshake gets the
/// same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientCertificateRefusal {
    /// It requires one and none was presented: give one with
    /// [`crate::ClientBuilder::identity_pem`].
    Missing,
    /// It did not accept the one presented (another certificate authority's, expired, or the
    /// wrong key).
    NotAccepted,
}

impl ClientCertificateRefusal {
    /// `Missing` when nothing was presented, `NotAccepted` otherwise.
    pub(crate) fn given(presented: bool) -> Self {
        if presented {
            Self::NotAccepted
        } else {
            Self::Missing
        }
    }
}
