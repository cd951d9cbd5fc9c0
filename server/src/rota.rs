//! Rotas in the product: the solver's problem built from the register for a facility and
//! month, the solve jobs that run it off the async runtime with progress and cancel, and the
//! checks applied to every stored or hand-edited rota.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::Warsaw;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use wsm_solver::problem::{DateRange, Interval, Problem, Resident as PResident, Rules, Session, ShiftType, Staff as PStaff, UnitRef, Weekly, Window};

use crate::store::model::{Facility, Resident, Staff, StaffRole};

/// Roles rostered for direct support (the cover rules count them). Specialists, the nurse,
/// the manager, supervisor and admin staff work their own schedules.
pub fn rostered_role(role: StaffRole) -> bool {
    matches!(role, StaffRole::Carer | StaffRole::NightCarer | StaffRole::MedicalCarer)
}

/// A worker left out of the problem, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Excluded {
    /// Staff id.
    pub staff_id: i64,
    /// Name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// A problem built from the register.
#[derive(Debug, Clone)]
pub struct Built {
    /// The problem (ids: units `u<id>`, residents `r<id>`, staff `s<id>`).
    pub problem: Problem,
    /// Staff left out.
    pub excluded: Vec<Excluded>,
}

/// The first day of a "YYYY-MM" month.
pub fn parse_month(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    (2000..=2100).contains(&d.year()).then_some(d)
}

/// Days in the month starting at `first`.
pub fn month_days(first: NaiveDate) -> u32 {
    let next = first.checked_add_months(chrono::Months::new(1)).expect("a month later exists");
    (next - first).num_days() as u32
}

fn local(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&Warsaw).naive_local()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// Supervision sessions when the request names none: every Wednesday of the month,
/// 10:00–12:00, with room for everybody across the month plus slack.
pub fn default_sessions(first: NaiveDate, days: u32, workers: usize) -> Vec<Session> {
    let wednesdays: Vec<NaiveDate> = (0..days).map(|i| first + Duration::days(i64::from(i))).filter(|d| d.weekday() == chrono::Weekday::Wed).collect();
    let capacity = (workers.div_ceil(wednesdays.len().max(1)) + 3) as u32;
    wednesdays.into_iter().map(|date| Session { date, from: hm(10, 0), to: hm(12, 0), capacity }).collect()
}

/// Builds the month's problem: units, the residents living there (away outside their stay,
/// in day programmes and during absences; 1:1 from their weekly schedule), and the
/// rosterable carers (off outside their contract; leave and unavailability as recorded; their
/// requests as wishes).
pub fn build_problem(facility: &Facility, residents: &[Resident], staff: &[Staff], requests: &[crate::store::selfservice::StaffRequest], first: NaiveDate, sessions: Option<Vec<Session>>) -> Built {
    let days = month_days(first);
    let last = first + Duration::days(i64::from(days) - 1);
    let window_start = first.and_time(hm(0, 0)) - Duration::days(1);
    let window_end = (last + Duration::days(2)).and_time(hm(0, 0));
    let units: Vec<UnitRef> = facility.units.iter().map(|u| UnitRef { id: format!("u{}", u.id) }).collect();
    let weekly = |list: &[crate::domain::resident::WeeklyInterval]| -> Vec<Weekly> {
        list.iter()
            .map(|w| Weekly { days: w.days.iter().map(|d| serde_json::from_value(serde_json::to_value(d).expect("day")).expect("same day codes")).collect(), from: w.from, to: w.to })
            .collect()
    };
    let mut p_residents = Vec::new();
    for r in residents {
        if r.moved_in > last || r.moved_out.is_some_and(|out| out < first) {
            continue;
        }
        let mut away = Vec::new();
        if r.moved_in > first {
            away.push(Interval { from: window_start, to: r.moved_in.and_time(hm(0, 0)) });
        }
        if let Some(out) = r.moved_out {
            if out <= last {
                away.push(Interval { from: (out + Duration::days(1)).and_time(hm(0, 0)), to: window_end });
            }
        }
        for a in &r.absences {
            let (from, to) = (local(a.from), local(a.to));
            if to > window_start && from < window_end {
                away.push(Interval { from, to });
            }
        }
        p_residents.push(PResident { id: format!("r{}", r.id), unit: format!("u{}", r.unit_id), away_weekly: weekly(&r.day_programme), away, one_to_one_weekly: weekly(&r.one_to_one), one_to_one: Vec::new() });
    }
    let mut p_staff = Vec::new();
    let mut excluded = Vec::new();
    for s in staff {
        let name = format!("{} {}", s.first_name, s.last_name);
        if !rostered_role(s.role) {
            continue;
        }
        if s.contract_start > last || s.contract_end.is_some_and(|e| e < first) {
            continue;
        }
        if !s.rosterability.rosterable {
            let mut why: Vec<String> = s.rosterability.missing.iter().map(|k| format!("{} missing", k.code())).collect();
            why.extend(s.rosterability.expired.iter().map(|k| format!("{} expired", k.code())));
            excluded.push(Excluded { staff_id: s.id, name, reason: format!("not rosterable: {}", why.join(", ")) });
            continue;
        }
        let my_units: Vec<String> = s.unit_ids.iter().filter(|u| facility.units.iter().any(|x| x.id == **u)).map(|u| format!("u{u}")).collect();
        if my_units.is_empty() {
            excluded.push(Excluded { staff_id: s.id, name, reason: "works in no housing unit of this facility".into() });
            continue;
        }
        let mut leave: Vec<DateRange> = s.leave.iter().filter(|l| l.to >= first && l.from <= last).map(|l| DateRange { from: l.from.max(first), to: l.to.min(last) }).collect();
        if s.contract_start > first {
            leave.push(DateRange { from: first, to: s.contract_start - Duration::days(1) });
        }
        if let Some(end) = s.contract_end.filter(|e| *e < last) {
            leave.push(DateRange { from: end + Duration::days(1), to: last });
        }
        let unavailable = s.unavailability.iter().map(|u| Interval { from: local(u.from), to: local(u.to) }).filter(|i| i.to > window_start && i.from < window_end).collect();
        p_staff.push(PStaff {
            id: format!("s{}", s.id),
            fte_milli: s.fte.milli() as u32,
            units: my_units,
            nights: s.nights_allowed,
            max_consecutive_nights: Some(4),
            leave,
            unavailable,
            // Wishes: accepted ones weigh 5, pending ones 1; declined ones are dropped.
            requests: requests
                .iter()
                .filter(|r| r.staff_id == s.id && r.date >= first && r.date <= last && r.status != "declined")
                .map(|r| wsm_solver::problem::Request { date: r.date, shift: r.shift.clone(), want: r.want, weight: if r.status == "accepted" { 5 } else { 1 } })
                .collect(),
            fixed: Vec::new(),
            supervision_hours: 2,
        });
    }
    let sessions = sessions.unwrap_or_else(|| default_sessions(first, days, p_staff.len()));
    let problem = Problem {
        version: 1,
        timezone: "Europe/Warsaw".into(),
        start: first,
        days,
        slot_minutes: 30,
        night: Window { start: hm(21, 0), end: hm(7, 0) },
        shift_types: vec![
            ShiftType { id: "D".into(), start: hm(7, 0), end: hm(19, 0) },
            ShiftType { id: "N".into(), start: hm(19, 0), end: hm(7, 0) },
            ShiftType { id: "E".into(), start: hm(7, 0), end: hm(15, 0) },
            ShiftType { id: "L".into(), start: hm(15, 0), end: hm(21, 0) },
        ],
        units,
        residents: p_residents,
        staff: p_staff,
        supervision_sessions: sessions,
        holidays: None,
        rules: Rules::default(),
    };
    Built { problem, excluded }
}

/// State of a solve job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Solving.
    Running,
    /// Finished; the rota is stored.
    Done,
    /// Cancelled before any rota was found.
    Cancelled,
    /// The problem has no legal rota, or storing failed.
    Failed,
}

/// A solve job as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Job {
    /// Id.
    pub id: u64,
    /// Facility.
    pub facility_id: i64,
    /// Month.
    pub month: String,
    /// State.
    pub state: JobState,
    /// Latest progress from the solver.
    #[schema(value_type = Object)]
    pub progress: Option<serde_json::Value>,
    /// The stored version, when done.
    pub rota_id: Option<i64>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// Problem issues, when the problem is invalid.
    #[schema(value_type = Vec<Object>)]
    pub issues: Vec<wsm_solver::problem::Issue>,
    /// Started.
    pub started_at: DateTime<Utc>,
}

/// Running and recent solve jobs of this server process.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, (Job, Arc<AtomicBool>)>>,
}

impl Jobs {
    /// Registers a running job.
    pub fn start(&self, facility_id: i64, month: &str) -> (u64, Arc<AtomicBool>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let cancel = Arc::new(AtomicBool::new(false));
        let job = Job { id, facility_id, month: month.into(), state: JobState::Running, progress: None, rota_id: None, error: None, issues: Vec::new(), started_at: Utc::now() };
        self.jobs.lock().expect("jobs lock").insert(id, (job, cancel.clone()));
        (id, cancel)
    }
    /// Updates a job.
    pub fn update(&self, id: u64, f: impl FnOnce(&mut Job)) {
        if let Some((job, _)) = self.jobs.lock().expect("jobs lock").get_mut(&id) {
            f(job);
        }
    }
    /// A job.
    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.lock().expect("jobs lock").get(&id).map(|(j, _)| j.clone())
    }
    /// Asks a running job to stop.
    pub fn cancel(&self, id: u64) -> bool {
        match self.jobs.lock().expect("jobs lock").get(&id) {
            Some((job, flag)) if job.state == JobState::Running => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }
    /// Whether a job for this facility and month is running.
    pub fn running(&self, facility_id: i64, month: &str) -> Option<u64> {
        self.jobs.lock().expect("jobs lock").values().find(|(j, _)| j.facility_id == facility_id && j.month == month && j.state == JobState::Running).map(|(j, _)| j.id)
    }
}
