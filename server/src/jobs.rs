//! Scheduled jobs (tokio-cron-scheduler, Europe/Warsaw): on the 1st, draft the previous
//! month's funder statements; every morning, raise what a manager must act on — Barthel and
//! support-plan reviews due within 14 days or overdue, vetting checks and disability
//! certificates expiring within 30 days, supervision not planned this month, next month's rota
//! not published after the 20th.
//!
//! Each job run is claimed in the database first (`job_runs`, unique per job and run key), so
//! with several server instances on one database a run happens once; each job runs on its
//! own, so one failing does not stop the others; every run is logged with its outcome.

use std::future::Future;
use std::pin::Pin;

use chrono::{Datelike, Duration, NaiveDate};
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::domain::vetting::ALL_CHECKS;
use crate::http::AppState;
use crate::store::costs::Said;
use crate::store::model::Staff;

/// The jobs: name, cron schedule (sec min hour day month weekday, Europe/Warsaw).
pub const JOBS: &[(&str, &str)] = &[
    ("monthly_statements", "0 0 3 1 * *"),
    ("reviews_due", "0 0 6 * * *"),
    ("expiries", "0 5 6 * * *"),
    ("supervision_missing", "0 10 6 * * *"),
    ("rota_unpublished", "0 15 6 * * *"),
];

/// Days ahead for reviews.
pub const REVIEW_DAYS: i64 = 14;
/// Days ahead for expiries.
pub const EXPIRY_DAYS: i64 = 30;

type JobResult = Result<String, String>;

/// Which run of a job `today` is (one a day; the monthly one per month it drafts).
pub fn run_key(job: &str, today: NaiveDate) -> String {
    match job {
        "monthly_statements" => previous_month(today).label(),
        _ => today.to_string(),
    }
}

fn previous_month(today: NaiveDate) -> wsm_solver::cost::Month {
    wsm_solver::cost::Month::of(today.with_day(1).expect("day 1") - Duration::days(1))
}

/// Runs one job for `today` unless another instance already has this run: `None` when it was
/// taken, else the outcome (also stored in `job_runs`).
pub async fn run(state: &AppState, job: &str, today: NaiveDate, instance: &str) -> Option<JobResult> {
    let key = run_key(job, today);
    let id = match state.store.claim_job_run(job, &key, instance).await {
        Ok(Some(id)) => id,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!(job, error = %e, "cannot claim the job run");
            return Some(Err(format!("cannot claim the run: {e}")));
        }
    };
    let outcome = match job {
        "monthly_statements" => monthly_statements(state, today).await,
        "reviews_due" => reviews_due(state, today).await,
        "expiries" => expiries(state, today).await,
        "supervision_missing" => supervision_missing(state, today).await,
        "rota_unpublished" => rota_unpublished(state, today).await,
        other => Err(format!("unknown job '{other}'")),
    };
    let (ok, detail) = match &outcome {
        Ok(d) => (true, d.clone()),
        Err(e) => (false, e.clone()),
    };
    if ok {
        tracing::info!(job, run = %key, %detail, "job done");
    } else {
        tracing::warn!(job, run = %key, %detail, "job failed");
    }
    if let Err(e) = state.store.finish_job_run(id, ok, &detail).await {
        tracing::error!(job, error = %e, "cannot record the job run");
    }
    Some(outcome)
}

/// Starts the scheduler with every job; `instance` names this server in `job_runs`.
pub async fn start(state: AppState, instance: String) -> anyhow::Result<JobScheduler> {
    let sched = JobScheduler::new().await?;
    for (name, cron) in JOBS {
        let state = state.clone();
        let instance = instance.clone();
        let job = Job::new_async_tz(*cron, chrono_tz::Europe::Warsaw, move |_, _| -> Pin<Box<dyn Future<Output = ()> + Send>> {
            let state = state.clone();
            let instance = instance.clone();
            Box::pin(async move {
                let today = state.today();
                let _ = run(&state, name, today, &instance).await;
            })
        })?;
        sched.add(job).await?;
    }
    sched.start().await?;
    Ok(sched)
}

/// A date as Polish writes it: 28.11.2026.
fn pl_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn monthly_statements(state: &AppState, today: NaiveDate) -> JobResult {
    let month = previous_month(today);
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for f in state.store.facility_ids().await.map_err(err)? {
        match crate::http::costs::draft_month(state, f, month, None).await {
            Ok(rows) => {
                done.push(format!("facility {f}: {} draft(s)", rows.len()));
                let _ = state.store.add_notification(f, "statement_draft", &format!("statements:{}", month.label()), Said { en: &format!("Statements for {} are drafted: check and issue them", month.label()), pl: &format!("Zestawienia za {} są przygotowane: sprawdź je i wystaw", month.label()) }, None, today).await;
            }
            Err(e) => failed.push(format!("facility {f}: {e}")),
        }
    }
    if failed.is_empty() {
        Ok(format!("{}: {}", month.label(), done.join("; ")))
    } else {
        Err(format!("{}: {}; failed: {}", month.label(), done.join("; "), failed.join("; ")))
    }
}

/// Something a manager must act on: kind, the thing it is about (deduplication key),
/// message, due date.
#[derive(Debug, Clone)]
pub struct Due {
    /// barthel_review, plan_review, vetting_expiry, certificate_expiry.
    pub kind: &'static str,
    /// "resident:7", "staff:3:criminal_record".
    pub about: String,
    /// In words (English).
    pub message: String,
    /// In words (Polish).
    pub message_pl: String,
    /// Due or expiry date.
    pub due: NaiveDate,
}

/// Barthel and support-plan reviews of a facility's residents due within 14 days or overdue
/// (or never done).
pub async fn reviews_of(state: &AppState, facility: i64, today: NaiveDate) -> Result<Vec<Due>, String> {
    let horizon = today + Duration::days(REVIEW_DAYS);
    let mut out = Vec::new();
    for r in state.store.residents(facility).await.map_err(err)?.into_iter().filter(|r| r.moved_out.is_none()) {
        let who = format!("{} {}", r.first_name, r.last_name);
        let history = state.store.barthel_history(r.id).await.map_err(err)?;
        let barthel_due = history.iter().max_by_key(|b| b.assessed_on).map(|b| b.next_due);
        let message = match barthel_due {
            None => Some(("no Barthel assessment recorded".to_string(), "brak oceny w skali Barthel".to_string(), today)),
            Some(d) if d < today => Some((format!("Barthel reassessment overdue since {d}"), format!("ponowna ocena w skali Barthel zaległa od {}", pl_date(d)), d)),
            Some(d) if d <= horizon => Some((format!("Barthel reassessment due on {d}"), format!("ponowna ocena w skali Barthel do {}", pl_date(d)), d)),
            _ => None,
        };
        if let Some((m, pl, due)) = message {
            out.push(Due { kind: "barthel_review", about: format!("resident:{}", r.id), message: format!("{who}: {m}"), message_pl: format!("{who}: {pl}"), due });
        }
        let plans = state.store.plans(r.id).await.map_err(err)?;
        let plan_due = plans.iter().max_by_key(|p| p.plan_version).map(|p| p.plan.review_date);
        let message = match plan_due {
            None => Some(("no support plan recorded".to_string(), "brak planu wsparcia".to_string(), today)),
            Some(d) if d < today => Some((format!("support plan review overdue since {d}"), format!("przegląd planu wsparcia zaległy od {}", pl_date(d)), d)),
            Some(d) if d <= horizon => Some((format!("support plan review due on {d}"), format!("przegląd planu wsparcia do {}", pl_date(d)), d)),
            _ => None,
        };
        if let Some((m, pl, due)) = message {
            out.push(Due { kind: "plan_review", about: format!("resident:{}", r.id), message: format!("{who}: {m}"), message_pl: format!("{who}: {pl}"), due });
        }
    }
    Ok(out)
}

/// Staff checks and residents' disability certificates of a facility expiring within 30 days
/// or expired.
pub async fn expiries_of(state: &AppState, facility: i64, today: NaiveDate) -> Result<Vec<Due>, String> {
    let horizon = today + Duration::days(EXPIRY_DAYS);
    let mut out = Vec::new();
    for s in state.store.staff_list(facility, today).await.map_err(err)? {
        if s.contract_end.is_some_and(|e| e < today) {
            continue;
        }
        for (kind, expires) in current_checks(&s) {
            if let Some(e) = expires.filter(|e| *e <= horizon) {
                let m = if e < today { format!("{} {}: {kind} expired on {e}", s.first_name, s.last_name) } else { format!("{} {}: {kind} expires on {e}", s.first_name, s.last_name) };
                let pl = if e < today { format!("{} {}: {kind} wygasło {}", s.first_name, s.last_name, pl_date(e)) } else { format!("{} {}: {kind} wygasa {}", s.first_name, s.last_name, pl_date(e)) };
                out.push(Due { kind: "vetting_expiry", about: format!("staff:{}:{kind}", s.id), message: m, message_pl: pl, due: e });
            }
        }
    }
    for r in state.store.residents(facility).await.map_err(err)?.into_iter().filter(|r| r.moved_out.is_none()) {
        if let Some(e) = r.certificate.valid_until.filter(|e| *e <= horizon) {
            let m = if e < today { format!("{} {}: disability certificate expired on {e}", r.first_name, r.last_name) } else { format!("{} {}: disability certificate expires on {e}", r.first_name, r.last_name) };
            let pl = if e < today { format!("{} {}: orzeczenie o niepełnosprawności wygasło {}", r.first_name, r.last_name, pl_date(e)) } else { format!("{} {}: orzeczenie o niepełnosprawności wygasa {}", r.first_name, r.last_name, pl_date(e)) };
            out.push(Due { kind: "certificate_expiry", about: format!("resident:{}", r.id), message: m, message_pl: pl, due: e });
        }
    }
    Ok(out)
}

async fn raise(state: &AppState, facility: i64, items: Vec<Due>, today: NaiveDate) -> Result<usize, String> {
    let mut raised = 0;
    for d in items {
        raised += usize::from(state.store.add_notification(facility, d.kind, &d.about, Said { en: &d.message, pl: &d.message_pl }, Some(d.due), today).await.map_err(err)?);
    }
    Ok(raised)
}

async fn reviews_due(state: &AppState, today: NaiveDate) -> JobResult {
    let mut raised = 0;
    for f in state.store.facility_ids().await.map_err(err)? {
        let items = reviews_of(state, f, today).await?;
        raised += raise(state, f, items, today).await?;
    }
    Ok(format!("{raised} notification(s)"))
}

/// The newest record of each check kind, with its expiry.
fn current_checks(s: &Staff) -> Vec<(String, Option<NaiveDate>)> {
    ALL_CHECKS.iter().filter_map(|k| s.checks.iter().filter(|c| c.kind == *k).max_by_key(|c| c.checked_on).map(|c| (k.code().to_string(), c.expires_on))).collect()
}

async fn expiries(state: &AppState, today: NaiveDate) -> JobResult {
    let mut raised = 0;
    for f in state.store.facility_ids().await.map_err(err)? {
        let items = expiries_of(state, f, today).await?;
        raised += raise(state, f, items, today).await?;
    }
    Ok(format!("{raised} notification(s)"))
}

async fn supervision_missing(state: &AppState, today: NaiveDate) -> JobResult {
    let month = wsm_solver::cost::Month::of(today);
    let mut raised = 0;
    for f in state.store.facility_ids().await.map_err(err)? {
        let published = state.store.published_rota(f, &month.label()).await.map_err(err)?;
        let Some(record) = published else {
            raised += usize::from(
                state.store.add_notification(f, "supervision_missing", &format!("month:{}", month.label()), Said { en: &format!("No published rota for {}: nobody's 2 h of supervision is planned", month.label()), pl: &format!("Brak opublikowanego grafiku na {}: nikt nie ma zaplanowanych 2 h superwizji", month.label()) }, None, today).await.map_err(err)?,
            );
            continue;
        };
        let problem: wsm_solver::problem::Problem = serde_json::from_str(&record.problem).map_err(err)?;
        let rota: wsm_solver::rota::Rota = serde_json::from_str(&record.rota).map_err(err)?;
        for w in &problem.staff {
            let minutes: i64 = rota
                .supervision
                .iter()
                .filter(|a| a.staff == w.id)
                .filter_map(|a| problem.supervision_sessions.get(a.session))
                .map(|s| wsm_solver::calendar::elapsed_minutes(problem.tz(), s.date.and_time(s.from), s.date.and_time(s.to)))
                .sum();
            if minutes < i64::from(w.supervision_hours) * 60 {
                let m = format!("{}: {:.1} h of supervision planned in {}, at least {} h", w.id, minutes as f64 / 60.0, month.label(), w.supervision_hours);
                let pl = format!("{}: {} h superwizji w planie na {}, co najmniej {} h", w.id, format!("{:.1}", minutes as f64 / 60.0).replace('.', ","), month.label(), w.supervision_hours);
                raised += usize::from(state.store.add_notification(f, "supervision_missing", &format!("staff:{}", w.id), Said { en: &m, pl: &pl }, None, today).await.map_err(err)?);
            }
        }
    }
    Ok(format!("{raised} notification(s)"))
}

async fn rota_unpublished(state: &AppState, today: NaiveDate) -> JobResult {
    if today.day() <= 20 {
        return Ok("not after the 20th".into());
    }
    let next = wsm_solver::cost::Month::of(wsm_solver::cost::Month::of(today).last() + Duration::days(1));
    let mut raised = 0;
    for f in state.store.facility_ids().await.map_err(err)? {
        if state.store.published_rota(f, &next.label()).await.map_err(err)?.is_none() {
            let m = format!("The rota for {} is not published yet", next.label());
            let pl = format!("Grafik na {} nie jest jeszcze opublikowany", next.label());
            raised += usize::from(state.store.add_notification(f, "rota_unpublished", &format!("month:{}", next.label()), Said { en: &m, pl: &pl }, Some(next.first), today).await.map_err(err)?);
        }
    }
    Ok(format!("{raised} notification(s)"))
}
