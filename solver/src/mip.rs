//! The rota as a mixed-integer programme (good_lp on HiGHS). Labour-law rules are hard
//! constraints; cover is soft with a dominant weight, so a short-staffed facility still gets
//! a legal rota and the exact list of gaps.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use good_lp::solvers::highs::highs;
use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};

use crate::calendar::instant;
use crate::demand::demand;
use crate::problem::{Issue, Problem};
use crate::rota::{Assignment, Attendance, Objective, Rota, Shortfall, SolveInfo, StaffHours, Status};

/// Weight of one uncovered staff-hour: dominates everything else.
pub const COVER_WEIGHT: f64 = 1000.0;
/// Weight of one hour away from a worker's target.
pub const HOURS_WEIGHT: f64 = 1.0;
/// Weight of one unit of a request's weight.
pub const REQUEST_WEIGHT: f64 = 4.0;

/// How long the solver may run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Time limit, seconds (always set).
    pub time_limit_s: f64,
    /// Stop at this relative MIP gap.
    pub mip_gap: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options { time_limit_s: 60.0, mip_gap: 0.01 }
    }
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
}

impl<'a> Model<'a> {
    fn new(p: &'a Problem) -> Self {
        Model { p, vars: ProblemVariables::new(), occs: Vec::new(), sessions: Vec::new(), constraints: Vec::new(), objective: Expression::from(0.0) }
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
                for (ti, t) in p.shift_types.iter().enumerate() {
                    if fixed.is_some_and(|f| f.shift != t.id) {
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
                        let v = self.vars.add(variable().binary());
                        if fixed.is_some() {
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
                let v = self.vars.add(variable().binary());
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
                    if gap < rest && gap != 0 && p.supervision_sessions[f.1].date != p.supervision_sessions[s.1].date {
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
                    let r = self.vars.add(variable().binary());
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
            let over = self.vars.add(variable().min(0.0));
            let under = self.vars.add(variable().min(0.0));
            self.constraints.push(constraint!(planned.clone() - target == over - under));
            self.constraints.push(constraint!(planned.clone() >= target - tol));
            self.constraints.push(constraint!(planned <= target + up));
            self.objective += HOURS_WEIGHT / 60.0 * (over + under);
            for r in &s.requests {
                let chosen: Expression = self
                    .occs
                    .iter()
                    .filter(|o| o.staff == si && o.date == r.date && r.shift.as_ref().is_none_or(|id| p.shift_types[o.shift].id == *id))
                    .map(|o| self.worked(o))
                    .sum();
                let w = REQUEST_WEIGHT * f64::from(r.weight);
                if r.want {
                    self.objective += w * (1.0 - chosen);
                } else {
                    self.objective += w * chosen;
                }
            }
        }
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
                let short = self.vars.add(variable().min(0.0).max(f64::from(need)));
                let planned: Expression = covering.iter().map(|(i, j)| self.occs[*i].units[*j].1).sum();
                self.constraints.push(constraint!(short + planned >= f64::from(need)));
                self.objective += COVER_WEIGHT / 60.0 * minutes as f64 * short;
            }
        }
    }
}

/// Solves a problem: a legal rota (or the reasons it cannot exist), with every gap listed.
pub fn solve(p: &Problem, options: Options) -> Rota {
    let began = Instant::now();
    let issues = p.validate();
    if !issues.is_empty() {
        return Rota { version: 1, status: Status::Invalid, issues, ..Default::default() };
    }
    let mut m = Model::new(p);
    m.build_occurrences();
    m.build_sessions();
    m.build_rest();
    m.build_weekly_rest();
    m.build_sundays_and_nights();
    m.build_hours_and_requests();
    m.build_cover();
    let Model { vars, occs, sessions, constraints, objective, .. } = m;
    let mut model = vars
        .minimise(objective)
        .using(highs)
        .set_time_limit(options.time_limit_s)
        .set_threads(2);
    model.set_verbose(false);
    let model = match model.set_mip_rel_gap(options.mip_gap) {
        Ok(m) => m,
        Err(_) => return invalid("options.mip_gap", "a gap between 0 and 1"),
    };
    let model = constraints.into_iter().fold(model, |m, c| m.with(c));
    let solution = match model.solve() {
        Ok(s) => s,
        Err(good_lp::ResolutionError::Infeasible) => {
            return invalid("$", "no rota keeps every labour-law rule with these fixed shifts, leave, unavailability and hour targets");
        }
        Err(e) => return invalid("$", &format!("the solver failed: {e}")),
    };
    let proven = matches!(solution.status(), good_lp::solvers::SolutionStatus::Optimal);
    let mut assignments = Vec::new();
    for o in &occs {
        for (ui, v) in &o.units {
            if solution.value(*v) > 0.5 {
                assignments.push(Assignment { staff: p.staff[o.staff].id.clone(), date: o.date, shift: p.shift_types[o.shift].id.clone(), unit: p.units[*ui].id.clone() });
            }
        }
    }
    let supervision = sessions.iter().filter(|x| solution.value(x.2) > 0.5).map(|x| Attendance { staff: p.staff[x.0].id.clone(), session: x.1 }).collect();
    let mut rota = Rota { version: 1, status: Status::Optimal, assignments, supervision, ..Default::default() };
    finish(p, &mut rota, proven, began.elapsed().as_millis() as u64);
    rota
}

fn invalid(path: &str, message: &str) -> Rota {
    Rota { version: 1, status: Status::Invalid, issues: vec![Issue { path: path.into(), message: message.into() }], ..Default::default() }
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
    let planned_shifts: Vec<_> = rota.assignments.iter().filter_map(occ_of).collect();
    for (ui, u) in p.units.iter().enumerate() {
        for (k, slot) in d.slots.iter().enumerate() {
            let need = d.needed[ui][k];
            let have = planned_shifts.iter().filter(|(unit, s, e)| *unit == u.id && *s <= slot.start && slot.start < *e).count() as u32;
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
    rota.objective = Objective {
        uncovered_staff_minutes: uncovered,
        hours_deviation: deviation,
        requests_broken: broken,
        total: COVER_WEIGHT * uncovered as f64 / 60.0 + HOURS_WEIGHT * deviation + REQUEST_WEIGHT * requests_weight,
    };
    rota.shortfalls = shortfalls;
    rota.staff_hours = staff_hours;
    rota.solve = SolveInfo { millis, gap: if proven { 0.0 } else { f64::NAN } };
}
