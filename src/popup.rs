//! The sign-in popup driver behind `connectAccount`.
//!
//! The popup opens synchronously inside the caller's click handler, as a
//! blank window, and is sent to the auth URL once the server has issued it.
//! The flow then waits for the callback page's `postMessage`, watches the
//! popup's `closed` flag and polls `GET /auth/status/:ticket`, because a
//! provider page that sends `Cross-Origin-Opener-Policy` severs the popup
//! from its opener and no message ever arrives.

use crate::api;
use crate::client::AppmixerAccounts;
use crate::error::{Error, ErrorCode};
use crate::js_args::{call_options, describe, integer_option, options_object, property, string_arg, string_option, MAX_TIMEOUT_MS};
use crate::js_error::to_js;
use crate::log::Logger;
use crate::models::{string_member, AuthStatus};
use crate::transport::{race_deadline, CallOptions, Transport};
use crate::url::BaseUrl;
use futures::channel::oneshot;
use futures::future::{self, Either};
use futures::FutureExt;
use gloo_events::EventListener;
use gloo_timers::future::TimeoutFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{MessageEvent, Window};

/// Default deadline of a whole sign-in flow, in milliseconds (5 minutes).
pub const DEFAULT_FLOW_TIMEOUT_MS: u32 = 300_000;

/// How often the popup's `closed` flag is checked, in milliseconds.
const CLOSED_CHECK_MS: u32 = 250;

/// How often the popup is checked until the provider's page has been seen
/// open in it, in milliseconds. Only a close that falls between two of
/// these checks, right as the first page appears, looks like a COOP cut.
const EARLY_CHECK_MS: u32 = 40;

/// Wait after `closed` reads true before asking the server, in milliseconds:
/// the success message may still be in flight.
const CLOSED_GRACE_MS: f64 = 500.0;

/// First status poll, in milliseconds after navigation; later polls back off
/// by half each time up to [`STATUS_POLL_MAX_MS`].
const STATUS_POLL_FIRST_MS: f64 = 1_000.0;
const STATUS_POLL_MAX_MS: f64 = 5_000.0;

/// Deadline of one status poll, retries included, in milliseconds.
const STATUS_POLL_TIMEOUT_MS: u32 = 5_000;

/// How long a successful popup stays open after the success message, so
/// the callback page's script can finish, in milliseconds.
const SUCCESS_CLOSE_DELAY_MS: f64 = 300.0;

const DEFAULT_POPUP_WIDTH: i32 = 600;
const DEFAULT_POPUP_HEIGHT: i32 = 700;

/// The flows a client is running, keyed by component type.
pub struct Flows {
    auth_origins: Rc<Vec<String>>,
    pending: Rc<RefCell<Vec<PendingFlow>>>,
    next_id: Cell<u64>,
}

struct PendingFlow {
    id: u64,
    component_type: String,
    promise: js_sys::Promise,
    popup: Window,
}

impl Flows {
    /// Creates an empty set of flows that trusts messages from `auth_origins`.
    pub fn new(auth_origins: Vec<String>) -> Flows {
        Flows {
            auth_origins: Rc::new(auth_origins),
            pending: Rc::new(RefCell::new(Vec::new())),
            next_id: Cell::new(1),
        }
    }
}

/// Reads the `authOrigin` option: one origin or a list. Defaults to the
/// origin of `baseUrl`, because the API serves the callback page.
pub fn auth_origins_option(object: Option<&js_sys::Object>, base: &BaseUrl) -> Result<Vec<String>, Error> {
    let values: Vec<JsValue> = match property(object, "authOrigin")? {
        None => return Ok(vec![browser_origin(base.origin())]),
        Some(value) if js_sys::Array::is_array(&value) => js_sys::Array::from(&value).iter().collect(),
        Some(value) => vec![value],
    };
    if values.is_empty() {
        return Err(Error::invalid_argument("authOrigin must not be an empty list"));
    }
    values
        .iter()
        .map(|value| {
            let text = string_arg("authOrigin", value)?;
            let parsed = BaseUrl::parse(&text)?;
            if parsed.as_str() != parsed.origin() {
                return Err(Error::invalid_argument(format!(
                    "authOrigin \"{text}\" must be an origin such as \"https://api.example.com\", without a path"
                )));
            }
            Ok(browser_origin(parsed.origin()))
        })
        .collect()
}

/// Serializes `origin` the way `MessageEvent.origin` does, through the
/// browser's URL parser, so an internationalized host becomes punycode.
/// Outside a browser, or if the parser rejects it, `origin` is kept.
fn browser_origin(origin: &str) -> String {
    web_sys::Url::new(origin)
        .map(|url| url.origin())
        .ok()
        .filter(|serialized| serialized != "null")
        .unwrap_or_else(|| origin.to_owned())
}

/// The arguments of `connectAccount`, checked.
struct ConnectRequest {
    component_type: String,
    component_id: Option<String>,
    popup: Option<Window>,
    call: CallOptions,
    window_features: Option<String>,
}

fn connect_request(component_type: &JsValue, options: Option<&JsValue>) -> Result<ConnectRequest, Error> {
    let component_type = string_arg("componentType", component_type)?;
    crate::url::check_segment("componentType", &component_type)?;
    let object = options_object("options", options)?;
    let object = object.as_ref();
    let component_id = string_option(object, "componentId")?;
    if let Some(component_id) = &component_id {
        crate::url::check_segment("componentId", component_id)?;
    }
    let popup = match property(object, "popup")? {
        None => None,
        Some(value) => Some(as_window(value)?),
    };
    let mut call = call_options(object)?;
    call.timeout_ms = Some(integer_option(object, "timeoutMs", 1, MAX_TIMEOUT_MS)?.unwrap_or(DEFAULT_FLOW_TIMEOUT_MS));
    Ok(ConnectRequest {
        component_type,
        component_id,
        popup,
        call,
        window_features: string_option(object, "windowFeatures")?,
    })
}

/// Reads the `popup` option when it is a window, ignoring every other error.
fn caller_popup(options: Option<&JsValue>) -> Option<Window> {
    let object = options_object("options", options).ok()??;
    as_window(property(Some(&object), "popup").ok()??).ok()
}

/// Accepts a `Window`, including one from another browsing context, for
/// which `instanceof Window` in this realm is false.
fn as_window(value: JsValue) -> Result<Window, Error> {
    let looks_like_window = value.is_object()
        && js_sys::Reflect::has(&value, &JsValue::from_str("closed")).unwrap_or(false)
        && js_sys::Reflect::has(&value, &JsValue::from_str("postMessage")).unwrap_or(false);
    if looks_like_window {
        Ok(value.unchecked_into())
    } else {
        Err(Error::invalid_argument(format!(
            "popup must be a Window returned by window.open, got {}",
            describe(&value)
        )))
    }
}

#[wasm_bindgen]
extern "C" {
    /// `ConnectOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "ConnectOptions")]
    pub type ConnectCallOptions;
}

#[wasm_bindgen]
impl AppmixerAccounts {
    /// Connects a new account for `componentType` through a sign-in popup.
    ///
    /// Call it inside a click handler: the popup opens before the method
    /// returns, because browsers block popups opened later. Pass `popup` to
    /// use a window you opened yourself; the SDK then never calls `window.open`.
    ///
    /// The flow creates a ticket, then fetches the auth URL while it starts
    /// the session, and sends the popup there. It waits for the callback
    /// page's message, or for the server's status when the popup was cut off
    /// from this page. Last, it reads the new account from
    /// `GET /auth/status/:ticket` and, with `componentId`, assigns the
    /// account to that component.
    ///
    /// While a flow for `componentType` is pending, another call for it
    /// focuses the existing popup and returns the same Promise. That call's
    /// options are ignored, and a `popup` it passes is closed.
    ///
    /// Rejects with `POPUP_BLOCKED`, `POPUP_CLOSED`, `AUTH_FAILED`,
    /// `TIMEOUT` (default 300000 ms), `ABORTED`, or any code of the API calls.
    /// The popup is closed however the flow ends.
    #[wasm_bindgen(js_name = connectAccount, unchecked_return_type = "Promise<ConnectedAccount>")]
    pub fn connect_account(
        &self,
        #[wasm_bindgen(js_name = componentType, unchecked_param_type = "string")] component_type: JsValue,
        options: Option<ConnectCallOptions>,
    ) -> js_sys::Promise {
        let request = match connect_request(&component_type, options.as_deref()) {
            Ok(request) => request,
            Err(error) => {
                // The SDK owns a popup passed to it, even when the call fails early.
                if let Some(popup) = caller_popup(options.as_deref()) {
                    let _ = popup.close();
                }
                return js_sys::Promise::reject(&to_js(error));
            }
        };

        // Copied out of the RefCell first: focus() can run page event handlers
        // synchronously, and one of them may call connectAccount again.
        let existing = self
            .flows
            .pending
            .borrow()
            .iter()
            .find(|flow| flow.component_type == request.component_type)
            .map(|flow| (flow.promise.clone(), flow.popup.clone()));
        if let Some((promise, popup)) = existing {
            let _ = popup.focus();
            if let Some(unused) = &request.popup {
                if !js_sys::Object::is(unused, &popup) {
                    let _ = unused.close();
                }
            }
            return promise;
        }

        if request.call.signal.as_ref().is_some_and(|signal| signal.aborted()) {
            if let Some(popup) = &request.popup {
                let _ = popup.close();
            }
            return js_sys::Promise::reject(&to_js(crate::transport::aborted("connectAccount")));
        }

        let popup = match request.popup.clone() {
            Some(popup) => popup,
            None => match open_blank_popup(request.window_features.as_deref()) {
                Ok(popup) => popup,
                Err(error) => return js_sys::Promise::reject(&to_js(error)),
            },
        };

        let id = self.flows.next_id.get();
        self.flows.next_id.set(id + 1);
        let flow = Flow {
            transport: self.transport.clone(),
            logger: self.transport.logger.clone(),
            auth_origins: self.flows.auth_origins.clone(),
            popup: popup.clone(),
            component_type: request.component_type.clone(),
            component_id: request.component_id,
        };
        let pending = self.flows.pending.clone();
        let stored_popup = popup.clone();
        let call = request.call;
        let promise = future_to_promise(async move {
            let timeout_ms = call.timeout_ms.unwrap_or(DEFAULT_FLOW_TIMEOUT_MS);
            let result = race_deadline(flow.run().boxed_local(), "connectAccount", timeout_ms, call.signal.as_ref()).await;
            pending.borrow_mut().retain(|flow| flow.id != id);
            // On success the flow has already closed the popup after its delay.
            let _ = popup.close();
            result.map_err(to_js)
        });
        self.flows.pending.borrow_mut().push(PendingFlow {
            id,
            component_type: request.component_type,
            promise: promise.clone(),
            popup: stored_popup,
        });
        promise
    }
}

fn open_blank_popup(features: Option<&str>) -> Result<Window, Error> {
    let window = web_sys::window()
        .ok_or_else(|| Error::invalid_argument("connectAccount needs a browser window; it cannot run in a worker"))?;
    let features = match features {
        Some(features) => features.to_owned(),
        None => centered_features(&window),
    };
    match window.open_with_url_and_target_and_features("", "_blank", &features) {
        Ok(Some(popup)) => Ok(popup),
        Ok(None) | Err(_) => Err(Error::new(
            ErrorCode::PopupBlocked,
            "connectAccount: the browser blocked the sign-in popup; call connectAccount directly inside a click handler, or pass a window you opened as the popup option",
        )),
    }
}

fn centered_features(window: &Window) -> String {
    let number = |value: Result<JsValue, JsValue>| value.ok().and_then(|value| value.as_f64()).unwrap_or(0.0) as i32;
    let left = number(window.screen_x()) + (number(window.outer_width()) - DEFAULT_POPUP_WIDTH).max(0) / 2;
    let top = number(window.screen_y()) + (number(window.outer_height()) - DEFAULT_POPUP_HEIGHT).max(0) / 2;
    format!("popup,width={DEFAULT_POPUP_WIDTH},height={DEFAULT_POPUP_HEIGHT},left={left},top={top}")
}

/// The result the callback page reported.
#[derive(Debug, PartialEq, Eq)]
enum Report {
    Success,
    Failure,
}

/// Decides whether a `message` event is this flow's result. It counts only
/// when it comes from `origins`, from the flow's popup, and its data is
/// exactly `appmixer.auth.success.<ticket>` or `appmixer.auth.failure.<ticket>`.
fn classify_message(data: Option<&str>, origin: &str, from_popup: bool, origins: &[String], ticket: &str) -> Option<Report> {
    if !from_popup || !origins.iter().any(|trusted| trusted == origin) {
        return None;
    }
    let result = data?.strip_prefix("appmixer.auth.")?;
    if result.strip_prefix("success.") == Some(ticket) {
        Some(Report::Success)
    } else if result.strip_prefix("failure.") == Some(ticket) {
        Some(Report::Failure)
    } else {
        None
    }
}

struct Flow {
    transport: Rc<Transport>,
    logger: Logger,
    auth_origins: Rc<Vec<String>>,
    popup: Window,
    component_type: String,
    component_id: Option<String>,
}

impl Flow {
    async fn run(self) -> Result<JsValue, Error> {
        let ticket = self.send(api::create_auth_ticket()).await?;
        let ticket = string_member(&ticket, "ticket").unwrap_or_default();

        // Listen before navigating, so a fast callback page is not missed.
        let (sender, mut reports) = oneshot::channel::<Report>();
        let _listener = self.listen(&ticket, sender)?;

        let auth_url_call = api::get_auth_url(&self.component_type, &ticket, self.component_id.as_deref())?;
        let start_call = api::start_auth_session(&self.component_type, &ticket)?;
        let (auth_url, _started) = future::try_join(self.send(auth_url_call), self.send(start_call)).await?;
        let auth_url = string_member(&auth_url, "authUrl").unwrap_or_default();

        if popup_closed(&self.popup) {
            return Err(closed_error());
        }
        self.popup.location().set_href(&auth_url).map_err(|_| {
            Error::new(ErrorCode::PopupClosed, "connectAccount: the popup could not be sent to the auth URL")
        })?;
        self.logger.log(&format!("connectAccount {}: popup sent to the auth URL", self.component_type));

        let status = self.wait(&ticket, &mut reports).await?;
        let account_id = status.account_id.clone().unwrap_or_default();
        let token_id = status.token_id.clone().unwrap_or_default();

        if let Some(component_id) = &self.component_id {
            self.send(api::assign_account(component_id, &account_id)?).await?;
        }

        let result = js_sys::Object::new();
        set(&result, "accountId", &account_id);
        set(&result, "tokenId", &token_id);
        set(&result, "componentType", &self.component_type);
        if let Some(component_id) = &self.component_id {
            set(&result, "componentId", component_id);
        }
        Ok(result.into())
    }

    /// Sends `call`; the transport has checked the body's shape.
    async fn send(&self, call: api::Call) -> Result<JsValue, Error> {
        self.transport.clone().send(call, CallOptions::default()).await
    }

    /// Listens for this flow's messages: from an auth origin, from this
    /// flow's popup, and exactly `appmixer.auth.success.<ticket>` or
    /// `appmixer.auth.failure.<ticket>`. Anything else is ignored.
    fn listen(&self, ticket: &str, sender: oneshot::Sender<Report>) -> Result<EventListener, Error> {
        let window = web_sys::window().ok_or_else(|| Error::invalid_argument("connectAccount needs a browser window"))?;
        let ticket = ticket.to_owned();
        let origins = self.auth_origins.clone();
        let popup = self.popup.clone();
        let logger = self.logger.clone();
        let mut sender = Some(sender);
        Ok(EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            let from_popup = event.source().is_some_and(|source| js_sys::Object::is(&source, &popup));
            let data = event.data().as_string();
            let Some(report) = classify_message(data.as_deref(), &event.origin(), from_popup, &origins, &ticket) else {
                return;
            };
            // The first report decides the flow; later ones are ignored.
            if let Some(sender) = sender.take() {
                logger.log("connectAccount: the callback page reported the result");
                let _ = sender.send(report);
            }
        }))
    }

    /// Waits until the flow ends and returns the server's finished status.
    async fn wait(&self, ticket: &str, reports: &mut oneshot::Receiver<Report>) -> Result<AuthStatus, Error> {
        let started = js_sys::Date::now();
        let mut next_poll = started + STATUS_POLL_FIRST_MS;
        let mut poll_interval = STATUS_POLL_FIRST_MS;
        let mut seen_on_auth_page = false;
        let mut closed_at: Option<f64> = None;
        let mut severed = false;

        loop {
            let check_ms = if seen_on_auth_page || closed_at.is_some() { CLOSED_CHECK_MS } else { EARLY_CHECK_MS };
            let tick = TimeoutFuture::new(check_ms);
            match future::select(&mut *reports, tick).await {
                Either::Left((Ok(Report::Success), _)) => {
                    let reported_at = js_sys::Date::now();
                    let status = self.finished_status(ticket).await?;
                    let status = success_or_failure(status)?;
                    let remaining = SUCCESS_CLOSE_DELAY_MS - (js_sys::Date::now() - reported_at);
                    if remaining > 0.0 {
                        TimeoutFuture::new(remaining as u32).await;
                    }
                    let _ = self.popup.close();
                    return Ok(status);
                }
                Either::Left((Ok(Report::Failure), _)) => {
                    let status = self.status(ticket).await.ok();
                    return Err(auth_failed(status.and_then(|status| status.error)));
                }
                Either::Left((Err(_), _)) => return Err(closed_error()),
                Either::Right(_) => {}
            }

            let now = js_sys::Date::now();
            if !popup_closed(&self.popup) {
                // A cross-origin page makes `location.href` throw, and a
                // same-origin one shows its own address: either way the popup
                // has left about:blank and is still linked to this page.
                seen_on_auth_page |= match self.popup.location().href() {
                    Err(_) => true,
                    Ok(href) => !href.is_empty() && href != "about:blank",
                };
            } else if closed_at.is_none() {
                closed_at = Some(now);
            }

            if let Some(closed_at) = closed_at {
                if !severed && now - closed_at >= CLOSED_GRACE_MS {
                    if let Some(status) = self.status_if_finished(ticket).await? {
                        return success_or_failure(status);
                    }
                    if seen_on_auth_page {
                        // NOTE: a later page of the sign-in that sends COOP cuts the
                        // link the same way, and is reported as POPUP_CLOSED too.
                        return Err(closed_error());
                    }
                    // `closed` turned true before the provider's page was ever seen
                    // open: either the person closed the loading window, or that page
                    // sent Cross-Origin-Opener-Policy and cut the link. Only the
                    // server's status can tell, so keep polling until the deadline.
                    // NOTE: a person who closes the popup while its first page loads
                    // therefore gets TIMEOUT, not POPUP_CLOSED.
                    // Polling starts over at its first interval, then backs off again.
                    severed = true;
                    poll_interval = STATUS_POLL_FIRST_MS;
                    next_poll = now + poll_interval;
                    self.logger.log("connectAccount: lost the link to the popup; waiting for the server's status");
                }
            }

            if now >= next_poll {
                if let Some(status) = self.status_if_finished(ticket).await? {
                    return success_or_failure(status);
                }
                poll_interval = (poll_interval * 1.5).min(STATUS_POLL_MAX_MS);
                next_poll = js_sys::Date::now() + poll_interval;
            }
        }
    }

    async fn status(&self, ticket: &str) -> Result<AuthStatus, Error> {
        // A short deadline, so one slow response does not hold up the close
        // check and the message handling. A timed-out poll is repeated later.
        let options = CallOptions {
            signal: None,
            timeout_ms: Some(STATUS_POLL_TIMEOUT_MS),
        };
        let value = self.transport.clone().send(api::get_auth_status(ticket)?, options).await?;
        Ok(AuthStatus::read(&value))
    }

    /// Polls the status once; a transient failure counts as "not finished".
    async fn status_if_finished(&self, ticket: &str) -> Result<Option<AuthStatus>, Error> {
        match self.status(ticket).await {
            Ok(status) if status.finished => Ok(Some(status)),
            Ok(_) => Ok(None),
            Err(error) if is_transient(&error) => {
                self.logger.log(&format!("connectAccount: status poll failed ({}), trying again later", error.code));
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }

    /// Reads the status after the success message; the server may record
    /// the end of the session a moment after the page posted it.
    async fn finished_status(&self, ticket: &str) -> Result<AuthStatus, Error> {
        let mut wait_ms = 100;
        for _ in 0..6 {
            if let Some(status) = self.status_if_finished(ticket).await? {
                return Ok(status);
            }
            TimeoutFuture::new(wait_ms).await;
            wait_ms *= 2;
        }
        Err(Error::new(
            ErrorCode::AuthFailed,
            "connectAccount: the callback page reported success, but the server never marked the session finished",
        ))
    }
}

fn success_or_failure(status: AuthStatus) -> Result<AuthStatus, Error> {
    if let Some(reason) = status.error.clone() {
        return Err(auth_failed(Some(reason)));
    }
    match (&status.account_id, &status.token_id) {
        (Some(account), Some(token)) if !account.is_empty() && !token.is_empty() => Ok(status),
        _ => Err(auth_failed(Some("the session finished without an account".into()))),
    }
}

fn is_transient(error: &Error) -> bool {
    matches!(
        error.code,
        ErrorCode::Network | ErrorCode::Timeout | ErrorCode::ServerError | ErrorCode::RateLimited
    )
}

fn auth_failed(reason: Option<String>) -> Error {
    let mut error = Error::new(
        ErrorCode::AuthFailed,
        match &reason {
            Some(reason) => format!("connectAccount: sign-in failed: {reason}"),
            None => "connectAccount: sign-in failed".to_owned(),
        },
    );
    error.server_message = reason;
    error
}

fn closed_error() -> Error {
    Error::new(ErrorCode::PopupClosed, "connectAccount: the sign-in popup was closed before the flow finished")
}

fn popup_closed(popup: &Window) -> bool {
    popup.closed().unwrap_or(true)
}

fn set(object: &js_sys::Object, key: &str, value: &str) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &JsValue::from_str(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICKET: &str = "58593f07c3ee4f239dc69ff7:1d2a90df-b192-4a47-aaff-5a80bab66de5";
    const ORIGIN: &str = "https://api.appmixer.com";

    fn classify(data: &str, origin: &str, from_popup: bool) -> Option<Report> {
        classify_message(Some(data), origin, from_popup, &[ORIGIN.to_owned()], TICKET)
    }

    #[test]
    fn message_success_and_failure_are_recognised() {
        assert_eq!(classify(&format!("appmixer.auth.success.{TICKET}"), ORIGIN, true), Some(Report::Success));
        assert_eq!(classify(&format!("appmixer.auth.failure.{TICKET}"), ORIGIN, true), Some(Report::Failure));
    }

    #[test]
    fn message_from_other_origin_is_ignored() {
        assert_eq!(classify(&format!("appmixer.auth.success.{TICKET}"), "https://evil.example", true), None);
        assert_eq!(classify(&format!("appmixer.auth.success.{TICKET}"), "https://api.appmixer.com:8443", true), None);
    }

    #[test]
    fn message_from_other_window_is_ignored() {
        assert_eq!(classify(&format!("appmixer.auth.success.{TICKET}"), ORIGIN, false), None);
    }

    #[test]
    fn message_for_other_ticket_is_ignored() {
        assert_eq!(classify("appmixer.auth.success.someone:else", ORIGIN, true), None);
        assert_eq!(classify(&format!("appmixer.auth.success.{TICKET}x"), ORIGIN, true), None);
        assert_eq!(classify(&format!(" appmixer.auth.success.{TICKET}"), ORIGIN, true), None);
        assert_eq!(classify(&format!("appmixer.auth.pending.{TICKET}"), ORIGIN, true), None);
    }

    #[test]
    fn non_string_message_is_ignored() {
        assert_eq!(classify_message(None, ORIGIN, true, &[ORIGIN.to_owned()], TICKET), None);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::browser_origin;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn browser_origin_uses_punycode() {
        assert_eq!(browser_origin("http://bücher.example"), "http://xn--bcher-kva.example");
    }

    #[wasm_bindgen_test]
    fn browser_origin_keeps_ascii_origin() {
        assert_eq!(browser_origin("https://api.appmixer.com"), "https://api.appmixer.com");
        assert_eq!(browser_origin("http://127.0.0.1:2200"), "http://127.0.0.1:2200");
    }
}
