//! The WSM Ops web app: server-rendered first (fast on a cheap phone), hydrated for
//! interaction. Polish by default, English on request.
#![deny(missing_docs)]

#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod app;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod i18n;
pub mod model;

pub use app::{shell, App};

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
