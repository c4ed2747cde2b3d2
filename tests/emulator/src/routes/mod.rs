//! The router: the bearer-protected API, the browser pages and the admin API.

pub mod accounts;
pub mod auth;

use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;

use crate::app::SharedState;
use crate::boom::Boom;

pub fn router(shared: SharedState) -> Router {
    // Route patterns match the raw path, so an encoded `%2F` stays inside its
    // segment; `Segments` then decodes each segment once.
    let api = Router::new()
        .route("/accounts", get(accounts::list))
        .route(
            "/accounts/{account_id}",
            put(accounts::rename).delete(accounts::remove),
        )
        .route("/accounts/{account_id}/test", post(accounts::test))
        .route("/accounts/{account_id}/flows", get(accounts::flows))
        .route("/auth/ticket", post(auth::create_ticket))
        .route("/auth/status/{ticket}", get(auth::status))
        .route(
            "/auth/component/{component_id}",
            delete(auth::clear_component),
        )
        .route(
            "/auth/component/{component_id}/{account_id}",
            put(auth::assign_component),
        )
        .route(
            "/auth/{component_type}",
            get(auth::accounts_for_component_type),
        )
        .route(
            "/auth/{component_type}/auth-url/{ticket}",
            get(auth::auth_url),
        )
        .route(
            "/auth/{component_type}/ticket/{ticket}",
            put(auth::start_session),
        )
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            require_bearer,
        ));

    api.merge(crate::provider::router())
        .merge(crate::admin::router())
        .fallback(not_found)
        // hapi routes by method and path together, so a known path with another
        // method is a 404 there too, not a 405.
        .method_not_allowed_fallback(not_found)
        .with_state(shared)
}

async fn not_found() -> Boom {
    Boom::not_found("Not Found")
}

/// Rejects API calls without `Authorization: Bearer <token>` for this emulator's token.
async fn require_bearer(
    State(shared): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Boom::unauthorized("Missing authentication").into_response();
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if token != Some(shared.token.as_str()) {
        return Boom::unauthorized("Invalid token").into_response();
    }
    next.run(request).await
}

/// Path parameters, each percent-decoded exactly once, with Boom rejections.
pub struct Segments<T>(pub T);

impl<S, T> FromRequestParts<S> for Segments<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Boom;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Boom> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Segments(value)),
            Err(rejection) => Err(Boom::bad_request(rejection.body_text())),
        }
    }
}

/// Returns the decoded query parameters in order, repeated names included.
pub fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// Returns the first value of query parameter `name`, if any.
pub fn query_value(uri: &Uri, name: &str) -> Option<String> {
    query_pairs(uri)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}
