//! Admin API under `/__emulator/` for test setup: reset, faults, the request
//! log, auth behaviour, token invalidation and a state dump. It needs no bearer
//! token, is not recorded in the request log and is never subject to faults.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::app::SharedState;
use crate::boom::Boom;
use crate::faults::{FaultRequest, MAX_DELAY_MS};
use crate::routes::Segments;
use crate::state::{self, AuthBehaviour, AuthMode, Store};

pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/health", get(health))
        .route(
            "/__emulator/requests",
            get(list_requests).delete(clear_requests),
        )
        .route(
            "/__emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__emulator/auth", post(set_auth_behaviour))
        .route(
            "/__emulator/accounts/{account_id}/invalid",
            post(set_account_invalid),
        )
        .route("/__emulator/state", get(dump_state))
}

/// Parses a JSON body into `T`, with serde's message in a Boom 400.
fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Boom> {
    serde_json::from_slice(body)
        .map_err(|error| Boom::bad_request(format!("Invalid request body: {error}.")))
}

/// `POST /__emulator/reset`: seed data, no faults, an empty request log and the
/// default auth behaviour.
async fn reset(State(shared): State<SharedState>) -> StatusCode {
    *shared.store.lock().unwrap() = Store::seed();
    shared.faults.lock().unwrap().clear();
    shared.request_log.clear();
    tracing::info!("reset to seed data");
    StatusCode::NO_CONTENT
}

async fn health() -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "ok").into_response()
}

async fn list_requests(State(shared): State<SharedState>) -> Json<Value> {
    Json(serde_json::to_value(shared.request_log.entries()).unwrap_or(Value::Null))
}

async fn clear_requests(State(shared): State<SharedState>) -> StatusCode {
    shared.request_log.clear();
    StatusCode::NO_CONTENT
}

async fn list_faults(State(shared): State<SharedState>) -> Json<Value> {
    let faults = shared.faults.lock().unwrap();
    Json(serde_json::to_value(faults.pending()).unwrap_or(Value::Null))
}

/// `POST /__emulator/faults`: queues a validated fault and returns it with its
/// defaults filled in (201).
async fn add_fault(State(shared): State<SharedState>, body: Bytes) -> Result<Response, Boom> {
    let fault = parse_json::<FaultRequest>(&body)?.validate()?;
    tracing::info!(
        "queued fault {:?} for {} {} x{}",
        fault.kind,
        fault.method,
        fault.path,
        fault.times
    );
    let echo = serde_json::to_value(&fault).unwrap_or(Value::Null);
    shared.faults.lock().unwrap().push(fault);
    Ok((StatusCode::CREATED, Json(echo)).into_response())
}

async fn clear_faults(State(shared): State<SharedState>) -> StatusCode {
    shared.faults.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AuthBehaviourRequest {
    #[serde(default = "default_mode")]
    mode: AuthMode,
    #[serde(default)]
    coop: bool,
    #[serde(default)]
    delay_ms: u64,
    service: Option<String>,
}

fn default_mode() -> AuthMode {
    AuthMode::Approve
}

/// `POST /__emulator/auth`: sets the fake provider's behaviour for flows that
/// reach it from now on, for one service or, without `service`, for every
/// service that has no override of its own.
async fn set_auth_behaviour(
    State(shared): State<SharedState>,
    body: Bytes,
) -> Result<StatusCode, Boom> {
    let request: AuthBehaviourRequest = parse_json(&body)?;
    if request.delay_ms > MAX_DELAY_MS {
        return Err(Boom::bad_request(format!(
            "Invalid delayMs {}: expected 0 to {MAX_DELAY_MS}.",
            request.delay_ms
        )));
    }
    let behaviour = AuthBehaviour {
        mode: request.mode,
        coop: request.coop,
        delay_ms: request.delay_ms,
    };
    let mut store = shared.store.lock().unwrap();
    match request.service {
        Some(service) => {
            if state::service_by_name(&service).is_none() {
                let known: Vec<&str> = state::SERVICES.iter().map(|s| s.name).collect();
                return Err(Boom::bad_request(format!(
                    "Unknown service {service:?}: expected one of {}.",
                    known.join(", ")
                )));
            }
            tracing::info!("auth behaviour for {service}: {behaviour:?}");
            store.service_behaviours.insert(service, behaviour);
        }
        None => {
            tracing::info!("default auth behaviour: {behaviour:?}");
            store.default_behaviour = behaviour;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvalidRequest {
    /// `null` makes the token valid again.
    reason: Option<String>,
}

/// `POST /__emulator/accounts/:accountId/invalid`: `{"reason": "..."}` makes the
/// token fail the test endpoint with that reason and report
/// `accessTokenValid: false`; `{"reason": null}` undoes it.
async fn set_account_invalid(
    State(shared): State<SharedState>,
    Segments(account_id): Segments<String>,
    body: Bytes,
) -> Result<StatusCode, Boom> {
    let value: Value = parse_json(&body)?;
    if value.get("reason").is_none() {
        return Err(Boom::bad_request(
            "Missing reason: expected a string or null.",
        ));
    }
    let request: InvalidRequest = serde_json::from_value(value)
        .map_err(|error| Boom::bad_request(format!("Invalid request body: {error}.")))?;
    if request
        .reason
        .as_deref()
        .is_some_and(|reason| reason.trim().is_empty())
    {
        return Err(Boom::bad_request("Invalid reason: it must not be empty."));
    }
    let mut store = shared.store.lock().unwrap();
    let account = store
        .account_mut(&account_id)
        .ok_or_else(|| Boom::not_found(format!("Account {account_id} not found.")))?;
    account.invalid_reason = request.reason;
    Ok(StatusCode::NO_CONTENT)
}

async fn dump_state(State(shared): State<SharedState>) -> Json<Value> {
    Json(shared.store.lock().unwrap().snapshot())
}
