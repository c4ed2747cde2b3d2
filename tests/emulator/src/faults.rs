//! Scripted responses and failures that replace or disturb the next matching requests, so the
//! SDK's tests can reproduce outages, lost responses and broken bodies.

use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::boom::Boom;

/// Upper bound of `delayMs`, so a forgotten fault cannot stall a test run for long.
pub const MAX_DELAY_MS: u64 = 30_000;
/// Upper bound of `times`.
pub const MAX_TIMES: u32 = 10_000;
/// Size of the padding in a `huge` body.
pub const HUGE_BODY_PADDING: usize = 20 * 1024 * 1024;
/// Interval between the bytes of an `endless` body.
pub const ENDLESS_BYTE_INTERVAL: Duration = Duration::from_millis(100);
/// Body of a `malformed` response unless the fault gives one: a JSON prefix cut short.
pub const DEFAULT_MALFORMED_BODY: &str = "{\"accountId\": \"5a6e21f3b266224186ac7d03\", \"name\": ";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// Respond with the fault's status, headers and body instead of the handler.
    Respond,
    /// Wait `delayMs`, then run the handler.
    Delay,
    /// Close the connection without sending a response.
    Drop,
    /// Run the handler so its effect happens, then close the connection without sending the response.
    DropAfter,
    /// Respond 200 with `Content-Type: application/json` and a body that is not JSON.
    Malformed,
    /// Respond 200, then send one body byte every 100 ms until the client goes away.
    Endless,
    /// Respond 200 with a JSON prefix followed by 20 MiB of padding.
    Huge,
}

/// Request body of `POST /__emulator/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FaultRequest {
    pub method: String,
    pub path: String,
    pub times: Option<u32>,
    pub kind: FaultKind,
    pub status: Option<u16>,
    pub headers: Option<BTreeMap<String, String>>,
    pub body: Option<String>,
    pub delay_ms: Option<u64>,
}

/// A validated fault waiting in the queue.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Upper-case method, or `*` for any method except OPTIONS.
    pub method: String,
    /// Raw, still percent-encoded path without the query, or `*`.
    pub path: String,
    /// Requests this fault still applies to.
    pub times: u32,
    pub kind: FaultKind,
    /// Status of a `respond` fault; `None` for the other kinds.
    pub status: Option<u16>,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub delay_ms: u64,
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

impl FaultRequest {
    /// Checks every field and fills in defaults; the error names the bad field.
    pub fn validate(self) -> Result<Fault, Boom> {
        if self.method != "*" && !METHODS.contains(&self.method.as_str()) {
            return Err(Boom::bad_request(format!(
                "Invalid method {:?}: expected \"*\" or one of {}.",
                self.method,
                METHODS.join(", ")
            )));
        }
        if self.path != "*" && !self.path.starts_with('/') {
            return Err(Boom::bad_request(format!(
                "Invalid path {:?}: expected \"*\" or a raw path starting with \"/\", without a query.",
                self.path
            )));
        }
        if self.path.contains('?') || self.path.contains('#') {
            return Err(Boom::bad_request(format!(
                "Invalid path {:?}: faults match the path without the query.",
                self.path
            )));
        }

        let times = self.times.unwrap_or(1);
        if times == 0 || times > MAX_TIMES {
            return Err(Boom::bad_request(format!(
                "Invalid times {times}: expected 1 to {MAX_TIMES}."
            )));
        }

        let delay_ms = self.delay_ms.unwrap_or(0);
        if delay_ms > MAX_DELAY_MS {
            return Err(Boom::bad_request(format!(
                "Invalid delayMs {delay_ms}: expected 0 to {MAX_DELAY_MS}."
            )));
        }

        let respond = self.kind == FaultKind::Respond;
        if !respond && (self.status.is_some() || self.headers.is_some()) {
            return Err(Boom::bad_request(
                "Invalid fault: status and headers apply only to kind \"respond\".",
            ));
        }
        if self.body.is_some() && !matches!(self.kind, FaultKind::Respond | FaultKind::Malformed) {
            return Err(Boom::bad_request(
                "Invalid fault: body applies only to kinds \"respond\" and \"malformed\".",
            ));
        }
        let status = self.status.unwrap_or(503);
        if StatusCode::from_u16(status).is_err() || !(200..=599).contains(&status) {
            return Err(Boom::bad_request(format!(
                "Invalid status {status}: expected 200 to 599."
            )));
        }

        let headers = self.headers.unwrap_or_default();
        for (name, value) in &headers {
            if HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(Boom::bad_request(format!("Invalid header name {name:?}.")));
            }
            if HeaderValue::from_str(value).is_err() {
                return Err(Boom::bad_request(format!(
                    "Invalid value {value:?} of header {name:?}."
                )));
            }
        }

        Ok(Fault {
            method: self.method,
            path: self.path,
            times,
            kind: self.kind,
            status: respond.then_some(status),
            headers,
            body: self.body,
            delay_ms,
        })
    }
}

impl Fault {
    /// `*` matches every method except OPTIONS, so a fault meant for a call
    /// does not break the browser's preflight in front of it.
    fn matches(&self, method: &Method, path: &str) -> bool {
        let method_matches = if self.method == "*" {
            method != Method::OPTIONS
        } else {
            self.method == method.as_str()
        };
        method_matches && (self.path == "*" || self.path == path)
    }
}

/// Pending faults in the order they were added.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: Vec<Fault>,
}

impl FaultQueue {
    pub fn push(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    pub fn pending(&self) -> &[Fault] {
        &self.faults
    }

    /// Consumes one use of the oldest fault that matches, and returns a copy of it.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(method, path))?;
        let fault = self.faults[index].clone();
        self.faults[index].times -= 1;
        if self.faults[index].times == 0 {
            self.faults.remove(index);
        }
        Some(fault)
    }
}

/// Returns the body of a `huge` response: valid JSON whose one string is 20 MiB
/// long, so a client must limit the size rather than rely on a parse error.
pub fn huge_body() -> Bytes {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    BODY.get_or_init(|| {
        let prefix = b"{\"accounts\":[],\"padding\":\"";
        let mut body = Vec::with_capacity(prefix.len() + HUGE_BODY_PADDING + 2);
        body.extend_from_slice(prefix);
        body.resize(prefix.len() + HUGE_BODY_PADDING, b'x');
        body.extend_from_slice(b"\"}");
        Bytes::from(body)
    })
    .clone()
}

/// Body that sends `[` and then one space every 100 ms, and never ends.
pub struct EndlessBody {
    interval: tokio::time::Interval,
    sent_first: bool,
}

impl EndlessBody {
    pub fn new() -> Self {
        EndlessBody {
            interval: tokio::time::interval(ENDLESS_BYTE_INTERVAL),
            sent_first: false,
        }
    }
}

impl Default for EndlessBody {
    fn default() -> Self {
        Self::new()
    }
}

impl Body for EndlessBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.interval.poll_tick(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(_) => {
                let byte: &'static [u8] = if self.sent_first { b" " } else { b"[" };
                self.sent_first = true;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(byte)))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        false
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}
