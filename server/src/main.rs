//! `wsm`: thin entry point; everything lives in the library.
#![forbid(unsafe_code)]

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    wsm_server::cli::run(wsm_server::cli::Cli::parse()).await
}
