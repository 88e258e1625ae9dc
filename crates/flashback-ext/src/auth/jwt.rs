//! A JWT's `exp` claim: when the client should ask for a new token.

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The `exp` claim of a JWT, read without checking the signature (it only says when to ask for
/// a new token; the server decides whether a token is valid). `None` for anything else.
pub(crate) fn expiry(token: &str) -> Option<SystemTime> {
    #[derive(serde::Deserialize)]
    struct Claims {
        exp: Option<f64>,
    }
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let payload = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let exp = serde_json::from_slice::<Claims>(&payload).ok()?.exp?;
    (0.0..1e11)
        .contains(&exp)
        .then(|| SystemTime::UNIX_EPOCH + Duration::from_secs_f64(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        format!(
            "{}.{}.signature",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    #[test]
    fn reads_exp_of_a_jwt_and_nothing_else() {
        assert_eq!(
            expiry(&jwt(r#"{"sub":"u","exp":1700000060}"#)),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_060))
        );
        for token in [
            "plain-token".to_owned(),
            jwt(r#"{"sub":"u"}"#),
            jwt(r#"{"exp":"soon"}"#),
            jwt(r#"{"exp":-5}"#),
            jwt("not json"),
            "a.b.c.d".to_owned(),
            "a.%%%.c".to_owned(),
        ] {
            assert_eq!(expiry(&token), None, "{token}");
        }
    }
}
