//! Redaction, in one place: the one `[REDACTED]` text and the stand-in for hand-written `Debug`
//! impls (both flashback-api's, so every crate of the SDK prints the same), and scrubbing a
//! credential out of a message someone else wrote (a server's, a token provider's).

pub(crate) use flashback_api::{REDACTED, Redacted};

/// `message` with occurrences of `secret` replaced by `[REDACTED]`. A secret of 8 characters
/// or more is replaced wherever it appears. A shorter one only where it stands on its own (no
/// letter or digit right before or after it): a server echoing a token makes it a word of the
/// message (`token abc is expired`, `token=abc;`), while a short test token such as `t` must
/// not turn "User not found" into "User no[REDACTED] found".
pub(crate) fn scrub(message: &str, secret: &str) -> String {
    if secret.is_empty() {
        return message.to_owned();
    }
    let always = secret.chars().count() >= 8;
    let mut scrubbed = String::with_capacity(message.len());
    let mut copied = 0;
    for (index, _) in message.match_indices(secret) {
        let end = index + secret.len();
        let before = message[..index].chars().next_back();
        let after = message[end..].chars().next();
        let standalone =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        if always || standalone {
            scrubbed.push_str(&message[copied..index]);
            scrubbed.push_str(REDACTED);
            copied = end;
        }
    }
    scrubbed.push_str(&message[copied..]);
    scrubbed
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn a_long_secret_goes_wherever_it_is() {
        assert_eq!(
            scrub("token s3cr3t-token is expired", "s3cr3t-token"),
            "token [REDACTED] is expired"
        );
        assert_eq!(
            scrub("bad token=s3cr3t-token;s3cr3t-token", "s3cr3t-token"),
            "bad token=[REDACTED];[REDACTED]"
        );
        assert_eq!(scrub("nothing here", ""), "nothing here");
    }

    #[test]
    fn a_short_secret_does_not_mangle_words() {
        for (message, secret, expected) in [
            ("User not found", "t", "User not found"),
            ("token t is invalid", "t", "token [REDACTED] is invalid"),
            ("t", "t", "[REDACTED]"),
            (
                "Bearer abc.def-ghi rejected",
                "abc.def-ghi",
                "Bearer [REDACTED] rejected",
            ),
            ("xabc abc", "abc", "xabc [REDACTED]"),
            ("é-tok-é étoké", "tok", "é-[REDACTED]-é étoké"),
            ("xxLONGTOKEN1xx", "LONGTOKEN1", "xx[REDACTED]xx"),
        ] {
            assert_eq!(scrub(message, secret), expected, "{message:?} / {secret:?}");
        }
    }
}
