//! Sign-in, accounts, the audit log and reference data.

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{AppError, ErrorBody, Result};
use super::extract::{cookie, ApiJson, CurrentUser};
use super::{require_admin, session_cookie, AppState};
use crate::auth::{self, token_hash, SESSION_COOKIE};
use crate::domain::barthel::{Band, ITEMS};
use crate::store::model::{AuditEntry, NewUser, Role, User};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(list_users, create_user))
        .routes(routes!(audit_log))
        .routes(routes!(barthel_scale))
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Signs in: checks the password and starts a session.
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<(User, String)> {
    let found = state.store.user_credentials(email).await?;
    let (user, hash) = match found {
        Some(pair) => pair,
        None => {
            // Spend the same effort as a real check so timing does not reveal accounts.
            auth::verify_password(password, auth::dummy_hash());
            return Err(AppError::InvalidCredentials);
        }
    };
    if !auth::verify_password(password, &hash) {
        return Err(AppError::InvalidCredentials);
    }
    let token = auth::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::hours(state.config.server.session_hours);
    state.store.create_session(&token_hash(&token), user.id, expires).await?;
    Ok((user, token))
}

/// Sign in; sets the `wsm_session` cookie (HttpOnly, SameSite=Strict).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", security(()), request_body = LoginInput,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn login(State(state): State<AppState>, ApiJson(input): ApiJson<LoginInput>) -> Result<impl IntoResponse> {
    let (user, token) = sign_in(&state, &input.email, &input.password).await?;
    let cookie = session_cookie(&token, state.config.server.session_hours, state.config.server.cookie_secure);
    Ok((AppendHeaders([(SET_COOKIE, cookie)]), Json(user)))
}

/// Sign out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&token_hash(token)).await?;
    }
    let clear = session_cookie("", 0, state.config.server.cookie_secure);
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(SET_COOKIE, clear)])))
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
async fn me(CurrentUser(user): CurrentUser) -> Json<User> {
    Json(user)
}

/// All accounts (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "auth", responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)))]
async fn list_users(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Vec<User>>> {
    require_admin(&user)?;
    Ok(Json(state.store.users().await?))
}

/// Checks a new account's fields.
pub fn validate_new_user(u: &NewUser) -> Result<()> {
    let email = u.email.trim();
    if email.len() < 3 || !email.contains('@') || email.contains(char::is_whitespace) {
        return Err(AppError::invalid("email", "must be an e-mail address", "musi być adresem e-mail"));
    }
    if u.password.chars().count() < auth::MIN_PASSWORD_LEN {
        return Err(AppError::invalid("password", format!("must have at least {} characters", auth::MIN_PASSWORD_LEN), format!("musi mieć co najmniej {} znaków", auth::MIN_PASSWORD_LEN)));
    }
    match u.role {
        Role::Staff if u.staff_id.is_none() => return Err(AppError::invalid("staff_id", "a staff account belongs to a staff record", "konto pracownika należy do karty pracownika")),
        Role::Staff | Role::Admin if !u.facility_ids.is_empty() => {
            return Err(AppError::invalid("facility_ids", "only managers and funders are given facilities", "placówki przypisuje się tylko kierownikom i podmiotom finansującym"));
        }
        Role::Admin | Role::Manager | Role::Funder if u.staff_id.is_some() => {
            return Err(AppError::invalid("staff_id", "only staff accounts belong to a staff record", "do karty pracownika należą tylko konta pracowników"));
        }
        _ => {}
    }
    Ok(())
}

/// Creates an account (admin).
#[utoipa::path(post, path = "/api/v1/users", tag = "auth", request_body = NewUser,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(State(state): State<AppState>, CurrentUser(user): CurrentUser, ApiJson(input): ApiJson<NewUser>) -> Result<impl IntoResponse> {
    require_admin(&user)?;
    validate_new_user(&input)?;
    if let Some(staff_id) = input.staff_id {
        state.store.facility_of(crate::store::Owned::Staff, staff_id).await.map_err(|_| AppError::invalid("staff_id", format!("no staff member {staff_id}"), format!("nie ma pracownika {staff_id}")))?;
    }
    let hash = auth::hash_password(&input.password)?;
    let created = state.store.create_user(&input, &hash).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// How many audit entries.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// At most this many, newest first (default 200).
    pub limit: Option<i64>,
}

/// The audit log of health-data reads and writes (admin).
#[utoipa::path(get, path = "/api/v1/audit", tag = "auth", params(AuditQuery), responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody)))]
async fn audit_log(State(state): State<AppState>, CurrentUser(user): CurrentUser, Query(q): Query<AuditQuery>) -> Result<Json<Vec<AuditEntry>>> {
    require_admin(&user)?;
    Ok(Json(state.store.audit_log(q.limit.unwrap_or(200).clamp(1, 10_000)).await?))
}

/// One Barthel item and its allowed scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScaleItem {
    /// Item key.
    pub item: String,
    /// Allowed scores.
    pub scores: Vec<u8>,
}

/// The Barthel scale: items, allowed scores, bands, ZOL threshold.
#[derive(Debug, Serialize, ToSchema)]
pub struct BarthelScale {
    /// Items in form order.
    pub items: Vec<ScaleItem>,
    /// Interpretation bands (setting).
    pub bands: Vec<Band>,
    /// Nursing-home (ZOL) admission threshold: total ≤ this.
    pub zol_threshold: u8,
}

/// The Barthel scale, so forms offer only allowed scores.
#[utoipa::path(get, path = "/api/v1/barthel/scale", tag = "residents", responses((status = 200, body = BarthelScale)))]
async fn barthel_scale(State(state): State<AppState>, CurrentUser(_user): CurrentUser) -> Json<BarthelScale> {
    Json(BarthelScale {
        items: ITEMS.iter().map(|(k, s)| ScaleItem { item: (*k).into(), scores: s.to_vec() }).collect(),
        bands: state.bands.as_ref().clone(),
        zol_threshold: crate::domain::barthel::ZOL_THRESHOLD,
    })
}
