//! Test harness: starts the real emulator in-process on 127.0.0.1:0 and talks
//! to it over real HTTP/1.1 connections, one connection per request.

#![allow(dead_code)]

use appmixer_emulator::Emulator;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

pub const TOKEN: &str = "test-token";
pub const SLACK_TYPE: &str = "appmixer.slack.list.SendChannelMessage";
pub const GMAIL_TYPE: &str = "appmixer.google.gmail.SendEmail";
pub const PIPEDRIVE_TYPE: &str = "appmixer.pipedrive.people.CreatePerson";

/// A running emulator; dropping it stops the server.
pub struct TestServer {
    pub addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

/// A fully read response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("body is not JSON ({error}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    }
}

pub async fn start() -> TestServer {
    let emulator = Emulator::bind("127.0.0.1:0", TOKEN).await.unwrap();
    let addr = emulator.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(emulator.run(async {
        let _ = stopped.await;
    }));
    TestServer { addr, _stop: stop }
}

impl TestServer {
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends a request with the given headers; the error is hyper's when the
    /// connection closed without a complete response.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, hyper::Error> {
        let stream = TcpStream::connect(self.addr).await.unwrap();
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(connection);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.addr.to_string());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
            .unwrap();
        let response = sender.send_request(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await?.to_bytes().to_vec();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    /// Sends an API call with the test token and a JSON content type.
    pub async fn call(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        let authorization = format!("Bearer {TOKEN}");
        self.send(
            method,
            path,
            &[
                ("authorization", authorization.as_str()),
                ("content-type", "application/json"),
            ],
            body,
        )
        .await
        .unwrap()
    }

    /// Sends a request without a token, as a browser page or the admin client does.
    pub async fn plain(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        self.send(method, path, &[("content-type", "application/json")], body)
            .await
            .unwrap()
    }

    pub async fn add_fault(&self, fault: Value) {
        let reply = self
            .plain("POST", "/__emulator/faults", Some(&fault.to_string()))
            .await;
        assert_eq!(reply.status, 201, "fault rejected: {}", reply.text());
    }

    pub async fn requests(&self) -> Vec<Value> {
        match self.plain("GET", "/__emulator/requests", None).await.json() {
            Value::Array(entries) => entries,
            other => panic!("request log is not an array: {other}"),
        }
    }

    /// Polls the request log until entry `index` is no longer pending, for at most 3 s.
    pub async fn settled_request(&self, index: usize) -> Value {
        for _ in 0..60 {
            let entries = self.requests().await;
            if let Some(entry) = entries.get(index) {
                if entry["outcome"] != "pending" {
                    return entry.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("request {index} still pending: {:?}", self.requests().await);
    }

    /// Opens a raw connection and writes a GET with the test token.
    pub async fn raw_get(&self, path: &str) -> TcpStream {
        let mut stream = TcpStream::connect(self.addr).await.unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        stream
    }

    /// Creates a ticket, requests its auth URL and starts the session. Returns
    /// the ticket and the auth URL's path and query.
    pub async fn begin_session(&self, component_type: &str) -> (String, String) {
        let ticket = self.call("POST", "/auth/ticket", None).await.json()["ticket"]
            .as_str()
            .unwrap()
            .to_owned();
        let encoded = encode(&ticket);
        let url = self
            .call(
                "GET",
                &format!("/auth/{component_type}/auth-url/{encoded}"),
                None,
            )
            .await
            .json()["authUrl"]
            .as_str()
            .unwrap()
            .to_owned();
        let start = self
            .call(
                "PUT",
                &format!("/auth/{component_type}/ticket/{encoded}"),
                None,
            )
            .await;
        assert_eq!(start.status, 200, "start failed: {}", start.text());
        let path = url
            .strip_prefix(&self.origin())
            .unwrap_or_else(|| panic!("auth URL {url} is not on {}", self.origin()))
            .to_owned();
        (ticket, path)
    }

    /// Follows redirects from `path` (at most 5), returning the last reply.
    pub async fn follow(&self, path: &str) -> Reply {
        let mut path = path.to_owned();
        for _ in 0..5 {
            let reply = self.plain("GET", &path, None).await;
            let Some(location) = reply.header("location") else {
                return reply;
            };
            path = location
                .strip_prefix(&self.origin())
                .unwrap_or(&location)
                .to_owned();
        }
        panic!("too many redirects from {path}");
    }

    pub async fn status_of(&self, ticket: &str) -> Value {
        self.call("GET", &format!("/auth/status/{}", encode(ticket)), None)
            .await
            .json()
    }
}

/// Percent-encodes one path segment or query value.
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Reads from a raw connection until `needle` appears or 3 s pass.
pub async fn read_until(stream: &mut TcpStream, needle: &[u8]) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while !received
        .windows(needle.len())
        .any(|window| window == needle)
    {
        let read = tokio::time::timeout_at(deadline, stream.read(&mut buffer))
            .await
            .expect("timed out reading the response")
            .unwrap();
        if read == 0 {
            break;
        }
        received.extend_from_slice(&buffer[..read]);
    }
    received
}
