//! Record of every non-admin request, which the SDK's tests read to count calls
//! and to see whether a response reached the client.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Still being handled or its body is still being sent.
    Pending,
    /// The whole response was handed to the connection.
    Completed,
    /// A `drop` or `drop-after` fault closed the connection without a response.
    Dropped,
    /// The client went away before the response was complete.
    ClientClosed,
}

impl Outcome {
    /// Returns the name used in the JSON log and on stderr.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Completed => "completed",
            Outcome::Dropped => "dropped",
            Outcome::ClientClosed => "client-closed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub method: String,
    /// Raw path, still percent-encoded, without the query.
    pub path: String,
    /// Raw query string, or `None` when the URL had no `?`.
    pub query: Option<String>,
    /// Status sent, or `None` when no response head was sent.
    pub status: Option<u16>,
    pub outcome: Outcome,
    /// Whether an `Authorization` header was present; its value is never stored.
    pub authorization: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    entries: Arc<Mutex<Vec<LogEntry>>>,
    /// Bumped by `clear`, so guards of requests from before a clear do not
    /// write into the entries of later requests.
    generation: Arc<Mutex<u64>>,
}

impl RequestLog {
    /// Appends a pending entry and returns the guard that finishes it.
    pub fn start(&self, entry: LogEntry, record: bool) -> RequestGuard {
        let (index, generation) = if record {
            let generation = *self.generation.lock().unwrap();
            let mut entries = self.entries.lock().unwrap();
            entries.push(entry.clone());
            (Some(entries.len() - 1), generation)
        } else {
            (None, 0)
        };
        RequestGuard {
            inner: Arc::new(GuardInner {
                log: self.clone(),
                index,
                generation,
                method: entry.method,
                path_and_query: match entry.query {
                    Some(query) => format!("{}?{}", entry.path, query),
                    None => entry.path,
                },
                started: Instant::now(),
                status: Mutex::new(None),
                finished: AtomicBool::new(false),
            }),
        }
    }

    pub fn entries(&self) -> Vec<LogEntry> {
        self.entries.lock().unwrap().clone()
    }

    pub fn clear(&self) {
        let mut generation = self.generation.lock().unwrap();
        *generation += 1;
        self.entries.lock().unwrap().clear();
    }

    fn update(&self, index: usize, generation: u64, status: Option<u16>, outcome: Outcome) {
        let current = self.generation.lock().unwrap();
        if *current != generation {
            return;
        }
        if let Some(entry) = self.entries.lock().unwrap().get_mut(index) {
            entry.status = status;
            entry.outcome = outcome;
        }
    }
}

/// Finishes one request's log entry and stderr line exactly once.
///
/// Clones share the state. If the last clone is dropped before `finish` ran,
/// the client went away: hyper drops the handling future or the response body
/// when the connection closes.
#[derive(Debug, Clone)]
pub struct RequestGuard {
    inner: Arc<GuardInner>,
}

#[derive(Debug)]
struct GuardInner {
    log: RequestLog,
    index: Option<usize>,
    generation: u64,
    method: String,
    path_and_query: String,
    started: Instant,
    status: Mutex<Option<u16>>,
    finished: AtomicBool,
}

impl RequestGuard {
    /// Records the status of the response head about to be sent.
    pub fn set_status(&self, status: u16) {
        *self.inner.status.lock().unwrap() = Some(status);
        if let Some(index) = self.inner.index {
            self.inner
                .log
                .update(index, self.inner.generation, Some(status), Outcome::Pending);
        }
    }

    pub fn finish(&self, outcome: Outcome) {
        self.inner.finish(outcome);
    }
}

impl GuardInner {
    fn finish(&self, outcome: Outcome) {
        if self.finished.swap(true, Ordering::SeqCst) {
            return;
        }
        let status = match outcome {
            Outcome::Dropped => None,
            _ => *self.status.lock().unwrap(),
        };
        if let Some(index) = self.index {
            self.log.update(index, self.generation, status, outcome);
        }
        let status_text = status.map_or_else(|| "-".to_owned(), |s| s.to_string());
        tracing::info!(
            "{} {} {} {} {}ms",
            self.method,
            self.path_and_query,
            status_text,
            outcome.as_str(),
            self.started.elapsed().as_millis()
        );
    }
}

impl Drop for GuardInner {
    fn drop(&mut self) {
        self.finish(Outcome::ClientClosed);
    }
}
