//! The rota file: the solver's answer, and what `wsm check` reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::problem::Issue;

/// A rota.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rota {
    /// Contract version (1).
    pub version: u32,
    /// optimal, feasible, short or invalid.
    pub status: Status,
    /// Who works what, where.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Who attends which supervision session (index into the problem's sessions).
    #[serde(default)]
    pub supervision: Vec<Attendance>,
    /// Every uncovered interval.
    #[serde(default)]
    pub shortfalls: Vec<Shortfall>,
    /// Hours per worker.
    #[serde(default)]
    pub staff_hours: Vec<StaffHours>,
    /// Objective terms.
    #[serde(default)]
    pub objective: Objective,
    /// Solve statistics.
    #[serde(default)]
    pub solve: SolveInfo,
    /// For `invalid`: what contradicts itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// Short-staffing diagnosis in words (status `short`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnosis: Vec<Diagnosis>,
    /// Cells changed against the previous rota (repair, `--previous`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Supervision attendance changed against the previous rota (a worker now attends a
    /// session they did not, or no longer attends one). Not counted in `objective.changes`,
    /// which counts shift cells as the repair's cost does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance_changes: Vec<AttendanceChange>,
    /// Workers to call: those with a shift added or moved by the changes, or a supervision
    /// session added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub call: Vec<String>,
}

/// Outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proven optimal.
    #[default]
    Optimal,
    /// Time limit hit; gap reported.
    Feasible,
    /// Legal but cover cannot be met; shortfalls listed.
    Short,
    /// The problem contradicts itself.
    Invalid,
}

/// One shift.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Worker.
    pub staff: String,
    /// Day the shift starts.
    pub date: NaiveDate,
    /// Shift type.
    pub shift: String,
    /// Unit.
    pub unit: String,
    /// The 1:1 resident this worker is the dedicated worker for during the shift (domain.md §4:
    /// each resident in 1:1 adds one dedicated worker); absent when the shift names nobody.
    /// An addition to the file contract, optional with a default, so older rotas still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_to_one: Option<String>,
}

/// One supervision attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Worker.
    pub staff: String,
    /// Session index.
    pub session: usize,
}

/// An uncovered interval of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortfall {
    /// Unit.
    pub unit: String,
    /// From (RFC 3339 with offset).
    pub from: String,
    /// To.
    pub to: String,
    /// Staff needed.
    pub needed: u32,
    /// Staff planned.
    pub planned: u32,
}

/// Hours of one worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffHours {
    /// Worker.
    pub staff: String,
    /// Target hours.
    pub target: f64,
    /// Planned hours (shifts + supervision), really elapsed.
    pub planned: f64,
    /// Hours in the cover night window.
    pub night: f64,
}

/// Objective terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Σ over slots of missing staff × slot minutes.
    pub uncovered_staff_minutes: i64,
    /// Σ |planned − target| hours.
    pub hours_deviation: f64,
    /// Broken requests.
    pub requests_broken: u32,
    /// Fairness: Σ over nights, weekend shifts and holiday shifts of each worker's distance
    /// (in shifts) from a share proportional to their target hours.
    #[serde(default)]
    pub fairness: f64,
    /// Continuity: Σ over 1:1 residents and weeks of the different workers named as the
    /// resident's dedicated 1:1 worker that week.
    #[serde(default)]
    pub continuity: u32,
    /// Minutes of residents' 1:1 time with no dedicated worker named (weighted like uncovered
    /// staff-minutes: the dedicated worker is part of cover).
    #[serde(default)]
    pub one_to_one_unnamed_minutes: i64,
    /// Cells changed against a previous rota (repair, `--previous`).
    #[serde(default)]
    pub changes: u32,
    /// Weighted total.
    pub total: f64,
}

/// Solve statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveInfo {
    /// Wall time.
    pub millis: u64,
    /// Relative MIP gap as HiGHS reports it (`0` when proven optimal; `null` when unknown).
    #[serde(default)]
    pub gap: Option<f64>,
    /// Best proven lower bound of the model's objective, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    /// Milliseconds until the first rota with every cover slot met (none: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_covered_millis: Option<u64>,
    /// Improving solutions found.
    #[serde(default)]
    pub solutions: u32,
    /// The search was cancelled; this is the best rota found until then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
    /// What the search did (phases of a repair, for example).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<String>,
}

/// A sentence a manager acts on when cover cannot be met: a unit, a week and a part of the
/// day, how many FTE are missing, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    /// Housing unit.
    pub unit: String,
    /// Week of the horizon (1 = its first 7 days).
    pub week: u32,
    /// "night" or "day".
    pub part: String,
    /// Missing staff-hours in that week and part.
    pub staff_hours: f64,
    /// The same as FTE for a week (40 h = 1 FTE).
    pub fte: f64,
    /// Workers of the unit on leave in that week.
    pub leave_of: Vec<String>,
    /// Workers of the unit with unavailability in that week.
    pub unavailable: Vec<String>,
    /// The sentence.
    pub message: String,
    /// The sentence in Polish (what the Polish UI shows); empty in rotas stored before it.
    #[serde(default)]
    pub message_pl: String,
}

/// One cell changed against a previous rota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Worker.
    pub staff: String,
    /// Day.
    pub date: NaiveDate,
    /// Shift and unit before (`null` = off).
    pub before: Option<Cell>,
    /// Shift and unit now (`null` = off).
    pub after: Option<Cell>,
}

/// A worker's supervision attendance changed against a previous rota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceChange {
    /// Worker.
    pub staff: String,
    /// Session index.
    pub session: usize,
    /// The session's date.
    pub date: NaiveDate,
    /// Attends now (`true`: added; `false`: no longer attends).
    pub attends: bool,
}

/// A shift in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Shift type.
    pub shift: String,
    /// Unit.
    pub unit: String,
}

/// Attendance in `after` and not in `before` (added) or the other way round, ordered by date,
/// session, then worker; `date` gives a session's date (sessions it does not know are left out).
pub fn attendance_changes(before: &[Attendance], after: &[Attendance], date: impl Fn(usize) -> Option<NaiveDate>) -> Vec<AttendanceChange> {
    use std::collections::BTreeSet;
    let key = |a: &Attendance| (a.session, a.staff.clone());
    let (b, a): (BTreeSet<_>, BTreeSet<_>) = (before.iter().map(key).collect(), after.iter().map(key).collect());
    let mut out: Vec<AttendanceChange> = a
        .difference(&b)
        .map(|x| (x, true))
        .chain(b.difference(&a).map(|x| (x, false)))
        .filter_map(|((session, staff), attends)| Some(AttendanceChange { staff: staff.clone(), session: *session, date: date(*session)?, attends }))
        .collect();
    out.sort_by(|x, y| (x.date, x.session, &x.staff).cmp(&(y.date, y.session, &y.staff)));
    out
}

/// Cells of `after` that differ from `before`, ordered by date then worker.
pub fn changes(before: &[Assignment], after: &[Assignment]) -> Vec<Change> {
    use std::collections::BTreeMap;
    let mut cells: BTreeMap<(NaiveDate, String), (Option<Cell>, Option<Cell>)> = BTreeMap::new();
    for a in before {
        cells.entry((a.date, a.staff.clone())).or_default().0 = Some(Cell { shift: a.shift.clone(), unit: a.unit.clone() });
    }
    for a in after {
        cells.entry((a.date, a.staff.clone())).or_default().1 = Some(Cell { shift: a.shift.clone(), unit: a.unit.clone() });
    }
    cells.into_iter().filter(|(_, (b, a))| b != a).map(|((date, staff), (before, after))| Change { staff, date, before, after }).collect()
}
