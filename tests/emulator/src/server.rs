//! Connection handling: each connection is served with hyper directly instead of
//! `axum::serve`, because the `drop` faults must close a connection without any
//! response, which a service can only do by returning an error to hyper.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::app::App;
use crate::boom::Boom;
use crate::cors;
use crate::faults::{self, EndlessBody, Fault, FaultKind};
use crate::request_log::{LogEntry, Outcome, RequestGuard};

/// Time that open connections get to finish after a stop signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Error returned to hyper so that it closes the connection without sending a response.
#[derive(Debug)]
pub struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until `shutdown` resolves, then waits up to 3 s for
/// open connections before returning. `endless` bodies never finish, so the
/// wait has to be bounded.
pub async fn serve(listener: TcpListener, app: App, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(error) => {
                        tracing::warn!("accept failed: {error}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let app = app.clone();
                let service = hyper::service::service_fn(move |request| {
                    handle_request(app.clone(), request)
                });
                // One request per connection: browsers silently repeat a request
                // when a reused keep-alive connection closes without a response,
                // which would hide dropped-connection faults and skew the
                // request log's attempt counts.
                let connection = hyper::server::conn::http1::Builder::new()
                    .keep_alive(false)
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!("connection from {peer} closed with error: {error}");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("stopped accepting connections, waiting for open ones");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}, closing them");
        }
    }
}

/// Returns whether the path belongs to the admin API, which is neither logged
/// in the request log nor subject to faults.
fn is_admin_path(path: &str) -> bool {
    path == "/__emulator" || path.starts_with("/__emulator/")
}

async fn handle_request(
    app: App,
    request: Request<Incoming>,
) -> Result<Response<LoggedBody>, DropConnection> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let admin = is_admin_path(&path);
    let entry = LogEntry {
        method: method.as_str().to_owned(),
        path: path.clone(),
        query: request.uri().query().map(str::to_owned),
        status: None,
        outcome: Outcome::Pending,
        authorization: request.headers().contains_key(header::AUTHORIZATION),
    };
    let guard = app.shared.request_log.start(entry, !admin);

    let fault = if admin {
        None
    } else {
        app.shared.faults.lock().unwrap().take(&method, &path)
    };
    if let Some(fault) = &fault {
        if fault.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
        }
    }

    let response = match fault {
        Some(fault) => match apply_fault(&app, fault, request).await {
            Some(response) => response,
            None => {
                guard.finish(Outcome::Dropped);
                return Err(DropConnection);
            }
        },
        None => run_handler(&app, request).await,
    };

    let (mut parts, body) = response.into_parts();
    cors::add_response_headers(&mut parts.headers);
    guard.set_status(parts.status.as_u16());
    Ok(Response::from_parts(parts, LoggedBody::new(body, guard)))
}

/// Responds to a preflight directly and passes any other request to the router.
async fn run_handler(app: &App, request: Request<Incoming>) -> Response<Body> {
    if cors::is_preflight(request.method()) {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        cors::add_preflight_headers(response.headers_mut());
        return response;
    }
    let request = request.map(Body::new);
    match app.router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(infallible) => match infallible {},
    }
}

/// Builds the response a fault prescribes, or `None` when the connection must
/// be closed without a response. `delayMs` has already been waited.
async fn apply_fault(
    app: &App,
    fault: Fault,
    request: Request<Incoming>,
) -> Option<Response<Body>> {
    tracing::info!(
        "applying fault {:?} to {} {}",
        fault.kind,
        request.method(),
        request.uri().path()
    );
    match fault.kind {
        FaultKind::Delay => Some(run_handler(app, request).await),
        FaultKind::Drop => None,
        FaultKind::DropAfter => {
            let _discarded = run_handler(app, request).await;
            None
        }
        FaultKind::Respond => Some(respond_response(&fault)),
        FaultKind::Malformed => {
            let body = fault
                .body
                .unwrap_or_else(|| faults::DEFAULT_MALFORMED_BODY.to_owned());
            Some(json_response(Body::from(body)))
        }
        FaultKind::Endless => Some(json_response(Body::new(EndlessBody::new()))),
        FaultKind::Huge => Some(json_response(Body::from(faults::huge_body()))),
    }
}

fn json_response(body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// Builds the response of a `respond` fault. Without a body it sends the Boom body of the
/// status. Without a `Content-Type` header it sends `application/json` when
/// the body parses as JSON and `text/plain` otherwise.
fn respond_response(fault: &Fault) -> Response<Body> {
    let status = fault
        .status
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let body = fault
        .body
        .clone()
        .unwrap_or_else(|| Boom::body(status, "Injected fault."));
    let content_type = if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
        "application/json; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Names and values were validated when the fault was added.
    for (name, value) in &fault.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    response
}

/// Response body that finishes the request's log entry: `completed` once the
/// last frame was handed to hyper, `client-closed` if hyper drops it earlier
/// because the connection went away.
pub struct LoggedBody {
    inner: Body,
    guard: RequestGuard,
}

impl LoggedBody {
    fn new(inner: Body, guard: RequestGuard) -> Self {
        let body = LoggedBody { inner, guard };
        if http_body::Body::is_end_stream(&body.inner) {
            body.guard.finish(Outcome::Completed);
        }
        body
    }
}

impl http_body::Body for LoggedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(None) => self.guard.finish(Outcome::Completed),
            Poll::Ready(Some(Ok(_))) if self.inner.is_end_stream() => {
                self.guard.finish(Outcome::Completed)
            }
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Returns the origin (`http://host:port`) that absolute URLs sent to this
/// client should use: the request's `Host` header when it is a plain
/// host[:port], else the listen address.
pub fn request_origin(headers: &axum::http::HeaderMap, listen_addr: SocketAddr) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        });
    match host {
        Some(host) => format!("http://{host}"),
        None => format!("http://{listen_addr}"),
    }
}
