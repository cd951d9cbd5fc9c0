//! The WSM Ops web app: server-rendered first (fast on a cheap phone), hydrated for
//! interaction. Polish by default, English on request.
#![deny(missing_docs)]
// The planner's view types nest deeply; the compiler needs a higher limit to lay them out.
#![recursion_limit = "512"]

#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod app;
#[cfg(feature = "ssr")]
pub mod backend;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod building;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod costs;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod dashboard;
pub mod i18n;
pub mod model;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod plan;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod planner;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod staff;
pub mod ui;
#[allow(missing_docs)] // the #[server] macro generates argument structs
pub mod unitrota;

pub use app::{shell, App};

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
