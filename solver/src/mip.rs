//! The rota as a mixed-integer programme (good_lp on HiGHS). Labour-law rules are hard
//! constraints; cover is soft with a dominant weight, so a short-staffed facility still gets
//! a legal rota and the exact list of gaps.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use good_lp::solvers::highs::highs;
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel, Variable, VariableDefinition};

use crate::calendar::instant;
use crate::demand::demand;
pub use crate::highs_run::{Control, Progress};
use crate::highs_run::{run, Outcome, Run};
use crate::problem::{Issue, Problem};
use crate::rota::{changes, Assignment, Attendance, Objective, Rota, Shortfall, SolveInfo, StaffHours, Status};

/// Weight of one uncovered staff-hour: dominates everything else.
pub const COVER_WEIGHT: f64 = 1000.0;
/// Weight of one hour away from a worker's target.
pub const HOURS_WEIGHT: f64 = 1.0;
/// Weight of one unit of a request's weight.
pub const REQUEST_WEIGHT: f64 = 4.0;
/// Weight of one shift of distance from a worker's fair share of nights, weekend shifts or
/// holiday shifts.
pub const FAIRNESS_WEIGHT: f64 = 1.0;
/// Shifts of distance from a fair share that still count as fair: whole shifts can rarely hit a
/// fractional share, and nobody is wronged by the nearest whole number either way.
pub const FAIR_BAND: f64 = 1.0;
/// Weight of one more worker named as a 1:1 resident's dedicated worker in a week.
pub const CONTINUITY_WEIGHT: f64 = 2.0;
/// Weight of one changed cell against a previous rota. Cover comes first: every cell of a
/// month changed twice over (40 staff × 31 days × 2 = 2 480 changes) still costs less than one
/// uncovered 30-minute slot (500), so the solver changes cells only where cover needs it —
/// and then as few as it can.
pub const CHANGE_WEIGHT: f64 = 0.1;
/// Against a previous rota, the other soft terms (hours, requests, fairness, continuity) are
/// scaled down by this factor so they never outweigh a changed cell.
pub const REPAIR_SOFT_SCALE: f64 = 0.001;

/// How the solver may run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time limit, seconds (always set).
    pub time_limit_s: f64,
    /// Stop at this relative MIP gap.
    pub mip_gap: f64,
    /// A previous rota: cells that differ from it cost [`CHANGE_WEIGHT`] each, and it is the
    /// answer's reference for `changes` and `call`.
    pub previous: Option<Rota>,
    /// Cells held as they are (locks, or everything outside a repair window): the worker
    /// works exactly this shift in this unit, or is off when `cell` is `None`.
    pub freeze: Vec<Frozen>,
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

impl Options {
    /// The default limits: 60 s, 1 % gap.
    pub fn new() -> Self {
        Options { time_limit_s: 60.0, mip_gap: 0.01, previous: None, freeze: Vec::new() }
    }
    /// With a time limit.
    pub fn time_limit(mut self, seconds: f64) -> Self {
        self.time_limit_s = seconds;
        self
    }
}

/// A cell held fixed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frozen {
    /// Worker.
    pub staff: String,
    /// Day.
    pub date: NaiveDate,
    /// The shift and unit held, or `None` for a day held off.
    pub cell: Option<crate::rota::Cell>,
}

/// One possible shift of one worker.
#[derive(Debug, Clone)]
struct Occ {
    staff: usize,
    date: NaiveDate,
    shift: usize,
    start: i64,
    end: i64,
    minutes: i64,
    night: bool,
    units: Vec<(usize, Variable)>,
}

/// Minutes since the epoch of a wall-clock time in the problem's zone.
fn epoch_min(p: &Problem, local: chrono::NaiveDateTime) -> i64 {
    instant(p.tz(), local).timestamp() / 60
}

/// The model, built in one place.
struct Model<'a> {
    p: &'a Problem,
    vars: ProblemVariables,
    occs: Vec<Occ>,
    sessions: Vec<(usize, usize, Variable, i64, i64)>,
    constraints: Vec<good_lp::Constraint>,
    objective: Expression,
    /// Shortfall variables with the minutes each unit of them stands for.
    shorts: Vec<(Variable, f64)>,
    /// Frozen cells by (staff index, date).
    freeze: HashMap<(usize, NaiveDate), Option<(usize, usize)>>,
    /// Column of each variable (good_lp keeps its index private).
    column: HashMap<Variable, usize>,
    /// Scale of the soft terms other than cover and changes.
    soft: f64,
    /// Workers whose supervision attendance is held as given (the rest of them is frozen).
    held_staff: HashSet<usize>,
    /// Sessions whose attendance is held as given, for every worker (a repair: the sessions
    /// outside its window).
    held_session_ids: HashSet<usize>,
    /// The held attendance: (staff index, session index).
    held_sessions: HashSet<(usize, usize)>,
    /// Namings of a dedicated 1:1 worker: (occurrence, unit, resident, variable).
    named: Vec<(usize, usize, usize, Variable)>,
    /// Variables a start's namings decide: `(v, namings, max)` — `v` is the largest of the
    /// namings (a worker named that week) when `max`, else `1 − Σ namings` floored at 0 (1:1
    /// time left unnamed). A start sets them so HiGHS need not complete them.
    implied: Vec<(Variable, Vec<Variable>, bool)>,
    /// With a start: its namings as (staff, date, shift, resident), held on frozen cells.
    held_names: Option<HashSet<(String, NaiveDate, String, String)>>,
}

impl<'a> Model<'a> {
    fn new(p: &'a Problem) -> Self {
        Model { p, vars: ProblemVariables::new(), occs: Vec::new(), sessions: Vec::new(), constraints: Vec::new(), objective: Expression::from(0.0), shorts: Vec::new(), freeze: HashMap::new(), column: HashMap::new(), soft: 1.0, held_staff: HashSet::new(), held_session_ids: HashSet::new(), held_sessions: HashSet::new(), named: Vec::new(), implied: Vec::new(), held_names: None }
    }

    fn new_var(&mut self, def: VariableDefinition) -> Variable {
        let v = self.vars.add(def);
        self.column.insert(v, self.column.len());
        v
    }

    /// Resolves frozen cells against the problem; a frozen shift the problem no longer allows
    /// (leave, unknown shift…) is an issue naming it.
    fn set_freeze(&mut self, freeze: &[Frozen]) -> Vec<Issue> {
        let p = self.p;
        let mut issues = Vec::new();
        for (i, f) in freeze.iter().enumerate() {
            let Some(si) = p.staff.iter().position(|s| s.id == f.staff) else {
                issues.push(Issue { path: format!("freeze[{i}].staff"), message: format!("no worker '{}' in the problem", f.staff) });
                continue;
            };
            let cell = match &f.cell {
                None => None,
                Some(c) => match (p.shift_types.iter().position(|t| t.id == c.shift), p.units.iter().position(|u| u.id == c.unit)) {
                    (Some(t), Some(u)) => Some((t, u)),
                    _ => {
                        issues.push(Issue { path: format!("freeze[{i}].cell"), message: format!("no shift '{}' in unit '{}'", c.shift, c.unit) });
                        continue;
                    }
                },
            };
            self.freeze.insert((si, f.date), cell);
        }
        issues
    }

    fn worked(&self, o: &Occ) -> Expression {
        o.units.iter().map(|(_, v)| *v).sum()
    }

    /// Possible shifts: not on leave, not overlapping unavailability, nights only if allowed;
    /// a fixed day allows only its fixed shift and unit (forced to 1).
    fn build_occurrences(&mut self) {
        let p = self.p;
        for (si, s) in p.staff.iter().enumerate() {
            for date in p.dates() {
                if s.leave.iter().any(|l| l.contains(date)) {
                    continue;
                }
                let fixed = s.fixed.iter().find(|f| f.date == date);
                let frozen = self.freeze.get(&(si, date)).copied();
                if frozen == Some(None) {
                    continue;
                }
                for (ti, t) in p.shift_types.iter().enumerate() {
                    if fixed.is_some_and(|f| f.shift != t.id) {
                        continue;
                    }
                    if frozen.is_some_and(|c| c.is_some_and(|(ft, _)| ft != ti)) {
                        continue;
                    }
                    let (a, b) = t.interval(date);
                    if s.unavailable.iter().any(|u| a < u.to && u.from < b) {
                        continue;
                    }
                    let night = p.touches_night(t, date);
                    if night && !s.nights {
                        continue;
                    }
                    let mut units = Vec::new();
                    for (ui, u) in p.units.iter().enumerate() {
                        if !s.units.contains(&u.id) || fixed.is_some_and(|f| f.unit != u.id) {
                            continue;
                        }
                        if frozen.is_some_and(|c| c.is_some_and(|(_, fu)| fu != ui)) {
                            continue;
                        }
                        let v = self.new_var(variable().binary());
                        if fixed.is_some() || frozen.is_some() {
                            self.constraints.push(constraint!(v == 1));
                        }
                        units.push((ui, v));
                    }
                    if units.is_empty() {
                        continue;
                    }
                    let (start, end) = (epoch_min(p, a), epoch_min(p, b));
                    self.occs.push(Occ { staff: si, date, shift: ti, start, end, minutes: end - start, night, units });
                }
            }
        }
    }

    fn build_sessions(&mut self) {
        let p = self.p;
        for (si, s) in p.staff.iter().enumerate() {
            if s.supervision_hours == 0 {
                continue;
            }
            for (j, ses) in p.supervision_sessions.iter().enumerate() {
                if s.leave.iter().any(|l| l.contains(ses.date)) {
                    continue;
                }
                let held = self.held_staff.contains(&si) || self.held_session_ids.contains(&j);
                if held && !self.held_sessions.contains(&(si, j)) {
                    continue;
                }
                let v = self.new_var(variable().binary());
                if held {
                    self.constraints.push(constraint!(v == 1));
                }
                let (a, b) = (epoch_min(p, ses.date.and_time(ses.from)), epoch_min(p, ses.date.and_time(ses.to)));
                self.sessions.push((si, j, v, a, b));
            }
        }
        for (j, ses) in p.supervision_sessions.iter().enumerate() {
            let attendees: Expression = self.sessions.iter().filter(|x| x.1 == j).map(|x| x.2).sum();
            self.constraints.push(constraint!(attendees <= ses.capacity as f64));
        }
        for (si, s) in p.staff.iter().enumerate() {
            if s.supervision_hours == 0 {
                continue;
            }
            let minutes: Expression = self.sessions.iter().filter(|x| x.0 == si).map(|x| (x.4 - x.3) as f64 * x.2).sum();
            self.constraints.push(constraint!(minutes >= f64::from(s.supervision_hours) * 60.0));
        }
    }

    /// One shift a day; daily rest between any two pieces of work (shifts and sessions).
    fn build_rest(&mut self) {
        let p = self.p;
        let rest = i64::from(p.rules.daily_rest_hours) * 60;
        let mut by_staff: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, o) in self.occs.iter().enumerate() {
            by_staff.entry(o.staff).or_default().push(i);
        }
        let mut cons = Vec::new();
        for (si, list) in &by_staff {
            let mut per_day: HashMap<NaiveDate, Expression> = HashMap::new();
            for &i in list {
                *per_day.entry(self.occs[i].date).or_default() += self.worked(&self.occs[i]);
            }
            for (_, e) in per_day {
                cons.push(constraint!(e <= 1));
            }
            for (a_idx, &a) in list.iter().enumerate() {
                for &b in &list[a_idx + 1..] {
                    let (oa, ob) = (&self.occs[a], &self.occs[b]);
                    if oa.date == ob.date {
                        continue;
                    }
                    let (first, second) = if oa.start <= ob.start { (oa, ob) } else { (ob, oa) };
                    if second.start - first.end < rest {
                        cons.push(constraint!(self.worked(first) + self.worked(second) <= 1));
                    }
                }
            }
            for s in self.sessions.iter().filter(|x| x.0 == *si) {
                for &i in list {
                    let o = &self.occs[i];
                    let gap = if s.3 >= o.end { s.3 - o.end } else if o.start >= s.4 { o.start - s.4 } else { -1 };
                    if gap < rest {
                        cons.push(constraint!(self.worked(o) + s.2 <= 1));
                    }
                }
            }
            let mine: Vec<_> = self.sessions.iter().filter(|x| x.0 == *si).cloned().collect();
            for (k, a) in mine.iter().enumerate() {
                for b in &mine[k + 1..] {
                    let (f, s) = if a.3 <= b.3 { (a, b) } else { (b, a) };
                    let gap = s.3 - f.4;
                    // Any two, as the checker has them (before 2026-12-05 two of one date, or
                    // back to back, were let be: rotas the checker refused).
                    if gap < rest {
                        cons.push(constraint!(f.2 + s.2 <= 1));
                    }
                }
            }
        }
        self.constraints.extend(cons);
    }

    /// Weekly rest: in each full week one rest window of the set length, chosen among windows
    /// starting at the week's start or at the end of some piece of work.
    fn build_weekly_rest(&mut self) {
        let p = self.p;
        let need = i64::from(p.rules.weekly_rest_hours) * 60;
        for week in 0..p.days / 7 {
            let first = p.start + Duration::days(i64::from(week) * 7);
            let ws = epoch_min(p, first.and_hms_opt(0, 0, 0).expect("midnight"));
            let we = epoch_min(p, (first + Duration::days(7)).and_hms_opt(0, 0, 0).expect("midnight"));
            for si in 0..p.staff.len() {
                let occ_idx: Vec<usize> = (0..self.occs.len()).filter(|&i| self.occs[i].staff == si && self.occs[i].end > ws && self.occs[i].start < we).collect();
                let ses: Vec<_> = self.sessions.iter().filter(|x| x.0 == si && x.4 > ws && x.3 < we).cloned().collect();
                let mut starts: Vec<i64> = vec![ws];
                starts.extend(occ_idx.iter().map(|&i| self.occs[i].end));
                starts.extend(ses.iter().map(|x| x.4));
                starts.retain(|s| *s >= ws && s + need <= we);
                starts.sort();
                starts.dedup();
                let mut choose: Expression = Expression::from(0.0);
                let mut cons = Vec::new();
                for s in starts {
                    let e = s + need;
                    let clash: Vec<usize> = occ_idx.iter().copied().filter(|&i| self.occs[i].start < e && self.occs[i].end > s).collect();
                    let clash_s: Vec<_> = ses.iter().filter(|x| x.3 < e && x.4 > s).collect();
                    if clash.is_empty() && clash_s.is_empty() {
                        // A window no shift can touch: the rule holds whatever happens.
                        choose = Expression::from(1.0);
                        cons.clear();
                        break;
                    }
                    let r = self.new_var(variable().binary());
                    choose += r;
                    let mut days: Vec<NaiveDate> = clash.iter().map(|&i| self.occs[i].date).collect();
                    days.sort();
                    days.dedup();
                    let m = (days.len() + clash_s.len()) as f64;
                    let work: Expression = clash.iter().map(|&i| self.worked(&self.occs[i])).sum::<Expression>() + clash_s.iter().map(|x| x.2).sum::<Expression>();
                    cons.push(constraint!(work + m * r <= m));
                }
                cons.push(constraint!(choose >= 1));
                self.constraints.extend(cons);
            }
        }
    }

    fn build_sundays_and_nights(&mut self) {
        let p = self.p;
        let n = p.rules.free_sunday_within_weeks as usize;
        let sundays: Vec<NaiveDate> = p.dates().filter(|d| d.weekday() == Weekday::Sun).collect();
        for si in 0..p.staff.len() {
            if n > 0 {
                for run in sundays.windows(n) {
                    let e: Expression = self.occs.iter().filter(|o| o.staff == si && run.contains(&o.date)).map(|o| self.worked(o)).sum();
                    self.constraints.push(constraint!(e <= (n - 1) as f64));
                }
            }
            if let Some(max) = p.staff[si].max_consecutive_nights {
                let dates: Vec<NaiveDate> = p.dates().collect();
                for run in dates.windows(max as usize + 1) {
                    let e: Expression = self.occs.iter().filter(|o| o.staff == si && o.night && run.contains(&o.date)).map(|o| self.worked(o)).sum();
                    self.constraints.push(constraint!(e <= max as f64));
                }
            }
        }
    }

    /// Hours within tolerance of target (hard), deviation and requests (soft).
    fn build_hours_and_requests(&mut self) {
        let p = self.p;
        for (si, s) in p.staff.iter().enumerate() {
            let target = p.target_minutes(s) as f64;
            let planned: Expression = self.occs.iter().filter(|o| o.staff == si).map(|o| o.minutes as f64 * self.worked(o)).sum::<Expression>()
                + self.sessions.iter().filter(|x| x.0 == si).map(|x| (x.4 - x.3) as f64 * x.2).sum::<Expression>();
            let tol = f64::from(p.rules.hours_tolerance) * 60.0;
            let up = tol.min(f64::from(p.rules.overtime_hours_max) * 60.0);
            let over = self.new_var(variable().min(0.0));
            let under = self.new_var(variable().min(0.0));
            self.constraints.push(constraint!(planned.clone() - target == over - under));
            self.constraints.push(constraint!(planned.clone() >= target - tol));
            self.constraints.push(constraint!(planned <= target + up));
            // The deviation no combination of this worker's shift lengths can avoid: a valid
            // cut that gives the search an honest bound (the LP alone would say 0).
            let floor = self.hours_floor(si);
            if floor > 0 {
                self.constraints.push(constraint!(over + under >= floor as f64));
            }
            self.objective += self.soft * HOURS_WEIGHT / 60.0 * (over + under);
            for r in &s.requests {
                let chosen: Expression = self
                    .occs
                    .iter()
                    .filter(|o| o.staff == si && o.date == r.date && r.shift.as_ref().is_none_or(|id| p.shift_types[o.shift].id == *id))
                    .map(|o| self.worked(o))
                    .sum();
                let w = self.soft * REQUEST_WEIGHT * f64::from(r.weight);
                if r.want {
                    self.objective += w * (1.0 - chosen);
                } else {
                    self.objective += w * chosen;
                }
            }
        }
    }

    /// The smallest |planned − target| (minutes) reachable by any choice of at most one of the
    /// worker's possible shifts a day plus a number of the sessions it may attend, within the
    /// hard bounds; every other rule is relaxed, so this never exceeds the true minimum.
    fn hours_floor(&self, si: usize) -> i64 {
        let p = self.p;
        let s = &p.staff[si];
        let target = p.target_minutes(s);
        let tol = i64::from(p.rules.hours_tolerance) * 60;
        let (lo, hi) = (target - tol, target + tol.min(i64::from(p.rules.overtime_hours_max) * 60));
        if hi < 0 {
            return 0;
        }
        let cap = hi as usize;
        let mut reach = vec![false; cap + 1];
        reach[0] = true;
        let mut by_day: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
        for o in self.occs.iter().filter(|o| o.staff == si) {
            by_day.entry(o.date).or_default().push(o.minutes as usize);
        }
        let mut items: Vec<Vec<usize>> = by_day.into_values().collect();
        // Sessions: each may be attended or not (one item each, length its duration).
        items.extend(self.sessions.iter().filter(|x| x.0 == si).map(|x| vec![(x.4 - x.3) as usize]));
        for lengths in items {
            let mut next = reach.clone();
            for (total, ok) in reach.iter().enumerate() {
                if !ok {
                    continue;
                }
                for &l in &lengths {
                    if total + l <= cap {
                        next[total + l] = true;
                    }
                }
            }
            reach = next;
        }
        let min_sup = i64::from(s.supervision_hours) * 60;
        (lo.max(min_sup).max(0)..=hi).filter(|&t| reach[t as usize]).map(|t| (t - target).abs()).min().unwrap_or(0)
    }

    /// Cover, soft: `short ≥ needed − planned` per run of slots with the same need and the
    /// same shifts covering them.
    fn build_cover(&mut self) {
        let p = self.p;
        let d = demand(p);
        for (ui, _) in p.units.iter().enumerate() {
            let mut runs: Vec<(u32, Vec<(usize, usize)>, i64)> = Vec::new();
            for (k, slot) in d.slots.iter().enumerate() {
                let need = d.needed[ui][k];
                if need == 0 {
                    continue;
                }
                let t = slot.start.timestamp() / 60;
                let covering: Vec<(usize, usize)> = self
                    .occs
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.start <= t && t < o.end)
                    .flat_map(|(i, o)| o.units.iter().enumerate().filter(|(_, (u, _))| *u == ui).map(move |(j, _)| (i, j)))
                    .collect();
                match runs.last_mut() {
                    Some(last) if last.0 == need && last.1 == covering => last.2 += slot.minutes(),
                    _ => runs.push((need, covering, slot.minutes())),
                }
            }
            for (need, covering, minutes) in runs {
                let short = self.new_var(variable().min(0.0).max(f64::from(need)));
                let planned: Expression = covering.iter().map(|(i, j)| self.occs[*i].units[*j].1).sum();
                self.constraints.push(constraint!(short + planned >= f64::from(need)));
                self.objective += COVER_WEIGHT / 60.0 * minutes as f64 * short;
                self.shorts.push((short, minutes as f64));
            }
        }
    }
}

impl Model<'_> {
    /// Fairness: per category (nights, weekend shifts, holiday shifts) each worker's count
    /// stays near a share of the total proportional to their target hours.
    fn build_fairness(&mut self) {
        let p = self.p;
        let holidays: HashSet<NaiveDate> = p.holiday_list().into_iter().collect();
        for (cat, eligible, shares) in fairness_groups(p) {
            let total = self.new_var(variable().min(0.0));
            let mut all = Expression::from(0.0);
            for (k, &si) in eligible.iter().enumerate() {
                let count: Expression = self.occs.iter().filter(|o| o.staff == si && cat.holds(o.date, o.night, &holidays)).map(|o| self.worked(o)).sum();
                all += count.clone();
                let dev = self.new_var(variable().min(0.0));
                self.constraints.push(constraint!(dev >= count.clone() - shares[k] * total - FAIR_BAND));
                self.constraints.push(constraint!(dev >= shares[k] * total - count - FAIR_BAND));
                self.objective += self.soft * FAIRNESS_WEIGHT * dev;
            }
            self.constraints.push(constraint!(total == all));
        }
    }

    /// The dedicated 1:1 worker and continuity. A shift in a 1:1 resident's unit that overlaps
    /// the resident's 1:1 time may name the worker as the resident's dedicated worker (at most
    /// one resident per shift); 1:1 time nobody named holds costs like uncovered cover; per
    /// resident, week and worker named that week, continuity costs [`CONTINUITY_WEIGHT`].
    ///
    /// The count of different workers is a fixed charge (`y ≥ a`) whose LP relaxation spreads
    /// the naming thinly over many workers. Two cuts give the LP the integer structure: a
    /// worker names at most [`crate::dedicated::week_cap`] shifts a week (`Σ a ≤ cap·y`), and a
    /// week's 1:1 time needs at least [`crate::dedicated::least_workers`] different workers
    /// (`Σ y ≥ least` unless some of that time is left unnamed).
    fn build_one_to_one(&mut self) {
        let p = self.p;
        let mut per_cell: HashMap<(usize, usize), Vec<Variable>> = HashMap::new();
        for (r, weeks) in crate::dedicated::weeks(p) {
            let Some(ui) = p.units.iter().position(|u| u.id == p.residents[r].unit) else { continue };
            let all: Vec<(i64, i64)> = weeks.concat();
            // Candidate namings: (occurrence, variable).
            let mut cands: Vec<(usize, Variable)> = Vec::new();
            for oi in 0..self.occs.len() {
                let o = &self.occs[oi];
                if !all.iter().any(|(a, b)| o.start < *b && *a < o.end) {
                    continue;
                }
                let Some(&(_, v)) = o.units.iter().find(|(u, _)| *u == ui) else { continue };
                let held = self.held_names.as_ref().filter(|_| self.freeze.contains_key(&(o.staff, o.date))).map(|names| {
                    let key = (p.staff[o.staff].id.clone(), o.date, p.shift_types[o.shift].id.clone(), p.residents[r].id.clone());
                    names.contains(&key)
                });
                if held == Some(false) {
                    continue;
                }
                let a = self.new_var(variable().binary());
                self.constraints.push(constraint!(a <= v));
                if held == Some(true) {
                    self.constraints.push(constraint!(a == v));
                }
                per_cell.entry((oi, ui)).or_default().push(a);
                self.named.push((oi, ui, r, a));
                cands.push((oi, a));
            }
            let cap_of = |week: usize| crate::dedicated::week_cap(p, week).max(1);
            for (week, intervals) in weeks.iter().enumerate() {
                // Segments: the 1:1 time cut at every candidate's start and end.
                let mut unnamed = Expression::from(0.0);
                let mut segments = Vec::new();
                for &(from, to) in intervals {
                    let points = cands.iter().flat_map(|(oi, _)| [self.occs[*oi].start, self.occs[*oi].end]);
                    for (x, y) in crate::dedicated::cut(from, to, points) {
                        let holding: Vec<Variable> = cands.iter().filter(|(oi, _)| self.occs[*oi].start <= x && y <= self.occs[*oi].end).map(|(_, a)| *a).collect();
                        if holding.is_empty() {
                            continue;
                        }
                        let u = self.new_var(variable().min(0.0).max(1.0));
                        self.implied.push((u, holding.clone(), false));
                        let named: Expression = holding.iter().copied().sum();
                        self.constraints.push(constraint!(named + u >= 1.0));
                        self.objective += COVER_WEIGHT / 60.0 * (y - x) as f64 * u;
                        // Only time no shift of an earlier or later week can hold counts for
                        // this week's lower bound.
                        if cands.iter().filter(|(oi, _)| self.occs[*oi].start <= x && y <= self.occs[*oi].end).all(|(oi, _)| crate::dedicated::week_of(p, self.occs[*oi].date) == week) {
                            unnamed += u;
                            segments.push((x, y));
                        }
                    }
                }
                let cap = cap_of(week);
                let mut by_staff: HashMap<usize, (Vec<Variable>, HashSet<NaiveDate>)> = HashMap::new();
                let mut shifts: HashSet<(NaiveDate, (i64, i64))> = HashSet::new();
                for (oi, a) in &cands {
                    let o = &self.occs[*oi];
                    if crate::dedicated::week_of(p, o.date) == week {
                        let entry = by_staff.entry(o.staff).or_default();
                        entry.0.push(*a);
                        entry.1.insert(o.date);
                        shifts.insert((o.date, (o.start, o.end)));
                    }
                }
                let mut workers = Expression::from(0.0);
                for (_, (list, dates)) in by_staff {
                    let y = self.new_var(variable().min(0.0).max(1.0));
                    self.implied.push((y, list.clone(), true));
                    let sum: Expression = list.iter().copied().sum();
                    // One shift a day: at most as many namings as days, and the week's cap.
                    self.constraints.push(constraint!(sum <= (cap.min(dates.len()) as f64) * y));
                    for a in list {
                        self.constraints.push(constraint!(y >= a));
                    }
                    workers += y;
                    self.objective += self.soft * CONTINUITY_WEIGHT * y;
                }
                let shifts: Vec<(NaiveDate, (i64, i64))> = shifts.into_iter().collect();
                let least = crate::dedicated::least_workers(p, week, &segments, &shifts) as f64;
                if least > 1.0 {
                    self.constraints.push(constraint!(workers + least * unnamed >= least));
                }
            }
        }
        // One resident per shift.
        for ((oi, ui), list) in per_cell {
            if list.len() > 1 {
                let v = self.occs[oi].units.iter().find(|(u, _)| *u == ui).map(|(_, v)| *v).expect("a naming has its cell");
                let sum: Expression = list.into_iter().sum();
                self.constraints.push(constraint!(sum <= v));
            }
        }
    }

    /// Change penalties against a previous rota.
    fn build_changes(&mut self, previous: &Rota) {
        let p = self.p;
        let before: HashMap<(&str, NaiveDate), (&str, &str)> = previous.assignments.iter().map(|a| ((a.staff.as_str(), a.date), (a.shift.as_str(), a.unit.as_str()))).collect();
        for o in &self.occs {
            let was = before.get(&(p.staff[o.staff].id.as_str(), o.date));
            for (ui, v) in &o.units {
                let same = was.is_some_and(|(t, u)| *t == p.shift_types[o.shift].id && *u == p.units[*ui].id);
                if same {
                    self.objective += CHANGE_WEIGHT * (1.0 - *v);
                } else {
                    self.objective += CHANGE_WEIGHT * *v;
                }
            }
        }
    }
}

/// Solves a problem with the default hooks (no progress, no cancel).
pub fn solve(p: &Problem, options: Options) -> Rota {
    solve_with(p, &options, Control::default())
}

/// Solves a problem: a legal rota (or the reasons it cannot exist), with every gap listed,
/// the short-staffing diagnosis, and, given a previous rota, the changed cells and whom to
/// call.
pub fn solve_with(p: &Problem, options: &Options, ctl: Control<'_>) -> Rota {
    let began = Instant::now();
    if p.staff.len() <= DECOMPOSE_ABOVE || options.previous.is_some() || !p.validate().is_empty() {
        return solve_phase(p, options, ctl, began, "solve");
    }
    decomposed(p, options, ctl, began)
}

/// Problems with more workers than this are solved by decomposition.
pub const DECOMPOSE_ABOVE: usize = 16;

/// What one sub-solve holds fixed and where it starts.
#[derive(Default)]
struct Hold<'a> {
    staff: Vec<usize>,
    /// Sessions whose attendance is held for every worker.
    session_ids: Vec<usize>,
    /// The attendance held (of the held workers and sessions): (staff, session).
    sessions: Vec<(usize, usize)>,
    start: Option<&'a Rota>,
}

/// A small deterministic generator for neighbourhoods (no dependency, same run every time).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }
}

/// Freezes every cell of `workers` as `rota` has it.
fn freeze_workers(p: &Problem, rota: &Rota, workers: &[usize], days: Option<(NaiveDate, NaiveDate)>) -> Vec<Frozen> {
    let cells: HashMap<(&str, NaiveDate), &Assignment> = rota.assignments.iter().map(|a| ((a.staff.as_str(), a.date), a)).collect();
    let mut out = Vec::new();
    for &si in workers {
        let id = &p.staff[si].id;
        for date in p.dates() {
            if days.is_some_and(|(a, b)| date >= a && date <= b) {
                continue;
            }
            let cell = cells.get(&(id.as_str(), date)).map(|a| crate::rota::Cell { shift: a.shift.clone(), unit: a.unit.clone() });
            out.push(Frozen { staff: id.clone(), date, cell });
        }
    }
    out
}

fn held_attendance(p: &Problem, rota: &Rota, workers: &[usize]) -> Vec<(usize, usize)> {
    rota.supervision.iter().filter_map(|a| p.staff.iter().position(|s| s.id == a.staff).filter(|si| workers.contains(si)).map(|si| (si, a.session))).collect()
}

fn better(a: &Rota, b: &Rota) -> bool {
    (a.objective.uncovered_staff_minutes, a.objective.total) < (b.objective.uncovered_staff_minutes, b.objective.total - 1e-6)
}

/// The greedy construction, kept only when the independent checker accepts it.
pub(crate) fn greedy_start(p: &Problem, options: &Options, began: Instant) -> Option<Rota> {
    let mut rota = crate::construct::greedy(p, &options.freeze)?;
    crate::dedicated::name_missing(p, &mut rota.assignments);
    finish(p, &mut rota, false, began.elapsed().as_millis() as u64);
    let report = crate::check::check(p, &rota);
    report.passes().then_some(rota)
}

/// Construction by MIPs: workers join in groups of four (fewer choices first), each group
/// solved against the demand the earlier groups left, their cells and supervision held. `Err`
/// is the final answer (the monolithic model's when a group cannot be placed, or a cancel).
fn construct_by_groups(p: &Problem, options: &Options, ctl: Control<'_>, began: Instant) -> Result<(Rota, u32), Rota> {
    let limit = options.time_limit_s;
    let left = |began: Instant| limit - began.elapsed().as_secs_f64();
    let sub = |time: f64| Options { time_limit_s: began.elapsed().as_secs_f64() + time, mip_gap: options.mip_gap, previous: None, freeze: options.freeze.clone() };
    let mut order: Vec<usize> = (0..p.staff.len()).collect();
    order.sort_by_key(|&si| (p.staff[si].units.len(), usize::from(p.staff[si].nights), std::cmp::Reverse(p.staff[si].fte_milli)));
    let mut best = Rota { version: 1, ..Default::default() };
    let mut placed: Vec<usize> = Vec::new();
    let mut solutions = 0;
    for group in order.chunks(4) {
        let mut partial = p.clone();
        let members: Vec<usize> = placed.iter().chain(group).copied().collect();
        partial.staff = members.iter().map(|&si| p.staff[si].clone()).collect();
        let held: Vec<usize> = (0..placed.len()).collect();
        let mut opts = sub((left(began) * 0.15).clamp(0.5, 5.0));
        opts.freeze.retain(|f| partial.staff.iter().any(|s| s.id == f.staff));
        opts.freeze.extend(freeze_workers(&partial, &best, &held, None));
        let hold = Hold { staff: held.clone(), sessions: held_attendance(&partial, &best, &held), ..Default::default() };
        let r = solve_model(&partial, &opts, &hold, ctl, began, "construct");
        if r.status == Status::Invalid {
            // A group that cannot be placed legally around the others: the monolithic model
            // proves or refutes feasibility on its own.
            return Err(solve_phase(p, options, ctl, began, "solve"));
        }
        solutions += r.solve.solutions;
        best = r;
        placed.extend(group);
        if ctl.cancelled() && placed.len() < p.staff.len() {
            // Workers not yet placed have no shifts: that partial rota breaks their hour
            // targets, so it is no answer.
            let mut rota = cancelled_rota("cancelled before any rota was found".into());
            rota.solve.solutions = solutions;
            return Err(rota);
        }
    }
    Ok((best, solutions))
}

/// Decomposition for realistic months: (1) construct — a greedy rota (milliseconds) when the
/// checker accepts it, otherwise workers join in groups of four, each group solved as a small
/// MIP against the demand the earlier groups left (their cells and supervision held); (2) large-neighbourhood search — a few workers' whole month, or every
/// worker over a window of days, re-optimised by the MIP with everything else held, kept when
/// better; (3) the full model, started from the best rota, for the remaining time, which is
/// also where the MIP gap comes from. Every step keeps every labour-law rule, so a legal rota
/// exists from the end of (1) on.
fn decomposed(p: &Problem, options: &Options, ctl: Control<'_>, began: Instant) -> Rota {
    let limit = options.time_limit_s;
    let left = |began: Instant| limit - began.elapsed().as_secs_f64();
    // Sub-solves get `time` seconds from now (solve_model counts from `began`).
    let sub = |time: f64| Options { time_limit_s: began.elapsed().as_secs_f64() + time, mip_gap: options.mip_gap, previous: None, freeze: options.freeze.clone() };
    // (1) Construction: the greedy when it keeps every rule, else MIPs over groups of workers.
    let (mut best, mut solutions, phase) = match greedy_start(p, options, began) {
        Some(rota) => (rota, 0, "greedy"),
        None => match construct_by_groups(p, options, ctl, began) {
            Ok((rota, solutions)) => (rota, solutions, "construct"),
            Err(answer) => return answer,
        },
    };
    crate::dedicated::name_missing(p, &mut best.assignments);
    finish_full(p, &mut best, began);
    let mut first_covered = best.solve.first_covered_millis;
    best.solve.phases = vec![phase.into()];
    // (2) Large-neighbourhood search until 60 % of the time is used, or until nothing is left
    // to gain (an objective of 0 cannot be beaten). Worker neighbourhoods take workers of one
    // unit, so that shifts can move between the people who share that unit's cover.
    let mut rng = Lcg(0x5753_4d20_4f70_73);
    let mut rounds = 0;
    let mut mends = 0;
    while !ctl.cancelled() && began.elapsed().as_secs_f64() < limit * 0.6 && best.objective.total > 1e-9 {
        rounds += 1;
        let n = p.staff.len();
        // Dedicated workers a mending neighbourhood holds inside its window too.
        let mut keep_named: Vec<usize> = Vec::new();
        let mend = if mends < 3 && best.assignments.iter().any(|a| a.one_to_one.is_some()) {
            // The shortfalls' local start dates (RFC 3339, date first), in turn.
            best.shortfalls.get(mends % best.shortfalls.len().max(1)).and_then(|f| NaiveDate::parse_from_str(f.from.get(..10)?, "%Y-%m-%d").ok())
        } else {
            None
        };
        let (free_workers, days): (Vec<usize>, Option<(NaiveDate, NaiveDate)>) = if let Some(date) = mend {
            // A construction that planned 1:1 first can leave a few staff-minutes uncovered
            // (hours are tight): mend them over the days around the first gaps with every
            // worker free but the dedicated workers named there, so that cover does not cost
            // the 1:1 namings (with them free, the first covered rota had 2–4 more named
            // workers than the construction, and the search never won them back).
            mends += 1;
            let first = (date - Duration::days(1)).max(p.start);
            let last = (first + Duration::days(3)).min(p.start + Duration::days(i64::from(p.days) - 1));
            for a in best.assignments.iter().filter(|a| a.one_to_one.is_some() && a.date >= first && a.date <= last) {
                if let Some(si) = p.staff.iter().position(|s| s.id == a.staff) {
                    if !keep_named.contains(&si) {
                        keep_named.push(si);
                    }
                }
            }
            ((0..n).collect(), Some((first, last)))
        } else if rounds % 2 == 1 {
            // Every other worker neighbourhood, when there is 1:1 time: the workers named for
            // one 1:1 resident in one week, so that the MIP can hand that week's 1:1 shifts to
            // fewer of them (continuity); the rest of the six from the resident's unit.
            let named: Vec<(&str, usize, &str)> = best.assignments.iter().filter_map(|a| a.one_to_one.as_deref().map(|r| (r, crate::dedicated::week_of(p, a.date), a.staff.as_str()))).collect();
            let mut pick: Vec<usize> = Vec::new();
            let mut unit = &p.units[rng.below(p.units.len())].id;
            if rounds % 4 == 3 && !named.is_empty() {
                let (r, week, _) = named[rng.below(named.len())];
                if let Some(res) = p.residents.iter().find(|x| x.id == r) {
                    unit = &res.unit;
                }
                for (_, _, staff) in named.iter().filter(|x| x.0 == r && x.1 == week) {
                    if let Some(si) = p.staff.iter().position(|s| s.id == *staff) {
                        if !pick.contains(&si) && pick.len() < 6 {
                            pick.push(si);
                        }
                    }
                }
            }
            let pool: Vec<usize> = (0..n).filter(|&si| p.staff[si].units.contains(unit)).collect();
            let pool = if pool.len() >= 2 { pool } else { (0..n).collect() };
            while pick.len() < 6.min(pool.len()) {
                let si = pool[rng.below(pool.len())];
                if !pick.contains(&si) {
                    pick.push(si);
                }
            }
            (pick, None)
        } else {
            let first = p.start + Duration::days(rng.below(p.days.saturating_sub(4) as usize + 1) as i64);
            ((0..n).collect(), Some((first, first + Duration::days(3))))
        };
        let held_whole: Vec<usize> = if days.is_none() { (0..n).filter(|si| !free_workers.contains(si)).collect() } else { (0..n).collect() };
        // 8 s a neighbourhood: with the 1:1 namings in the model, HiGHS rarely improves a
        // neighbourhood within 2 s (measured: the heavy month stayed at its greedy start
        // with 2 s, was covered at 5 s and reached 0 hours deviation with 8 s).
        let mut opts = sub(left(began).min(8.0).max(0.2));
        match days {
            None => opts.freeze.extend(freeze_workers(p, &best, &held_whole, None)),
            Some(window) => {
                opts.freeze.extend(freeze_workers(p, &best, &held_whole, Some(window)));
                let inside: Vec<Frozen> = freeze_workers(p, &best, &keep_named, None).into_iter().filter(|f| f.date >= window.0 && f.date <= window.1).collect();
                opts.freeze.extend(inside);
            }
        }
        let hold = Hold { staff: held_whole.clone(), sessions: held_attendance(p, &best, &held_whole), start: Some(&best), ..Default::default() };
        let r = solve_model(p, &opts, &hold, ctl, began, "improve");
        solutions += r.solve.solutions;
        // A neighbourhood may not buy the other soft terms with more named workers (only
        // cover may cost continuity): traded once, the floor was rarely won back (measured
        // on two-units-40-staff: four runs in thirteen ended one to three named workers above
        // the floor before this rule, none in six with it).
        let namings_kept = r.objective.continuity <= best.objective.continuity || r.objective.uncovered_staff_minutes < best.objective.uncovered_staff_minutes;
        if r.status != Status::Invalid && better(&r, &best) && namings_kept {
            first_covered = first_covered.or(r.solve.first_covered_millis);
            let phases = std::mem::take(&mut best.solve.phases);
            best = r;
            best.solve.phases = phases;
        }
    }
    best.solve.phases.push(format!("improve ({rounds} neighbourhoods)"));
    // (3) The full model from the best rota, for the rest of the time.
    if !ctl.cancelled() && left(began) > 0.5 && best.objective.total > 1e-9 {
        let hold = Hold { start: Some(&best), ..Default::default() };
        let full = solve_model(p, &sub(left(began)), &hold, ctl, began, "full");
        solutions += full.solve.solutions;
        let phases = best.solve.phases.clone();
        if full.status != Status::Invalid && !better(&best, &full) {
            first_covered = first_covered.or(full.solve.first_covered_millis);
            best = full;
        } else {
            // The full model found nothing better in time: its bound still says how far the
            // best rota can be from optimal, but not as a gap of this rota.
            best.solve.gap = None;
            best.solve.bound = full.solve.bound;
        }
        best.solve.phases = phases;
        best.solve.phases.push("full".into());
    }
    raise_bound(p, &mut best);
    best.solve.millis = began.elapsed().as_millis() as u64;
    best.solve.cancelled = ctl.cancelled();
    best.solve.solutions = solutions;
    best.solve.first_covered_millis = first_covered;
    if best.status != Status::Short && best.objective.total <= 1e-9 {
        // Nothing uncovered and every soft term at zero: nothing can be better.
        best.status = Status::Optimal;
        best.solve.gap = Some(0.0);
    }
    if best.status == Status::Optimal && best.solve.gap != Some(0.0) {
        best.status = Status::Feasible;
    }
    best
}

/// The objective no rota can go below from the 1:1 time alone ([`crate::dedicated::floor`]):
/// the fewest different dedicated workers, or, if less, the cost of leaving the shortest
/// holdable piece of 1:1 time unnamed. Every other term is never negative.
pub fn objective_floor(p: &Problem) -> f64 {
    let (workers, shortest) = crate::dedicated::floor(p);
    if workers == 0 {
        return 0.0;
    }
    (CONTINUITY_WEIGHT * f64::from(workers)).min(COVER_WEIGHT / 60.0 * shortest as f64)
}

/// Raises the rota's proven bound to [`objective_floor`] when HiGHS's dual bound (often 0 for
/// the full model within the minute) is lower, and recomputes the gap from it; a gap of 0 is a
/// proof of optimality.
pub(crate) fn raise_bound(p: &Problem, rota: &mut Rota) {
    let floor = objective_floor(p);
    let bound = rota.solve.bound.unwrap_or(0.0).max(floor);
    if bound <= rota.solve.bound.unwrap_or(0.0) && rota.solve.gap.is_some() {
        return;
    }
    rota.solve.bound = Some(bound);
    let total = rota.objective.total;
    if total > 1e-9 {
        let gap = ((total - bound) / total).max(0.0);
        rota.solve.gap = Some(gap);
        if gap <= 1e-9 && rota.status == Status::Feasible {
            rota.status = Status::Optimal;
        }
    }
}

/// Recomputes a rota's derived parts on the full problem, keeping its solve statistics.
fn finish_full(p: &Problem, rota: &mut Rota, began: Instant) {
    let keep = rota.solve.clone();
    finish(p, rota, false, began.elapsed().as_millis() as u64);
    let millis = rota.solve.millis;
    rota.solve = keep;
    rota.solve.millis = millis;
    if rota.objective.uncovered_staff_minutes == 0 && rota.solve.first_covered_millis.is_none() {
        rota.solve.first_covered_millis = Some(millis);
    }
}

fn solve_phase(p: &Problem, options: &Options, ctl: Control<'_>, began: Instant, phase: &str) -> Rota {
    solve_model(p, options, &Hold::default(), ctl, began, phase)
}

fn solve_model(p: &Problem, options: &Options, hold: &Hold<'_>, ctl: Control<'_>, began: Instant, phase: &str) -> Rota {
    let issues = p.validate();
    if !issues.is_empty() {
        return invalid_rota(issues);
    }
    if let Some(issue) = gap_issue(options) {
        return invalid_rota(vec![issue]);
    }
    let mut m = Model::new(p);
    let issues = m.set_freeze(&options.freeze);
    if !issues.is_empty() {
        return invalid_rota(issues);
    }
    if options.previous.is_some() {
        m.soft = REPAIR_SOFT_SCALE;
    }
    m.held_staff = hold.staff.iter().copied().collect();
    m.held_session_ids = hold.session_ids.iter().copied().collect();
    m.held_sessions = hold.sessions.iter().copied().collect();
    if let Some(start) = hold.start {
        // Cells a neighbourhood holds keep the start's namings too: the search re-names only
        // where it re-plans, which keeps each neighbourhood small.
        m.held_names = Some(start.assignments.iter().filter_map(|a| a.one_to_one.clone().map(|r| (a.staff.clone(), a.date, a.shift.clone(), r))).collect());
    }
    m.build_occurrences();
    let lost: Vec<Issue> = options
        .freeze
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let c = f.cell.as_ref()?;
            let held = m.occs.iter().any(|o| p.staff[o.staff].id == f.staff && o.date == f.date && p.shift_types[o.shift].id == c.shift && o.units.iter().any(|(u, _)| p.units[*u].id == c.unit));
            (!held).then(|| Issue { path: format!("freeze[{i}]"), message: format!("{} cannot work {} in unit {} on {} any more (leave, unavailability, nights or units)", f.staff, c.shift, c.unit, f.date) })
        })
        .collect();
    if !lost.is_empty() {
        return Rota { version: 1, status: Status::Invalid, issues: lost, ..Default::default() };
    }
    m.build_sessions();
    m.build_rest();
    m.build_weekly_rest();
    m.build_sundays_and_nights();
    m.build_hours_and_requests();
    m.build_cover();
    m.build_fairness();
    if phase != "construct" && options.previous.is_none() {
        // Construction places workers for cover and the law; the 1:1 namings come after it
        // (`dedicated::name_missing`) and are improved by the search. Against a previous rota
        // (a repair), unchanged cells keep their namings and the rest are filled after the
        // solve: a repair changes as little as it can, and stays within its 2 s.
        m.build_one_to_one();
    }
    if let Some(previous) = &options.previous {
        m.build_changes(previous);
    }
    let Model { vars, occs, sessions, constraints, objective, shorts, column, named, implied, .. } = m;
    let short_cols: Vec<(usize, f64)> = shorts.iter().map(|(v, minutes)| (column[v], *minutes)).collect();
    let model = constraints.into_iter().fold(vars.minimise(objective).using(highs), |m, c| m.with(c));
    let remaining = (options.time_limit_s - began.elapsed().as_secs_f64()).max(0.05);
    // A start: the shifts and supervision of a rota; HiGHS completes the other variables.
    let initial = hold.start.map(|start| {
        let mut values = vec![f64::INFINITY; column.len()];
        let on: HashSet<(&str, NaiveDate, &str, &str)> = start.assignments.iter().map(|a| (a.staff.as_str(), a.date, a.shift.as_str(), a.unit.as_str())).collect();
        for o in &occs {
            for (ui, v) in &o.units {
                let key = (p.staff[o.staff].id.as_str(), o.date, p.shift_types[o.shift].id.as_str(), p.units[*ui].id.as_str());
                values[column[v]] = if on.contains(&key) { 1.0 } else { 0.0 };
            }
        }
        let dedicated: HashSet<(&str, NaiveDate, &str, &str)> = start.assignments.iter().filter_map(|a| a.one_to_one.as_deref().map(|r| (a.staff.as_str(), a.date, a.shift.as_str(), r))).collect();
        for (oi, _, r, v) in &named {
            let o = &occs[*oi];
            values[column[v]] = if dedicated.contains(&(p.staff[o.staff].id.as_str(), o.date, p.shift_types[o.shift].id.as_str(), p.residents[*r].id.as_str())) { 1.0 } else { 0.0 };
        }
        for (v, namings, max) in &implied {
            let sum: f64 = namings.iter().map(|a| values[column[a]]).sum();
            values[column[v]] = if *max { sum.min(1.0) } else { (1.0 - sum).max(0.0) };
        }
        let attended: HashSet<(&str, usize)> = start.supervision.iter().map(|a| (a.staff.as_str(), a.session)).collect();
        for x in &sessions {
            values[column[&x.2]] = if attended.contains(&(p.staff[x.0].id.as_str(), x.1)) { 1.0 } else { 0.0 };
        }
        values
    });
    // A repair's objective sits near zero or below it (granted requests count negative), where
    // a relative gap means nothing: 1 % of it was five changed cells on a two-unit sick call
    // (11 cells changed where 6 do). A repair stops once no rota can change a cell fewer, to
    // within half a change, whatever the relative gap.
    let (mip_gap, abs_gap) = if options.previous.is_some() { (0.0, Some(CHANGE_WEIGHT / 2.0)) } else { (options.mip_gap, None) };
    let setup = Run { time_limit_s: remaining, mip_gap, threads: 2, initial, shorts: &short_cols, began, phase, presolve: true, on_improving: None, offer: None, within: None, elsewhere: None, abs_gap, cut_pool: None };
    let outcome = match run(model, &setup, ctl) {
        Ok(o) => o,
        Err(e) => return invalid("$", &format!("the solver failed: {e}")),
    };
    let Outcome { values, status, gap, bound, first_covered_millis, solutions, cancelled, .. } = outcome;
    let Some(values) = values else {
        return match status {
            highs::HighsModelStatus::Infeasible | highs::HighsModelStatus::UnboundedOrInfeasible => {
                invalid("$", "no rota keeps every labour-law rule with these fixed shifts, locks, leave, unavailability and hour targets")
            }
            _ if cancelled => cancelled_rota("cancelled before any rota was found".into()),
            _ => invalid("$", &format!("no rota found within the time limit ({status:?})")),
        };
    };
    let on = |v: &Variable| values.get(column[v]).copied().unwrap_or(0.0) > 0.5;
    let dedicated: HashMap<(usize, usize), usize> = named.iter().filter(|x| on(&x.3)).map(|x| ((x.0, x.1), x.2)).collect();
    let mut assignments = Vec::new();
    for (oi, o) in occs.iter().enumerate() {
        for (ui, v) in &o.units {
            if on(v) {
                let one_to_one = dedicated.get(&(oi, *ui)).map(|r| p.residents[*r].id.clone());
                assignments.push(Assignment { staff: p.staff[o.staff].id.clone(), date: o.date, shift: p.shift_types[o.shift].id.clone(), unit: p.units[*ui].id.clone(), one_to_one });
            }
        }
    }
    if let Some(previous) = &options.previous {
        name_after_repair(p, previous, &mut assignments);
    }
    let supervision = sessions.iter().filter(|x| on(&x.2)).map(|x| Attendance { staff: p.staff[x.0].id.clone(), session: x.1 }).collect();
    let proven = matches!(status, highs::HighsModelStatus::Optimal) && gap.is_none_or(|g| g <= 1e-9);
    let mut rota = Rota { version: 1, status: Status::Optimal, assignments, supervision, ..Default::default() };
    finish(p, &mut rota, proven, began.elapsed().as_millis() as u64);
    rota.solve.gap = if proven { Some(0.0) } else { gap };
    rota.solve.bound = bound;
    rota.solve.first_covered_millis = first_covered_millis.or_else(|| (rota.objective.uncovered_staff_minutes == 0).then(|| began.elapsed().as_millis() as u64));
    rota.solve.solutions = solutions;
    rota.solve.cancelled = cancelled;
    rota.solve.phases.push(phase.to_string());
    if let Some(previous) = &options.previous {
        compare(p, &mut rota, previous);
    }
    rota
}

/// The 1:1 namings of a repaired rota, whose model had none: a cell as it was in `previous`
/// keeps the resident it named, and the 1:1 time left unnamed is named from the shifts there
/// ([`crate::dedicated::name_missing`]).
pub(crate) fn name_after_repair(p: &Problem, previous: &Rota, assignments: &mut [Assignment]) {
    let kept: HashMap<(&str, NaiveDate, &str, &str), &str> = previous.assignments.iter().filter_map(|a| a.one_to_one.as_deref().map(|r| ((a.staff.as_str(), a.date, a.shift.as_str(), a.unit.as_str()), r))).collect();
    for a in assignments.iter_mut() {
        a.one_to_one = kept.get(&(a.staff.as_str(), a.date, a.shift.as_str(), a.unit.as_str())).map(|r| r.to_string());
    }
    crate::dedicated::name_missing(p, assignments);
}

/// Fills `changes`, `attendance_changes`, `call` and the change count against a previous rota.
pub(crate) fn compare(p: &Problem, rota: &mut Rota, previous: &Rota) {
    rota.changes = changes(&previous.assignments, &rota.assignments);
    rota.attendance_changes = crate::rota::attendance_changes(&previous.supervision, &rota.supervision, |i| p.supervision_sessions.get(i).map(|s| s.date));
    let added = rota.attendance_changes.iter().filter(|c| c.attends).map(|c| c.staff.clone());
    let mut call: Vec<String> = rota.changes.iter().filter(|c| c.after.is_some()).map(|c| c.staff.clone()).chain(added).collect();
    call.sort();
    call.dedup();
    rota.call = call;
    let n = rota.changes.iter().map(|c| u32::from(c.before.is_some()) + u32::from(c.after.is_some())).sum();
    rota.objective.changes = n;
    rota.objective.total += CHANGE_WEIGHT * f64::from(n);
}

/// What happened that a published rota must be repaired for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disruption {
    /// First day affected.
    pub from: NaiveDate,
    /// Last day affected.
    pub to: NaiveDate,
}

impl Disruption {
    /// The days a repair frees first: from two days before the disruption to two after.
    pub fn window(&self) -> (NaiveDate, NaiveDate) {
        let margin = Duration::days(2);
        (self.from - margin, self.to + margin)
    }
}

/// Repairs `previous` for a problem that changed between `disruption.from` and
/// `disruption.to` (a worker's sick leave, a resident's new 1:1): first only the days around
/// the disruption may change (everything else held as it was); if that cannot meet cover as
/// well, the whole horizon, still minimising changed cells. The answer lists the changes and
/// whom to call.
pub fn repair(p: &Problem, previous: &Rota, disruption: &Disruption, options: &Options, ctl: Control<'_>) -> Rota {
    let began = Instant::now();
    let (lo, hi) = disruption.window();
    let mut held = options.freeze.clone();
    let locked: HashSet<(String, NaiveDate)> = held.iter().map(|f| (f.staff.clone(), f.date)).collect();
    let cells: HashMap<(&str, NaiveDate), &Assignment> = previous.assignments.iter().map(|a| ((a.staff.as_str(), a.date), a)).collect();
    for s in &p.staff {
        for date in p.dates() {
            if (lo..=hi).contains(&date) || locked.contains(&(s.id.clone(), date)) {
                continue;
            }
            let cell = cells.get(&(s.id.as_str(), date)).map(|a| crate::rota::Cell { shift: a.shift.clone(), unit: a.unit.clone() });
            held.push(Frozen { staff: s.id.clone(), date, cell });
        }
    }
    let window = Options { time_limit_s: options.time_limit_s, mip_gap: options.mip_gap, previous: Some(previous.clone()), freeze: held };
    // Supervision outside the window is held as published too: who attends those sessions
    // is part of the rota the staff were given.
    let outside: Vec<usize> = (0..p.supervision_sessions.len()).filter(|&j| !(lo..=hi).contains(&p.supervision_sessions[j].date)).collect();
    let everyone: Vec<usize> = (0..p.staff.len()).collect();
    let attendance = held_attendance(p, previous, &everyone).into_iter().filter(|(_, j)| outside.contains(j)).collect();
    let hold = Hold { session_ids: outside, sessions: attendance, ..Default::default() };
    let first = solve_model(p, &window, &hold, ctl, began, "repair window");
    let good = matches!(first.status, Status::Optimal | Status::Feasible);
    if good || ctl.cancelled() || began.elapsed().as_secs_f64() >= options.time_limit_s {
        return first;
    }
    let whole = Options { time_limit_s: options.time_limit_s, mip_gap: options.mip_gap, previous: Some(previous.clone()), freeze: options.freeze.clone() };
    let mut second = solve_phase(p, &whole, ctl, began, "repair month");
    let better = first.status == Status::Invalid || second.objective.uncovered_staff_minutes < first.objective.uncovered_staff_minutes;
    if second.status != Status::Invalid && better {
        second.solve.phases.insert(0, "repair window".into());
        second
    } else {
        let mut first = first;
        first.solve.phases.push("repair month".into());
        first
    }
}

/// The answer to a cancel that came before any rota: no assignments, the issue in words.
pub(crate) fn cancelled_rota(message: String) -> Rota {
    Rota { version: 1, status: Status::Invalid, issues: vec![Issue { path: "$".into(), message }], solve: SolveInfo { cancelled: true, ..Default::default() }, ..Default::default() }
}

fn invalid(path: &str, message: &str) -> Rota {
    invalid_rota(vec![Issue { path: path.into(), message: message.into() }])
}

/// The answer to a request that cannot be solved: no rota, the issues naming why.
pub(crate) fn invalid_rota(issues: Vec<Issue>) -> Rota {
    Rota { version: 1, status: Status::Invalid, issues, ..Default::default() }
}

/// A MIP gap outside [0, 1), as the issue naming it.
pub(crate) fn gap_issue(options: &Options) -> Option<Issue> {
    (!(options.mip_gap >= 0.0 && options.mip_gap < 1.0)).then(|| Issue { path: "options.mip_gap".into(), message: "a gap between 0 and 1".into() })
}

/// Fills the derived parts of a rota from its assignments: gaps, hours, objective, status.
pub fn finish(p: &Problem, rota: &mut Rota, proven: bool, millis: u64) {
    let d = demand(p);
    let mut shortfalls: Vec<Shortfall> = Vec::new();
    let mut uncovered = 0i64;
    let occ_of = |a: &Assignment| {
        let t = p.shift(&a.shift)?;
        let (s, e) = t.interval(a.date);
        Some((a.unit.clone(), instant(p.tz(), s), instant(p.tz(), e)))
    };
    // Shifts on each unit's slots: a shift counts on the slots starting within it (the slots
    // are in order). One pass over the shifts; scanning every shift for every slot took most
    // of this function's 10 ms on a two-unit month, and it runs on each rota the core reports.
    let starts: Vec<_> = d.slots.iter().map(|slot| slot.start).collect();
    let mut planned = vec![vec![0u32; starts.len()]; p.units.len()];
    for (unit, s, e) in rota.assignments.iter().filter_map(occ_of) {
        if let Some(ui) = p.units.iter().position(|u| u.id == unit) {
            let (lo, hi) = (starts.partition_point(|x| *x < s), starts.partition_point(|x| *x < e));
            for n in &mut planned[ui][lo..hi.max(lo)] {
                *n += 1;
            }
        }
    }
    for (ui, u) in p.units.iter().enumerate() {
        for (k, slot) in d.slots.iter().enumerate() {
            let need = d.needed[ui][k];
            let have = planned[ui][k];
            if have >= need {
                continue;
            }
            uncovered += i64::from(need - have) * slot.minutes();
            let (from, to) = (slot.start.to_rfc3339(), slot.end.to_rfc3339());
            match shortfalls.last_mut() {
                Some(last) if last.unit == u.id && last.to == from && last.needed == need && last.planned == have => last.to = to,
                _ => shortfalls.push(Shortfall { unit: u.id.clone(), from, to, needed: need, planned: have }),
            }
        }
    }
    let mut deviation = 0.0;
    let mut broken = 0u32;
    let mut staff_hours = Vec::new();
    for s in &p.staff {
        let mine: Vec<&Assignment> = rota.assignments.iter().filter(|a| a.staff == s.id).collect();
        let mut minutes = 0i64;
        let mut night = 0i64;
        for a in &mine {
            if let Some(t) = p.shift(&a.shift) {
                let (st, en) = t.interval(a.date);
                minutes += (instant(p.tz(), en) - instant(p.tz(), st)).num_minutes();
                night += crate::demand::slots_night_minutes(p, st, en);
            }
        }
        for at in rota.supervision.iter().filter(|x| x.staff == s.id) {
            if let Some(ses) = p.supervision_sessions.get(at.session) {
                minutes += (instant(p.tz(), ses.date.and_time(ses.to)) - instant(p.tz(), ses.date.and_time(ses.from))).num_minutes();
            }
        }
        let target = p.target_minutes(s);
        deviation += (minutes - target).abs() as f64 / 60.0;
        for r in &s.requests {
            let hit = mine.iter().any(|a| a.date == r.date && r.shift.as_ref().is_none_or(|id| *id == a.shift));
            if hit != r.want {
                broken += 1;
            }
        }
        staff_hours.push(StaffHours { staff: s.id.clone(), target: target as f64 / 60.0, planned: minutes as f64 / 60.0, night: night as f64 / 60.0 });
    }
    let requests_weight: f64 = p
        .staff
        .iter()
        .flat_map(|s| s.requests.iter().map(move |r| (s, r)))
        .filter(|(s, r)| rota.assignments.iter().any(|a| a.staff == s.id && a.date == r.date && r.shift.as_ref().is_none_or(|id| *id == a.shift)) != r.want)
        .map(|(_, r)| f64::from(r.weight))
        .sum();
    rota.status = if !shortfalls.is_empty() {
        Status::Short
    } else if proven {
        Status::Optimal
    } else {
        Status::Feasible
    };
    let fairness = fairness_of(p, &rota.assignments);
    let continuity = continuity_of(p, &rota.assignments);
    let unnamed = crate::dedicated::unnamed_minutes(p, &rota.assignments);
    rota.objective = Objective {
        uncovered_staff_minutes: uncovered,
        hours_deviation: deviation,
        requests_broken: broken,
        fairness,
        continuity,
        one_to_one_unnamed_minutes: unnamed,
        changes: 0,
        total: COVER_WEIGHT * (uncovered + unnamed) as f64 / 60.0 + HOURS_WEIGHT * deviation + REQUEST_WEIGHT * requests_weight + FAIRNESS_WEIGHT * fairness + CONTINUITY_WEIGHT * f64::from(continuity),
    };
    rota.shortfalls = shortfalls;
    rota.staff_hours = staff_hours;
    rota.diagnosis = crate::diagnose::diagnose(p, &rota.shortfalls);
    rota.solve = SolveInfo { millis, gap: proven.then_some(0.0), ..Default::default() };
}

/// The three fairness categories: nights, weekend shifts, holiday shifts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fair {
    Night,
    Weekend,
    Holiday,
}

impl Fair {
    pub(crate) fn holds(self, date: NaiveDate, night: bool, holidays: &HashSet<NaiveDate>) -> bool {
        match self {
            Fair::Night => night,
            Fair::Weekend => matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            Fair::Holiday => holidays.contains(&date),
        }
    }
}

/// Per category, the workers who could work such a shift at all (leave, unavailability and
/// nights permitting) and their shares (proportional to target hours). Categories with fewer
/// than two such workers are left out.
pub(crate) fn fairness_groups(p: &Problem) -> Vec<(Fair, Vec<usize>, Vec<f64>)> {
    let holidays: HashSet<NaiveDate> = p.holiday_list().into_iter().collect();
    let mut out = Vec::new();
    for cat in [Fair::Night, Fair::Weekend, Fair::Holiday] {
        let eligible: Vec<usize> = (0..p.staff.len())
            .filter(|&si| {
                let s = &p.staff[si];
                p.dates().any(|d| {
                    !s.leave.iter().any(|l| l.contains(d))
                        && p.shift_types.iter().any(|t| {
                            let night = p.touches_night(t, d);
                            let (a, b) = t.interval(d);
                            (s.nights || !night) && cat.holds(d, night, &holidays) && !s.unavailable.iter().any(|u| a < u.to && u.from < b)
                        })
                })
            })
            .collect();
        let weights: Vec<f64> = eligible.iter().map(|&si| p.target_minutes(&p.staff[si]).max(0) as f64).collect();
        let sum: f64 = weights.iter().sum();
        if eligible.len() < 2 || sum <= 0.0 {
            continue;
        }
        out.push((cat, eligible, weights.iter().map(|w| w / sum).collect()));
    }
    out
}

/// The fairness term of a set of assignments, as the model counts it.
pub fn fairness_of(p: &Problem, assignments: &[Assignment]) -> f64 {
    let holidays: HashSet<NaiveDate> = p.holiday_list().into_iter().collect();
    let mut total_dev = 0.0;
    for (cat, eligible, shares) in fairness_groups(p) {
        let counts: Vec<f64> = eligible
            .iter()
            .map(|&si| {
                assignments
                    .iter()
                    .filter(|a| a.staff == p.staff[si].id && p.shift(&a.shift).is_some_and(|t| cat.holds(a.date, p.touches_night(t, a.date), &holidays)))
                    .count() as f64
            })
            .collect();
        let total: f64 = counts.iter().sum();
        total_dev += counts.iter().zip(&shares).map(|(c, share)| ((c - share * total).abs() - FAIR_BAND).max(0.0)).sum::<f64>();
    }
    total_dev
}

/// The continuity term of a set of assignments: Σ over 1:1 residents and weeks of the
/// different workers named as the resident's dedicated worker.
pub fn continuity_of(p: &Problem, assignments: &[Assignment]) -> u32 {
    crate::dedicated::continuity(p, assignments)
}
