//! Sends described calls with `fetch`: deadlines, cancellation, retries,
//! token refresh and response checking.
//!
//! Cancellation is structural. Each attempt owns an `AbortController` in a
//! guard that aborts the fetch when the attempt's future is dropped. The
//! deadline and the caller's signal race the whole call, and whichever ends
//! first drops the rest, so the fetch is aborted, the timer is cleared and
//! the signal listener is removed.

use crate::api::{Call, Expect, Method};
use crate::error::{shorten, Error, ErrorCode, BODY_EXCERPT_CHARS};
use crate::log::Logger;
use crate::models::check_shape;
use crate::retry::{honours_retry_after, is_retryable_status, parse_retry_after, RetryPolicy};
use crate::url::BaseUrl;
use futures::channel::oneshot;
use futures::future::{self, Either, LocalBoxFuture};
use futures::FutureExt;
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

/// Default deadline of one call, retries included, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Largest response body the SDK reads, in bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Per-call settings that JavaScript passes as `{ signal, timeoutMs }`.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Aborts the call when it fires.
    pub signal: Option<AbortSignal>,
    /// Overrides the client's deadline, in milliseconds.
    pub timeout_ms: Option<u32>,
}

/// Calls waiting for the token refresh in progress.
type RefreshWaiters = Vec<oneshot::Sender<Result<Option<String>, Error>>>;

/// The client's connection to one Appmixer API.
pub struct Transport {
    base: BaseUrl,
    token: RefCell<Option<String>>,
    retry: RetryPolicy,
    timeout_ms: u32,
    on_unauthorized: Option<js_sys::Function>,
    refresh: RefCell<Option<RefreshWaiters>>,
    /// The client's debug logger.
    pub logger: Logger,
}

enum Attempt {
    Response {
        status: u16,
        retry_after: Option<String>,
        body: String,
    },
    Network(String),
    TooLarge,
}

impl Transport {
    /// Creates a transport. `token` may be set later with [`Transport::set_token`].
    pub fn new(
        base: BaseUrl,
        token: Option<String>,
        retry: RetryPolicy,
        timeout_ms: u32,
        on_unauthorized: Option<js_sys::Function>,
        logger: Logger,
    ) -> Transport {
        Transport {
            base,
            token: RefCell::new(token),
            retry,
            timeout_ms,
            on_unauthorized,
            refresh: RefCell::new(None),
            logger,
        }
    }

    /// Returns the API root.
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// Replaces the access token used by later requests.
    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }

    fn current_token(&self) -> Option<String> {
        self.token.borrow().clone()
    }

    /// Sends `call`, racing it against the deadline and the caller's signal.
    ///
    /// Resolves with the parsed JSON body (or `undefined` where the API
    /// documents no body).
    pub async fn send(self: Rc<Self>, call: Call, options: CallOptions) -> Result<JsValue, Error> {
        let timeout_ms = options.timeout_ms.unwrap_or(self.timeout_ms);
        let operation = call.operation;
        let token = self.current_token().unwrap_or_default();
        let work = self.clone().send_with_retries(call).boxed_local();
        let result = race_deadline(work, operation, timeout_ms, options.signal.as_ref()).await;
        result.map_err(|error| {
            self.logger.log(&format!("{operation} rejected: {}", error.code));
            // The token may have been replaced by onUnauthorized during the call.
            let current = self.current_token().unwrap_or_default();
            error.redact(&token).redact(&current)
        })
    }

    async fn send_with_retries(self: Rc<Self>, call: Call) -> Result<JsValue, Error> {
        let mut retries_done = 0;
        let mut refreshed = false;
        let mut earlier_attempt_may_have_applied = false;
        loop {
            let token = self.current_token().ok_or_else(|| {
                Error::invalid_argument(format!(
                    "{}: no access token: pass accessToken to the constructor or call setAccessToken()",
                    call.operation
                ))
            })?;
            let attempt_number = retries_done + 1;
            let outcome = self.attempt(&call, &token).await;

            let (status, retry_after, body) = match outcome {
                Attempt::TooLarge => {
                    return Err(Error::invalid_response(
                        call.operation,
                        format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                    ))
                }
                Attempt::Network(detail) => {
                    self.logger.log(&format!(
                        "{} {} network error on attempt {attempt_number}: {detail}",
                        call.method.as_str(),
                        call.path.as_str()
                    ));
                    if call.retry_safe && retries_done < self.retry.max_retries {
                        let wait = self.retry.delay_ms(retries_done, None, js_sys::Math::random());
                        self.wait_before_retry(&call, wait.unwrap_or(0)).await;
                        retries_done += 1;
                        earlier_attempt_may_have_applied = true;
                        continue;
                    }
                    return Err(Error::new(
                        ErrorCode::Network,
                        format!(
                            "{}: the request to the Appmixer API failed before a response arrived ({detail}); check the network, baseUrl and CORS settings",
                            call.operation
                        ),
                    ));
                }
                Attempt::Response {
                    status,
                    retry_after,
                    body,
                } => (status, retry_after, body),
            };
            self.logger.log(&format!(
                "{} {} -> {status} (attempt {attempt_number})",
                call.method.as_str(),
                call.path.as_str()
            ));

            if (200..300).contains(&status) {
                return decode(&call, &body, &token);
            }
            // Messages quote at most an excerpt of the body, so the token is
            // removed before cutting: a cut could split it and defeat redaction.
            let body = redact_text(&body, &token);
            if status == 404 && earlier_attempt_may_have_applied {
                if let Some((field, id)) = &call.gone_result {
                    // The first DELETE most likely succeeded and its response was lost.
                    return Ok(single_field_object(field, id));
                }
            }
            if status == 401 && !refreshed && self.on_unauthorized.is_some() {
                refreshed = true;
                match self.clone().refresh_token(&token).await {
                    Ok(Some(_)) => continue,
                    Ok(None) => {}
                    Err(reason) => {
                        let mut error = Error::from_response(call.operation, status, parse_boom(&body), &body);
                        error.message = format!("{}; onUnauthorized failed: {}", error.message, reason.message);
                        return Err(error);
                    }
                }
            }
            if call.retry_safe && is_retryable_status(status) && retries_done < self.retry.max_retries {
                let server_wait = retry_after
                    .filter(|_| honours_retry_after(status))
                    .and_then(|value| parse_retry_after(&value, js_sys::Date::now(), browser_date));
                if let Some(wait) = self.retry.delay_ms(retries_done, server_wait, js_sys::Math::random()) {
                    self.wait_before_retry(&call, wait).await;
                    retries_done += 1;
                    earlier_attempt_may_have_applied |= status != 429;
                    continue;
                }
                self.logger.log(&format!(
                    "{} {}: Retry-After exceeds retryMaxDelayMs ({} ms), not retrying",
                    call.method.as_str(),
                    call.path.as_str(),
                    self.retry.max_delay_ms
                ));
            }
            return Err(Error::from_response(call.operation, status, parse_boom(&body), &body));
        }
    }

    async fn wait_before_retry(&self, call: &Call, wait_ms: u32) {
        self.logger.log(&format!(
            "{} {}: retrying in {wait_ms} ms",
            call.method.as_str(),
            call.path.as_str()
        ));
        TimeoutFuture::new(wait_ms).await;
    }

    async fn attempt(&self, call: &Call, token: &str) -> Attempt {
        let query: Vec<(&str, &str)> = call
            .query
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let url = self.base.join(&call.path, &query);

        let controller = match AbortController::new() {
            Ok(controller) => AbortOnDrop(controller),
            Err(_) => return Attempt::Network("AbortController is not available".into()),
        };
        let signal = controller.0.signal();
        let builder = RequestBuilder::new(&url)
            .method(http_method(call.method))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/json")
            .abort_signal(Some(&signal));
        let request = match &call.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.as_str()),
            None => builder.build(),
        };
        let request = match request {
            Ok(request) => request,
            Err(error) => return Attempt::Network(error.to_string()),
        };

        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return Attempt::Network(error.to_string()),
        };

        let status = response.status();
        let headers = response.headers();
        let declared_length = headers
            .get("content-length")
            .and_then(|value| value.trim().parse::<usize>().ok());
        if declared_length.is_some_and(|length| length > MAX_BODY_BYTES) {
            return Attempt::TooLarge;
        }
        let retry_after = headers.get("retry-after");
        match response.text().await {
            Ok(body) if body.len() > MAX_BODY_BYTES => Attempt::TooLarge,
            Ok(body) => Attempt::Response {
                status,
                retry_after,
                body,
            },
            Err(error) => Attempt::Network(format!("reading the body failed: {error}")),
        }
    }

    /// Calls `onUnauthorized` for a new token. Concurrent 401s share one call,
    /// and a failed call is forgotten, so the next 401 calls it again.
    ///
    /// The callback runs as its own task, so a caller that is aborted or times
    /// out while waiting cannot cancel it for the others.
    async fn refresh_token(self: Rc<Self>, rejected_token: &str) -> Result<Option<String>, Error> {
        if let Some(current) = self.current_token() {
            if current != rejected_token {
                // Another call refreshed the token after this one was sent.
                return Ok(Some(current));
            }
        }
        let (sender, receiver) = oneshot::channel();
        let start = {
            let mut slot = self.refresh.borrow_mut();
            match slot.as_mut() {
                Some(waiters) => {
                    waiters.push(sender);
                    false
                }
                None => {
                    *slot = Some(vec![sender]);
                    true
                }
            }
        };
        if start {
            wasm_bindgen_futures::spawn_local(self.clone().run_refresh());
        }
        receiver.await.unwrap_or_else(|_| {
            Err(Error::new(ErrorCode::Unauthorized, "the token refresh ended without a result"))
        })
    }

    /// Runs `onUnauthorized` once and hands its result to every waiting 401.
    async fn run_refresh(self: Rc<Self>) {
        let result = call_on_unauthorized(self.on_unauthorized.clone()).await;
        if let Ok(Some(token)) = &result {
            self.set_token(Some(token.clone()));
            self.logger.log("onUnauthorized returned a new access token");
        }
        let waiters = self.refresh.borrow_mut().take().unwrap_or_default();
        for waiter in waiters {
            let _ = waiter.send(result.clone());
        }
    }
}

async fn call_on_unauthorized(callback: Option<js_sys::Function>) -> Result<Option<String>, Error> {
    let Some(callback) = callback else {
        return Ok(None);
    };
    // The callback may throw or reject with any value, not only an Error;
    // reading `message` of a non-Error would throw inside wasm.
    let failed = |reason: JsValue| {
        let text = match reason.dyn_ref::<js_sys::Error>() {
            Some(error) => error.message().as_string(),
            None => reason.as_string(),
        }
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| format!("the callback threw or rejected with {}", crate::js_args::describe(&reason)));
        Error::new(ErrorCode::Unauthorized, text)
    };
    let returned = callback.call0(&JsValue::NULL).map_err(failed)?;
    let settled = JsFuture::from(js_sys::Promise::resolve(&returned))
        .await
        .map_err(failed)?;
    if settled.is_null() || settled.is_undefined() {
        return Ok(None);
    }
    match settled.as_string() {
        Some(token) if !token.trim().is_empty() => Ok(Some(token)),
        _ => Err(Error::new(
            ErrorCode::Unauthorized,
            "onUnauthorized must resolve with a non-empty string or null",
        )),
    }
}

/// Races `work` against a deadline of `timeout_ms` and the caller's `signal`.
/// The losers are dropped, which aborts the fetch and clears the timer.
pub async fn race_deadline<T>(
    work: LocalBoxFuture<'_, Result<T, Error>>,
    operation: &str,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
) -> Result<T, Error> {
    if signal.is_some_and(|signal| signal.aborted()) {
        return Err(aborted(operation));
    }
    let deadline = TimeoutFuture::new(timeout_ms);
    let abort = match signal {
        Some(signal) => Either::Left(abort_fired(signal)),
        None => Either::Right(future::pending::<()>()),
    };
    let stop = future::select(deadline, Box::pin(abort));
    match future::select(work, stop).await {
        Either::Left((result, _)) => result,
        Either::Right((Either::Left(_), _)) => Err(Error::new(
            ErrorCode::Timeout,
            format!("{operation} timed out after {timeout_ms} ms"),
        )),
        Either::Right((Either::Right(_), _)) => Err(aborted(operation)),
    }
}

/// Creates the `ABORTED` error of `operation`.
pub fn aborted(operation: &str) -> Error {
    Error::new(ErrorCode::Aborted, format!("{operation} was aborted by its AbortSignal"))
}

/// Resolves when `signal` fires; the listener is removed when the future is dropped.
pub async fn abort_fired(signal: &AbortSignal) {
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let mut sender = Some(sender);
    let _listener = gloo_events::EventListener::once(signal, "abort", move |_| {
        if let Some(sender) = sender.take() {
            let _ = sender.send(());
        }
    });
    if signal.aborted() {
        return;
    }
    let _ = receiver.await;
}

/// Aborts its fetch when dropped, whether the attempt finished or not.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Parses an HTTP date with `Date.parse`, in milliseconds since the epoch.
fn browser_date(value: &str) -> Option<f64> {
    let parsed = js_sys::Date::parse(value);
    (!parsed.is_nan()).then_some(parsed)
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// Replaces every occurrence of `secret` in `text` with `[redacted]`.
fn redact_text(text: &str, secret: &str) -> String {
    if secret.len() >= 4 {
        text.replace(secret, "[redacted]")
    } else {
        text.to_owned()
    }
}

fn parse_boom(body: &str) -> Option<crate::error::BoomBody> {
    let value = js_sys::JSON::parse(body).ok()?;
    Some(crate::error::BoomBody::read(&value))
}

fn decode(call: &Call, body: &str, token: &str) -> Result<JsValue, Error> {
    if call.expect == Expect::Empty {
        // The API documents no body here; whatever arrives is not part of the contract.
        return Ok(JsValue::UNDEFINED);
    }
    if body.trim().is_empty() {
        return Err(Error::invalid_response(call.operation, "the body is empty, expected JSON"));
    }
    let value = js_sys::JSON::parse(body).map_err(|_| {
        Error::invalid_response(
            call.operation,
            format!("the body is not JSON: \"{}\"", crate::error::body_excerpt(&redact_text(body, token))),
        )
    })?;
    check_shape(call.expect, &value).map_err(|detail| {
        Error::invalid_response(
            call.operation,
            format!("unexpected JSON shape: {}", shorten(&detail, BODY_EXCERPT_CHARS)),
        )
    })?;
    Ok(value)
}

fn single_field_object(field: &str, value: &str) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &JsValue::from_str(field), &JsValue::from_str(value));
    object.unchecked_into()
}
