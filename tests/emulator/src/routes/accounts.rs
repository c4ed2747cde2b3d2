//! `/accounts` endpoints.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Map, Value};

use super::{query_pairs, Segments};
use crate::app::SharedState;
use crate::boom::Boom;
use crate::state::{Account, FlowState};

/// Maximum length of a display name the rename call accepts, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 256;

/// Account fields that `filter=field:value` can test.
const FILTER_FIELDS: [&str; 5] = ["accountId", "name", "service", "label", "userId"];

/// One `filter` query parameter: `field:value` keeps equal values, `field:!value`
/// drops them.
struct Filter {
    field: String,
    value: String,
    negated: bool,
}

impl Filter {
    fn parse(raw: &str) -> Result<Filter, Boom> {
        let invalid = || {
            Boom::bad_request(format!(
                "Invalid filter {raw:?}: expected field:value or field:!value, with field one of {}.",
                FILTER_FIELDS.join(", ")
            ))
        };
        let (field, rest) = raw.split_once(':').ok_or_else(invalid)?;
        if !FILTER_FIELDS.contains(&field) {
            return Err(invalid());
        }
        let (negated, value) = match rest.strip_prefix('!') {
            Some(value) => (true, value),
            None => (false, rest),
        };
        if value.is_empty() {
            return Err(invalid());
        }
        Ok(Filter {
            field: field.to_owned(),
            value: value.to_owned(),
            negated,
        })
    }

    fn keeps(&self, account: &Account) -> bool {
        let actual = match self.field.as_str() {
            "accountId" => &account.account_id,
            "name" => &account.name,
            "service" => &account.service,
            "label" => &account.label,
            _ => &account.user_id,
        };
        (actual == &self.value) != self.negated
    }
}

/// `GET /accounts`: every account, narrowed by all `filter` parameters together.
pub async fn list(State(shared): State<SharedState>, uri: Uri) -> Result<Json<Value>, Boom> {
    let filters = query_pairs(&uri)
        .into_iter()
        .filter(|(key, _)| key == "filter")
        .map(|(_, value)| Filter::parse(&value))
        .collect::<Result<Vec<_>, _>>()?;
    let store = shared.store.lock().unwrap();
    let accounts: Vec<Value> = store
        .accounts
        .iter()
        .filter(|account| filters.iter().all(|filter| filter.keeps(account)))
        .map(Account::list_item)
        .collect();
    Ok(Json(Value::Array(accounts)))
}

fn account_not_found(account_id: &str) -> Boom {
    Boom::not_found(format!("Account {account_id} not found."))
}

/// Validates the rename body `{"displayName": "..."}` the way hapi's Joi
/// validation would: an object with exactly that key, a non-blank string of at
/// most 256 characters.
fn parse_display_name(body: &[u8]) -> Result<String, Boom> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| Boom::bad_request("Invalid request payload JSON format"))?;
    let Value::Object(object) = value else {
        return Err(Boom::bad_request("\"value\" must be an object"));
    };
    if let Some(key) = object.keys().find(|key| *key != "displayName") {
        return Err(Boom::bad_request(format!("\"{key}\" is not allowed")));
    }
    let display_name = match object.get("displayName") {
        None => return Err(Boom::bad_request("\"displayName\" is required")),
        Some(Value::String(name)) => name,
        Some(_) => return Err(Boom::bad_request("\"displayName\" must be a string")),
    };
    if display_name.trim().is_empty() {
        return Err(Boom::bad_request(
            "\"displayName\" is not allowed to be empty",
        ));
    }
    if display_name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(Boom::bad_request(format!(
            "\"displayName\" length must be less than or equal to {MAX_DISPLAY_NAME_CHARS} characters long"
        )));
    }
    Ok(display_name.clone())
}

/// `PUT /accounts/:accountId`: responds 200 with an empty body, as documented.
/// The body is validated before the account is looked up, as in hapi.
pub async fn rename(
    State(shared): State<SharedState>,
    Segments(account_id): Segments<String>,
    body: Bytes,
) -> Result<StatusCode, Boom> {
    let display_name = parse_display_name(&body)?;
    let mut store = shared.store.lock().unwrap();
    let account = store
        .account_mut(&account_id)
        .ok_or_else(|| account_not_found(&account_id))?;
    account.display_name = Some(display_name);
    Ok(StatusCode::OK)
}

/// `POST /accounts/:accountId/test`: `{tokenId: "valid"}`, or the reason set
/// through the admin API in place of `"valid"`.
pub async fn test(
    State(shared): State<SharedState>,
    Segments(account_id): Segments<String>,
) -> Result<Json<Value>, Boom> {
    let store = shared.store.lock().unwrap();
    let account = store
        .account(&account_id)
        .ok_or_else(|| account_not_found(&account_id))?;
    let result = account.invalid_reason.as_deref().unwrap_or("valid");
    let mut body = Map::new();
    body.insert(account.token_id.clone(), Value::from(result));
    Ok(Json(Value::Object(body)))
}

/// `DELETE /accounts/:accountId`: also clears the account's component
/// assignments and stops every flow that uses it.
pub async fn remove(
    State(shared): State<SharedState>,
    Segments(account_id): Segments<String>,
) -> Result<Json<Value>, Boom> {
    let mut store = shared.store.lock().unwrap();
    let index = store
        .accounts
        .iter()
        .position(|account| account.account_id == account_id)
        .ok_or_else(|| account_not_found(&account_id))?;
    store.accounts.remove(index);
    store
        .assignments
        .retain(|(_, account)| *account != account_id);
    for flow in &mut store.flows {
        if flow.account_ids.contains(&account_id) {
            flow.state = FlowState::Stopped;
        }
    }
    tracing::info!("removed account {account_id}");
    Ok(Json(json!({ "accountId": account_id })))
}

/// `GET /accounts/:accountId/flows`: running and stopped flows alike.
pub async fn flows(
    State(shared): State<SharedState>,
    Segments(account_id): Segments<String>,
) -> Result<Json<Value>, Boom> {
    let store = shared.store.lock().unwrap();
    store
        .account(&account_id)
        .ok_or_else(|| account_not_found(&account_id))?;
    let flows: Vec<Value> = store
        .flows
        .iter()
        .filter(|flow| flow.account_ids.contains(&account_id))
        .map(|flow| json!({ "flowId": flow.flow_id, "name": flow.name }))
        .collect();
    Ok(Json(Value::Array(flows)))
}
