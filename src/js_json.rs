//! [`JsonView`] for parsed JSON in the browser, so response checks read the
//! `JsValue` from `JSON.parse` directly.

use crate::models::{JsonView, Kind};
use wasm_bindgen::{JsCast, JsValue};

impl JsonView for JsValue {
    fn kind(&self) -> Option<Kind> {
        if self.is_null() {
            Some(Kind::Null)
        } else if self.as_bool().is_some() {
            Some(Kind::Bool)
        } else if self.as_f64().is_some() {
            Some(Kind::Number)
        } else if self.is_string() {
            Some(Kind::String)
        } else if js_sys::Array::is_array(self) {
            Some(Kind::Array)
        } else if self.is_object() && !self.is_function() {
            Some(Kind::Object)
        } else {
            None
        }
    }

    fn member(&self, key: &str) -> Option<JsValue> {
        if !self.is_object() {
            return None;
        }
        js_sys::Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|value| !value.is_undefined())
    }

    fn items(&self) -> Vec<JsValue> {
        js_sys::Array::from(self).iter().collect()
    }

    fn entries(&self) -> Vec<(String, JsValue)> {
        let Some(object) = self.dyn_ref::<js_sys::Object>() else {
            return Vec::new();
        };
        js_sys::Object::entries(object)
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
            })
            .collect()
    }

    fn as_string(&self) -> Option<String> {
        JsValue::as_string(self)
    }

    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
}
