//! The emulated tenant's data: seed values, the in-memory store and the
//! catalogue of component types.

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use crate::ids::{self, USER_ID};

/// Placeholder icon, kept verbatim from the vendor's sample responses.
pub const SAMPLE_ICON: &str = "data:image/png;base64,...rkJggg==";

pub const SLACK_ACCOUNT_ID: &str = "5a6e21f3b266224186ac7d03";
pub const SLACK_TOKEN_ID: &str = "5a6e21f3b266224186ac7d04";
pub const PIPEDRIVE_ACCOUNT_ID: &str = "5a7313abb3a60729efe76f1e";
/// The vendor's samples give no token id for this account, so this one is made up.
pub const PIPEDRIVE_TOKEN_ID: &str = "5a7313abb3a60729efe76f1f";
pub const SLACK_COMPONENT_ID: &str = "e25dc901-f92a-46a2-8d29-2573d4ad65e5";
pub const FLOW_IDS: [&str; 3] = [
    "9251b4b6-4cdb-42ad-9431-1843e05307be",
    "777d3024-43f6-4034-ac98-1cb5f320cb3a",
    "9089f275-f5a5-4796-ba23-365412c5666e",
];

/// How a service's accounts are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// OAuth 2 authorization code flow through the fake provider.
    OAuth {
        client_id: &'static str,
        scope: &'static [&'static str],
    },
    /// An API key typed into a form that the API itself serves.
    ApiKey,
}

/// A service that component types authenticate against.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// Full name such as `appmixer:slack`.
    pub name: &'static str,
    /// Last part of the name, used in the callback and form paths.
    pub short_name: &'static str,
    pub label: &'static str,
    pub auth: AuthKind,
}

pub const SERVICES: [Service; 3] = [
    Service {
        name: "appmixer:slack",
        short_name: "slack",
        label: "Slack",
        auth: AuthKind::OAuth {
            client_id: "25316748213.218351034294",
            scope: &["channels:read", "chat:write:user"],
        },
    },
    Service {
        name: "appmixer:google",
        short_name: "google",
        label: "Google",
        auth: AuthKind::OAuth {
            client_id: "emulator-google-client.apps.example.com",
            scope: &["https://www.googleapis.com/auth/gmail.send"],
        },
    },
    Service {
        name: "appmixer:pipedrive",
        short_name: "pipedrive",
        label: "Pipedrive",
        auth: AuthKind::ApiKey,
    },
];

/// Component types and the service each authenticates against.
pub const COMPONENT_TYPES: [(&str, &str); 3] = [
    ("appmixer.slack.list.SendChannelMessage", "appmixer:slack"),
    ("appmixer.google.gmail.SendEmail", "appmixer:google"),
    (
        "appmixer.pipedrive.people.CreatePerson",
        "appmixer:pipedrive",
    ),
];

pub fn service_by_name(name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|service| service.name == name)
}

pub fn service_by_short_name(short_name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|service| service.short_name == short_name)
}

pub fn service_by_client_id(client_id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|service| match service.auth {
        AuthKind::OAuth { client_id: id, .. } => id == client_id,
        AuthKind::ApiKey => false,
    })
}

pub fn service_for_component_type(component_type: &str) -> Option<&'static Service> {
    COMPONENT_TYPES
        .iter()
        .find(|(name, _)| *name == component_type)
        .and_then(|(_, service)| service_by_name(service))
}

/// One connected account and its single token.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub account_id: String,
    pub name: String,
    pub display_name: Option<String>,
    pub service: String,
    pub user_id: String,
    pub profile_info: Value,
    pub icon: String,
    pub label: String,
    pub token_id: String,
    pub authorized_scope: Vec<String>,
    /// Reason the token fails `POST /accounts/:id/test`; `None` while it is valid.
    pub invalid_reason: Option<String>,
}

impl Account {
    /// Renders the item shape of `GET /accounts`.
    pub fn list_item(&self) -> Value {
        json!({
            "accountId": self.account_id,
            "name": self.name,
            "displayName": self.display_name,
            "service": self.service,
            "userId": self.user_id,
            "profileInfo": self.profile_info,
            "icon": self.icon,
            "label": self.label,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowState {
    Running,
    Stopped,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub flow_id: String,
    pub name: String,
    /// Accounts the flow uses. Kept after an account is removed, so the state
    /// dump still shows why the flow stopped.
    pub account_ids: Vec<String>,
    pub component_ids: Vec<String>,
    pub state: FlowState,
}

/// An authentication session, from `POST /auth/ticket` to the provider's callback.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    pub ticket: String,
    /// Set by the auth-url or start call, whichever comes first.
    pub component_type: Option<String>,
    pub component_id: Option<String>,
    pub started: bool,
    pub finished: bool,
    pub account_id: Option<String>,
    pub token_id: Option<String>,
    pub error: Option<String>,
    pub updated_at: String,
}

/// What the fake provider does when a browser opens an auth URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// Redirect to the callback with a code after `delayMs`.
    Approve,
    /// Redirect to the callback with `error=access_denied` after `delayMs`.
    Deny,
    /// Show a consent page or API-key form that a person fills in.
    Manual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthBehaviour {
    pub mode: AuthMode,
    /// Send `Cross-Origin-Opener-Policy: same-origin` from the provider's pages.
    pub coop: bool,
    pub delay_ms: u64,
}

impl Default for AuthBehaviour {
    fn default() -> Self {
        AuthBehaviour {
            mode: AuthMode::Approve,
            coop: false,
            delay_ms: 0,
        }
    }
}

/// Everything that `POST /__emulator/reset` restores.
#[derive(Debug, Clone)]
pub struct Store {
    pub accounts: Vec<Account>,
    /// (componentId, accountId) pairs in assignment order; a component has at most one.
    pub assignments: Vec<(String, String)>,
    /// Every component id ever seen: seeded, assigned or cleared.
    pub known_components: Vec<String>,
    pub flows: Vec<Flow>,
    pub tickets: BTreeMap<String, Ticket>,
    /// Authorization codes that the fake provider issued and no callback used yet.
    pub issued_codes: BTreeMap<String, String>,
    pub default_behaviour: AuthBehaviour,
    /// Per-service overrides of `default_behaviour`, keyed by service name.
    pub service_behaviours: BTreeMap<String, AuthBehaviour>,
    /// Number of accounts created through the auth flow, for readable names.
    pub created_accounts: u64,
}

impl Store {
    pub fn seed() -> Store {
        let slack = Account {
            account_id: SLACK_ACCOUNT_ID.into(),
            name: "U0UFJ0MFG - client IO".into(),
            display_name: Some("client IO".into()),
            service: "appmixer:slack".into(),
            user_id: USER_ID.into(),
            profile_info: json!({ "id": "U0UFJ0MFG - client IO" }),
            icon: SAMPLE_ICON.into(),
            label: "Slack".into(),
            token_id: SLACK_TOKEN_ID.into(),
            authorized_scope: vec!["channels:read".into(), "chat:write:user".into()],
            invalid_reason: None,
        };
        let pipedrive = Account {
            account_id: PIPEDRIVE_ACCOUNT_ID.into(),
            name: "t.o.mas@client.io".into(),
            display_name: None,
            service: "appmixer:pipedrive".into(),
            user_id: USER_ID.into(),
            profile_info: json!({ "name": "tomas", "email": "t.o.mas@client.io" }),
            icon: SAMPLE_ICON.into(),
            label: "Pipedrive".into(),
            token_id: PIPEDRIVE_TOKEN_ID.into(),
            authorized_scope: Vec::new(),
            invalid_reason: None,
        };
        let flows = FLOW_IDS
            .iter()
            .enumerate()
            .map(|(index, flow_id)| Flow {
                flow_id: (*flow_id).into(),
                name: format!("Flow #{}", index + 1),
                account_ids: vec![SLACK_ACCOUNT_ID.into()],
                component_ids: if index == 0 {
                    vec![SLACK_COMPONENT_ID.into()]
                } else {
                    Vec::new()
                },
                state: FlowState::Running,
            })
            .collect();
        Store {
            accounts: vec![slack, pipedrive],
            assignments: vec![(SLACK_COMPONENT_ID.into(), SLACK_ACCOUNT_ID.into())],
            known_components: vec![SLACK_COMPONENT_ID.into()],
            flows,
            tickets: BTreeMap::new(),
            issued_codes: BTreeMap::new(),
            default_behaviour: AuthBehaviour::default(),
            service_behaviours: BTreeMap::new(),
            created_accounts: 0,
        }
    }

    pub fn account(&self, account_id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.account_id == account_id)
    }

    pub fn account_mut(&mut self, account_id: &str) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|a| a.account_id == account_id)
    }

    /// Records a component id so that a later clear of it is not a 404.
    pub fn remember_component(&mut self, component_id: &str) {
        if !self.known_components.iter().any(|c| c == component_id) {
            self.known_components.push(component_id.to_owned());
        }
    }

    pub fn assigned_account(&self, component_id: &str) -> Option<&str> {
        self.assignments
            .iter()
            .find(|(component, _)| component == component_id)
            .map(|(_, account)| account.as_str())
    }

    pub fn behaviour_for(&self, service: &str) -> AuthBehaviour {
        self.service_behaviours
            .get(service)
            .copied()
            .unwrap_or(self.default_behaviour)
    }

    /// Creates a new account for `service`, as a finished auth flow does.
    pub fn create_account(&mut self, service: &Service) -> Account {
        self.created_accounts += 1;
        let email = format!("user{}@example.com", self.created_accounts);
        let scope = match service.auth {
            AuthKind::OAuth { scope, .. } => scope.iter().map(|s| (*s).to_owned()).collect(),
            AuthKind::ApiKey => Vec::new(),
        };
        let account = Account {
            account_id: ids::new_object_id(),
            name: email.clone(),
            display_name: None,
            service: service.name.into(),
            user_id: USER_ID.into(),
            profile_info: json!({ "id": email, "email": email }),
            icon: SAMPLE_ICON.into(),
            label: service.label.into(),
            token_id: ids::new_object_id(),
            authorized_scope: scope,
            invalid_reason: None,
        };
        self.accounts.push(account.clone());
        account
    }

    /// Renders `GET /__emulator/state`.
    pub fn snapshot(&self) -> Value {
        let tickets: Vec<&Ticket> = self.tickets.values().collect();
        let assignments: serde_json::Map<String, Value> = self
            .assignments
            .iter()
            .map(|(component, account)| (component.clone(), Value::from(account.as_str())))
            .collect();
        json!({
            "accounts": self.accounts,
            "assignments": assignments,
            "flows": self.flows,
            "tickets": tickets,
            "authBehaviour": {
                "default": self.default_behaviour,
                "services": self.service_behaviours,
            },
        })
    }
}
