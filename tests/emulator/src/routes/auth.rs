//! `/auth` endpoints: accounts per component type, authentication sessions
//! (tickets) and component assignments.

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::Json;
use serde_json::{json, Map, Value};

use super::{query_value, Segments};
use crate::app::SharedState;
use crate::boom::Boom;
use crate::ids;
use crate::server::request_origin;
use crate::state::{self, AuthKind, Service, Ticket};

fn component_type_not_found(component_type: &str) -> Boom {
    Boom::not_found(format!("Component type {component_type} not found."))
}

fn ticket_not_found(ticket: &str) -> Boom {
    Boom::not_found(format!("Ticket {ticket} not found."))
}

fn lookup_service(component_type: &str) -> Result<&'static Service, Boom> {
    state::service_for_component_type(component_type)
        .ok_or_else(|| component_type_not_found(component_type))
}

/// Percent-encodes a query value, `:` and `/` included, as the vendor's sample auth URL does.
fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `GET /auth/:componentType?componentId=`: the accounts of the component
/// type's service, keyed by account id.
///
/// `componentAssigned` is whether the account is assigned to the queried
/// component. `componentId` is the queried component when assigned to it,
/// else the first component the account was assigned to, else `null`.
pub async fn accounts_for_component_type(
    State(shared): State<SharedState>,
    Segments(component_type): Segments<String>,
    uri: Uri,
) -> Result<Json<Value>, Boom> {
    let service = lookup_service(&component_type)?;
    let queried_component = query_value(&uri, "componentId");
    let required_scope: &[&str] = match service.auth {
        AuthKind::OAuth { scope, .. } => scope,
        AuthKind::ApiKey => &[],
    };
    let store = shared.store.lock().unwrap();
    let mut accounts = Map::new();
    for account in store.accounts.iter().filter(|a| a.service == service.name) {
        let assigned_to_query = queried_component.as_deref().is_some_and(|component| {
            store.assigned_account(component) == Some(account.account_id.as_str())
        });
        let component_id = if assigned_to_query {
            queried_component.clone()
        } else {
            store
                .assignments
                .iter()
                .find(|(_, assigned)| *assigned == account.account_id)
                .map(|(component, _)| component.clone())
        };
        let scope_valid = required_scope
            .iter()
            .all(|scope| account.authorized_scope.iter().any(|s| s == scope));
        accounts.insert(
            account.account_id.clone(),
            json!({
                "accessTokenValid": account.invalid_reason.is_none(),
                "accountId": account.account_id,
                "tokenId": account.token_id,
                "componentAssigned": assigned_to_query,
                "componentId": component_id,
                "scopeValid": scope_valid,
                "authorizedScope": account.authorized_scope,
                "name": account.name,
                "displayName": account.display_name,
            }),
        );
    }
    Ok(Json(json!({
        "componentType": component_type,
        "auth": { "accounts": accounts },
    })))
}

/// `POST /auth/ticket`: a new session ticket, `<userId>:<uuid v4>`.
pub async fn create_ticket(State(shared): State<SharedState>) -> Json<Value> {
    let ticket = ids::new_ticket();
    let record = Ticket {
        ticket: ticket.clone(),
        component_type: None,
        component_id: None,
        started: false,
        finished: false,
        account_id: None,
        token_id: None,
        error: None,
        updated_at: ids::now_iso8601(),
    };
    shared
        .store
        .lock()
        .unwrap()
        .tickets
        .insert(ticket.clone(), record);
    Json(json!({ "ticket": ticket }))
}

/// `GET /auth/:componentType/auth-url/:ticket?componentId=`: for OAuth services
/// the fake provider's authorize URL on this server, for API-key services the
/// key form that this server serves. Both use the request's `Host`.
pub async fn auth_url(
    State(shared): State<SharedState>,
    Segments((component_type, ticket)): Segments<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<Value>, Boom> {
    let service = lookup_service(&component_type)?;
    let mut store = shared.store.lock().unwrap();
    let record = store
        .tickets
        .get_mut(&ticket)
        .ok_or_else(|| ticket_not_found(&ticket))?;
    record.component_type = Some(component_type.clone());
    if let Some(component_id) = query_value(&uri, "componentId") {
        record.component_id = Some(component_id);
    }
    record.updated_at = ids::now_iso8601();

    let origin = request_origin(&headers, shared.listen_addr);
    let url = match service.auth {
        AuthKind::OAuth { client_id, scope } => {
            let redirect_uri = format!("{origin}/auth/{}/callback", service.short_name);
            format!(
                "{origin}/__provider/oauth/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&scope={}",
                encode(client_id),
                encode(&redirect_uri),
                encode(&ticket),
                encode(&scope.join(",")),
            )
        }
        AuthKind::ApiKey => format!(
            "{origin}/auth/{}/form?ticket={}",
            service.short_name,
            encode(&ticket)
        ),
    };
    Ok(Json(json!({ "authUrl": url })))
}

/// `PUT /auth/:componentType/ticket/:ticket`: marks the session started, which
/// the callback requires before it creates an account.
pub async fn start_session(
    State(shared): State<SharedState>,
    Segments((component_type, ticket)): Segments<(String, String)>,
) -> Result<Json<Value>, Boom> {
    let service = lookup_service(&component_type)?;
    let mut store = shared.store.lock().unwrap();
    let record = store
        .tickets
        .get_mut(&ticket)
        .ok_or_else(|| ticket_not_found(&ticket))?;
    record.component_type = Some(component_type);
    record.started = true;
    record.updated_at = ids::now_iso8601();
    Ok(Json(json!({ "service": service.name })))
}

/// `GET /auth/status/:ticket`: the server-side result of the session.
pub async fn status(
    State(shared): State<SharedState>,
    Segments(ticket): Segments<String>,
) -> Result<Json<Value>, Boom> {
    let store = shared.store.lock().unwrap();
    let record = store
        .tickets
        .get(&ticket)
        .ok_or_else(|| ticket_not_found(&ticket))?;
    Ok(Json(json!({
        "accountId": record.account_id,
        "tokenId": record.token_id,
        "finished": record.finished,
        "updatedAt": record.updated_at,
        "error": record.error,
    })))
}

/// `DELETE /auth/component/:componentId`: removes the assignment, not the
/// account. A component never seen before is a 404.
pub async fn clear_component(
    State(shared): State<SharedState>,
    Segments(component_id): Segments<String>,
) -> Result<Json<Value>, Boom> {
    let mut store = shared.store.lock().unwrap();
    if !store.known_components.contains(&component_id) {
        return Err(Boom::not_found(format!(
            "Component {component_id} not found."
        )));
    }
    store
        .assignments
        .retain(|(component, _)| *component != component_id);
    Ok(Json(json!({ "componentId": component_id })))
}

/// `PUT /auth/component/:componentId/:accountId`: any component id is
/// accepted, because components are created by the Designer, which the
/// emulator does not model. An existing assignment is replaced.
pub async fn assign_component(
    State(shared): State<SharedState>,
    Segments((component_id, account_id)): Segments<(String, String)>,
) -> Result<Json<Value>, Boom> {
    let mut store = shared.store.lock().unwrap();
    if store.account(&account_id).is_none() {
        return Err(Boom::not_found(format!("Account {account_id} not found.")));
    }
    store.remember_component(&component_id);
    store
        .assignments
        .retain(|(component, _)| *component != component_id);
    store
        .assignments
        .push((component_id.clone(), account_id.clone()));
    Ok(Json(
        json!({ "accountId": account_id, "componentId": component_id }),
    ))
}
