//! Reading arguments and option objects that JavaScript passes.
//!
//! Every check returns `INVALID_ARGUMENT` naming the argument, so a
//! JavaScript caller learns which value to fix.

use crate::error::Error;
use crate::transport::CallOptions;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Reads a required string argument.
pub fn string_arg(name: &str, value: &JsValue) -> Result<String, Error> {
    match value.as_string() {
        Some(text) if !text.trim().is_empty() => Ok(text),
        Some(_) => Err(Error::invalid_argument(format!("{name} must be a non-empty string"))),
        None => Err(Error::invalid_argument(format!(
            "{name} must be a non-empty string, got {}",
            describe(value)
        ))),
    }
}

/// Checks that `options` is an object, `undefined` or `null`.
pub fn options_object(name: &str, options: Option<&JsValue>) -> Result<Option<js_sys::Object>, Error> {
    match options {
        None => Ok(None),
        Some(value) if value.is_undefined() || value.is_null() => Ok(None),
        Some(value) if value.is_object() && !js_sys::Array::is_array(value) => {
            Ok(Some(value.clone().unchecked_into()))
        }
        Some(value) => Err(Error::invalid_argument(format!(
            "{name} must be an object, got {}",
            describe(value)
        ))),
    }
}

/// Reads property `key` of `object`; `undefined` and `null` read as absent.
pub fn property(object: Option<&js_sys::Object>, key: &str) -> Result<Option<JsValue>, Error> {
    let Some(object) = object else {
        return Ok(None);
    };
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| Error::invalid_argument(format!("option {key} could not be read")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Reads an optional non-empty string option.
pub fn string_option(object: Option<&js_sys::Object>, key: &str) -> Result<Option<String>, Error> {
    property(object, key)?
        .map(|value| string_arg(key, &value))
        .transpose()
}

/// Reads an optional whole-number option in `[min, max]`.
pub fn integer_option(object: Option<&js_sys::Object>, key: &str, min: u32, max: u32) -> Result<Option<u32>, Error> {
    let Some(value) = property(object, key)? else {
        return Ok(None);
    };
    match value.as_f64() {
        Some(number) if number.fract() == 0.0 && number >= f64::from(min) && number <= f64::from(max) => {
            Ok(Some(number as u32))
        }
        _ => Err(Error::invalid_argument(format!(
            "{key} must be a whole number from {min} to {max}, got {}",
            describe(&value)
        ))),
    }
}

/// Reads an optional boolean option.
pub fn bool_option(object: Option<&js_sys::Object>, key: &str) -> Result<Option<bool>, Error> {
    let Some(value) = property(object, key)? else {
        return Ok(None);
    };
    value.as_bool().map(Some).ok_or_else(|| {
        Error::invalid_argument(format!("{key} must be a boolean, got {}", describe(&value)))
    })
}

/// Reads an optional function option.
pub fn function_option(object: Option<&js_sys::Object>, key: &str) -> Result<Option<js_sys::Function>, Error> {
    let Some(value) = property(object, key)? else {
        return Ok(None);
    };
    value.dyn_into::<js_sys::Function>().map(Some).map_err(|value| {
        Error::invalid_argument(format!("{key} must be a function, got {}", describe(&value)))
    })
}

/// Longest `timeoutMs` accepted, in milliseconds (24 hours).
pub const MAX_TIMEOUT_MS: u32 = 86_400_000;

/// Reads `{ signal, timeoutMs }` from a per-call options object.
pub fn call_options(object: Option<&js_sys::Object>) -> Result<CallOptions, Error> {
    let signal = match property(object, "signal")? {
        None => None,
        Some(value) => Some(value.dyn_into::<AbortSignal>().map_err(|value| {
            Error::invalid_argument(format!("signal must be an AbortSignal, got {}", describe(&value)))
        })?),
    };
    Ok(CallOptions {
        signal,
        timeout_ms: integer_option(object, "timeoutMs", 1, MAX_TIMEOUT_MS)?,
    })
}

/// Names the type of `value` for an error message without printing it,
/// because the value may be a token.
pub fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("string") => "a string".into(),
        Some("number") => "a number".into(),
        Some("object") => "an object".into(),
        Some(other) => other.to_owned(),
        None => "an unknown value".into(),
    }
}
