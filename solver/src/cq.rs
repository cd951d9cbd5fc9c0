//! The Curtois–Qu shift-scheduling benchmark (Instances 1–24, schedulingbenchmarks.org):
//! the instance format, and an evaluator that recomputes the objective and every hard rule
//! of a roster from the instance alone (written apart from any model that solves it).
//!
//! Format (see `../shared/bench/curtois-qu/README.md`): `#` comments, `SECTION_X` headers,
//! sections end at a blank line, comma-separated fields, `\r\n` accepted. Day 0 is a Monday.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::engine::{Cover, Employee, Instance, Limit, Period, Request, Rest, Roster, ShiftType};

/// A malformed instance file: the line (1-based) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Line number, 1-based (0 when the error is about the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { line, message: message.into() })
}

fn num<T: std::str::FromStr>(line: usize, what: &str, v: &str) -> Result<T, ParseError> {
    // The published Instance15 writes a requirement of zero as "-0".
    let v = v.trim();
    let v = if v.len() > 1 && v.starts_with('-') && v[1..].bytes().all(|b| b == b'0') { &v[1..] } else { v };
    v.parse().or_else(|_| err(line, format!("{what}: '{v}' is not a whole number")))
}

/// Parses an instance file.
pub fn parse(text: &str) -> Result<Instance, ParseError> {
    // (line number, section, fields)
    let mut rows: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut section: Option<String> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            section = None;
            continue;
        }
        if let Some(name) = line.strip_prefix("SECTION_") {
            let known = ["HORIZON", "SHIFTS", "STAFF", "DAYS_OFF", "SHIFT_ON_REQUESTS", "SHIFT_OFF_REQUESTS", "COVER"];
            if !known.contains(&name) {
                return err(n, format!("unknown section 'SECTION_{name}'"));
            }
            section = Some(name.to_string());
            continue;
        }
        let Some(s) = &section else { return err(n, format!("'{line}' is outside any section")) };
        rows.push((n, s.clone(), line.split(',').map(|f| f.trim().to_string()).collect()));
    }
    fn of<'a>(rows: &'a [(usize, String, Vec<String>)], name: &'a str) -> impl Iterator<Item = &'a (usize, String, Vec<String>)> + 'a {
        rows.iter().filter(move |r| r.1 == name)
    }
    let of = |name: &'static str| of(&rows, name);

    let mut horizon = of("HORIZON");
    let Some((hn, _, h)) = horizon.next() else { return err(0, "no SECTION_HORIZON") };
    if h.len() != 1 {
        return err(*hn, "the horizon is one number of days");
    }
    let days: usize = num(*hn, "horizon", &h[0])?;
    if days == 0 || days % 7 != 0 {
        return err(*hn, format!("the horizon must be a positive multiple of 7 days, not {days}"));
    }
    if let Some((n, ..)) = horizon.next() {
        return err(*n, "a second horizon line");
    }

    // Shifts first by id (successions may name shifts defined later).
    let mut shifts: Vec<ShiftType> = Vec::new();
    let mut forbidden_ids: Vec<(usize, Vec<String>)> = Vec::new();
    for (n, _, f) in of("SHIFTS") {
        if f.len() != 3 {
            return err(*n, format!("a shift is 'ID,LengthMins,Forbidden|…' (3 fields), not {} field(s)", f.len()));
        }
        if f[0].is_empty() || shifts.iter().any(|s| s.id == f[0]) {
            return err(*n, format!("shift id '{}' is empty or repeated", f[0]));
        }
        let minutes = num(*n, "shift length", &f[1])?;
        shifts.push(ShiftType { id: f[0].clone(), minutes, forbidden_next: Vec::new() });
        forbidden_ids.push((*n, f[2].split('|').filter(|x| !x.is_empty()).map(str::to_string).collect()));
    }
    if shifts.is_empty() {
        return err(0, "no shifts (SECTION_SHIFTS)");
    }
    let index: HashMap<String, usize> = shifts.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let shift_of = |n: usize, id: &str| index.get(id).copied().ok_or_else(|| ParseError { line: n, message: format!("unknown shift '{id}'") });
    for (i, (n, ids)) in forbidden_ids.into_iter().enumerate() {
        shifts[i].forbidden_next = ids.iter().map(|id| shift_of(n, id)).collect::<Result<_, _>>()?;
    }

    let mut employees: Vec<Employee> = Vec::new();
    for (n, _, f) in of("STAFF") {
        if f.len() != 8 {
            return err(*n, format!("an employee has 8 fields (ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends), not {}", f.len()));
        }
        if f[0].is_empty() || employees.iter().any(|e| e.id == f[0]) {
            return err(*n, format!("employee id '{}' is empty or repeated", f[0]));
        }
        let mut max_shifts = vec![days as u32; shifts.len()];
        for part in f[1].split('|').filter(|x| !x.is_empty()) {
            let Some((id, v)) = part.split_once('=') else { return err(*n, format!("max shifts '{part}' is not SHIFT=n")) };
            max_shifts[shift_of(*n, id)?] = num(*n, "max shifts", v)?;
        }
        let e = Employee {
            id: f[0].clone(),
            max_shifts,
            max_minutes: num(*n, "MaxTotalMinutes", &f[2])?,
            min_minutes: num(*n, "MinTotalMinutes", &f[3])?,
            max_consecutive: num(*n, "MaxConsecutiveShifts", &f[4])?,
            min_consecutive: num(*n, "MinConsecutiveShifts", &f[5])?,
            min_days_off: num(*n, "MinConsecutiveDaysOff", &f[6])?,
            max_weekends: num(*n, "MaxWeekends", &f[7])?,
            days_off: Vec::new(),
            ..Default::default()
        };
        if e.min_minutes > e.max_minutes {
            return err(*n, format!("MinTotalMinutes {} exceeds MaxTotalMinutes {}", e.min_minutes, e.max_minutes));
        }
        employees.push(e);
    }
    if employees.is_empty() {
        return err(0, "no employees (SECTION_STAFF)");
    }
    let staff: HashMap<String, usize> = employees.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let employee_of = |n: usize, id: &str| staff.get(id).copied().ok_or_else(|| ParseError { line: n, message: format!("unknown employee '{id}'") });
    let day_of = |n: usize, v: &str| -> Result<usize, ParseError> {
        let d: usize = num(n, "day", v)?;
        if d >= days {
            return err(n, format!("day {d} is outside the horizon of {days} days"));
        }
        Ok(d)
    };

    for (n, _, f) in of("DAYS_OFF") {
        let e = employee_of(*n, &f[0])?;
        for v in f[1..].iter().filter(|v| !v.is_empty()) {
            let d = day_of(*n, v)?;
            employees[e].days_off.push(d);
        }
    }
    let requests = |name: &'static str| -> Result<Vec<Request>, ParseError> {
        of(name)
            .map(|(n, _, f)| {
                if f.len() != 4 {
                    return err(*n, format!("a request is 'EmployeeID,Day,ShiftID,Weight', not {} field(s)", f.len()));
                }
                Ok(Request { employee: employee_of(*n, &f[0])?, day: day_of(*n, &f[1])?, shift: shift_of(*n, &f[2])?, weight: num(*n, "weight", &f[3])? })
            })
            .collect()
    };
    let on_requests = requests("SHIFT_ON_REQUESTS")?;
    let off_requests = requests("SHIFT_OFF_REQUESTS")?;
    let mut cover = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, _, f) in of("COVER") {
        if f.len() != 5 {
            return err(*n, format!("cover is 'Day,ShiftID,Requirement,WeightUnder,WeightOver', not {} field(s)", f.len()));
        }
        let c = Cover { day: day_of(*n, &f[0])?, shift: shift_of(*n, &f[1])?, requirement: num(*n, "requirement", &f[2])?, under: num(*n, "weight for under", &f[3])?, over: num(*n, "weight for over", &f[4])? };
        if !seen.insert((c.day, c.shift)) {
            return err(*n, format!("cover for day {} shift {} given twice", c.day, f[1]));
        }
        cover.push(c);
    }
    Ok(Instance { days, shifts, employees, on_requests, off_requests, cover, ..Default::default() })
}

/// The roster file's form: `{"EMP": ["D", null, …]}` (one entry per day).
pub type RosterJson = BTreeMap<String, Vec<Option<String>>>;

/// A broken hard rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardViolation {
    /// Rule, e.g. `max_consecutive`.
    pub rule: String,
    /// Employee id.
    pub employee: String,
    /// Day concerned, where there is one.
    pub day: Option<usize>,
    /// With the numbers.
    pub message: String,
}

/// The evaluator's verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The objective: on + off requests + cover penalties + targets + fairness + charges.
    pub objective: u64,
    /// Penalty of on-requests not granted.
    pub on_requests: u64,
    /// Penalty of off-requests not granted.
    pub off_requests: u64,
    /// Penalty of cover under the requirement.
    pub under: u64,
    /// Penalty of cover over the requirement.
    pub over: u64,
    /// Penalty of minutes worked away from the workers' targets (the benchmark has none).
    pub target: u64,
    /// Penalty of distances from fair shares (the benchmark has none).
    pub fairness: u64,
    /// Charges incurred (the benchmark has none).
    pub charges: u64,
    /// Broken hard rules (empty = feasible).
    pub violations: Vec<HardViolation>,
}

impl Evaluation {
    /// Every hard rule holds.
    pub fn feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

impl Instance {
    /// A roster from its file form; errors name the employee, the day or the shift.
    pub fn roster_from_json(&self, r: &RosterJson) -> Result<Roster, String> {
        let mut out = vec![vec![None; self.days]; self.employees.len()];
        for (id, days) in r {
            let e = self.employees.iter().position(|x| &x.id == id).ok_or_else(|| format!("unknown employee '{id}'"))?;
            if days.len() != self.days {
                return Err(format!("employee '{id}' has {} day(s); the horizon has {}", days.len(), self.days));
            }
            for (d, s) in days.iter().enumerate() {
                out[e][d] = match s {
                    None => None,
                    Some(s) => Some(self.shifts.iter().position(|x| &x.id == s).ok_or_else(|| format!("employee '{id}' day {d}: unknown shift '{s}'"))?),
                };
            }
        }
        Ok(out)
    }

    /// A roster in its file form.
    pub fn roster_to_json(&self, r: &Roster) -> RosterJson {
        self.employees.iter().zip(r).map(|(e, days)| (e.id.clone(), days.iter().map(|s| s.map(|s| self.shifts[s].id.clone())).collect())).collect()
    }
}

/// Recomputes the objective and every hard rule of `roster` from the instance alone.
pub fn evaluate(inst: &Instance, roster: &Roster) -> Evaluation {
    let mut ev = Evaluation::default();
    let h = inst.days;
    let mut bad = |rule: &str, e: &Employee, day: Option<usize>, message: String| ev.violations.push(HardViolation { rule: rule.into(), employee: e.id.clone(), day, message });
    if roster.len() != inst.employees.len() || roster.iter().any(|r| r.len() != h) {
        let e = &inst.employees[0];
        bad("shape", e, None, format!("the roster must have {} employees × {h} days", inst.employees.len()));
        return ev;
    }
    for (e, row) in inst.employees.iter().zip(roster) {
        // Shift types known, at most one a day (by construction), days off.
        for (d, s) in row.iter().enumerate() {
            if let Some(s) = s {
                if *s >= inst.shifts.len() {
                    bad("shape", e, Some(d), format!("shift index {s} does not exist"));
                    return ev;
                }
                if e.days_off.contains(&d) {
                    bad("day_off", e, Some(d), format!("works {} on a day off", inst.shifts[*s].id));
                }
                if e.blocked.contains(&(d, *s)) {
                    bad("blocked", e, Some(d), format!("works {} on day {d}, which they may not", inst.shifts[*s].id));
                }
            }
        }
        for &(d, s) in &e.fixed {
            if row.get(d) != Some(&Some(s)) {
                bad("fixed", e, Some(d), format!("does not work the fixed {} on day {d}", inst.shifts.get(s).map_or("?", |x| x.id.as_str())));
            }
        }
        for (k, rest) in e.rests.iter().enumerate() {
            if !rest.options.iter().any(|o| o.iter().all(|&(d, s)| row.get(d) != Some(&Some(s)))) {
                bad("rest", e, None, format!("works a cell of every option of rest {k}"));
            }
        }
        for (k, quota) in e.quotas.iter().enumerate() {
            let worked = quota.worked(row, |d, s| inst.minutes_on(d, s));
            if worked < quota.minutes {
                bad("quota", e, None, format!("works {worked} minutes on the cells of quota {k}; at least {}", quota.minutes));
            }
        }
        for (k, limit) in e.limits.iter().enumerate() {
            let n = limit.cells.iter().filter(|&&(d, s)| row.get(d) == Some(&Some(s))).count() as u32;
            if n > limit.max {
                bad("limit", e, None, format!("works {n} cells of limit {k}; at most {}", limit.max));
            }
        }
        // Forbidden successions inside the horizon.
        for d in 0..h.saturating_sub(1) {
            if let (Some(a), Some(b)) = (row[d], row[d + 1]) {
                if inst.shifts[a].forbidden_next.contains(&b) || inst.forbidden_on.contains(&(d, a, b)) {
                    bad("succession", e, Some(d + 1), format!("{} on day {} after {} on day {d}", inst.shifts[b].id, d + 1, inst.shifts[a].id));
                }
            }
        }
        // Shifts of each type; total minutes.
        for (t, st) in inst.shifts.iter().enumerate() {
            let n = row.iter().filter(|s| **s == Some(t)).count() as u32;
            if n > e.max_shifts[t] {
                bad("max_shifts", e, None, format!("{n} shifts {}; at most {}", st.id, e.max_shifts[t]));
            }
        }
        let minutes: u32 = row.iter().enumerate().filter_map(|(d, s)| s.map(|s| inst.minutes_on(d, s))).sum();
        if minutes > e.max_minutes {
            bad("max_minutes", e, None, format!("{minutes} minutes; at most {}", e.max_minutes));
        }
        if minutes < e.min_minutes {
            bad("min_minutes", e, None, format!("{minutes} minutes; at least {}", e.min_minutes));
        }
        for c in &e.charges {
            if c.cells.iter().any(|&(d, s)| row.get(d) == Some(&Some(s))) {
                ev.charges += u64::from(c.weight);
            }
        }
        if let Some(t) = e.target {
            let away = if minutes > t.minutes { minutes - t.minutes } else { t.minutes - minutes };
            ev.target += u64::from(t.weight) * u64::from(away);
        }
        // Runs of working days and of days off.
        let mut d = 0;
        while d < h {
            let working = row[d].is_some();
            let start = d;
            while d < h && row[d].is_some() == working {
                d += 1;
            }
            let len = (d - start) as u32;
            let inner = start > 0 && d < h;
            if working {
                if len > e.max_consecutive {
                    bad("max_consecutive", e, Some(start), format!("{len} working days in a row from day {start}; at most {}", e.max_consecutive));
                }
                if inner && len < e.min_consecutive {
                    bad("min_consecutive", e, Some(start), format!("{len} working day(s) in a row from day {start}; at least {}", e.min_consecutive));
                }
            } else if inner && len < e.min_days_off {
                bad("min_days_off", e, Some(start), format!("{len} day(s) off in a row from day {start}; at least {}", e.min_days_off));
            }
        }
        // Weekends.
        let weekends = (0..h / 7).filter(|w| row[7 * w + 5].is_some() || row[7 * w + 6].is_some()).count() as u32;
        if weekends > e.max_weekends {
            bad("max_weekends", e, None, format!("{weekends} weekends worked; at most {}", e.max_weekends));
        }
    }
    for (k, cap) in inst.capacities.iter().enumerate() {
        let mut cells = cap.cells.clone();
        cells.sort_unstable();
        cells.dedup();
        let on: Vec<&Employee> = inst.employees.iter().zip(roster).filter(|(_, row)| cells.iter().any(|&(d, s)| row[d] == Some(s))).map(|(e, _)| e).collect();
        // A worker counts once per cell they work (at most one a day).
        let n: usize = cells.iter().map(|&(d, s)| roster.iter().filter(|row| row[d] == Some(s)).count()).sum();
        if n > cap.max as usize {
            let names: Vec<&str> = on.iter().map(|e| e.id.as_str()).collect();
            ev.violations.push(HardViolation { rule: "capacity".into(), employee: names.join(","), day: cells.first().map(|c| c.0), message: format!("{n} workers on the cells of capacity {k} ({}); at most {}", names.join(", "), cap.max) });
        }
    }
    for r in &inst.on_requests {
        if roster[r.employee][r.day] != Some(r.shift) {
            ev.on_requests += u64::from(r.weight);
        }
    }
    for r in &inst.off_requests {
        if roster[r.employee][r.day] == Some(r.shift) {
            ev.off_requests += u64::from(r.weight);
        }
    }
    for c in &inst.cover {
        let n = roster.iter().filter(|row| row[c.day] == Some(c.shift)).count() as u32;
        ev.under += u64::from(c.under) * u64::from(c.requirement.saturating_sub(n));
        ev.over += u64::from(c.over) * u64::from(n.saturating_sub(c.requirement));
    }
    for p in &inst.periods {
        // A cell named twice counts once.
        let mut cells = p.cells.clone();
        cells.sort_unstable();
        cells.dedup();
        let n = cells.iter().map(|&(d, s)| roster.iter().filter(|row| row[d] == Some(s)).count() as u32).sum::<u32>();
        ev.under += u64::from(p.under) * u64::from(p.requirement.saturating_sub(n));
        ev.over += u64::from(p.over) * u64::from(n.saturating_sub(p.requirement));
    }
    for f in &inst.fairness {
        // A = Σ weights, T = cells the members work; a member of weight a working c of them
        // costs ⌈weight × max(0, |A·c − a·T| − band·A) / A⌉.
        let sum: u64 = f.members.iter().map(|m| m.1).sum();
        let mut cells = f.cells.clone();
        cells.sort_unstable();
        cells.dedup();
        let counts: Vec<u64> = f.members.iter().map(|&(e, _)| cells.iter().filter(|&&(d, s)| roster[e][d] == Some(s)).count() as u64).collect();
        let total: u64 = counts.iter().sum();
        for (&(_, a), &c) in f.members.iter().zip(&counts) {
            let (x, y) = (sum * c, a * total);
            let away = if x > y { x - y } else { y - x };
            let beyond = away.saturating_sub(u64::from(f.band) * sum);
            if sum > 0 && beyond > 0 {
                ev.fairness += (u64::from(f.weight) * beyond + sum - 1) / sum;
            }
        }
    }
    ev.objective = ev.on_requests + ev.off_requests + ev.under + ev.over + ev.target + ev.fairness + ev.charges;
    ev
}

/// The best known objective (upper bound) of the published instances, by file name
/// ("Instance7"); from `shared/bench/curtois-qu/README.md`.
pub fn best_known(name: &str) -> Option<u64> {
    const UB: [u64; 24] = [607, 828, 1001, 1716, 1143, 1950, 1056, 1300, 439, 4631, 3443, 4040, 1348, 1278, 3829, 3225, 5746, 4459, 3149, 4769, 21133, 30241, 17428, 42463];
    let n: usize = name.strip_prefix("Instance")?.parse().ok()?;
    UB.get(n.checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 7-day instance small enough to score by hand.
    const TINY: &str = "# tiny\r\nSECTION_HORIZON\r\n7\r\n\r\nSECTION_SHIFTS\r\nE,480,\r\nL,480,E\r\n\r\nSECTION_STAFF\r\nA,E=7|L=2,2400,960,3,2,2,1\r\nB,L=0,2400,0,5,1,1,1\r\n\r\nSECTION_DAYS_OFF\r\nA,6\r\n\r\nSECTION_SHIFT_ON_REQUESTS\r\nA,0,E,2\r\nB,1,E,3\r\n\r\nSECTION_SHIFT_OFF_REQUESTS\r\nA,2,L,5\r\n\r\nSECTION_COVER\r\n0,E,1,100,1\r\n0,L,1,100,1\r\n1,E,2,100,1\r\n1,L,0,100,1\r\n2,E,1,100,1\r\n2,L,1,100,1\r\n3,E,1,100,1\r\n3,L,0,100,1\r\n4,E,1,100,1\r\n4,L,0,100,1\r\n5,E,0,100,1\r\n5,L,0,100,1\r\n6,E,0,100,1\r\n6,L,0,100,1\r\n";

    fn roster(inst: &Instance, rows: &[(&str, &str)]) -> Roster {
        // "E L . E" one char per day, '.' = off.
        let mut r = vec![vec![None; inst.days]; inst.employees.len()];
        for (id, days) in rows {
            let e = inst.employees.iter().position(|x| x.id == *id).unwrap();
            for (d, c) in days.chars().enumerate() {
                r[e][d] = (c != '.').then(|| inst.shifts.iter().position(|s| s.id == c.to_string()).unwrap());
            }
        }
        r
    }

    #[test]
    fn parses_sections_and_crlf() {
        let i = parse(TINY).unwrap();
        assert_eq!(i.days, 7);
        assert_eq!(i.shifts.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["E", "L"]);
        assert_eq!(i.shifts[1].forbidden_next, vec![0], "no E after L");
        assert_eq!(i.employees[0].max_shifts, vec![7, 2]);
        assert_eq!(i.employees[1].max_shifts, vec![7, 0], "an unnamed type is limited by the horizon");
        assert_eq!(i.employees[0].days_off, vec![6]);
        assert_eq!((i.on_requests.len(), i.off_requests.len(), i.cover.len()), (2, 1, 14));
    }

    #[test]
    fn a_hand_scored_roster() {
        let i = parse(TINY).unwrap();
        // A: E E L . E . .   B: . . E E . . .
        let r = roster(&i, &[("A", "EEL.E.."), ("B", "..EE...")]);
        let ev = evaluate(&i, &r);
        // A works 4 shifts (1920 min ≥ 960), runs: EEL (3) from day 0 (touches the start: min
        // not checked), '.' day 3 (1 day off < 2: broken), E day 4 (1 < 2: broken), off 5–6
        // (touches the end). B: runs EE days 2–3 fine (min 1), off days 0–1 touch the start.
        let rules: Vec<&str> = ev.violations.iter().map(|v| v.rule.as_str()).collect();
        assert_eq!(rules, ["min_days_off", "min_consecutive"]);
        // On: A,0,E granted; B,1,E not (3). Off: A,2,L worked (5).
        assert_eq!((ev.on_requests, ev.off_requests), (3, 5));
        // Cover: day0 E 1/1, L 0/1 → under 100; day1 E 1/2 → 100; day2 E 1/1, L 1/1;
        // day3 E 1/1; day4 E 1/1. Over: none.
        assert_eq!((ev.under, ev.over), (200, 0));
        assert_eq!(ev.objective, 208);
    }

    #[test]
    fn every_hard_rule_is_caught() {
        let i = parse(TINY).unwrap();
        // A: L E L L . . E : L→E succession (day 1), 3 L > 2, day off 6 worked, run of 4 > 3.
        let r = roster(&i, &[("A", "LELL..E"), ("B", "L.....E")]);
        let ev = evaluate(&i, &r);
        let mut rules: Vec<&str> = ev.violations.iter().map(|v| v.rule.as_str()).collect();
        rules.sort_unstable();
        // A: day_off (6), succession (L→E day 1), max_shifts L 3 > 2, max_consecutive 4 > 3,
        // min_consecutive: the E on day 6 touches the end (not checked); weekends: day 6 → 1.
        // B: max_shifts L 1 > 0; weekend day 6 → 1 ≤ 1.
        assert_eq!(rules, ["day_off", "max_consecutive", "max_shifts", "max_shifts", "succession"]);
        assert!(!ev.feasible());
    }

    #[test]
    fn minutes_and_weekends() {
        let i = parse(TINY).unwrap();
        // B: E on Saturday (5) and Sunday (6) is one weekend; A works 1 shift = 480 < 960.
        let r = roster(&i, &[("A", "E......"), ("B", ".....EE")]);
        let ev = evaluate(&i, &r);
        let rules: Vec<&str> = ev.violations.iter().map(|v| v.rule.as_str()).collect();
        assert_eq!(rules, ["min_minutes"]);
        let mut two = parse(TINY).unwrap();
        two.employees[1].max_weekends = 0;
        assert_eq!(evaluate(&two, &r).violations.iter().map(|v| v.rule.as_str()).collect::<Vec<_>>(), ["min_minutes", "max_weekends"]);
    }

    #[test]
    fn malformed_files_name_the_line() {
        let e = parse("SECTION_HORIZON\n10\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("multiple of 7")), (2, true));
        let e = parse(&TINY.replace("B,1,E,3", "B,1,X,3")).unwrap_err();
        assert_eq!(e.line, 18, "{e}");
        assert!(e.to_string().contains("unknown shift 'X'"), "{e}");
        let e = parse(&TINY.replace("A,6\r\n", "A,9\r\n")).unwrap_err();
        assert!(e.message.contains("outside the horizon"), "{e}");
        let e = parse(&TINY.replace("SECTION_COVER", "SECTION_CUVER")).unwrap_err();
        assert!(e.message.contains("unknown section"), "{e}");
        let e = parse(&TINY.replace("A,E=7|L=2,2400,960,3,2,2,1", "A,E=7|L=2,2400,960,3,2,2")).unwrap_err();
        assert_eq!(e.line, 10, "{e}");
    }

    #[test]
    fn minus_zero_is_zero_and_a_negative_number_is_refused() {
        let i = parse(&TINY.replace("1,E,2,100,1", "1,E,-0,100,1")).unwrap();
        assert_eq!(i.cover.iter().find(|c| c.day == 1 && c.shift == 0).unwrap().requirement, 0);
        let e = parse(&TINY.replace("1,E,2,100,1", "1,E,-1,100,1")).unwrap_err();
        assert!(e.message.contains("'-1' is not a whole number"), "{e}");
    }

    #[test]
    fn every_published_instance_parses_and_best_known_values_are_named() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/curtois-qu");
        for n in 1..=24 {
            let name = format!("Instance{n}");
            let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
            let i = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(i.days % 7 == 0 && !i.employees.is_empty() && !i.cover.is_empty(), "{name}");
            assert!(best_known(&name).is_some(), "{name}");
        }
        assert_eq!(best_known("Instance7"), Some(1056));
        assert_eq!(best_known("Instance25"), None);
    }

    #[test]
    fn roster_json_round_trips() {
        let i = parse(TINY).unwrap();
        let r = roster(&i, &[("A", "EEL.E.."), ("B", "..EE...")]);
        let j = i.roster_to_json(&r);
        assert_eq!(j["A"][0].as_deref(), Some("E"));
        assert_eq!(j["A"][3], None);
        assert_eq!(i.roster_from_json(&j).unwrap(), r);
        let mut bad = j.clone();
        bad.get_mut("A").unwrap()[0] = Some("Z".into());
        assert!(i.roster_from_json(&bad).unwrap_err().contains("unknown shift 'Z'"));
    }
}

