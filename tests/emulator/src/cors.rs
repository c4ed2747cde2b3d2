//! CORS for browser callers from any origin.
//!
//! The SDK's test page runs on another loopback port, so every response, including
//! Boom errors and fault-injected responses, carries these headers. The API uses
//! bearer tokens, not cookies, so `*` is enough and credentials stay disallowed.

use axum::http::{header, HeaderMap, HeaderValue, Method};

const ALLOWED_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
const ALLOWED_HEADERS: &str = "Authorization, Content-Type";
/// `Retry-After` is not a CORS-safelisted response header, so a browser hides it
/// from scripts unless it is exposed here.
const EXPOSED_HEADERS: &str = "Retry-After";
/// Seconds a browser may cache a preflight result.
const PREFLIGHT_MAX_AGE: &str = "600";

/// Returns whether the request gets a preflight response. Every OPTIONS request
/// does, whatever its path, and needs no bearer token.
pub fn is_preflight(method: &Method) -> bool {
    method == Method::OPTIONS
}

/// Adds the headers that every response carries.
pub fn add_response_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
}

/// Adds the headers that a preflight response carries on top of the common ones.
pub fn add_preflight_headers(headers: &mut HeaderMap) {
    add_response_headers(headers);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_HEADERS),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(PREFLIGHT_MAX_AGE),
    );
}
