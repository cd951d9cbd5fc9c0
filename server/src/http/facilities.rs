//! Operators, facilities, housing units, rooms, justifications and the standards check.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{non_blank, require_admin, require_manager, require_manages, AppState};
use crate::domain::standards::{self, Breach, JustificationFacts, RoomFacts, UnitFacts};
use crate::store::model::*;
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_operators, create_operator))
        .routes(routes!(list_facilities, create_facility))
        .routes(routes!(get_facility, update_facility))
        .routes(routes!(standards_check))
        .routes(routes!(create_unit))
        .routes(routes!(update_unit, delete_unit))
        .routes(routes!(create_room))
        .routes(routes!(update_room, delete_room))
        .routes(routes!(create_justification))
        .routes(routes!(delete_justification))
}

/// Operators (admin, manager).
#[utoipa::path(get, path = "/api/v1/operators", tag = "facilities", responses((status = 200, body = Vec<Operator>), (status = 403, body = ErrorBody)))]
async fn list_operators(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<Operator>>> {
    require_manager(&user)?;
    Ok(Json(state.store.operators().await?))
}

/// Adds an operator (admin).
#[utoipa::path(post, path = "/api/v1/operators", tag = "facilities", request_body = OperatorInput,
    responses((status = 201, body = Operator), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_operator(State(state): State<AppState>, CurrentUser(user): CurrentUser, ApiJson(input): ApiJson<OperatorInput>) -> Result<impl IntoResponse> {
    require_admin(&user)?;
    non_blank("name", &input.name)?;
    Ok((StatusCode::CREATED, Json(state.store.create_operator(&input).await?)))
}

fn validate_facility(f: &FacilityInput) -> Result<()> {
    non_blank("name", &f.name)?;
    non_blank("address", &f.address)?;
    non_blank("profile", &f.profile)
}

/// Facilities the caller may see: all (admin), managed (manager), the own one (staff).
#[utoipa::path(get, path = "/api/v1/facilities", tag = "facilities", responses((status = 200, body = Vec<Facility>), (status = 403, body = ErrorBody)))]
async fn list_facilities(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<Facility>>> {
    let ids = match user.role {
        Role::Admin => state.store.facility_ids().await?,
        Role::Manager => user.facility_ids.clone(),
        Role::Staff => match user.staff_id {
            Some(s) => vec![state.store.facility_of(Owned::Staff, s).await?],
            None => vec![],
        },
        Role::Funder => return Err(AppError::Forbidden),
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(state.store.facility(id).await?);
    }
    Ok(Json(out))
}

/// Adds a facility (admin).
#[utoipa::path(post, path = "/api/v1/facilities", tag = "facilities", request_body = FacilityInput,
    responses((status = 201, body = Facility), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_facility(State(state): State<AppState>, CurrentUser(user): CurrentUser, ApiJson(input): ApiJson<FacilityInput>) -> Result<impl IntoResponse> {
    require_admin(&user)?;
    validate_facility(&input)?;
    Ok((StatusCode::CREATED, Json(state.store.create_facility(&input).await?)))
}

/// A facility with units and rooms (admin, its managers, its staff).
#[utoipa::path(get, path = "/api/v1/facilities/{id}", tag = "facilities", params(("id" = i64, Path, description = "Facility id")),
    responses((status = 200, body = Facility), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_facility(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<Facility>> {
    let allowed = match user.role {
        Role::Admin | Role::Manager => user.manages(id),
        Role::Staff => match user.staff_id {
            Some(s) => state.store.facility_of(Owned::Staff, s).await? == id,
            None => false,
        },
        Role::Funder => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(Json(state.store.facility(id).await?))
}

/// Replaces a facility's details (admin, its managers); `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/facilities/{id}", tag = "facilities", params(("id" = i64, Path), ("If-Match" = i64, Header, description = "version being edited")),
    request_body = FacilityInput,
    responses((status = 200, body = Facility), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn update_facility(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<FacilityInput>,
) -> Result<Json<Facility>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    validate_facility(&input)?;
    Ok(Json(state.store.update_facility(id, version, &input).await?))
}

/// The standards check of a facility.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StandardsReport {
    /// Facility.
    pub facility_id: i64,
    /// Its building standard.
    pub building_type: standards::BuildingType,
    /// True when no uncovered breach remains.
    pub passes: bool,
    /// Every breach (justified ones included, marked as such).
    pub breaches: Vec<Breach>,
}

/// Builds the standards report of a stored facility.
pub fn standards_report(f: &Facility) -> StandardsReport {
    let units: Vec<UnitFacts> = f
        .units
        .iter()
        .map(|u| UnitFacts {
            id: u.id,
            name: u.name.clone(),
            places: u.places,
            residents: u.residents,
            rooms: u.rooms.iter().map(|r| RoomFacts { id: r.id, name: r.name.clone(), kind: r.kind, area: r.area_m2, serves_room: r.serves_room_id }).collect(),
        })
        .collect();
    let js: Vec<JustificationFacts> =
        f.justifications.iter().map(|j| JustificationFacts { id: j.id, rule: j.rule.clone(), unit_id: j.unit_id, room_id: j.room_id, reason: j.reason.clone() }).collect();
    let breaches = standards::check(f.building_type, &units, &js);
    StandardsReport { facility_id: f.id, building_type: f.building_type, passes: breaches.iter().all(|b| b.justified), breaches }
}

/// Checks a facility against its building type's standard (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/standards", tag = "facilities", params(("id" = i64, Path)),
    responses((status = 200, body = StandardsReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn standards_check(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<StandardsReport>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let f = state.store.facility(id).await?;
    Ok(Json(standards_report(&f)))
}

fn validate_unit(u: &UnitInput) -> Result<()> {
    non_blank("name", &u.name)?;
    let max = standards::MAX_RESIDENTS_PER_UNIT;
    if u.places == 0 || u.places > max {
        return Err(AppError::invalid("places", format!("a housing unit has 1 to {max} places"), format!("zespół mieszkalny ma od 1 do {max} miejsc")));
    }
    Ok(())
}

/// Adds a housing unit (≤ 6 places; ≤ 12 in the WSM).
#[utoipa::path(post, path = "/api/v1/facilities/{id}/units", tag = "facilities", params(("id" = i64, Path)), request_body = UnitInput,
    responses((status = 201, body = Unit), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_unit(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<UnitInput>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    validate_unit(&input)?;
    Ok((StatusCode::CREATED, Json(state.store.create_unit(id, &input).await?)))
}

/// Replaces a unit; `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/units/{id}", tag = "facilities", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = UnitInput,
    responses((status = 200, body = Unit), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_unit(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(input): ApiJson<UnitInput>) -> Result<Json<Unit>> {
    state.managed(&user, Owned::Unit, id).await?;
    validate_unit(&input)?;
    Ok(Json(state.store.update_unit(id, v, &input).await?))
}

/// Removes an empty unit.
#[utoipa::path(delete, path = "/api/v1/units/{id}", tag = "facilities", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_unit(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<StatusCode> {
    state.managed(&user, Owned::Unit, id).await?;
    state.store.delete_unit(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a room to a unit.
#[utoipa::path(post, path = "/api/v1/units/{id}/rooms", tag = "facilities", params(("id" = i64, Path)), request_body = RoomInput,
    responses((status = 201, body = Room), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_room(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<RoomInput>) -> Result<impl IntoResponse> {
    state.managed(&user, Owned::Unit, id).await?;
    non_blank("name", &input.name)?;
    Ok((StatusCode::CREATED, Json(state.store.create_room(id, &input).await?)))
}

/// Replaces a room; `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/rooms/{id}", tag = "facilities", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = RoomInput,
    responses((status = 200, body = Room), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_room(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(input): ApiJson<RoomInput>) -> Result<Json<Room>> {
    state.managed(&user, Owned::Room, id).await?;
    non_blank("name", &input.name)?;
    Ok(Json(state.store.update_room(id, v, &input).await?))
}

/// Removes a room nobody lives in.
#[utoipa::path(delete, path = "/api/v1/rooms/{id}", tag = "facilities", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_room(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<StatusCode> {
    state.managed(&user, Owned::Room, id).await?;
    state.store.delete_room(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records why a deviation from a rule is justified (the check still shows it).
#[utoipa::path(post, path = "/api/v1/facilities/{id}/justifications", tag = "facilities", params(("id" = i64, Path)), request_body = JustificationInput,
    responses((status = 201, body = Justification), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_justification(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<JustificationInput>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    non_blank("reason", &input.reason)?;
    const RULES: [&str; 12] = [
        standards::RULE_ROOM_AREA,
        standards::RULE_OWN_BATHROOM,
        standards::RULE_BATHROOM_AREA,
        standards::RULE_BATHROOM_COUNT,
        standards::RULE_AREA_PER_RESIDENT,
        standards::RULE_UNIT_PLACES,
        standards::RULE_UNIT_OCCUPANCY,
        standards::RULE_WSM_RESIDENTS,
        standards::RULE_SINGLE_ROOMS,
        standards::RULE_DAY_ROOM,
        standards::RULE_KITCHEN,
        standards::RULE_STAFF_ROOM,
    ];
    if !RULES.contains(&input.rule.as_str()) {
        return Err(AppError::invalid("rule", format!("unknown rule; one of {}", RULES.join(", ")), format!("nieznana reguła; dozwolone: {}", RULES.join(", "))));
    }
    Ok((StatusCode::CREATED, Json(state.store.add_justification(id, &input).await?)))
}

/// Removes a justification.
#[utoipa::path(delete, path = "/api/v1/justifications/{id}", tag = "facilities", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_justification(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<StatusCode> {
    state.managed(&user, Owned::Justification, id).await?;
    state.store.delete_justification(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
