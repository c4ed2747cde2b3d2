//! The JavaScript `AppmixerError` class and the conversion into it.

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/appmixer-error.js")]
extern "C" {
    /// The `Error` subclass defined in `js/appmixer-error.js`.
    #[wasm_bindgen(extends = js_sys::Error, typescript_type = "AppmixerError")]
    pub type AppmixerError;

    #[wasm_bindgen(constructor)]
    fn new(
        code: &str,
        message: &str,
        status: Option<u16>,
        server_message: Option<String>,
        cause: JsValue,
    ) -> AppmixerError;

    /// Returns the stable error code.
    #[wasm_bindgen(method, getter)]
    pub fn code(this: &AppmixerError) -> String;
}

impl From<Error> for AppmixerError {
    fn from(error: Error) -> AppmixerError {
        AppmixerError::new(
            error.code.as_str(),
            &error.message,
            error.status,
            error.server_message,
            JsValue::UNDEFINED,
        )
    }
}

/// Converts an SDK error into the value a Promise rejects with.
pub fn to_js(error: Error) -> JsValue {
    AppmixerError::from(error).into()
}
