//! PostgreSQL implementation: production and many-facility operators.

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};

/// The store on a PostgreSQL database.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url`.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool })
    }
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

super::sql::impl_store!(PgStore, sqlx::Postgres, PgConnection, "postgres", "BEGIN");
super::costs::impl_cost_store!(PgStore, sqlx::Postgres, "BEGIN");
super::selfservice::impl_self_service_store!(PgStore, "BEGIN");
