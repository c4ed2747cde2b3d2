//! Authentication sessions end to end: ticket, auth URL, start, the fake
//! provider or API-key form, the callback page and the status endpoint.

mod common;

use common::{encode, start, GMAIL_TYPE, PIPEDRIVE_TYPE, SLACK_TYPE};
use serde_json::{json, Value};

#[tokio::test]
async fn ticket_has_user_id_and_uuid() {
    let server = start().await;

    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let (user, uuid) = ticket.split_once(':').unwrap();
    assert_eq!(user, "58593f07c3ee4f239dc69ff7");
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4", "uuid version in {uuid}");
}

#[tokio::test]
async fn auth_url_points_at_fake_provider() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}/auth-url/{ticket}?componentId=c1"),
            None,
        )
        .await;

    let origin = server.origin();
    let expected = format!(
        "{origin}/__provider/oauth/authorize?response_type=code&client_id=25316748213.218351034294\
         &redirect_uri={}&state={}&scope=channels%3Aread%2Cchat%3Awrite%3Auser",
        encode(&format!("{origin}/auth/slack/callback")),
        encode(&ticket)
    );
    assert_eq!(reply.json(), json!({ "authUrl": expected }));
}

#[tokio::test]
async fn auth_url_accepts_encoded_colon() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}/auth-url/{}", encode(&ticket)),
            None,
        )
        .await;

    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn auth_url_for_api_key_points_at_form() {
    let server = start().await;

    let (ticket, path) = server.begin_session(PIPEDRIVE_TYPE).await;

    assert_eq!(
        path,
        format!("/auth/pipedrive/form?ticket={}", encode(&ticket))
    );
}

#[tokio::test]
async fn auth_url_unknown_ticket_is_404() {
    let server = start().await;

    let reply = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}/auth-url/58593f07c3ee4f239dc69ff7:nope"),
            None,
        )
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn auth_url_unknown_component_type_is_404() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = server
        .call(
            "GET",
            &format!("/auth/no.such.Type/auth-url/{ticket}"),
            None,
        )
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn start_session_returns_service() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = server
        .call("PUT", &format!("/auth/{SLACK_TYPE}/ticket/{ticket}"), None)
        .await;

    assert_eq!(reply.json(), json!({ "service": "appmixer:slack" }));
}

#[tokio::test]
async fn start_session_unknown_ticket_is_404() {
    let server = start().await;

    let reply = server
        .call("PUT", &format!("/auth/{SLACK_TYPE}/ticket/x:y"), None)
        .await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn status_of_new_ticket_is_unfinished() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();

    let status = server.status_of(&ticket).await;

    assert_eq!(status["finished"], false);
    assert_eq!(status["accountId"], Value::Null);
    assert_eq!(status["tokenId"], Value::Null);
    assert_eq!(status["error"], Value::Null);
    assert!(status["updatedAt"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn status_unknown_ticket_is_404() {
    let server = start().await;

    let reply = server.call("GET", "/auth/status/x%3Ay", None).await;

    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn approve_flow_creates_account() {
    let server = start().await;
    let (ticket, path) = server.begin_session(GMAIL_TYPE).await;

    let page = server.follow(&path).await;
    let status = server.status_of(&ticket).await;
    let accounts = server
        .call("GET", &format!("/auth/{GMAIL_TYPE}"), None)
        .await
        .json();

    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains(&format!("\"appmixer.auth.success.{ticket}\"")),
        "page: {}",
        page.text()
    );
    assert!(page.text().contains("window.opener.postMessage"));
    assert!(page.text().contains("You can close this window"));
    assert_eq!(status["finished"], true);
    assert_eq!(status["error"], Value::Null);
    let account_id = status["accountId"].as_str().unwrap();
    assert_eq!(account_id.len(), 24);
    let account = &accounts["auth"]["accounts"][account_id];
    assert_eq!(account["tokenId"], status["tokenId"]);
    assert_eq!(account["scopeValid"], true);
}

#[tokio::test]
async fn approve_flow_adds_to_account_list() {
    let server = start().await;
    let (_, path) = server.begin_session(SLACK_TYPE).await;

    server.follow(&path).await;
    let list = server.call("GET", "/accounts", None).await.json();

    let added = &list[2];
    assert_eq!(added["service"], "appmixer:slack");
    assert_eq!(added["label"], "Slack");
    assert!(added["name"].as_str().unwrap().ends_with("@example.com"));
}

#[tokio::test]
async fn provider_redirects_with_code_and_state() {
    let server = start().await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;

    let reply = server.plain("GET", &path, None).await;

    assert_eq!(reply.status, 302);
    let location = reply.header("location").unwrap();
    let expected_prefix = format!("{}/auth/slack/callback?code=", server.origin());
    assert!(
        location.starts_with(&expected_prefix),
        "location {location}"
    );
    assert!(location.ends_with(&format!("&state={}", encode(&ticket))));
}

#[tokio::test]
async fn deny_flow_records_error() {
    let server = start().await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"mode":"deny"}"#))
        .await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;

    let page = server.follow(&path).await;
    let status = server.status_of(&ticket).await;
    let list = server.call("GET", "/accounts", None).await.json();

    assert!(page
        .text()
        .contains(&format!("\"appmixer.auth.failure.{ticket}\"")));
    assert_eq!(status["finished"], true);
    assert_eq!(status["error"], "access_denied");
    assert_eq!(status["accountId"], Value::Null);
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn callback_without_start_fails_session() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = server
        .call(
            "GET",
            &format!("/auth/{SLACK_TYPE}/auth-url/{ticket}"),
            None,
        )
        .await
        .json()["authUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = url.strip_prefix(&server.origin()).unwrap().to_owned();

    let page = server.follow(&path).await;
    let status = server.status_of(&ticket).await;

    assert!(page.text().contains("appmixer.auth.failure."));
    assert_eq!(status["finished"], true);
    assert_eq!(status["error"], "authentication session was not started");
}

#[tokio::test]
async fn callback_unknown_ticket_shows_error_only() {
    let server = start().await;

    let page = server
        .plain(
            "GET",
            "/auth/slack/callback?code=x&state=nobody%3Aknows",
            None,
        )
        .await;

    assert_eq!(page.status, 404);
    assert!(!page.text().contains("postMessage"));
}

#[tokio::test]
async fn callback_invented_code_fails_session() {
    let server = start().await;
    let (ticket, _) = server.begin_session(SLACK_TYPE).await;

    server
        .plain(
            "GET",
            &format!(
                "/auth/slack/callback?code=invented&state={}",
                encode(&ticket)
            ),
            None,
        )
        .await;
    let status = server.status_of(&ticket).await;

    assert_eq!(status["error"], "invalid_grant: unknown authorization code");
}

#[tokio::test]
async fn callback_escapes_error_in_html() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"]
        .as_str()
        .unwrap()
        .to_owned();
    let hostile = "</script><b>\"'";
    let path = format!(
        "/auth/slack/callback?error={}&state={}",
        encode(hostile),
        encode(&ticket)
    );

    let page = server.plain("GET", &path, None).await.text();

    assert!(!page.contains("</script><b>"), "page: {page}");
    assert!(page.contains("&lt;/script&gt;&lt;b&gt;&quot;&#39;"));
}

#[tokio::test]
async fn callback_twice_keeps_first_result() {
    let server = start().await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;
    server.follow(&path).await;
    let first = server.status_of(&ticket).await;

    let again = server
        .plain(
            "GET",
            &format!("/auth/slack/callback?error=late&state={}", encode(&ticket)),
            None,
        )
        .await;
    let second = server.status_of(&ticket).await;

    assert_eq!(again.status, 409);
    assert_eq!(second["accountId"], first["accountId"]);
}

#[tokio::test]
async fn manual_mode_serves_consent_page() {
    let server = start().await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"mode":"manual"}"#))
        .await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;

    let page = server.plain("GET", &path, None).await;

    assert_eq!(page.status, 200);
    assert!(page.text().contains("value=\"allow\""));
    assert!(page.text().contains("value=\"deny\""));
    let decide = format!(
        "/__provider/oauth/decide?client_id=25316748213.218351034294&redirect_uri={}&state={}&decision=allow",
        encode(&format!("{}/auth/slack/callback", server.origin())),
        encode(&ticket)
    );
    server.follow(&decide).await;
    assert_eq!(server.status_of(&ticket).await["finished"], true);
    assert_eq!(server.status_of(&ticket).await["error"], Value::Null);
}

#[tokio::test]
async fn provider_rejects_foreign_redirect_uri() {
    let server = start().await;
    let (ticket, _) = server.begin_session(SLACK_TYPE).await;
    let path = format!(
        "/__provider/oauth/authorize?response_type=code&client_id=25316748213.218351034294&redirect_uri={}&state={}",
        encode("http://localhost:1/auth/slack/callback"),
        encode(&ticket)
    );

    let reply = server.plain("GET", &path, None).await;

    assert_eq!(reply.status, 400);
    assert_eq!(reply.header("location"), None);
}

#[tokio::test]
async fn coop_mode_sends_opener_policy() {
    let server = start().await;
    server
        .plain(
            "POST",
            "/__emulator/auth",
            Some(r#"{"mode":"approve","coop":true,"service":"appmixer:slack"}"#),
        )
        .await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;

    let reply = server.plain("GET", &path, None).await;

    assert_eq!(
        reply.header("cross-origin-opener-policy").as_deref(),
        Some("same-origin")
    );
    assert!(reply.text().contains("window.location.replace("));
    assert!(reply.text().contains(&encode(&ticket)));
}

#[tokio::test]
async fn service_behaviour_leaves_others_alone() {
    let server = start().await;
    server
        .plain(
            "POST",
            "/__emulator/auth",
            Some(r#"{"mode":"deny","service":"appmixer:google"}"#),
        )
        .await;
    let (ticket, path) = server.begin_session(SLACK_TYPE).await;

    server.follow(&path).await;

    assert_eq!(server.status_of(&ticket).await["error"], Value::Null);
}

#[tokio::test]
async fn api_key_form_approve_creates_account() {
    let server = start().await;
    let (ticket, path) = server.begin_session(PIPEDRIVE_TYPE).await;

    let page = server.follow(&path).await;
    let status = server.status_of(&ticket).await;

    assert!(page.text().contains("appmixer.auth.success."));
    assert_eq!(status["finished"], true);
    assert_eq!(status["accountId"].as_str().unwrap().len(), 24);
}

#[tokio::test]
async fn api_key_form_manual_rejects_empty_key() {
    let server = start().await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"mode":"manual"}"#))
        .await;
    let (ticket, path) = server.begin_session(PIPEDRIVE_TYPE).await;

    let form = server.plain("GET", &path, None).await;
    let empty = server
        .send(
            "POST",
            "/auth/pipedrive/form",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(&format!("ticket={}&apiKey=", encode(&ticket))),
        )
        .await
        .unwrap();

    assert!(form.text().contains("name=\"apiKey\""));
    assert_eq!(empty.status, 400);
    assert!(empty.text().contains("Enter an API key."));
    assert_eq!(server.status_of(&ticket).await["finished"], false);
}

#[tokio::test]
async fn api_key_form_manual_submit_finishes_session() {
    let server = start().await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"mode":"manual"}"#))
        .await;
    let (ticket, _) = server.begin_session(PIPEDRIVE_TYPE).await;

    let submitted = server
        .send(
            "POST",
            "/auth/pipedrive/form",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(&format!("ticket={}&apiKey=secret", encode(&ticket))),
        )
        .await
        .unwrap();
    let location = submitted.header("location").unwrap();
    let page = server
        .follow(location.strip_prefix(&server.origin()).unwrap())
        .await;

    assert_eq!(submitted.status, 303);
    assert!(page.text().contains("appmixer.auth.success."));
    assert_eq!(server.status_of(&ticket).await["error"], Value::Null);
}

#[tokio::test]
async fn auth_behaviour_rejects_unknown_service() {
    let server = start().await;

    let reply = server
        .plain(
            "POST",
            "/__emulator/auth",
            Some(r#"{"mode":"deny","service":"appmixer:aws"}"#),
        )
        .await;

    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn auth_behaviour_delay_holds_redirect() {
    let server = start().await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"delayMs":300}"#))
        .await;
    let (_, path) = server.begin_session(SLACK_TYPE).await;

    let started = std::time::Instant::now();
    server.plain("GET", &path, None).await;

    assert!(started.elapsed().as_millis() >= 300);
}
