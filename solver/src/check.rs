//! The independent checker: recomputes every rule from the problem alone and lists each
//! violation with staff, date and numbers. It shares no code with the model builder; cover
//! need is computed here by its own loop, not by [`crate::demand`].

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::calendar::instant;
use crate::problem::{Day, Problem};
use crate::rota::{Rota, Shortfall, StaffHours, Status};

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Rule key, e.g. `daily_rest`.
    pub rule: String,
    /// Worker concerned.
    pub staff: Option<String>,
    /// Day concerned.
    pub date: Option<NaiveDate>,
    /// What, with the numbers.
    pub message: String,
    /// The same in Polish (what the Polish UI shows); empty in reports written before it existed.
    #[serde(default)]
    pub message_pl: String,
}

/// What the checker found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// Broken rules (empty = the rota is legal and its report honest).
    pub violations: Vec<Violation>,
    /// Cover gaps recomputed from the problem.
    pub shortfalls: Vec<Shortfall>,
    /// Hours recomputed per worker.
    pub staff_hours: Vec<StaffHours>,
}

impl Report {
    /// No rule broken.
    pub fn passes(&self) -> bool {
        self.violations.is_empty()
    }
}

struct Ctx<'a> {
    p: &'a Problem,
    tz: Tz,
    out: Vec<Violation>,
}

impl Ctx<'_> {
    fn v(&mut self, rule: &str, staff: Option<&str>, date: Option<NaiveDate>, (message, message_pl): (String, String)) {
        self.out.push(Violation { rule: rule.into(), staff: staff.map(str::to_string), date, message, message_pl });
    }
    fn at(&self, local: NaiveDateTime) -> DateTime<Tz> {
        instant(self.tz, local)
    }
}

/// A worked interval in real time.
#[derive(Debug, Clone, Copy)]
struct Work {
    start: DateTime<Tz>,
    end: DateTime<Tz>,
}

fn hours(minutes: i64) -> f64 {
    minutes as f64 / 60.0
}

/// Hours as Polish writes them: `10,5`.
fn pl(hours: f64) -> String {
    let s = format!("{hours:.2}");
    s.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
}

/// Checks `rota` against `problem`.
pub fn check(problem: &Problem, rota: &Rota) -> Report {
    let mut c = Ctx { p: problem, tz: problem.tz(), out: Vec::new() };
    let p = problem;
    if rota.status == Status::Invalid {
        if !rota.assignments.is_empty() {
            c.v("status", None, None, ("an invalid problem gets no assignments".into(), "zadanie z błędami nie może mieć przydziałów".into()));
        }
        return Report { violations: c.out, ..Default::default() };
    }

    // Shifts per worker, validated one by one.
    let mut by_staff: HashMap<&str, Vec<(NaiveDate, &str, &str, NaiveDateTime, NaiveDateTime)>> = HashMap::new();
    let mut seen_day: HashSet<(&str, NaiveDate)> = HashSet::new();
    for a in &rota.assignments {
        let Some(s) = p.staff.iter().find(|s| s.id == a.staff) else {
            c.v("assignment.unknown", Some(&a.staff), Some(a.date), (format!("no worker '{}'", a.staff), format!("nie ma pracownika „{}”", a.staff)));
            continue;
        };
        let Some(t) = p.shift_types.iter().find(|t| t.id == a.shift) else {
            c.v("assignment.unknown", Some(&a.staff), Some(a.date), (format!("no shift type '{}'", a.shift), format!("nie ma zmiany „{}”", a.shift)));
            continue;
        };
        if !p.units.iter().any(|u| u.id == a.unit) {
            c.v("assignment.unknown", Some(&a.staff), Some(a.date), (format!("no unit '{}'", a.unit), format!("nie ma zespołu „{}”", a.unit)));
            continue;
        }
        if a.date < p.start || a.date >= p.end() {
            c.v("assignment.horizon", Some(&a.staff), Some(a.date), ("outside the horizon".into(), "poza okresem grafiku".into()));
        }
        if !s.units.contains(&a.unit) {
            c.v("assignment.unit", Some(&a.staff), Some(a.date), (format!("'{}' may not work in unit '{}'", s.id, a.unit), format!("„{}” nie może pracować w zespole „{}”", s.id, a.unit)));
        }
        if !seen_day.insert((s.id.as_str(), a.date)) {
            c.v("assignment.one_per_day", Some(&a.staff), Some(a.date), ("more than one shift starts on this day".into(), "tego dnia zaczyna się więcej niż jedna zmiana".into()));
        }
        if s.leave.iter().any(|l| l.from <= a.date && a.date <= l.to) {
            c.v("leave", Some(&a.staff), Some(a.date), (format!("shift {} on a leave day", t.id), format!("zmiana {} w dniu urlopu", t.id)));
        }
        let start = a.date.and_time(t.start);
        let end = if t.end <= t.start { (a.date + Duration::days(1)).and_time(t.end) } else { a.date.and_time(t.end) };
        if s.unavailable.iter().any(|u| start < u.to && u.from < end) {
            c.v("unavailable", Some(&a.staff), Some(a.date), (format!("shift {} overlaps an unavailable interval", t.id), format!("zmiana {} nachodzi na czas niedostępności", t.id)));
        }
        if !s.nights && night_minutes(p, start, end) > 0 {
            c.v("nights", Some(&a.staff), Some(a.date), (format!("shift {} touches night time; '{}' may not work nights", t.id, s.id), format!("zmiana {} obejmuje porę nocną; „{}” nie może pracować w nocy", t.id, s.id)));
        }
        if let Some(rid) = &a.one_to_one {
            check_dedicated(&mut c, a.staff.as_str(), a.date, rid, &a.unit, start, end);
        }
        by_staff.entry(s.id.as_str()).or_default().push((a.date, t.id.as_str(), a.unit.as_str(), start, end));
    }
    for s in &p.staff {
        for f in &s.fixed {
            let present = rota.assignments.iter().any(|a| a.staff == s.id && a.date == f.date && a.shift == f.shift && a.unit == f.unit);
            if !present {
                c.v("fixed", Some(&s.id), Some(f.date), (format!("fixed shift {} in unit {} is missing", f.shift, f.unit), format!("brak ustalonej zmiany {} w zespole {}", f.shift, f.unit)));
            }
        }
    }

    // Supervision.
    let mut attendance: HashMap<usize, u32> = HashMap::new();
    let mut sessions_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for a in &rota.supervision {
        match p.supervision_sessions.get(a.session) {
            None => c.v("supervision.unknown_session", Some(&a.staff), None, (format!("no session {}", a.session), format!("nie ma sesji superwizji {}", a.session))),
            Some(_) => {
                *attendance.entry(a.session).or_default() += 1;
                sessions_of.entry(a.staff.as_str()).or_default().push(a.session);
            }
        }
    }
    for (i, n) in &attendance {
        let cap = p.supervision_sessions[*i].capacity;
        if *n > cap {
            c.v("supervision.capacity", None, Some(p.supervision_sessions[*i].date), (format!("session {i} has {n} attendees; capacity {cap}"), format!("sesja {i} ma {n} uczestników; miejsc {cap}")));
        }
    }

    let mut staff_hours = Vec::new();
    for s in &p.staff {
        let id = s.id.as_str();
        let mut shifts = by_staff.remove(id).unwrap_or_default();
        shifts.sort_by_key(|x| x.3);
        let mut work: Vec<Work> = shifts.iter().map(|x| Work { start: c.at(x.3), end: c.at(x.4) }).collect();
        let mut planned: i64 = work.iter().map(|w| (w.end - w.start).num_minutes()).sum();
        let night: i64 = shifts.iter().map(|x| night_real_minutes(&c, x.3, x.4)).sum();
        let mut supervised = 0i64;
        for &i in sessions_of.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            let ses = &p.supervision_sessions[i];
            let (a, b) = (ses.date.and_time(ses.from), ses.date.and_time(ses.to));
            if shifts.iter().any(|x| a < x.4 && x.3 < b) {
                c.v("supervision.during_shift", Some(id), Some(ses.date), (format!("session {i} falls in the worker's own shift"), format!("sesja {i} wypada w czasie własnej zmiany pracownika")));
            }
            let w = Work { start: c.at(a), end: c.at(b) };
            supervised += (w.end - w.start).num_minutes();
            work.push(w);
        }
        planned += supervised;
        if supervised < i64::from(s.supervision_hours) * 60 {
            c.v("supervision.hours", Some(id), None, (format!("{} h of supervision planned; at least {} h", hours(supervised), s.supervision_hours), format!("{} h superwizji w planie; co najmniej {} h", pl(hours(supervised)), s.supervision_hours)));
        }
        work.sort_by_key(|w| w.start);
        let merged = merge(&work);
        check_daily_rest(&mut c, id, &merged);
        check_weekly_rest(&mut c, id, &merged);
        let dates: Vec<NaiveDate> = shifts.iter().map(|x| x.0).collect();
        check_sundays(&mut c, id, &dates);
        if let Some(max) = s.max_consecutive_nights {
            let night_days: Vec<NaiveDate> = shifts.iter().filter(|x| night_minutes(p, x.3, x.4) > 0).map(|x| x.0).collect();
            let mut run = 0u32;
            let mut prev: Option<NaiveDate> = None;
            for d in night_days {
                run = if prev == Some(d - Duration::days(1)) { run + 1 } else { 1 };
                if run == max + 1 {
                    c.v("max_consecutive_nights", Some(id), Some(d), (format!("{run} nights in a row; at most {max}"), format!("{run} nocy z rzędu; najwyżej {max}")));
                }
                prev = Some(d);
            }
        }
        let target = p.target_minutes(s);
        let tol = i64::from(p.rules.hours_tolerance) * 60;
        if (planned - target).abs() > tol {
            c.v("hours.tolerance", Some(id), None, (format!("{} h planned against a target of {} h; tolerance ± {} h", hours(planned), hours(target), p.rules.hours_tolerance), format!("{} h w planie przy normie {} h; dopuszczalne ± {} h", pl(hours(planned)), pl(hours(target)), p.rules.hours_tolerance)));
        }
        if planned > target + i64::from(p.rules.overtime_hours_max) * 60 {
            c.v("hours.overtime", Some(id), None, (format!("{} h planned exceeds target {} h + allowed overtime {} h", hours(planned), hours(target), p.rules.overtime_hours_max), format!("{} h w planie przekracza normę {} h + dopuszczalne nadgodziny {} h", pl(hours(planned)), pl(hours(target)), p.rules.overtime_hours_max)));
        }
        staff_hours.push(StaffHours { staff: id.to_string(), target: hours(target), planned: hours(planned), night: hours(night) });
    }

    // Cover, recomputed slot by slot.
    let shortfalls = cover(&c, rota);
    let claimed = expand(&c, &rota.shortfalls);
    let actual = expand(&c, &shortfalls);
    if claimed != actual {
        c.v("cover.reported", None, None, (format!("the rota reports {} uncovered slot(s); the problem gives {}", claimed.len(), actual.len()), format!("grafik podaje {} nieobsadzonych przedziałów; z zadania wynika {}", claimed.len(), actual.len())));
    }
    if !actual.is_empty() && matches!(rota.status, Status::Optimal | Status::Feasible) {
        c.v("cover.status", None, None, (format!("status '{:?}' but {} slot(s) are short", rota.status, actual.len()), format!("status „{:?}”, ale {} przedziałów ma braki obsady", rota.status, actual.len())));
    }
    Report { violations: c.out, shortfalls, staff_hours }
}

/// Minutes of a wall-clock interval inside the cover night (wall-clock, for "touches").
fn night_minutes(p: &Problem, start: NaiveDateTime, end: NaiveDateTime) -> i64 {
    (-1..=1)
        .map(|k| {
            let day = start.date() + Duration::days(k);
            let ns = day.and_time(p.night.start);
            let ne = if p.night.end <= p.night.start { (day + Duration::days(1)).and_time(p.night.end) } else { day.and_time(p.night.end) };
            let (a, b) = (start.max(ns), end.min(ne));
            if a < b {
                (b - a).num_minutes()
            } else {
                0
            }
        })
        .sum()
}

/// Real minutes of an interval inside the cover night.
fn night_real_minutes(c: &Ctx<'_>, start: NaiveDateTime, end: NaiveDateTime) -> i64 {
    let p = c.p;
    (-1..=1)
        .map(|k| {
            let day = start.date() + Duration::days(k);
            let ns = day.and_time(p.night.start);
            let ne = if p.night.end <= p.night.start { (day + Duration::days(1)).and_time(p.night.end) } else { day.and_time(p.night.end) };
            let (a, b) = (c.at(start.max(ns)), c.at(end.min(ne)));
            if a < b {
                (b - a).num_minutes()
            } else {
                0
            }
        })
        .sum()
}

fn merge(work: &[Work]) -> Vec<Work> {
    let mut out: Vec<Work> = Vec::new();
    for w in work {
        match out.last_mut() {
            Some(last) if w.start < last.end => last.end = last.end.max(w.end),
            _ => out.push(*w),
        }
    }
    out
}

/// Daily rest: between two periods of work at least `daily_rest_hours` of real time.
fn check_daily_rest(c: &mut Ctx<'_>, id: &str, merged: &[Work]) {
    let need = i64::from(c.p.rules.daily_rest_hours) * 60;
    for pair in merged.windows(2) {
        let gap = (pair[1].start - pair[0].end).num_minutes();
        if gap < need {
            let day = pair[1].start.naive_local().date();
            c.v("daily_rest", Some(id), Some(day), (
                    format!("{} h rest before work at {}; at least {} h", hours(gap), pair[1].start.format("%Y-%m-%d %H:%M"), c.p.rules.daily_rest_hours),
                    format!("{} h odpoczynku przed pracą od {}; co najmniej {} h (odpoczynek dobowy)", pl(hours(gap)), pair[1].start.format("%d.%m.%Y %H:%M"), c.p.rules.daily_rest_hours),
                ));
        }
    }
}

/// Weekly rest: in each full week of the horizon an uninterrupted break of the set length.
fn check_weekly_rest(c: &mut Ctx<'_>, id: &str, merged: &[Work]) {
    let need = i64::from(c.p.rules.weekly_rest_hours) * 60;
    for week in 0..c.p.days / 7 {
        let first = c.p.start + Duration::days(i64::from(week) * 7);
        let (ws, we) = (c.at(first.and_hms_opt(0, 0, 0).expect("midnight")), c.at((first + Duration::days(7)).and_hms_opt(0, 0, 0).expect("midnight")));
        let mut cursor = ws;
        let mut best = 0i64;
        for w in merged.iter().filter(|w| w.end > ws && w.start < we) {
            best = best.max((w.start.max(ws) - cursor).num_minutes());
            cursor = cursor.max(w.end.min(we));
        }
        best = best.max((we - cursor).num_minutes());
        if best < need {
            c.v("weekly_rest", Some(id), Some(first), (
                    format!("longest break in the week from {first} is {} h; at least {} h", hours(best), c.p.rules.weekly_rest_hours),
                    format!("najdłuższa przerwa w tygodniu od {} to {} h; co najmniej {} h (odpoczynek tygodniowy)", first.format("%d.%m.%Y"), pl(hours(best)), c.p.rules.weekly_rest_hours),
                ));
        }
    }
}

/// A free Sunday within every run of `free_sunday_within_weeks` Sundays of the horizon.
fn check_sundays(c: &mut Ctx<'_>, id: &str, worked: &[NaiveDate]) {
    let n = c.p.rules.free_sunday_within_weeks as usize;
    if n == 0 {
        return;
    }
    let sundays: Vec<NaiveDate> = c.p.dates().filter(|d| d.weekday() == Weekday::Sun).collect();
    for run in sundays.windows(n) {
        if run.iter().all(|d| worked.contains(d)) {
            c.v("free_sunday", Some(id), Some(run[n - 1]), (
                    format!("works all {n} Sundays from {} to {}; one must be free", run[0], run[n - 1]),
                    format!("pracuje we wszystkie {n} niedziele od {} do {}; jedna musi być wolna", run[0].format("%d.%m.%Y"), run[n - 1].format("%d.%m.%Y")),
                ));
        }
    }
}

/// Where a resident is at a wall-clock time.
enum Presence {
    Away,
    OneToOne,
    Plain,
}

fn resident_at(r: &crate::problem::Resident, local: NaiveDateTime) -> Presence {
    let day = Day::of(local.date());
    let weekly = |ws: &Vec<crate::problem::Weekly>| ws.iter().any(|w| w.days.contains(&day) && w.from <= local.time() && local.time() < w.to);
    let dated = |is: &Vec<crate::problem::Interval>| is.iter().any(|i| i.from <= local && local < i.to);
    if weekly(&r.away_weekly) || dated(&r.away) {
        Presence::Away
    } else if weekly(&r.one_to_one_weekly) || dated(&r.one_to_one) {
        Presence::OneToOne
    } else {
        Presence::Plain
    }
}

/// A shift that names its worker as a resident's dedicated 1:1 worker: the resident exists,
/// lives in the shift's unit, and is present and in 1:1 at some slot of the shift (stepping
/// through the shift's real time from its start by the problem's slot length).
fn check_dedicated(c: &mut Ctx<'_>, staff: &str, date: NaiveDate, rid: &str, unit: &str, start: NaiveDateTime, end: NaiveDateTime) {
    let p = c.p;
    let Some(r) = p.residents.iter().find(|r| r.id == rid) else {
        c.v("one_to_one", Some(staff), Some(date), (format!("named the dedicated worker of '{rid}', who is not a resident"), format!("wskazany jako opiekun 1:1 „{rid}”, którego nie ma wśród mieszkańców")));
        return;
    };
    if r.unit != unit {
        c.v("one_to_one", Some(staff), Some(date), (format!("dedicated worker of {rid} (unit {}) on a shift in unit {unit}", r.unit), format!("opiekun 1:1 mieszkańca {rid} (zespół {}) na zmianie w zespole {unit}", r.unit)));
        return;
    }
    let step = Duration::minutes(i64::from(p.slot_minutes));
    let (mut t, until) = (c.at(start), c.at(end));
    while t < until {
        if matches!(resident_at(r, t.naive_local()), Presence::OneToOne) {
            return;
        }
        t += step;
    }
    c.v("one_to_one", Some(staff), Some(date), (format!("dedicated worker of {rid} on a shift with none of {rid}'s 1:1 time"), format!("opiekun 1:1 mieszkańca {rid} na zmianie, w której {rid} nie ma czasu 1:1")));
}

/// Cover need and plan per unit and slot, with gaps merged into intervals.
fn cover(c: &Ctx<'_>, rota: &Rota) -> Vec<Shortfall> {
    let p = c.p;
    let first = p.shift_types.iter().map(|s| s.start).min().unwrap_or_default();
    let begin = c.at(p.start.and_time(first));
    let end = c.at(p.end().and_time(first));
    let step = Duration::minutes(i64::from(p.slot_minutes));
    let mut out = Vec::new();
    let shift_instants: Vec<(&str, DateTime<Tz>, DateTime<Tz>)> = rota
        .assignments
        .iter()
        .filter_map(|a| {
            let t = p.shift_types.iter().find(|t| t.id == a.shift)?;
            let s = a.date.and_time(t.start);
            let e = if t.end <= t.start { (a.date + Duration::days(1)).and_time(t.end) } else { a.date.and_time(t.end) };
            Some((a.unit.as_str(), c.at(s), c.at(e)))
        })
        .collect();
    for unit in &p.units {
        let mine: Vec<_> = shift_instants.iter().filter(|(u, _, _)| *u == unit.id).collect();
        let mut open: Option<Shortfall> = None;
        let mut t = begin;
        while t < end {
            let next = (t + step).min(end);
            let local = t.naive_local();
            let night = {
                let tod = local.time();
                if p.night.end <= p.night.start {
                    tod >= p.night.start || tod < p.night.end
                } else {
                    tod >= p.night.start && tod < p.night.end
                }
            };
            let mut plain = 0u32;
            let mut one = 0u32;
            for r in p.residents.iter().filter(|r| r.unit == unit.id) {
                match resident_at(r, local) {
                    Presence::Away => {}
                    Presence::OneToOne => one += 1,
                    Presence::Plain => plain += 1,
                }
            }
            let need = if night { if plain + one > 0 { 2 + one } else { 0 } } else { 2 * plain.div_ceil(3) + one };
            let have = mine.iter().filter(|(_, s, e)| *s <= t && t < *e).count() as u32;
            if have < need {
                match open.as_mut() {
                    Some(o) if o.needed == need && o.planned == have && o.to == t.to_rfc3339() => o.to = next.to_rfc3339(),
                    _ => {
                        if let Some(o) = open.take() {
                            out.push(o);
                        }
                        open = Some(Shortfall { unit: unit.id.clone(), from: t.to_rfc3339(), to: next.to_rfc3339(), needed: need, planned: have });
                    }
                }
            } else if let Some(o) = open.take() {
                out.push(o);
            }
            t = next;
        }
        if let Some(o) = open.take() {
            out.push(o);
        }
    }
    out
}

/// Shortfalls as (unit, slot start) → (needed, planned), whatever their merging.
fn expand(c: &Ctx<'_>, list: &[Shortfall]) -> BTreeMap<(String, i64), (u32, u32)> {
    let step = i64::from(c.p.slot_minutes) * 60;
    let mut out = BTreeMap::new();
    for s in list {
        let (Ok(a), Ok(b)) = (DateTime::parse_from_rfc3339(&s.from), DateTime::parse_from_rfc3339(&s.to)) else { continue };
        let mut t = a.timestamp();
        while t < b.timestamp() {
            out.insert((s.unit.clone(), t), (s.needed, s.planned));
            t += step;
        }
    }
    out
}
