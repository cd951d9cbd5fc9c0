//! Staff self-service: a personal calendar feed (secret, revocable URL; iCalendar in
//! Europe/Warsaw) and requests (a day off or a wish to work a shift, with a reason), which
//! managers decide and the rota problem takes as wishes.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{non_blank, require_manager, require_manages, AppState};
use crate::auth::{new_token, token_hash};
use crate::store::model::{Role, User};
use crate::store::selfservice::StaffRequest;
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(new_calendar, revoke_calendar))
        .routes(routes!(calendar_feed))
        .routes(routes!(my_requests, add_request))
        .routes(routes!(facility_requests))
        .routes(routes!(decide_request))
}

fn staff_of(user: &User) -> Result<i64> {
    match (user.role, user.staff_id) {
        (Role::Staff, Some(id)) => Ok(id),
        _ => Err(AppError::Forbidden),
    }
}

/// A new calendar subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarLink {
    /// The feed (https or http, as this server is reached).
    pub url: String,
    /// The same as `webcal://`: one tap subscribes on a phone.
    pub webcal_url: String,
}

/// The feed URL for a token, as the request reached this server.
pub fn feed_urls(headers: &HeaderMap, secure: bool, token: &str) -> CalendarLink {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let path = format!("{host}/api/v1/calendar/{token}");
    CalendarLink { url: format!("{}://{path}", if secure { "https" } else { "http" }), webcal_url: format!("webcal://{path}") }
}

/// Makes a new personal calendar feed URL (staff); the earlier one stops working. The secret
/// is shown once: only its hash is stored.
#[utoipa::path(post, path = "/api/v1/me/calendar", tag = "me",
    responses((status = 201, body = CalendarLink), (status = 403, body = ErrorBody)))]
async fn new_calendar(State(state): State<AppState>, CurrentUser(user): CurrentUser, headers: HeaderMap) -> Result<impl IntoResponse> {
    staff_of(&user)?;
    let token = new_token();
    state.store.replace_calendar_token(user.id, &token_hash(&token)).await?;
    Ok((StatusCode::CREATED, Json(feed_urls(&headers, state.config.server.cookie_secure, &token))))
}

/// Revokes the personal calendar feed (staff).
#[utoipa::path(delete, path = "/api/v1/me/calendar", tag = "me",
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn revoke_calendar(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<StatusCode> {
    staff_of(&user)?;
    state.store.revoke_calendar_tokens(user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The personal calendar feed (iCalendar): the secret in the URL is the only credential, so
/// calendar apps can subscribe; 404 once revoked. Shifts of the newest published rotas from
/// last month to two months ahead.
#[utoipa::path(get, path = "/api/v1/calendar/{token}", tag = "me", security(()), params(("token" = String, Path)),
    responses((status = 200, description = "text/calendar"), (status = 404, body = ErrorBody)))]
async fn calendar_feed(State(state): State<AppState>, Path(token): Path<String>) -> Result<impl IntoResponse> {
    let token = token.trim_end_matches(".ics");
    let user_id = state.store.calendar_token_user(&token_hash(token)).await?.ok_or(AppError::NotFound("calendar"))?;
    let user = state.store.users().await?.into_iter().find(|u| u.id == user_id).ok_or(AppError::NotFound("calendar"))?;
    let staff_id = user.staff_id.ok_or(AppError::NotFound("calendar"))?;
    let shifts = crate::myshifts::shifts(state.store.as_ref(), staff_id, crate::myshifts::feed_start(state.today()), 4).await?;
    let body = crate::myshifts::ical(staff_id, &shifts, "WSM — moje dyżury");
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], body))
}

/// A request of a worker.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    /// The day.
    pub date: NaiveDate,
    /// A shift type (D, N, E, L), or null for the whole day.
    #[serde(default)]
    pub shift: Option<String>,
    /// True: wishes to work it; false: wishes to be off.
    pub want: bool,
    /// Why.
    pub reason: String,
}

/// My requests, newest day first (staff).
#[utoipa::path(get, path = "/api/v1/me/requests", tag = "me",
    responses((status = 200, body = Vec<StaffRequest>), (status = 403, body = ErrorBody)))]
async fn my_requests(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<StaffRequest>>> {
    Ok(Json(state.store.staff_requests(staff_of(&user)?).await?))
}

/// The shift codes requests may name (the rota's shift types).
pub const SHIFT_CODES: &[&str] = &["D", "N", "E", "L"];

/// Asks for a day off or to work a shift (staff): from today on, with a reason.
#[utoipa::path(post, path = "/api/v1/me/requests", tag = "me", request_body = RequestInput,
    responses((status = 201, body = StaffRequest), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_request(State(state): State<AppState>, CurrentUser(user): CurrentUser, ApiJson(input): ApiJson<RequestInput>) -> Result<impl IntoResponse> {
    let staff = staff_of(&user)?;
    Ok((StatusCode::CREATED, Json(submit_request(&state, staff, &input).await?)))
}

/// Checks and stores a request (the API and the page share it).
pub async fn submit_request(state: &AppState, staff: i64, input: &RequestInput) -> Result<StaffRequest> {
    if input.date < state.today() {
        return Err(AppError::invalid("date", "must be today or later", "musi być dzisiaj lub później"));
    }
    if input.date > state.today() + chrono::Duration::days(366) {
        return Err(AppError::invalid("date", "must be within a year", "musi wypadać w ciągu roku"));
    }
    if let Some(s) = &input.shift {
        if !SHIFT_CODES.contains(&s.as_str()) {
            return Err(AppError::invalid(
                "shift",
                format!("must be one of {} or null for the whole day", SHIFT_CODES.join(", ")),
                format!("musi być jedną z: {} albo null dla całego dnia", SHIFT_CODES.join(", ")),
            ));
        }
    }
    non_blank("reason", &input.reason)?;
    Ok(state.store.add_staff_request(staff, input.date, input.shift.as_deref(), input.want, input.reason.trim()).await?)
}

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// Month, "YYYY-MM".
    pub month: String,
}

/// Requests of a facility's staff for a month (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/requests", tag = "me", params(("id" = i64, Path), MonthQuery),
    responses((status = 200, body = Vec<StaffRequest>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn facility_requests(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthQuery>) -> Result<Json<Vec<StaffRequest>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let m = wsm_solver::cost::Month::parse(&q.month).ok_or_else(|| AppError::invalid("month", "must be a month as YYYY-MM", "musi być miesiącem w postaci RRRR-MM"))?;
    Ok(Json(state.store.facility_requests(id, m.first, m.last()).await?))
}

/// A manager's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// accepted or declined.
    pub status: String,
}

/// Decides a request; `If-Match: <version>` (admin, the worker's managers). Accepted wishes
/// weigh five times as much in the rota problem as pending ones; declined ones are dropped.
#[utoipa::path(post, path = "/api/v1/requests/{id}/decide", tag = "me", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = Decision,
    responses((status = 200, body = StaffRequest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn decide_request(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(d): ApiJson<Decision>) -> Result<Json<StaffRequest>> {
    require_manager(&user)?;
    let request = state.store.staff_request(id).await?;
    state.managed(&user, Owned::Staff, request.staff_id).await?;
    if d.status != "accepted" && d.status != "declined" {
        return Err(AppError::invalid("status", "must be accepted or declined", "musi być accepted (przyjęty) albo declined (odrzucony)"));
    }
    Ok(Json(state.store.decide_staff_request(id, v, &d.status, user.id).await?))
}
