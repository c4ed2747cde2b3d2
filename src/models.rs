//! The response shapes of the Accounts API, used to check bodies.
//!
//! The SDK returns the parsed JSON itself to JavaScript, so fields the server
//! adds, and free-form ones such as `profileInfo`, pass through whole. These
//! types only state which fields must be present and of which type.

use crate::api::Expect;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One entry of `GET /auth/:componentType` → `auth.accounts`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentAccount {
    /// The account id.
    pub account_id: String,
    /// The token id.
    pub token_id: Option<String>,
    /// Whether the stored access token is still valid.
    pub access_token_valid: Option<bool>,
    /// Whether this account is assigned to the queried component.
    pub component_assigned: Option<bool>,
    /// The scopes the person granted.
    pub authorized_scope: Option<Vec<String>>,
    /// The name from the third-party service.
    pub name: Option<String>,
    /// The name set with `renameAccount`.
    pub display_name: Option<String>,
}

/// The `auth` member of `GET /auth/:componentType`.
#[derive(Debug, Deserialize)]
pub struct ComponentAuth {
    /// Accounts keyed by account id.
    pub accounts: BTreeMap<String, ComponentAccount>,
}

/// `GET /auth/:componentType`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentAccounts {
    /// The component type that was asked for.
    pub component_type: String,
    /// The accounts.
    pub auth: ComponentAuth,
}

/// One entry of `GET /accounts`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The account id.
    pub account_id: String,
    /// The service, such as `appmixer:slack`.
    pub service: String,
    /// The name from the third-party service.
    pub name: Option<String>,
    /// The name set with `renameAccount`.
    pub display_name: Option<String>,
    /// The owner.
    pub user_id: Option<String>,
    /// The service's label, such as `Slack`.
    pub label: Option<String>,
    /// A data URL of the service icon.
    pub icon: Option<String>,
    /// Free-form profile data; only checked to be present or absent.
    pub profile_info: Option<IgnoredAny>,
}

/// One entry of `GET /accounts/:accountId/flows`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountFlow {
    /// The flow id.
    pub flow_id: String,
    /// The flow's name.
    pub name: Option<String>,
}

/// `POST /auth/ticket`
#[derive(Debug, Deserialize)]
pub struct Ticket {
    /// The session ticket, `<userId>:<uuid>`.
    pub ticket: String,
}

/// `GET /auth/:componentType/auth-url/:ticket`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthUrl {
    /// The URL the popup opens.
    pub auth_url: String,
}

/// `PUT /auth/:componentType/ticket/:ticket`
#[derive(Debug, Deserialize)]
pub struct SessionStarted {
    /// The service the session signs in to.
    pub service: String,
}

/// `GET /auth/status/:ticket`
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AuthStatus {
    /// The account the flow created or updated, once finished.
    pub account_id: Option<String>,
    /// The token the flow stored, once finished.
    pub token_id: Option<String>,
    /// Whether the flow has ended, with success or error.
    pub finished: bool,
    /// When the session last changed, as an ISO 8601 string.
    pub updated_at: Option<String>,
    /// Why the flow failed.
    pub error: Option<String>,
}

/// `DELETE /accounts/:accountId`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemovedAccount {
    /// The removed account.
    pub account_id: String,
}

/// `DELETE /auth/component/:componentId`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClearedComponent {
    /// The component whose account was cleared.
    pub component_id: String,
}

/// `PUT /auth/component/:componentId/:accountId`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// The assigned account.
    pub account_id: String,
    /// The component.
    pub component_id: String,
}

/// Checks that `body` has the shape `expect` requires.
///
/// # Errors
/// A sentence naming the field that is missing or of the wrong type, such
/// as `auth.accounts.5a6e….accountId: invalid type: null, expected a string`.
pub fn check_shape<'de, D: Deserializer<'de>>(expect: Expect, body: D) -> Result<(), String> {
    match expect {
        Expect::ComponentAccounts => check::<ComponentAccounts, D>(body),
        Expect::AccountList => check::<Vec<Account>, D>(body),
        Expect::Empty => check::<IgnoredAny, D>(body),
        Expect::TestResult => check::<BTreeMap<String, String>, D>(body),
        Expect::RemovedAccount => check::<RemovedAccount, D>(body),
        Expect::FlowList => check::<Vec<AccountFlow>, D>(body),
        Expect::Ticket => check::<Ticket, D>(body),
        Expect::AuthUrl => check::<AuthUrl, D>(body),
        Expect::SessionStarted => check::<SessionStarted, D>(body),
        Expect::AuthStatus => check::<AuthStatus, D>(body),
        Expect::ClearedComponent => check::<ClearedComponent, D>(body),
        Expect::Assignment => check::<Assignment, D>(body),
    }
}

fn check<'de, T: DeserializeOwned, D: Deserializer<'de>>(body: D) -> Result<(), String> {
    match serde_path_to_error::deserialize::<D, T>(body) {
        Ok(_) => Ok(()),
        Err(error) => {
            let path = error.path().to_string();
            let inner = error.into_inner();
            if path == "." {
                Err(inner.to_string())
            } else {
                Err(format!("{path}: {inner}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(expect: Expect, json: &str) -> Result<(), String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        check_shape(expect, &mut deserializer)
    }

    #[test]
    fn documented_component_accounts_pass() {
        let body = r#"{"componentType":"appmixer.slack.list.SendChannelMessage","auth":{"accounts":{"5a6e21f3b266224186ac7d03":{"accessTokenValid":true,"accountId":"5a6e21f3b266224186ac7d03","tokenId":"5a6e21f3b266224186ac7d04","componentAssigned":true,"componentId":"e25dc901-f92a-46a2-8d29-2573d4ad65e5","scopeValid":true,"authorizedScope":["channels:read","chat:write:user"],"name":"U0UFJ0MFG - client IO","displayName":"client IO"}}}}"#;
        assert_eq!(shape(Expect::ComponentAccounts, body), Ok(()));
    }

    #[test]
    fn account_list_names_bad_field() {
        let body = r#"[{"accountId":"a","service":"s"},{"accountId":7,"service":"s"}]"#;
        let error = shape(Expect::AccountList, body).err().unwrap_or_default();
        assert!(error.starts_with("[1].accountId:"), "{error}");
    }

    #[test]
    fn missing_field_is_named() {
        let error = shape(Expect::Ticket, "{}").err().unwrap_or_default();
        assert!(error.contains("ticket"), "{error}");
    }

    #[test]
    fn test_result_values_must_be_strings() {
        assert_eq!(shape(Expect::TestResult, r#"{"t":"valid"}"#), Ok(()));
        let error = shape(Expect::TestResult, r#"{"t":true}"#).err().unwrap_or_default();
        assert!(error.starts_with("t:"), "{error}");
    }

    #[test]
    fn profile_info_passes_any_shape() {
        let body = r#"[{"accountId":"a","service":"s","profileInfo":{"deep":[1,{"x":null}]}}]"#;
        assert_eq!(shape(Expect::AccountList, body), Ok(()));
    }

    #[test]
    fn auth_status_accepts_nulls() {
        let body = r#"{"accountId":null,"tokenId":null,"finished":false,"updatedAt":"2026-01-01T00:00:00Z","error":null}"#;
        assert_eq!(shape(Expect::AuthStatus, body), Ok(()));
    }
}
