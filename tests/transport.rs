//! Browser tests of the transport against the emulator's scripted faults:
//! cancellation, deadlines, retries, token refresh, awkward bodies and
//! logging. Tests about attempts count them in the emulator's request log.
#![cfg(target_arch = "wasm32")]

mod support;

use appmixer_accounts::client::{ListOptions, PerCallOptions};
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/support/instrument.js")]
extern "C" {
    fn install();
    #[wasm_bindgen(js_name = timerCount)]
    fn timer_count() -> u32;
    #[wasm_bindgen(js_name = captureDebug)]
    fn capture_debug();
    #[wasm_bindgen(js_name = takeDebugLines)]
    fn take_debug_lines() -> Vec<String>;
}

const ACCOUNTS: &str = "/accounts";

/// Options for `listAccounts`.
fn options(pairs: &[(&str, JsValue)]) -> Option<ListOptions> {
    Some(object(pairs).unchecked_into())
}

/// Options for the other methods.
fn per_call(pairs: &[(&str, JsValue)]) -> Option<PerCallOptions> {
    Some(object(pairs).unchecked_into())
}

/// Creates a client that retries quickly, so the suite stays fast.
fn retrying_client(retries: u32) -> appmixer_accounts::AppmixerAccounts {
    client_with(&[("retries", retries.into()), ("retryBaseDelayMs", 10.into()), ("retryMaxDelayMs", 2_000.into())])
}

fn respond(method: &str, path: &str, status: u16, times: u32) -> String {
    json!({"method": method, "path": path, "kind": "respond", "status": status, "times": times,
        "body": format!("{{\"statusCode\":{status},\"error\":\"E\",\"message\":\"scripted\"}}")})
    .to_string()
}

#[wasm_bindgen_test]
async fn abort_rejects_at_once_and_closes_fetch() {
    install();
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "delay", "delayMs": 3000}).to_string()).await;
    let controller = web_sys::AbortController::new().ok();
    let signal: JsValue = controller.as_ref().map(|c| c.signal().into()).unwrap_or(JsValue::UNDEFINED);
    let promise = client().list_accounts(options(&[("signal", signal)]));
    sleep(300).await;
    let aborted_at = js_sys::Date::now();
    if let Some(controller) = &controller {
        controller.abort();
    }
    let error = err(promise).await;
    let elapsed = js_sys::Date::now() - aborted_at;
    assert_eq!(code(&error), "ABORTED");
    assert!(elapsed < 300.0, "took {elapsed} ms");
    assert_eq!(timer_count(), 0, "the deadline timer was not cleared");
    sleep(200).await;
    let log = requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, "client-closed", "the server did not see the fetch end");
}

#[wasm_bindgen_test]
async fn aborted_signal_sends_nothing() {
    reset().await;
    let controller = web_sys::AbortController::new().ok();
    if let Some(controller) = &controller {
        controller.abort();
    }
    let signal: JsValue = controller.as_ref().map(|c| c.signal().into()).unwrap_or(JsValue::UNDEFINED);
    let error = err(client().list_accounts(options(&[("signal", signal)]))).await;
    assert_eq!(code(&error), "ABORTED");
    assert_eq!(requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn per_call_timeout_rejects_timeout() {
    install();
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "delay", "delayMs": 3000}).to_string()).await;
    let started = js_sys::Date::now();
    let error = err(client().list_accounts(options(&[("timeoutMs", 300.into())]))).await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(code(&error), "TIMEOUT");
    assert!(message(&error).contains("300 ms"), "{}", message(&error));
    assert!(elapsed < 1_500.0, "took {elapsed} ms");
    assert_eq!(timer_count(), 0);
}

#[wasm_bindgen_test]
async fn client_default_timeout_applies() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "delay", "delayMs": 3000}).to_string()).await;
    let client = client_with(&[("timeoutMs", 300.into())]);
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "TIMEOUT");
}

#[wasm_bindgen_test]
async fn get_retries_after_503_then_succeeds() {
    reset().await;
    fault(&respond("GET", ACCOUNTS, 503, 2)).await;
    let accounts = ok(retrying_client(2).list_accounts(None)).await;
    assert!(js_sys::Array::is_array(&accounts));
    assert_eq!(attempts("GET", ACCOUNTS).await, 3);
}

#[wasm_bindgen_test]
async fn each_retryable_status_is_retried() {
    for status in [408, 429, 500, 502, 503, 504] {
        reset().await;
        fault(&respond("GET", ACCOUNTS, status, 1)).await;
        ok(retrying_client(2).list_accounts(None)).await;
        assert_eq!(attempts("GET", ACCOUNTS).await, 2, "status {status}");
    }
}

#[wasm_bindgen_test]
async fn network_error_is_retried() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "drop"}).to_string()).await;
    ok(retrying_client(2).list_accounts(None)).await;
    assert_eq!(attempts("GET", ACCOUNTS).await, 2);
}

#[wasm_bindgen_test]
async fn retries_stop_at_the_limit() {
    reset().await;
    fault(&respond("GET", ACCOUNTS, 503, 10)).await;
    let error = err(retrying_client(2).list_accounts(None)).await;
    assert_eq!(code(&error), "SERVER_ERROR");
    assert_eq!(attempts("GET", ACCOUNTS).await, 3);
}

#[wasm_bindgen_test]
async fn zero_retries_switches_retrying_off() {
    reset().await;
    fault(&respond("GET", ACCOUNTS, 503, 10)).await;
    let error = err(retrying_client(0).list_accounts(None)).await;
    assert_eq!(code(&error), "SERVER_ERROR");
    assert_eq!(attempts("GET", ACCOUNTS).await, 1);
}

#[wasm_bindgen_test]
async fn put_and_delete_are_retried() {
    reset().await;
    let rename_path = format!("/accounts/{SLACK_ACCOUNT}");
    fault(&respond("PUT", &rename_path, 503, 1)).await;
    ok(retrying_client(2).rename_account(SLACK_ACCOUNT.into(), "x".into(), None)).await;
    assert_eq!(attempts("PUT", &rename_path).await, 2);
    let clear_path = format!("/auth/component/{SLACK_COMPONENT}");
    fault(&respond("DELETE", &clear_path, 502, 1)).await;
    ok(retrying_client(2).clear_component_account(SLACK_COMPONENT.into(), None)).await;
    assert_eq!(attempts("DELETE", &clear_path).await, 2);
}

#[wasm_bindgen_test]
async fn account_test_post_is_never_retried() {
    reset().await;
    let path = format!("/accounts/{SLACK_ACCOUNT}/test");
    fault(&respond("POST", &path, 503, 5)).await;
    let error = err(retrying_client(3).test_account(SLACK_ACCOUNT.into(), None)).await;
    assert_eq!(code(&error), "SERVER_ERROR");
    assert_eq!(attempts("POST", &path).await, 1);
    reset().await;
    fault(&json!({"method": "POST", "path": path, "kind": "drop"}).to_string()).await;
    let error = err(retrying_client(3).test_account(SLACK_ACCOUNT.into(), None)).await;
    assert_eq!(code(&error), "NETWORK");
    assert_eq!(attempts("POST", &path).await, 1);
}

#[wasm_bindgen_test]
async fn ticket_post_is_retried() {
    reset().await;
    fault(&respond("POST", "/auth/ticket", 503, 1)).await;
    ok(retrying_client(2).create_auth_ticket(None)).await;
    assert_eq!(attempts("POST", "/auth/ticket").await, 2);
}

#[wasm_bindgen_test]
async fn other_client_errors_are_not_retried() {
    for status in [400, 403, 404, 409] {
        reset().await;
        fault(&respond("GET", ACCOUNTS, status, 5)).await;
        err(retrying_client(3).list_accounts(None)).await;
        assert_eq!(attempts("GET", ACCOUNTS).await, 1, "status {status}");
    }
}

#[wasm_bindgen_test]
async fn retry_after_seconds_is_honoured() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 429, "headers": {"Retry-After": "1"}}).to_string()).await;
    let started = js_sys::Date::now();
    ok(retrying_client(2).list_accounts(None)).await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(attempts("GET", ACCOUNTS).await, 2);
    assert!(elapsed >= 950.0, "retried after {elapsed} ms");
}

#[wasm_bindgen_test]
async fn retry_after_http_date_is_honoured() {
    reset().await;
    let date = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + 2_000.0));
    let header = date.to_utc_string().as_string().unwrap_or_default();
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 503, "headers": {"Retry-After": header}}).to_string()).await;
    let started = js_sys::Date::now();
    ok(retrying_client(2).list_accounts(None)).await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(attempts("GET", ACCOUNTS).await, 2);
    // HTTP dates have whole seconds, so the wait is between 1 and 2 seconds.
    assert!(elapsed >= 900.0, "retried after {elapsed} ms");
}

#[wasm_bindgen_test]
async fn retry_after_beyond_cap_stops() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 429, "headers": {"Retry-After": "60"}}).to_string()).await;
    let started = js_sys::Date::now();
    let error = err(retrying_client(2).list_accounts(None)).await;
    assert_eq!(code(&error), "RATE_LIMITED");
    assert_eq!(attempts("GET", ACCOUNTS).await, 1);
    assert!(js_sys::Date::now() - started < 1_000.0);
}

#[wasm_bindgen_test]
async fn repeated_delete_404_after_lost_response_succeeds() {
    reset().await;
    let path = format!("/accounts/{PIPEDRIVE_ACCOUNT}");
    fault(&json!({"method": "DELETE", "path": path, "kind": "drop-after"}).to_string()).await;
    let result = json(&ok(retrying_client(2).remove_account(PIPEDRIVE_ACCOUNT.into(), None)).await);
    assert_eq!(result, json!({ "accountId": PIPEDRIVE_ACCOUNT }));
    let log = requests().await;
    let deletes: Vec<Option<u16>> = log.iter().filter(|r| r.method == "DELETE").map(|r| r.status).collect();
    assert_eq!(deletes.len(), 2);
    assert_eq!(deletes[1], Some(404));
}

#[wasm_bindgen_test]
async fn delete_404_without_retry_still_rejects() {
    reset().await;
    let error = err(retrying_client(2).remove_account("000000000000000000000000".into(), None)).await;
    assert_eq!(code(&error), "NOT_FOUND");
    assert_eq!(attempts("DELETE", "/accounts/000000000000000000000000").await, 1);
}

/// An `onUnauthorized` callback that counts its calls and resolves with
/// `token` after `delay_ms`, or rejects when `token` is `Err`.
fn refresher(calls: Rc<Cell<u32>>, token: Result<Option<&'static str>, &'static str>, delay_ms: u32) -> Closure<dyn FnMut() -> js_sys::Promise> {
    Closure::new(move || {
        calls.set(calls.get() + 1);
        wasm_bindgen_futures::future_to_promise(async move {
            sleep(delay_ms).await;
            match token {
                Ok(Some(token)) => Ok(JsValue::from_str(token)),
                Ok(None) => Ok(JsValue::NULL),
                Err(reason) => Err(js_sys::Error::new(reason).into()),
            }
        })
    })
}

#[wasm_bindgen_test]
async fn unauthorized_refreshes_token_once() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Ok(Some(emulator_token())), 10);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    ok(client.list_accounts(None)).await;
    assert_eq!(calls.get(), 1);
    assert_eq!(attempts("GET", ACCOUNTS).await, 2);
    ok(client.list_accounts(None)).await;
    assert_eq!(calls.get(), 1, "the new token was not kept");
}

#[wasm_bindgen_test]
async fn concurrent_unauthorized_share_one_refresh() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Ok(Some(emulator_token())), 200);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let first = client.list_accounts(None);
    let second = client.list_account_flows(SLACK_ACCOUNT.into(), None);
    let third = client.test_account(SLACK_ACCOUNT.into(), None);
    ok(first).await;
    ok(second).await;
    ok(third).await;
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
async fn second_unauthorized_rejects() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Ok(Some("still-wrong")), 10);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "UNAUTHORIZED");
    assert_eq!(calls.get(), 1);
    assert_eq!(attempts("GET", ACCOUNTS).await, 2);
    assert!(!message(&error).contains("still-wrong"));
}

#[wasm_bindgen_test]
async fn null_from_refresh_rejects() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Ok(None), 10);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "UNAUTHORIZED");
    assert_eq!(attempts("GET", ACCOUNTS).await, 1);
}

#[wasm_bindgen_test]
async fn failed_refresh_is_not_remembered() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Err("login service down"), 10);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "UNAUTHORIZED");
    assert!(message(&error).contains("login service down"), "{}", message(&error));
    err(client.list_accounts(None)).await;
    assert_eq!(calls.get(), 2);
}

#[wasm_bindgen_test]
async fn refresh_rejecting_with_undefined_rejects() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let callback: Closure<dyn FnMut() -> js_sys::Promise> = Closure::new(move || {
        counter.set(counter.get() + 1);
        js_sys::Promise::reject(&JsValue::UNDEFINED)
    });
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let error = err(client.list_accounts(options(&[("timeoutMs", 3_000.into())]))).await;
    assert_eq!(code(&error), "UNAUTHORIZED", "{}", message(&error));
    let error = err(client.list_accounts(options(&[("timeoutMs", 3_000.into())]))).await;
    assert_eq!(code(&error), "UNAUTHORIZED", "{}", message(&error));
    assert_eq!(calls.get(), 2, "the failed refresh was remembered");
}

#[wasm_bindgen_test]
async fn refresh_survives_its_first_caller_timing_out() {
    reset().await;
    let calls = Rc::new(Cell::new(0));
    let callback = refresher(calls.clone(), Ok(Some(emulator_token())), 400);
    let client = client_with(&[("accessToken", "expired".into()), ("onUnauthorized", callback.as_ref().clone())]);
    let impatient = client.list_accounts(options(&[("timeoutMs", 150.into())]));
    let patient = client.list_account_flows(SLACK_ACCOUNT.into(), None);
    assert_eq!(code(&err(impatient).await), "TIMEOUT");
    ok(patient).await;
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
async fn token_cut_by_excerpt_stays_hidden() {
    reset().await;
    let token = emulator_token();
    // The token starts just before the 200-character excerpt limit.
    let text = format!("{} {token} trailing", "x".repeat(195));
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 400,
        "body": json!({"statusCode": 400, "error": "Bad Request", "message": text}).to_string()}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    let prefix = &token[..4];
    assert!(!message(&error).contains(prefix), "{}", message(&error));
    assert!(!prop(&error, "serverMessage").contains(prefix), "{}", prop(&error, "serverMessage"));
}

#[wasm_bindgen_test]
async fn empty_body_accepted_where_documented() {
    reset().await;
    let path = format!("/accounts/{SLACK_ACCOUNT}");
    for status in [200, 204] {
        fault(&json!({"method": "PUT", "path": path, "kind": "respond", "status": status, "body": ""}).to_string()).await;
        let result = ok(client().rename_account(SLACK_ACCOUNT.into(), "x".into(), None)).await;
        assert!(result.is_undefined(), "status {status}");
    }
}

#[wasm_bindgen_test]
async fn empty_body_rejected_where_json_expected() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 200, "body": ""}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    assert_eq!(code(&error), "INVALID_RESPONSE");
}

#[wasm_bindgen_test]
async fn non_json_body_shows_excerpt() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "respond", "status": 200, "body": "<html>Maintenance until noon</html>"}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    assert_eq!(code(&error), "INVALID_RESPONSE");
    assert!(message(&error).contains("Maintenance until noon"), "{}", message(&error));
}

#[wasm_bindgen_test]
async fn wrong_shape_names_field() {
    reset().await;
    fault(&json!({"method": "POST", "path": "/auth/ticket", "kind": "respond", "status": 200, "body": "{\"ticket\":42}"}).to_string()).await;
    let error = err(client().create_auth_ticket(None)).await;
    assert_eq!(code(&error), "INVALID_RESPONSE");
    assert!(message(&error).contains("ticket"), "{}", message(&error));
}

#[wasm_bindgen_test]
async fn endless_body_stops_at_timeout() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "endless"}).to_string()).await;
    let started = js_sys::Date::now();
    let error = err(client().list_accounts(options(&[("timeoutMs", 500.into())]))).await;
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(code(&error), "TIMEOUT");
    assert!(elapsed < 2_000.0, "took {elapsed} ms");
}

#[wasm_bindgen_test]
async fn huge_body_is_rejected() {
    reset().await;
    fault(&json!({"method": "GET", "path": ACCOUNTS, "kind": "huge"}).to_string()).await;
    let error = err(client().list_accounts(options(&[("timeoutMs", 10_000.into())]))).await;
    assert_eq!(code(&error), "INVALID_RESPONSE", "{}", message(&error));
}

#[wasm_bindgen_test]
async fn debug_logging_is_off_by_default() {
    capture_debug();
    reset().await;
    take_debug_lines();
    ok(client().list_accounts(None)).await;
    assert!(take_debug_lines().is_empty());
}

#[wasm_bindgen_test]
async fn debug_logging_records_requests_without_token() {
    capture_debug();
    reset().await;
    take_debug_lines();
    fault(&respond("GET", ACCOUNTS, 503, 1)).await;
    let client = retrying_client(1);
    client.set_debug(true);
    ok(client.list_accounts(None)).await;
    err(client.test_account("000000000000000000000000".into(), per_call(&[]))).await;
    let lines = take_debug_lines().join("\n");
    assert!(lines.contains("GET /accounts -> 503 (attempt 1)"), "{lines}");
    assert!(lines.contains("retrying in"), "{lines}");
    assert!(lines.contains("GET /accounts -> 200 (attempt 2)"), "{lines}");
    assert!(lines.contains("testAccount rejected: NOT_FOUND"), "{lines}");
    assert!(!lines.contains(emulator_token()), "{lines}");
}
