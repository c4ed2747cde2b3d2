//! Error bodies in the shape hapi's Boom library gives them, which is what the
//! real Appmixer API (a hapi server) sends for every failed request.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error that renders as `{"statusCode", "error", "message"}` with the matching status.
#[derive(Debug, Clone)]
pub struct Boom {
    pub status: StatusCode,
    pub message: String,
    /// `WWW-Authenticate` value, set on 401 responses as hapi's auth plugins do.
    pub authenticate: Option<&'static str>,
}

impl Boom {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Boom {
            status,
            message: message.into(),
            authenticate: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Boom::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Boom::new(StatusCode::NOT_FOUND, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Boom {
            authenticate: Some("Bearer"),
            ..Boom::new(StatusCode::UNAUTHORIZED, message)
        }
    }

    /// Serializes the Boom body; `error` is the status's reason phrase, as in Boom.
    pub fn body(status: StatusCode, message: &str) -> String {
        json!({
            "statusCode": status.as_u16(),
            "error": status.canonical_reason().unwrap_or("Unknown"),
            "message": message,
        })
        .to_string()
    }
}

impl IntoResponse for Boom {
    fn into_response(self) -> Response {
        tracing::info!("rejected with {}: {}", self.status.as_u16(), self.message);
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            Boom::body(self.status, &self.message),
        )
            .into_response();
        if let Some(scheme) = self.authenticate {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(scheme));
        }
        response
    }
}
