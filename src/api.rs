//! One function per Accounts API endpoint: each validates its inputs and
//! describes the HTTP request without sending it.

use crate::error::Error;
use crate::url::{check_segment, ApiPath};

/// The HTTP methods the Accounts API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// The body shape a successful response must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `GET /auth/:componentType`
    ComponentAccounts,
    /// `GET /accounts`
    AccountList,
    /// `PUT /accounts/:accountId`: documented with an empty 200 body.
    Empty,
    /// `POST /accounts/:accountId/test`
    TestResult,
    /// `DELETE /accounts/:accountId`
    RemovedAccount,
    /// `GET /accounts/:accountId/flows`
    FlowList,
    /// `POST /auth/ticket`
    Ticket,
    /// `GET /auth/:componentType/auth-url/:ticket`
    AuthUrl,
    /// `PUT /auth/:componentType/ticket/:ticket`
    SessionStarted,
    /// `GET /auth/status/:ticket`
    AuthStatus,
    /// `DELETE /auth/component/:componentId`
    ClearedComponent,
    /// `PUT /auth/component/:componentId/:accountId`
    Assignment,
}

/// A described request: everything the transport needs to send it.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The JS method name, used in error messages and logs.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The encoded path below the API root.
    pub path: ApiPath,
    /// Query pairs, in order; a name may repeat.
    pub query: Vec<(&'static str, String)>,
    /// A JSON request body.
    pub body: Option<String>,
    /// Whether repeating the request after a lost response is harmless.
    pub retry_safe: bool,
    /// The shape a successful body must have.
    pub expect: Expect,
    /// The object a repeated DELETE resolves with when the repeat returns 404
    /// because the first attempt had already succeeded.
    pub gone_result: Option<(&'static str, String)>,
}

impl Call {
    fn new(operation: &'static str, method: Method, path: ApiPath, expect: Expect) -> Call {
        Call {
            operation,
            method,
            path,
            query: Vec::new(),
            body: None,
            // GET, PUT and DELETE are idempotent; POST is not, unless stated.
            retry_safe: method != Method::Post,
            expect,
            gone_result: None,
        }
    }
}

/// `GET /auth/:componentType?componentId=`
pub fn get_component_accounts(component_type: &str, component_id: Option<&str>) -> Result<Call, Error> {
    check_segment("componentType", component_type)?;
    let mut call = Call::new(
        "getComponentAccounts",
        Method::Get,
        ApiPath::root().lit("auth").param(component_type),
        Expect::ComponentAccounts,
    );
    if let Some(component_id) = component_id {
        check_segment("componentId", component_id)?;
        call.query.push(("componentId", component_id.to_owned()));
    }
    Ok(call)
}

/// `GET /accounts`, with one `filter` parameter per filter.
pub fn list_accounts(filters: &[String]) -> Result<Call, Error> {
    let mut call = Call::new(
        "listAccounts",
        Method::Get,
        ApiPath::root().lit("accounts"),
        Expect::AccountList,
    );
    for filter in filters {
        if filter.trim().is_empty() {
            return Err(Error::invalid_argument(
                "filter must be a non-empty string, such as \"service:appmixer:slack\"",
            ));
        }
        call.query.push(("filter", filter.clone()));
    }
    Ok(call)
}

/// Maximum length of a display name the SDK sends, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 256;

/// `PUT /accounts/:accountId` with `{ "displayName": ... }`.
pub fn rename_account(account_id: &str, display_name: &str) -> Result<Call, Error> {
    check_segment("accountId", account_id)?;
    if display_name.trim().is_empty() {
        return Err(Error::invalid_argument("displayName must be a non-empty string"));
    }
    if display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(Error::invalid_argument(format!(
            "displayName is longer than {MAX_DISPLAY_NAME_CHARS} characters"
        )));
    }
    let mut call = Call::new(
        "renameAccount",
        Method::Put,
        ApiPath::root().lit("accounts").param(account_id),
        Expect::Empty,
    );
    call.body = Some(format!("{{\"displayName\":{}}}", json_string(display_name)));
    Ok(call)
}

/// `POST /accounts/:accountId/test`. Never retried: the test contacts the
/// third-party service.
pub fn test_account(account_id: &str) -> Result<Call, Error> {
    check_segment("accountId", account_id)?;
    Ok(Call::new(
        "testAccount",
        Method::Post,
        ApiPath::root().lit("accounts").param(account_id).lit("test"),
        Expect::TestResult,
    ))
}

/// `DELETE /accounts/:accountId`
pub fn remove_account(account_id: &str) -> Result<Call, Error> {
    check_segment("accountId", account_id)?;
    let mut call = Call::new(
        "removeAccount",
        Method::Delete,
        ApiPath::root().lit("accounts").param(account_id),
        Expect::RemovedAccount,
    );
    call.gone_result = Some(("accountId", account_id.to_owned()));
    Ok(call)
}

/// `GET /accounts/:accountId/flows`
pub fn list_account_flows(account_id: &str) -> Result<Call, Error> {
    check_segment("accountId", account_id)?;
    Ok(Call::new(
        "listAccountFlows",
        Method::Get,
        ApiPath::root().lit("accounts").param(account_id).lit("flows"),
        Expect::FlowList,
    ))
}

/// `POST /auth/ticket`. Retried although it is a POST: a repeat only mints
/// another ticket, and an unused ticket is harmless.
pub fn create_auth_ticket() -> Call {
    let mut call = Call::new(
        "createAuthTicket",
        Method::Post,
        ApiPath::root().lit("auth").lit("ticket"),
        Expect::Ticket,
    );
    call.retry_safe = true;
    call
}

/// `GET /auth/:componentType/auth-url/:ticket?componentId=`
pub fn get_auth_url(component_type: &str, ticket: &str, component_id: Option<&str>) -> Result<Call, Error> {
    check_segment("componentType", component_type)?;
    check_segment("ticket", ticket)?;
    let mut call = Call::new(
        "getAuthUrl",
        Method::Get,
        ApiPath::root()
            .lit("auth")
            .param(component_type)
            .lit("auth-url")
            .param(ticket),
        Expect::AuthUrl,
    );
    if let Some(component_id) = component_id {
        check_segment("componentId", component_id)?;
        call.query.push(("componentId", component_id.to_owned()));
    }
    Ok(call)
}

/// `PUT /auth/:componentType/ticket/:ticket`
pub fn start_auth_session(component_type: &str, ticket: &str) -> Result<Call, Error> {
    check_segment("componentType", component_type)?;
    check_segment("ticket", ticket)?;
    Ok(Call::new(
        "startAuthSession",
        Method::Put,
        ApiPath::root()
            .lit("auth")
            .param(component_type)
            .lit("ticket")
            .param(ticket),
        Expect::SessionStarted,
    ))
}

/// `GET /auth/status/:ticket`
pub fn get_auth_status(ticket: &str) -> Result<Call, Error> {
    check_segment("ticket", ticket)?;
    Ok(Call::new(
        "getAuthStatus",
        Method::Get,
        ApiPath::root().lit("auth").lit("status").param(ticket),
        Expect::AuthStatus,
    ))
}

/// `DELETE /auth/component/:componentId`
pub fn clear_component_account(component_id: &str) -> Result<Call, Error> {
    check_segment("componentId", component_id)?;
    let mut call = Call::new(
        "clearComponentAccount",
        Method::Delete,
        ApiPath::root().lit("auth").lit("component").param(component_id),
        Expect::ClearedComponent,
    );
    call.gone_result = Some(("componentId", component_id.to_owned()));
    Ok(call)
}

/// `PUT /auth/component/:componentId/:accountId`
pub fn assign_account(component_id: &str, account_id: &str) -> Result<Call, Error> {
    check_segment("componentId", component_id)?;
    check_segment("accountId", account_id)?;
    Ok(Call::new(
        "assignAccount",
        Method::Put,
        ApiPath::root()
            .lit("auth")
            .lit("component")
            .param(component_id)
            .param(account_id),
        Expect::Assignment,
    ))
}

/// Encodes `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn code<T>(result: Result<T, Error>) -> Option<ErrorCode> {
        result.err().map(|error| error.code)
    }

    #[test]
    fn rename_rejects_empty_id() {
        assert_eq!(code(rename_account("", "x")), Some(ErrorCode::InvalidArgument));
    }

    #[test]
    fn rename_rejects_blank_name() {
        assert_eq!(code(rename_account("a", " ")), Some(ErrorCode::InvalidArgument));
    }

    #[test]
    fn rename_rejects_overlong_name() {
        let name = "n".repeat(MAX_DISPLAY_NAME_CHARS + 1);
        assert_eq!(code(rename_account("a", &name)), Some(ErrorCode::InvalidArgument));
    }

    #[test]
    fn rename_body_is_valid_json() {
        let call = rename_account("a", "Tab\t \"quoted\" \\ \u{1}").ok();
        let body = call.and_then(|call| call.body).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(value["displayName"], "Tab\t \"quoted\" \\ \u{1}");
    }

    #[test]
    fn methods_and_paths_match_the_api() -> Result<(), Error> {
        let cases: Vec<(Call, Method, &str)> = vec![
            (get_component_accounts("t", None)?, Method::Get, "/auth/t"),
            (list_accounts(&[])?, Method::Get, "/accounts"),
            (rename_account("a", "n")?, Method::Put, "/accounts/a"),
            (test_account("a")?, Method::Post, "/accounts/a/test"),
            (remove_account("a")?, Method::Delete, "/accounts/a"),
            (list_account_flows("a")?, Method::Get, "/accounts/a/flows"),
            (create_auth_ticket(), Method::Post, "/auth/ticket"),
            (get_auth_url("t", "u:1", None)?, Method::Get, "/auth/t/auth-url/u%3A1"),
            (start_auth_session("t", "u:1")?, Method::Put, "/auth/t/ticket/u%3A1"),
            (get_auth_status("u:1")?, Method::Get, "/auth/status/u%3A1"),
            (clear_component_account("c")?, Method::Delete, "/auth/component/c"),
            (assign_account("c", "a")?, Method::Put, "/auth/component/c/a"),
        ];
        for (call, method, path) in cases {
            assert_eq!(call.method, method, "{}", call.operation);
            assert_eq!(call.path.as_str(), path, "{}", call.operation);
        }
        Ok(())
    }

    #[test]
    fn only_account_test_is_never_retried() -> Result<(), Error> {
        assert!(!test_account("a")?.retry_safe);
        assert!(create_auth_ticket().retry_safe);
        assert!(remove_account("a")?.retry_safe);
        assert!(rename_account("a", "n")?.retry_safe);
        Ok(())
    }

    #[test]
    fn list_accounts_rejects_blank_filter() {
        assert_eq!(code(list_accounts(&["".into()])), Some(ErrorCode::InvalidArgument));
    }

    #[test]
    fn component_id_goes_to_query() -> Result<(), Error> {
        let call = get_component_accounts("t", Some("c-1"))?;
        assert_eq!(call.query, vec![("componentId", "c-1".to_owned())]);
        Ok(())
    }
}
