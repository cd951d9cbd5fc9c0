//! The REST API under `/api/v1`, its OpenAPI document at `/api/openapi.json` (built from the
//! same route table, so a route cannot be missing from it), health probes, request ids and
//! the origin check that keeps cookie sessions CSRF-safe.

pub mod error;
pub mod extract;
pub(crate) mod costs;
pub(crate) mod facilities;
pub(crate) mod me;
pub(crate) mod people;
pub(crate) mod residents;
pub(crate) mod rotas;
pub(crate) mod staff;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::domain::barthel::Band;
use crate::store::model::User;
use crate::store::{NewAudit, Owned, Store};
use error::{AppError, Result};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// Configuration.
    pub config: Arc<Config>,
    /// Barthel interpretation bands (a setting).
    pub bands: Arc<Vec<Band>>,
    /// Where the Leptos app finds its bundle.
    pub leptos: leptos::config::LeptosOptions,
    /// Rota solve jobs of this process.
    pub jobs: Arc<crate::rota::Jobs>,
}

impl axum::extract::FromRef<AppState> for leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// Today in Europe/Warsaw.
    pub fn today(&self) -> NaiveDate {
        chrono::Utc::now().with_timezone(&chrono_tz::Europe::Warsaw).date_naive()
    }

    /// The facility of a record, if `user` manages it (403 otherwise; roles other than admin
    /// and manager are refused before anything is looked up).
    pub async fn managed(&self, user: &User, kind: Owned, id: i64) -> Result<i64> {
        require_manager(user)?;
        let facility = self.store.facility_of(kind, id).await?;
        if user.manages(facility) {
            Ok(facility)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Writes an audit entry for health data (who, what, when).
    pub async fn audit(&self, user: &User, action: &'static str, entity: &'static str, entity_id: Option<i64>, facility_id: Option<i64>, detail: impl Into<String>) -> Result<()> {
        self.store.audit(NewAudit { user_id: Some(user.id), action, entity, entity_id, facility_id, detail: detail.into() }).await?;
        Ok(())
    }
}

/// Admins and managers only (facility scope checked separately).
pub fn require_manager(user: &User) -> Result<()> {
    use crate::store::model::Role;
    match user.role {
        Role::Admin | Role::Manager => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Admins only.
pub fn require_admin(user: &User) -> Result<()> {
    match user.role {
        crate::store::model::Role::Admin => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// A manager of this facility (or an admin).
pub fn require_manages(user: &User, facility_id: i64) -> Result<()> {
    if user.manages(facility_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A name-like field must not be blank.
pub fn non_blank(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "must not be empty", "nie może być puste"));
    }
    if value.chars().count() > 500 {
        return Err(AppError::invalid(field, "is longer than 500 characters", "jest dłuższe niż 500 znaków"));
    }
    Ok(())
}

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "WSM Ops API", description = "Register of supported-housing communities (WSM): facilities, residents, staff. Edits send `If-Match: <version>`; a stale one gets 409 with the current version."),
    modifiers(&SessionCookie),
    security(("session" = [])),
    components(schemas(error::ErrorBody, error::ErrorDetail))
)]
struct ApiDoc;

/// The API routes and their OpenAPI document, from one table.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(people::routes())
        .merge(facilities::routes())
        .merge(residents::routes())
        .merge(staff::routes())
        .merge(rotas::routes())
        .merge(costs::routes())
        .merge(me::routes())
        .split_for_parts();
    (router, doc)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// CSRF defence for cookie sessions: an unsafe request that a browser marks as coming from
/// another site (Origin differs from Host, or `Sec-Fetch-Site: cross-site`) is refused. The
/// session cookie is also `SameSite=Strict`, and API bodies must be `application/json`.
async fn same_origin(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let h = req.headers();
        let host = h.get("host").and_then(|v| v.to_str().ok()).unwrap_or("");
        let origin_ok = match h.get("origin").and_then(|v| v.to_str().ok()) {
            None | Some("null") if h.get("origin").is_none() => true,
            Some(o) => o.split("://").nth(1).is_some_and(|rest| rest == host),
            None => false,
        };
        let fetch_ok = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_none_or(|s| s != "cross-site");
        if !origin_ok || !fetch_ok {
            return (
                StatusCode::FORBIDDEN,
                Json(error::ErrorBody {
                    error: error::ErrorDetail {
                        code: "cross_site".into(),
                        message: "cross-site requests may not change data".into(),
                        message_pl: Some("żądanie z innej witryny nie może zmieniać danych".into()),
                        field: None,
                        current_version: None,
                    },
                }),
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// The API, probes and OpenAPI document (no layers; see [`layers`]).
pub fn routes() -> Router<AppState> {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    Router::new()
        .merge(api)
        .route("/api/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// What every request goes through: a request id (made or kept, and echoed), a tracing span
/// carrying it, and the cross-site guard.
pub fn layers(router: Router) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    router
        .layer(middleware::from_fn(same_origin))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Builds the `Set-Cookie` value for a session.
pub fn session_cookie(token: &str, hours: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}", crate::auth::SESSION_COOKIE, hours * 3600))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}
