//! WSM Ops server: HTTP API, storage, accounts, the Leptos app and the `wsm` command.
#![deny(missing_docs)]

pub mod auth;
pub mod cli;
pub mod config;
pub mod costs;
pub mod demo;
pub mod domain;
pub mod http;
pub mod jobs;
pub mod myshifts;
pub mod rota;
pub mod statements;
pub mod store;
pub mod web;
pub mod webbench;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::http::AppState;
use crate::store::Store;

/// Builds the whole application router (API, probes, Leptos pages, static bundle).
pub fn app(state: AppState) -> axum::Router {
    let pages = web::routes(&state);
    http::layers(http::routes().merge(pages).with_state(state))
}

/// Builds the state from an opened store and a configuration.
pub fn state(store: Arc<dyn Store>, config: Config) -> AppState {
    let leptos = web::leptos_options(&config.server.site_root);
    AppState { store, config: Arc::new(config), bands: Arc::new(domain::barthel::default_bands()), leptos, jobs: Arc::default() }
}

/// Serves the app on `listener` until `shutdown` resolves. Tests call this on 127.0.0.1:0.
pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
    let app = app(state);
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
