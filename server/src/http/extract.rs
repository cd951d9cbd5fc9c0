//! Extractors: JSON bodies whose errors name the field, the `If-Match` version, the signed-in
//! user.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{CONTENT_TYPE, COOKIE, IF_MATCH};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::AppError;
use super::AppState;
use crate::auth::{token_hash, SESSION_COOKIE};
use crate::domain::RuleError;
use crate::store::model::User;

/// A JSON body. Syntax errors are 400 `malformed_json`; a value that does not fit (wrong type,
/// unknown field, a rule of a value type) is 422 naming the JSON path of the field.
pub struct ApiJson<T>(pub T);

/// Parses a JSON body with errors that name the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match inner.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof | serde_json::error::Category::Io => {
                    Err(AppError::MalformedJson(format!("the body is not valid JSON: {inner}"), format!("treść żądania nie jest poprawnym JSON-em: {inner}")))
                }
                serde_json::error::Category::Data => {
                    let text = inner.to_string();
                    let message = text.split(" at line ").next().unwrap_or(&text).to_string();
                    // serde_path_to_error already ends the path with an unknown field's name.
                    let field = if path == "." { String::new() } else { path };
                    Err(AppError::Invalid(RuleError::from_serde(field, message)))
                }
            }
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"))
            .unwrap_or(false);
        if !json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| AppError::MalformedJson(format!("cannot read the body: {e}"), format!("nie można odczytać treści żądania: {e}")))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The version an edit is based on, from `If-Match: <version>` (quotes allowed).
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.headers.get(IF_MATCH).ok_or(AppError::VersionRequired)?;
        let text = raw.to_str().unwrap_or("").trim().trim_start_matches("W/").trim_matches('"');
        text.parse::<i64>().map(IfMatch).map_err(|_| AppError::invalid("If-Match", "must be the record's version number, e.g. \"3\"", "musi być numerem wersji rekordu, np. \"3\""))
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    /// No header: none (a create); a header: it must be a version.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.get(IF_MATCH).is_none() {
            return Ok(None);
        }
        <IfMatch as FromRequestParts<S>>::from_request_parts(parts, state).await.map(Some)
    }
}

/// Reads a cookie's value from request headers.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| cookie_value(v, name))
}

/// Reads a cookie's value from one `Cookie` header value.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The signed-in user (401 without a live session).
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
        let user = state.store.session_user(&token_hash(token), chrono::Utc::now()).await?.ok_or(AppError::Unauthorized)?;
        Ok(CurrentUser(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        feeding: u8,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Inner,
        name: String,
    }

    fn err(body: &str) -> (String, Option<String>) {
        match parse_json::<Outer>(body.as_bytes()).unwrap_err() {
            AppError::Invalid(r) => ("invalid".into(), Some(r.field)),
            AppError::MalformedJson(..) => ("malformed".into(), None),
            other => (format!("{other:?}"), None),
        }
    }

    #[test]
    fn malformed_json_is_a_syntax_error() {
        assert_eq!(err("{\"name\": "), ("malformed".into(), None));
        assert_eq!(err("{name: 1}"), ("malformed".into(), None));
    }

    #[test]
    fn serde_errors_get_a_polish_message() {
        let pl = |body: &str| match parse_json::<Outer>(body.as_bytes()).unwrap_err() {
            AppError::Invalid(r) => r.message_pl,
            other => format!("{other:?}"),
        };
        assert_eq!(pl(r#"{"items": {"feeding": 5, "colour": 1}, "name": "x"}"#), "nieznane pole `colour`; dozwolone: `feeding`");
        assert_eq!(pl(r#"{"items": {"feeding": 5}}"#), "brak pola `name`");
        assert!(pl(r#"{"items": {"feeding": "a"}, "name": "x"}"#).starts_with("nieprawidłowe dane: invalid type"));
    }

    #[test]
    fn unknown_and_wrong_fields_are_named_by_path() {
        assert_eq!(err(r#"{"items": {"feeding": 5, "colour": 1}, "name": "x"}"#), ("invalid".into(), Some("items.colour".into())));
        assert_eq!(err(r#"{"items": {"feeding": "a"}, "name": "x"}"#), ("invalid".into(), Some("items.feeding".into())));
        assert_eq!(err(r#"{"items": {"feeding": 5}, "name": "x", "extra": true}"#), ("invalid".into(), Some("extra".into())));
    }
}
