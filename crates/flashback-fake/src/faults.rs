//! Misbehaviour on demand, per route: for testing retries, timeouts and error handling against
//! a real server.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A route of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// `GET /bucket`.
    Buckets,
    /// `GET /bucket/available`.
    AvailableBuckets,
}

impl FromStr for Route {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim_start_matches('/') {
            "bucket" | "buckets" => Ok(Self::Buckets),
            "bucket/available" | "available" => Ok(Self::AvailableBuckets),
            other => Err(format!(
                "unknown route `{other}`; use `bucket` or `available`"
            )),
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Buckets => "/bucket",
            Self::AvailableBuckets => "/bucket/available",
        })
    }
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
        assert_eq!(
            "available".parse::<Route>().unwrap(),
            Route::AvailableBuckets
        );
        assert!(
            "/nope"
                .parse::<Route>()
                .unwrap_err()
                .contains("use `bucket` or `available`")
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
    }
}
