//! Scripted replies held to the contract: a [`Reply`] the platform could never send for the
//! operation and status (a body the spec forbids) is not sent unless the test marks it
//! [`Reply::off_contract`], so a service's tests cannot test a platform that does not exist.

use flashback_contract::{Answer, Contract};

use crate::Operation;
use crate::faults::Reply;

/// Why `reply`, scripted for `operation`, breaks the contract, naming each violation by its
/// JSON path (credentials masked); `None` when it keeps it, is marked off-contract, is cut
/// short on purpose, or is compressed. What the spec only does not document (a new field, an undocumented
/// status) is allowed: the platform may send it.
pub(crate) fn breaks_contract(operation: Operation, reply: &Reply) -> Option<String> {
    let encoded = reply
        .headers
        .iter()
        .any(|(name, value)| name.eq_ignore_ascii_case("content-encoding") && value != "identity");
    // A body cut short, or compressed (the check reads JSON, not gzip), is what the test says.
    if reply.off_contract || reply.declared_length.is_some() || encoded {
        return None;
    }
    let content_type = reply
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.as_str());
    let answer = Answer {
        status: reply.status,
        content_type,
        body: &reply.body,
    };
    let violations = Contract::embedded()
        .violations(operation.id(), &answer)
        .ok()??;
    Some(format!(
        "flashback-fake: the reply scripted for {} ({}) breaks the contract, so the platform \
         never sends it: {violations}; mark it `Reply::off_contract()` to send it on purpose",
        operation.route(),
        reply.status,
    ))
}

#[cfg(test)]
mod tests {
    use super::breaks_contract;
    use crate::{Operation, Reply};

    #[test]
    fn a_body_the_spec_forbids_is_named_by_its_path() {
        let reply = Reply::json(
            200,
            r#"{"buckets":[{"id":"b-1","createdAt":"yesterday","key":"SENTINEL-KEY"}]}"#,
        );
        let why = breaks_contract(Operation::GetStorageBuckets, &reply).unwrap();
        assert!(why.contains("GET /bucket (200)"), "{why}");
        assert!(why.contains("$.buckets[0].createdAt"), "{why}");
        assert!(!why.contains("SENTINEL"), "{why}");
        assert_eq!(
            breaks_contract(Operation::GetStorageBuckets, &reply.off_contract()),
            None
        );
    }

    #[test]
    fn drift_undocumented_statuses_and_cut_bodies_are_allowed() {
        let extra = Reply::json(200, r#"{"buckets":[{"id":"b-1","tier":"gold"}]}"#);
        assert_eq!(breaks_contract(Operation::GetStorageBuckets, &extra), None);
        let proxy_page = Reply::new(502)
            .with_header("content-type", "text/html")
            .with_body("<html>");
        assert_eq!(
            breaks_contract(Operation::GetAvailableStorageBuckets, &proxy_page),
            None
        );
        let cut = Reply::json(200, r#"{"buckets":[{"id""#).cut_short(500);
        assert_eq!(breaks_contract(Operation::GetStorageBuckets, &cut), None);
        // The same listing is not an answer of the other operation.
        let listing = Reply::json(200, r#"{"buckets":[]}"#);
        assert!(breaks_contract(Operation::GetAvailableStorageBuckets, &listing).is_some());
    }
}
