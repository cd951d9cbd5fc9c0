//! What the server provides to the pages (through Leptos context), so the frontend never
//! depends on the server crate and the server keeps all storage and auth decisions.

use futures::future::BoxFuture;

use crate::model::{CalendarLinks, MyShifts, NewResident, Overview, ResidentPage, ResidentsPage, StatementsPage, UiError};

/// Implemented by the server; provided as `Arc<dyn Backend>` in context.
pub trait Backend: Send + Sync + 'static {
    /// Checks credentials; on success returns the `Set-Cookie` value of a new session.
    fn login(&self, email: String, password: String) -> BoxFuture<'static, Result<String, UiError>>;
    /// Ends the session the request's `Cookie` header carries; returns the `Set-Cookie` value
    /// that clears it.
    fn logout(&self, cookie_header: Option<String>) -> BoxFuture<'static, String>;
    /// What the signed-in user may see; `Unauthorized` without a live session.
    fn overview(&self, cookie_header: Option<String>) -> BoxFuture<'static, Result<Overview, UiError>>;
    /// A staff member's shifts and requests; `Forbidden` for other roles.
    fn my_shifts(&self, cookie_header: Option<String>) -> BoxFuture<'static, Result<MyShifts, UiError>>;
    /// Records a staff member's request (date "YYYY-MM-DD", shift code or "" for the whole day).
    fn add_request(&self, cookie_header: Option<String>, date: String, shift: String, want: bool, reason: String) -> BoxFuture<'static, Result<(), UiError>>;
    /// Calls the JSON API in process as the signed-in user (the same checks, validation and
    /// audit as over HTTP): the answer's JSON text, or the API's error as a `UiError`.
    fn api(&self, cookie_header: Option<String>, method: &'static str, path: String, body: Option<String>, if_match: Option<i64>) -> BoxFuture<'static, Result<String, UiError>>;
    /// A facility's dashboard (its managers).
    fn dashboard(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<crate::model::Dashboard, UiError>>;
    /// A facility's residents (managers).
    fn residents(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<ResidentsPage, UiError>>;
    /// Admits a resident; the new id.
    fn admit(&self, cookie_header: Option<String>, facility_id: i64, input: NewResident) -> BoxFuture<'static, Result<i64, UiError>>;
    /// A resident's page with the Barthel history (managers; audited).
    fn resident(&self, cookie_header: Option<String>, id: i64) -> BoxFuture<'static, Result<ResidentPage, UiError>>;
    /// Records a Barthel assessment: date, assessor, the ten scores in the scale's order.
    fn assess(&self, cookie_header: Option<String>, id: i64, assessed_on: String, assessor: String, scores: [u8; 10]) -> BoxFuture<'static, Result<(), UiError>>;
    /// A facility's funder statements; `Forbidden` unless the user funds or manages it.
    fn statements(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<StatementsPage, UiError>>;
    /// Makes a new personal calendar feed (the old one stops working).
    fn calendar_link(&self, cookie_header: Option<String>, host: Option<String>) -> BoxFuture<'static, Result<CalendarLinks, UiError>>;
}

/// The backend in context (panics only if the server forgot to provide it: a wiring bug).
pub fn backend() -> std::sync::Arc<dyn Backend> {
    leptos::prelude::expect_context::<std::sync::Arc<dyn Backend>>()
}

/// The request's `Cookie` header, during server rendering or a server-function call.
pub fn cookie_header() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let joined: Vec<&str> = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    (!joined.is_empty()).then(|| joined.join("; "))
}

/// The request's `Host` header, during a server-function call.
pub fn host_header() -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts.headers.get(http::header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Calls the JSON API in process as the signed-in user; the answer parsed.
pub async fn api(method: &'static str, path: String, body: Option<serde_json::Value>, if_match: Option<i64>) -> Result<serde_json::Value, UiError> {
    let text = backend().api(cookie_header(), method, path, body.map(|b| b.to_string()), if_match).await?;
    serde_json::from_str(&text).map_err(|_| UiError::Internal)
}

/// A JSON value as text ("" when absent; numbers as written).
pub fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The items of a JSON array (none when it is not one).
pub fn items(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v.as_array().cloned().unwrap_or_default()
}

/// Today in Europe/Warsaw (what the pages mean by "today" and "this month").
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Warsaw).date_naive()
}

/// This month in Europe/Warsaw, "YYYY-MM".
pub fn this_month() -> String {
    today().format("%Y-%m").to_string()
}
