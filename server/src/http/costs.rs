//! Costs and funding over HTTP: reference tables (admin edits, managers read), facility and
//! resident funding data, cost lines, the month's costs, funder statements (draft, issue,
//! correct, export) and what the scheduled jobs raise (notifications, job runs).

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::Utc;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wsm_solver::cost::{Amount, Month, MAX_REDUCTION};

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{non_blank, require_admin, require_manager, require_manages, AppState};
use crate::costs::{self, CostError, MonthlyCosts};
use crate::statements::{self, Body};
use crate::store::costs::{CostLineRow, FacilityFundingRow, JobRun, Notification, ResidentFundingRow, StatementRow};
use crate::store::model::{Role, User};
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reference, put_reference))
        .routes(routes!(get_facility_funding, put_facility_funding))
        .routes(routes!(get_resident_funding, put_resident_funding))
        .routes(routes!(list_cost_lines, add_cost_line))
        .routes(routes!(delete_cost_line))
        .routes(routes!(month_costs))
        .routes(routes!(list_statements, draft_statements))
        .routes(routes!(get_statement))
        .routes(routes!(issue_statement))
        .routes(routes!(correct_statement))
        .routes(routes!(export_statement))
        .routes(routes!(list_notifications))
        .routes(routes!(list_job_runs))
}

impl From<CostError> for AppError {
    fn from(e: CostError) -> Self {
        match e {
            CostError::Reference(field, message, message_pl) => AppError::invalid(field, message, message_pl),
            CostError::Store(s) => s.into(),
        }
    }
}

fn month_of(m: &str) -> Result<Month> {
    Month::parse(m).ok_or_else(|| AppError::invalid("month", "must be a month as YYYY-MM", "musi być miesiącem w postaci RRRR-MM"))
}

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthParam {
    /// Month, "YYYY-MM".
    pub month: String,
}

/// A reference record with its figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reference {
    /// The record.
    #[serde(flatten)]
    pub row: crate::store::costs::RefRow,
    /// Its figures.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// Reference records of a kind: minimum_wage, employer_rates, income_criterion, fee_table,
/// dps_cost, work_rules (admin, managers).
#[utoipa::path(get, path = "/api/v1/reference/{kind}", tag = "costs", params(("kind" = String, Path)),
    responses((status = 200, body = Vec<Reference>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_reference(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(kind): Path<String>) -> Result<Json<Vec<Reference>>> {
    require_manager(&user)?;
    costs::validate_reference(&kind, &serde_json::Value::Null).or_else(|e| if e.field == "kind" { Err(AppError::Invalid(e)) } else { Ok(String::new()) })?;
    let rows = state.store.reference_rows(&kind).await?;
    Ok(Json(rows.into_iter().map(|row| Reference { data: serde_json::from_str(&row.data).unwrap_or(serde_json::Value::Null), row }).collect()))
}

/// Creates or replaces a reference record (admin). The key comes from the figures (a date,
/// operator and year, county|profile|year, a name); replacing one needs `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/reference/{kind}", tag = "costs", params(("kind" = String, Path), ("If-Match" = Option<i64>, Header)), request_body = Object,
    responses((status = 200, body = Reference), (status = 201, body = Reference), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn put_reference(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(kind): Path<String>, v: Option<IfMatch>, ApiJson(data): ApiJson<serde_json::Value>) -> Result<impl IntoResponse> {
    require_admin(&user)?;
    let key = costs::validate_reference(&kind, &data).map_err(|mut e| {
        if e.field.is_empty() || e.field == "." {
            e.field = "data".into();
        }
        AppError::Invalid(e)
    })?;
    let exists = state.store.reference_rows(&kind).await?.into_iter().any(|r| r.key == key);
    let version = match (exists, v) {
        (true, None) => return Err(AppError::VersionRequired),
        (true, Some(IfMatch(v))) => Some(v),
        (false, _) => None,
    };
    let row = state.store.put_reference(&kind, &key, &data.to_string(), version, Some(user.id)).await?;
    let status = if exists { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(Reference { data, row })))
}

/// A facility's funding settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityFunding {
    /// County (powiat) whose DPS reference cost applies.
    pub county: String,
    /// Declared reduction of the additional-staff cost, % (0–25).
    #[schema(value_type = String)]
    #[serde(deserialize_with = "crate::domain::values::decimal_from_json")]
    pub reduction: Decimal,
    /// Absence allowance for bottom-up staffing, % (0–100).
    #[schema(value_type = String)]
    #[serde(deserialize_with = "crate::domain::values::decimal_from_json")]
    pub absence_allowance: Decimal,
    /// Protected-housing fee table (a fee_table reference name).
    pub fee_table: String,
    /// Edit version (0: not saved yet).
    #[serde(default)]
    pub version: i64,
}

fn facility_funding_view(r: FacilityFundingRow) -> FacilityFunding {
    FacilityFunding { county: r.county, reduction: r.reduction.parse().unwrap_or_default(), absence_allowance: r.absence_allowance.parse().unwrap_or_default(), fee_table: r.fee_table, version: r.version }
}

/// A facility's funding settings (admin, its managers); defaults until saved.
#[utoipa::path(get, path = "/api/v1/facilities/{id}/funding", tag = "costs", params(("id" = i64, Path)),
    responses((status = 200, body = FacilityFunding), (status = 403, body = ErrorBody)))]
async fn get_facility_funding(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<FacilityFunding>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    state.store.facility(id).await?;
    Ok(Json(facility_funding_view(costs::funding_or_default(id, state.store.facility_funding(id).await?))))
}

/// Saves a facility's funding settings; `If-Match` when replacing saved ones.
#[utoipa::path(put, path = "/api/v1/facilities/{id}/funding", tag = "costs", params(("id" = i64, Path), ("If-Match" = Option<i64>, Header)), request_body = FacilityFunding,
    responses((status = 200, body = FacilityFunding), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn put_facility_funding(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, v: Option<IfMatch>, ApiJson(input): ApiJson<FacilityFunding>) -> Result<Json<FacilityFunding>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    state.store.facility(id).await?;
    non_blank("county", &input.county)?;
    if input.reduction < Decimal::ZERO || input.reduction > Decimal::from(MAX_REDUCTION) {
        return Err(AppError::invalid(
            "reduction",
            format!("a WSM may declare its additional-staff cost at most {MAX_REDUCTION} % lower"),
            format!("WSM może zadeklarować koszt dodatkowego personelu najwyżej o {MAX_REDUCTION} % niższy"),
        ));
    }
    if input.absence_allowance < Decimal::ZERO || input.absence_allowance > Decimal::ONE_HUNDRED {
        return Err(AppError::invalid("absence_allowance", "must be a percentage between 0 and 100", "musi być procentem od 0 do 100"));
    }
    if !state.store.reference_rows("fee_table").await?.iter().any(|r| r.key == input.fee_table) {
        return Err(AppError::invalid("fee_table", format!("no fee table '{}'", input.fee_table), format!("nie ma tabeli odpłatności „{}”", input.fee_table)));
    }
    let exists = state.store.facility_funding(id).await?.is_some();
    let version = match (exists, v) {
        (true, None) => return Err(AppError::VersionRequired),
        (true, Some(IfMatch(v))) => Some(v),
        (false, _) => None,
    };
    let row = FacilityFundingRow { facility_id: id, county: input.county.trim().into(), reduction: input.reduction.normalize().to_string(), absence_allowance: input.absence_allowance.normalize().to_string(), fee_table: input.fee_table, version: 0 };
    Ok(Json(facility_funding_view(state.store.put_facility_funding(&row, version).await?)))
}

/// A resident's funding data.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidentFunding {
    /// Municipality (gmina) that pays the rest of maintenance.
    pub municipality: String,
    /// Monthly income, zł.
    #[schema(value_type = String)]
    pub monthly_income: Amount,
    /// "I" or "II"; null: from the day programme (I with one, II without).
    #[serde(default)]
    pub variant: Option<String>,
    /// Edit version (0: not saved yet).
    #[serde(default)]
    pub version: i64,
}

/// A resident's funding data (admin, its managers); 404 until saved.
#[utoipa::path(get, path = "/api/v1/residents/{id}/funding", tag = "costs", params(("id" = i64, Path)),
    responses((status = 200, body = ResidentFunding), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_resident_funding(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<ResidentFunding>> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    let row = state.store.resident_fundings(facility).await?.into_iter().find(|r| r.resident_id == id).ok_or(AppError::NotFound("resident funding"))?;
    Ok(Json(ResidentFunding { municipality: row.municipality, monthly_income: Amount(row.monthly_income_grosze), variant: row.variant, version: row.version }))
}

/// Saves a resident's funding data; `If-Match` when replacing saved data.
#[utoipa::path(put, path = "/api/v1/residents/{id}/funding", tag = "costs", params(("id" = i64, Path), ("If-Match" = Option<i64>, Header)), request_body = ResidentFunding,
    responses((status = 200, body = ResidentFunding), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn put_resident_funding(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, v: Option<IfMatch>, ApiJson(input): ApiJson<ResidentFunding>) -> Result<Json<ResidentFunding>> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    non_blank("municipality", &input.municipality)?;
    if input.monthly_income.grosze() < 0 {
        return Err(AppError::invalid("monthly_income", "must not be negative", "nie może być ujemny"));
    }
    if let Some(x) = &input.variant {
        if x != "I" && x != "II" {
            return Err(AppError::invalid(
                "variant",
                "must be I (day programme, index 3.0), II (24/7 care, index 3.6) or null",
                "musi być I (zajęcia dzienne, wskaźnik 3,0), II (opieka całodobowa, wskaźnik 3,6) albo null",
            ));
        }
    }
    let exists = state.store.resident_fundings(facility).await?.iter().any(|r| r.resident_id == id);
    let version = match (exists, v) {
        (true, None) => return Err(AppError::VersionRequired),
        (true, Some(IfMatch(v))) => Some(v),
        (false, _) => None,
    };
    let row = ResidentFundingRow { resident_id: id, municipality: input.municipality.trim().into(), monthly_income_grosze: input.monthly_income.grosze(), variant: input.variant, version: 0 };
    let saved = state.store.put_resident_funding(&row, version).await?;
    Ok(Json(ResidentFunding { municipality: saved.municipality, monthly_income: Amount(saved.monthly_income_grosze), variant: saved.variant, version: saved.version }))
}

/// A new cost line.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostLineInput {
    /// Month, "YYYY-MM".
    pub month: String,
    /// Category: utilities, food, inspections, transport, staff_other, equipment (eligible);
    /// interest, loans, fines, pfron_payments, used_assets, recoverable_vat,
    /// leasing_non_capital, late_interest, depreciation (ineligible).
    pub category: String,
    /// Who pays it: state_support, maintenance, pfron, eu, own, other.
    pub funding_source: String,
    /// Amount, zł.
    #[schema(value_type = String)]
    pub amount: Amount,
    /// What it is.
    pub description: String,
}

/// Cost lines of a month, with how each counts (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/cost-lines", tag = "costs", params(("id" = i64, Path), MonthParam),
    responses((status = 200, body = Vec<costs::LineView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_cost_lines(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthParam>) -> Result<Json<Vec<costs::LineView>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let m = month_of(&q.month)?;
    let rows = state.store.cost_lines(id, &m.label()).await?;
    Ok(Json(rows.into_iter().map(line_view).collect()))
}

fn line_view(l: CostLineRow) -> costs::LineView {
    let (counts_in, why) = costs::line_counts(&l);
    costs::LineView { id: l.id, category: l.category, funding_source: l.funding_source, amount: Amount(l.amount_grosze), description: l.description, counts_in: counts_in.into(), excluded_because: why, version: l.version }
}

/// Adds a cost line (admin, its managers).
#[utoipa::path(post, path = "/api/v1/facilities/{id}/cost-lines", tag = "costs", params(("id" = i64, Path)), request_body = CostLineInput,
    responses((status = 201, body = costs::LineView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_cost_line(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<CostLineInput>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let m = month_of(&input.month)?;
    if costs::eligible(&input.category).is_none() {
        let known: Vec<&str> = costs::CATEGORIES.iter().map(|c| c.0).collect();
        return Err(AppError::invalid("category", format!("must be one of {}", known.join(", ")), format!("musi być jedną z: {}", known.join(", "))));
    }
    if !costs::SOURCES.contains(&input.funding_source.as_str()) {
        return Err(AppError::invalid("funding_source", format!("must be one of {}", costs::SOURCES.join(", ")), format!("musi być jednym z: {}", costs::SOURCES.join(", "))));
    }
    if input.amount.grosze() <= 0 {
        return Err(AppError::invalid("amount", "must be greater than 0", "musi być większa niż 0"));
    }
    non_blank("description", &input.description)?;
    state.store.facility(id).await?;
    let row = CostLineRow { id: 0, facility_id: id, month: m.label(), category: input.category, funding_source: input.funding_source, amount_grosze: input.amount.grosze(), description: input.description, created_at: Utc::now(), version: 0 };
    Ok((StatusCode::CREATED, Json(line_view(state.store.add_cost_line(&row, user.id).await?))))
}

/// Deletes a cost line; `If-Match: <version>`.
#[utoipa::path(delete, path = "/api/v1/facilities/{id}/cost-lines/{line}", tag = "costs", params(("id" = i64, Path), ("line" = i64, Path), ("If-Match" = i64, Header)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn delete_cost_line(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path((id, line)): Path<(i64, i64)>, IfMatch(v): IfMatch) -> Result<StatusCode> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    // Only this facility's lines: another facility's id is "not found" here.
    if state.store.cost_line_facility(line).await? != Some(id) {
        return Err(AppError::NotFound("cost line"));
    }
    state.store.delete_cost_line(line, v).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The month's costs (admin, its managers): support per resident and for unused places,
/// maintenance shares, staffing, actual against funded, per-resident allocation, and what
/// could not be computed.
#[utoipa::path(get, path = "/api/v1/facilities/{id}/costs", tag = "costs", params(("id" = i64, Path), MonthParam),
    responses((status = 200, body = MonthlyCosts), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn month_costs(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthParam>) -> Result<Json<MonthlyCosts>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let m = month_of(&q.month)?;
    let facility = state.store.facility(id).await?;
    let c = costs::monthly(state.store.as_ref(), &facility, m, state.today()).await?;
    state.audit(&user, "read", "costs", None, Some(id), format!("allocation of 1:1 hours for {}", m.label())).await?;
    Ok(Json(c))
}

/// A statement as answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementView {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// state / municipality.
    pub kind: String,
    /// Municipality ("" for state).
    pub municipality: String,
    /// Version number.
    pub number: i64,
    /// The statement it corrects.
    pub corrects: Option<i64>,
    /// draft / issued.
    pub status: String,
    /// Total.
    #[schema(value_type = String)]
    pub total: Amount,
    /// The statement.
    pub body: Body,
    /// Issued.
    pub issued_at: Option<chrono::DateTime<Utc>>,
    /// Edit version (If-Match for issue).
    pub version: i64,
}

fn view(r: StatementRow) -> Result<StatementView> {
    let body: Body = serde_json::from_str(&r.body).map_err(|e| AppError::Internal(anyhow::anyhow!("statement {} body unreadable: {e}", r.id)))?;
    Ok(StatementView { id: r.id, facility_id: r.facility_id, month: r.month, kind: r.kind, municipality: r.municipality, number: r.number, corrects: r.corrects, status: r.status, total: Amount(r.total_grosze), body, issued_at: r.issued_at, version: r.version })
}

/// What a funder receives: issued statements only (a draft is the manager's working copy).
pub(crate) fn visible_to(user: &User, row: &StatementRow) -> bool {
    user.role != Role::Funder || row.status == "issued"
}

/// Managers of the facility, admins, and funders of it may read its statements.
pub(crate) fn may_read_statements(user: &User, facility: i64) -> Result<()> {
    if user.manages(facility) || (user.role == Role::Funder && user.facility_ids.contains(&facility)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Statements of a facility, newest first (its managers and admins; its funders see the issued
/// ones).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/statements", tag = "statements", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StatementView>), (status = 403, body = ErrorBody)))]
async fn list_statements(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Vec<StatementView>>> {
    may_read_statements(&user, id)?;
    let rows: Vec<StatementRow> = state.store.statements(id, None).await?.into_iter().filter(|r| visible_to(&user, r)).collect();
    Ok(Json(rows.into_iter().map(view).collect::<Result<Vec<_>>>()?))
}

/// Which month to draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// Month, "YYYY-MM".
    pub month: String,
}

/// Drafts (or re-drafts) the month's statements: one for the state funder and one per
/// municipality with residents (admin, its managers). An issued statement is left alone; a
/// change after issue is a correction.
#[utoipa::path(post, path = "/api/v1/facilities/{id}/statements", tag = "statements", params(("id" = i64, Path)), request_body = DraftRequest,
    responses((status = 200, body = Vec<StatementView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn draft_statements(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(req): ApiJson<DraftRequest>) -> Result<Json<Vec<StatementView>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let m = month_of(&req.month)?;
    Ok(Json(draft_month(&state, id, m, Some(user.id)).await?.into_iter().map(view).collect::<Result<Vec<_>>>()?))
}

/// The bodies of a facility's month: the state's and each municipality's.
pub async fn bodies(state: &AppState, facility_id: i64, m: Month) -> Result<Vec<Body>> {
    let facility = state.store.facility(facility_id).await?;
    let c = costs::monthly(state.store.as_ref(), &facility, m, state.today()).await?;
    let mut out = vec![statements::state_body(&facility, &c)];
    let municipalities: std::collections::BTreeSet<String> = c.residents.iter().filter(|r| r.maintenance.is_some()).filter_map(|r| r.municipality.clone()).collect();
    out.extend(municipalities.iter().map(|name| statements::municipality_body(&facility, &c, name)));
    Ok(out)
}

/// Drafts a month's statements (used by the monthly job too): a new draft where there is
/// none, the draft replaced where there is one, nothing where one is issued.
pub async fn draft_month(state: &AppState, facility_id: i64, m: Month, user: Option<i64>) -> Result<Vec<StatementRow>> {
    let existing = state.store.statements(facility_id, Some(&m.label())).await?;
    let mut out = Vec::new();
    for body in bodies(state, facility_id, m).await? {
        let municipality = body.municipality.clone().unwrap_or_default();
        let newest = existing.iter().filter(|s| s.kind == body.kind && s.municipality == municipality).max_by_key(|s| s.number);
        let text = serde_json::to_string(&body).expect("body serialises");
        match newest {
            Some(s) if s.status == "issued" => {}
            Some(s) => out.push(state.store.replace_draft_statement(s.id, s.version, &text, body.total.grosze()).await?),
            None => out.push(
                state
                    .store
                    .create_statement(&crate::store::costs::NewStatement { facility_id, month: m.label(), kind: body.kind.clone(), municipality, corrects: None, body: text, total_grosze: body.total.grosze(), created_by: user })
                    .await?,
            ),
        }
    }
    Ok(out)
}

/// A statement (its facility's managers, admins, its funders).
#[utoipa::path(get, path = "/api/v1/statements/{id}", tag = "statements", params(("id" = i64, Path)),
    responses((status = 200, body = StatementView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_statement(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<StatementView>> {
    let row = state.store.statement(id).await?;
    may_read_statements(&user, row.facility_id)?;
    if !visible_to(&user, &row) {
        return Err(AppError::NotFound("statement"));
    }
    Ok(Json(view(row)?))
}

/// Issues a draft; `If-Match: <version>`. From then on it never changes.
#[utoipa::path(post, path = "/api/v1/statements/{id}/issue", tag = "statements", params(("id" = i64, Path), ("If-Match" = i64, Header)),
    responses((status = 200, body = StatementView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn issue_statement(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch) -> Result<Json<StatementView>> {
    let row = state.store.statement(id).await?;
    require_manager(&user)?;
    require_manages(&user, row.facility_id)?;
    Ok(Json(view(state.store.issue_statement(id, v, user.id).await?)?))
}

/// Corrects an issued statement: a new draft, recomputed from today's data, that names the one
/// it corrects and shows the difference line by line (admin, its managers).
#[utoipa::path(post, path = "/api/v1/statements/{id}/correct", tag = "statements", params(("id" = i64, Path)),
    responses((status = 201, body = StatementView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn correct_statement(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<impl IntoResponse> {
    let old = state.store.statement(id).await?;
    require_manager(&user)?;
    require_manages(&user, old.facility_id)?;
    if old.status != "issued" {
        return Err(AppError::invalid("status", "only an issued statement is corrected; a draft is simply drafted again", "koryguje się tylko wydane zestawienie; szkic po prostu sporządza się ponownie"));
    }
    let newer = state.store.statements(old.facility_id, Some(&old.month)).await?.into_iter().any(|s| s.kind == old.kind && s.municipality == old.municipality && s.number > old.number);
    if newer {
        return Err(AppError::invalid("id", "a newer version of this statement exists: correct the newest one", "istnieje nowsza wersja tego zestawienia: skoryguj najnowszą"));
    }
    let m = month_of(&old.month)?;
    let old_body: Body = serde_json::from_str(&old.body).map_err(|e| AppError::Internal(anyhow::anyhow!("statement {id} body unreadable: {e}")))?;
    let fresh = bodies(&state, old.facility_id, m).await?;
    let mut body = fresh.into_iter().find(|b| b.kind == old.kind && b.municipality.clone().unwrap_or_default() == old.municipality).unwrap_or_else(|| Body { lines: Vec::new(), total: Amount(0), ..old_body.clone() });
    statements::correct(&mut body, &old_body, old.id, old.number);
    let text = serde_json::to_string(&body).expect("body serialises");
    let row = state
        .store
        .create_statement(&crate::store::costs::NewStatement { facility_id: old.facility_id, month: old.month.clone(), kind: old.kind.clone(), municipality: old.municipality.clone(), corrects: Some(old.id), body: text, total_grosze: body.total.grosze(), created_by: Some(user.id) })
        .await?;
    Ok((StatusCode::CREATED, Json(view(row)?)))
}

/// Downloads a statement as `csv`, `xlsx`, `html` (print-ready) or `pdf` (A4) (its facility's
/// managers, admins, its funders).
#[utoipa::path(get, path = "/api/v1/statements/{id}/export/{format}", tag = "statements", params(("id" = i64, Path), ("format" = String, Path)),
    responses((status = 200, description = "the file"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export_statement(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path((id, format)): Path<(i64, String)>) -> Result<impl IntoResponse> {
    let row = state.store.statement(id).await?;
    may_read_statements(&user, row.facility_id)?;
    if !visible_to(&user, &row) {
        return Err(AppError::NotFound("statement"));
    }
    let v = view(row)?;
    let name = format!("zestawienie-{}-{}-{}{}-nr{}", v.facility_id, v.month, v.kind, if v.municipality.is_empty() { String::new() } else { format!("-{}", v.municipality.replace(|c: char| !c.is_alphanumeric(), "_")) }, v.number);
    let (mime, ext, bytes): (&str, &str, Vec<u8>) = match format.as_str() {
        "csv" => ("text/csv; charset=utf-8", "csv", statements::csv(&v.body).into_bytes()),
        "xlsx" => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", statements::xlsx(&v.body).map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?),
        "html" => ("text/html; charset=utf-8", "html", statements::html(&v.body, v.number, &v.status).into_bytes()),
        "pdf" => ("application/pdf", "pdf", statements::pdf(&v.body, v.number, &v.status)),
        _ => return Err(AppError::invalid("format", "must be csv, xlsx, html or pdf", "musi być csv, xlsx, html albo pdf")),
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes))
}

/// Notifications for the facilities the user manages (admins: all), newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "jobs",
    responses((status = 200, body = Vec<Notification>), (status = 403, body = ErrorBody)))]
async fn list_notifications(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<Notification>>> {
    require_manager(&user)?;
    let ids = if user.role == Role::Admin { state.store.facility_ids().await? } else { user.facility_ids.clone() };
    Ok(Json(state.store.notifications(&ids, 500).await?))
}

/// Scheduled-job runs, newest first (admin).
#[utoipa::path(get, path = "/api/v1/job-runs", tag = "jobs",
    responses((status = 200, body = Vec<JobRun>), (status = 403, body = ErrorBody)))]
async fn list_job_runs(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<JobRun>>> {
    require_admin(&user)?;
    Ok(Json(state.store.job_runs(200).await?))
}
