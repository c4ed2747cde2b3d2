//! Browser tests of `connectAccount` against the emulator's fake OAuth
//! provider and callback page: one test per popup rule.
#![cfg(target_arch = "wasm32")]

mod support;

use appmixer_accounts::AppmixerAccounts;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/support/instrument.js")]
extern "C" {
    fn install();
    #[wasm_bindgen(js_name = messageListenerCount)]
    fn message_listener_count() -> u32;
    #[wasm_bindgen(js_name = timerCount)]
    fn timer_count() -> u32;
    #[wasm_bindgen(js_name = openCalls)]
    fn open_calls() -> u32;
    #[wasm_bindgen(js_name = setBlockPopups)]
    fn set_block_popups(block: bool);
    #[wasm_bindgen(js_name = openWindowCount)]
    fn open_window_count() -> u32;
    #[wasm_bindgen(js_name = closeAll)]
    fn close_all();
    #[wasm_bindgen(js_name = postToSelf)]
    fn post_to_self(data: &str);
    #[wasm_bindgen(js_name = unhandledRejectionCount)]
    fn unhandled_rejection_count() -> u32;
    #[wasm_bindgen(js_name = lastOpenedHref)]
    fn last_opened_href() -> String;
}

/// Resets the emulator and the page instrumentation before a test.
async fn prepare(behaviour: &str) {
    install();
    close_all();
    set_block_popups(false);
    reset().await;
    auth_behaviour(behaviour).await;
}

/// Checks that a finished flow left nothing behind.
fn assert_clean() {
    assert_eq!(unhandled_rejection_count(), 0, "a Promise rejected with no handler");
    assert_eq!(message_listener_count(), 0, "message listeners left behind");
    assert_eq!(timer_count(), 0, "timers left behind");
    assert_eq!(open_window_count(), 0, "popups left open");
}

fn connect(client: &AppmixerAccounts, component_type: &str, options: &[(&str, JsValue)]) -> js_sys::Promise {
    client.connect_account(component_type.into(), Some(object(options).unchecked_into()))
}

/// Opens a window the way a click handler would, for the `popup` option.
fn own_popup() -> web_sys::Window {
    let window = web_sys::window().and_then(|window| window.open_with_url_and_target_and_features("", "_blank", "popup").ok().flatten());
    match window {
        Some(window) => window,
        None => panic!("window.open returned null in the test page"),
    }
}

/// Fetches the tickets the emulator has issued.
async fn tickets() -> Vec<serde_json::Value> {
    state().await["tickets"].as_array().cloned().unwrap_or_default()
}

/// Waits until the fake provider has served the flow's auth page.
async fn wait_for_provider_page() {
    for _ in 0..100 {
        if requests().await.iter().any(|request| request.path.starts_with("/__provider/") || request.path.contains("/form")) {
            sleep(300).await;
            return;
        }
        sleep(50).await;
    }
    panic!("the popup never reached the provider page");
}

#[wasm_bindgen_test]
async fn connect_resolves_with_new_account() {
    prepare(r#"{"mode":"approve"}"#).await;
    let result = ok(connect(&client(), GMAIL_TYPE, &[])).await;
    let account_id = prop(&result, "accountId");
    assert!(!account_id.is_empty());
    assert!(!prop(&result, "tokenId").is_empty());
    assert_eq!(prop(&result, "componentType"), GMAIL_TYPE);
    assert!(get(&result, "componentId").is_undefined());
    let accounts = json(&ok(client().list_accounts(None)).await);
    let created = accounts.as_array().and_then(|list| list.iter().find(|a| a["accountId"] == account_id.as_str()).cloned());
    assert_eq!(created.map(|a| a["service"].clone()), Some(serde_json::json!("appmixer:google")));
    assert_clean();
}

#[wasm_bindgen_test]
async fn popup_opens_before_returning() {
    prepare(r#"{"mode":"approve"}"#).await;
    let calls_before = open_calls();
    let promise = connect(&client(), SLACK_TYPE, &[]);
    // No await has run yet, so the window was opened inside this call.
    assert_eq!(open_calls(), calls_before + 1);
    assert_eq!(last_opened_href(), "about:blank");
    ok(promise).await;
    assert_clean();
}

#[wasm_bindgen_test]
async fn connect_assigns_component() {
    prepare(r#"{"mode":"approve"}"#).await;
    let component = "3f1b7c52-8d0e-4a61-9d4f-2b6a1e0c9f77";
    let result = ok(connect(&client(), SLACK_TYPE, &[("componentId", component.into())])).await;
    assert_eq!(prop(&result, "componentId"), component);
    let state = state().await;
    assert_eq!(state["assignments"][component], serde_json::json!(prop(&result, "accountId")));
    assert_clean();
}

#[wasm_bindgen_test]
async fn blocked_popup_rejects_without_requests() {
    prepare(r#"{"mode":"approve"}"#).await;
    set_block_popups(true);
    let error = err(connect(&client(), SLACK_TYPE, &[])).await;
    set_block_popups(false);
    assert_eq!(code(&error), "POPUP_BLOCKED");
    assert_eq!(requests().await.len(), 0);
    assert_clean();
}

#[wasm_bindgen_test]
async fn caller_popup_skips_window_open() {
    prepare(r#"{"mode":"approve"}"#).await;
    let popup = own_popup();
    let calls_before = open_calls();
    let result = ok(connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into())])).await;
    assert_eq!(open_calls(), calls_before);
    assert!(!prop(&result, "accountId").is_empty());
    assert!(popup.closed().unwrap_or(false));
    assert_clean();
}

#[wasm_bindgen_test]
async fn failure_message_rejects_auth_failed() {
    prepare(r#"{"mode":"deny"}"#).await;
    let error = err(connect(&client(), SLACK_TYPE, &[])).await;
    assert_eq!(code(&error), "AUTH_FAILED", "{}", message(&error));
    assert!(prop(&error, "serverMessage").contains("access_denied"), "{}", prop(&error, "serverMessage"));
    assert_clean();
}

#[wasm_bindgen_test]
async fn closed_popup_rejects_within_a_second() {
    prepare(r#"{"mode":"manual"}"#).await;
    let popup = own_popup();
    let promise = connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into())]);
    wait_for_provider_page().await;
    let closed_at = js_sys::Date::now();
    let _ = popup.close();
    let error = err(promise).await;
    let elapsed = js_sys::Date::now() - closed_at;
    assert_eq!(code(&error), "POPUP_CLOSED", "{}", message(&error));
    assert!(elapsed < 1_500.0, "took {elapsed} ms");
    assert_clean();
}

#[wasm_bindgen_test]
async fn popup_closed_soon_after_page_loads() {
    prepare(r#"{"mode":"manual"}"#).await;
    let popup = own_popup();
    let promise = connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into())]);
    for _ in 0..250 {
        if requests().await.iter().any(|request| request.path.starts_with("/__provider/") && request.status.is_some()) {
            break;
        }
        sleep(20).await;
    }
    sleep(150).await;
    let _ = popup.close();
    let error = err(promise).await;
    assert_eq!(code(&error), "POPUP_CLOSED", "{}", message(&error));
    assert_clean();
}

#[wasm_bindgen_test]
async fn popup_closed_before_navigation_rejects() {
    prepare(r#"{"mode":"approve"}"#).await;
    let popup = own_popup();
    let promise = connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into())]);
    let _ = popup.close();
    let error = err(promise).await;
    assert_eq!(code(&error), "POPUP_CLOSED", "{}", message(&error));
    assert_clean();
}

#[wasm_bindgen_test]
async fn coop_provider_still_finishes() {
    // The provider page sends Cross-Origin-Opener-Policy: the popup is cut off
    // from this page, `closed` reads true and no message arrives.
    prepare(r#"{"mode":"approve","coop":true,"delayMs":800}"#).await;
    let result = ok(connect(&client(), GMAIL_TYPE, &[])).await;
    let account_id = prop(&result, "accountId");
    let tickets = tickets().await;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0]["accountId"], serde_json::json!(account_id));
    close_all();
    assert_eq!(message_listener_count(), 0);
    assert_eq!(timer_count(), 0);
}

#[wasm_bindgen_test]
async fn untrusted_messages_are_ignored() {
    prepare(r#"{"mode":"manual"}"#).await;
    let page_origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    // Trust this page's origin too, so only the source and data checks can reject these messages.
    let origins = js_sys::Array::of2(&emulator_url().into(), &page_origin.into());
    let client = client_with(&[("authOrigin", origins.into())]);
    let popup = own_popup();
    let promise = connect(&client, SLACK_TYPE, &[("popup", popup.clone().into())]);
    wait_for_provider_page().await;
    let ticket = tickets().await.first().and_then(|t| t["ticket"].as_str().map(str::to_owned)).unwrap_or_default();
    post_to_self(&format!("appmixer.auth.success.{ticket}"));
    post_to_self(&format!("appmixer.auth.failure.{ticket}"));
    post_to_self("appmixer.auth.success.someone-else:ticket");
    sleep(600).await;
    let _ = popup.close();
    let error = err(promise).await;
    assert_eq!(code(&error), "POPUP_CLOSED", "a forged message settled the flow: {}", message(&error));
    assert_clean();
}

#[wasm_bindgen_test]
async fn timeout_rejects_and_closes_popup() {
    prepare(r#"{"mode":"manual"}"#).await;
    let popup = own_popup();
    let error = err(connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into()), ("timeoutMs", 1_500.into())])).await;
    assert_eq!(code(&error), "TIMEOUT");
    assert!(popup.closed().unwrap_or(false));
    assert_clean();
}

#[wasm_bindgen_test]
async fn abort_rejects_at_once_and_closes_popup() {
    prepare(r#"{"mode":"manual"}"#).await;
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let popup = own_popup();
    let promise = connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into()), ("signal", signal.into())]);
    wait_for_provider_page().await;
    let aborted_at = js_sys::Date::now();
    if let Some(controller) = &controller {
        controller.abort();
    }
    let error = err(promise).await;
    let elapsed = js_sys::Date::now() - aborted_at;
    assert_eq!(code(&error), "ABORTED");
    assert!(elapsed < 300.0, "took {elapsed} ms");
    assert!(popup.closed().unwrap_or(false));
    assert_clean();
}

#[wasm_bindgen_test]
async fn concurrent_flows_get_own_accounts() {
    prepare(r#"{"mode":"approve","delayMs":300}"#).await;
    let client = client();
    let slack = connect(&client, SLACK_TYPE, &[]);
    let gmail = connect(&client, GMAIL_TYPE, &[]);
    let slack = ok(slack).await;
    let gmail = ok(gmail).await;
    assert_ne!(prop(&slack, "accountId"), prop(&gmail, "accountId"));
    let accounts = json(&ok(client.list_accounts(None)).await);
    let service_of = |id: String| {
        accounts.as_array().and_then(|list| list.iter().find(|a| a["accountId"] == id.as_str()).map(|a| a["service"].clone()))
    };
    assert_eq!(service_of(prop(&slack, "accountId")), Some(serde_json::json!("appmixer:slack")));
    assert_eq!(service_of(prop(&gmail, "accountId")), Some(serde_json::json!("appmixer:google")));
    assert_clean();
}

#[wasm_bindgen_test]
async fn second_call_returns_same_promise() {
    prepare(r#"{"mode":"approve","delayMs":300}"#).await;
    let client = client();
    let calls_before = open_calls();
    let first = connect(&client, SLACK_TYPE, &[]);
    let second = connect(&client, SLACK_TYPE, &[]);
    assert!(js_sys::Object::is(&first, &second));
    assert_eq!(open_calls() - calls_before, 1);
    ok(first).await;
    assert_eq!(tickets().await.len(), 1);
    assert_clean();
}

#[wasm_bindgen_test]
async fn invalid_option_closes_caller_popup() {
    prepare(r#"{"mode":"approve"}"#).await;
    let popup = own_popup();
    let error = err(connect(&client(), SLACK_TYPE, &[("popup", popup.clone().into()), ("timeoutMs", 0.into())])).await;
    assert_eq!(code(&error), "INVALID_ARGUMENT");
    assert!(popup.closed().unwrap_or(false));
    assert_eq!(requests().await.len(), 0);
    assert_clean();
}

#[wasm_bindgen_test]
async fn invalid_component_type_rejects() {
    prepare(r#"{"mode":"approve"}"#).await;
    let calls_before = open_calls();
    let error = err(client().connect_account(JsValue::from_f64(3.0), None)).await;
    assert_eq!(code(&error), "INVALID_ARGUMENT");
    assert_eq!(open_calls(), calls_before);
    assert_clean();
}
