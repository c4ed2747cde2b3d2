//! The fake OAuth provider, the API-key form and the callback page, all served
//! without bearer auth because a browser popup opens them.
//!
//! The callback page is the last step of every flow: it records the session's
//! result for `GET /auth/status/:ticket` and posts
//! `appmixer.auth.success.<ticket>` or `appmixer.auth.failure.<ticket>` to
//! `window.opener`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use std::time::Duration;

use crate::app::SharedState;
use crate::ids;
use crate::routes::{query_value, Segments};
use crate::server::request_origin;
use crate::state::{self, AuthBehaviour, AuthKind, AuthMode, Service, Store};

pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/__provider/oauth/authorize", get(authorize))
        .route("/__provider/oauth/decide", get(decide))
        .route("/auth/{service}/form", get(show_form).post(submit_form))
        .route("/auth/{service}/callback", get(callback))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Encodes text as a JavaScript string literal that is safe inside an inline
/// `<script>`: JSON string encoding, plus `<`, `>`, `&` and the line
/// separators U+2028 and U+2029 as `\u` escapes, so no `</script>` or `<!--`
/// can appear.
pub fn js_string_literal(text: &str) -> String {
    let json = serde_json::Value::from(text).to_string();
    let mut literal = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => literal.push_str("\\u003c"),
            '>' => literal.push_str("\\u003e"),
            '&' => literal.push_str("\\u0026"),
            '\u{2028}' => literal.push_str("\\u2028"),
            '\u{2029}' => literal.push_str("\\u2029"),
            _ => literal.push(c),
        }
    }
    literal
}

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape_html(title)
    )
}

/// Builds an HTML response. With `coop`, it carries
/// `Cross-Origin-Opener-Policy: same-origin`, which makes a browser sever the
/// popup from a cross-origin opener.
fn html_response(status: StatusCode, html: String, coop: bool) -> Response {
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response();
    if coop {
        response.headers_mut().insert(
            "cross-origin-opener-policy",
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

fn error_page(status: StatusCode, message: &str) -> Response {
    tracing::warn!("provider page error: {message}");
    let body = format!(
        "<h1>Authentication error</h1>\n<p id=\"message\">{}</p>",
        escape_html(message)
    );
    html_response(status, html_page("Authentication error", &body), false)
}

/// Navigates the browser to `location`. Without `coop` this is a plain 302.
/// With `coop` it is a 200 page that carries the COOP header and moves on by
/// script and meta refresh, so that the header is applied to a document, not
/// only to a redirect.
fn redirect(location: &str, coop: bool) -> Response {
    if !coop {
        let mut response = StatusCode::FOUND.into_response();
        if let Ok(value) = HeaderValue::from_str(location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return response;
    }
    let body = format!(
        "<meta http-equiv=\"refresh\" content=\"0;url={}\">\n\
         <p>Redirecting to <a href=\"{0}\">the application</a>.</p>\n\
         <script>window.location.replace({});</script>",
        escape_html(location),
        js_string_literal(location)
    );
    html_response(StatusCode::OK, html_page("Redirecting", &body), true)
}

async fn wait(behaviour: AuthBehaviour) {
    if behaviour.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(behaviour.delay_ms)).await;
    }
}

/// Returns `base` with `pairs` appended as its query.
fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{base}?{query}")
}

fn issue_code(store: &mut Store, service: &Service) -> String {
    let code = ids::new_random_hex();
    store
        .issued_codes
        .insert(code.clone(), service.name.to_owned());
    code
}

/// Parameters of an authorize or decide request, checked against the
/// service's registered client id and this server's callback URL, so the
/// provider never redirects anywhere else.
struct AuthorizeRequest {
    service: &'static Service,
    redirect_uri: String,
    state: String,
}

/// A failed page request, rendered by `error_page`.
struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        PageError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.status, &self.message)
    }
}

fn parse_authorize_request(
    uri: &Uri,
    headers: &HeaderMap,
    shared: &SharedState,
) -> Result<AuthorizeRequest, PageError> {
    let client_id = query_value(uri, "client_id").unwrap_or_default();
    let service = state::service_by_client_id(&client_id).ok_or_else(|| {
        PageError::new(
            StatusCode::BAD_REQUEST,
            format!("Unknown client_id {client_id:?}."),
        )
    })?;
    let expected_redirect = format!(
        "{}/auth/{}/callback",
        request_origin(headers, shared.listen_addr),
        service.short_name
    );
    let redirect_uri = query_value(uri, "redirect_uri").unwrap_or_default();
    if redirect_uri != expected_redirect {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            format!("Invalid redirect_uri {redirect_uri:?}: expected {expected_redirect:?}."),
        ));
    }
    let state = query_value(uri, "state").unwrap_or_default();
    if state.is_empty() {
        return Err(PageError::new(StatusCode::BAD_REQUEST, "Missing state."));
    }
    Ok(AuthorizeRequest {
        service,
        redirect_uri,
        state,
    })
}

/// `GET /__provider/oauth/authorize`: approves, denies or shows a consent page,
/// following the auth behaviour set for the client's service.
async fn authorize(State(shared): State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    if query_value(&uri, "response_type").as_deref() != Some("code") {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unsupported response_type: expected code.",
        );
    }
    let request = match parse_authorize_request(&uri, &headers, &shared) {
        Ok(request) => request,
        Err(page) => return page.into_response(),
    };
    let behaviour = shared
        .store
        .lock()
        .unwrap()
        .behaviour_for(request.service.name);
    match behaviour.mode {
        AuthMode::Approve => {
            wait(behaviour).await;
            approve(&shared, &request, behaviour.coop)
        }
        AuthMode::Deny => {
            wait(behaviour).await;
            deny(&request, behaviour.coop)
        }
        AuthMode::Manual => consent_page(&uri, &request, behaviour.coop),
    }
}

fn approve(shared: &SharedState, request: &AuthorizeRequest, coop: bool) -> Response {
    let code = issue_code(&mut shared.store.lock().unwrap(), request.service);
    let location = with_query(
        &request.redirect_uri,
        &[("code", &code), ("state", &request.state)],
    );
    redirect(&location, coop)
}

fn deny(request: &AuthorizeRequest, coop: bool) -> Response {
    let location = with_query(
        &request.redirect_uri,
        &[("error", "access_denied"), ("state", &request.state)],
    );
    redirect(&location, coop)
}

fn consent_page(uri: &Uri, request: &AuthorizeRequest, coop: bool) -> Response {
    let scope = query_value(uri, "scope").unwrap_or_default();
    let client_id = match request.service.auth {
        AuthKind::OAuth { client_id, .. } => client_id,
        AuthKind::ApiKey => "",
    };
    let body = format!(
        "<h1>Emulated {label} sign-in</h1>\n\
         <p>An application requests access to your {label} account (scope: {scope}).</p>\n\
         <form method=\"get\" action=\"/__provider/oauth/decide\">\n\
         <input type=\"hidden\" name=\"client_id\" value=\"{client_id}\">\n\
         <input type=\"hidden\" name=\"redirect_uri\" value=\"{redirect_uri}\">\n\
         <input type=\"hidden\" name=\"state\" value=\"{state}\">\n\
         <button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n\
         </form>",
        label = escape_html(request.service.label),
        scope = escape_html(&scope),
        client_id = escape_html(client_id),
        redirect_uri = escape_html(&request.redirect_uri),
        state = escape_html(&request.state),
    );
    html_response(StatusCode::OK, html_page("Emulated sign-in", &body), coop)
}

/// `GET /__provider/oauth/decide`: the consent page's Allow and Deny buttons.
async fn decide(State(shared): State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    let request = match parse_authorize_request(&uri, &headers, &shared) {
        Ok(request) => request,
        Err(page) => return page.into_response(),
    };
    let coop = shared
        .store
        .lock()
        .unwrap()
        .behaviour_for(request.service.name)
        .coop;
    match query_value(&uri, "decision").as_deref() {
        Some("allow") => approve(&shared, &request, coop),
        Some("deny") => deny(&request, coop),
        _ => error_page(
            StatusCode::BAD_REQUEST,
            "Invalid decision: expected allow or deny.",
        ),
    }
}

fn api_key_service(short_name: &str) -> Result<&'static Service, PageError> {
    match state::service_by_short_name(short_name) {
        Some(service) if service.auth == AuthKind::ApiKey => Ok(service),
        _ => Err(PageError::new(
            StatusCode::NOT_FOUND,
            format!("No API-key form for service {short_name:?}."),
        )),
    }
}

fn callback_url(origin: &str, service: &Service) -> String {
    format!("{origin}/auth/{}/callback", service.short_name)
}

fn api_key_form(service: &Service, ticket: &str, error: Option<&str>, coop: bool) -> Response {
    let error_html = error
        .map(|message| {
            format!(
                "<p id=\"error\" role=\"alert\">{}</p>\n",
                escape_html(message)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<h1>Connect {label}</h1>\n{error_html}\
         <form method=\"post\" action=\"/auth/{short}/form\">\n\
         <input type=\"hidden\" name=\"ticket\" value=\"{ticket}\">\n\
         <label>API key <input type=\"text\" name=\"apiKey\" autocomplete=\"off\"></label>\n\
         <button type=\"submit\">Connect</button>\n\
         </form>",
        label = escape_html(service.label),
        short = escape_html(service.short_name),
        ticket = escape_html(ticket),
    );
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    html_response(status, html_page("Connect account", &body), coop)
}

/// `GET /auth/:service/form?ticket=`: the API-key form, or in approve and deny
/// modes a redirect to the callback as if the form had been submitted.
async fn show_form(
    State(shared): State<SharedState>,
    Segments(short_name): Segments<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let service = match api_key_service(&short_name) {
        Ok(service) => service,
        Err(page) => return page.into_response(),
    };
    let ticket = query_value(&uri, "ticket").unwrap_or_default();
    let behaviour = {
        let store = shared.store.lock().unwrap();
        if !store.tickets.contains_key(&ticket) {
            drop(store);
            return error_page(
                StatusCode::NOT_FOUND,
                &format!("Ticket {ticket} not found."),
            );
        }
        store.behaviour_for(service.name)
    };
    let callback = callback_url(&request_origin(&headers, shared.listen_addr), service);
    match behaviour.mode {
        AuthMode::Approve => {
            wait(behaviour).await;
            let code = issue_code(&mut shared.store.lock().unwrap(), service);
            redirect(
                &with_query(&callback, &[("code", &code), ("state", &ticket)]),
                behaviour.coop,
            )
        }
        AuthMode::Deny => {
            wait(behaviour).await;
            redirect(
                &with_query(&callback, &[("error", "access_denied"), ("state", &ticket)]),
                behaviour.coop,
            )
        }
        AuthMode::Manual => api_key_form(service, &ticket, None, behaviour.coop),
    }
}

/// `POST /auth/:service/form`: takes the typed API key (form-encoded `ticket`
/// and `apiKey`) and redirects to the callback, or shows the form again with
/// an error when the key is blank.
async fn submit_form(
    State(shared): State<SharedState>,
    Segments(short_name): Segments<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let service = match api_key_service(&short_name) {
        Ok(service) => service,
        Err(page) => return page.into_response(),
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let ticket = field("ticket");
    let api_key = field("apiKey");

    let mut store = shared.store.lock().unwrap();
    if !store.tickets.contains_key(&ticket) {
        drop(store);
        return error_page(
            StatusCode::NOT_FOUND,
            &format!("Ticket {ticket} not found."),
        );
    }
    let coop = store.behaviour_for(service.name).coop;
    if api_key.trim().is_empty() {
        return api_key_form(service, &ticket, Some("Enter an API key."), coop);
    }
    let code = issue_code(&mut store, service);
    drop(store);

    let callback = callback_url(&request_origin(&headers, shared.listen_addr), service);
    let location = with_query(&callback, &[("code", &code), ("state", &ticket)]);
    let mut response = redirect(&location, coop);
    if response.status() == StatusCode::FOUND {
        // 303 so that the browser follows a POST with a GET.
        *response.status_mut() = StatusCode::SEE_OTHER;
    }
    response
}

/// Result of a callback for a known ticket: the account created, or the reason
/// it failed.
type SessionResult = Result<(String, String), String>;

/// Finishes the ticket's session from the callback's query: creates a new
/// account when the session was started and the code was issued for this
/// service, else records the error.
fn finish_session(
    store: &mut Store,
    service: &'static Service,
    ticket: &str,
    uri: &Uri,
) -> SessionResult {
    let record = store
        .tickets
        .get(ticket)
        .cloned()
        .ok_or_else(|| "unknown ticket".to_owned())?;
    let ticket_service = record
        .component_type
        .as_deref()
        .and_then(state::service_for_component_type);
    let result = if let Some(error) = query_value(uri, "error") {
        Err(error)
    } else if !record.started {
        Err("authentication session was not started".to_owned())
    } else if ticket_service.map(|s| s.name) != Some(service.name) {
        Err(format!(
            "callback for service {} does not match the session's component type",
            service.name
        ))
    } else {
        let code = query_value(uri, "code").unwrap_or_default();
        match store.issued_codes.remove(&code) {
            Some(issued_for) if issued_for == service.name => {
                let account = store.create_account(service);
                Ok((account.account_id, account.token_id))
            }
            _ => Err("invalid_grant: unknown authorization code".to_owned()),
        }
    };
    let record = store.tickets.get_mut(ticket).expect("ticket checked above");
    record.finished = true;
    record.updated_at = ids::now_iso8601();
    match &result {
        Ok((account_id, token_id)) => {
            record.account_id = Some(account_id.clone());
            record.token_id = Some(token_id.clone());
            record.error = None;
        }
        Err(error) => record.error = Some(error.clone()),
    }
    result
}

/// `GET /auth/:service/callback?code=&state=` (or `error=`): records the
/// session's result and serves the page that notifies the opener. The page
/// never closes itself, so the SDK must close the popup.
async fn callback(
    State(shared): State<SharedState>,
    Segments(short_name): Segments<String>,
    uri: Uri,
) -> Response {
    let Some(service) = state::service_by_short_name(&short_name) else {
        return error_page(
            StatusCode::NOT_FOUND,
            &format!("Unknown service {short_name:?}."),
        );
    };
    let ticket = query_value(&uri, "state").unwrap_or_default();
    let mut store = shared.store.lock().unwrap();
    match store.tickets.get(&ticket) {
        None => {
            drop(store);
            return error_page(
                StatusCode::NOT_FOUND,
                &format!("Ticket {ticket:?} not found."),
            );
        }
        Some(record) if record.finished => {
            drop(store);
            return error_page(
                StatusCode::CONFLICT,
                &format!("Authentication session {ticket} has already finished."),
            );
        }
        Some(_) => {}
    }
    let result = finish_session(&mut store, service, &ticket, &uri);
    drop(store);

    let (message, text) = match &result {
        Ok((account_id, _)) => {
            tracing::info!("session {ticket} created account {account_id}");
            (
                format!("appmixer.auth.success.{ticket}"),
                "Authentication finished. You can close this window.".to_owned(),
            )
        }
        Err(error) => {
            tracing::warn!("session {ticket} failed: {error}");
            (
                format!("appmixer.auth.failure.{ticket}"),
                format!("Authentication failed: {error}. You can close this window."),
            )
        }
    };
    let body = format!(
        "<p id=\"message\">{}</p>\n\
         <script>\n(function () {{\n  var message = {};\n  \
         if (window.opener) window.opener.postMessage(message, \"*\");\n}})();\n</script>",
        escape_html(&text),
        js_string_literal(&message)
    );
    html_response(StatusCode::OK, html_page("Authentication", &body), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_replaces_markup() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn js_string_literal_hides_script_end() {
        let literal = js_string_literal("a</script><!--\"\u{2028}");
        assert_eq!(literal, "\"a\\u003c/script\\u003e\\u003c!--\\\"\\u2028\"");
    }
}
