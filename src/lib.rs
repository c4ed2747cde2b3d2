//! Browser SDK for the Appmixer Accounts API.
//!
//! JavaScript constructs [`AppmixerAccounts`] and calls one method per
//! endpoint, or `connectAccount` to run a whole sign-in popup flow. Every
//! method returns a Promise that rejects with an `AppmixerError` carrying a
//! stable `code`.
//!
//! The crate is a plain-Rust core (`api`, `url`, `models`, `error`,
//! `retry`), tested natively, under a thin layer that touches the browser
//! (`transport`, `popup`, `client`, `js_*`), tested in headless Chromium.
#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod models;
pub mod retry;
pub mod url;

pub mod client;
pub mod js_args;
pub mod js_error;
mod js_json;
pub mod log;
pub mod popup;
pub mod transport;
mod types;

pub use client::AppmixerAccounts;
pub use error::{Error, ErrorCode};
