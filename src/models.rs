//! The response shapes of the Accounts API, and a small checker for them.
//!
//! The SDK returns the parsed JSON itself to JavaScript, so fields the server
//! adds, and free-form ones such as `profileInfo`, pass through whole. The
//! shapes here only state which fields must be present and of which type.
//! They are plain data instead of serde derives because a derive per model
//! adds several kilobytes to the `.wasm` file.

use crate::api::Expect;

/// The JSON types a shape can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object that is not an array.
    Object,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Read access to a parsed JSON value: `JsValue` in the browser, and
/// `serde_json::Value` in native tests.
pub trait JsonView: Sized {
    /// Returns the value's JSON type, or `None` for values JSON cannot hold.
    fn kind(&self) -> Option<Kind>;
    /// Member `key` of an object; `None` when absent or `undefined`.
    fn member(&self, key: &str) -> Option<Self>;
    /// Returns the items of an array.
    fn items(&self) -> Vec<Self>;
    /// Returns the members of an object, in order.
    fn entries(&self) -> Vec<(String, Self)>;
    /// Returns the value as a string, when it is one.
    fn as_string(&self) -> Option<String>;
    /// Returns the value as a boolean, when it is one.
    fn as_bool(&self) -> Option<bool>;
    /// Returns the value as a number, when it is one.
    fn as_number(&self) -> Option<f64>;
}

/// A required shape.
#[derive(Debug)]
pub enum Shape {
    /// Anything, including absence.
    Any,
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// A value of `Shape`, `null` or absent.
    Optional(&'static Shape),
    /// An array whose items all have `Shape`.
    ArrayOf(&'static Shape),
    /// An object whose member values all have `Shape`.
    MapOf(&'static Shape),
    /// An object with these members; other members are allowed.
    Object(&'static [(&'static str, Shape)]),
}

use Shape::{Any, ArrayOf, Bool, MapOf, Object, Optional, String as Str};

const OPT_STRING: Shape = Optional(&Str);
const OPT_BOOL: Shape = Optional(&Bool);
const OPT_OBJECT: Shape = Optional(&Object(&[]));

/// One entry of `GET /auth/:componentType` → `auth.accounts`.
pub const COMPONENT_ACCOUNT: Shape = Object(&[
    ("accountId", Str),
    ("tokenId", OPT_STRING),
    ("accessTokenValid", OPT_BOOL),
    ("componentAssigned", OPT_BOOL),
    ("componentId", OPT_STRING),
    ("scopeValid", OPT_BOOL),
    ("authorizedScope", Optional(&ArrayOf(&Str))),
    ("name", OPT_STRING),
    ("displayName", OPT_STRING),
]);

/// `GET /auth/:componentType`
pub const COMPONENT_ACCOUNTS: Shape = Object(&[
    ("componentType", Str),
    ("auth", Object(&[("accounts", MapOf(&COMPONENT_ACCOUNT))])),
]);

/// One entry of `GET /accounts`.
pub const ACCOUNT: Shape = Object(&[
    ("accountId", Str),
    ("service", Str),
    ("name", OPT_STRING),
    ("displayName", OPT_STRING),
    ("userId", OPT_STRING),
    ("label", OPT_STRING),
    ("icon", OPT_STRING),
    ("profileInfo", OPT_OBJECT),
]);

/// One entry of `GET /accounts/:accountId/flows`.
pub const ACCOUNT_FLOW: Shape = Object(&[("flowId", Str), ("name", OPT_STRING)]);

/// `GET /auth/status/:ticket`
pub const AUTH_STATUS: Shape = Object(&[
    ("accountId", OPT_STRING),
    ("tokenId", OPT_STRING),
    ("finished", Bool),
    ("updatedAt", OPT_STRING),
    ("error", OPT_STRING),
]);

/// Returns the shape `expect` requires.
pub fn shape_of(expect: Expect) -> &'static Shape {
    const ACCOUNT_LIST: Shape = ArrayOf(&ACCOUNT);
    const FLOW_LIST: Shape = ArrayOf(&ACCOUNT_FLOW);
    const TEST_RESULT: Shape = MapOf(&Str);
    const REMOVED: Shape = Object(&[("accountId", Str)]);
    const TICKET: Shape = Object(&[("ticket", Str)]);
    const AUTH_URL: Shape = Object(&[("authUrl", Str)]);
    const SESSION: Shape = Object(&[("service", Str)]);
    const CLEARED: Shape = Object(&[("componentId", Str)]);
    const ASSIGNMENT: Shape = Object(&[("accountId", Str), ("componentId", Str)]);
    match expect {
        Expect::ComponentAccounts => &COMPONENT_ACCOUNTS,
        Expect::AccountList => &ACCOUNT_LIST,
        Expect::Empty => &Any,
        Expect::TestResult => &TEST_RESULT,
        Expect::RemovedAccount => &REMOVED,
        Expect::FlowList => &FLOW_LIST,
        Expect::Ticket => &TICKET,
        Expect::AuthUrl => &AUTH_URL,
        Expect::SessionStarted => &SESSION,
        Expect::AuthStatus => &AUTH_STATUS,
        Expect::ClearedComponent => &CLEARED,
        Expect::Assignment => &ASSIGNMENT,
    }
}

/// Checks that `value` has the shape `expect` requires.
///
/// # Errors
/// A sentence naming the first field that is missing or of the wrong
/// type, such as `[1].accountId: expected a string, got a number`.
pub fn check_shape<V: JsonView>(expect: Expect, value: &V) -> Result<(), String> {
    check(shape_of(expect), Some(value), &mut String::new())
}

fn check<V: JsonView>(shape: &Shape, value: Option<&V>, path: &mut String) -> Result<(), String> {
    let kind = value.and_then(JsonView::kind);
    let mismatch = |expected: &str, path: &str| {
        let found = match (value, kind) {
            (None, _) => "nothing",
            (Some(_), None) => "a value JSON cannot hold",
            (Some(_), Some(kind)) => kind.name(),
        };
        let location = if path.is_empty() { "the body" } else { path };
        Err(format!("{location}: expected {expected}, got {found}"))
    };
    match shape {
        Any => Ok(()),
        Optional(_) if value.is_none() || kind == Some(Kind::Null) => Ok(()),
        Optional(inner) => check(inner, value, path),
        Str if kind == Some(Kind::String) => Ok(()),
        Str => mismatch("a string", path),
        Bool if kind == Some(Kind::Bool) => Ok(()),
        Bool => mismatch("a boolean", path),
        ArrayOf(item) => {
            let Some(value) = value.filter(|_| kind == Some(Kind::Array)) else {
                return mismatch("an array", path);
            };
            for (index, element) in value.items().iter().enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                check(item, Some(element), path)?;
                path.truncate(length);
            }
            Ok(())
        }
        MapOf(member) => {
            let Some(value) = value.filter(|_| kind == Some(Kind::Object)) else {
                return mismatch("an object", path);
            };
            for (key, element) in value.entries() {
                let length = path.len();
                push_key(path, &key);
                check(member, Some(&element), path)?;
                path.truncate(length);
            }
            Ok(())
        }
        Object(fields) => {
            let Some(value) = value.filter(|_| kind == Some(Kind::Object)) else {
                return mismatch("an object", path);
            };
            for (key, field) in fields.iter() {
                let length = path.len();
                push_key(path, key);
                check(field, value.member(key).as_ref(), path)?;
                path.truncate(length);
            }
            Ok(())
        }
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// The fields of `GET /auth/status/:ticket` that the popup driver reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthStatus {
    /// The account the flow created or updated, once finished.
    pub account_id: Option<String>,
    /// The token the flow stored, once finished.
    pub token_id: Option<String>,
    /// Whether the flow has ended, with success or error.
    pub finished: bool,
    /// The reason the flow failed.
    pub error: Option<String>,
}

impl AuthStatus {
    /// Reads a status that passed [`check_shape`] with [`Expect::AuthStatus`].
    pub fn read<V: JsonView>(value: &V) -> AuthStatus {
        AuthStatus {
            account_id: string_member(value, "accountId"),
            token_id: string_member(value, "tokenId"),
            finished: value.member("finished").and_then(|v| v.as_bool()).unwrap_or(false),
            error: string_member(value, "error"),
        }
    }
}

/// Member `key` of `value` when it is a string.
pub fn string_member<V: JsonView>(value: &V, key: &str) -> Option<String> {
    value.member(key).and_then(|member| member.as_string())
}

#[cfg(test)]
impl JsonView for serde_json::Value {
    fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn as_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn kind(&self) -> Option<Kind> {
        Some(match self {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(_) => Kind::Number,
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Array(_) => Kind::Array,
            serde_json::Value::Object(_) => Kind::Object,
        })
    }

    fn member(&self, key: &str) -> Option<Self> {
        self.get(key).cloned()
    }

    fn items(&self) -> Vec<Self> {
        self.as_array().cloned().unwrap_or_default()
    }

    fn entries(&self) -> Vec<(String, Self)> {
        self.as_object()
            .map(|map| map.iter().map(|(key, value)| (key.clone(), value.clone())).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(expect: Expect, json: &str) -> Result<(), String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        check_shape(expect, &value)
    }

    #[test]
    fn documented_component_accounts_pass() {
        let body = r#"{"componentType":"appmixer.slack.list.SendChannelMessage","auth":{"accounts":{"5a6e21f3b266224186ac7d03":{"accessTokenValid":true,"accountId":"5a6e21f3b266224186ac7d03","tokenId":"5a6e21f3b266224186ac7d04","componentAssigned":true,"componentId":"e25dc901-f92a-46a2-8d29-2573d4ad65e5","scopeValid":true,"authorizedScope":["channels:read","chat:write:user"],"name":"U0UFJ0MFG - client IO","displayName":"client IO"}}}}"#;
        assert_eq!(shape(Expect::ComponentAccounts, body), Ok(()));
    }

    #[test]
    fn documented_account_list_passes() {
        let body = r#"[{"accountId":"5a6e21f3b266224186ac7d03","name":"U0UFJ0MFG - client IO","displayName":null,"service":"appmixer:slack","userId":"58593f07c3ee4f239dc69ff7","profileInfo":{"id":"U0UFJ0MFG - client IO"},"icon":"data:image/png;base64,...rkJggg==","label":"Slack"}]"#;
        assert_eq!(shape(Expect::AccountList, body), Ok(()));
    }

    #[test]
    fn account_list_names_bad_field() {
        let body = r#"[{"accountId":"a","service":"s"},{"accountId":7,"service":"s"}]"#;
        assert_eq!(
            shape(Expect::AccountList, body),
            Err("[1].accountId: expected a string, got a number".into())
        );
    }

    #[test]
    fn nested_map_key_is_named() {
        let body = r#"{"componentType":"t","auth":{"accounts":{"abc":{"accountId":"abc","authorizedScope":[1]}}}}"#;
        assert_eq!(
            shape(Expect::ComponentAccounts, body),
            Err("auth.accounts.abc.authorizedScope[0]: expected a string, got a number".into())
        );
    }

    #[test]
    fn missing_field_is_named() {
        assert_eq!(shape(Expect::Ticket, "{}"), Err("ticket: expected a string, got nothing".into()));
    }

    #[test]
    fn wrong_root_type_is_named() {
        assert_eq!(shape(Expect::AccountList, "{}"), Err("the body: expected an array, got an object".into()));
    }

    #[test]
    fn test_result_values_must_be_strings() {
        assert_eq!(shape(Expect::TestResult, r#"{"t":"valid"}"#), Ok(()));
        assert_eq!(
            shape(Expect::TestResult, r#"{"t":true}"#),
            Err("t: expected a string, got a boolean".into())
        );
    }

    #[test]
    fn profile_info_passes_any_object() {
        let body = r#"[{"accountId":"a","service":"s","profileInfo":{"deep":[1,{"x":null}]}}]"#;
        assert_eq!(shape(Expect::AccountList, body), Ok(()));
    }

    #[test]
    fn auth_status_accepts_nulls() {
        let body = r#"{"accountId":null,"tokenId":null,"finished":false,"updatedAt":"2026-01-01T00:00:00Z","error":null}"#;
        assert_eq!(shape(Expect::AuthStatus, body), Ok(()));
    }

    #[test]
    fn auth_status_requires_finished() {
        assert_eq!(
            shape(Expect::AuthStatus, r#"{"accountId":null}"#),
            Err("finished: expected a boolean, got nothing".into())
        );
    }

    #[test]
    fn auth_status_reads_fields() {
        let value: serde_json::Value = serde_json::from_str(
            r#"{"accountId":"a","tokenId":"t","finished":true,"updatedAt":"x","error":null}"#,
        )
        .unwrap_or_default();
        let status = AuthStatus::read(&value);
        assert_eq!(status.account_id.as_deref(), Some("a"));
        assert_eq!(status.token_id.as_deref(), Some("t"));
        assert!(status.finished);
        assert_eq!(status.error, None);
    }

    #[test]
    fn empty_expectation_accepts_anything() {
        assert_eq!(shape(Expect::Empty, "[1,2]"), Ok(()));
    }
}
