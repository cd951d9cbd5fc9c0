//! Residents, their absences and consents, Barthel assessments, support plans, and admission.
//! Every read or write of health data (Barthel, plans, 1:1 reasons) is written to the audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use chrono::Months;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{non_blank, require_manager, require_manages, AppState};
use crate::domain::admission::{self, RankingFacts, Stage};
use crate::domain::barthel;
use crate::domain::resident::{age_on, check_adult, check_weekly};
use crate::domain::RuleError;
use crate::store::model::*;
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_residents, create_resident))
        .routes(routes!(get_resident, update_resident))
        .routes(routes!(add_absence))
        .routes(routes!(add_consent))
        .routes(routes!(barthel_history, add_barthel))
        .routes(routes!(plan_history, add_plan))
        .routes(routes!(what_if))
        .routes(routes!(waiting_list, create_application))
        .routes(routes!(advance_application))
}

fn rule<T>(r: std::result::Result<T, RuleError>) -> Result<T> {
    r.map_err(AppError::Invalid)
}

/// Checks a resident's record; `creating` adds the rules for a new admission.
pub fn validate_resident(r: &ResidentInput, today: chrono::NaiveDate, creating: bool) -> Result<()> {
    non_blank("first_name", &r.first_name)?;
    non_blank("last_name", &r.last_name)?;
    rule(check_adult(r.date_of_birth, today))?;
    if age_on(r.date_of_birth, r.moved_in) < 18 {
        return Err(AppError::invalid("moved_in", "a resident moves in as an adult (18 or older)", "mieszkaniec wprowadza się jako osoba pełnoletnia (18 lat lub więcej)"));
    }
    non_blank("certificate.number", &r.certificate.number)?;
    non_blank("certificate.issuer", &r.certificate.issuer)?;
    if let Some(until) = r.certificate.valid_until {
        if until < r.certificate.valid_from {
            return Err(AppError::invalid("certificate.valid_until", "must not be before valid_from", "nie może być wcześniej niż początek ważności orzeczenia"));
        }
        if creating && until < today {
            return Err(AppError::invalid("certificate.valid_until", "the certificate has expired; admission needs a valid one", "orzeczenie wygasło; do przyjęcia potrzebne jest ważne"));
        }
    }
    if let Some(out) = r.moved_out {
        if out < r.moved_in {
            return Err(AppError::invalid("moved_out", "must not be before moved_in", "nie może być wcześniej niż data wprowadzenia się"));
        }
    }
    rule(check_weekly("day_programme", &r.day_programme))?;
    rule(check_weekly("one_to_one", &r.one_to_one))?;
    Ok(())
}

/// Residents of a facility (admin, its managers). Audited: the list carries 1:1 schedules.
#[utoipa::path(get, path = "/api/v1/facilities/{id}/residents", tag = "residents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Resident>), (status = 403, body = ErrorBody)))]
async fn list_residents(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Vec<Resident>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let list = state.store.residents(id).await?;
    state.audit(&user, "read", "resident", None, Some(id), format!("list of {} residents with 1:1 schedules", list.len())).await?;
    Ok(Json(list))
}

/// Admits a resident: adult, certificate "znaczny" or equivalent, a free place and room.
#[utoipa::path(post, path = "/api/v1/facilities/{id}/residents", tag = "residents", params(("id" = i64, Path)), request_body = ResidentInput,
    responses((status = 201, body = Resident), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_resident(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<ResidentInput>) -> Result<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(admit(&state, &user, id, &input).await?)))
}

/// Admits a resident to a facility (the API and the app share it): checked, stored, audited.
pub async fn admit(state: &AppState, user: &User, facility_id: i64, input: &ResidentInput) -> Result<Resident> {
    require_manager(user)?;
    require_manages(user, facility_id)?;
    validate_resident(input, state.today(), true)?;
    let created = state.store.create_resident(facility_id, input).await?;
    state.audit(user, "write", "resident", Some(created.id), Some(facility_id), "created (incl. 1:1 schedule)").await?;
    Ok(created)
}

/// A resident (admin, its managers). Audited.
#[utoipa::path(get, path = "/api/v1/residents/{id}", tag = "residents", params(("id" = i64, Path)),
    responses((status = 200, body = Resident), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_resident(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Resident>> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    let r = state.store.resident(id).await?;
    state.audit(&user, "read", "resident", Some(id), Some(facility), "record incl. 1:1 schedule").await?;
    Ok(Json(r))
}

/// Replaces a resident's record; `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/residents/{id}", tag = "residents", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = ResidentInput,
    responses((status = 200, body = Resident), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn update_resident(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    IfMatch(v): IfMatch,
    ApiJson(input): ApiJson<ResidentInput>,
) -> Result<Json<Resident>> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    validate_resident(&input, state.today(), false)?;
    let r = state.store.update_resident(id, v, &input).await?;
    state.audit(&user, "write", "resident", Some(id), Some(facility), format!("updated to version {}", r.version)).await?;
    Ok(Json(r))
}

/// Records a dated absence (hospital, family…): the resident does not count for cover then.
#[utoipa::path(post, path = "/api/v1/residents/{id}/absences", tag = "residents", params(("id" = i64, Path)), request_body = AbsenceInput,
    responses((status = 201, body = Absence), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_absence(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<AbsenceInput>) -> Result<impl IntoResponse> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    if input.to <= input.from {
        return Err(AppError::invalid("to", "must be after 'from'", "musi być później niż „od”"));
    }
    let a = state.store.add_absence(id, &input).await?;
    if input.kind == AbsenceKind::Hospital {
        state.audit(&user, "write", "absence", Some(id), Some(facility), "hospital stay recorded").await?;
    }
    Ok((StatusCode::CREATED, Json(a)))
}

/// Records consent (to the support plan, to data processing…), dated, with who gave it.
#[utoipa::path(post, path = "/api/v1/residents/{id}/consents", tag = "residents", params(("id" = i64, Path)), request_body = ConsentInput,
    responses((status = 201, body = Consent), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_consent(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<ConsentInput>) -> Result<impl IntoResponse> {
    state.managed(&user, Owned::Resident, id).await?;
    non_blank("subject", &input.subject)?;
    non_blank("given_by", &input.given_by)?;
    if input.given_on > state.today() {
        return Err(AppError::invalid("given_on", "lies in the future", "wypada w przyszłości"));
    }
    Ok((StatusCode::CREATED, Json(state.store.add_consent(id, &input).await?)))
}

/// Barthel history, oldest first, with total and band. Audited.
#[utoipa::path(get, path = "/api/v1/residents/{id}/barthel", tag = "residents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<BarthelAssessment>), (status = 403, body = ErrorBody)))]
async fn barthel_history(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Vec<BarthelAssessment>>> {
    Ok(Json(history(&state, &user, id).await?))
}

/// A resident's Barthel history with bands (the API and the app share it); audited.
pub async fn history(state: &AppState, user: &User, id: i64) -> Result<Vec<BarthelAssessment>> {
    let facility = state.managed(user, Owned::Resident, id).await?;
    let mut list = state.store.barthel_history(id).await?;
    for a in &mut list {
        a.band = barthel::band_for(a.total, &state.bands).cloned();
    }
    state.audit(user, "read", "barthel", Some(id), Some(facility), format!("{} assessments", list.len())).await?;
    Ok(list)
}

/// Appends a Barthel assessment; a score outside an item's set is refused naming the item.
#[utoipa::path(post, path = "/api/v1/residents/{id}/barthel", tag = "residents", params(("id" = i64, Path)), request_body = BarthelInput,
    responses((status = 201, body = BarthelAssessment), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_barthel(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<BarthelInput>) -> Result<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(assess(&state, &user, id, &input).await?)))
}

/// Records a Barthel assessment (the API and the app share it): checked, stored, audited.
pub async fn assess(state: &AppState, user: &User, id: i64, input: &BarthelInput) -> Result<BarthelAssessment> {
    let facility = state.managed(user, Owned::Resident, id).await?;
    rule(input.items.validate())?;
    non_blank("assessor", &input.assessor)?;
    if input.assessed_on > state.today() {
        return Err(AppError::invalid("assessed_on", "lies in the future", "wypada w przyszłości"));
    }
    let mut a = state.store.add_barthel(id, input, user.id).await?;
    a.band = barthel::band_for(a.total, &state.bands).cloned();
    state.audit(user, "write", "barthel", Some(id), Some(facility), format!("assessment {} (total {})", a.id, a.total)).await?;
    Ok(a)
}

fn check_hours(field: &str, h: Decimal) -> Result<()> {
    if h < Decimal::ZERO || h > Decimal::from(168) {
        return Err(AppError::invalid(field, "hours per week lie between 0 and 168", "liczba godzin tygodniowo musi wynosić od 0 do 168"));
    }
    if h.normalize().scale() > 2 {
        return Err(AppError::invalid(field, "at most 2 decimal places", "najwyżej 2 miejsca po przecinku"));
    }
    Ok(())
}

/// Checks a support plan version.
pub fn validate_plan(p: &PlanInput, today: chrono::NaiveDate) -> Result<()> {
    if p.goals.is_empty() {
        return Err(AppError::invalid("goals", "a plan has at least one goal", "plan wsparcia ma co najmniej jeden cel"));
    }
    for (i, g) in p.goals.iter().enumerate() {
        non_blank(&format!("goals[{i}].text"), &g.text)?;
    }
    for (i, s) in p.services.iter().enumerate() {
        check_hours(&format!("services[{i}].hours_per_week"), s.hours_per_week)?;
        if s.provider == Provider::External && s.provider_name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(AppError::invalid(format!("services[{i}].provider_name"), "name the external provider", "podaj nazwę zewnętrznego usługodawcy"));
        }
    }
    check_hours("one_to_one_hours_per_week", p.one_to_one_hours_per_week)?;
    rule(check_weekly("day_programme", &p.day_programme))?;
    let latest_review = p.valid_from.checked_add_months(Months::new(3)).unwrap_or(p.valid_from);
    if p.review_date <= p.valid_from || p.review_date > latest_review {
        let earliest = p.valid_from.succ_opt().unwrap_or(p.valid_from);
        return Err(AppError::invalid(
            "review_date",
            format!("a plan is reviewed at least every 3 months: between {earliest} and {latest_review}"),
            format!("plan wsparcia przegląda się co najmniej co 3 miesiące: między {earliest} a {latest_review}"),
        ));
    }
    non_blank("consent_by", &p.consent_by)?;
    if p.consent_on > today {
        return Err(AppError::invalid("consent_on", "lies in the future", "wypada w przyszłości"));
    }
    Ok(())
}

/// All versions of the resident's support plan, oldest first. Audited.
#[utoipa::path(get, path = "/api/v1/residents/{id}/plans", tag = "residents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<SupportPlan>), (status = 403, body = ErrorBody)))]
async fn plan_history(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Vec<SupportPlan>>> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    let list = state.store.plans(id).await?;
    state.audit(&user, "read", "support_plan", Some(id), Some(facility), format!("{} versions", list.len())).await?;
    Ok(Json(list))
}

/// Saves a new version of the support plan; earlier versions stay.
#[utoipa::path(post, path = "/api/v1/residents/{id}/plans", tag = "residents", params(("id" = i64, Path)), request_body = PlanInput,
    responses((status = 201, body = SupportPlan), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_plan(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<PlanInput>) -> Result<impl IntoResponse> {
    let facility = state.managed(&user, Owned::Resident, id).await?;
    validate_plan(&input, state.today())?;
    let p = state.store.add_plan(id, &input, user.id).await?;
    state.audit(&user, "write", "support_plan", Some(id), Some(facility), format!("version {}", p.plan_version)).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// Applications of a facility: the ranked waiting list first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WaitingList {
    /// Ranked candidates, highest priority first (ties: earlier application first).
    pub ranked: Vec<Application>,
    /// Filed or assessed, not ranked yet.
    pub in_progress: Vec<Application>,
    /// Decided or contracted.
    pub decided: Vec<Application>,
}

/// The waiting list (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/applications", tag = "admission", params(("id" = i64, Path)),
    responses((status = 200, body = WaitingList), (status = 403, body = ErrorBody)))]
async fn waiting_list(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<WaitingList>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let all = state.store.applications(id).await?;
    let (mut ranked, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|a| a.stage == Stage::Ranking);
    ranked.sort_by(|a, b| b.points.cmp(&a.points).then(a.applied_on.cmp(&b.applied_on)).then(a.id.cmp(&b.id)));
    let (in_progress, decided) = rest.into_iter().partition(|a| matches!(a.stage, Stage::Application | Stage::Assessment));
    Ok(Json(WaitingList { ranked, in_progress, decided }))
}

/// Files an application (by the candidate or the legal guardian).
#[utoipa::path(post, path = "/api/v1/facilities/{id}/applications", tag = "admission", params(("id" = i64, Path)), request_body = ApplicationInput,
    responses((status = 201, body = Application), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_application(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<ApplicationInput>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    non_blank("candidate_name", &input.candidate_name)?;
    rule(check_adult(input.date_of_birth, state.today()))?;
    if !matches!(input.applied_by.as_str(), "candidate" | "guardian") {
        return Err(AppError::invalid("applied_by", "must be 'candidate' or 'guardian'", "musi być „candidate” (kandydat) albo „guardian” (opiekun prawny)"));
    }
    if input.applied_on > state.today() {
        return Err(AppError::invalid("applied_on", "lies in the future", "wypada w przyszłości"));
    }
    Ok((StatusCode::CREATED, Json(state.store.create_application(id, &input).await?)))
}

/// Applies the step `input` to `app` (pure: checks order and the data each step needs).
pub fn advance(mut app: Application, input: &AdvanceInput) -> Result<Application> {
    rule(admission::check_transition(app.stage, input.to, app.refused))?;
    let stray = |field: &str, present: bool| -> Result<()> {
        if present {
            Err(AppError::invalid(field, format!("does not belong to the '{}' step", input.to.code()), format!("nie należy do etapu „{}”", input.to.name_pl())))
        } else {
            Ok(())
        }
    };
    if input.to != Stage::Assessment {
        stray("barthel_total", input.barthel_total.is_some())?;
        stray("carer_age", input.carer_age.is_some())?;
        stray("carer_health", input.carer_health.is_some())?;
        stray("local_support", input.local_support.is_some())?;
    }
    if input.to != Stage::Decision {
        stray("admitted", input.admitted.is_some())?;
        stray("note", input.note.is_some())?;
    }
    if input.to != Stage::Contract {
        stray("contract_on", input.contract_on.is_some())?;
    }
    match input.to {
        Stage::Application => {}
        Stage::Assessment => {
            let total = input.barthel_total.ok_or_else(|| AppError::invalid("barthel_total", "the assessment records the Barthel total", "ocena zapisuje wynik w skali Barthel"))?;
            if total > 100 || total % 5 != 0 {
                return Err(AppError::invalid("barthel_total", "a Barthel total is a multiple of 5 from 0 to 100", "wynik w skali Barthel to wielokrotność 5 od 0 do 100"));
            }
            let health = input.carer_health.ok_or_else(|| AppError::invalid("carer_health", "record the family carers' health (or no_carer)", "podaj stan zdrowia opiekunów rodzinnych (albo no_carer)"))?;
            if health != admission::CarerHealth::NoCarer && input.carer_age.is_none() {
                return Err(AppError::invalid("carer_age", "record the main family carer's age", "podaj wiek głównego opiekuna rodzinnego"));
            }
            app.barthel_total = Some(total);
            app.carer_age = input.carer_age;
            app.carer_health = Some(health);
            app.local_support = Some(input.local_support.ok_or_else(|| AppError::invalid("local_support", "record the local support available", "podaj, jakie wsparcie jest dostępne w otoczeniu"))?);
        }
        Stage::Ranking => {
            let facts = match (app.barthel_total, app.carer_health, app.local_support) {
                (Some(barthel_total), Some(carer_health), Some(local_support)) => RankingFacts { barthel_total, carer_age: app.carer_age, carer_health, local_support },
                _ => return Err(AppError::invalid("to", "the assessment data is missing", "brakuje danych z oceny")),
            };
            app.points = Some(admission::priority_points(facts));
        }
        Stage::Decision => {
            let admitted = input.admitted.ok_or_else(|| AppError::invalid("admitted", "the decision is admitted (true) or refused (false)", "decyzja to przyjęcie (true) albo odmowa (false)"))?;
            app.refused = !admitted;
            app.decision_note = input.note.clone();
        }
        Stage::Contract => {
            let on = input.contract_on.ok_or_else(|| AppError::invalid("contract_on", "the date the contract was signed", "podaj datę podpisania umowy"))?;
            if on < app.applied_on {
                return Err(AppError::invalid("contract_on", "cannot precede the application", "nie może być wcześniej niż data wniosku"));
            }
            app.contract_on = Some(on);
        }
    }
    app.stage = input.to;
    Ok(app)
}

/// Moves an application one step on; skipped or backward steps are refused. `If-Match`.
#[utoipa::path(post, path = "/api/v1/applications/{id}/advance", tag = "admission", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = AdvanceInput,
    responses((status = 200, body = Application), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn advance_application(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    IfMatch(v): IfMatch,
    ApiJson(input): ApiJson<AdvanceInput>,
) -> Result<Json<Application>> {
    state.managed(&user, Owned::Application, id).await?;
    let app = state.store.application(id).await?;
    if app.version != v {
        return Err(AppError::Stale { current: app.version });
    }
    let next = advance(app, &input)?;
    Ok(Json(state.store.save_application(&next, v).await?))
}

/// A change to try: any of the resident's weekly 1:1 periods, weekly day programme, or a
/// Barthel total. Nothing is saved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhatIfInput {
    /// Month to cost, "YYYY-MM".
    pub month: String,
    /// New weekly 1:1 periods (absent: unchanged).
    #[serde(default)]
    pub one_to_one: Option<Vec<crate::domain::resident::WeeklyInterval>>,
    /// New weekly day programme (absent: unchanged).
    #[serde(default)]
    pub day_programme: Option<Vec<crate::domain::resident::WeeklyInterval>>,
    /// A Barthel total to interpret (absent: none).
    #[serde(default)]
    pub barthel_total: Option<u8>,
}

/// The month's figures one side of a what-if.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfFigures {
    /// Weekly 1:1 hours of the resident.
    #[schema(value_type = String)]
    pub one_to_one_hours_per_week: Decimal,
    /// Hours away at a day programme each week.
    #[schema(value_type = String)]
    pub day_programme_hours_per_week: Decimal,
    /// The resident's staffing variant (I: with a day programme, II: without).
    pub variant: String,
    /// Staff-hours of cover the rules demand in the month (whole facility).
    #[schema(value_type = String)]
    pub cover_hours: Decimal,
    /// FTE that cover needs.
    #[schema(value_type = String)]
    pub fte_needed: Decimal,
    /// FTE the staffing index funds.
    #[schema(value_type = String)]
    pub fte_funded: Decimal,
    /// The resident's support cost in the month.
    #[schema(value_type = String)]
    pub resident_support: wsm_solver::cost::Amount,
    /// Support funded for the facility in the month.
    #[schema(value_type = String)]
    pub support_total: wsm_solver::cost::Amount,
}

/// What a Barthel total would mean.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfBarthel {
    /// Total.
    pub total: u8,
    /// Band key under the configured table.
    pub band: Option<String>,
    /// At or below the ZOL admission threshold (40).
    pub at_or_below_zol_threshold: bool,
}

/// Before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIf {
    /// Month.
    pub month: String,
    /// As stored.
    pub before: WhatIfFigures,
    /// With the change.
    pub after: WhatIfFigures,
    /// The Barthel total's meaning, when one was given (it does not enter the cost formula).
    pub barthel: Option<WhatIfBarthel>,
}

fn weekly_hours(list: &[crate::domain::resident::WeeklyInterval]) -> Decimal {
    let minutes: i64 = list.iter().map(|i| (i.to - i.from).num_minutes() * i.days.len() as i64).sum();
    Decimal::from(minutes) / Decimal::from(60)
}

fn figures(c: &crate::costs::MonthlyCosts, r: &Resident) -> WhatIfFigures {
    let me = c.residents.iter().find(|m| m.resident_id == r.id);
    WhatIfFigures {
        one_to_one_hours_per_week: weekly_hours(&r.one_to_one).normalize(),
        day_programme_hours_per_week: weekly_hours(&r.day_programme).normalize(),
        variant: me.map_or_else(String::new, |m| format!("{:?}", m.variant)),
        cover_hours: c.staffing.cover_hours,
        fte_needed: c.staffing.fte_needed,
        fte_funded: c.staffing.fte_funded,
        resident_support: me.map_or(wsm_solver::cost::Amount(0), |m| m.support.total),
        support_total: c.support_total,
    }
}

/// What a change to a resident would do to the month's required cover, FTE and support cost,
/// before it is saved (admin, its managers). Nothing is written; the read is audited.
#[utoipa::path(post, path = "/api/v1/residents/{id}/what-if", tag = "residents", params(("id" = i64, Path)), request_body = WhatIfInput,
    responses((status = 200, body = WhatIf), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn what_if(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<WhatIfInput>) -> Result<Json<WhatIf>> {
    let facility_id = state.managed(&user, Owned::Resident, id).await?;
    let month = wsm_solver::cost::Month::parse(&input.month).ok_or_else(|| AppError::invalid("month", "must be a month as YYYY-MM", "musi być miesiącem w postaci RRRR-MM"))?;
    if let Some(list) = &input.one_to_one {
        rule(check_weekly("one_to_one", list))?;
    }
    if let Some(list) = &input.day_programme {
        rule(check_weekly("day_programme", list))?;
    }
    if let Some(t) = input.barthel_total {
        if t > 100 || t % 5 != 0 {
            return Err(AppError::invalid("barthel_total", "a Barthel total is a multiple of 5 from 0 to 100", "wynik w skali Barthel to wielokrotność 5 od 0 do 100"));
        }
    }
    let facility = state.store.facility(facility_id).await?;
    let today = state.today();
    let residents = state.store.residents(facility_id).await?;
    let before = crate::costs::monthly_with(state.store.as_ref(), &facility, month, today, Some(residents.clone())).await?;
    let mut changed = residents;
    let target = changed.iter_mut().find(|r| r.id == id).ok_or(AppError::NotFound("resident"))?;
    if let Some(list) = input.one_to_one {
        target.one_to_one = list;
    }
    if let Some(list) = input.day_programme {
        target.day_programme = list;
    }
    let target = target.clone();
    let original = state.store.resident(id).await?;
    let after = crate::costs::monthly_with(state.store.as_ref(), &facility, month, today, Some(changed)).await?;
    let barthel = input.barthel_total.map(|t| WhatIfBarthel { total: t, band: barthel::band_for(t, &state.bands).map(|b| b.key.clone()), at_or_below_zol_threshold: t <= barthel::ZOL_THRESHOLD });
    state.audit(&user, "read", "resident", Some(id), Some(facility_id), format!("what-if for {}", month.label())).await?;
    Ok(Json(WhatIf { month: month.label(), before: figures(&before, &original), after: figures(&after, &target), barthel }))
}
