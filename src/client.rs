//! The `AppmixerAccounts` class that JavaScript constructs.
//!
//! Each method checks its arguments, describes the call with `api` and hands
//! it to the transport. Every failure, argument checks included, rejects the
//! returned Promise with an `AppmixerError`; no method throws synchronously.

use crate::api::{self, Call};
use crate::error::Error;
use crate::js_args::{
    bool_option, call_options, describe, function_option, integer_option, options_object,
    string_arg, string_option, MAX_TIMEOUT_MS,
};
use crate::js_error::to_js;
use crate::log::Logger;
use crate::retry::RetryPolicy;
use crate::transport::{CallOptions, Transport, DEFAULT_TIMEOUT_MS};
use crate::url::BaseUrl;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen]
extern "C" {
    /// `AppmixerAccountsOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "AppmixerAccountsOptions")]
    pub type ClientOptions;
    /// `CallOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type PerCallOptions;
    /// `ComponentOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "ComponentOptions")]
    pub type ComponentCallOptions;
    /// `ListAccountsOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "ListAccountsOptions")]
    pub type ListOptions;
}

/// A client of one Appmixer API for one signed-in Appmixer user.
#[wasm_bindgen]
pub struct AppmixerAccounts {
    pub(crate) transport: Rc<Transport>,
    pub(crate) flows: crate::popup::Flows,
}

#[wasm_bindgen]
impl AppmixerAccounts {
    /// Creates a client.
    ///
    /// Throws an `AppmixerError` with code `INVALID_ARGUMENT` when `baseUrl`
    /// is missing or not an absolute http(s) URL, or an option has the wrong type.
    /// The constructor sends no request.
    #[wasm_bindgen(constructor)]
    pub fn new(options: ClientOptions) -> Result<AppmixerAccounts, JsValue> {
        Self::from_options(&options).map_err(to_js)
    }

    fn from_options(options: &JsValue) -> Result<AppmixerAccounts, Error> {
        let object = options_object("options", Some(options))?.ok_or_else(|| {
            Error::invalid_argument(
                "options are missing: pass { baseUrl, accessToken } to new AppmixerAccounts()",
            )
        })?;
        let object = Some(&object);
        let base = match string_option(object, "baseUrl") {
            Ok(Some(base)) => BaseUrl::parse(&base)?,
            Ok(None) => BaseUrl::parse("")?,
            Err(error) => return Err(error),
        };
        let token = token_option(object)?;
        let defaults = RetryPolicy::default();
        let retry = RetryPolicy {
            max_retries: integer_option(object, "retries", 0, 10)?.unwrap_or(defaults.max_retries),
            base_delay_ms: integer_option(object, "retryBaseDelayMs", 0, 60_000)?
                .unwrap_or(defaults.base_delay_ms),
            max_delay_ms: integer_option(object, "retryMaxDelayMs", 0, 600_000)?
                .unwrap_or(defaults.max_delay_ms),
        };
        let timeout_ms = integer_option(object, "timeoutMs", 1, MAX_TIMEOUT_MS)?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let on_unauthorized = function_option(object, "onUnauthorized")?;
        let logger = Logger::new(bool_option(object, "debug")?.unwrap_or(false));
        let auth_origins = crate::popup::auth_origins_option(object, &base)?;
        Ok(AppmixerAccounts {
            transport: Rc::new(Transport::new(base, token, retry, timeout_ms, on_unauthorized, logger)),
            flows: crate::popup::Flows::new(auth_origins),
        })
    }

    /// Replaces the access token that later requests send. Pass `null` to
    /// clear it. Throws `INVALID_ARGUMENT` for anything but a non-empty string or `null`.
    #[wasm_bindgen(js_name = setAccessToken)]
    pub fn set_access_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | null")] token: JsValue,
    ) -> Result<(), JsValue> {
        if token.is_null() || token.is_undefined() {
            self.transport.set_token(None);
            return Ok(());
        }
        let token = string_arg("accessToken", &token).map_err(to_js)?;
        self.transport.set_token(Some(token));
        Ok(())
    }

    /// Switches debug logging to `console.debug` on or off. Lines give the
    /// method, path, status and retries, never a token.
    #[wasm_bindgen(js_name = setDebug)]
    pub fn set_debug(&self, enabled: bool) {
        self.transport.logger.set_enabled(enabled);
    }

    /// Lists the accounts usable by a component type: `GET /auth/:componentType`.
    ///
    /// Resolves with the API's object unchanged, so accounts stay keyed by id
    /// in `result.auth.accounts`; use `Object.values()` for a list.
    /// Rejects with `INVALID_ARGUMENT`, `UNAUTHORIZED`, `NOT_FOUND` (unknown
    /// component type), `NETWORK`, `TIMEOUT`, `ABORTED` or `INVALID_RESPONSE`.
    #[wasm_bindgen(js_name = getComponentAccounts, unchecked_return_type = "Promise<ComponentAccounts>")]
    pub fn get_component_accounts(
        &self,
        #[wasm_bindgen(js_name = componentType, unchecked_param_type = "string")] component_type: JsValue,
        options: Option<ComponentCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let component_type = string_arg("componentType", &component_type)?;
            let object = options_object("options", options.as_deref())?;
            let component_id = string_option(object.as_ref(), "componentId")?;
            Ok((
                api::get_component_accounts(&component_type, component_id.as_deref())?,
                call_options(object.as_ref())?,
            ))
        })
    }

    /// Lists every account of the user: `GET /accounts`.
    ///
    /// `filter` is one string or an array of strings, each sent as a
    /// `filter` query parameter (`"service:appmixer:slack"`,
    /// `"service:!appmixer:aws"`).
    #[wasm_bindgen(js_name = listAccounts, unchecked_return_type = "Promise<Account[]>")]
    pub fn list_accounts(&self, options: Option<ListOptions>) -> js_sys::Promise {
        self.run(|| {
            let object = options_object("options", options.as_deref())?;
            let filters = match crate::js_args::property(object.as_ref(), "filter")? {
                None => Vec::new(),
                Some(value) if value.is_string() => vec![string_arg("filter", &value)?],
                Some(value) if js_sys::Array::is_array(&value) => js_sys::Array::from(&value)
                    .iter()
                    .map(|item| string_arg("filter", &item))
                    .collect::<Result<_, _>>()?,
                Some(value) => {
                    return Err(Error::invalid_argument(format!(
                        "filter must be a string or an array of strings, got {}",
                        describe(&value)
                    )))
                }
            };
            Ok((api::list_accounts(&filters)?, call_options(object.as_ref())?))
        })
    }

    /// Sets an account's display name: `PUT /accounts/:accountId`.
    /// Resolves with `undefined`, because the API documents an empty body.
    #[wasm_bindgen(js_name = renameAccount, unchecked_return_type = "Promise<void>")]
    pub fn rename_account(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(js_name = displayName, unchecked_param_type = "string")] display_name: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let account_id = string_arg("accountId", &account_id)?;
            let display_name = string_arg("displayName", &display_name)?;
            let object = options_object("options", options.as_deref())?;
            Ok((
                api::rename_account(&account_id, &display_name)?,
                call_options(object.as_ref())?,
            ))
        })
    }

    /// Checks an account's tokens with the third-party service:
    /// `POST /accounts/:accountId/test`. Resolves with a map from token id
    /// to `"valid"` or the reason the token failed. Never retried.
    #[wasm_bindgen(js_name = testAccount, unchecked_return_type = "Promise<TestResult>")]
    pub fn test_account(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.account_call(account_id, options, api::test_account)
    }

    /// Removes an account and stops the flows that use it:
    /// `DELETE /accounts/:accountId`.
    #[wasm_bindgen(js_name = removeAccount, unchecked_return_type = "Promise<RemovedAccount>")]
    pub fn remove_account(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.account_call(account_id, options, api::remove_account)
    }

    /// Lists the flows that use an account: `GET /accounts/:accountId/flows`.
    #[wasm_bindgen(js_name = listAccountFlows, unchecked_return_type = "Promise<AccountFlow[]>")]
    pub fn list_account_flows(
        &self,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.account_call(account_id, options, api::list_account_flows)
    }

    /// Starts an authentication session: `POST /auth/ticket`.
    #[wasm_bindgen(js_name = createAuthTicket, unchecked_return_type = "Promise<AuthTicket>")]
    pub fn create_auth_ticket(&self, options: Option<PerCallOptions>) -> js_sys::Promise {
        self.run(|| {
            let object = options_object("options", options.as_deref())?;
            Ok((api::create_auth_ticket(), call_options(object.as_ref())?))
        })
    }

    /// Gets the URL the sign-in popup opens:
    /// `GET /auth/:componentType/auth-url/:ticket`.
    #[wasm_bindgen(js_name = getAuthUrl, unchecked_return_type = "Promise<AuthUrl>")]
    pub fn get_auth_url(
        &self,
        #[wasm_bindgen(js_name = componentType, unchecked_param_type = "string")] component_type: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue,
        options: Option<ComponentCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let component_type = string_arg("componentType", &component_type)?;
            let ticket = string_arg("ticket", &ticket)?;
            let object = options_object("options", options.as_deref())?;
            let component_id = string_option(object.as_ref(), "componentId")?;
            Ok((
                api::get_auth_url(&component_type, &ticket, component_id.as_deref())?,
                call_options(object.as_ref())?,
            ))
        })
    }

    /// Marks the session as started: `PUT /auth/:componentType/ticket/:ticket`.
    #[wasm_bindgen(js_name = startAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn start_auth_session(
        &self,
        #[wasm_bindgen(js_name = componentType, unchecked_param_type = "string")] component_type: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let component_type = string_arg("componentType", &component_type)?;
            let ticket = string_arg("ticket", &ticket)?;
            let object = options_object("options", options.as_deref())?;
            Ok((
                api::start_auth_session(&component_type, &ticket)?,
                call_options(object.as_ref())?,
            ))
        })
    }

    /// Reads the server's record of a session: `GET /auth/status/:ticket`.
    #[wasm_bindgen(js_name = getAuthStatus, unchecked_return_type = "Promise<AuthStatus>")]
    pub fn get_auth_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let ticket = string_arg("ticket", &ticket)?;
            let object = options_object("options", options.as_deref())?;
            Ok((api::get_auth_status(&ticket)?, call_options(object.as_ref())?))
        })
    }

    /// Removes the account assignment of a component, keeping the account:
    /// `DELETE /auth/component/:componentId`.
    #[wasm_bindgen(js_name = clearComponentAccount, unchecked_return_type = "Promise<ClearedComponent>")]
    pub fn clear_component_account(
        &self,
        #[wasm_bindgen(js_name = componentId, unchecked_param_type = "string")] component_id: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let component_id = string_arg("componentId", &component_id)?;
            let object = options_object("options", options.as_deref())?;
            Ok((
                api::clear_component_account(&component_id)?,
                call_options(object.as_ref())?,
            ))
        })
    }

    /// Assigns an account to a component:
    /// `PUT /auth/component/:componentId/:accountId`.
    #[wasm_bindgen(js_name = assignAccount, unchecked_return_type = "Promise<Assignment>")]
    pub fn assign_account(
        &self,
        #[wasm_bindgen(js_name = componentId, unchecked_param_type = "string")] component_id: JsValue,
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        options: Option<PerCallOptions>,
    ) -> js_sys::Promise {
        self.run(|| {
            let component_id = string_arg("componentId", &component_id)?;
            let account_id = string_arg("accountId", &account_id)?;
            let object = options_object("options", options.as_deref())?;
            Ok((
                api::assign_account(&component_id, &account_id)?,
                call_options(object.as_ref())?,
            ))
        })
    }
}

impl AppmixerAccounts {
    fn account_call(
        &self,
        account_id: JsValue,
        options: Option<PerCallOptions>,
        describe_call: fn(&str) -> Result<Call, Error>,
    ) -> js_sys::Promise {
        self.run(|| {
            let account_id = string_arg("accountId", &account_id)?;
            let object = options_object("options", options.as_deref())?;
            Ok((describe_call(&account_id)?, call_options(object.as_ref())?))
        })
    }

    /// Checks arguments with `prepare`, then sends the call; both kinds of
    /// failure reject the returned Promise.
    fn run(&self, prepare: impl FnOnce() -> Result<(Call, CallOptions), Error>) -> js_sys::Promise {
        send_prepared(self.transport.clone(), prepare())
    }
}

/// Sends a prepared call. Kept apart from the generic `run` so the
/// Promise machinery is compiled once, not once per method.
fn send_prepared(transport: Rc<Transport>, prepared: Result<(Call, CallOptions), Error>) -> js_sys::Promise {
    future_to_promise(async move {
        let (call, options) = prepared.map_err(to_js)?;
        transport.send(call, options).await.map_err(to_js)
    })
}

fn token_option(object: Option<&js_sys::Object>) -> Result<Option<String>, Error> {
    match crate::js_args::property(object, "accessToken")? {
        None => Ok(None),
        Some(value) => string_arg("accessToken", &value).map(Some),
    }
}
