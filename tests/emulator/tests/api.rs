//! The documented Accounts API endpoints against the seed data.

mod common;

use appmixer_emulator::{
    FLOW_IDS, PIPEDRIVE_ACCOUNT_ID, SLACK_ACCOUNT_ID, SLACK_COMPONENT_ID, SLACK_TOKEN_ID,
};
use common::{start, SLACK_TYPE, TOKEN};
use serde_json::{json, Value};

#[tokio::test]
async fn accounts_list_matches_seed() {
    let server = start().await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(reply.status, 200);
    let expected = json!([
        {
            "accountId": "5a6e21f3b266224186ac7d03",
            "name": "U0UFJ0MFG - client IO",
            "displayName": "client IO",
            "service": "appmixer:slack",
            "userId": "58593f07c3ee4f239dc69ff7",
            "profileInfo": { "id": "U0UFJ0MFG - client IO" },
            "icon": "data:image/png;base64,...rkJggg==",
            "label": "Slack"
        },
        {
            "accountId": "5a7313abb3a60729efe76f1e",
            "name": "t.o.mas@client.io",
            "displayName": null,
            "service": "appmixer:pipedrive",
            "userId": "58593f07c3ee4f239dc69ff7",
            "profileInfo": { "name": "tomas", "email": "t.o.mas@client.io" },
            "icon": "data:image/png;base64,...rkJggg==",
            "label": "Pipedrive"
        }
    ]);
    assert_eq!(reply.json(), expected);
}

#[tokio::test]
async fn accounts_list_sends_json_content_type() {
    let server = start().await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
}

#[tokio::test]
async fn auth_component_type_matches_seed() {
    let server = start().await;

    let reply = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}?componentId={SLACK_COMPONENT_ID}"),
            None,
        )
        .await;

    assert_eq!(reply.status, 200);
    let expected = json!({
        "componentType": "appmixer.slack.list.SendChannelMessage",
        "auth": {
            "accounts": {
                "5a6e21f3b266224186ac7d03": {
                    "accessTokenValid": true,
                    "accountId": "5a6e21f3b266224186ac7d03",
                    "tokenId": "5a6e21f3b266224186ac7d04",
                    "componentAssigned": true,
                    "componentId": "e25dc901-f92a-46a2-8d29-2573d4ad65e5",
                    "scopeValid": true,
                    "authorizedScope": ["channels:read", "chat:write:user"],
                    "name": "U0UFJ0MFG - client IO",
                    "displayName": "client IO"
                }
            }
        }
    });
    assert_eq!(reply.json(), expected);
}

#[tokio::test]
async fn auth_component_type_other_component_not_assigned() {
    let server = start().await;

    let reply = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}?componentId=other"),
            None,
        )
        .await;

    let account = &reply.json()["auth"]["accounts"][SLACK_ACCOUNT_ID];
    assert_eq!(account["componentAssigned"], false);
    assert_eq!(account["componentId"], SLACK_COMPONENT_ID);
}

#[tokio::test]
async fn auth_component_type_without_accounts_is_empty() {
    let server = start().await;

    let reply = server
        .call("GET", "/auth/appmixer.google.gmail.SendEmail", None)
        .await;

    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["auth"]["accounts"], json!({}));
}

#[tokio::test]
async fn auth_component_type_unknown_is_404() {
    let server = start().await;

    let reply = server.call("GET", "/auth/no.such.Component", None).await;

    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"], "Not Found");
}

#[tokio::test]
async fn auth_missing_token_is_401() {
    let server = start().await;

    let reply = server.plain("GET", "/accounts", None).await;

    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.json(),
        json!({ "statusCode": 401, "error": "Unauthorized", "message": "Missing authentication" })
    );
}

#[tokio::test]
async fn auth_wrong_token_is_401() {
    let server = start().await;

    let reply = server
        .send(
            "GET",
            "/accounts",
            &[("authorization", "Bearer demo-token")],
            None,
        )
        .await
        .unwrap();

    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["message"], "Invalid token");
}

#[tokio::test]
async fn auth_wrong_scheme_is_401() {
    let server = start().await;
    let basic = format!("Basic {TOKEN}");

    let reply = server
        .send(
            "GET",
            "/accounts",
            &[("authorization", basic.as_str())],
            None,
        )
        .await
        .unwrap();

    assert_eq!(reply.status, 401);
}

#[tokio::test]
async fn unknown_account_is_boom_404() {
    let server = start().await;

    let reply = server
        .call("POST", "/accounts/000000000000000000000000/test", None)
        .await;

    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({
            "statusCode": 404,
            "error": "Not Found",
            "message": "Account 000000000000000000000000 not found."
        })
    );
}

#[tokio::test]
async fn unknown_path_is_boom_404() {
    let server = start().await;

    let reply = server.call("GET", "/no/such/path", None).await;

    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["statusCode"], 404);
}

#[tokio::test]
async fn wrong_method_is_boom_404() {
    let server = start().await;

    let reply = server.call("PATCH", "/accounts", None).await;

    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"], "Not Found");
}

#[tokio::test]
async fn encoded_slash_stays_one_segment() {
    let server = start().await;

    let reply = server.call("POST", "/accounts/..%2Fx/test", None).await;

    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["message"], "Account ../x not found.");
}

#[tokio::test]
async fn encoded_query_and_fragment_stay_in_id() {
    let server = start().await;

    let reply = server
        .call("GET", "/accounts/a%2Fb%3Fc%23d/flows", None)
        .await;

    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["message"], "Account a/b?c#d not found.");
}

#[tokio::test]
async fn encoded_account_id_is_decoded_once() {
    let server = start().await;

    let reply = server
        .call("POST", "/accounts/5a6e21f3b266224186ac7d0%33/test", None)
        .await;

    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn rename_returns_empty_200() {
    let server = start().await;

    let reply = server
        .call(
            "PUT",
            &format!("/accounts/{SLACK_ACCOUNT_ID}"),
            Some(r#"{"displayName":"My Account Name"}"#),
        )
        .await;

    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty(), "body: {}", reply.text());
}

#[tokio::test]
async fn rename_shows_in_list() {
    let server = start().await;

    server
        .call(
            "PUT",
            &format!("/accounts/{PIPEDRIVE_ACCOUNT_ID}"),
            Some(r#"{"displayName":"Sales"}"#),
        )
        .await;
    let list = server.call("GET", "/accounts", None).await.json();

    assert_eq!(list[1]["displayName"], "Sales");
}

#[tokio::test]
async fn rename_rejects_bad_bodies() {
    let server = start().await;
    let long_name = format!(r#"{{"displayName":"{}"}}"#, "x".repeat(257));
    let cases = [
        ("not JSON", "{displayName"),
        ("empty body", ""),
        ("missing field", "{}"),
        ("empty string", r#"{"displayName":""}"#),
        ("blank string", r#"{"displayName":"   "}"#),
        ("number", r#"{"displayName":42}"#),
        ("null", r#"{"displayName":null}"#),
        ("array body", r#"["x"]"#),
        ("unknown field", r#"{"displayName":"x","name":"y"}"#),
        ("257 characters", long_name.as_str()),
    ];

    for (case, body) in cases {
        let reply = server
            .call("PUT", &format!("/accounts/{SLACK_ACCOUNT_ID}"), Some(body))
            .await;
        assert_eq!(reply.status, 400, "case {case}: {}", reply.text());
        assert_eq!(reply.json()["error"], "Bad Request", "case {case}");
    }
}

#[tokio::test]
async fn rename_accepts_256_characters() {
    let server = start().await;
    let body = format!(r#"{{"displayName":"{}"}}"#, "é".repeat(256));

    let reply = server
        .call("PUT", &format!("/accounts/{SLACK_ACCOUNT_ID}"), Some(&body))
        .await;

    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn rename_unknown_account_is_404() {
    let server = start().await;

    let reply = server
        .call("PUT", "/accounts/unknown", Some(r#"{"displayName":"x"}"#))
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn test_account_reports_valid() {
    let server = start().await;

    let reply = server
        .call("POST", &format!("/accounts/{SLACK_ACCOUNT_ID}/test"), None)
        .await;

    assert_eq!(reply.json(), json!({ SLACK_TOKEN_ID: "valid" }));
}

#[tokio::test]
async fn test_account_reports_invalid_reason() {
    let server = start().await;
    let reason = "invalid_grant: token revoked";

    let mark = server
        .plain(
            "POST",
            &format!("/__emulator/accounts/{SLACK_ACCOUNT_ID}/invalid"),
            Some(&json!({ "reason": reason }).to_string()),
        )
        .await;
    let reply = server
        .call("POST", &format!("/accounts/{SLACK_ACCOUNT_ID}/test"), None)
        .await;
    let auth = server
        .call("GET", &format!("/auth/{SLACK_TYPE}"), None)
        .await;

    assert_eq!(mark.status, 204);
    assert_eq!(reply.json(), json!({ SLACK_TOKEN_ID: reason }));
    assert_eq!(
        auth.json()["auth"]["accounts"][SLACK_ACCOUNT_ID]["accessTokenValid"],
        false
    );
}

#[tokio::test]
async fn flows_list_matches_seed() {
    let server = start().await;

    let reply = server
        .call("GET", &format!("/accounts/{SLACK_ACCOUNT_ID}/flows"), None)
        .await;

    assert_eq!(
        reply.json(),
        json!([
            { "flowId": "9251b4b6-4cdb-42ad-9431-1843e05307be", "name": "Flow #1" },
            { "flowId": "777d3024-43f6-4034-ac98-1cb5f320cb3a", "name": "Flow #2" },
            { "flowId": "9089f275-f5a5-4796-ba23-365412c5666e", "name": "Flow #3" }
        ])
    );
}

#[tokio::test]
async fn flows_of_unused_account_are_empty() {
    let server = start().await;

    let reply = server
        .call(
            "GET",
            &format!("/accounts/{PIPEDRIVE_ACCOUNT_ID}/flows"),
            None,
        )
        .await;

    assert_eq!(reply.json(), json!([]));
}

#[tokio::test]
async fn delete_returns_account_id() {
    let server = start().await;

    let reply = server
        .call("DELETE", &format!("/accounts/{SLACK_ACCOUNT_ID}"), None)
        .await;

    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({ "accountId": SLACK_ACCOUNT_ID }));
}

#[tokio::test]
async fn delete_cascades_to_assignments_and_flows() {
    let server = start().await;

    server
        .call("DELETE", &format!("/accounts/{SLACK_ACCOUNT_ID}"), None)
        .await;
    let state = server.plain("GET", "/__emulator/state", None).await.json();
    let list = server.call("GET", "/accounts", None).await.json();
    let again = server
        .call("DELETE", &format!("/accounts/{SLACK_ACCOUNT_ID}"), None)
        .await;

    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(state["assignments"], json!({}));
    for flow in state["flows"].as_array().unwrap() {
        assert_eq!(flow["state"], "stopped", "flow {}", flow["flowId"]);
    }
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn filter_keeps_service() {
    let server = start().await;

    let list = server
        .call("GET", "/accounts?filter=service:appmixer:slack", None)
        .await
        .json();

    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["accountId"], SLACK_ACCOUNT_ID);
}

#[tokio::test]
async fn filter_negation_excludes_service() {
    let server = start().await;

    let list = server
        .call("GET", "/accounts?filter=service:!appmixer:slack", None)
        .await
        .json();

    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["accountId"], PIPEDRIVE_ACCOUNT_ID);
}

#[tokio::test]
async fn filters_combine_with_and() {
    let server = start().await;

    let both = server
        .call(
            "GET",
            "/accounts?filter=service:!appmixer:aws&filter=label:Pipedrive",
            None,
        )
        .await
        .json();
    let none = server
        .call(
            "GET",
            "/accounts?filter=service:appmixer:slack&filter=label:Pipedrive",
            None,
        )
        .await
        .json();

    assert_eq!(both.as_array().unwrap().len(), 1);
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn filter_percent_encoded_value_matches() {
    let server = start().await;

    let list = server
        .call("GET", "/accounts?filter=name%3At.o.mas%40client.io", None)
        .await
        .json();

    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn filter_invalid_syntax_is_400() {
    let server = start().await;

    for filter in ["service", "color:red", "service:", "service:!"] {
        let reply = server
            .call("GET", &format!("/accounts?filter={filter}"), None)
            .await;
        assert_eq!(reply.status, 400, "filter {filter}");
    }
}

#[tokio::test]
async fn assign_component_returns_ids() {
    let server = start().await;

    let reply = server
        .call(
            "PUT",
            &format!("/auth/component/new-component/{PIPEDRIVE_ACCOUNT_ID}"),
            None,
        )
        .await;

    assert_eq!(
        reply.json(),
        json!({ "accountId": PIPEDRIVE_ACCOUNT_ID, "componentId": "new-component" })
    );
}

#[tokio::test]
async fn assign_component_unknown_account_is_404() {
    let server = start().await;

    let reply = server
        .call("PUT", "/auth/component/new-component/unknown", None)
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn clear_component_removes_assignment() {
    let server = start().await;

    let reply = server
        .call(
            "DELETE",
            &format!("/auth/component/{SLACK_COMPONENT_ID}"),
            None,
        )
        .await;
    let auth = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}?componentId={SLACK_COMPONENT_ID}"),
            None,
        )
        .await
        .json();

    assert_eq!(reply.json(), json!({ "componentId": SLACK_COMPONENT_ID }));
    let account = &auth["auth"]["accounts"][SLACK_ACCOUNT_ID];
    assert_eq!(account["componentAssigned"], false);
    assert_eq!(account["componentId"], Value::Null);
}

#[tokio::test]
async fn clear_component_unknown_is_404() {
    let server = start().await;

    let reply = server
        .call("DELETE", "/auth/component/never-seen", None)
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn clear_component_assigned_earlier_is_known() {
    let server = start().await;

    server
        .call(
            "PUT",
            &format!("/auth/component/c1/{SLACK_ACCOUNT_ID}"),
            None,
        )
        .await;
    server.call("DELETE", "/auth/component/c1", None).await;
    let again = server.call("DELETE", "/auth/component/c1", None).await;

    assert_eq!(again.status, 200);
}

#[tokio::test]
async fn seed_flow_ids_are_exported() {
    let server = start().await;

    let state = server.plain("GET", "/__emulator/state", None).await.json();

    let ids: Vec<&str> = state["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flow| flow["flowId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, FLOW_IDS);
}
