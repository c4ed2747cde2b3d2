//! Helpers shared by the browser suites: the emulator's address, its admin
//! API, and awaiting the SDK's Promises.
#![allow(dead_code)]

use appmixer_accounts::AppmixerAccounts;
use gloo_net::http::{Method, RequestBuilder};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Returns the emulator's base URL, fixed when the tests were compiled by `make test`.
pub fn emulator_url() -> &'static str {
    match option_env!("APPMIXER_EMULATOR_URL") {
        Some(url) => url,
        None => panic!("APPMIXER_EMULATOR_URL was not set at compile time; run the browser suites with `make test`"),
    }
}

/// Returns the bearer token the emulator accepts.
pub fn emulator_token() -> &'static str {
    option_env!("APPMIXER_EMULATOR_TOKEN").unwrap_or("demo-token")
}

/// Seed ids from the Accounts API reference.
pub const SLACK_ACCOUNT: &str = "5a6e21f3b266224186ac7d03";
pub const SLACK_TOKEN: &str = "5a6e21f3b266224186ac7d04";
pub const PIPEDRIVE_ACCOUNT: &str = "5a7313abb3a60729efe76f1e";
pub const SLACK_TYPE: &str = "appmixer.slack.list.SendChannelMessage";
pub const GMAIL_TYPE: &str = "appmixer.google.gmail.SendEmail";
pub const SLACK_COMPONENT: &str = "e25dc901-f92a-46a2-8d29-2573d4ad65e5";

async fn admin(method: Method, path: &str, body: Option<String>) -> String {
    let url = format!("{}/__emulator{path}", emulator_url());
    let builder = RequestBuilder::new(&url).method(method);
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body),
        None => builder.build(),
    };
    let response = match request {
        Ok(request) => request.send().await,
        Err(error) => panic!("admin request {path} could not be built: {error}"),
    };
    let response = match response {
        Ok(response) => response,
        Err(error) => panic!("admin request {path} failed: {error}"),
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert!(status < 300, "admin request {path} answered {status}: {text}");
    text
}

/// Restores the emulator's seed data and clears faults, the log and the auth behaviour.
pub async fn reset() {
    admin(Method::POST, "/reset", None).await;
}

/// Scripts a fault, as JSON of the emulator's `POST /__emulator/faults`.
pub async fn fault(json: &str) {
    admin(Method::POST, "/faults", Some(json.to_owned())).await;
}

/// Sets the fake provider's behaviour, as JSON of `POST /__emulator/auth`.
pub async fn auth_behaviour(json: &str) {
    admin(Method::POST, "/auth", Some(json.to_owned())).await;
}

/// Marks an account's token as failing the test endpoint.
pub async fn invalidate(account_id: &str, reason: &str) {
    admin(
        Method::POST,
        &format!("/accounts/{account_id}/invalid"),
        Some(format!("{{\"reason\":\"{reason}\"}}")),
    )
    .await;
}

/// Fetches the emulator's state dump.
pub async fn state() -> serde_json::Value {
    serde_json::from_str(&admin(Method::GET, "/state", None).await).unwrap_or_default()
}

/// One entry of the emulator's request log.
#[derive(Debug, Deserialize, Clone)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub status: Option<u16>,
    pub outcome: String,
    pub authorization: bool,
}

/// Fetches every request the emulator logged since the last reset, preflights excluded.
pub async fn requests() -> Vec<LoggedRequest> {
    let text = admin(Method::GET, "/requests", None).await;
    let all: Vec<LoggedRequest> = serde_json::from_str(&text).unwrap_or_default();
    all.into_iter().filter(|request| request.method != "OPTIONS").collect()
}

/// Counts the requests with `method` and raw `path` in the emulator's log.
pub async fn attempts(method: &str, path: &str) -> usize {
    requests()
        .await
        .iter()
        .filter(|request| request.method == method && request.path == path)
        .count()
}

/// Builds a JS object from `(key, value)` pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Creates a client of the emulator with retries off unless `extra` sets them.
pub fn client_with(extra: &[(&str, JsValue)]) -> AppmixerAccounts {
    let mut pairs = vec![
        ("baseUrl", JsValue::from_str(emulator_url())),
        ("accessToken", JsValue::from_str(emulator_token())),
        ("retries", JsValue::from_f64(0.0)),
    ];
    pairs.extend(extra.iter().cloned());
    match AppmixerAccounts::new(object(&pairs).unchecked_into()) {
        Ok(client) => client,
        Err(error) => panic!("client construction failed: {}", message(&error)),
    }
}

/// Creates a client of the emulator with the default options but no retries.
pub fn client() -> AppmixerAccounts {
    client_with(&[])
}

/// Awaits an SDK Promise.
pub async fn settle(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Awaits a Promise that must resolve.
pub async fn ok(promise: js_sys::Promise) -> JsValue {
    match settle(promise).await {
        Ok(value) => value,
        Err(error) => panic!("expected success, got {}: {}", code(&error), message(&error)),
    }
}

/// Awaits a Promise that must reject, and returns the rejection.
pub async fn err(promise: js_sys::Promise) -> JsValue {
    match settle(promise).await {
        Ok(value) => panic!("expected a rejection, got {}", stringify(&value)),
        Err(error) => error,
    }
}

/// Reads property `key` as a string, or "" when absent.
pub fn prop(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// Reads property `key`.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads the `code` of a rejection.
pub fn code(error: &JsValue) -> String {
    prop(error, "code")
}

/// Reads the `message` of a rejection.
pub fn message(error: &JsValue) -> String {
    prop(error, "message")
}

/// `JSON.stringify(value)`.
pub fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "undefined".into())
}

/// Parses a JS value into JSON for comparisons.
pub fn json(value: &JsValue) -> serde_json::Value {
    serde_json::from_str(&stringify(value)).unwrap_or_default()
}

/// Sleeps for `ms` milliseconds.
pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}
