//! Browser tests of every Accounts API method against the emulator: the
//! documented results, and each error code a method can give.
#![cfg(target_arch = "wasm32")]

mod support;

use appmixer_accounts::AppmixerAccounts;
use serde_json::json;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type Invoke = fn(&AppmixerAccounts) -> js_sys::Promise;

/// Every method with the request it sends for known seed ids.
fn endpoints() -> Vec<(&'static str, &'static str, String, Invoke)> {
    vec![
        ("getComponentAccounts", "GET", format!("/auth/{SLACK_TYPE}"), |c| {
            c.get_component_accounts(SLACK_TYPE.into(), None)
        }),
        ("listAccounts", "GET", "/accounts".into(), |c| c.list_accounts(None)),
        ("renameAccount", "PUT", format!("/accounts/{SLACK_ACCOUNT}"), |c| {
            c.rename_account(SLACK_ACCOUNT.into(), "Renamed".into(), None)
        }),
        ("testAccount", "POST", format!("/accounts/{SLACK_ACCOUNT}/test"), |c| {
            c.test_account(SLACK_ACCOUNT.into(), None)
        }),
        ("removeAccount", "DELETE", format!("/accounts/{PIPEDRIVE_ACCOUNT}"), |c| {
            c.remove_account(PIPEDRIVE_ACCOUNT.into(), None)
        }),
        ("listAccountFlows", "GET", format!("/accounts/{SLACK_ACCOUNT}/flows"), |c| {
            c.list_account_flows(SLACK_ACCOUNT.into(), None)
        }),
        ("createAuthTicket", "POST", "/auth/ticket".into(), |c| c.create_auth_ticket(None)),
        ("getAuthUrl", "GET", format!("/auth/{SLACK_TYPE}/auth-url/u%3A1"), |c| {
            c.get_auth_url(SLACK_TYPE.into(), "u:1".into(), None)
        }),
        ("startAuthSession", "PUT", format!("/auth/{SLACK_TYPE}/ticket/u%3A1"), |c| {
            c.start_auth_session(SLACK_TYPE.into(), "u:1".into(), None)
        }),
        ("getAuthStatus", "GET", "/auth/status/u%3A1".into(), |c| c.get_auth_status("u:1".into(), None)),
        ("clearComponentAccount", "DELETE", format!("/auth/component/{SLACK_COMPONENT}"), |c| {
            c.clear_component_account(SLACK_COMPONENT.into(), None)
        }),
        ("assignAccount", "PUT", format!("/auth/component/{SLACK_COMPONENT}/{SLACK_ACCOUNT}"), |c| {
            c.assign_account(SLACK_COMPONENT.into(), SLACK_ACCOUNT.into(), None)
        }),
    ]
}

#[wasm_bindgen_test]
async fn get_component_accounts_keeps_documented_map() {
    reset().await;
    let options = object(&[("componentId", SLACK_COMPONENT.into())]);
    let result = ok(client().get_component_accounts(SLACK_TYPE.into(), Some(options.unchecked_into()))).await;
    let body = json(&result);
    assert_eq!(body["componentType"], SLACK_TYPE);
    let account = &body["auth"]["accounts"][SLACK_ACCOUNT];
    assert_eq!(account["accountId"], SLACK_ACCOUNT);
    assert_eq!(account["tokenId"], SLACK_TOKEN);
    assert_eq!(account["authorizedScope"], json!(["channels:read", "chat:write:user"]));
    assert_eq!(account["name"], "U0UFJ0MFG - client IO");
    assert_eq!(account["componentAssigned"], true);
    let log = requests().await;
    assert_eq!(log.last().and_then(|r| r.query.clone()).as_deref(), Some("componentId=e25dc901-f92a-46a2-8d29-2573d4ad65e5"));
}

#[wasm_bindgen_test]
async fn list_accounts_passes_profile_info_whole() {
    reset().await;
    let result = ok(client().list_accounts(None)).await;
    let body = json(&result);
    let accounts = body.as_array().cloned().unwrap_or_default();
    assert_eq!(accounts.len(), 2);
    let pipedrive = accounts.iter().find(|a| a["accountId"] == PIPEDRIVE_ACCOUNT).cloned().unwrap_or_default();
    assert_eq!(pipedrive["profileInfo"], json!({"name": "tomas", "email": "t.o.mas@client.io"}));
    assert_eq!(pipedrive["service"], "appmixer:pipedrive");
    assert_eq!(pipedrive["label"], "Pipedrive");
    assert_eq!(pipedrive["userId"], "58593f07c3ee4f239dc69ff7");
}

#[wasm_bindgen_test]
async fn list_accounts_sends_repeated_filters() {
    reset().await;
    let filters = js_sys::Array::of2(&"service:appmixer:slack".into(), &"service:!appmixer:aws".into());
    let options = object(&[("filter", filters.into())]);
    let result = ok(client().list_accounts(Some(options.unchecked_into()))).await;
    let body = json(&result);
    assert_eq!(body.as_array().map(Vec::len), Some(1));
    assert_eq!(body[0]["accountId"], SLACK_ACCOUNT);
    let query = requests().await.last().and_then(|r| r.query.clone()).unwrap_or_default();
    assert_eq!(query, "filter=service%3Aappmixer%3Aslack&filter=service%3A%21appmixer%3Aaws");
}

#[wasm_bindgen_test]
async fn list_accounts_accepts_single_filter_string() {
    reset().await;
    let options = object(&[("filter", "service:appmixer:pipedrive".into())]);
    let body = json(&ok(client().list_accounts(Some(options.unchecked_into()))).await);
    assert_eq!(body.as_array().map(Vec::len), Some(1));
    assert_eq!(body[0]["accountId"], PIPEDRIVE_ACCOUNT);
}

#[wasm_bindgen_test]
async fn rename_account_resolves_undefined_and_renames() {
    reset().await;
    let client = client();
    let result = ok(client.rename_account(SLACK_ACCOUNT.into(), "Team Slack".into(), None)).await;
    assert!(result.is_undefined());
    let body = json(&ok(client.list_accounts(None)).await);
    let slack = body.as_array().and_then(|a| a.iter().find(|x| x["accountId"] == SLACK_ACCOUNT).cloned()).unwrap_or_default();
    assert_eq!(slack["displayName"], "Team Slack");
}

#[wasm_bindgen_test]
async fn test_account_returns_token_map() {
    reset().await;
    let body = json(&ok(client().test_account(SLACK_ACCOUNT.into(), None)).await);
    assert_eq!(body, json!({ SLACK_TOKEN: "valid" }));
}

#[wasm_bindgen_test]
async fn test_account_reports_failure_reason() {
    reset().await;
    invalidate(SLACK_ACCOUNT, "invalid_grant: token revoked").await;
    let body = json(&ok(client().test_account(SLACK_ACCOUNT.into(), None)).await);
    assert_eq!(body[SLACK_TOKEN], "invalid_grant: token revoked");
}

#[wasm_bindgen_test]
async fn remove_account_stops_flows_and_assignments() {
    reset().await;
    let client = client();
    let body = json(&ok(client.remove_account(SLACK_ACCOUNT.into(), None)).await);
    assert_eq!(body, json!({ "accountId": SLACK_ACCOUNT }));
    let state = state().await;
    let flows = state["flows"].as_array().cloned().unwrap_or_default();
    assert!(!flows.is_empty());
    for flow in &flows {
        assert_eq!(flow["state"], "stopped", "{flow}");
    }
    assert!(state["assignments"].get(SLACK_COMPONENT).is_none_or(|value| value.is_null()));
    let error = err(client.list_account_flows(SLACK_ACCOUNT.into(), None)).await;
    assert_eq!(code(&error), "NOT_FOUND");
}

#[wasm_bindgen_test]
async fn list_account_flows_returns_documented_flows() {
    reset().await;
    let body = json(&ok(client().list_account_flows(SLACK_ACCOUNT.into(), None)).await);
    let names: Vec<&str> = body.as_array().map(|a| a.iter().filter_map(|f| f["name"].as_str()).collect()).unwrap_or_default();
    assert_eq!(names, vec!["Flow #1", "Flow #2", "Flow #3"]);
    assert_eq!(body[0]["flowId"], "9251b4b6-4cdb-42ad-9431-1843e05307be");
}

#[wasm_bindgen_test]
async fn auth_session_calls_chain() {
    reset().await;
    let client = client();
    let ticket = prop(&ok(client.create_auth_ticket(None)).await, "ticket");
    assert!(ticket.starts_with("58593f07c3ee4f239dc69ff7:"), "{ticket}");
    let options = object(&[("componentId", SLACK_COMPONENT.into())]);
    let url = prop(&ok(client.get_auth_url(SLACK_TYPE.into(), ticket.clone().into(), Some(options.unchecked_into()))).await, "authUrl");
    assert!(url.contains("state="), "{url}");
    let session = json(&ok(client.start_auth_session(SLACK_TYPE.into(), ticket.clone().into(), None)).await);
    assert_eq!(session, json!({ "service": "appmixer:slack" }));
    let status = json(&ok(client.get_auth_status(ticket.clone().into(), None)).await);
    assert_eq!(status["finished"], false);
    assert!(status["accountId"].is_null());
    assert!(status["error"].is_null());
    let paths: Vec<String> = requests().await.iter().map(|r| r.path.clone()).collect();
    let encoded = ticket.replace(':', "%3A");
    assert!(paths.contains(&format!("/auth/status/{encoded}")), "{paths:?}");
}

#[wasm_bindgen_test]
async fn clear_and_assign_component_account() {
    reset().await;
    let client = client();
    let cleared = json(&ok(client.clear_component_account(SLACK_COMPONENT.into(), None)).await);
    assert_eq!(cleared, json!({ "componentId": SLACK_COMPONENT }));
    let assigned = json(&ok(client.assign_account(SLACK_COMPONENT.into(), PIPEDRIVE_ACCOUNT.into(), None)).await);
    assert_eq!(assigned, json!({ "accountId": PIPEDRIVE_ACCOUNT, "componentId": SLACK_COMPONENT }));
}

#[wasm_bindgen_test]
async fn unknown_ids_reject_not_found() {
    reset().await;
    let client = client();
    let cases = vec![
        client.get_component_accounts("appmixer.nope.Unknown".into(), None),
        client.rename_account("000000000000000000000000".into(), "x".into(), None),
        client.test_account("000000000000000000000000".into(), None),
        client.remove_account("000000000000000000000000".into(), None),
        client.list_account_flows("000000000000000000000000".into(), None),
        client.get_auth_url(SLACK_TYPE.into(), "nobody:nothing".into(), None),
        client.start_auth_session(SLACK_TYPE.into(), "nobody:nothing".into(), None),
        client.get_auth_status("nobody:nothing".into(), None),
        client.clear_component_account("00000000-0000-0000-0000-000000000000".into(), None),
        client.assign_account(SLACK_COMPONENT.into(), "000000000000000000000000".into(), None),
    ];
    for promise in cases {
        let error = err(promise).await;
        assert_eq!(code(&error), "NOT_FOUND", "{}", message(&error));
        assert_eq!(get(&error, "status").as_f64(), Some(404.0));
        assert!(!prop(&error, "serverMessage").is_empty(), "{}", message(&error));
    }
}

#[wasm_bindgen_test]
async fn traversal_ids_stay_one_segment() {
    reset().await;
    let client = client();
    for (id, encoded) in [("../x", "/accounts/..%2Fx/flows"), ("a/b?c#d", "/accounts/a%2Fb%3Fc%23d/flows")] {
        let error = err(client.list_account_flows(id.into(), None)).await;
        assert_eq!(code(&error), "NOT_FOUND", "{id}");
        let path = requests().await.last().map(|r| r.path.clone()).unwrap_or_default();
        assert_eq!(path, encoded);
    }
}

#[wasm_bindgen_test]
async fn every_method_rejects_wrong_token() {
    reset().await;
    let client = client_with(&[("accessToken", "wrong-token-value".into())]);
    for (name, _, _, invoke) in endpoints() {
        let error = err(invoke(&client)).await;
        assert_eq!(code(&error), "UNAUTHORIZED", "{name}");
        assert_eq!(get(&error, "status").as_f64(), Some(401.0), "{name}");
        assert!(!message(&error).contains("wrong-token-value"), "{name}");
    }
}

#[wasm_bindgen_test]
async fn every_method_maps_status_codes() {
    let cases = [
        (403, "FORBIDDEN"),
        (429, "RATE_LIMITED"),
        (500, "SERVER_ERROR"),
        (503, "SERVER_ERROR"),
        (409, "HTTP_ERROR"),
        (400, "HTTP_ERROR"),
    ];
    for (name, method, path, invoke) in endpoints() {
        reset().await;
        let client = client();
        for (status, expected) in cases {
            fault(&json!({"method": method, "path": path, "kind": "respond", "status": status,
                "body": format!("{{\"statusCode\":{status},\"error\":\"E\",\"message\":\"scripted {status}\"}}")}).to_string()).await;
            let error = err(invoke(&client)).await;
            assert_eq!(code(&error), expected, "{name} {status}");
            assert_eq!(get(&error, "status").as_f64(), Some(f64::from(status)), "{name}");
            assert_eq!(prop(&error, "serverMessage"), format!("scripted {status}"), "{name}");
        }
    }
}

#[wasm_bindgen_test]
async fn every_method_rejects_malformed_json() {
    for (name, method, path, invoke) in endpoints() {
        if name == "renameAccount" {
            continue; // documented with an empty body, so any body is ignored
        }
        reset().await;
        fault(&json!({"method": method, "path": path, "kind": "malformed"}).to_string()).await;
        let error = err(invoke(&client())).await;
        assert_eq!(code(&error), "INVALID_RESPONSE", "{name}: {}", message(&error));
    }
}

#[wasm_bindgen_test]
async fn every_method_rejects_dropped_connection() {
    for (name, method, path, invoke) in endpoints() {
        reset().await;
        fault(&json!({"method": method, "path": path, "kind": "drop"}).to_string()).await;
        let error = err(invoke(&client())).await;
        assert_eq!(code(&error), "NETWORK", "{name}: {}", message(&error));
        assert!(get(&error, "status").is_undefined(), "{name}");
    }
}

#[wasm_bindgen_test]
async fn wrong_shape_names_the_field() {
    reset().await;
    fault(&json!({"method": "GET", "path": "/accounts", "kind": "respond", "status": 200,
        "body": "[{\"accountId\":\"a\",\"service\":\"s\"},{\"accountId\":7,\"service\":\"s\"}]"}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    assert_eq!(code(&error), "INVALID_RESPONSE");
    assert!(message(&error).contains("[1].accountId"), "{}", message(&error));
}

#[wasm_bindgen_test]
async fn html_error_body_is_quoted_short() {
    reset().await;
    fault(&json!({"method": "GET", "path": "/accounts", "kind": "respond", "status": 502,
        "body": "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    assert_eq!(code(&error), "SERVER_ERROR");
    assert_eq!(prop(&error, "serverMessage"), "502 Bad Gateway nginx");
}

#[wasm_bindgen_test]
async fn error_never_contains_token() {
    reset().await;
    let token = emulator_token();
    fault(&json!({"method": "GET", "path": "/accounts", "kind": "respond", "status": 400,
        "body": format!("{{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"token {token} looks odd\"}}")}).to_string()).await;
    let error = err(client().list_accounts(None)).await;
    assert!(!message(&error).contains(token), "{}", message(&error));
    assert!(!prop(&error, "serverMessage").contains(token));
}

#[wasm_bindgen_test]
async fn invalid_arguments_reject_before_any_request() {
    reset().await;
    let client = client();
    let number = JsValue::from_f64(5.0);
    let cases = vec![
        client.get_component_accounts("".into(), None),
        client.get_component_accounts(number.clone(), None),
        client.rename_account(SLACK_ACCOUNT.into(), "".into(), None),
        client.rename_account(JsValue::NULL, "x".into(), None),
        client.test_account(" ".into(), None),
        client.remove_account(JsValue::UNDEFINED, None),
        client.remove_account("..".into(), None),
        client.list_account_flows(number.clone(), None),
        client.get_auth_url(SLACK_TYPE.into(), "".into(), None),
        client.start_auth_session("".into(), "t:1".into(), None),
        client.get_auth_status(number.clone(), None),
        client.clear_component_account("".into(), None),
        client.assign_account(SLACK_COMPONENT.into(), "".into(), None),
        client.list_accounts(Some(object(&[("filter", number.clone())]).unchecked_into())),
        client.list_accounts(Some(JsValue::from_str("not an object").unchecked_into())),
        client.list_accounts(Some(object(&[("timeoutMs", JsValue::from_f64(-1.0))]).unchecked_into())),
        client.list_accounts(Some(object(&[("signal", "nope".into())]).unchecked_into())),
    ];
    for promise in cases {
        let error = err(promise).await;
        assert_eq!(code(&error), "INVALID_ARGUMENT", "{}", message(&error));
    }
    assert_eq!(requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn missing_token_rejects_before_any_request() {
    reset().await;
    let pairs = [("baseUrl", JsValue::from_str(emulator_url()))];
    let client = match AppmixerAccounts::new(object(&pairs).unchecked_into()) {
        Ok(client) => client,
        Err(error) => panic!("{}", message(&error)),
    };
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "INVALID_ARGUMENT");
    assert_eq!(requests().await.len(), 0);
    assert!(client.set_access_token(emulator_token().into()).is_ok());
    let accounts = ok(client.list_accounts(None)).await;
    assert!(js_sys::Array::is_array(&accounts));
}

#[wasm_bindgen_test]
fn constructor_rejects_bad_base_url() {
    for base in [JsValue::UNDEFINED, "".into(), "api.appmixer.com".into(), "https://u:p@host".into(), JsValue::from_f64(1.0)] {
        let options = object(&[("baseUrl", base), ("accessToken", "t".into())]);
        match AppmixerAccounts::new(options.unchecked_into()) {
            Ok(_) => panic!("expected INVALID_ARGUMENT"),
            Err(error) => assert_eq!(code(&error), "INVALID_ARGUMENT"),
        }
    }
}

#[wasm_bindgen_test]
async fn network_error_for_closed_port() {
    // Port 9 (discard) on loopback has no listener here.
    let client = client_with(&[("baseUrl", "http://127.0.0.1:9".into())]);
    let error = err(client.list_accounts(None)).await;
    assert_eq!(code(&error), "NETWORK", "{}", message(&error));
}

#[wasm_bindgen_test]
async fn error_is_real_error_subclass() {
    reset().await;
    let error = err(client().test_account("000000000000000000000000".into(), None)).await;
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(error.is_instance_of::<appmixer_accounts::js_error::AppmixerError>());
    assert_eq!(prop(&error, "name"), "AppmixerError");
    assert!(prop(&error, "stack").contains("AppmixerError"), "{}", prop(&error, "stack"));
    assert!(message(&error).starts_with("testAccount failed with HTTP 404"), "{}", message(&error));
}
