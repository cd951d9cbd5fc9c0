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
    /// Weighted total.
    pub total: f64,
}

/// Solve statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveInfo {
    /// Wall time.
    pub millis: u64,
    /// Relative MIP gap.
    pub gap: f64,
}
