//! The Leptos app mounted on the server: the `Backend` the pages call (sign-in, overview),
//! the language switch, and the static hydrate bundle.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::header::{LOCATION, REFERER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use futures::future::BoxFuture;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use wsm_frontend::backend::Backend;
use wsm_frontend::model::{BandView, BarthelItem, CalendarLinks, FacilitySummary, MyShifts, NewResident, Notice, Overview, RequestRow, ResidentItem, ResidentPage, ResidentsPage, ShiftRow, StatementItem, StatementsPage, UiError, UnitSummary};

use crate::auth::{token_hash, SESSION_COOKIE};
use crate::http::error::AppError;
use crate::http::extract::cookie_value;
use crate::http::{session_cookie, AppState};
use crate::store::model::{Role, User};
use crate::store::Owned;

/// The server's side of the pages.
#[derive(Clone)]
pub struct WebBackend {
    state: AppState,
    /// The JSON API, built once, for [`Backend::api`].
    api: Router,
}

/// The app's error in the request's language (the `wsm_lang` cookie; Polish by default).
fn ui_error_in(cookie_header: Option<&str>) -> impl Fn(AppError) -> UiError {
    let polish = lang_of(cookie_header) == wsm_frontend::i18n::Lang::Pl;
    move |e| match e {
        AppError::Invalid(r) if polish && !r.message_pl.is_empty() => UiError::Invalid { field: r.field, message: r.message_pl },
        other => ui_error(other),
    }
}

fn lang_of(cookie_header: Option<&str>) -> wsm_frontend::i18n::Lang {
    cookie_header.map_or(wsm_frontend::i18n::Lang::Pl, wsm_frontend::i18n::Lang::from_cookie_header)
}

/// A form error in the request's language.
fn invalid_in(cookie_header: Option<&str>, field: &str, pl: &str, en: &str) -> UiError {
    let message = if lang_of(cookie_header) == wsm_frontend::i18n::Lang::Pl { pl } else { en };
    UiError::Invalid { field: field.into(), message: message.into() }
}

fn ui_error(e: AppError) -> UiError {
    match e {
        AppError::Unauthorized => UiError::Unauthorized,
        AppError::InvalidCredentials => UiError::InvalidCredentials,
        AppError::Forbidden => UiError::Forbidden,
        AppError::Invalid(r) => UiError::Invalid { field: r.field, message: r.message },
        other => {
            // Logged here; the browser only learns that something failed.
            tracing::error!(error = ?other, "page request failed");
            UiError::Internal
        }
    }
}

impl WebBackend {
    async fn user(&self, cookie_header: Option<&str>) -> Result<User, AppError> {
        let token = cookie_header.and_then(|h| cookie_value(h, SESSION_COOKIE)).ok_or(AppError::Unauthorized)?;
        self.state.store.session_user(&token_hash(token), chrono::Utc::now()).await?.ok_or(AppError::Unauthorized)
    }

    async fn overview_of(&self, user: User) -> Result<Overview, AppError> {
        let store = &self.state.store;
        let ids = match user.role {
            Role::Admin => store.facility_ids().await?,
            Role::Manager | Role::Funder => user.facility_ids.clone(),
            Role::Staff => match user.staff_id {
                Some(s) => vec![store.facility_of(Owned::Staff, s).await?],
                None => vec![],
            },
        };
        let today = self.state.today();
        let mut facilities = Vec::with_capacity(ids.len());
        for id in ids {
            let f = store.facility(id).await?;
            // Staff counts and standards are for those who manage the facility.
            let (staff, rosterable, breaches, notices) = if user.manages(id) {
                let staff = store.staff_list(id, today).await?;
                let report = crate::http::facilities::standards_report(&f);
                // The newest day's reminders (the jobs raise them afresh each morning).
                let all = store.notifications(&[id], 200).await?;
                let newest = all.first().map(|n| n.created_on);
                let notices = all
                    .into_iter()
                    .filter(|n| Some(n.created_on) == newest)
                    .map(|n| Notice { kind: n.kind, message: n.message, message_pl: n.message_pl, due_on: n.due_on.map(|d| d.to_string()), raised_on: n.created_on.to_string() })
                    .collect();
                (
                    Some(staff.len() as u32),
                    Some(staff.iter().filter(|s| s.rosterability.rosterable).count() as u32),
                    Some(report.breaches.iter().filter(|b| !b.justified).count() as u32),
                    Some(notices),
                )
            } else {
                (None, None, None, None)
            };
            facilities.push(FacilitySummary {
                id: f.id,
                name: f.name.clone(),
                address: f.address.clone(),
                building_type: f.building_type.code().to_string(),
                residents: f.residents,
                places: f.units.iter().map(|u| u.places).sum(),
                units: f.units.iter().map(|u| UnitSummary { id: u.id, name: u.name.clone(), residents: u.residents, places: u.places }).collect(),
                staff,
                rosterable_staff: rosterable,
                breaches,
                notices,
            });
        }
        Ok(Overview { user_email: user.email, role: user.role.code().to_string(), facilities })
    }
}

impl WebBackend {
    async fn staff_user(&self, cookie_header: Option<&str>) -> Result<(User, i64), AppError> {
        let user = self.user(cookie_header).await?;
        match (user.role, user.staff_id) {
            (Role::Staff, Some(id)) => Ok((user, id)),
            _ => Err(AppError::Forbidden),
        }
    }

    async fn my_shifts_of(&self, staff_id: i64) -> Result<MyShifts, AppError> {
        use chrono::Datelike;
        let store = &self.state.store;
        let today = self.state.today();
        let me = store.staff(staff_id, today).await?;
        let now = chrono::Utc::now();
        let shifts = crate::myshifts::shifts(store.as_ref(), staff_id, today, 2).await?;
        let rows: Vec<ShiftRow> = shifts
            .iter()
            .filter(|s| s.end > now)
            .map(|s| ShiftRow {
                date: s.date.to_string(),
                weekday: s.date.weekday().num_days_from_monday() as u8,
                code: s.code.clone(),
                start: s.start_local.clone(),
                end: s.end_local.clone(),
                hours: format!("{}", (s.end - s.start).num_minutes() as f64 / 60.0),
                unit: s.unit.clone(),
                coworkers: s.coworkers.clone(),
            })
            .collect();
        let requests = store
            .staff_requests(staff_id)
            .await?
            .into_iter()
            .map(|r| RequestRow { date: r.date.to_string(), shift: r.shift, want: r.want, reason: r.reason, status: r.status })
            .collect();
        Ok(MyShifts { name: format!("{} {}", me.first_name, me.last_name), next: rows.first().cloned(), upcoming: rows, requests })
    }
}

fn store_error(e: crate::store::StoreError) -> UiError {
    ui_error(e.into())
}

fn parse_day(cookie_header: Option<&str>, field: &str, v: &str) -> Result<chrono::NaiveDate, UiError> {
    v.parse().map_err(|_| invalid_in(cookie_header, field, "musi być datą (RRRR-MM-DD)", "must be a date (YYYY-MM-DD)"))
}

impl Backend for WebBackend {
    fn api(&self, cookie_header: Option<String>, method: &'static str, path: String, body: Option<String>, if_match: Option<i64>) -> BoxFuture<'static, Result<String, UiError>> {
        use tower::ServiceExt;
        let api = self.api.clone();
        // The page's language (Polish unless the cookie says English) picks the error's text.
        let polish = lang_of(cookie_header.as_deref()) == wsm_frontend::i18n::Lang::Pl;
        Box::pin(async move {
            if !path.starts_with("/api/v1/") {
                return Err(UiError::Forbidden);
            }
            let mut req = axum::http::Request::builder().method(method).uri(&path).header("content-type", "application/json");
            if let Some(c) = cookie_header {
                req = req.header(axum::http::header::COOKIE, c);
            }
            if let Some(v) = if_match {
                req = req.header(axum::http::header::IF_MATCH, v.to_string());
            }
            let req = req.body(axum::body::Body::from(body.unwrap_or_default())).map_err(|_| UiError::Internal)?;
            let resp = api.oneshot(req).await.map_err(|_| UiError::Internal)?;
            let status = resp.status();
            let bytes = axum::body::to_bytes(resp.into_body(), 32 << 20).await.map_err(|_| UiError::Internal)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if status.is_success() {
                return Ok(text);
            }
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let english = v["error"]["message"].as_str().unwrap_or("");
            let message = match v["error"]["message_pl"].as_str() {
                Some(pl) if polish && !pl.is_empty() => pl,
                _ => english,
            }
            .to_string();
            let field = v["error"]["field"].as_str().unwrap_or("").to_string();
            Err(match status.as_u16() {
                401 => UiError::Unauthorized,
                403 => UiError::Forbidden,
                400 | 404 | 409 | 422 | 428 => UiError::Invalid { field, message },
                _ => UiError::Internal,
            })
        })
    }

    fn dashboard(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<wsm_frontend::model::Dashboard, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            crate::http::require_manager(&user).and_then(|_| crate::http::require_manages(&user, facility_id)).map_err(ui_error)?;
            let store = &me.state.store;
            let today = me.state.today();
            let f = store.facility(facility_id).await.map_err(store_error)?;
            let staff = store.staff_list(facility_id, today).await.map_err(store_error)?;
            let report = crate::http::facilities::standards_report(&f);
            let place = |unit: Option<i64>, room: Option<i64>| {
                let u = f.units.iter().find(|u| Some(u.id) == unit);
                let r = f.units.iter().flat_map(|u| u.rooms.iter()).find(|r| Some(r.id) == room);
                match (u, r) {
                    (_, Some(r)) => r.name.clone(),
                    (Some(u), None) => u.name.clone(),
                    _ => f.name.clone(),
                }
            };
            let breaches = report
                .breaches
                .iter()
                .filter(|b| !b.justified)
                .map(|b| [b.rule.clone(), place(b.unit_id, b.room_id), b.message.clone(), b.message_pl.clone(), b.measured.normalize().to_string(), b.limit.normalize().to_string(), b.unit.clone()])
                .collect();
            // What is due, computed now (the morning jobs raise the same as reminders).
            let mut due = crate::jobs::reviews_of(&me.state, facility_id, today).await.map_err(|e| ui_error(AppError::Internal(anyhow::anyhow!(e))))?;
            due.extend(crate::jobs::expiries_of(&me.state, facility_id, today).await.map_err(|e| ui_error(AppError::Internal(anyhow::anyhow!(e))))?);
            due.sort_by_key(|d| d.due);
            let this = wsm_solver::cost::Month::of(today);
            let next = wsm_solver::cost::Month::of(this.last() + chrono::Duration::days(1));
            let versions = store.rota_versions(facility_id, &next.label()).await.map_err(store_error)?;
            let rota_status = if versions.iter().any(|v| v.published_at.is_some()) {
                "published"
            } else {
                match versions.iter().max_by_key(|v| v.number) {
                    None => "none",
                    Some(v) if v.status == "short" => "short",
                    Some(_) => "draft",
                }
            };
            let (funded, actual, gap, gap_negative, missing) = match crate::costs::monthly(store.as_ref(), &f, this, today).await {
                Ok(c) => (Some(c.support_total.pl()), Some(c.actual.support.pl()), Some(c.actual.support_gap.pl()), c.actual.support_gap.0 < 0, c.missing),
                Err(e) => (None, None, None, false, vec![e.to_string()]),
            };
            Ok(wsm_frontend::model::Dashboard {
                facility_id,
                name: f.name.clone(),
                address: f.address.clone(),
                residents: f.residents,
                places: f.units.iter().map(|u| u.places).sum(),
                units: f.units.iter().map(|u| (u.name.clone(), u.residents, u.places)).collect(),
                staff: (staff.len() as u32, staff.iter().filter(|s| s.rosterability.rosterable).count() as u32),
                breaches,
                justified: report.breaches.iter().filter(|b| b.justified).count() as u32,
                due: due.into_iter().map(|d| Notice { kind: d.kind.to_string(), message: d.message, message_pl: d.message_pl, due_on: Some(d.due.to_string()), raised_on: today.to_string() }).collect(),
                next_month: next.label(),
                rota_status: rota_status.into(),
                this_month: this.label(),
                funded,
                actual,
                gap,
                gap_negative,
                missing,
            })
        })
    }

    fn residents(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<ResidentsPage, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            crate::http::require_manager(&user).and_then(|_| crate::http::require_manages(&user, facility_id)).map_err(ui_error)?;
            let store = &me.state.store;
            let f = store.facility(facility_id).await.map_err(store_error)?;
            let mut residents = Vec::new();
            for r in store.residents(facility_id).await.map_err(store_error)?.into_iter().filter(|r| r.moved_out.is_none()) {
                let latest = store.barthel_history(r.id).await.map_err(store_error)?.into_iter().max_by_key(|a| (a.assessed_on, a.id));
                residents.push(ResidentItem {
                    id: r.id,
                    name: format!("{} {}", r.first_name, r.last_name),
                    unit: f.units.iter().find(|u| u.id == r.unit_id).map_or_else(String::new, |u| u.name.clone()),
                    barthel: latest.as_ref().map(|a| a.total),
                    band: latest.as_ref().and_then(|a| crate::domain::barthel::band_for(a.total, &me.state.bands).map(|b| b.key.clone())),
                    next_due: latest.map(|a| a.next_due.to_string()),
                });
            }
            me.state.audit(&user, "read", "residents", None, Some(facility_id), "list with Barthel totals (app)").await.map_err(ui_error)?;
            Ok(ResidentsPage { facility_id, facility: f.name.clone(), units: f.units.iter().map(|u| (u.id, u.name.clone(), u.residents, u.places)).collect(), residents })
        })
    }

    fn admit(&self, cookie_header: Option<String>, facility_id: i64, input: NewResident) -> BoxFuture<'static, Result<i64, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            use crate::store::model::{Certificate, RegisterData, ResidentInput};
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            let degree = match input.certificate_degree.as_str() {
                "znaczny" => crate::domain::resident::CertificateDegree::Znaczny,
                "equivalent" => crate::domain::resident::CertificateDegree::Equivalent,
                _ => return Err(invalid_in(cookie_header.as_deref(), "certificate.degree", "musi być: znaczny lub równoważny", "must be znaczny or equivalent")),
            };
            let resident = ResidentInput {
                unit_id: input.unit_id,
                room_id: None,
                first_name: input.first_name.trim().into(),
                last_name: input.last_name.trim().into(),
                date_of_birth: parse_day(cookie_header.as_deref(), "date_of_birth", &input.date_of_birth)?,
                certificate: Certificate {
                    number: input.certificate_number.trim().into(),
                    issuer: input.certificate_issuer.trim().into(),
                    degree,
                    valid_from: parse_day(cookie_header.as_deref(), "certificate.valid_from", &input.certificate_valid_from)?,
                    valid_until: None,
                },
                legal_representative: None,
                supported_decision_making: false,
                moved_in: parse_day(cookie_header.as_deref(), "moved_in", &input.moved_in)?,
                moved_out: None,
                day_programme: Vec::new(),
                one_to_one: Vec::new(),
                register: RegisterData::default(),
            };
            crate::http::residents::admit(&me.state, &user, facility_id, &resident).await.map(|r| r.id).map_err(ui_error_in(cookie_header.as_deref()))
        })
    }

    fn resident(&self, cookie_header: Option<String>, id: i64) -> BoxFuture<'static, Result<ResidentPage, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            let history = crate::http::residents::history(&me.state, &user, id).await.map_err(ui_error)?;
            let store = &me.state.store;
            let r = store.resident(id).await.map_err(store_error)?;
            let f = store.facility(r.facility_id).await.map_err(store_error)?;
            Ok(ResidentPage {
                id,
                facility_id: r.facility_id,
                name: format!("{} {}", r.first_name, r.last_name),
                unit: f.units.iter().find(|u| u.id == r.unit_id).map_or_else(String::new, |u| u.name.clone()),
                date_of_birth: r.date_of_birth.to_string(),
                certificate: format!("{}, {}{}", r.certificate.number, r.certificate.issuer, r.certificate.valid_until.map(|d| format!(", do {d}")).unwrap_or_default()),
                bands: me.state.bands.iter().map(|b| BandView { from: b.from, to: b.to, key: b.key.clone(), label_pl: b.label_pl.clone(), label_en: b.label_en.clone() }).collect(),
                items: crate::domain::barthel::ITEMS.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect(),
                history: history.into_iter().map(|a| BarthelItem { date: a.assessed_on.to_string(), total: a.total, band: a.band.map(|b| b.key), assessor: a.assessor }).collect(),
                zol_threshold: crate::domain::barthel::ZOL_THRESHOLD,
            })
        })
    }

    fn assess(&self, cookie_header: Option<String>, id: i64, assessed_on: String, assessor: String, s: [u8; 10]) -> BoxFuture<'static, Result<(), UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            let items = crate::domain::barthel::BarthelScores { feeding: s[0], transfers: s[1], grooming: s[2], toilet_use: s[3], bathing: s[4], mobility: s[5], stairs: s[6], dressing: s[7], bowels: s[8], bladder: s[9] };
            let input = crate::store::model::BarthelInput { assessed_on: parse_day(cookie_header.as_deref(), "assessed_on", &assessed_on)?, assessor, items };
            crate::http::residents::assess(&me.state, &user, id, &input).await.map(|_| ()).map_err(ui_error_in(cookie_header.as_deref()))
        })
    }

    fn statements(&self, cookie_header: Option<String>, facility_id: i64) -> BoxFuture<'static, Result<StatementsPage, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            crate::http::costs::may_read_statements(&user, facility_id).map_err(ui_error)?;
            let store = &me.state.store;
            let facility = store.facility(facility_id).await.map_err(|e| ui_error(e.into()))?;
            let rows: Vec<_> = store.statements(facility_id, None).await.map_err(|e| ui_error(e.into()))?.into_iter().filter(|r| crate::http::costs::visible_to(&user, r)).collect();
            let numbers: std::collections::HashMap<i64, i64> = rows.iter().map(|r| (r.id, r.number)).collect();
            let mut statements = Vec::new();
            for r in rows {
                let body: crate::statements::Body = serde_json::from_str(&r.body).map_err(|_| UiError::Internal)?;
                statements.push(StatementItem {
                    id: r.id,
                    month: r.month,
                    kind: r.kind,
                    municipality: r.municipality,
                    number: r.number,
                    status: r.status,
                    corrects: r.corrects.and_then(|c| numbers.get(&c).copied()),
                    total: wsm_solver::cost::Amount(r.total_grosze).pl(),
                    difference: body.correction.as_ref().map(|c| c.difference.pl()),
                    lines: body.lines.iter().map(|l| (code_label(&l.code), l.days, l.total.pl_number())).collect(),
                    changes: body.correction.as_ref().map(correction_lines).unwrap_or_default(),
                });
            }
            Ok(StatementsPage { facility_id, facility: facility.name, statements })
        })
    }

    fn my_shifts(&self, cookie_header: Option<String>) -> BoxFuture<'static, Result<MyShifts, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let (_, staff) = me.staff_user(cookie_header.as_deref()).await.map_err(ui_error)?;
            me.my_shifts_of(staff).await.map_err(ui_error)
        })
    }

    fn add_request(&self, cookie_header: Option<String>, date: String, shift: String, want: bool, reason: String) -> BoxFuture<'static, Result<(), UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let (_, staff) = me.staff_user(cookie_header.as_deref()).await.map_err(ui_error)?;
            let date = date.parse().map_err(|_| invalid_in(cookie_header.as_deref(), "date", "musi być datą", "must be a date"))?;
            let input = crate::http::me::RequestInput { date, shift: (!shift.is_empty()).then_some(shift), want, reason };
            crate::http::me::submit_request(&me.state, staff, &input).await.map(|_| ()).map_err(ui_error_in(cookie_header.as_deref()))
        })
    }

    fn calendar_link(&self, cookie_header: Option<String>, host: Option<String>) -> BoxFuture<'static, Result<CalendarLinks, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let (user, _) = me.staff_user(cookie_header.as_deref()).await.map_err(ui_error)?;
            let token = crate::auth::new_token();
            me.state.store.replace_calendar_token(user.id, &token_hash(&token)).await.map_err(|e| ui_error(e.into()))?;
            let mut headers = HeaderMap::new();
            if let Some(h) = host.and_then(|h| HeaderValue::from_str(&h).ok()) {
                headers.insert(axum::http::header::HOST, h);
            }
            let l = crate::http::me::feed_urls(&headers, me.state.config.server.cookie_secure, &token);
            Ok(CalendarLinks { url: l.url, webcal: l.webcal_url })
        })
    }

    fn login(&self, email: String, password: String) -> BoxFuture<'static, Result<String, UiError>> {
        let state = self.state.clone();
        Box::pin(async move {
            let (_, token) = crate::http::people::sign_in(&state, &email, &password).await.map_err(ui_error)?;
            let cookie = session_cookie(&token, state.config.server.session_hours, state.config.server.cookie_secure);
            cookie.to_str().map(str::to_string).map_err(|_| UiError::Internal)
        })
    }

    fn logout(&self, cookie_header: Option<String>) -> BoxFuture<'static, String> {
        let state = self.state.clone();
        Box::pin(async move {
            if let Some(token) = cookie_header.as_deref().and_then(|h| cookie_value(h, SESSION_COOKIE)) {
                if let Err(e) = state.store.delete_session(&token_hash(token)).await {
                    tracing::error!(error = %e, "could not end a session");
                }
            }
            session_cookie("", 0, state.config.server.cookie_secure).to_str().unwrap_or_default().to_string()
        })
    }

    fn overview(&self, cookie_header: Option<String>) -> BoxFuture<'static, Result<Overview, UiError>> {
        let me = self.clone();
        Box::pin(async move {
            let user = me.user(cookie_header.as_deref()).await.map_err(ui_error)?;
            me.overview_of(user).await.map_err(ui_error)
        })
    }
}

/// `GET /lang/{pl|en}`: remembers the language in a cookie and goes back where the user was.
async fn set_language(Path(code): Path<String>, headers: HeaderMap) -> impl IntoResponse {
    let code = if code == "en" { "en" } else { "pl" };
    let back = headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string())))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let cookie = HeaderValue::from_str(&format!("wsm_lang={code}; Path=/; Max-Age=31536000; SameSite=Lax")).unwrap_or(HeaderValue::from_static("wsm_lang=pl; Path=/"));
    let location = HeaderValue::from_str(&back).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(SET_COOKIE, cookie), (LOCATION, location)])
}

/// The pages (server-rendered, hydrated), their server functions, the language switch, and
/// the bundle's static files as the fallback.
pub fn routes(state: &AppState) -> Router<AppState> {
    let backend: Arc<dyn Backend> = Arc::new(WebBackend { state: state.clone(), api: crate::http::routes().with_state(state.clone()) });
    let options = state.leptos.clone();
    let context = move || provide_context(backend.clone());
    Router::new()
        .route("/lang/{code}", get(set_language))
        .leptos_routes_with_context(state, generate_route_list(wsm_frontend::App), context.clone(), move || wsm_frontend::shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, wsm_frontend::shell))
}

/// Leptos options for a site folder.
pub fn leptos_options(site_root: &std::path::Path) -> leptos::config::LeptosOptions {
    leptos::config::LeptosOptions::builder().output_name("wsm").site_root(site_root.display().to_string()).site_pkg_dir("pkg").build()
}

/// A statement line's code as the app shows it.
fn code_label(code: &str) -> String {
    if code == "unused places" {
        "miejsca niewykorzystane".to_string()
    } else {
        code.to_string()
    }
}

/// A correction's changed lines for the app: code, before, after, difference ("—" where a
/// line is new or gone), amounts in Polish notation, differences exact in grosze.
fn correction_lines(c: &crate::statements::Correction) -> Vec<(String, String, String, String)> {
    use wsm_solver::cost::Amount;
    let parse = |s: &str| s.parse::<Amount>().ok();
    c.changed_lines
        .iter()
        .map(|(code, before, after)| {
            let (b, a) = (parse(before), parse(after));
            let show = |x: Option<Amount>| x.map_or_else(|| "—".to_string(), |x| x.pl_number());
            (code_label(code), show(b), show(a), (a.unwrap_or(Amount(0)) - b.unwrap_or(Amount(0))).pl_number())
        })
        .collect()
}
