//! Storage of staff self-service: calendar-feed tokens (hashed, revocable) and requests (a day
//! off or a wish to work, with a reason and a manager's decision). A trait beside
//! [`super::Store`] (its supertrait), compiled for both databases by [`impl_self_service_store!`].

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Result;

/// A staff request as stored and answered.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize, ToSchema)]
pub struct StaffRequest {
    /// Id.
    pub id: i64,
    /// The worker.
    pub staff_id: i64,
    /// The day.
    pub date: NaiveDate,
    /// A shift type, or none for the whole day.
    pub shift: Option<String>,
    /// True: wishes to work it; false: wishes to be off.
    pub want: bool,
    /// Why.
    pub reason: String,
    /// pending, accepted or declined.
    pub status: String,
    /// When decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// When asked.
    pub created_at: DateTime<Utc>,
    /// Edit version (If-Match for a decision).
    pub version: i64,
}

/// Storage of staff self-service.
#[async_trait]
pub trait SelfServiceStore: Send + Sync + 'static {
    /// Stores a new calendar token for a user and revokes the user's earlier ones.
    async fn replace_calendar_token(&self, user_id: i64, token_hash: &str) -> Result<()>;
    /// Revokes every calendar token of a user; how many were live.
    async fn revoke_calendar_tokens(&self, user_id: i64) -> Result<u64>;
    /// The user of a live calendar token.
    async fn calendar_token_user(&self, token_hash: &str) -> Result<Option<i64>>;
    /// Adds a request.
    async fn add_staff_request(&self, staff_id: i64, date: NaiveDate, shift: Option<&str>, want: bool, reason: &str) -> Result<StaffRequest>;
    /// A request.
    async fn staff_request(&self, id: i64) -> Result<StaffRequest>;
    /// A worker's requests, newest day first.
    async fn staff_requests(&self, staff_id: i64) -> Result<Vec<StaffRequest>>;
    /// Requests of a facility's staff between two days (inclusive).
    async fn facility_requests(&self, facility_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<StaffRequest>>;
    /// Decides a request still at `version`.
    async fn decide_staff_request(&self, id: i64, version: i64, status: &str, user_id: i64) -> Result<StaffRequest>;
}

/// Implements [`SelfServiceStore`] for a store type whose `pool` field is the database pool.
macro_rules! impl_self_service_store {
    ($store:ident, $begin:literal) => {
        mod self_service_store {
            use async_trait::async_trait;
            use chrono::{NaiveDate, Utc};

            use super::super::selfservice::*;
            use super::super::sql::map_db;
            use super::super::{Result, StoreError};
            use super::$store;

            const REQUEST_COLS: &str = "id, staff_id, date, shift, want, reason, status, decided_at, created_at, version";

            #[async_trait]
            impl SelfServiceStore for $store {
                async fn replace_calendar_token(&self, user_id: i64, token_hash: &str) -> Result<()> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    sqlx::query("UPDATE calendar_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(Utc::now()).bind(user_id).execute(&mut *tx).await?;
                    sqlx::query("INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)").bind(user_id).bind(token_hash).bind(Utc::now()).execute(&mut *tx).await.map_err(map_db)?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn revoke_calendar_tokens(&self, user_id: i64) -> Result<u64> {
                    Ok(sqlx::query("UPDATE calendar_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL").bind(Utc::now()).bind(user_id).execute(&self.pool).await?.rows_affected())
                }

                async fn calendar_token_user(&self, token_hash: &str) -> Result<Option<i64>> {
                    Ok(sqlx::query_scalar("SELECT user_id FROM calendar_tokens WHERE token_hash = $1 AND revoked_at IS NULL").bind(token_hash).fetch_optional(&self.pool).await?)
                }

                async fn add_staff_request(&self, staff_id: i64, date: NaiveDate, shift: Option<&str>, want: bool, reason: &str) -> Result<StaffRequest> {
                    let id: i64 = sqlx::query_scalar("INSERT INTO staff_requests (staff_id, date, shift, want, reason, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id")
                        .bind(staff_id)
                        .bind(date)
                        .bind(shift)
                        .bind(want)
                        .bind(reason)
                        .bind(Utc::now())
                        .fetch_one(&self.pool)
                        .await
                        .map_err(map_db)?;
                    self.staff_request(id).await
                }

                async fn staff_request(&self, id: i64) -> Result<StaffRequest> {
                    let row: Option<StaffRequest> = sqlx::query_as(&format!("SELECT {REQUEST_COLS} FROM staff_requests WHERE id = $1")).bind(id).fetch_optional(&self.pool).await?;
                    row.ok_or(StoreError::NotFound("request"))
                }

                async fn staff_requests(&self, staff_id: i64) -> Result<Vec<StaffRequest>> {
                    Ok(sqlx::query_as(&format!("SELECT {REQUEST_COLS} FROM staff_requests WHERE staff_id = $1 ORDER BY date DESC, id DESC")).bind(staff_id).fetch_all(&self.pool).await?)
                }

                async fn facility_requests(&self, facility_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<StaffRequest>> {
                    Ok(sqlx::query_as(&format!(
                        "SELECT {REQUEST_COLS} FROM staff_requests WHERE staff_id IN (SELECT id FROM staff WHERE facility_id = $1) AND date >= $2 AND date <= $3 ORDER BY date, id"
                    ))
                    .bind(facility_id)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn decide_staff_request(&self, id: i64, version: i64, status: &str, user_id: i64) -> Result<StaffRequest> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = sqlx::query("UPDATE staff_requests SET status = $1, decided_by = $2, decided_at = $3, version = version + 1 WHERE id = $4 AND version = $5")
                        .bind(status)
                        .bind(user_id)
                        .bind(Utc::now())
                        .bind(id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if rows == 0 {
                        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM staff_requests WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                        return Err(match current {
                            None => StoreError::NotFound("request"),
                            Some(current) => StoreError::Stale { current },
                        });
                    }
                    let row = sqlx::query_as(&format!("SELECT {REQUEST_COLS} FROM staff_requests WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }
            }
        }
    };
}
pub(crate) use impl_self_service_store;
