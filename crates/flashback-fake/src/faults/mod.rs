//! Misbehaviour on demand, per route: for testing retries, timeouts and error handling against
//! a real server.

mod apply;

pub(crate) use apply::{Planned, apply};

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use flashback_api::operations::Operation;

/// The operation named by `text`, as the command line and tests name routes: its operationId
/// (`getAvailableStorageBuckets`), its path with or without the leading slash
/// (`/bucket/available`, `bucket/available`) or the last segment of its path when no other
/// operation's path ends the same way (`available`). The names come from the operation table
/// generated from the spec, so a new endpoint is nameable without changing this function.
pub fn operation_named(text: &str) -> Result<Operation, String> {
    let text = text.trim();
    let path = format!("/{}", text.trim_start_matches('/'));
    let by_id_or_path = Operation::ALL
        .iter()
        .copied()
        .find(|op| op.id().eq_ignore_ascii_case(text) || op.path() == path);
    if let Some(operation) = by_id_or_path {
        return Ok(operation);
    }
    let by_last_segment: Vec<Operation> = Operation::ALL
        .iter()
        .copied()
        .filter(|op| op.path().rsplit('/').next() == Some(text))
        .collect();
    match by_last_segment.as_slice() {
        [operation] => Ok(*operation),
        _ => Err(format!(
            "unknown route `{text}`; use one of {}",
            route_names().join(", ")
        )),
    }
}

/// How each operation can be named on the command line: its path without the leading slash.
pub fn route_names() -> Vec<String> {
    Operation::ALL
        .iter()
        .map(|op| format!("`{}`", op.path().trim_start_matches('/')))
        .collect()
}

/// One way to answer other than normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// This status with the platform's error body (`{success: false, message}`), and the
    /// plan's `Retry-After` when it has one.
    Status(u16),
    /// The normal answer with its JSON cut in half (a complete HTTP message whose body is not
    /// valid JSON).
    Truncated,
    /// A `200` whose body is not JSON at all.
    InvalidJson,
    /// The connection is closed without an answer.
    Drop,
    /// No answer ever comes (until the server shuts down).
    Hang,
    /// Exactly this answer: any status, headers and body, for what the other faults do not
    /// cover (an HTML error page, a gzip bomb, a body that breaks off).
    Reply(Reply),
}

/// An answer written out in full, for [`Fault::Reply`].
///
/// ```
/// use flashback_fake::{Fault, FaultPlan, Reply};
///
/// // A 503 with an HTML body, then a listing whose body breaks off after 20 of 500 bytes.
/// let plan = FaultPlan::script([
///     Fault::Reply(Reply::new(503).with_header("content-type", "text/html").with_body("<html>")),
///     Fault::Reply(Reply::json(200, r#"{"success":true,"buckets":[{"id""#).cut_short(500)),
/// ]);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// The headers, in order (no `content-type` unless given).
    pub headers: Vec<(String, String)>,
    /// The body, as sent.
    pub body: Vec<u8>,
    /// A `content-length` larger than the body: the body is sent, then the connection breaks
    /// off before the declared length is reached.
    pub declared_length: Option<usize>,
    /// Sent even though it breaks the contract ([`Reply::off_contract`]). Otherwise a reply the
    /// platform could never send (a body the spec forbids for the operation and status) is not
    /// sent: the fake answers `500` with a message that names each violation.
    pub off_contract: bool,
}

impl Reply {
    /// This status with no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            declared_length: None,
            off_contract: false,
        }
    }

    /// This status with `content-type: application/json` and `body` (sent as it is, valid
    /// JSON or not).
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::new(status)
            .with_header("content-type", "application/json")
            .with_body(body.into())
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends this reply even though it breaks the contract: a test of what a client does with
    /// an answer the platform never sends (a wrong type, a body that is not JSON), on purpose.
    pub fn off_contract(mut self) -> Self {
        self.off_contract = true;
        self
    }

    /// Declares a `content-length` of `length`, sends the body, then breaks the connection
    /// off: a body cut short by the network (which no contract check holds to the spec).
    pub fn cut_short(mut self, length: usize) -> Self {
        self.declared_length = Some(length);
        self
    }
}

impl fmt::Debug for Reply {
    /// The status, the header names and the body's size: scripted bodies and headers may hold
    /// credentials, which tests must be able to print around without showing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .field("declared_length", &self.declared_length)
            .field("off_contract", &self.off_contract)
            .finish()
    }
}

impl Fault {
    /// [`Fault::Reply`] with a JSON body: `Fault::json(503, r#"{"success":false}"#)`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::Reply(Reply::json(status, body))
    }
}

impl From<Reply> for Fault {
    fn from(reply: Reply) -> Self {
        Self::Reply(reply)
    }
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "truncated" => Ok(Self::Truncated),
            "invalid-json" => Ok(Self::InvalidJson),
            "drop" => Ok(Self::Drop),
            "hang" => Ok(Self::Hang),
            status => match status.parse::<u16>() {
                Ok(code @ 100..=599) => Ok(Self::Status(code)),
                _ => Err(format!(
                    "unknown fault `{text}`; use a status (e.g. 503), truncated, invalid-json, drop or hang"
                )),
            },
        }
    }
}

/// The faults of one route.
///
/// ```
/// use std::time::Duration;
/// use flashback_fake::{Fault, FaultPlan};
///
/// // Two 503s with `Retry-After: 1`, then normal service, every answer 50 ms late.
/// let plan = FaultPlan::sequence([Fault::Status(503), Fault::Status(503)])
///     .with_retry_after("1")
///     .with_delay(Duration::from_millis(50));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultPlan {
    /// Added before every answer of the route.
    pub delay: Duration,
    /// One fault per request, in order, before normal service resumes.
    pub sequence: VecDeque<Fault>,
    /// The fault of every request once `sequence` is used up (`None`: normal service).
    pub always: Option<Fault>,
    /// The `Retry-After` header of fault statuses.
    pub retry_after: Option<String>,
}

impl FaultPlan {
    /// These faults, one per request, then normal service.
    pub fn sequence(faults: impl IntoIterator<Item = Fault>) -> Self {
        Self {
            sequence: faults.into_iter().collect(),
            ..Self::default()
        }
    }

    /// These faults, one per request, the last one repeating for good: a script such as
    /// `503, 503, 200-with-this-body`. An empty script is normal service.
    pub fn script(faults: impl IntoIterator<Item = Fault>) -> Self {
        let mut sequence: VecDeque<Fault> = faults.into_iter().collect();
        let always = sequence.pop_back();
        Self {
            sequence,
            always,
            ..Self::default()
        }
    }

    /// This fault on every request.
    pub fn always(fault: Fault) -> Self {
        Self {
            always: Some(fault),
            ..Self::default()
        }
    }

    /// Every answer `delay` late.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// `Retry-After` on fault statuses (seconds or an HTTP date).
    pub fn with_retry_after(mut self, value: impl Into<String>) -> Self {
        self.retry_after = Some(value.into());
        self
    }

    /// The fault for the next request, if any.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        self.sequence.pop_front().or_else(|| self.always.clone())
    }

    /// Parses the command line's fault list: `503,503,truncated` or `always:503`.
    pub fn parse_list(list: &str) -> Result<Self, String> {
        if let Some(fault) = list.strip_prefix("always:") {
            return Ok(Self::always(fault.parse()?));
        }
        let faults = list
            .split(',')
            .map(str::trim)
            .map(Fault::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::sequence(faults))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_command_line_forms() {
        let plan = FaultPlan::parse_list("503,429,truncated,invalid-json,drop,hang").unwrap();
        assert_eq!(
            Vec::from(plan.sequence),
            [
                Fault::Status(503),
                Fault::Status(429),
                Fault::Truncated,
                Fault::InvalidJson,
                Fault::Drop,
                Fault::Hang
            ]
        );
        assert_eq!(
            FaultPlan::parse_list("always:503").unwrap(),
            FaultPlan::always(Fault::Status(503))
        );
        assert!(
            FaultPlan::parse_list("503,oops")
                .unwrap_err()
                .contains("unknown fault `oops`")
        );
        assert!(FaultPlan::parse_list("600").is_err());
    }

    #[test]
    fn a_reply_never_prints_its_headers_or_body() {
        let reply = Reply::json(200, "SENTINEL-BODY").with_header("x-secret", "SENTINEL-HEADER");
        let shown = format!("{reply:?} {:?}", Fault::Reply(reply.clone()));
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(shown.contains("x-secret"), "{shown}");
    }

    #[test]
    fn routes_are_named_by_id_path_or_last_segment() {
        for name in [
            "available",
            "bucket/available",
            "/bucket/available",
            "getAvailableStorageBuckets",
        ] {
            assert_eq!(
                operation_named(name).unwrap(),
                Operation::GetAvailableStorageBuckets,
                "{name}"
            );
        }
        assert_eq!(
            operation_named("bucket").unwrap(),
            Operation::GetStorageBuckets
        );
        let err = operation_named("/nope").unwrap_err();
        assert!(
            err.contains("use one of `bucket`, `bucket/available`"),
            "{err}"
        );
    }

    #[test]
    fn a_sequence_runs_out_then_always_applies() {
        let mut plan = FaultPlan {
            always: Some(Fault::Hang),
            ..FaultPlan::sequence([Fault::Status(503)])
        };
        assert_eq!(plan.next(), Some(Fault::Status(503)));
        assert_eq!(plan.next(), Some(Fault::Hang));
        let mut plan = FaultPlan::sequence([Fault::Drop]);
        assert_eq!(plan.next(), Some(Fault::Drop));
        assert_eq!(plan.next(), None);
        let mut plan = FaultPlan::script([Fault::Status(503), Fault::Reply(Reply::new(204))]);
        assert_eq!(plan.next(), Some(Fault::Status(503)));
        assert_eq!(plan.next(), Some(Fault::Reply(Reply::new(204))));
        assert_eq!(plan.next(), Some(Fault::Reply(Reply::new(204))));
        assert_eq!(FaultPlan::script([]), FaultPlan::default());
    }
}
