//! Fault injection through `POST /__emulator/faults`.

mod common;

use appmixer_emulator::SLACK_ACCOUNT_ID;
use common::{read_until, start};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

#[tokio::test]
async fn respond_fault_sends_status_and_retry_after() {
    let server = start().await;
    server
        .add_fault(json!({
            "method": "GET", "path": "/accounts", "kind": "respond",
            "status": 503, "headers": { "Retry-After": "1" }
        }))
        .await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after").as_deref(), Some("1"));
    assert_eq!(reply.json()["error"], "Service Unavailable");
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        reply.header("access-control-expose-headers").as_deref(),
        Some("Retry-After")
    );
}

#[tokio::test]
async fn respond_fault_sends_raw_body() {
    let server = start().await;
    server
        .add_fault(json!({
            "method": "*", "path": "*", "kind": "respond",
            "status": 502, "body": "<html>Bad Gateway</html>"
        }))
        .await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(reply.status, 502);
    assert_eq!(reply.text(), "<html>Bad Gateway</html>");
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
}

#[tokio::test]
async fn fault_times_counts_requests() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "respond", "times": 2 }))
        .await;

    let first = server.call("GET", "/accounts", None).await;
    let second = server.call("GET", "/accounts", None).await;
    let third = server.call("GET", "/accounts", None).await;

    assert_eq!(first.status, 503);
    assert_eq!(second.status, 503);
    assert_eq!(third.status, 200);
}

#[tokio::test]
async fn faults_apply_in_order_added() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "*", "path": "/accounts", "kind": "respond", "status": 500 }))
        .await;
    server
        .add_fault(
            json!({ "method": "GET", "path": "/accounts", "kind": "respond", "status": 429 }),
        )
        .await;

    let first = server.call("GET", "/accounts", None).await;
    let second = server.call("GET", "/accounts", None).await;

    assert_eq!(first.status, 500);
    assert_eq!(second.status, 429);
}

#[tokio::test]
async fn fault_ignores_other_paths_and_methods() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "POST", "path": "/accounts", "kind": "respond" }))
        .await;

    let other_method = server.call("GET", "/accounts", None).await;
    let other_path = server.call("POST", "/auth/ticket", None).await;
    let pending = server.plain("GET", "/__emulator/faults", None).await.json();

    assert_eq!(other_method.status, 200);
    assert_eq!(other_path.status, 200);
    assert_eq!(pending.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn fault_matches_raw_encoded_path() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/auth/status/a%3Ab", "kind": "respond", "status": 500 }))
        .await;

    let reply = server.call("GET", "/auth/status/a%3Ab", None).await;

    assert_eq!(reply.status, 500);
}

#[tokio::test]
async fn wildcard_fault_spares_preflight() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "*", "path": "/accounts", "kind": "respond" }))
        .await;

    let preflight = server.plain("OPTIONS", "/accounts", None).await;
    let call = server.call("GET", "/accounts", None).await;

    assert_eq!(preflight.status, 204);
    assert_eq!(call.status, 503);
}

#[tokio::test]
async fn drop_fault_closes_without_response() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "drop" }))
        .await;

    let result = server
        .send(
            "GET",
            "/accounts",
            &[("authorization", "Bearer test-token")],
            None,
        )
        .await;
    let entry = server.settled_request(0).await;

    let error = result.expect_err("a response arrived");
    assert!(error.is_incomplete_message(), "error: {error}");
    assert_eq!(entry["outcome"], "dropped");
    assert_eq!(entry["status"], Value::Null);
}

#[tokio::test]
async fn drop_after_fault_applies_effect() {
    let server = start().await;
    let path = format!("/accounts/{SLACK_ACCOUNT_ID}");
    server
        .add_fault(json!({ "method": "PUT", "path": path, "kind": "drop-after" }))
        .await;

    let result = server
        .send(
            "PUT",
            &path,
            &[("authorization", "Bearer test-token")],
            Some(r#"{"displayName":"Lost response"}"#),
        )
        .await;
    let list = server.call("GET", "/accounts", None).await.json();

    assert!(result.is_err(), "a response arrived");
    assert_eq!(list[0]["displayName"], "Lost response");
}

#[tokio::test]
async fn malformed_fault_sends_invalid_json() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "malformed" }))
        .await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
}

#[tokio::test]
async fn delay_fault_holds_then_answers() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "delay", "delayMs": 300 }))
        .await;

    let started = Instant::now();
    let reply = server.call("GET", "/accounts", None).await;

    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn huge_fault_sends_over_20_mib() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "huge" }))
        .await;

    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(reply.status, 200);
    assert!(reply.body.len() > 20 * 1024 * 1024);
    assert!(reply.body.starts_with(b"{\"accounts\":[]"));
}

#[tokio::test]
async fn endless_fault_trickles_until_client_leaves() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "GET", "path": "/accounts", "kind": "endless" }))
        .await;

    let mut stream = server.raw_get("/accounts").await;
    let received = read_until(&mut stream, b"\r\n\r\n").await;
    let mut byte = [0u8; 1];
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut byte)).await;
    let pending = server.requests().await[0]["outcome"].clone();
    drop(stream);
    let entry = server.settled_request(0).await;

    assert!(received.starts_with(b"HTTP/1.1 200"));
    assert!(read.is_ok(), "no body byte within 2 s");
    assert_eq!(pending, "pending");
    assert_eq!(entry["outcome"], "client-closed");
    assert_eq!(entry["status"], 200);
}

#[tokio::test]
async fn client_closing_during_delay_is_logged() {
    let server = start().await;
    server
        .add_fault(
            json!({ "method": "GET", "path": "/accounts", "kind": "delay", "delayMs": 2000 }),
        )
        .await;

    let stream = server.raw_get("/accounts").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(stream);
    let entry = server.settled_request(0).await;

    assert_eq!(entry["outcome"], "client-closed");
    assert_eq!(entry["status"], Value::Null);
}

#[tokio::test]
async fn fault_validation_rejects_bad_input() {
    let server = start().await;
    let cases = [
        ("not JSON", "{".to_owned()),
        (
            "missing kind",
            json!({ "method": "GET", "path": "/accounts" }).to_string(),
        ),
        (
            "unknown kind",
            json!({ "method": "GET", "path": "*", "kind": "explode" }).to_string(),
        ),
        (
            "bad method",
            json!({ "method": "get", "path": "*", "kind": "drop" }).to_string(),
        ),
        (
            "relative path",
            json!({ "method": "GET", "path": "accounts", "kind": "drop" }).to_string(),
        ),
        (
            "path with query",
            json!({ "method": "GET", "path": "/accounts?x=1", "kind": "drop" }).to_string(),
        ),
        (
            "zero times",
            json!({ "method": "GET", "path": "*", "kind": "drop", "times": 0 }).to_string(),
        ),
        (
            "long delay",
            json!({ "method": "GET", "path": "*", "kind": "delay", "delayMs": 30001 }).to_string(),
        ),
        (
            "bad status",
            json!({ "method": "GET", "path": "*", "kind": "respond", "status": 99 }).to_string(),
        ),
        (
            "status on drop",
            json!({ "method": "GET", "path": "*", "kind": "drop", "status": 500 }).to_string(),
        ),
        (
            "bad header",
            json!({ "method": "GET", "path": "*", "kind": "respond", "headers": { "a b": "1" } })
                .to_string(),
        ),
        (
            "unknown field",
            json!({ "method": "GET", "path": "*", "kind": "drop", "count": 2 }).to_string(),
        ),
    ];

    for (case, body) in cases {
        let reply = server
            .plain("POST", "/__emulator/faults", Some(&body))
            .await;
        assert_eq!(reply.status, 400, "case {case}: {}", reply.text());
        assert_eq!(reply.json()["statusCode"], 400, "case {case}");
    }
}

#[tokio::test]
async fn fault_clear_removes_pending() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "*", "path": "*", "kind": "drop" }))
        .await;

    let cleared = server.plain("DELETE", "/__emulator/faults", None).await;
    let reply = server.call("GET", "/accounts", None).await;

    assert_eq!(cleared.status, 204);
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn admin_paths_ignore_faults() {
    let server = start().await;
    server
        .add_fault(json!({ "method": "*", "path": "*", "kind": "drop" }))
        .await;

    let health = server.plain("GET", "/__emulator/health", None).await;

    assert_eq!(health.status, 200);
}
