//! Rotas: build the month's problem, solve it in the background (progress, cancel), keep every
//! version, lock cells and re-solve around them, edit by hand (each edit checked, breaches
//! shown), repair after a sick call, publish. Staff see published rotas only, without any
//! resident data.

use std::sync::atomic::AtomicBool;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wsm_solver::check::{check, Violation};
use wsm_solver::mip::{finish, Control, Disruption, Frozen, Options, Progress};
use wsm_solver::wsm_core::repair as solver_repair;
use wsm_solver::wsm_core::solve_with;
use wsm_solver::problem::{DateRange, Interval, Problem, Session};
use wsm_solver::rota::{Assignment, Cell, Rota, Status};

use super::error::{AppError, ErrorBody, Result};
use super::extract::{ApiJson, CurrentUser, IfMatch};
use super::{require_manager, require_manages, AppState};
use crate::rota::{build_problem, parse_month, Excluded, Job, JobState};
use crate::store::model::*;
use crate::store::Owned;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rota_problem))
        .routes(routes!(list_rotas, start_solve))
        .routes(routes!(get_job, cancel_job))
        .routes(routes!(get_rota))
        .routes(routes!(set_locks))
        .routes(routes!(edit_cell))
        .routes(routes!(repair_rota))
        .routes(routes!(publish_rota))
        .routes(routes!(published_rota))
        .routes(routes!(my_shifts))
}

/// Longest solve a request may ask for, seconds.
const MAX_TIME_LIMIT_S: f64 = 600.0;
/// Time limit of a repair, seconds.
const REPAIR_TIME_LIMIT_S: f64 = 20.0;

/// `?month=YYYY-MM`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// Month, "YYYY-MM".
    pub month: String,
}

fn month(m: &str) -> Result<NaiveDate> {
    parse_month(m).ok_or_else(|| AppError::invalid("month", "must be a month as YYYY-MM", "musi być miesiącem w postaci RRRR-MM"))
}

/// The month's problem and who is left out of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemView {
    /// The solver's problem (shared/spec/rota-problem.md).
    #[schema(value_type = Object)]
    pub problem: Problem,
    /// Staff left out (not rosterable, no unit).
    pub excluded: Vec<Excluded>,
}

async fn build(state: &AppState, facility_id: i64, first: NaiveDate, sessions: Option<Vec<Session>>) -> Result<crate::rota::Built> {
    let facility = state.store.facility(facility_id).await?;
    let residents = state.store.residents(facility_id).await?;
    let staff = state.store.staff_list(facility_id, state.today()).await?;
    let last = first.checked_add_months(chrono::Months::new(1)).expect("a next month") - Duration::days(1);
    let requests = state.store.facility_requests(facility_id, first, last).await?;
    Ok(build_problem(&facility, &residents, &staff, &requests, first, sessions))
}

/// The solver's problem for a facility and month, built from the register (admin, its
/// managers). Holds residents' 1:1 schedules: the read is audited.
#[utoipa::path(get, path = "/api/v1/facilities/{id}/rota-problem", tag = "rotas", params(("id" = i64, Path), MonthQuery),
    responses((status = 200, body = ProblemView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn rota_problem(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthQuery>) -> Result<Json<ProblemView>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let first = month(&q.month)?;
    let built = build(&state, id, first, None).await?;
    state.audit(&user, "read", "rota_problem", None, Some(id), format!("1:1 schedules for {}", q.month)).await?;
    Ok(Json(ProblemView { problem: built.problem, excluded: built.excluded }))
}

/// A rota version without its problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct RotaSummary {
    /// Id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// 1, 2, … within the month.
    pub number: i64,
    /// solved / repaired / copied.
    pub origin: String,
    /// Made from.
    pub based_on: Option<i64>,
    /// Solver status (optimal, feasible, short).
    pub status: String,
    /// Labour-law breaches (hand edits); a rota with any cannot be published.
    pub violations: i64,
    /// What made it.
    pub note: String,
    /// When published (null: draft).
    pub published_at: Option<DateTime<Utc>>,
    /// Made.
    pub created_at: DateTime<Utc>,
    /// Edit version (send as If-Match).
    pub version: i64,
}

impl From<&RotaRecord> for RotaSummary {
    fn from(r: &RotaRecord) -> Self {
        RotaSummary {
            id: r.id,
            facility_id: r.facility_id,
            month: r.month.clone(),
            number: r.number,
            origin: r.origin.clone(),
            based_on: r.based_on,
            status: r.status.clone(),
            violations: r.violations,
            note: r.note.clone(),
            published_at: r.published_at,
            created_at: r.created_at,
            version: r.version,
        }
    }
}

/// A locked cell: the worker's day stays as it is when re-solving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellLock {
    /// Worker, as in the problem (`s<id>`).
    pub staff: String,
    /// Day.
    pub date: NaiveDate,
}

/// A rota version in full, with the checker's verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct RotaView {
    /// The version.
    #[serde(flatten)]
    pub summary: RotaSummary,
    /// The rota (assignments, gaps, hours, objective terms, diagnosis, changes and whom to
    /// call after a repair).
    #[schema(value_type = Object)]
    pub rota: Rota,
    /// Locked cells.
    pub locks: Vec<CellLock>,
    /// Staff left out of the problem.
    pub excluded: Vec<Excluded>,
    /// Every labour-law breach the checker finds (hand edits).
    #[schema(value_type = Vec<Object>)]
    pub breaches: Vec<Violation>,
    /// Unit names by problem id.
    pub units: Vec<NameRef>,
    /// Staff names by problem id.
    pub staff: Vec<NameRef>,
    /// Names of the residents a shift names a dedicated 1:1 worker for, by problem id (`r<id>`).
    pub residents: Vec<NameRef>,
    /// Need against planned staff-minutes per unit and cover day (the planner's cover strip).
    #[schema(value_type = Vec<Object>)]
    pub cover: Vec<wsm_solver::demand::DayCover>,
}

/// A problem id and the name people know.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NameRef {
    /// Id in the problem (`u<id>`, `s<id>`).
    pub id: String,
    /// Name.
    pub name: String,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| AppError::Internal(anyhow::anyhow!("stored {what} unreadable: {e}")))
}

async fn names(state: &AppState, facility_id: i64) -> Result<(Vec<NameRef>, Vec<NameRef>)> {
    let facility = state.store.facility(facility_id).await?;
    let staff = state.store.staff_list(facility_id, state.today()).await?;
    Ok((
        facility.units.iter().map(|u| NameRef { id: format!("u{}", u.id), name: u.name.clone() }).collect(),
        staff.iter().map(|s| NameRef { id: format!("s{}", s.id), name: format!("{} {}", s.first_name, s.last_name) }).collect(),
    ))
}

async fn view(state: &AppState, r: &RotaRecord) -> Result<RotaView> {
    let problem: Problem = parse("problem", &r.problem)?;
    let rota: Rota = parse("rota", &r.rota)?;
    let breaches = check(&problem, &rota).violations;
    let cover = wsm_solver::demand::day_cover(&problem, &rota.assignments);
    let (units, staff) = names(state, r.facility_id).await?;
    let named: std::collections::HashSet<&str> = rota.assignments.iter().filter_map(|a| a.one_to_one.as_deref()).collect();
    let residents = if named.is_empty() {
        Vec::new()
    } else {
        state.store.residents(r.facility_id).await?.into_iter().map(|x| NameRef { id: format!("r{}", x.id), name: format!("{} {}", x.first_name, x.last_name) }).filter(|n| named.contains(n.id.as_str())).collect()
    };
    Ok(RotaView { summary: r.into(), rota, locks: parse("locks", &r.locks)?, excluded: parse("excluded", &r.excluded)?, breaches, units, staff, residents, cover })
}

/// Versions of a facility's month, oldest first (admin, its managers).
#[utoipa::path(get, path = "/api/v1/facilities/{id}/rotas", tag = "rotas", params(("id" = i64, Path), MonthQuery),
    responses((status = 200, body = Vec<RotaSummary>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_rotas(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthQuery>) -> Result<Json<Vec<RotaSummary>>> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    month(&q.month)?;
    Ok(Json(state.store.rota_versions(id, &q.month).await?.iter().map(RotaSummary::from).collect()))
}

/// Start a solve.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SolveRequest {
    /// Month, "YYYY-MM".
    pub month: String,
    /// Time limit, seconds (1–600, default 60).
    #[serde(default)]
    pub time_limit_s: Option<f64>,
    /// Re-solve around the locks of this version of the same month.
    #[serde(default)]
    pub based_on: Option<i64>,
    /// Supervision sessions (default: Wednesdays 10:00–12:00).
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub supervision_sessions: Option<Vec<Session>>,
}

fn freeze_from(locks: &[CellLock], rota: &Rota) -> Vec<Frozen> {
    locks
        .iter()
        .map(|l| Frozen {
            staff: l.staff.clone(),
            date: l.date,
            cell: rota.assignments.iter().find(|a| a.staff == l.staff && a.date == l.date).map(|a| Cell { shift: a.shift.clone(), unit: a.unit.clone() }),
        })
        .collect()
}

/// Starts solving a month's rota in the background (admin, its managers): 202 with the job;
/// poll it for progress, DELETE it to cancel. The result is stored as a new draft version.
#[utoipa::path(post, path = "/api/v1/facilities/{id}/rotas", tag = "rotas", params(("id" = i64, Path)), request_body = SolveRequest,
    responses((status = 202, body = Job), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_solve(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(req): ApiJson<SolveRequest>) -> Result<impl IntoResponse> {
    require_manager(&user)?;
    require_manages(&user, id)?;
    let first = month(&req.month)?;
    let limit = req.time_limit_s.unwrap_or(60.0);
    if !(1.0..=MAX_TIME_LIMIT_S).contains(&limit) {
        return Err(AppError::invalid("time_limit_s", format!("must be between 1 and {MAX_TIME_LIMIT_S} seconds"), format!("musi wynosić od 1 do {MAX_TIME_LIMIT_S} sekund")));
    }
    let (mut locks, mut freeze) = (Vec::new(), Vec::new());
    if let Some(base) = req.based_on {
        let record = state.store.rota_version(base).await.map_err(|_| AppError::invalid("based_on", "no such rota version", "nie ma takiej wersji grafiku"))?;
        if record.facility_id != id || record.month != req.month {
            return Err(AppError::invalid("based_on", "must be a version of the same facility and month", "musi być wersją grafiku tej samej placówki i tego samego miesiąca"));
        }
        locks = parse::<Vec<CellLock>>("locks", &record.locks)?;
        freeze = freeze_from(&locks, &parse("rota", &record.rota)?);
    }
    if let Some(running) = state.jobs.running(id, &req.month) {
        return Err(AppError::Conflict {
            field: "month".into(),
            message: format!("a solve for this month is already running (job {running})"),
            message_pl: format!("grafik na ten miesiąc jest już układany (zadanie {running})"),
        });
    }
    let built = build(&state, id, first, req.supervision_sessions).await?;
    let issues = built.problem.validate();
    if let Some(i) = issues.first() {
        // The solver's own text has no Polish: a Polish lead-in carries it.
        return Err(AppError::invalid(format!("problem.{}", i.path.trim_start_matches("$.")), i.message.clone(), format!("dane do ułożenia grafiku są niespójne: {}", i.message)));
    }
    state.audit(&user, "read", "rota_problem", None, Some(id), format!("1:1 schedules for {} (solve)", req.month)).await?;
    let (job_id, cancel) = state.jobs.start(id, &req.month);
    let job = state.jobs.get(job_id).expect("just started");
    let task_state = state.clone();
    let user_id = user.id;
    let based_on = req.based_on;
    let month_text = req.month.clone();
    tokio::spawn(async move {
        let jobs = task_state.jobs.clone();
        let problem = built.problem.clone();
        let options = Options { time_limit_s: limit, freeze, ..Options::new() };
        let solved = tokio::task::spawn_blocking(move || {
            let report = |p: &Progress| {
                let value = serde_json::to_value(p).ok();
                jobs.update(job_id, |j| j.progress = value);
            };
            let flag: &AtomicBool = &cancel;
            solve_with(&problem, &options, Control { cancel: Some(flag), progress: Some(&report) })
        })
        .await;
        let outcome = match solved {
            Ok(rota) if rota.status == Status::Invalid => Err((if rota.solve.cancelled { JobState::Cancelled } else { JobState::Failed }, rota.issues.iter().map(|i| i.message.clone()).collect::<Vec<_>>().join("; "), rota.issues)),
            Ok(rota) => {
                let report = check(&built.problem, &rota);
                let new = NewRotaVersion {
                    facility_id: id,
                    month: month_text.clone(),
                    origin: "solved",
                    based_on,
                    problem: serde_json::to_string(&built.problem).expect("problem serialises"),
                    excluded: serde_json::to_string(&built.excluded).expect("excluded serialises"),
                    rota: serde_json::to_string(&rota).expect("rota serialises"),
                    locks: serde_json::to_string(&locks).expect("locks serialise"),
                    status: status_code(rota.status),
                    violations: report.violations.len() as i64,
                    note: if rota.solve.cancelled { "cancelled: best rota found until then".into() } else { String::new() },
                    created_by: user_id,
                };
                match task_state.store.create_rota_version(&new).await {
                    Ok(record) => Ok(record.id),
                    Err(e) => Err((JobState::Failed, format!("storing the rota failed: {e}"), Vec::new())),
                }
            }
            Err(e) => Err((JobState::Failed, format!("the solver stopped: {e}"), Vec::new())),
        };
        task_state.jobs.update(job_id, |j| match outcome {
            Ok(rota_id) => {
                j.state = JobState::Done;
                j.rota_id = Some(rota_id);
            }
            Err((s, message, issues)) => {
                if s == JobState::Failed {
                    tracing::warn!(job = job_id, %message, "solve job failed");
                }
                j.state = s;
                j.error = Some(message);
                j.issues = issues;
            }
        });
    });
    Ok((StatusCode::ACCEPTED, Json(job)))
}

fn status_code(s: Status) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn job_of(state: &AppState, user: &User, id: u64) -> Result<Job> {
    require_manager(user)?;
    let job = state.jobs.get(id).ok_or(AppError::NotFound("solve job"))?;
    require_manages(user, job.facility_id)?;
    Ok(job)
}

/// A solve job: state, latest progress (solutions, uncovered staff-minutes, bound, time to the
/// first fully covered rota), and the stored version when done.
#[utoipa::path(get, path = "/api/v1/rota-jobs/{id}", tag = "rotas", params(("id" = u64, Path)),
    responses((status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_job(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<u64>) -> Result<Json<Job>> {
    Ok(Json(job_of(&state, &user, id)?))
}

/// Cancels a running solve: it stops at the solver's next check and keeps the best rota
/// found so far (if any) as a draft. 202 when the cancel was sent; 200 with the job as it is
/// when it had already finished.
#[utoipa::path(delete, path = "/api/v1/rota-jobs/{id}", tag = "rotas", params(("id" = u64, Path)),
    responses((status = 202, body = Job), (status = 200, body = Job), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn cancel_job(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<u64>) -> Result<impl IntoResponse> {
    job_of(&state, &user, id)?;
    let status = if state.jobs.cancel(id) { StatusCode::ACCEPTED } else { StatusCode::OK };
    Ok((status, Json(state.jobs.get(id).expect("exists"))))
}

/// A rota version with the checker's verdict (admin, its managers).
#[utoipa::path(get, path = "/api/v1/rotas/{id}", tag = "rotas", params(("id" = i64, Path)),
    responses((status = 200, body = RotaView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_rota(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>) -> Result<Json<RotaView>> {
    state.managed(&user, Owned::Rota, id).await?;
    let record = state.store.rota_version(id).await?;
    Ok(Json(view(&state, &record).await?))
}

/// New locks of a draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocksInput {
    /// Every locked cell (replaces the list).
    pub locks: Vec<CellLock>,
}

/// Replaces the locked cells of a draft; `If-Match: <version>`.
#[utoipa::path(put, path = "/api/v1/rotas/{id}/locks", tag = "rotas", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = LocksInput,
    responses((status = 200, body = RotaView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn set_locks(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(input): ApiJson<LocksInput>) -> Result<Json<RotaView>> {
    state.managed(&user, Owned::Rota, id).await?;
    let record = state.store.rota_version(id).await?;
    let problem: Problem = parse("problem", &record.problem)?;
    for (i, l) in input.locks.iter().enumerate() {
        if !problem.staff.iter().any(|s| s.id == l.staff) {
            return Err(AppError::invalid(format!("locks[{i}].staff"), format!("'{}' is not a worker of this rota", l.staff), format!("„{}” nie jest pracownikiem tego grafiku", l.staff)));
        }
        if l.date < problem.start || l.date >= problem.end() {
            return Err(AppError::invalid(format!("locks[{i}].date"), "lies outside the rota's month", "wypada poza miesiącem grafiku"));
        }
    }
    let locks = serde_json::to_string(&input.locks).expect("locks serialise");
    let updated = state.store.update_rota_draft(id, v, &record.rota, &locks, &record.status, record.violations).await?;
    Ok(Json(view(&state, &updated).await?))
}

/// A hand edit of one cell.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellEdit {
    /// Worker (`s<id>`).
    pub staff: String,
    /// Day.
    pub date: NaiveDate,
    /// Shift type, or null for a day off.
    #[serde(default)]
    pub shift: Option<String>,
    /// Unit (`u<id>`), with a shift.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Edits one cell of a draft by hand; `If-Match: <version>`. The edit is kept and checked: the
/// answer lists every labour-law breach (`breaches`), and a draft with breaches cannot be
/// published until they are fixed.
#[utoipa::path(put, path = "/api/v1/rotas/{id}/cells", tag = "rotas", params(("id" = i64, Path), ("If-Match" = i64, Header)), request_body = CellEdit,
    responses((status = 200, body = RotaView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn edit_cell(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch, ApiJson(edit): ApiJson<CellEdit>) -> Result<Json<RotaView>> {
    state.managed(&user, Owned::Rota, id).await?;
    let record = state.store.rota_version(id).await?;
    let problem: Problem = parse("problem", &record.problem)?;
    let mut rota: Rota = parse("rota", &record.rota)?;
    let worker = problem.staff.iter().find(|s| s.id == edit.staff).ok_or_else(|| AppError::invalid("staff", format!("'{}' is not a worker of this rota", edit.staff), format!("„{}” nie jest pracownikiem tego grafiku", edit.staff)))?;
    if edit.date < problem.start || edit.date >= problem.end() {
        return Err(AppError::invalid("date", "lies outside the rota's month", "wypada poza miesiącem grafiku"));
    }
    rota.assignments.retain(|a| !(a.staff == edit.staff && a.date == edit.date));
    match (&edit.shift, &edit.unit) {
        (None, None) => {}
        (None, Some(_)) => return Err(AppError::invalid("unit", "a day off has no unit", "dzień wolny nie ma zespołu")),
        (Some(_), None) => return Err(AppError::invalid("unit", "a shift needs a unit", "zmiana wymaga zespołu")),
        (Some(shift), Some(unit)) => {
            if problem.shift(shift).is_none() {
                let known: Vec<&str> = problem.shift_types.iter().map(|t| t.id.as_str()).collect();
                return Err(AppError::invalid("shift", format!("must be one of {}", known.join(", ")), format!("musi być jedną z: {}", known.join(", "))));
            }
            if !worker.units.contains(unit) {
                return Err(AppError::invalid("unit", format!("{} may work in {} only", edit.staff, worker.units.join(", ")), format!("{} może pracować tylko w: {}", edit.staff, worker.units.join(", "))));
            }
            rota.assignments.push(Assignment { staff: edit.staff.clone(), date: edit.date, shift: shift.clone(), unit: unit.clone(), one_to_one: None });
            rota.assignments.sort_by(|a, b| (a.date, &a.staff).cmp(&(b.date, &b.staff)));
        }
    }
    // 1:1 time whose dedicated worker was the edited cell gets one from the other shifts there.
    wsm_solver::dedicated::name_missing(&problem, &mut rota.assignments);
    // A worker given a new shift may have lost their supervision slot to it.
    let keep_solve = rota.solve.clone();
    finish(&problem, &mut rota, false, keep_solve.millis);
    rota.solve = keep_solve;
    rota.solve.gap = None;
    let report = check(&problem, &rota);
    let text = serde_json::to_string(&rota).expect("rota serialises");
    let updated = state.store.update_rota_draft(id, v, &text, &record.locks, &status_code(rota.status), report.violations.len() as i64).await?;
    Ok(Json(view(&state, &updated).await?))
}

/// What a repair answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepairInput {
    /// A worker off sick: staff id.
    #[serde(default)]
    pub staff_id: Option<i64>,
    /// A resident whose 1:1 starts: resident id.
    #[serde(default)]
    pub resident_id: Option<i64>,
    /// First day (sick leave) or start (1:1, with `from_time`).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// 1:1: daily from, "HH:MM" (default 07:00).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub from_time: Option<chrono::NaiveTime>,
    /// 1:1: daily to, "HH:MM" (default 21:00).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub to_time: Option<chrono::NaiveTime>,
}

/// Repairs a version after a sick call or a new 1:1 (admin, its managers): re-plans the days
/// around the change keeping everything else, minimising changed cells, and stores the answer
/// as a new draft listing exactly what changed and whom to call.
#[utoipa::path(post, path = "/api/v1/rotas/{id}/repair", tag = "rotas", params(("id" = i64, Path)), request_body = RepairInput,
    responses((status = 201, body = RotaView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn repair_rota(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, ApiJson(input): ApiJson<RepairInput>) -> Result<impl IntoResponse> {
    let facility_id = state.managed(&user, Owned::Rota, id).await?;
    let record = state.store.rota_version(id).await?;
    let mut problem: Problem = parse("problem", &record.problem)?;
    let previous: Rota = parse("rota", &record.rota)?;
    if input.to < input.from {
        return Err(AppError::invalid("to", "must not be before 'from'", "nie może być wcześniej niż „od”"));
    }
    if input.from < problem.start || input.to >= problem.end() {
        return Err(AppError::invalid("from", "the days must lie within the rota's month", "dni muszą wypadać w miesiącu grafiku"));
    }
    let note;
    let mut locks: Vec<CellLock> = parse("locks", &record.locks)?;
    match (input.staff_id, input.resident_id) {
        (Some(staff_id), None) => {
            let sid = format!("s{staff_id}");
            let worker = problem.staff.iter_mut().find(|s| s.id == sid).ok_or_else(|| AppError::invalid("staff_id", "is not a worker of this rota", "nie jest pracownikiem tego grafiku"))?;
            worker.leave.push(DateRange { from: input.from, to: input.to });
            locks.retain(|l| !(l.staff == sid && l.date >= input.from && l.date <= input.to));
            note = format!("{sid} off sick {} – {}", input.from, input.to);
        }
        (None, Some(resident_id)) => {
            let rid = format!("r{resident_id}");
            let resident = problem.residents.iter_mut().find(|r| r.id == rid).ok_or_else(|| AppError::invalid("resident_id", "is not a resident of this rota", "nie jest mieszkańcem objętym tym grafikiem"))?;
            let (a, b) = (input.from_time.unwrap_or(chrono::NaiveTime::from_hms_opt(7, 0, 0).expect("07:00")), input.to_time.unwrap_or(chrono::NaiveTime::from_hms_opt(21, 0, 0).expect("21:00")));
            if b <= a {
                return Err(AppError::invalid("to_time", "must be after from_time", "musi być później niż from_time"));
            }
            let mut day = input.from;
            while day <= input.to {
                resident.one_to_one.push(Interval { from: day.and_time(a), to: day.and_time(b) });
                day += Duration::days(1);
            }
            note = format!("1:1 for {rid} {} – {}, {}–{}", input.from, input.to, a.format("%H:%M"), b.format("%H:%M"));
            state.audit(&user, "write", "one_to_one", Some(resident_id), Some(facility_id), "1:1 added in a rota repair").await?;
        }
        _ => return Err(AppError::invalid("staff_id", "give exactly one of staff_id (sick call) or resident_id (new 1:1)", "podaj dokładnie jedno: staff_id (zwolnienie lekarskie) albo resident_id (nowe wsparcie 1:1)")),
    }
    let freeze = freeze_from(&locks, &previous);
    let disruption = Disruption { from: input.from, to: input.to };
    let p = problem.clone();
    let rota = tokio::task::spawn_blocking(move || {
        let options = Options { time_limit_s: REPAIR_TIME_LIMIT_S, freeze, ..Options::new() };
        solver_repair(&p, &previous, &disruption, &options, Control::default())
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("repair stopped: {e}")))?;
    if rota.status == Status::Invalid {
        let first = rota.issues.first().map(|i| i.message.clone()).unwrap_or_default();
        return Err(AppError::invalid("rota", format!("no legal repair: {first}"), format!("nie da się naprawić grafiku zgodnie z prawem pracy: {first}")));
    }
    let report = check(&problem, &rota);
    let new = NewRotaVersion {
        facility_id,
        month: record.month.clone(),
        origin: "repaired",
        based_on: Some(record.id),
        problem: serde_json::to_string(&problem).expect("problem serialises"),
        excluded: record.excluded.clone(),
        rota: serde_json::to_string(&rota).expect("rota serialises"),
        locks: serde_json::to_string(&locks).expect("locks serialise"),
        status: status_code(rota.status),
        violations: report.violations.len() as i64,
        note,
        created_by: user.id,
    };
    let stored = state.store.create_rota_version(&new).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &stored).await?)))
}

/// Publishes a draft; `If-Match: <version>`. Refused while the checker finds a labour-law
/// breach. Earlier published versions are kept; staff see the newest.
#[utoipa::path(post, path = "/api/v1/rotas/{id}/publish", tag = "rotas", params(("id" = i64, Path), ("If-Match" = i64, Header)),
    responses((status = 200, body = RotaView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)))]
async fn publish_rota(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, IfMatch(v): IfMatch) -> Result<Json<RotaView>> {
    state.managed(&user, Owned::Rota, id).await?;
    let record = state.store.rota_version(id).await?;
    let problem: Problem = parse("problem", &record.problem)?;
    let rota: Rota = parse("rota", &record.rota)?;
    let report = check(&problem, &rota);
    if let Some(first) = report.violations.first() {
        // The checker words every breach in Polish too; English stands in should one lack it.
        let first_pl = if first.message_pl.is_empty() { &first.message } else { &first.message_pl };
        return Err(AppError::invalid(
            "rota",
            format!("{} labour-law breach(es) must be fixed before publishing; first: {} — {}", report.violations.len(), first.rule, first.message),
            format!("przed publikacją trzeba usunąć naruszenia prawa pracy (liczba: {}); pierwsze: {} — {first_pl}", report.violations.len(), first.rule),
        ));
    }
    let published = state.store.publish_rota(id, v, user.id).await?;
    Ok(Json(view(&state, &published).await?))
}

/// A published rota as staff see it: who works when and where, no resident data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedRota {
    /// Version id.
    pub id: i64,
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// Version number.
    pub number: i64,
    /// When published.
    pub published_at: Option<DateTime<Utc>>,
    /// Shift types with times.
    pub shift_types: Vec<ShiftTimes>,
    /// Units.
    pub units: Vec<NameRef>,
    /// Staff.
    pub staff: Vec<NameRef>,
    /// Every shift.
    #[schema(value_type = Vec<Object>)]
    pub assignments: Vec<Assignment>,
}

/// A shift type's wall-clock times in Europe/Warsaw.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftTimes {
    /// Code.
    pub id: String,
    /// Start, "HH:MM".
    pub start: String,
    /// End, "HH:MM" (next day when not after the start).
    pub end: String,
}

async fn published_view(state: &AppState, r: &RotaRecord) -> Result<PublishedRota> {
    let problem: Problem = parse("problem", &r.problem)?;
    let rota: Rota = parse("rota", &r.rota)?;
    let (units, staff) = names(state, r.facility_id).await?;
    Ok(PublishedRota {
        id: r.id,
        facility_id: r.facility_id,
        month: r.month.clone(),
        number: r.number,
        published_at: r.published_at,
        shift_types: problem.shift_types.iter().map(|t| ShiftTimes { id: t.id.clone(), start: t.start.format("%H:%M").to_string(), end: t.end.format("%H:%M").to_string() }).collect(),
        units,
        staff,
        // Which resident a worker is dedicated to is resident data: the staff view leaves it out.
        assignments: rota.assignments.into_iter().map(|a| Assignment { one_to_one: None, ..a }).collect(),
    })
}

async fn staff_facility(state: &AppState, user: &User) -> Result<Option<i64>> {
    match (user.role, user.staff_id) {
        (Role::Staff, Some(sid)) => Ok(Some(state.store.facility_of(Owned::Staff, sid).await?)),
        _ => Ok(None),
    }
}

/// The newest published rota of a facility's month (its staff, managers, admin); 404 when
/// nothing is published yet. Drafts are never shown here.
#[utoipa::path(get, path = "/api/v1/facilities/{id}/rotas/published", tag = "rotas", params(("id" = i64, Path), MonthQuery),
    responses((status = 200, body = PublishedRota), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn published_rota(State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, Query(q): Query<MonthQuery>) -> Result<Json<PublishedRota>> {
    let allowed = user.manages(id) || staff_facility(&state, &user).await? == Some(id);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    month(&q.month)?;
    let record = state.store.published_rota(id, &q.month).await?.ok_or(AppError::NotFound("published rota"))?;
    Ok(Json(published_view(&state, &record).await?))
}

/// One of my shifts.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyShift {
    /// Day the shift starts.
    pub date: NaiveDate,
    /// Shift code.
    pub shift: String,
    /// Start (UTC instant).
    pub start: DateTime<Utc>,
    /// End (UTC instant; real elapsed time across DST).
    pub end: DateTime<Utc>,
    /// Unit name.
    pub unit: String,
}

/// My shifts in the newest published rota of a month (staff accounts).
#[utoipa::path(get, path = "/api/v1/me/shifts", tag = "rotas", params(MonthQuery),
    responses((status = 200, body = Vec<MyShift>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn my_shifts(State(state): State<AppState>, CurrentUser(user): CurrentUser, Query(q): Query<MonthQuery>) -> Result<Json<Vec<MyShift>>> {
    let Some(facility) = staff_facility(&state, &user).await? else { return Err(AppError::Forbidden) };
    month(&q.month)?;
    let Some(record) = state.store.published_rota(facility, &q.month).await? else { return Ok(Json(Vec::new())) };
    let problem: Problem = parse("problem", &record.problem)?;
    let rota: Rota = parse("rota", &record.rota)?;
    let me = format!("s{}", user.staff_id.unwrap_or_default());
    let (units, _) = names(&state, facility).await?;
    let mut out = Vec::new();
    for a in rota.assignments.iter().filter(|a| a.staff == me) {
        let Some(t) = problem.shift(&a.shift) else { continue };
        let (s, e) = t.interval(a.date);
        let tz = problem.tz();
        out.push(MyShift {
            date: a.date,
            shift: a.shift.clone(),
            start: wsm_solver::calendar::instant(tz, s).with_timezone(&Utc),
            end: wsm_solver::calendar::instant(tz, e).with_timezone(&Utc),
            unit: units.iter().find(|u| u.id == a.unit).map_or(a.unit.clone(), |u| u.name.clone()),
        });
    }
    Ok(Json(out))
}
