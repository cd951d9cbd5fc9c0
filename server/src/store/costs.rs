//! Storage of costs and funding: reference tables, facility and resident funding data, cost
//! lines, funder statements, notifications and scheduled-job runs. A second trait beside
//! [`super::Store`] (its supertrait), written once in SQL and compiled for both databases by
//! [`impl_cost_store!`], like the register.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Result;

/// A reference record: kind + key, the figures as JSON.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct RefRow {
    /// Id.
    pub id: i64,
    /// minimum_wage, employer_rates, income_criterion, fee_table, dps_cost, work_rules.
    pub kind: String,
    /// Key within the kind (a date, "operator:year", "county|profile|year", a name).
    pub key: String,
    /// The figures (JSON text).
    #[serde(skip)]
    pub data: String,
    /// Edit version.
    pub version: i64,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A facility's funding settings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FacilityFundingRow {
    /// Facility.
    pub facility_id: i64,
    /// County (powiat) whose DPS reference cost applies.
    pub county: String,
    /// Declared reduction of the additional-staff cost, % (decimal text).
    pub reduction: String,
    /// Absence allowance for bottom-up staffing, % (decimal text).
    pub absence_allowance: String,
    /// Fee table (reference key).
    pub fee_table: String,
    /// Edit version.
    pub version: i64,
}

/// A resident's funding data.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResidentFundingRow {
    /// Resident.
    pub resident_id: i64,
    /// Municipality (gmina) that pays the rest of maintenance.
    pub municipality: String,
    /// Monthly income, grosze.
    pub monthly_income_grosze: i64,
    /// "I" / "II", or none (from the day programme).
    pub variant: Option<String>,
    /// Edit version.
    pub version: i64,
}

/// A cost line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CostLineRow {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month, "YYYY-MM".
    pub month: String,
    /// Category code.
    pub category: String,
    /// Who pays it.
    pub funding_source: String,
    /// Amount, grosze.
    pub amount_grosze: i64,
    /// What it is.
    pub description: String,
    /// When entered.
    pub created_at: DateTime<Utc>,
    /// Edit version.
    pub version: i64,
}

/// A statement as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementRow {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// "state" or "municipality".
    pub kind: String,
    /// The municipality ("" for the state statement).
    pub municipality: String,
    /// 1, 2, … per facility, month, kind and municipality.
    pub number: i64,
    /// The issued statement this one corrects.
    pub corrects: Option<i64>,
    /// "draft" or "issued".
    pub status: String,
    /// The statement (JSON).
    pub body: String,
    /// Total, grosze.
    pub total_grosze: i64,
    /// Made.
    pub created_at: DateTime<Utc>,
    /// Issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// Issued by.
    pub issued_by: Option<i64>,
    /// Edit version.
    pub version: i64,
}

/// A new statement version.
#[derive(Debug, Clone)]
pub struct NewStatement {
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// "state" / "municipality".
    pub kind: String,
    /// Municipality or "".
    pub municipality: String,
    /// Corrects.
    pub corrects: Option<i64>,
    /// Body JSON.
    pub body: String,
    /// Total.
    pub total_grosze: i64,
    /// Who.
    pub created_by: Option<i64>,
}

/// A text in both languages of the app.
#[derive(Debug, Clone, Copy)]
pub struct Said<'a> {
    /// English.
    pub en: &'a str,
    /// Polish.
    pub pl: &'a str,
}

/// A notification for a facility's managers.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// What kind (barthel_review, plan_review, vetting_expiry, certificate_expiry,
    /// supervision_missing, rota_unpublished, statement_draft).
    pub kind: String,
    /// What it is about (e.g. "resident:12").
    pub subject: String,
    /// The message (English).
    pub message: String,
    /// The message in Polish (empty for notifications raised before it was kept).
    pub message_pl: String,
    /// Due date, when there is one.
    pub due_on: Option<NaiveDate>,
    /// The day it was raised.
    pub created_on: NaiveDate,
}

/// A scheduled-job run.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize, ToSchema)]
pub struct JobRun {
    /// Id.
    pub id: i64,
    /// Job name.
    pub job: String,
    /// Which run (e.g. the day or month it is for).
    pub run_key: String,
    /// Server instance that ran it.
    pub instance: String,
    /// Started.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// running, ok, failed.
    pub outcome: String,
    /// What it did or why it failed.
    pub detail: String,
}

/// Storage of costs and funding.
#[async_trait]
pub trait CostStore: Send + Sync + 'static {
    /// Reference records of a kind, by key.
    async fn reference_rows(&self, kind: &str) -> Result<Vec<RefRow>>;
    /// Creates (`version` none) or replaces (at `version`) a reference record.
    async fn put_reference(&self, kind: &str, key: &str, data: &str, version: Option<i64>, user_id: Option<i64>) -> Result<RefRow>;
    /// A facility's funding settings.
    async fn facility_funding(&self, facility_id: i64) -> Result<Option<FacilityFundingRow>>;
    /// Creates (`version` none) or replaces (at `version`) a facility's funding settings.
    async fn put_facility_funding(&self, row: &FacilityFundingRow, version: Option<i64>) -> Result<FacilityFundingRow>;
    /// Funding data of every resident of a facility.
    async fn resident_fundings(&self, facility_id: i64) -> Result<Vec<ResidentFundingRow>>;
    /// Creates (`version` none) or replaces (at `version`) a resident's funding data.
    async fn put_resident_funding(&self, row: &ResidentFundingRow, version: Option<i64>) -> Result<ResidentFundingRow>;
    /// Cost lines of a facility's month.
    async fn cost_lines(&self, facility_id: i64, month: &str) -> Result<Vec<CostLineRow>>;
    /// Adds a cost line.
    async fn add_cost_line(&self, row: &CostLineRow, user_id: i64) -> Result<CostLineRow>;
    /// The facility of a cost line.
    async fn cost_line_facility(&self, id: i64) -> Result<Option<i64>>;
    /// Deletes a cost line still at `version`.
    async fn delete_cost_line(&self, id: i64, version: i64) -> Result<()>;
    /// Stores a statement version, numbered next for its facility, month, kind and municipality.
    async fn create_statement(&self, new: &NewStatement) -> Result<StatementRow>;
    /// A statement.
    async fn statement(&self, id: i64) -> Result<StatementRow>;
    /// Statements of a facility (a month, or all), newest first.
    async fn statements(&self, facility_id: i64, month: Option<&str>) -> Result<Vec<StatementRow>>;
    /// Replaces a draft's body if still at `version` (issued statements never change).
    async fn replace_draft_statement(&self, id: i64, version: i64, body: &str, total_grosze: i64) -> Result<StatementRow>;
    /// Issues a draft at `version`.
    async fn issue_statement(&self, id: i64, version: i64, user_id: i64) -> Result<StatementRow>;
    /// Raises a notification unless the same one was raised today; true when new.
    async fn add_notification(&self, facility_id: i64, kind: &str, subject: &str, message: Said<'_>, due_on: Option<NaiveDate>, today: NaiveDate) -> Result<bool>;
    /// Notifications of some facilities, newest first.
    async fn notifications(&self, facility_ids: &[i64], limit: i64) -> Result<Vec<Notification>>;
    /// Claims a job run: the id when this caller got it, none when another instance had it.
    async fn claim_job_run(&self, job: &str, run_key: &str, instance: &str) -> Result<Option<i64>>;
    /// Records how a run ended.
    async fn finish_job_run(&self, id: i64, ok: bool, detail: &str) -> Result<()>;
    /// The newest job runs.
    async fn job_runs(&self, limit: i64) -> Result<Vec<JobRun>>;
    /// A setting.
    async fn setting(&self, key: &str) -> Result<Option<String>>;
}

/// Implements [`CostStore`] for a store type whose `pool` field is the database pool.
macro_rules! impl_cost_store {
    ($store:ident, $db:ty, $begin:literal) => {
        mod cost_store {
            use async_trait::async_trait;
            use chrono::{NaiveDate, Utc};

            use super::super::costs::*;
            use super::super::sql::map_db;
            use super::super::{Result, StoreError};
            use super::$store;
            use crate::domain::RuleError;

            const FACILITY_FUNDING_COLS: &str = "facility_id, county, reduction, absence_allowance, fee_table, version";
            const RESIDENT_FUNDING_COLS: &str = "resident_id, municipality, monthly_income_grosze, variant, version";
            const COST_LINE_COLS: &str = "id, facility_id, month, category, funding_source, amount_grosze, description, created_at, version";
            const STATEMENT_COLS: &str = "id, facility_id, month, kind, municipality, number, corrects, status, body, total_grosze, created_at, issued_at, issued_by, version";

            fn stale_or_missing(current: Option<i64>, entity: &'static str) -> StoreError {
                match current {
                    None => StoreError::NotFound(entity),
                    Some(current) => StoreError::Stale { current },
                }
            }

            #[async_trait]
            impl CostStore for $store {
                async fn reference_rows(&self, kind: &str) -> Result<Vec<RefRow>> {
                    Ok(sqlx::query_as("SELECT id, kind, key, data, version, updated_at FROM reference_rows WHERE kind = $1 ORDER BY key").bind(kind).fetch_all(&self.pool).await?)
                }

                async fn put_reference(&self, kind: &str, key: &str, data: &str, version: Option<i64>, user_id: Option<i64>) -> Result<RefRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    match version {
                        None => {
                            sqlx::query("INSERT INTO reference_rows (kind, key, data, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)")
                                .bind(kind)
                                .bind(key)
                                .bind(data)
                                .bind(user_id)
                                .bind(Utc::now())
                                .execute(&mut *tx)
                                .await
                                .map_err(map_db)?;
                        }
                        Some(v) => {
                            let rows = sqlx::query("UPDATE reference_rows SET data = $1, updated_by = $2, updated_at = $3, version = version + 1 WHERE kind = $4 AND key = $5 AND version = $6")
                                .bind(data)
                                .bind(user_id)
                                .bind(Utc::now())
                                .bind(kind)
                                .bind(key)
                                .bind(v)
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                            if rows == 0 {
                                let current: Option<i64> = sqlx::query_scalar("SELECT version FROM reference_rows WHERE kind = $1 AND key = $2").bind(kind).bind(key).fetch_optional(&mut *tx).await?;
                                return Err(stale_or_missing(current, "reference record"));
                            }
                        }
                    }
                    let row: RefRow = sqlx::query_as("SELECT id, kind, key, data, version, updated_at FROM reference_rows WHERE kind = $1 AND key = $2").bind(kind).bind(key).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn facility_funding(&self, facility_id: i64) -> Result<Option<FacilityFundingRow>> {
                    Ok(sqlx::query_as(&format!("SELECT {FACILITY_FUNDING_COLS} FROM facility_funding WHERE facility_id = $1")).bind(facility_id).fetch_optional(&self.pool).await?)
                }

                async fn put_facility_funding(&self, r: &FacilityFundingRow, version: Option<i64>) -> Result<FacilityFundingRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = match version {
                        None => sqlx::query("INSERT INTO facility_funding (facility_id, county, reduction, absence_allowance, fee_table) VALUES ($1, $2, $3, $4, $5)")
                            .bind(r.facility_id)
                            .bind(&r.county)
                            .bind(&r.reduction)
                            .bind(&r.absence_allowance)
                            .bind(&r.fee_table)
                            .execute(&mut *tx)
                            .await
                            .map_err(map_db)?
                            .rows_affected(),
                        Some(v) => sqlx::query("UPDATE facility_funding SET county = $1, reduction = $2, absence_allowance = $3, fee_table = $4, version = version + 1 WHERE facility_id = $5 AND version = $6")
                            .bind(&r.county)
                            .bind(&r.reduction)
                            .bind(&r.absence_allowance)
                            .bind(&r.fee_table)
                            .bind(r.facility_id)
                            .bind(v)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected(),
                    };
                    if rows == 0 {
                        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM facility_funding WHERE facility_id = $1").bind(r.facility_id).fetch_optional(&mut *tx).await?;
                        return Err(stale_or_missing(current, "facility funding"));
                    }
                    let row = sqlx::query_as(&format!("SELECT {FACILITY_FUNDING_COLS} FROM facility_funding WHERE facility_id = $1")).bind(r.facility_id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn resident_fundings(&self, facility_id: i64) -> Result<Vec<ResidentFundingRow>> {
                    Ok(sqlx::query_as(&format!(
                        "SELECT {RESIDENT_FUNDING_COLS} FROM resident_funding WHERE resident_id IN (SELECT id FROM residents WHERE facility_id = $1) ORDER BY resident_id"
                    ))
                    .bind(facility_id)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn put_resident_funding(&self, r: &ResidentFundingRow, version: Option<i64>) -> Result<ResidentFundingRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = match version {
                        None => sqlx::query("INSERT INTO resident_funding (resident_id, municipality, monthly_income_grosze, variant) VALUES ($1, $2, $3, $4)")
                            .bind(r.resident_id)
                            .bind(&r.municipality)
                            .bind(r.monthly_income_grosze)
                            .bind(&r.variant)
                            .execute(&mut *tx)
                            .await
                            .map_err(map_db)?
                            .rows_affected(),
                        Some(v) => sqlx::query("UPDATE resident_funding SET municipality = $1, monthly_income_grosze = $2, variant = $3, version = version + 1 WHERE resident_id = $4 AND version = $5")
                            .bind(&r.municipality)
                            .bind(r.monthly_income_grosze)
                            .bind(&r.variant)
                            .bind(r.resident_id)
                            .bind(v)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected(),
                    };
                    if rows == 0 {
                        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM resident_funding WHERE resident_id = $1").bind(r.resident_id).fetch_optional(&mut *tx).await?;
                        return Err(stale_or_missing(current, "resident funding"));
                    }
                    let row = sqlx::query_as(&format!("SELECT {RESIDENT_FUNDING_COLS} FROM resident_funding WHERE resident_id = $1")).bind(r.resident_id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn cost_lines(&self, facility_id: i64, month: &str) -> Result<Vec<CostLineRow>> {
                    Ok(sqlx::query_as(&format!("SELECT {COST_LINE_COLS} FROM cost_lines WHERE facility_id = $1 AND month = $2 ORDER BY id")).bind(facility_id).bind(month).fetch_all(&self.pool).await?)
                }

                async fn add_cost_line(&self, r: &CostLineRow, user_id: i64) -> Result<CostLineRow> {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO cost_lines (facility_id, month, category, funding_source, amount_grosze, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    )
                    .bind(r.facility_id)
                    .bind(&r.month)
                    .bind(&r.category)
                    .bind(&r.funding_source)
                    .bind(r.amount_grosze)
                    .bind(&r.description)
                    .bind(user_id)
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map_db)?;
                    Ok(sqlx::query_as(&format!("SELECT {COST_LINE_COLS} FROM cost_lines WHERE id = $1")).bind(id).fetch_one(&self.pool).await?)
                }

                async fn cost_line_facility(&self, id: i64) -> Result<Option<i64>> {
                    Ok(sqlx::query_scalar("SELECT facility_id FROM cost_lines WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
                }

                async fn delete_cost_line(&self, id: i64, version: i64) -> Result<()> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = sqlx::query("DELETE FROM cost_lines WHERE id = $1 AND version = $2").bind(id).bind(version).execute(&mut *tx).await?.rows_affected();
                    if rows == 0 {
                        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM cost_lines WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
                        return Err(stale_or_missing(current, "cost line"));
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_statement(&self, s: &NewStatement) -> Result<StatementRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    // The facility row is the lock that numbers versions one at a time.
                    sqlx::query("UPDATE facilities SET version = version WHERE id = $1").bind(s.facility_id).execute(&mut *tx).await?;
                    let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM statements WHERE facility_id = $1 AND month = $2 AND kind = $3 AND municipality = $4")
                        .bind(s.facility_id)
                        .bind(&s.month)
                        .bind(&s.kind)
                        .bind(&s.municipality)
                        .fetch_one(&mut *tx)
                        .await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO statements (facility_id, month, kind, municipality, number, corrects, status, body, total_grosze, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $10) RETURNING id",
                    )
                    .bind(s.facility_id)
                    .bind(&s.month)
                    .bind(&s.kind)
                    .bind(&s.municipality)
                    .bind(number)
                    .bind(s.corrects)
                    .bind(&s.body)
                    .bind(s.total_grosze)
                    .bind(s.created_by)
                    .bind(Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_db)?;
                    let row = sqlx::query_as(&format!("SELECT {STATEMENT_COLS} FROM statements WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn statement(&self, id: i64) -> Result<StatementRow> {
                    let row: Option<StatementRow> = sqlx::query_as(&format!("SELECT {STATEMENT_COLS} FROM statements WHERE id = $1")).bind(id).fetch_optional(&self.pool).await?;
                    row.ok_or(StoreError::NotFound("statement"))
                }

                async fn statements(&self, facility_id: i64, month: Option<&str>) -> Result<Vec<StatementRow>> {
                    Ok(sqlx::query_as(&format!(
                        "SELECT {STATEMENT_COLS} FROM statements WHERE facility_id = $1 AND ($2 IS NULL OR month = $2) ORDER BY month DESC, kind, municipality, number DESC"
                    ))
                    .bind(facility_id)
                    .bind(month)
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn replace_draft_statement(&self, id: i64, version: i64, body: &str, total: i64) -> Result<StatementRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = sqlx::query("UPDATE statements SET body = $1, total_grosze = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status = 'draft'")
                        .bind(body)
                        .bind(total)
                        .bind(id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if rows == 0 {
                        return Err(statement_refusal(&mut tx, id).await);
                    }
                    let row = sqlx::query_as(&format!("SELECT {STATEMENT_COLS} FROM statements WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn issue_statement(&self, id: i64, version: i64, user_id: i64) -> Result<StatementRow> {
                    let mut tx = self.pool.begin_with($begin).await?;
                    let rows = sqlx::query("UPDATE statements SET status = 'issued', issued_at = $1, issued_by = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status = 'draft'")
                        .bind(Utc::now())
                        .bind(user_id)
                        .bind(id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if rows == 0 {
                        return Err(statement_refusal(&mut tx, id).await);
                    }
                    let row = sqlx::query_as(&format!("SELECT {STATEMENT_COLS} FROM statements WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(row)
                }

                async fn add_notification(&self, facility_id: i64, kind: &str, subject: &str, message: Said<'_>, due_on: Option<NaiveDate>, today: NaiveDate) -> Result<bool> {
                    let done = sqlx::query(
                        "INSERT INTO notifications (facility_id, kind, subject, message, message_pl, due_on, created_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         ON CONFLICT (facility_id, kind, subject, created_on) DO NOTHING",
                    )
                    .bind(facility_id)
                    .bind(kind)
                    .bind(subject)
                    .bind(message.en)
                    .bind(message.pl)
                    .bind(due_on)
                    .bind(today)
                    .bind(Utc::now())
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                    Ok(done == 1)
                }

                async fn notifications(&self, facility_ids: &[i64], limit: i64) -> Result<Vec<Notification>> {
                    let mut out: Vec<Notification> = Vec::new();
                    for f in facility_ids {
                        let rows: Vec<Notification> =
                            sqlx::query_as("SELECT id, facility_id, kind, subject, message, message_pl, due_on, created_on FROM notifications WHERE facility_id = $1 ORDER BY created_on DESC, id DESC LIMIT $2")
                                .bind(f)
                                .bind(limit)
                                .fetch_all(&self.pool)
                                .await?;
                        out.extend(rows);
                    }
                    out.sort_by(|a, b| (b.created_on, b.id).cmp(&(a.created_on, a.id)));
                    out.truncate(limit.max(0) as usize);
                    Ok(out)
                }

                async fn claim_job_run(&self, job: &str, run_key: &str, instance: &str) -> Result<Option<i64>> {
                    // The unique (job, run_key) is the lock: exactly one instance inserts the row.
                    let id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO job_runs (job, run_key, instance, started_at, outcome, detail) VALUES ($1, $2, $3, $4, 'running', '') \
                         ON CONFLICT (job, run_key) DO NOTHING RETURNING id",
                    )
                    .bind(job)
                    .bind(run_key)
                    .bind(instance)
                    .bind(Utc::now())
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(id)
                }

                async fn finish_job_run(&self, id: i64, ok: bool, detail: &str) -> Result<()> {
                    sqlx::query("UPDATE job_runs SET finished_at = $1, outcome = $2, detail = $3 WHERE id = $4")
                        .bind(Utc::now())
                        .bind(if ok { "ok" } else { "failed" })
                        .bind(detail)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn job_runs(&self, limit: i64) -> Result<Vec<JobRun>> {
                    Ok(sqlx::query_as("SELECT id, job, run_key, instance, started_at, finished_at, outcome, detail FROM job_runs ORDER BY id DESC LIMIT $1").bind(limit).fetch_all(&self.pool).await?)
                }

                async fn setting(&self, key: &str) -> Result<Option<String>> {
                    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&self.pool).await?)
                }
            }

            /// Why a statement could not be changed: missing, stale or already issued.
            async fn statement_refusal(c: &mut <$db as sqlx::Database>::Connection, id: i64) -> StoreError {
                let found: std::result::Result<Option<(i64, String)>, sqlx::Error> = sqlx::query_as("SELECT version, status FROM statements WHERE id = $1").bind(id).fetch_optional(&mut *c).await;
                match found {
                    Err(e) => StoreError::Db(e),
                    Ok(None) => StoreError::NotFound("statement"),
                    Ok(Some((_, status))) if status == "issued" => StoreError::Rule(RuleError::new("status", "an issued statement never changes; issue a correction instead", "wydane zestawienie nigdy się nie zmienia; wystaw korektę")),
                    Ok(Some((current, _))) => StoreError::Stale { current },
                }
            }
        }
    };
}
pub(crate) use impl_cost_store;
