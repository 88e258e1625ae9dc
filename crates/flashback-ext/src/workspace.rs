//! Workspace filters, grouping, and listing several workspaces at once.
//!
//! `GET /bucket` filters by one workspace on the server; `GET /bucket/available` cannot filter
//! at all. [`WorkspaceFilter`] expresses "all", "this one" or "any of these" once, and the
//! client turns it into the right requests: one request, one filtered request, or one request
//! per workspace run concurrently (bounded) and merged; for available buckets, a filter applied
//! to the full listing on the client side.

use std::collections::BTreeSet;
use std::future::Future;

use std::pin::pin;

use futures_util::future::{Either, select};
use futures_util::stream::FuturesUnordered;
use futures_util::{Stream, StreamExt};
use tokio::sync::watch;

use crate::bucket::BucketView;
use crate::error::{ArgumentError, Error};

/// Which workspaces' buckets to list.
///
/// ```
/// use flashback_ext::WorkspaceFilter;
///
/// let filter = WorkspaceFilter::any_of(["ws-2", "ws-1"]);
/// assert!(filter.matches(Some("ws-1")));
/// assert!(!filter.matches(Some("ws-3")));
/// assert!(!filter.matches(None));
/// assert!(WorkspaceFilter::All.matches(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WorkspaceFilter {
    /// Every bucket the caller may see, in a workspace or not.
    #[default]
    All,
    /// The buckets of one workspace.
    One(String),
    /// The buckets of any of these workspaces (none, when the set is empty).
    AnyOf(BTreeSet<String>),
}

impl WorkspaceFilter {
    /// The buckets of any of `workspaces`.
    pub fn any_of<I, S>(workspaces: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::AnyOf(workspaces.into_iter().map(Into::into).collect())
    }

    /// Whether a bucket of `workspace` passes the filter.
    pub fn matches(&self, workspace: Option<&str>) -> bool {
        match self {
            Self::All => true,
            Self::One(id) => workspace == Some(id.as_str()),
            Self::AnyOf(ids) => workspace.is_some_and(|w| ids.contains(w)),
        }
    }

    /// Checks that every workspace id of the filter is one: an empty (or blank) id is an
    /// [`crate::ErrorKind::InvalidArgument`] error. `GET /bucket?workspaceId=` lists every bucket
    /// of the organization, so an empty id would silently widen the filter to "all"; ask for
    /// that with [`WorkspaceFilter::All`] instead.
    ///
    /// ```
    /// use flashback_ext::WorkspaceFilter;
    ///
    /// assert!(WorkspaceFilter::any_of(["ws-1"]).validate().is_ok());
    /// let error = WorkspaceFilter::any_of(["ws-1", ""]).validate().unwrap_err();
    /// assert_eq!(error.kind(), flashback_ext::ErrorKind::InvalidArgument);
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        match self {
            Self::All => Ok(()),
            Self::One(id) => validate_ids([id]),
            Self::AnyOf(ids) => validate_ids(ids),
        }
    }

    /// Keeps the buckets that pass the filter, in order.
    pub fn retain<T: BucketView>(&self, buckets: &mut Vec<T>) {
        buckets.retain(|bucket| self.matches(bucket.workspace()));
    }
}

/// An error if one of `ids` is empty (or blank): a filter never widens to "all".
pub(crate) fn validate_ids<'a>(ids: impl IntoIterator<Item = &'a String>) -> Result<(), Error> {
    if ids.into_iter().any(|id| id.trim().is_empty()) {
        return Err(Error::argument(ArgumentError::EmptyWorkspaceId));
    }
    Ok(())
}

impl From<&str> for WorkspaceFilter {
    fn from(workspace: &str) -> Self {
        Self::One(workspace.to_owned())
    }
}

impl From<String> for WorkspaceFilter {
    fn from(workspace: String) -> Self {
        Self::One(workspace)
    }
}

/// Runs `fetch` for every workspace with at most `limit()` running at once (read again as each
/// completes and each time `limit_changes` sees a change: it rises when the connections turn out
/// to speak HTTP/2), and returns the results in the order of `workspaces`. The first failure
/// (in completion order) ends the listing, cancels the requests still running, and names its
/// workspace.
pub(crate) async fn fan_out<'a, T, F, Fut, P>(
    workspaces: &'a [String],
    limit: &'a (dyn Fn() -> usize + Send + Sync),
    limit_changes: Option<watch::Receiver<P>>,
    fetch: F,
) -> Result<Vec<Vec<T>>, Error>
where
    F: Fn(&'a str) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error>> + 'a,
    T: 'a,
    P: 'a,
{
    let mut results: Vec<Option<Vec<T>>> = workspaces.iter().map(|_| None).collect();
    // The calls are built up front (futures do nothing until polled) so that the running set
    // holds no closure over borrowed workspace ids: such a closure makes the listing's future
    // fail the higher-ranked `Send` check that `tokio::spawn` needs.
    let calls = workspaces
        .iter()
        .map(|workspace| fetch(workspace))
        .collect();
    let mut completions = pin!(completions(calls, limit, limit_changes));
    while let Some((index, result)) = completions.next().await {
        results[index] = Some(result.map_err(|error| error.in_workspace(&workspaces[index]))?);
    }
    Ok(results.into_iter().map(Option::unwrap_or_default).collect())
}

/// The results of `calls`, as each completes, with its index: at most `limit()` run at once,
/// read again as each completes and each time `limit_changes` sees a change. Dropping the stream
/// cancels the calls still running.
pub(crate) fn completions<'a, T, Fut, P>(
    calls: Vec<Fut>,
    limit: impl Fn() -> usize + Send + Sync + 'a,
    limit_changes: Option<watch::Receiver<P>>,
) -> impl Stream<Item = (usize, T)> + 'a
where
    Fut: Future<Output = T> + 'a,
    T: 'a,
    P: 'a,
{
    let calls: Vec<_> = calls
        .into_iter()
        .enumerate()
        .map(|(index, call)| async move { (index, call.await) })
        .collect();
    let state = Completions {
        waiting: calls.into_iter(),
        running: FuturesUnordered::new(),
        limit,
        limit_changes,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        let next = state.next().await?;
        Some((next, state))
    })
}

/// What [`completions`] keeps between two results.
struct Completions<I: Iterator, L, P> {
    waiting: I,
    running: FuturesUnordered<I::Item>,
    limit: L,
    limit_changes: Option<watch::Receiver<P>>,
}

impl<I, L, P, T> Completions<I, L, P>
where
    I: ExactSizeIterator,
    I::Item: Future<Output = T>,
    L: Fn() -> usize,
{
    /// The next call to complete; `None` when all have.
    async fn next(&mut self) -> Option<T> {
        loop {
            while self.running.len() < (self.limit)().max(1) {
                match self.waiting.next() {
                    Some(call) => self.running.push(call),
                    None => break,
                }
            }
            // Until the whole set runs, a change of the limit may start more calls.
            let more_waiting = self.waiting.len() > 0;
            let limit_changes = &mut self.limit_changes;
            let change = async {
                match limit_changes.as_mut() {
                    Some(changes) if more_waiting => {
                        if changes.changed().await.is_err() {
                            std::future::pending::<()>().await;
                        }
                    }
                    _ => std::future::pending::<()>().await,
                }
            };
            match select(self.running.next(), pin!(change)).await {
                Either::Left((next, _)) => return next,
                Either::Right(((), _)) => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use flashback_api::types::StorageBucket;
    use tokio::sync::Semaphore;

    use super::*;
    use crate::bucket::tests::bucket;
    use crate::error::ErrorKind;

    #[test]
    fn filters() {
        let mut buckets = vec![
            bucket(Some("1"), Some("w1")),
            bucket(Some("2"), None),
            bucket(Some("3"), Some("w2")),
        ];
        WorkspaceFilter::from("w2").retain(&mut buckets);
        assert_eq!(buckets.len(), 1);
        assert!(!WorkspaceFilter::any_of(Vec::<String>::new()).matches(Some("w1")));
    }

    /// The bound holds exactly: with fetches that block until released, exactly `limit` are
    /// started, never more, and each completion starts exactly one more.
    #[tokio::test(flavor = "current_thread")]
    async fn fan_out_runs_at_most_limit_at_once() {
        let workspaces: Vec<String> = (0..20).map(|i| format!("ws-{i:02}")).collect();
        let gate = Arc::new(Semaphore::new(0));
        let (running, started, peak) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let listing = fan_out(
            &workspaces,
            &|| 8,
            None::<watch::Receiver<()>>,
            |workspace| {
                let (gate, running, started, peak) =
                    (gate.clone(), running.clone(), started.clone(), peak.clone());
                async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    started.fetch_add(1, Ordering::SeqCst);
                    peak.fetch_max(now, Ordering::SeqCst);
                    gate.acquire().await.unwrap().forget();
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(vec![bucket(Some(workspace), Some(workspace))])
                }
            },
        );
        // Both futures run on this one task: each `yield_now` lets the listing make all the
        // progress it can, so the counts below are exact.
        let settle = || async {
            for _ in 0..50 {
                tokio::task::yield_now().await;
            }
        };
        let control = async {
            settle().await;
            assert_eq!(started.load(Ordering::SeqCst), 8);
            for released in 1..=12 {
                gate.add_permits(1);
                settle().await;
                assert_eq!(started.load(Ordering::SeqCst), 8 + released);
                assert_eq!(running.load(Ordering::SeqCst), 8);
            }
            gate.add_permits(8);
        };
        let (listings, ()) = tokio::join!(listing, control);
        let listings = listings.unwrap();
        assert_eq!(peak.load(Ordering::SeqCst), 8);
        let order: Vec<&str> = listings.iter().map(|l| l[0].bucket_id().unwrap()).collect();
        assert_eq!(
            order,
            workspaces.iter().map(String::as_str).collect::<Vec<_>>(),
            "results in workspace order"
        );
    }

    /// The limit is read again as each listing completes: when it rises (the answers came over
    /// HTTP/2), more listings start at once.
    #[tokio::test(flavor = "current_thread")]
    async fn fan_out_follows_a_rising_limit() {
        let workspaces: Vec<String> = (0..10).map(|i| format!("ws-{i:02}")).collect();
        let gate = Arc::new(Semaphore::new(0));
        let (running, limit) = (Arc::new(AtomicUsize::new(0)), AtomicUsize::new(2));
        let current_limit = || limit.load(Ordering::SeqCst);
        let listing = fan_out(
            &workspaces,
            &current_limit,
            None::<watch::Receiver<()>>,
            |workspace| {
                let (gate, running) = (gate.clone(), running.clone());
                async move {
                    running.fetch_add(1, Ordering::SeqCst);
                    gate.acquire().await.unwrap().forget();
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(vec![bucket(Some(workspace), Some(workspace))])
                }
            },
        );
        let settle = || async {
            for _ in 0..50 {
                tokio::task::yield_now().await;
            }
        };
        let control = async {
            settle().await;
            assert_eq!(running.load(Ordering::SeqCst), 2);
            limit.store(5, Ordering::SeqCst);
            gate.add_permits(1);
            settle().await;
            assert_eq!(
                running.load(Ordering::SeqCst),
                5,
                "one done, four more started"
            );
            gate.add_permits(10);
        };
        let (listings, ()) = tokio::join!(listing, control);
        assert_eq!(listings.unwrap().len(), 10);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn fan_out_reports_the_failing_workspace() {
        let workspaces: Vec<String> = ["w1", "w2", "w3"].map(String::from).to_vec();
        let error = fan_out(
            &workspaces,
            &|| 2,
            None::<watch::Receiver<()>>,
            |workspace| async move {
                if workspace == "w2" {
                    Err(Error::new(ErrorKind::Forbidden).with_status(403))
                } else {
                    Ok(Vec::<StorageBucket>::new())
                }
            },
        )
        .await
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Forbidden);
        assert_eq!(error.workspace(), Some("w2"));
    }
}
