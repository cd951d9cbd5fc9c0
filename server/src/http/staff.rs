//! Staff: roles, FTE, contracts, units, vetting checks, leave and unavailability.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{non_blank, require_manager, require_manages, AppState};
use crate::store::model::*;
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(get_staff, update_staff))
        .routes(routes!(add_check))
        .routes(routes!(add_leave))
        .routes(routes!(add_unavailability))
}

/// Checks a staff record.
pub fn validate_staff(s: &StaffInput) -> Result<()> {
    non_blank("first_name", &s.first_name)?;
    non_blank("last_name", &s.last_name)?;
    if let Some(end) = s.contract_end {
        if end < s.contract_start {
            return Err(AppError::invalid("contract_end", "must not be before contract_start", "nie może być wcześniej niż początek umowy"));
        }
    }
    if s.role == StaffRole::Manager && s.experience_years < 3 {
        return Err(AppError::invalid(
            "experience_years",
            "a WSM manager needs at least 3 years' experience with disabled people",
            "kierownik WSM potrzebuje co najmniej 3 lat doświadczenia w pracy z osobami z niepełnosprawnościami",
        ));
    }
    if s.role == StaffRole::NightCarer && !s.nights_allowed {
        return Err(AppError::invalid("nights_allowed", "a night carer who may not work nights is a contradiction", "opiekun nocny, który nie może pracować w nocy, to sprzeczność"));
    }
    let direct = matches!(s.role, StaffRole::Carer | StaffRole::NightCarer | StaffRole::MedicalCarer);
    if direct && s.unit_ids.is_empty() {
        return Err(AppError::invalid("unit_ids", "a carer works in at least one housing unit", "opiekun pracuje w co najmniej jednym zespole mieszkalnym"));
    }
    Ok(())
}

/// Staff of a facility with rosterability (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/staff", tag = "staff", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Staff>), (status = 403, body = ErrorBody)))]
async fn list_staff(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Vec<Staff>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    Ok(Json(state.store.staff_list(id, state.today()).await?))
}

/// Adds a staff member.
#[utoipa::path(post, path = "/api/v1/facilities/{id}/staff", tag = "staff", params(("id" = i64, Path)), request_body = StaffInput,
    responses((status = 201, body = Staff), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_staff(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<StaffInput>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    validate_staff(&input)?;
    Ok((StatusCode::CREATED, Json(state.store.create_staff(id, &input, state.today()).await?)))
}

/// A staff member (admin, its managers, the worker themself).
#[utoipa::path(get, path = "/api/v1/staff/{id}", tag = "staff", params(("id" = i64, Path)),
    responses((status = 200, body = Staff), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_staff(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Staff>> {
    if !(user.role == Role::Staff && user.staff_id == Some(id)) {
        state.managed(&user, Owned::Staff, id).await?;
    }
    Ok(Json(state.store.staff(id, state.today()).await?))
}

/// Replaces a staff record; `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/staff/{id}", tag = "staff", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = StaffInput,
    responses((status = 200, body = Staff), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn update_staff(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(input): ApiJson<StaffInput>) -> Result<Json<Staff>> {
    state.managed(&user, Owned::Staff, id).await?;
    validate_staff(&input)?;
    Ok(Json(state.store.update_staff(id, v, &input, state.today()).await?))
}

/// Records a vetting check (KRK, sex-offender register, parental authority, maintenance).
#[utoipa::path(post, path = "/api/v1/staff/{id}/checks", tag = "staff", params(("id" = i64, Path)), request_body = CheckInput,
    responses((status = 201, body = VettingCheck), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_check(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<CheckInput>) -> Result<impl IntoResponse> {
    state.managed(&user, Owned::Staff, id).await?;
    non_blank("evidence_ref", &input.evidence_ref)?;
    if input.checked_on > state.today() {
        return Err(AppError::invalid("checked_on", "lies in the future", "wypada w przyszłości"));
    }
    if input.expires_on.is_some_and(|e| e < input.checked_on) {
        return Err(AppError::invalid("expires_on", "must not be before checked_on", "nie może być wcześniej niż data weryfikacji"));
    }
    Ok((StatusCode::CREATED, Json(state.store.add_check(id, &input, user.id).await?)))
}

/// Records leave (whole days, inclusive).
#[utoipa::path(post, path = "/api/v1/staff/{id}/leave", tag = "staff", params(("id" = i64, Path)), request_body = LeaveInput,
    responses((status = 201, body = Leave), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_leave(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<LeaveInput>) -> Result<impl IntoResponse> {
    state.managed(&user, Owned::Staff, id).await?;
    if input.to < input.from {
        return Err(AppError::invalid("to", "must not be before 'from'", "nie może być wcześniej niż „od”"));
    }
    Ok((StatusCode::CREATED, Json(state.store.add_leave(id, &input).await?)))
}

/// Records an interval when the worker cannot work.
#[utoipa::path(post, path = "/api/v1/staff/{id}/unavailability", tag = "staff", params(("id" = i64, Path)), request_body = UnavailabilityInput,
    responses((status = 201, body = Unavailability), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_unavailability(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<UnavailabilityInput>) -> Result<impl IntoResponse> {
    state.managed(&user, Owned::Staff, id).await?;
    if input.to <= input.from {
        return Err(AppError::invalid("to", "must be after 'from'", "musi być później niż „od”"));
    }
    Ok((StatusCode::CREATED, Json(state.store.add_unavailability(id, &input).await?)))
}
