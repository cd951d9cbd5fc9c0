//! The `wsm` command line.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::store::model::{NewUser, Role};

/// WSM Ops: the operations system for supported-housing communities (WSM).
#[derive(Debug, Parser)]
#[command(name = "wsm", version, about)]
pub struct Cli {
    /// Configuration file (default: ./wsm.toml if present; also WSM_CONFIG).
    #[arg(long, global = true, env = "WSM_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum Command {
    /// Migrate the database and serve the app.
    Serve {
        /// Address to listen on (default 127.0.0.1:3000).
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Load the demo facility (skipped if it is already there).
    Demo {
        #[command(flatten)]
        db: DbArg,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

/// The database flag.
#[derive(Debug, Args)]
pub struct DbArg {
    /// Database URL: sqlite://FILE or postgres://… (default: SQLite file in the data directory).
    #[arg(long)]
    pub database: Option<String>,
}

/// Account subcommands.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum UserCommand {
    /// Create an account.
    Add {
        /// admin, manager, staff or funder.
        #[arg(long)]
        role: String,
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Staff record (staff accounts).
        #[arg(long)]
        staff_id: Option<i64>,
        /// Facility a manager manages / a funder funds (repeatable).
        #[arg(long = "facility")]
        facilities: Vec<i64>,
        #[command(flatten)]
        db: DbArg,
    },
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log.level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if config.log.format == "json" { builder.json().try_init() } else { builder.try_init() };
}

async fn open(config: &Config) -> anyhow::Result<std::sync::Arc<dyn crate::store::Store>> {
    let url = config.database_url();
    if url.starts_with("sqlite:") && config.database.url.is_empty() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let store = crate::store::open(&url, config.database.max_connections).await?;
    store.migrate().await?;
    tracing::info!(backend = store.backend(), url = %crate::config::redact(&url), "database ready");
    Ok(store)
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    let db = match &cli.command {
        Command::Serve { db, .. } | Command::Migrate { db } | Command::Demo { db } => db,
        Command::User { command: UserCommand::Add { db, .. } } => db,
    };
    if let Some(url) = &db.database {
        config.database.url = url.clone();
    }
    if let Command::Serve { bind: Some(b), .. } = &cli.command {
        config.server.bind = b.clone();
    }
    init_logging(&config);
    match cli.command {
        Command::Serve { .. } => {
            let store = open(&config).await?;
            let listener = tokio::net::TcpListener::bind(&config.server.bind).await?;
            tracing::info!(address = %listener.local_addr()?, "listening");
            if config.log.format != "json" {
                // For people and scripts; JSON log shippers get only JSON lines.
                println!("WSM Ops listening on http://{}", listener.local_addr()?);
            }
            let state = crate::state(store, config);
            crate::serve(listener, state, shutdown_signal()).await
        }
        Command::Migrate { .. } => {
            open(&config).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { .. } => {
            let store = open(&config).await?;
            crate::demo::load(store.as_ref()).await
        }
        Command::User { command: UserCommand::Add { role, email, password_stdin, staff_id, facilities, .. } } => {
            let role = Role::from_code(&role).ok_or_else(|| anyhow::anyhow!("--role must be admin, manager, staff or funder"))?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                std::env::var("WSM_PASSWORD").map_err(|_| anyhow::anyhow!("give the password on standard input with --password-stdin (or in WSM_PASSWORD)"))?
            };
            let new = NewUser { email, password, role, staff_id, facility_ids: facilities };
            crate::http::people::validate_new_user(&new).map_err(|e| anyhow::anyhow!("{e}: {}", error_field(&e)))?;
            let store = open(&config).await?;
            let hash = crate::auth::hash_password(&new.password)?;
            let user = store.create_user(&new, &hash).await?;
            println!("created {} account {} (id {})", user.role.code(), user.email, user.id);
            Ok(())
        }
    }
}

fn error_field(e: &crate::http::error::AppError) -> String {
    match e {
        crate::http::error::AppError::Invalid(r) => r.field.clone(),
        _ => String::new(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
