//! The admin API, the request log, CORS and the command-line binary.

mod common;

use appmixer_emulator::SLACK_ACCOUNT_ID;
use common::start;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn health_returns_ok() {
    let server = start().await;

    let reply = server.plain("GET", "/__emulator/health", None).await;

    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "ok");
}

#[tokio::test]
async fn request_log_records_in_order() {
    let server = start().await;

    server
        .call("GET", "/accounts?filter=label:Slack", None)
        .await;
    server.plain("GET", "/accounts", None).await;
    server.call("POST", "/accounts/a%2Fb/test", None).await;
    let entries = server.requests().await;

    assert_eq!(
        entries,
        vec![
            json!({ "method": "GET", "path": "/accounts", "query": "filter=label:Slack",
                    "status": 200, "outcome": "completed", "authorization": true }),
            json!({ "method": "GET", "path": "/accounts", "query": null,
                    "status": 401, "outcome": "completed", "authorization": false }),
            json!({ "method": "POST", "path": "/accounts/a%2Fb/test", "query": null,
                    "status": 404, "outcome": "completed", "authorization": true }),
        ]
    );
}

#[tokio::test]
async fn request_log_skips_admin_calls() {
    let server = start().await;

    server.plain("GET", "/__emulator/state", None).await;
    server.plain("GET", "/__emulator/health", None).await;

    assert_eq!(server.requests().await, Vec::<Value>::new());
}

#[tokio::test]
async fn request_log_records_preflight() {
    let server = start().await;

    server
        .send(
            "OPTIONS",
            "/accounts",
            &[
                ("origin", "http://127.0.0.1:9"),
                ("access-control-request-method", "GET"),
            ],
            None,
        )
        .await
        .unwrap();
    let entries = server.requests().await;

    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["method"], "OPTIONS");
    assert_eq!(entries[0]["status"], 204);
}

#[tokio::test]
async fn request_log_clear_empties_it() {
    let server = start().await;
    server.call("GET", "/accounts", None).await;

    let cleared = server.plain("DELETE", "/__emulator/requests", None).await;
    let entries = server.requests().await;

    assert_eq!(cleared.status, 204);
    assert!(entries.is_empty());
}

#[tokio::test]
async fn cors_preflight_allows_auth_header() {
    let server = start().await;

    let reply = server
        .send(
            "OPTIONS",
            "/accounts/x",
            &[
                ("origin", "http://127.0.0.1:9"),
                ("access-control-request-method", "PUT"),
                (
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
        .await
        .unwrap();

    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    let methods = reply.header("access-control-allow-methods").unwrap();
    for method in ["GET", "POST", "PUT", "DELETE", "OPTIONS"] {
        assert!(methods.contains(method), "{method} missing from {methods}");
    }
    let headers = reply.header("access-control-allow-headers").unwrap();
    assert!(headers.contains("Authorization"), "headers {headers}");
    assert!(headers.contains("Content-Type"), "headers {headers}");
}

#[tokio::test]
async fn cors_headers_on_errors() {
    let server = start().await;

    let unauthorized = server.plain("GET", "/accounts", None).await;
    let not_found = server.call("GET", "/nowhere", None).await;

    assert_eq!(
        unauthorized
            .header("access-control-allow-origin")
            .as_deref(),
        Some("*")
    );
    assert_eq!(
        not_found.header("access-control-expose-headers").as_deref(),
        Some("Retry-After")
    );
}

#[tokio::test]
async fn reset_restores_seed() {
    let server = start().await;
    server
        .call("DELETE", &format!("/accounts/{SLACK_ACCOUNT_ID}"), None)
        .await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "respond" }))
        .await;
    server
        .plain("POST", "/__emulator/auth", Some(r#"{"mode":"deny"}"#))
        .await;

    let reset = server.plain("POST", "/__emulator/reset", None).await;
    let entries = server.requests().await;
    let list = server.call("GET", "/accounts", None).await;
    let state = server.plain("GET", "/__emulator/state", None).await.json();

    assert_eq!(reset.status, 204);
    assert!(entries.is_empty());
    assert_eq!(list.status, 200);
    assert_eq!(list.json().as_array().unwrap().len(), 2);
    assert_eq!(state["authBehaviour"]["default"]["mode"], "approve");
    assert_eq!(state["flows"][0]["state"], "running");
}

#[tokio::test]
async fn state_lists_tickets() {
    let server = start().await;
    let ticket = server.call("POST", "/auth/ticket", None).await.json()["ticket"].clone();

    let state = server.plain("GET", "/__emulator/state", None).await.json();

    let recorded = &state["tickets"][0];
    assert_eq!(recorded["ticket"], ticket);
    assert_eq!(recorded["started"], false);
    assert_eq!(recorded["finished"], false);
}

#[tokio::test]
async fn invalid_mark_can_be_undone() {
    let server = start().await;
    let path = format!("/__emulator/accounts/{SLACK_ACCOUNT_ID}/invalid");
    server
        .plain("POST", &path, Some(r#"{"reason":"expired"}"#))
        .await;

    server
        .plain("POST", &path, Some(r#"{"reason":null}"#))
        .await;
    let reply = server
        .call("POST", &format!("/accounts/{SLACK_ACCOUNT_ID}/test"), None)
        .await;

    assert_eq!(reply.json()[appmixer_emulator::SLACK_TOKEN_ID], "valid");
}

#[tokio::test]
async fn invalid_mark_rejects_bad_input() {
    let server = start().await;
    let path = format!("/__emulator/accounts/{SLACK_ACCOUNT_ID}/invalid");

    let missing = server.plain("POST", &path, Some("{}")).await;
    let empty = server.plain("POST", &path, Some(r#"{"reason":""}"#)).await;
    let unknown = server
        .plain(
            "POST",
            "/__emulator/accounts/nobody/invalid",
            Some(r#"{"reason":"x"}"#),
        )
        .await;

    assert_eq!(missing.status, 400);
    assert_eq!(empty.status, 400);
    assert_eq!(unknown.status, 404);
}

/// Starts the binary, reads its address line, calls it and stops it with SIGTERM.
#[test]
fn binary_announces_address_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_appmixer-emulator"))
        .args(["--listen", "127.0.0.1:0", "--token", "cli-token"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim_end()
        .strip_prefix("appmixer-emulator listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();

    let health = std::net::TcpStream::connect(&address).map(|mut stream| {
        use std::io::{Read, Write};
        stream
            .write_all(b"GET /__emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    });
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut exit = None;
    for _ in 0..50 {
        exit = child.try_wait().unwrap();
        if exit.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if exit.is_none() {
        child.kill().unwrap();
    }

    assert!(address.starts_with("127.0.0.1:"), "address {address}");
    assert!(health.unwrap().ends_with("ok"));
    assert!(killed.success());
    assert!(exit.is_some_and(|status| status.success()), "exit {exit:?}");
}
