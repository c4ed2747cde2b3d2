//! The SDK's one error type and its stable codes.
//!
//! Everything here is plain Rust: the JavaScript `AppmixerError` object is
//! built from an [`Error`] in `js_error.rs`.

use crate::models::JsonView;
use std::fmt;

/// Maximum length of the response body excerpt an error message quotes, in characters.
pub const BODY_EXCERPT_CHARS: usize = 200;

/// Stable error codes, visible to JavaScript as `AppmixerError.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// A bad argument or option, found before any request was sent.
    InvalidArgument,
    /// HTTP 401: the access token is missing, expired or wrong.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// HTTP 404: unknown account, component type, ticket or component.
    NotFound,
    /// HTTP 429.
    RateLimited,
    /// HTTP 5xx.
    ServerError,
    /// Any other non-2xx status.
    HttpError,
    /// The request never got a response: offline, DNS, CORS or a dropped connection.
    Network,
    /// A body that is not JSON, or JSON of the wrong shape.
    InvalidResponse,
    /// The call or the sign-in flow took longer than its `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// `window.open` returned null.
    PopupBlocked,
    /// The person closed the sign-in popup before the flow finished.
    PopupClosed,
    /// The sign-in flow ended with `appmixer.auth.failure.<ticket>` or a status error.
    AuthFailed,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::InvalidArgument,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::HttpError,
        ErrorCode::Network,
        ErrorCode::InvalidResponse,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::PopupBlocked,
        ErrorCode::PopupClosed,
        ErrorCode::AuthFailed,
    ];

    /// Returns the string JavaScript reads from `error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::HttpError => "HTTP_ERROR",
            ErrorCode::Network => "NETWORK",
            ErrorCode::InvalidResponse => "INVALID_RESPONSE",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::PopupBlocked => "POPUP_BLOCKED",
            ErrorCode::PopupClosed => "POPUP_CLOSED",
            ErrorCode::AuthFailed => "AUTH_FAILED",
        }
    }

    /// Maps a non-2xx HTTP status to its code.
    pub fn from_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::Unauthorized,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::HttpError,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error body in hapi's Boom shape: `{ statusCode, error, message }`.
///
/// Every field is optional because proxies and other servers send other shapes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoomBody {
    /// The HTTP status the server meant.
    pub status_code: Option<u16>,
    /// The status phrase, such as `"Not Found"`.
    pub error: Option<String>,
    /// The human-readable reason.
    pub message: Option<String>,
}

impl BoomBody {
    /// Reads the Boom members of a parsed error body; members of other
    /// types read as absent.
    pub fn read<V: JsonView>(value: &V) -> BoomBody {
        BoomBody {
            status_code: value
                .member("statusCode")
                .and_then(|code| code.as_number())
                .filter(|code| (100.0..=599.0).contains(code))
                .map(|code| code as u16),
            error: crate::models::string_member(value, "error"),
            message: crate::models::string_member(value, "message"),
        }
    }
}

/// An SDK failure: a stable code, a message and, for HTTP failures, the status.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// The stable code JavaScript branches on.
    pub code: ErrorCode,
    /// A sentence for people; never contains the access token.
    pub message: String,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The server's own message (Boom `message`, or an excerpt of a non-JSON body).
    pub server_message: Option<String>,
}

impl Error {
    /// Creates an error without an HTTP status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            status: None,
            server_message: None,
        }
    }

    /// Creates an `INVALID_ARGUMENT` error.
    pub fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// Creates an `INVALID_RESPONSE` error for the operation `operation`.
    pub fn invalid_response(operation: &str, detail: impl fmt::Display) -> Error {
        Error::new(
            ErrorCode::InvalidResponse,
            format!("{operation}: the server sent an invalid response: {detail}"),
        )
    }

    /// Builds the error for a non-2xx response of `operation`.
    ///
    /// `boom` is the parsed body when it was JSON; otherwise `body_text` is
    /// quoted, shortened and stripped of HTML tags.
    pub fn from_response(
        operation: &str,
        status: u16,
        boom: Option<BoomBody>,
        body_text: &str,
    ) -> Error {
        let boom = boom.unwrap_or_default();
        let server_message = boom
            .message
            .filter(|message| !message.trim().is_empty())
            .map(|message| shorten(&message, BODY_EXCERPT_CHARS))
            .or_else(|| {
                let excerpt = body_excerpt(body_text);
                (!excerpt.is_empty()).then_some(excerpt)
            });
        let phrase = boom
            .error
            .filter(|phrase| !phrase.trim().is_empty())
            .unwrap_or_else(|| status_phrase(status).to_owned());

        let mut message = format!("{operation} failed with HTTP {status} {phrase}");
        if let Some(server_message) = &server_message {
            message.push_str(": ");
            message.push_str(server_message);
        }
        Error {
            code: ErrorCode::from_status(status),
            message,
            status: Some(status),
            server_message,
        }
    }

    /// Replaces every occurrence of `secret` in the messages with `[redacted]`.
    ///
    /// Servers sometimes echo request headers in error text; the access token
    /// must never reach a message.
    pub fn redact(mut self, secret: &str) -> Error {
        if secret.len() >= 4 {
            self.message = self.message.replace(secret, "[redacted]");
            self.server_message = self
                .server_message
                .map(|text| text.replace(secret, "[redacted]"));
        }
        self
    }
}

/// Turns a response body into a short one-line excerpt: HTML tags are
/// dropped, whitespace is collapsed and the text is cut at
/// [`BODY_EXCERPT_CHARS`] characters.
pub fn body_excerpt(body: &str) -> String {
    let mut text = String::with_capacity(body.len().min(BODY_EXCERPT_CHARS * 2));
    let mut in_tag = false;
    let looks_like_html = body.trim_start().starts_with('<');
    for ch in body.chars() {
        if looks_like_html {
            match ch {
                '<' => {
                    in_tag = true;
                    text.push(' ');
                    continue;
                }
                '>' if in_tag => {
                    in_tag = false;
                    continue;
                }
                _ if in_tag => continue,
                _ => {}
            }
        }
        text.push(ch);
        if text.len() > BODY_EXCERPT_CHARS * 8 {
            break;
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    shorten(&collapsed, BODY_EXCERPT_CHARS)
}

/// Cuts `text` to `max_chars` characters, marking a cut with `…`.
pub fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn status_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boom(json: &str) -> Option<BoomBody> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        Some(BoomBody::read(&value))
    }

    #[test]
    fn codes_are_distinct_screaming_snake_case() {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        for name in &names {
            assert!(name.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{name}");
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn status_maps_to_code() {
        assert_eq!(ErrorCode::from_status(401), ErrorCode::Unauthorized);
        assert_eq!(ErrorCode::from_status(403), ErrorCode::Forbidden);
        assert_eq!(ErrorCode::from_status(404), ErrorCode::NotFound);
        assert_eq!(ErrorCode::from_status(429), ErrorCode::RateLimited);
        assert_eq!(ErrorCode::from_status(500), ErrorCode::ServerError);
        assert_eq!(ErrorCode::from_status(503), ErrorCode::ServerError);
        assert_eq!(ErrorCode::from_status(400), ErrorCode::HttpError);
        assert_eq!(ErrorCode::from_status(409), ErrorCode::HttpError);
        assert_eq!(ErrorCode::from_status(302), ErrorCode::HttpError);
    }

    #[test]
    fn boom_body_gives_message() {
        let body = r#"{"statusCode":404,"error":"Not Found","message":"Account x not found."}"#;
        let error = Error::from_response("testAccount", 404, boom(body), body);
        assert_eq!(error.code, ErrorCode::NotFound);
        assert_eq!(error.status, Some(404));
        assert_eq!(error.server_message.as_deref(), Some("Account x not found."));
        assert_eq!(
            error.message,
            "testAccount failed with HTTP 404 Not Found: Account x not found."
        );
    }

    #[test]
    fn html_body_is_stripped_and_shortened() {
        let body = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502   Bad Gateway</h1></body></html>";
        let error = Error::from_response("listAccounts", 502, None, body);
        assert_eq!(error.code, ErrorCode::ServerError);
        assert_eq!(
            error.server_message.as_deref(),
            Some("502 Bad Gateway 502 Bad Gateway")
        );
    }

    #[test]
    fn long_text_body_is_cut() {
        let body = "x".repeat(5000);
        let error = Error::from_response("listAccounts", 500, None, &body);
        let excerpt = error.server_message.unwrap_or_default();
        assert_eq!(excerpt.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn empty_body_has_no_server_message() {
        let error = Error::from_response("removeAccount", 503, None, "  ");
        assert_eq!(error.server_message, None);
        assert_eq!(error.message, "removeAccount failed with HTTP 503 Service Unavailable");
    }

    #[test]
    fn json_without_boom_fields_quotes_text() {
        let body = r#"{"oops":true}"#;
        let error = Error::from_response("listAccounts", 400, boom(body), body);
        assert_eq!(error.server_message.as_deref(), Some(r#"{"oops":true}"#));
        assert_eq!(error.code, ErrorCode::HttpError);
    }

    #[test]
    fn redact_removes_token_from_messages() {
        let body = r#"{"statusCode":401,"error":"Unauthorized","message":"Bad token secret-token-123"}"#;
        let error = Error::from_response("listAccounts", 401, boom(body), body).redact("secret-token-123");
        assert!(!error.message.contains("secret-token-123"));
        assert_eq!(error.server_message.as_deref(), Some("Bad token [redacted]"));
    }
}
