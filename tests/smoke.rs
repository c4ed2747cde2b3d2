//! Checks the browser test wiring: headless Chromium runs this crate's wasm
//! tests, and they reach the emulator that `scripts/with-emulator.sh`
//! started and named in `APPMIXER_EMULATOR_URL` at compile time.
#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn emulator_health_returns_200() {
    let Some(base_url) = option_env!("APPMIXER_EMULATOR_URL") else {
        panic!(
            "APPMIXER_EMULATOR_URL was not set when this test was compiled; \
             run the browser tests through `make test`, which starts the emulator"
        );
    };
    let url = format!("{}/__emulator/health", base_url.trim_end_matches('/'));

    let response = Request::get(&url)
        .send()
        .await
        .unwrap_or_else(|error| panic!("GET {url} failed: {error}"));

    assert_eq!(response.status(), 200, "GET {url} returned {}", response.status());
}
