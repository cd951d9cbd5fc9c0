//! The HTTP error type: every variant's status is named in its doc comment; internal errors are
//! logged and answered with an opaque 500, never with database text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::RuleError;
use crate::store::StoreError;

/// Result of a handler.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401: no valid session.
    #[error("sign in first")]
    Unauthorized,
    /// 401: wrong e-mail or password.
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    /// 403: signed in, but this role may not do this here.
    #[error("your role may not do this")]
    Forbidden,
    /// 404: no such record.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 400: the body is not valid JSON (syntax); English, Polish.
    #[error("{0}")]
    MalformedJson(String, String),
    /// 415: the body is not `application/json`.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// 422: a field breaks a rule (names the field).
    #[error(transparent)]
    Invalid(#[from] RuleError),
    /// 409: the edit was based on an old version.
    #[error("the record was changed by someone else; it is now at version {current}. Reload and apply your change again.")]
    Stale {
        /// Current version.
        current: i64,
    },
    /// 409: a value that must be unique is taken, or the record is still in use.
    #[error("{message}")]
    Conflict {
        /// Field.
        field: String,
        /// What.
        message: String,
        /// The same in Polish.
        message_pl: String,
    },
    /// 428: an edit without `If-Match: <version>`.
    #[error("send the version you edited in the If-Match header")]
    VersionRequired,
    /// 500: logged, answered opaquely.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// The JSON error body: `{"error": {"code", "message", "message_pl", "field"}}`.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// One error.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code.
    pub code: String,
    /// Human-readable message (English).
    pub message: String,
    /// The message in Polish; present for the errors a form shows: malformed JSON (400),
    /// a conflict or stale edit (409), invalid input (422), a missing version (428); and for
    /// the cross-site refusal (403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_pl: Option<String>,
    /// JSON path of the field at fault, if one is.
    pub field: Option<String>,
    /// For a stale edit: the record's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl AppError {
    fn status_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::MalformedJson(..) => (StatusCode::BAD_REQUEST, "malformed_json"),
            Self::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            Self::Stale { .. } => (StatusCode::CONFLICT, "stale_version"),
            Self::Conflict { .. } => (StatusCode::CONFLICT, "conflict"),
            Self::VersionRequired => (StatusCode::PRECONDITION_REQUIRED, "version_required"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// A 422 naming a field, with its message in English and in Polish.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>, message_pl: impl Into<String>) -> Self {
        Self::Invalid(RuleError::new(field, message, message_pl))
    }

    /// The message in Polish, for the errors that carry one.
    pub fn message_pl(&self) -> Option<String> {
        match self {
            Self::Invalid(r) => Some(r.message_pl.clone()),
            Self::Conflict { message_pl, .. } => Some(message_pl.clone()),
            Self::Stale { current } => Some(format!("ktoś inny zmienił ten rekord; jest teraz w wersji {current}. Odśwież i wprowadź zmianę ponownie.")),
            Self::VersionRequired => Some("podaj w nagłówku If-Match wersję, którą edytujesz".into()),
            Self::MalformedJson(_, pl) => Some(pl.clone()),
            _ => None,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Stale { current } => Self::Stale { current },
            StoreError::Rule(r) => Self::Invalid(r),
            StoreError::Duplicate { field, message, message_pl } => Self::Conflict { field, message, message_pl },
            other => Self::Internal(other.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_code();
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let field = match &self {
            Self::Invalid(r) => Some(r.field.clone()),
            Self::Conflict { field, .. } if !field.is_empty() => Some(field.clone()),
            Self::VersionRequired => Some("If-Match".to_string()),
            _ => None,
        };
        let current_version = match &self {
            Self::Stale { current } => Some(*current),
            _ => None,
        };
        let message = match &self {
            Self::Invalid(r) => r.message.clone(),
            other => other.to_string(),
        };
        let message_pl = self.message_pl();
        (status, Json(ErrorBody { error: ErrorDetail { code: code.into(), message, message_pl, field, current_version } })).into_response()
    }
}
