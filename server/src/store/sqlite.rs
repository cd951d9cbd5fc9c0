//! SQLite implementation: the embedded default, one file.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{SqliteConnection, SqlitePool};

/// The store on an SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file of `url`.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(max_connections.max(1)).connect_with(opts).await?;
        Ok(Self { pool })
    }
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

super::sql::impl_store!(SqliteStore, sqlx::Sqlite, SqliteConnection, "sqlite", "BEGIN IMMEDIATE");
super::costs::impl_cost_store!(SqliteStore, sqlx::Sqlite, "BEGIN IMMEDIATE");
super::selfservice::impl_self_service_store!(SqliteStore, "BEGIN IMMEDIATE");
