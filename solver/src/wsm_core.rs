//! The WSM month compiled into the rostering core ([`crate::engine::Instance`]): the second
//! front end of the one core, beside the Curtois–Qu file ([`crate::cq`]).
//!
//! A core shift type is a (problem shift type, unit) pair or a supervision session ([`Kind`]);
//! day `d` is the problem's start + d.
//! Compiled, rule for rule as [`crate::mip`] states them:
//! - a unit that is not the worker's: no shifts of its types; leave: days off; an
//!   unavailability a shift overlaps, a night for a worker who works none: blocked cells; a
//!   fixed day: a fixed cell;
//! - real lengths: a shift's minutes are really elapsed minutes, so the night of a DST change
//!   has its own length on that day ([`crate::engine::Instance::day_minutes`]);
//! - daily rest, measured in real time: successions forbidden on every day, on one day only
//!   ([`crate::engine::Instance::forbidden_on`]), and pairs of shifts two or more days apart as
//!   limits of one;
//! - weekly rest: in each full week one window of `weekly_rest_hours` free of shifts, a
//!   [`crate::engine::Rest`] whose options are the worker's cells each candidate window overlaps;
//! - a free Sunday within every `free_sunday_within_weeks` Sundays, at most
//!   `max_consecutive_nights` nights in a row: limits over sets of cells;
//! - the hours band (target − tolerance, target + overtime allowed) on the shifts' minutes, and
//!   each minute away from the target weighed as the MIP weighs it ([`crate::engine::Target`]);
//! - requests: a request to work (any shift or one) on a day stands as an on-request on each of
//!   its cells, of which at most one can be granted, so the core's objective carries a constant
//!   ([`Compiled::offset`]); a request for a day off as off-requests;
//! - cover: for each unit, each run of slots with the same need and the same covering cells is
//!   one [`crate::engine::Period`], under-cover weighted as the MIP weighs it.
//!
//! Weights are the MIP's times [`SCALE`] (the core's objective is a whole number).
//!
//! - supervision sessions: a session is a core shift type workable on its date only, by the
//!   workers who attend supervision, so daily and weekly rest and the hours count it as the
//!   checker does; what one worker may work on one day besides is one cell with it
//!   ([`Kind::Together`]: a shift, or one or two more sessions of that date, every two pieces
//!   the daily rest apart; the shift's cover and 1:1 time, all pieces' minutes, rest from the
//!   first start to the last end); a [`crate::engine::Quota`] holds each worker's supervision
//!   hours (each cell counting its sessions' minutes) and a [`crate::engine::Capacity`] each
//!   session's places.
//!
//! - fairness (nights, weekend shifts, holiday shifts in proportion to target hours, beyond a
//!   band of one shift) as [`crate::engine::Fairness`] over the MIP's eligible workers; the
//!   core rounds each worker's cost up to a whole core unit (1/60 of a shift), so its fairness
//!   is the MIP's to within one unit a worker.
//!
//! - the dedicated 1:1 worker: a shift naming a 1:1 resident is a core type of its own
//!   ([`Kind::Named`]), so one resident per shift; 1:1 time no shift names costs like uncovered
//!   cover (periods over the named cells holding each piece of it); continuity is a
//!   [`crate::engine::Charge`] per resident, week and worker.
//!
//! - a manager's locks ([`compile_locked`]): a locked shift is held as a fixed day is, a
//!   locked day off blocks the day's shifts.
//!
//! - a repair ([`repair`]): the days outside its window held exactly as the previous rota has
//!   them, each changed cell costing [`crate::mip::CHANGE_WEIGHT`] as requests, and no 1:1
//!   naming on the days it may change (named after the solve, as the MIP's repair does).
//!
//! Production solves a month here ([`solve_with`], since 2026-12-04) and repairs here
//! ([`repair`], since 2026-12-05). Every month that validates compiles whole (since
//! 2026-12-05: before, a session sharing a day with a shift or another session, and then
//! three sessions of one date one worker may all attend, went to the MIP), and production
//! calls no other solver: [`crate::mip`]'s model stays as the reference `wsm bench --engine
//! mip` measures against.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::calendar::instant;
use crate::demand::demand;
use crate::engine::{Capacity, Charge, Employee, Fairness, Instance, Limit, Period, Quota, Request, Rest, Roster, ShiftType, Target};
use crate::mip::{Frozen, CONTINUITY_WEIGHT, COVER_WEIGHT, FAIRNESS_WEIGHT, FAIR_BAND, HOURS_WEIGHT, REQUEST_WEIGHT};
use crate::problem::{Issue, Problem};
use crate::rota::{Assignment, Attendance, Rota};

/// Core objective units per unit of the MIP's objective: a staff-minute uncovered costs
/// `COVER_WEIGHT / 60 × SCALE` = 1000, a request's weight `REQUEST_WEIGHT × SCALE` = 240.
pub const SCALE: f64 = 60.0;

/// What a core shift type stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A problem shift type worked in a unit (their indices).
    Shift(usize, usize),
    /// A problem shift type worked in a unit naming a 1:1 resident (indices) as the shift's
    /// dedicated worker's resident.
    Named(usize, usize, usize),
    /// A supervision session (its index), attended on its date only.
    Session(usize),
    /// Pieces of work of one day as one cell (a core worker works one cell a day): a shift
    /// (problem shift type, unit, the 1:1 resident it names if any) or none, and one, two or
    /// three supervision sessions of that date (indices, ascending) — never a lone session,
    /// which is [`Kind::Session`]. Every two pieces are the daily rest apart (as the checker
    /// has it), so a day holds at most three pieces: a fourth would need 33 h of rest in it.
    Together(Option<(usize, usize, Option<usize>)>, usize, Option<usize>, Option<usize>),
}

impl Kind {
    /// The shift type and unit of a shift, named or not, alone or with a session.
    pub fn shift(self) -> Option<(usize, usize)> {
        match self {
            Kind::Shift(t, u) | Kind::Named(t, u, _) | Kind::Together(Some((t, u, _)), ..) => Some((t, u)),
            Kind::Session(_) | Kind::Together(None, ..) => None,
        }
    }

    /// The 1:1 resident a shift names.
    pub fn named(self) -> Option<usize> {
        match self {
            Kind::Named(_, _, r) | Kind::Together(Some((_, _, Some(r))), ..) => Some(r),
            _ => None,
        }
    }

    /// The supervision sessions attended (none, or one to three of one date, ascending).
    pub fn sessions(self) -> impl Iterator<Item = usize> {
        let (a, b, c) = match self {
            Kind::Session(j) => (Some(j), None, None),
            Kind::Together(_, i, j, k) => (Some(i), j, k),
            Kind::Shift(..) | Kind::Named(..) => (None, None, None),
        };
        a.into_iter().chain(b).chain(c)
    }

    /// The same cell with no 1:1 resident named.
    pub fn unnamed(self) -> Kind {
        match self {
            Kind::Named(t, u, _) => Kind::Shift(t, u),
            Kind::Together(Some((t, u, _)), i, j, k) => Kind::Together(Some((t, u, None)), i, j, k),
            k => k,
        }
    }
}

/// A WSM month as a core instance.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The instance.
    pub instance: Instance,
    /// What each core shift type stands for, by index: every (shift type, unit) pair, the
    /// named ones, then, when anyone attends supervision, the sessions and what may be worked
    /// with them ([`Kind::Together`]).
    pub types: Vec<Kind>,
    /// What the core's objective counts beyond the compiled WSM terms, always: the requests to
    /// work that stand on several cells, all but one of which stay unmet.
    pub offset: u64,
    /// Core units of one uncovered staff-minute.
    pub cover_per_minute: u32,
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Index of `date` among `dates`.
fn day_of_date(dates: &[NaiveDate], date: NaiveDate) -> Option<usize> {
    dates.iter().position(|x| *x == date)
}

/// Minutes since the epoch of a wall-clock time in the problem's zone.
fn epoch_min(p: &Problem, local: chrono::NaiveDateTime) -> i64 {
    instant(p.tz(), local).timestamp() / 60
}

/// The supervision sessions one worker may attend on one day (indices, ascending): each
/// session alone, and every two or three of one date each two the daily rest apart. A core
/// worker works one cell a day, so each group is one cell ([`Kind::Session`],
/// [`Kind::Together`]). No four fit: three rests of 11 h do not fit in a day of 25 h.
/// Until 2026-12-05 three that fit were not compiled, and such a month went to the MIP.
fn session_groups(p: &Problem) -> Vec<(usize, Option<usize>, Option<usize>)> {
    let n = p.supervision_sessions.len();
    let mut groups: Vec<(usize, Option<usize>, Option<usize>)> = (0..n).map(|i| (i, None, None)).collect();
    for i in 0..n {
        for j in (i + 1..n).filter(|&j| sessions_fit(p, i, j)) {
            groups.push((i, Some(j), None));
            groups.extend((j + 1..n).filter(|&k| sessions_fit(p, i, k) && sessions_fit(p, j, k)).map(|k| (i, Some(j), Some(k))));
        }
    }
    groups
}

/// Real interval (epoch minutes) of supervision session `j`.
fn session_span(p: &Problem, j: usize) -> (i64, i64) {
    let x = &p.supervision_sessions[j];
    (epoch_min(p, x.date.and_time(x.from)), epoch_min(p, x.date.and_time(x.to)))
}

/// Whether one worker may attend sessions `i` and `j` (different indices) as one cell: of
/// one date and the daily rest apart (as the checker has it: two sessions back to back are
/// 0 h of rest).
fn sessions_fit(p: &Problem, i: usize, j: usize) -> bool {
    let ((a1, b1), (a2, b2)) = (session_span(p, i), session_span(p, j));
    let gap = if a1 <= a2 { a2 - b1 } else { a1 - b2 };
    p.supervision_sessions[i].date == p.supervision_sessions[j].date && gap >= i64::from(p.rules.daily_rest_hours) * 60
}

/// Whether shift type `t` and supervision session `j` may be worked on the session's date
/// by one worker: as far apart as the daily rest (else the MIP could not give both either).
fn fits_with_session(p: &Problem, t: usize, j: usize) -> bool {
    let ses = &p.supervision_sessions[j];
    let (a, b) = session_span(p, j);
    let (x, y) = p.shift_types[t].interval(ses.date);
    let (x, y) = (epoch_min(p, x), epoch_min(p, y));
    let gap = if a <= x { x - b } else { a - y };
    gap >= i64::from(p.rules.daily_rest_hours) * 60
}

/// Compiles `p` (which should validate) into the core.
pub fn compile(p: &Problem) -> Compiled {
    compile_locked(p, &[]).expect("no locks to break")
}

/// Compiles `p` with cells held as a manager locked them ([`Frozen`], as the MIP holds
/// them): a locked shift is held as a fixed day is (its unnamed or named cells), a locked day
/// off blocks that day's shifts (not a supervision session, which the MIP does not hold
/// either) and overrides a fixed day. `Err` names every lock the month cannot hold any more,
/// in the locks' order (unknown worker, shift or unit; leave, unavailability, nights, a unit
/// not the worker's, a fixed day elsewhere) — the cases [`crate::mip`] reports as issues.
pub fn compile_locked(p: &Problem, locks: &[Frozen]) -> Result<Compiled, Vec<Issue>> {
    let dates: Vec<NaiveDate> = p.dates().collect();
    let h = dates.len();
    let mut types: Vec<Kind> = (0..p.shift_types.len()).flat_map(|t| (0..p.units.len()).map(move |u| Kind::Shift(t, u))).collect();
    // A shift in a 1:1 resident's unit may name the worker as the resident's dedicated worker:
    // a type of its own per (shift type, resident), so one resident per shift, as in the MIP.
    let one_to_one = crate::dedicated::weeks(p);
    for (r, _) in &one_to_one {
        if let Some(u) = p.units.iter().position(|x| x.id == p.residents[*r].unit) {
            types.extend((0..p.shift_types.len()).map(|t| Kind::Named(t, u, *r)));
        }
    }
    let with_sessions = p.staff.iter().any(|s| s.supervision_hours > 0);
    if with_sessions {
        let n = p.supervision_sessions.len();
        types.extend((0..n).map(Kind::Session));
        // What one worker may attend together on one day: a session, or two or three that fit.
        let groups = session_groups(p);
        types.extend(groups.iter().filter(|g| g.1.is_some()).map(|&(i, j, k)| Kind::Together(None, i, j, k)));
        // A shift the daily rest allows beside them on their date: one cell with them, named
        // or not.
        for &(i, j, k) in &groups {
            let fits = |t: usize| [Some(i), j, k].into_iter().flatten().all(|x| fits_with_session(p, t, x));
            for t in (0..p.shift_types.len()).filter(|&t| fits(t)) {
                for u in 0..p.units.len() {
                    types.push(Kind::Together(Some((t, u, None)), i, j, k));
                    types.extend(one_to_one.iter().filter(|(r, _)| p.residents[*r].unit == p.units[u].id).map(|(r, _)| Kind::Together(Some((t, u, Some(*r))), i, j, k)));
                }
            }
        }
    }
    let ns = types.len();
    // Real interval (epoch minutes) of the shift of core type `c` on `date`, and of its
    // session (a session's times on any day: only its own date is workable).
    let shift_part = |c: usize, date: NaiveDate| {
        types[c].shift().map(|(t, _)| {
            let (a, b) = p.shift_types[t].interval(date);
            (epoch_min(p, a), epoch_min(p, b))
        })
    };
    let session_parts = |c: usize, date: NaiveDate| types[c].sessions().map(move |j| (epoch_min(p, date.and_time(p.supervision_sessions[j].from)), epoch_min(p, date.and_time(p.supervision_sessions[j].to))));
    // Each core cell (d, type): the real interval of its shift (cover, 1:1 time), the span from
    // its first start to its last end (rest: a shift and a session on one day are the daily
    // rest apart, so no rest of another day or of the week falls between them) and the minutes
    // worked.
    let shift_span: Vec<Option<(i64, i64)>> = (0..h * ns).map(|c| shift_part(c % ns, dates[c / ns])).collect();
    let parts = |c: usize| shift_span[c].into_iter().chain(session_parts(c % ns, dates[c / ns]));
    let span: Vec<(i64, i64)> = (0..h * ns).map(|c| parts(c).fold((i64::MAX, i64::MIN), |(a, b), (x, y)| (a.min(x), b.max(y)))).collect();
    let worked: Vec<u32> = (0..h * ns).map(|c| parts(c).map(|(x, y)| (y - x) as u32).sum()).collect();
    let night: Vec<bool> = (0..h * ns).map(|c| types[c % ns].shift().is_some_and(|(t, _)| p.touches_night(&p.shift_types[t], dates[c / ns]))).collect();
    let session_minutes = |j: usize| (p.supervision_sessions[j].to - p.supervision_sessions[j].from).num_minutes() as u32;
    let mut shifts: Vec<ShiftType> = types
        .iter()
        .map(|&k| {
            let shift = k.shift().map(|(t, u)| format!("{}@{}", p.shift_types[t].id, p.units[u].id));
            let named = k.named().map(|r| format!("!{}", p.residents[r].id));
            let sessions = k.sessions().map(|j| format!("supervision#{j}"));
            let id = shift.map(|x| x + &named.unwrap_or_default()).into_iter().chain(sessions).collect::<Vec<_>>().join("+");
            let minutes = k.shift().map_or(0, |(t, _)| p.shift_types[t].wall_minutes() as u32) + k.sessions().map(session_minutes).sum::<u32>();
            ShiftType { id, minutes, forbidden_next: Vec::new() }
        })
        .collect();
    let mut day_minutes = Vec::new();
    for d in 0..h {
        for s in 0..ns {
            if worked[d * ns + s] != shifts[s].minutes {
                day_minutes.push((d, s, worked[d * ns + s]));
            }
        }
    }
    // Daily rest: which pairs of cells are too close.
    let rest = i64::from(p.rules.daily_rest_hours) * 60;
    // Between any two pieces of work, sessions included, as the checker has it (two sessions
    // back to back are 0 h of rest there; before 2026-12-05 the core, as the MIP, let them be).
    let close = |c1: usize, c2: usize| {
        let ((a1, b1), (a2, b2)) = (span[c1], span[c2]);
        let gap = if a1 <= a2 { a2 - b1 } else { a1 - b2 };
        gap < rest
    };
    let mut next_days: Vec<Vec<(usize, usize)>> = vec![Vec::new(); h];
    for (d, pairs) in next_days.iter_mut().enumerate().take(h.saturating_sub(1)) {
        for a in 0..ns {
            for b in 0..ns {
                if close(d * ns + a, (d + 1) * ns + b) {
                    pairs.push((a, b));
                }
            }
        }
    }
    let inner = &next_days[..h.saturating_sub(1)];
    let mut forbidden_on = Vec::new();
    for a in 0..ns {
        for b in 0..ns {
            if !inner.is_empty() && inner.iter().all(|pairs| pairs.contains(&(a, b))) {
                shifts[a].forbidden_next.push(b);
            }
        }
    }
    for (d, pairs) in inner.iter().enumerate() {
        forbidden_on.extend(pairs.iter().filter(|(a, b)| !shifts[*a].forbidden_next.contains(b)).map(|&(a, b)| (d, a, b)));
    }
    // Shifts two or more days apart that still break the rest (shifts longer than a day).
    let mut far: Vec<Limit> = Vec::new();
    for d1 in 0..h {
        for d2 in d1 + 2..h {
            for a in 0..ns {
                for b in 0..ns {
                    if close(d1 * ns + a, d2 * ns + b) {
                        far.push(Limit { cells: vec![(d1, a), (d2, b)], max: 1 });
                    }
                }
            }
        }
    }

    // 1:1 time (present, epoch minutes) of each 1:1 resident, all weeks.
    let one_to_one_time: HashMap<usize, Vec<(i64, i64)>> = one_to_one.iter().map(|(r, weeks)| (*r, weeks.concat())).collect();
    // A named cell names its resident only where its shift overlaps the resident's 1:1 time.
    let holds_one_to_one = |d: usize, c: usize| match (types[c].named(), shift_span[d * ns + c]) {
        (Some(r), Some((a, b))) => one_to_one_time.get(&r).is_some_and(|time| time.iter().any(|&(x, y)| a < y && x < b)),
        _ => true,
    };
    let sundays: Vec<usize> = (0..h).filter(|&d| dates[d].weekday() == Weekday::Sun).collect();
    let n_sun = p.rules.free_sunday_within_weeks as usize;
    let request_weight = |w: u32| (REQUEST_WEIGHT * SCALE) as u32 * w;
    let mut offset = 0u64;
    let mut employees = Vec::new();
    let (mut on_requests, mut off_requests) = (Vec::new(), Vec::new());
    // Locks the month cannot hold, by the lock's index.
    let mut bad: Vec<(usize, Issue)> = Vec::new();
    for (i, f) in locks.iter().enumerate().filter(|(_, f)| !p.staff.iter().any(|s| s.id == f.staff)) {
        bad.push((i, Issue { path: format!("freeze[{i}].staff"), message: format!("no worker '{}' in the problem", f.staff) }));
    }
    for (si, s) in p.staff.iter().enumerate() {
        let mine: Vec<bool> = types
            .iter()
            .map(|&k| k.shift().is_none_or(|(_, u)| s.units.contains(&p.units[u].id)) && (k.sessions().next().is_none() || s.supervision_hours > 0))
            .collect();
        let leave: Vec<bool> = dates.iter().map(|d| s.leave.iter().any(|l| l.contains(*d))).collect();
        let target = p.target_minutes(s);
        let tol = i64::from(p.rules.hours_tolerance) * 60;
        let up = tol.min(i64::from(p.rules.overtime_hours_max) * 60);
        let mut blocked = Vec::new();
        for d in 0..h {
            for c in 0..ns {
                let shift_out = types[c].shift().is_some_and(|(t, _)| {
                    let (a, b) = p.shift_types[t].interval(dates[d]);
                    s.unavailable.iter().any(|u| a < u.to && u.from < b) || (night[d * ns + c] && !s.nights) || (mine[c] && !holds_one_to_one(d, c))
                });
                // A session is attended on its date only (the MIP does not hold
                // unavailability against sessions, nor does this).
                let session_out = mine[c] && types[c].sessions().any(|j| p.supervision_sessions[j].date != dates[d]);
                if shift_out || session_out {
                    blocked.push((d, c));
                }
            }
        }
        let day_of = |date: NaiveDate| day_of_date(&dates, date);
        let type_of = |shift: &str, unit: &str| types.iter().position(|&k| matches!(k, Kind::Shift(t, u) if p.shift_types[t].id == shift && p.units[u].id == unit));
        let shift_cells = || (0..ns).filter(|&c| types[c].shift().is_some());
        // A fixed day on leave is no fixed day (the problem's validation reports it). Where the
        // fixed shift may also name a 1:1 resident, the day is held to its shift, named or not:
        // every other cell blocked and a quota of the shift's minutes on those cells.
        let mut fixed: Vec<(usize, usize)> = s.fixed.iter().filter_map(|f| Some((day_of(f.date)?, type_of(&f.shift, &f.unit)?))).filter(|&(d, _)| !leave[d]).collect();
        for (i, f) in locks.iter().enumerate().filter(|(_, f)| f.staff == s.id) {
            let Some(d) = day_of(f.date) else { continue };
            match &f.cell {
                None => {
                    fixed.retain(|&(fd, _)| fd != d);
                    blocked.extend(shift_cells().map(|c| (d, c)));
                }
                Some(cell) => {
                    let Some(c) = type_of(&cell.shift, &cell.unit) else {
                        bad.push((i, Issue { path: format!("freeze[{i}].cell"), message: format!("no shift '{}' in unit '{}'", cell.shift, cell.unit) }));
                        continue;
                    };
                    if leave[d] || !mine[c] || blocked.contains(&(d, c)) || fixed.iter().any(|&(fd, fc)| fd == d && fc != c) {
                        bad.push((i, Issue { path: format!("freeze[{i}]"), message: format!("{} cannot work {} in unit {} on {} any more (leave, unavailability, nights, units or a fixed day)", s.id, cell.shift, cell.unit, f.date) }));
                        continue;
                    }
                    if !fixed.contains(&(d, c)) {
                        fixed.push((d, c));
                    }
                }
            }
        }
        let mut quotas = Vec::new();
        fixed.retain(|&(d, c)| {
            let alike: Vec<usize> = (0..ns).filter(|&x| types[x].shift() == types[c].shift() && (x == c || !blocked.contains(&(d, x)))).collect();
            if alike.len() == 1 {
                return true;
            }
            blocked.extend((0..ns).filter(|x| !alike.contains(x)).map(|x| (d, x)));
            let (a, b) = shift_span[d * ns + c].expect("a fixed cell is a shift");
            // Each alike cell counts its shift's minutes (not a session's beside it).
            quotas.push(Quota { cells: alike.iter().map(|&x| (d, x)).collect(), minutes: (b - a) as u32, credit: vec![(b - a) as u32; alike.len()] });
            false
        });
        let mut limits = far.clone();
        if n_sun > 0 {
            for run in sundays.windows(n_sun) {
                // A free Sunday is one on which no shift starts (a session does not count).
                limits.push(Limit { cells: run.iter().flat_map(|&d| shift_cells().map(move |c| (d, c))).collect(), max: (n_sun - 1) as u32 });
            }
        }
        if let Some(max) = s.max_consecutive_nights {
            for from in 0..h.saturating_sub(max as usize) {
                let cells = (from..=from + max as usize).flat_map(|d| (0..ns).map(move |c| (d, c))).filter(|&(d, c)| night[d * ns + c]).collect();
                limits.push(Limit { cells, max });
            }
        }
        for r in &s.requests {
            let Some(d) = day_of(r.date) else { continue };
            let cells: Vec<usize> = shift_cells().filter(|&c| mine[c] && types[c].shift().is_some_and(|(t, _)| r.shift.as_ref().is_none_or(|id| p.shift_types[t].id == *id))).collect();
            let w = request_weight(r.weight);
            if r.want {
                // Unmet whatever happens when no cell can grant it; else all but one cell.
                offset += u64::from(w) * (cells.len().max(1) as u64 - 1);
                if cells.is_empty() {
                    offset += u64::from(w);
                }
                on_requests.extend(cells.iter().map(|&c| Request { employee: si, day: d, shift: c, weight: w }));
            } else {
                off_requests.extend(cells.iter().map(|&c| Request { employee: si, day: d, shift: c, weight: w }));
            }
        }
        // Weekly rest: in each full week a window of the set length no cell of the worker's
        // overlaps, among windows starting at the week's start or when one of their cells ends
        // (a window nothing can overlap holds the rule; the windows that start when a worked
        // shift ends are among these, so a week with such a rest always has an option free).
        // Looked up for every cell of every week and charge: a set, not the list.
        let blocked_set: std::collections::HashSet<(usize, usize)> = blocked.iter().copied().collect();
        let workable = |d: usize, c: usize| mine[c] && !leave[d] && !blocked_set.contains(&(d, c)) && fixed.iter().all(|&(fd, fc)| fd != d || fc == c);
        let need = i64::from(p.rules.weekly_rest_hours) * 60;
        let mut rests = Vec::new();
        for week in 0..h / 7 {
            let first = dates[0] + Duration::days(7 * week as i64);
            let ws = epoch_min(p, first.and_hms_opt(0, 0, 0).expect("midnight"));
            let we = epoch_min(p, (first + Duration::days(7)).and_hms_opt(0, 0, 0).expect("midnight"));
            let cells: Vec<(usize, usize)> = (0..h).flat_map(|d| (0..ns).map(move |c| (d, c))).filter(|&(d, c)| workable(d, c) && span[d * ns + c].1 > ws && span[d * ns + c].0 < we).collect();
            let mut starts: Vec<i64> = std::iter::once(ws).chain(cells.iter().map(|&(d, c)| span[d * ns + c].1)).filter(|&x| x >= ws && x + need <= we).collect();
            starts.sort_unstable();
            starts.dedup();
            let mut options: Vec<Vec<(usize, usize)>> = Vec::new();
            for from in starts {
                let clash: Vec<(usize, usize)> = cells.iter().copied().filter(|&(d, c)| span[d * ns + c].0 < from + need && span[d * ns + c].1 > from).collect();
                if clash.is_empty() {
                    options.clear();
                    break;
                }
                if !options.contains(&clash) {
                    options.push(clash);
                }
            }
            if !options.is_empty() {
                rests.push(Rest { options });
            }
        }
        // Continuity: each 1:1 resident's week costs CONTINUITY_WEIGHT for every worker named
        // in it.
        let charges: Vec<Charge> = one_to_one
            .iter()
            .flat_map(|(r, weeks)| (0..weeks.len()).map(move |w| (*r, w)))
            .filter_map(|(r, w)| {
                let cells: Vec<(usize, usize)> = (0..h)
                    .filter(|&d| crate::dedicated::week_of(p, dates[d]) == w)
                    .flat_map(|d| (0..ns).map(move |c| (d, c)))
                    .filter(|&(d, c)| types[c].named() == Some(r) && mine[c] && !leave[d] && !blocked_set.contains(&(d, c)))
                    .collect();
                (!cells.is_empty()).then(|| Charge { cells, weight: (CONTINUITY_WEIGHT * SCALE) as u32 })
            })
            .collect();
        employees.push(Employee {
            id: s.id.clone(),
            max_shifts: mine.iter().map(|&m| if m { h as u32 } else { 0 }).collect(),
            max_minutes: (target + up).max(0) as u32,
            min_minutes: (target - tol).max(0) as u32,
            max_consecutive: h as u32,
            min_consecutive: 1,
            min_days_off: 1,
            max_weekends: (h / 7) as u32,
            days_off: (0..h).filter(|&d| leave[d]).collect(),
            blocked,
            fixed,
            limits,
            rests,
            // Each minute away from the target costs HOURS_WEIGHT / 60 in the MIP; the sessions'
            // minutes count towards it (their cells' minutes).
            target: Some(Target { minutes: target.max(0) as u32, weight: (HOURS_WEIGHT / 60.0 * SCALE) as u32 }),
            // The supervision a worker must attend, over every session's cell on its date.
            quotas: {
                if with_sessions && s.supervision_hours > 0 {
                    // A session's cell counts the session's minutes, alone or beside a shift.
                    let (cells, credit) = types.iter().enumerate().filter_map(|(c, k)| Some(((day_of(p.supervision_sessions[k.sessions().next()?].date)?, c), k.sessions().map(session_minutes).sum::<u32>()))).unzip();
                    quotas.push(Quota { cells, minutes: s.supervision_hours * 60, credit });
                }
                quotas
            },
            charges,
        });
    }
    // A session's places.
    let capacities: Vec<Capacity> = types
        .iter()
        .enumerate()
        .filter_map(|(c, k)| match k {
            Kind::Session(j) => {
                let ses = &p.supervision_sessions[*j];
                let d = day_of_date(&dates, ses.date)?;
                // Its own cell and every other with it that day.
                let with = (0..ns).filter(|&x| matches!(types[x], Kind::Together(..)) && types[x].sessions().any(|y| y == *j));
                Some(Capacity { cells: std::iter::once((d, c)).chain(with.map(|x| (d, x))).collect(), max: ses.capacity })
            }
            _ => None,
        })
        .collect();

    // Cover: runs of slots with the same need and the same covering cells, per unit.
    let cover_per_minute = (COVER_WEIGHT / 60.0 * SCALE) as u32;
    let dm = demand(p);
    let day_index: HashMap<NaiveDate, usize> = dates.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut periods = Vec::new();
    for ui in 0..p.units.len() {
        let mut runs: Vec<(u32, Vec<(usize, usize)>, i64)> = Vec::new();
        for (k, slot) in dm.slots.iter().enumerate() {
            let need = dm.needed[ui][k];
            if need == 0 {
                continue;
            }
            let at = slot.start.timestamp() / 60;
            let date = slot.start.naive_local().date();
            let mut covering = Vec::new();
            for d in [date - Duration::days(1), date].iter().filter_map(|x| day_index.get(x)) {
                for c in (0..ns).filter(|&c| types[c].shift().is_some_and(|(_, u)| u == ui)) {
                    let (a, b) = shift_span[d * ns + c].expect("a shift");
                    if a <= at && at < b {
                        covering.push((*d, c));
                    }
                }
            }
            match runs.last_mut() {
                Some(last) if last.0 == need && last.1 == covering => last.2 += slot.minutes(),
                _ => runs.push((need, covering, slot.minutes())),
            }
        }
        periods.extend(runs.into_iter().map(|(need, cells, minutes)| Period { cells, requirement: need, under: cover_per_minute * minutes as u32, over: 0 }));
    }
    // 1:1 time no shift names its resident for costs like uncovered cover (as in the MIP): the
    // time cut at every named cell's start and end, each run of pieces held by the same named
    // cells one period wanting one of them. Time no shift can hold is left out (a constant).
    for (r, weeks) in &one_to_one {
        let named: Vec<(usize, usize, (i64, i64))> = (0..h).flat_map(|d| (0..ns).map(move |c| (d, c))).filter(|&(d, c)| types[c].named() == Some(*r) && holds_one_to_one(d, c)).map(|(d, c)| (d, c, shift_span[d * ns + c].expect("a shift"))).collect();
        let mut runs: Vec<(Vec<(usize, usize)>, i64)> = Vec::new();
        for &(from, to) in weeks.iter().flatten() {
            let points = named.iter().flat_map(|&(_, _, (a, b))| [a, b]);
            for (x, y) in crate::dedicated::cut(from, to, points) {
                let holding: Vec<(usize, usize)> = named.iter().filter(|&&(_, _, (a, b))| a <= x && y <= b).map(|&(d, c, _)| (d, c)).collect();
                if holding.is_empty() {
                    continue;
                }
                match runs.last_mut() {
                    Some(last) if last.0 == holding => last.1 += y - x,
                    _ => runs.push((holding, y - x)),
                }
            }
        }
        periods.extend(runs.into_iter().map(|(cells, minutes)| Period { cells, requirement: 1, under: cover_per_minute * minutes as u32, over: 0 }));
    }
    // Fairness: per category (nights, weekend shifts, holiday shifts) the MIP's eligible workers,
    // weighted by target minutes (divided by their greatest common divisor, which keeps the
    // model's coefficients small and the shares as they are).
    let holidays: std::collections::HashSet<NaiveDate> = p.holiday_list().into_iter().collect();
    let mut fairness = Vec::new();
    for (cat, eligible, _) in crate::mip::fairness_groups(p) {
        let cells: Vec<(usize, usize)> = (0..h).flat_map(|d| (0..ns).map(move |c| (d, c))).filter(|&(d, c)| types[c].shift().is_some() && cat.holds(dates[d], night[d * ns + c], &holidays)).collect();
        let weights: Vec<u64> = eligible.iter().map(|&si| p.target_minutes(&p.staff[si]).max(0) as u64).collect();
        let g = weights.iter().fold(0, |a, &b| gcd(a, b)).max(1);
        let members = eligible.iter().zip(&weights).map(|(&si, &w)| (si, w / g)).collect();
        fairness.push(Fairness { cells, members, band: FAIR_BAND as u32, weight: (FAIRNESS_WEIGHT * SCALE) as u32 });
    }
    if !bad.is_empty() {
        bad.sort_by_key(|x| x.0);
        return Err(bad.into_iter().map(|x| x.1).collect());
    }
    let instance = Instance { days: h, shifts, employees, on_requests, off_requests, cover: Vec::new(), periods, day_minutes, forbidden_on, capacities, fairness };
    Ok(Compiled { instance, types, offset, cover_per_minute })
}

impl Compiled {
    /// A rota's assignments (and its supervision, when sessions are compiled) as a core
    /// roster; an error names an assignment the core has no cell for.
    pub fn roster_of(&self, p: &Problem, rota: &Rota) -> Result<Roster, String> {
        let h = self.instance.days;
        let mut r = vec![vec![None; h]; p.staff.len()];
        let worker = |id: &str| p.staff.iter().position(|s| s.id == id).ok_or_else(|| format!("unknown worker '{id}'"));
        let day = |date: NaiveDate| p.dates().position(|x| x == date).ok_or_else(|| format!("{date} is outside the month"));
        let mut cells = Vec::new();
        for a in &rota.assignments {
            let named = |r: usize| a.one_to_one.as_ref() == Some(&p.residents[r].id);
            let c = self
                .types
                .iter()
                .position(|&k| match k {
                    Kind::Shift(t, u) => a.one_to_one.is_none() && p.shift_types[t].id == a.shift && p.units[u].id == a.unit,
                    Kind::Named(t, u, r) => named(r) && p.shift_types[t].id == a.shift && p.units[u].id == a.unit,
                    Kind::Session(_) | Kind::Together(..) => false,
                })
                .ok_or_else(|| format!("no shift '{}' in unit '{}' naming {:?}", a.shift, a.unit, a.one_to_one))?;
            cells.push((worker(&a.staff)?, day(a.date)?, c));
        }
        for at in &rota.supervision {
            if let Some(c) = self.types.iter().position(|&k| k == Kind::Session(at.session)) {
                let ses = p.supervision_sessions.get(at.session).ok_or_else(|| format!("no supervision session {}", at.session))?;
                cells.push((worker(&at.staff)?, day(ses.date)?, c));
            }
        }
        // What a worker works on one day: at most one shift, the sessions attended.
        let mut day_pieces: std::collections::BTreeMap<(usize, usize), (Option<(usize, usize, Option<usize>)>, Vec<usize>)> = Default::default();
        for (e, d, c) in cells {
            let pieces = day_pieces.entry((e, d)).or_default();
            if let Some((t, u)) = self.types[c].shift() {
                if pieces.0.replace((t, u, self.types[c].named())).is_some() {
                    return Err(format!("{} works two shifts on day {d}", p.staff[e].id));
                }
            }
            pieces.1.extend(self.types[c].sessions());
        }
        // Pieces of one day are the one cell of them together, where they may be worked so.
        for ((e, d), (shift, mut sessions)) in day_pieces {
            sessions.sort_unstable();
            let kind = match (shift, sessions.as_slice()) {
                (Some((t, u, None)), []) => Kind::Shift(t, u),
                (Some((t, u, Some(x))), []) => Kind::Named(t, u, x),
                (None, [j]) => Kind::Session(*j),
                (_, [i]) => Kind::Together(shift, *i, None, None),
                (_, [i, j]) => Kind::Together(shift, *i, Some(*j), None),
                (_, [i, j, k]) => Kind::Together(shift, *i, Some(*j), Some(*k)),
                _ => return Err(format!("{} attends {} supervision sessions on day {d}", p.staff[e].id, sessions.len())),
            };
            let cell = self.types.iter().position(|&x| x == kind).ok_or_else(|| format!("{} works a shift or sessions on day {d} closer than the daily rest", p.staff[e].id))?;
            r[e][d] = Some(cell);
        }
        Ok(r)
    }

    /// A core roster's shifts as assignments, with the 1:1 resident a named cell names.
    pub fn assignments_of(&self, p: &Problem, roster: &Roster) -> Vec<Assignment> {
        let dates: Vec<NaiveDate> = p.dates().collect();
        let mut out = Vec::new();
        for (e, row) in roster.iter().enumerate() {
            for (d, cell) in row.iter().enumerate() {
                let Some(k) = cell.map(|c| self.types[c]) else { continue };
                let Some((t, u)) = k.shift() else { continue };
                out.push(Assignment { staff: p.staff[e].id.clone(), date: dates[d], shift: p.shift_types[t].id.clone(), unit: p.units[u].id.clone(), one_to_one: k.named().map(|r| p.residents[r].id.clone()) });
            }
        }
        out
    }

    /// A core roster's supervision sessions as attendance.
    pub fn supervision_of(&self, p: &Problem, roster: &Roster) -> Vec<Attendance> {
        let mut out = Vec::new();
        for (e, row) in roster.iter().enumerate() {
            for cell in row {
                for j in cell.iter().flat_map(|&c| self.types[c].sessions()) {
                    out.push(Attendance { staff: p.staff[e].id.clone(), session: j });
                }
            }
        }
        out
    }
}

/// Solves `p` (which should validate) by the rostering core, the engine the Curtois–Qu
/// benchmark measures: a rota that keeps every rule of the month, with cover, requests, the
/// deviation from target hours and fairness weighed as [`crate::mip`] weighs them (fairness
/// rounded up to 1/60 of a shift per worker). An error when the engine finds no roster: no
/// construction to fall back on, what `wsm bench --engine core` measures.
pub fn solve(p: &Problem, options: &crate::engine::Options) -> Result<Rota, String> {
    let c = compile(p);
    let options = crate::engine::Options { floor: options.floor.max(floor_of(p, &c)), ..options.clone() };
    let sol = crate::engine::solve(&c.instance, &options, crate::engine::Control::default())?;
    Ok(rota_of(p, &c, &sol))
}

/// The least the core's objective can be: the requests no roster can grant, and what the 1:1
/// time costs whatever happens (the MIP's floor, `mip::objective_floor`, which the core's
/// objective less its constant never goes below: it is the MIP's × SCALE, fairness rounded
/// up).
fn floor_of(p: &Problem, c: &Compiled) -> u64 {
    c.offset + (crate::mip::objective_floor(p) * SCALE + 1e-6).floor() as u64
}

/// The engine's solution as a finished rota (gaps, hours, diagnosis, the objective in the
/// MIP's terms), with the gap by the core's own bound raised to the 1:1 floor as the MIP's is.
fn rota_of(p: &Problem, c: &Compiled, sol: &crate::engine::Solution) -> Rota {
    let mut rota = Rota { version: 1, assignments: c.assignments_of(p, &sol.roster), supervision: c.supervision_of(p, &sol.roster), ..Rota::default() };
    crate::mip::finish(p, &mut rota, sol.optimal, sol.millis);
    // The core's bound less its constant requests term.
    if let (Some(bound), false) = (sol.bound, sol.optimal) {
        let (value, bound) = (sol.objective as f64 - c.offset as f64, bound - c.offset as f64);
        rota.solve.gap = (value > 0.0).then(|| ((value - bound) / value).max(0.0));
        rota.solve.bound = Some(bound.max(0.0) / SCALE);
    }
    if !sol.optimal {
        crate::mip::raise_bound(p, &mut rota);
    }
    rota.solve.solutions = sol.trace.len() as u32;
    rota
}

/// The month's rota as production solves it (the server's solve jobs, `wsm solve`): by the
/// rostering core ([`solve`]) with the manager's locks held ([`compile_locked`]), starting
/// from the greedy construction where it keeps every rule (since 2026-12-05, sixth session), live
/// progress in the MIP's terms, cancellation (the best rota so far, as the MIP's path gives
/// it), and a stop once the rota is within `options.mip_gap` of the 1:1 floor (the core's
/// proven bound when nothing better is known). A solve against a previous rota is
/// [`repair`]'s month phase. No other solver answers (since 2026-12-05; before, the MIP did
/// for what follows): input that does not validate, a gap out of range or a lock the month
/// cannot hold is an invalid rota naming the field ([`refused`]); an engine run that ends
/// without a roster (a worker's own rules contradicting each other, or a time limit too short
/// for the engine's construction) is answered by [`no_roster`].
pub fn solve_with(p: &Problem, options: &crate::mip::Options, ctl: crate::mip::Control<'_>) -> Rota {
    let began = std::time::Instant::now();
    let c = match refused(p, options) {
        Ok(c) => c,
        Err(rota) => return *rota,
    };
    // A solve against a previous rota is a repair over the whole month ([`repair`]'s second
    // phase).
    if let Some(previous) = &options.previous {
        return match repair_phase(p, previous, None, options, ctl, began, "core repair month") {
            Ok(rota) => rota,
            Err(e) if ctl.cancelled() => cancelled_rota(&e, began),
            Err(e) => no_roster(p, options, Some(previous), &e, began, vec!["core repair month".into()]),
        };
    }
    let floor = floor_of(p, &c);
    let enough = c.offset + ((floor - c.offset) as f64 / (1.0 - options.mip_gap) + 1e-6).floor() as u64;
    // The greedy construction (milliseconds, the locks placed first) as the engine's start
    // where the checker passes it; the engine takes it when it keeps every rule of the
    // compiled month, else constructs as before. Eight `wsm bench` runs of the two-unit month:
    // covered at 1.2–3.1 s (3.4–4.2 s without), optimal in 14–50 s each time; since the local
    // moves publish as they go (seventh session) covered at 0.08–0.09 s; since the greedy
    // ends with two-worker chains (ninth session) December's and the two-unit month's are
    // covered from the start, at 0.02–0.04 s
    // (docs/benchmarks.md). `WSM_ENGINE_TRACE=1` says whether the engine took it.
    // A greedy rota that leaves nothing uncovered is the first covered rota (it has passed
    // the checker) where the engine takes it (it keeps every rule of the compiled month),
    // whenever the engine's observer first sees it.
    let greedy = crate::mip::greedy_start(p, options, began);
    let covered = greedy.as_ref().filter(|r| r.objective.uncovered_staff_minutes == 0).map(|_| began.elapsed().as_millis() as u64);
    let start = greedy.and_then(|r| c.roster_of(p, &r).ok());
    let covered = covered.filter(|_| start.as_ref().is_some_and(|r| crate::cq::evaluate(&c.instance, r).feasible()));
    let engine = crate::engine::Options { time_limit_s: options.time_limit_s, floor, enough, start, ..Default::default() };
    match run(p, &c, &engine, ctl, began, "core", None, covered) {
        Ok(rota) => rota,
        Err(e) if ctl.cancelled() => cancelled_rota(&e, began),
        Err(e) => no_roster(p, options, None, &e, began, vec!["core".into()]),
    }
}

/// What production refuses before any solve, as an invalid rota naming the field and the
/// rule: a problem that does not validate, a gap out of range, a lock the month cannot hold
/// (the same issues the MIP's path gave); else the month compiled with its locks.
fn refused(p: &Problem, options: &crate::mip::Options) -> Result<Compiled, Box<Rota>> {
    let invalid = |issues: Vec<Issue>| Box::new(crate::mip::invalid_rota(issues));
    let issues = p.validate();
    if !issues.is_empty() {
        return Err(invalid(issues));
    }
    if let Some(issue) = crate::mip::gap_issue(options) {
        return Err(invalid(vec![issue]));
    }
    compile_locked(p, &options.freeze).map_err(invalid)
}

/// Production's answer when the engine ends without a roster (`e` says why, added to the last
/// of `phases`): the greedy
/// construction ([`crate::construct::greedy`], milliseconds) when the independent checker
/// passes it — a time limit too short for the engine's own construction — with the changes
/// against `previous` in a repair; else an invalid rota giving the engine's reason (a worker's
/// own rules contradicting each other, or no roster within the time limit).
fn no_roster(p: &Problem, options: &crate::mip::Options, previous: Option<&Rota>, e: &str, began: std::time::Instant, mut phases: Vec<String>) -> Rota {
    if let Some(last) = phases.last_mut() {
        *last = format!("{last}: {e}");
    }
    let mut rota = match crate::mip::greedy_start(p, options, began) {
        Some(mut rota) => {
            if let Some(previous) = previous {
                crate::mip::compare(p, &mut rota, previous);
            }
            phases.push("greedy".into());
            rota
        }
        None => crate::mip::invalid_rota(vec![Issue { path: "$".into(), message: format!("no rota: {e}") }]),
    };
    rota.solve.phases = phases;
    rota.solve.millis = began.elapsed().as_millis() as u64;
    rota
}

/// The rota of a cancel that came before any roster.
fn cancelled_rota(e: &str, began: std::time::Instant) -> Rota {
    let mut rota = crate::mip::cancelled_rota(format!("cancelled before any rota was found ({e})"));
    rota.solve.millis = began.elapsed().as_millis() as u64;
    rota
}

/// Runs the engine on a compiled month: live progress in the MIP's terms under `phase` (each
/// new best roster mapped back to a rota and scored by the same finishing step), the first
/// fully covered time, the finished rota; an error when the engine ends without a roster.
/// A repair (`repair`) keeps the gap of its own objective (the MIP's repair objective, whose
/// bound is not in the rota's terms) and no bound.
/// `repair`: the previous rota of a repair, whose 1:1 namings the answer keeps where its cells
/// are unchanged ([`compile_repair`] leaves the namings out of the model).
/// `covered`: when the engine's start is a rota already known to be fully covered and legal,
/// the time it was.
#[allow(clippy::too_many_arguments)]
fn run(p: &Problem, c: &Compiled, engine: &crate::engine::Options, ctl: crate::mip::Control<'_>, began: std::time::Instant, phase: &str, repair: Option<&Rota>, covered: Option<u64>) -> Result<Rota, String> {
    let first_covered: std::sync::Mutex<Option<u64>> = std::sync::Mutex::new(covered);
    let observe = |roster: &Roster, _value: u64, solutions: u32| {
        // Without a progress hook only the first fully covered rota's time is wanted.
        if ctl.progress.is_none() && first_covered.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
            return;
        }
        let millis = began.elapsed().as_millis() as u64;
        let mut rota = Rota { version: 1, assignments: c.assignments_of(p, roster), supervision: c.supervision_of(p, roster), ..Rota::default() };
        crate::mip::finish(p, &mut rota, false, millis);
        let uncovered = rota.objective.uncovered_staff_minutes;
        let first = {
            let mut f = first_covered.lock().unwrap_or_else(|e| e.into_inner());
            if uncovered == 0 {
                f.get_or_insert(millis);
            }
            *f
        };
        if let Some(report) = ctl.progress {
            report(&crate::mip::Progress { millis, solutions, uncovered_staff_minutes: Some(uncovered), objective: Some(rota.objective.total), bound: None, first_covered_millis: first, phase: phase.into() });
        }
    };
    let sol = crate::engine::solve_observed(&c.instance, engine, ctl, Some(&observe))?;
    let mut rota = if let Some(previous) = repair {
        let mut assignments = c.assignments_of(p, &sol.roster);
        crate::mip::name_after_repair(p, previous, &mut assignments);
        let mut rota = Rota { version: 1, assignments, supervision: c.supervision_of(p, &sol.roster), ..Rota::default() };
        crate::mip::finish(p, &mut rota, sol.optimal, sol.millis);
        rota.solve.gap = if sol.optimal {
            Some(0.0)
        } else {
            sol.bound.map(|b| (sol.objective as f64 - c.offset as f64, b - c.offset as f64)).filter(|(v, _)| *v > 0.0).map(|(v, b)| ((v - b) / v).max(0.0))
        };
        rota.solve.solutions = sol.trace.len() as u32;
        rota
    } else {
        rota_of(p, c, &sol)
    };
    rota.solve.cancelled = ctl.cancelled();
    rota.solve.millis = began.elapsed().as_millis() as u64;
    // The observer saw every improvement but those within its last 50 ms; a covered final
    // rota it did not see as such counts from the end.
    rota.solve.first_covered_millis = *first_covered.lock().unwrap_or_else(|e| e.into_inner());
    if rota.solve.first_covered_millis.is_none() && rota.objective.uncovered_staff_minutes == 0 {
        rota.solve.first_covered_millis = Some(rota.solve.millis);
    }
    rota.solve.phases = vec![phase.into()];
    Ok(rota)
}

/// Repairs `previous` by the rostering core, as [`crate::mip::repair`] does by the MIP (and
/// with the same answer: the repaired rota, its changes and whom to call): first only the
/// days within two of the disruption may change — every other day of every worker is held
/// exactly as it was (the shift, the 1:1 resident it names, the session attended, or nothing)
/// — and if that leaves cover short, the whole month; each cell changed costs
/// [`crate::mip::CHANGE_WEIGHT`] (an on-request for the cell worked before, off-requests on
/// the day's other shift cells). The manager's locks are held as [`compile_locked`] holds
/// them. On the days it may change no cell names a 1:1 resident: a cell kept keeps the name it
/// had and the 1:1 time left unnamed is named after the solve ([`crate::mip::name_after_repair`]),
/// as the MIP's repair does. A previous rota the changed month cannot hold outside the window
/// (a cell now on leave or blocked) goes to the whole month at once. What [`solve_with`]
/// refuses is refused here too ([`refused`]), and a month phase that ends without a roster is
/// answered by [`no_roster`] (until 2026-12-05 the MIP's repair answered for all three). The
/// engine starts from the previous rota less what it can no longer hold, and its exact side
/// models the window alone (the rest held) and stops within half a change of its bound, as
/// the MIP's repair does.
///
/// Production's repair since 2026-12-05 (the server, `wsm solve --previous`): on 40 sick calls
/// of four published two-unit months (repair probe, docs/benchmarks.md) it took 49.8 s in all
/// where `mip::repair` took 58.3 s, 37 calls within 2 s against the MIP's 30, and never
/// changed more cells. Before the namings left the model it took 1.6–5.5 times the MIP's.
pub fn repair(p: &Problem, previous: &Rota, disruption: &crate::mip::Disruption, options: &crate::mip::Options, ctl: crate::mip::Control<'_>) -> Rota {
    let began = std::time::Instant::now();
    if let Err(rota) = refused(p, options) {
        return *rota;
    }
    let window = disruption.window();
    let first = match repair_phase(p, previous, Some(window), options, ctl, began, "core repair window") {
        Ok(rota) => rota,
        Err(e) if ctl.cancelled() => return cancelled_rota(&e, began),
        // The days outside the window cannot be held as they were (a cell there now on leave
        // or blocked), or the window holds no roster: the whole month, as the MIP's repair
        // goes on.
        Err(_) => {
            return match repair_phase(p, previous, None, options, ctl, began, "core repair month") {
                Ok(mut second) => {
                    second.solve.phases.insert(0, "core repair window".into());
                    second
                }
                Err(e) if ctl.cancelled() => cancelled_rota(&e, began),
                Err(e) => no_roster(p, options, Some(previous), &e, began, vec!["core repair window".into(), "core repair month".into()]),
            };
        }
    };
    let good = matches!(first.status, crate::rota::Status::Optimal | crate::rota::Status::Feasible);
    if good || ctl.cancelled() || began.elapsed().as_secs_f64() >= options.time_limit_s {
        return first;
    }
    match repair_phase(p, previous, None, options, ctl, began, "core repair month") {
        Ok(mut second) if second.objective.uncovered_staff_minutes < first.objective.uncovered_staff_minutes => {
            second.solve.phases.insert(0, "core repair window".into());
            second
        }
        _ => {
            let mut first = first;
            first.solve.phases.push("core repair month".into());
            first
        }
    }
}

/// One phase of [`repair`]: the days of `window` (the whole month when `None`) free at a cost
/// per changed cell, every other day held as `previous` has it.
fn repair_phase(p: &Problem, previous: &Rota, window: Option<(NaiveDate, NaiveDate)>, options: &crate::mip::Options, ctl: crate::mip::Control<'_>, began: std::time::Instant, phase: &str) -> Result<Rota, String> {
    let (c, mut start) = compile_repair(p, previous, window, &options.freeze)?;
    // The previous rota is the start, less what the changed month cannot hold (the sick days)
    // and with the locks' cells; the engine constructs instead if that breaks a rule.
    for (e, emp) in c.instance.employees.iter().enumerate() {
        for (d, cell) in start[e].iter_mut().enumerate() {
            if cell.is_some_and(|x| emp.days_off.contains(&d) || emp.blocked.contains(&(d, x))) {
                *cell = None;
            }
        }
        for &(d, x) in &emp.fixed {
            start[e][d] = Some(x);
        }
    }
    // The whole model beside the search whatever the horizon (what is free is a few days, or
    // the month as the MIP's repair has it), stopping within half a change of its bound as
    // the MIP's repair does.
    let engine = crate::engine::Options {
        time_limit_s: (options.time_limit_s - began.elapsed().as_secs_f64()).max(0.5),
        floor: c.offset,
        full_model_max_days: usize::MAX,
        start: Some(start),
        window: window.and_then(|(from, to)| {
            let dates: Vec<NaiveDate> = p.dates().collect();
            let first = dates.iter().position(|&d| d >= from)?;
            Some((first, dates.iter().rposition(|&d| d <= to)? + 1))
        }),
        pricing: Some(false),
        gap: 0.0,
        abs_gap: Some(u64::from(repair_change_weight()) / 2),
        // A small cut pool in the window phase: the window model's root cut rounds took up to
        // 3.3 s with HiGHS's default pool of 10 000 and 1.5 s with 30 (docs/benchmarks.md).
        // The month phase keeps the default: it was not measured with a small pool.
        cut_pool: window.is_some().then_some(30),
        // No local search between neighbourhoods: its second-long slices held the search
        // back from the few days a repair frees (docs/benchmarks.md).
        local_search_s: 0.0,
        ..Default::default()
    };
    let mut rota = run(p, &c, &engine, ctl, began, phase, Some(previous), None)?;
    crate::mip::compare(p, &mut rota, previous);
    Ok(rota)
}

/// What cover and 1:1 time are scaled up by in a repair (the inverse of the MIP's
/// `REPAIR_SOFT_SCALE`, so that every weight stays a whole number).
fn repair_scale_up() -> u32 {
    (1.0 / crate::mip::REPAIR_SOFT_SCALE).round() as u32
}

/// One changed cell in a repair, in core units: `CHANGE_WEIGHT` at the repair's scale.
fn repair_change_weight() -> u32 {
    (crate::mip::CHANGE_WEIGHT * SCALE * f64::from(repair_scale_up())).round() as u32
}

/// The month compiled for a repair phase: the manager's locks held, the days outside
/// `window` held as `previous` has them, a cost per changed cell on the rest, weighed as the
/// MIP weighs a repair; with the previous rota as a core roster.
fn compile_repair(p: &Problem, previous: &Rota, window: Option<(NaiveDate, NaiveDate)>, freeze: &[Frozen]) -> Result<(Compiled, Roster), String> {
    let mut c = compile_locked(p, freeze).map_err(|issues| issues.iter().map(|i| format!("{}: {}", i.path, i.message)).collect::<Vec<_>>().join("; "))?;
    let mut before = c.roster_of(p, previous)?;
    let dates: Vec<NaiveDate> = p.dates().collect();
    let ns = c.types.len();
    // The 1:1 namings as the MIP's repair has them: on a day the repair may change no cell
    // names a resident (unchanged cells keep their names and the rest are named after the
    // solve, `name_after_repair`), so the model carries no named types and no continuity
    // there. With them the core's repair took 1.0–3.8 s where the MIP's took 0.4–1.1 s
    // (docs/benchmarks.md), as the MIP's own repair did with its namings (2.2–5.5 s).
    let named: Vec<usize> = (0..ns).filter(|&x| c.types[x].named().is_some()).collect();
    let unnamed: Vec<usize> = (0..ns).map(|x| c.types.iter().position(|&k| k == c.types[x].unnamed()).unwrap_or(x)).collect();
    let locked: std::collections::HashSet<(usize, usize)> = freeze
        .iter()
        .filter_map(|f| Some((p.staff.iter().position(|s| s.id == f.staff)?, day_of_date(&dates, f.date)?)))
        .collect();
    // Weighed as the MIP weighs a repair: the soft terms (hours, requests, fairness,
    // continuity) scaled down by REPAIR_SOFT_SCALE against cover, unnamed 1:1 time and
    // changes — here, so that every weight stays a whole number, cover and 1:1 time scaled up
    // by its inverse, and a change weighs CHANGE_WEIGHT at that scale.
    let up = repair_scale_up();
    for period in &mut c.instance.periods {
        period.under = period.under.checked_mul(up).ok_or("a cover weight beyond the core's range")?;
    }
    let w = repair_change_weight();
    // The shift cells a free day may take: unnamed ones (alone or with a session).
    let plain: Vec<usize> = (0..ns).filter(|&x| c.types[x].shift().is_some() && c.types[x].named().is_none()).collect();
    let shift_of = |x: usize| c.types[x].shift();
    let mut offset = 0u64;
    for (e, emp) in c.instance.employees.iter_mut().enumerate() {
        // The cells compiled blocked, looked up once each (what this loop blocks on a day is
        // never looked up on it).
        let blocked: std::collections::HashSet<(usize, usize)> = emp.blocked.iter().copied().collect();
        for d in 0..dates.len() {
            let held = window.is_some_and(|(from, to)| dates[d] < from || dates[d] > to);
            let lock = locked.contains(&(e, d));
            if !held || lock {
                emp.blocked.extend(named.iter().map(|&y| (d, y)));
                before[e][d] = before[e][d].map(|x| unnamed[x]);
            }
            // A lock governs its own day.
            if lock {
                continue;
            }
            let was = before[e][d];
            if held {
                // Held as it was: that cell and no other, or nothing.
                let fixed_other = emp.fixed.iter().any(|&(fd, fc)| fd == d && Some(fc) != was);
                if fixed_other || was.is_some_and(|x| emp.days_off.contains(&d) || blocked.contains(&(d, x))) {
                    return Err(format!("{} cannot keep their cell of {} any more", emp.id, dates[d]));
                }
                emp.blocked.extend((0..ns).filter(|&y| Some(y) != was).map(|y| (d, y)));
                if let Some(x) = was {
                    if !emp.fixed.contains(&(d, x)) {
                        emp.fixed.push((d, x));
                    }
                }
                continue;
            }
            // Free at a cost per changed cell: the shift worked before (as a request to work
            // it, with or without a session that day: at most one of those cells is worked, so
            // all but one such request stay unmet, a constant) and any other shift (requests
            // for the day off; named cells are blocked). A session alone is no shift.
            let kept = was.and_then(shift_of);
            if kept.is_some() {
                let same: Vec<usize> = plain.iter().copied().filter(|&y| shift_of(y) == kept && emp.max_shifts[y] > 0 && !blocked.contains(&(d, y))).collect();
                offset += u64::from(w) * (same.len().max(1) as u64 - 1);
                c.instance.on_requests.extend(same.iter().map(|&y| Request { employee: e, day: d, shift: y, weight: w }));
            }
            c.instance.off_requests.extend(plain.iter().filter(|&&y| shift_of(y) != kept).map(|&y| Request { employee: e, day: d, shift: y, weight: w }));
        }
    }
    c.offset += offset;
    Ok((c, before))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::check::check;
    use crate::cq::evaluate;

    fn case(name: &str) -> Problem {
        crate::bench::cases().into_iter().find(|c| c.name == name).expect("a benchmark case").problem
    }

    /// The MIP's rota for a generated month (the October one crosses the DST change) keeps
    /// every rule compiled into the core, and the core counts the staff-minutes it leaves
    /// uncovered as the rota reports them.
    #[test]
    fn a_rota_the_mip_finds_keeps_the_compiled_rules_and_the_core_counts_its_gaps() {
        for name in ["dst-october", "short-staffed"] {
            let p = case(name);
            let rota = crate::mip::solve(&p, crate::mip::Options::new().time_limit(20.0));
            assert!(check(&p, &rota).passes(), "{name}: the MIP's rota passes the checker");
            let c = compile(&p);
            assert_eq!(c.instance.day_minutes.is_empty(), name != "dst-october", "{name}: only the DST month has nights of another length");
            let roster = c.roster_of(&p, &rota).unwrap();
            let ev = evaluate(&c.instance, &roster);
            assert!(ev.feasible(), "{name}: {:?}", ev.violations);
            // Uncovered cover and unnamed 1:1 time alike, and continuity, as the rota has them.
            let missing = rota.objective.uncovered_staff_minutes + rota.objective.one_to_one_unnamed_minutes;
            assert_eq!(ev.under, u64::from(c.cover_per_minute) * missing as u64, "{name}: uncovered staff-minutes and unnamed 1:1 minutes");
            assert_eq!(ev.charges, 120 * u64::from(rota.objective.continuity), "{name}: continuity");
            assert!(rota.assignments.iter().any(|a| a.one_to_one.is_some()), "{name}: the MIP names dedicated workers");
            if name == "short-staffed" {
                assert!(ev.under > 0, "a short-staffed month has gaps");
            }
            assert_eq!(c.assignments_of(&p, &roster).len(), rota.assignments.len());
            assert_eq!(c.supervision_of(&p, &roster).len(), rota.supervision.len(), "{name}: the sessions attended");
            // Everyone due supervision at the first session (their shift that day dropped): the
            // core finds its places exceeded exactly when the checker does.
            let first = &p.supervision_sessions[0];
            let due: Vec<&str> = p.staff.iter().filter(|s| s.supervision_hours > 0).map(|s| s.id.as_str()).collect();
            assert!(due.len() as u32 > first.capacity);
            let crowded = Rota {
                assignments: rota.assignments.iter().filter(|a| a.date != first.date || !due.contains(&a.staff.as_str())).cloned().collect(),
                supervision: due.iter().map(|id| Attendance { staff: id.to_string(), session: 0 }).collect(),
                ..rota.clone()
            };
            let core = evaluate(&c.instance, &c.roster_of(&p, &crowded).unwrap());
            assert!(core.violations.iter().any(|v| v.rule == "capacity"), "{name}: the core sees the session crowded");
            assert!(check(&p, &crowded).violations.iter().any(|v| v.rule == "supervision.capacity"), "{name}: so does the checker");
        }
    }

    /// Two weeks of one unit (a worker on leave, one without nights, a fixed day, requests, two
    /// supervision sessions of six places for ten workers, one of whom is on leave on the
    /// first, a resident with 1:1 time on weekday afternoons), solved by the engine through the
    /// core: the rota passes the checker, every request that can be granted is, every worker
    /// due supervision attends it, the 1:1 time has its dedicated workers, and its gaps, hours,
    /// namings and objective are the core's.
    /// The two-week month of the tests below.
    fn two_weeks() -> Problem {
        let staff: Vec<String> = (1..=13)
            .map(|i| {
                let extra = match i {
                    1 => r#", "leave": [{"from": "2026-12-08", "to": "2026-12-10"}]"#,
                    2 => r#", "nights": false"#,
                    3 => r#", "fixed": [{"date": "2026-12-12", "shift": "N", "unit": "A"}]"#,
                    4 => r#", "requests": [{"date": "2026-12-09", "want": false, "weight": 3}, {"date": "2026-12-11", "shift": "D", "want": true, "weight": 2}]"#,
                    _ => "",
                };
                let supervision = if i <= 10 { r#", "supervision_hours": 2"# } else { "" };
                format!(r#"{{"id": "s{i:02}", "fte": 1.0, "units": ["A"], "max_consecutive_nights": 3{extra}{supervision}}}"#)
            })
            .collect();
        let text = format!(
            r#"{{"version": 1, "start": "2026-12-07", "days": 14, "slot_minutes": 60,
            "shift_types": [{{"id": "D", "start": "07:00", "end": "19:00"}}, {{"id": "N", "start": "19:00", "end": "07:00"}}, {{"id": "L", "start": "15:00", "end": "21:00"}}],
            "units": [{{"id": "A"}}],
            "residents": [
              {{"id": "r1", "unit": "A", "away_weekly": [{{"days": ["mon","tue","wed","thu","fri"], "from": "08:00", "to": "15:00"}}]}},
              {{"id": "r2", "unit": "A", "away_weekly": [{{"days": ["mon","tue","wed","thu","fri"], "from": "08:00", "to": "15:00"}}]}},
              {{"id": "r3", "unit": "A", "one_to_one_weekly": [{{"days": ["mon","tue","wed","thu","fri"], "from": "16:00", "to": "20:00"}}]}},
              {{"id": "r4", "unit": "A"}}, {{"id": "r5", "unit": "A"}}, {{"id": "r6", "unit": "A"}}],
            "staff": [{}],
            "supervision_sessions": [{{"date": "2026-12-09", "from": "10:00", "to": "12:00", "capacity": 6}}, {{"date": "2026-12-16", "from": "10:00", "to": "12:00", "capacity": 6}}],
            "rules": {{"hours_tolerance": 12, "overtime_hours_max": 12}}}}"#,
            staff.join(",")
        );
        Problem::from_json(&text).unwrap()
    }

    #[test]
    fn the_engine_solves_a_month_the_core_states_whole_and_the_checker_passes_it() {
        // Three more carers, so that the month is covered and no request competes with a
        // gap: short-staffed (1200 staff-minutes uncovered), which requests the engine grants
        // hung on the search's path, and one CI run (2026-12-05) ended with s04's day off
        // worked.
        let p = covered_two_weeks();
        assert_eq!(p.validate(), vec![]);
        let options = crate::engine::Options { time_limit_s: 20.0, ..Default::default() };
        let rota = solve(&p, &options).expect("a rota");
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        let worked = |id: &str, date: &str| rota.assignments.iter().find(|a| a.staff == id && a.date.to_string() == date).map(|a| a.shift.clone());
        assert_eq!(worked("s03", "2026-12-12").as_deref(), Some("N"), "the fixed night");
        assert_eq!(worked("s04", "2026-12-09"), None, "the day off asked for");
        assert_eq!(worked("s04", "2026-12-11").as_deref(), Some("D"), "the day shift asked for");
        // s02 works no night (21:00-07:00): no N; D and L (15:00-21:00) do not touch it.
        assert!(rota.assignments.iter().filter(|a| a.staff == "s02").all(|a| !p.touches_night(p.shift(&a.shift).unwrap(), a.date)), "no night for s02");
        assert!(rota.assignments.iter().any(|a| a.staff == "s02"), "s02 works");
        // Supervision: each of s01–s10 attends one session (two hours), s01 the second.
        for i in 1..=10 {
            let id = format!("s{i:02}");
            let attended: Vec<usize> = rota.supervision.iter().filter(|a| a.staff == id).map(|a| a.session).collect();
            assert_eq!(attended.len(), 1, "{id} attends {attended:?}");
        }
        assert!(rota.supervision.iter().all(|a| a.staff <= "s10".to_string()), "only those due supervision attend");
        assert!(rota.supervision.iter().any(|a| a.staff == "s01" && a.session == 1), "s01 is on leave on the first session's day");
        // The core scores the rota's gaps as the rota reports them.
        let c = compile(&p);
        let ev = evaluate(&c.instance, &c.roster_of(&p, &rota).unwrap());
        let missing = rota.objective.uncovered_staff_minutes + rota.objective.one_to_one_unnamed_minutes;
        assert_eq!(ev.under, u64::from(c.cover_per_minute) * missing as u64, "uncovered and unnamed minutes");
        assert_eq!(ev.charges, 120 * u64::from(rota.objective.continuity), "continuity");
        // The 1:1 time (ten weekday afternoons of four hours) has its dedicated workers, and
        // they are few: the MIP's objective counts each one a week.
        assert_eq!(rota.objective.one_to_one_unnamed_minutes, 0, "every 1:1 minute named");
        let named: Vec<&Assignment> = rota.assignments.iter().filter(|a| a.one_to_one.is_some()).collect();
        assert!(named.len() >= 10 && named.iter().all(|a| a.one_to_one.as_deref() == Some("r3")), "{named:?}");
        assert!(rota.objective.continuity <= 6, "continuity {}", rota.objective.continuity);
        // And the hours away from target as the rota reports them; fairness as the MIP counts it
        // to within the core's rounding (up, less than one unit a worker in each category); the
        // core's objective less its constant is the MIP's objective in the core's units, to
        // within the same rounding.
        assert_eq!(ev.target, (rota.objective.hours_deviation * 60.0).round() as u64, "minutes away from target");
        let fair = rota.objective.fairness * crate::mip::FAIRNESS_WEIGHT * SCALE;
        let slack: usize = c.instance.fairness.iter().map(|f| f.members.len()).sum();
        assert!(!c.instance.fairness.is_empty() && slack > 0);
        assert!(ev.fairness as f64 >= fair - 1e-6 && (ev.fairness as f64) < fair + slack as f64, "fairness {} in the core against {fair} × 60 in the MIP", ev.fairness);
        let total = rota.objective.total * SCALE;
        let core = (ev.objective - c.offset) as f64;
        assert!(core >= total - 1e-6 && core < total + slack as f64, "the core's objective {core} against the MIP's {total} (× 60)");
    }

    /// [`two_weeks`] with three more carers (s14–s16, as s13), so that the month is covered.
    fn covered_two_weeks() -> Problem {
        let mut p = two_weeks();
        for i in 14..=16 {
            let mut s = p.staff[12].clone();
            s.id = format!("s{i}");
            p.staff.push(s);
        }
        p
    }

    /// `p` with more sessions on the date of its first, at the given times (hour, minute).
    fn more_sessions(p: &Problem, times: &[((u32, u32), (u32, u32))]) -> Problem {
        let mut more = p.clone();
        for &((h1, m1), (h2, m2)) in times {
            let mut next = more.supervision_sessions[0].clone();
            (next.from, next.to) = (chrono::NaiveTime::from_hms_opt(h1, m1, 0).unwrap(), chrono::NaiveTime::from_hms_opt(h2, m2, 0).unwrap());
            more.supervision_sessions.push(next);
        }
        more
    }

    /// Two sessions of one date an hour apart (10–12 and 13–15: closer than the daily rest, so
    /// nobody may attend both) compile as two session cells of that day, and the core solves
    /// the month: the rota passes the checker and nobody attends both (before 2026-12-05 any
    /// two sessions of one date sent the month to the MIP).
    #[test]
    fn two_sessions_of_one_date_nobody_may_both_attend_compile() {
        let mut p = two_weeks();
        let mut second = p.supervision_sessions[0].clone();
        (second.from, second.to) = (chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap(), chrono::NaiveTime::from_hms_opt(15, 0, 0).unwrap());
        p.supervision_sessions.push(second);
        assert_eq!(p.validate(), vec![]);
        let rota = solve_with(&p, &crate::mip::Options { time_limit_s: 20.0, ..crate::mip::Options::new() }, crate::mip::Control::default());
        assert_eq!(rota.solve.phases, vec!["core".to_string()]);
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        for s in p.staff.iter().filter(|s| s.supervision_hours > 0) {
            let on_the_date = rota.supervision.iter().filter(|a| a.staff == s.id && p.supervision_sessions[a.session].date == p.supervision_sessions[0].date).count();
            assert!(on_the_date <= 1, "{} attends both", s.id);
        }
        // The core states the rule: a roster with a worker in both is a rota it cannot map.
        let c = compile(&p);
        let mut both = rota.clone();
        let who = p.staff.iter().find(|s| s.supervision_hours > 0 && !s.leave.iter().any(|l| l.contains(p.supervision_sessions[0].date))).unwrap();
        both.assignments.retain(|a| !(a.staff == who.id && a.date == p.supervision_sessions[0].date));
        both.supervision.retain(|a| a.staff != who.id);
        both.supervision.extend([0, 2].map(|j| Attendance { staff: who.id.clone(), session: j }));
        assert!(c.roster_of(&p, &both).is_err());
        assert!(!check(&p, &both).passes(), "the checker refuses both too");
        // A worker due four hours, on leave on the third session's date, can attend no rota:
        // the answer says so (before 2026-12-05 the MIP gave them both sessions of one date,
        // a rota the checker refused).
        p.staff[5].supervision_hours = 4;
        p.staff[5].leave.push(crate::problem::DateRange { from: p.supervision_sessions[1].date, to: p.supervision_sessions[1].date });
        let r = solve_with(&p, &crate::mip::Options { time_limit_s: 10.0, ..crate::mip::Options::new() }, crate::mip::Control::default());
        assert_eq!(r.status, crate::rota::Status::Invalid, "{:?} {:?}", r.solve.phases, r.supervision);
        let mip = crate::mip::solve(&p, crate::mip::Options::new().time_limit(10.0));
        assert_eq!(mip.status, crate::rota::Status::Invalid, "the MIP: {:?}", mip.supervision);
    }

    /// Two sessions of one date the daily rest apart (06–08 and 19–21) are one core cell for a
    /// worker who attends both: s06, due four hours and on leave on the other session's date,
    /// must. The core solves the month (before 2026-12-05 the MIP did), the rota passes the
    /// checker, and the roster maps back. Two sessions back to back (10–12, 12–14) are not
    /// such a cell: the checker finds 0 h of rest between them.
    #[test]
    fn two_sessions_the_daily_rest_apart_are_one_core_cell() {
        let back = more_sessions(&two_weeks(), &[((12, 0), (14, 0))]);
        assert!(!compile(&back).types.iter().any(|k| matches!(k, Kind::Together(None, ..))));
        let mut p = two_weeks();
        (p.supervision_sessions[0].from, p.supervision_sessions[0].to) = (chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(), chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        let mut p = more_sessions(&p, &[((19, 0), (21, 0))]);
        p.staff[5].supervision_hours = 4;
        p.staff[5].leave.push(crate::problem::DateRange { from: p.supervision_sessions[1].date, to: p.supervision_sessions[1].date });
        assert_eq!(p.validate(), vec![]);
        let c = compile(&p);
        assert!(c.types.contains(&Kind::Together(None, 0, Some(2), None)), "{:?}", c.types);
        let rota = solve_with(&p, &crate::mip::Options { time_limit_s: 20.0, ..crate::mip::Options::new() }, crate::mip::Control::default());
        assert_eq!(rota.solve.phases, vec!["core".to_string()]);
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        let mut s06: Vec<usize> = rota.supervision.iter().filter(|a| a.staff == "s06").map(|a| a.session).collect();
        s06.sort_unstable();
        assert_eq!(s06, vec![0, 2]);
        let roster = c.roster_of(&p, &rota).unwrap();
        assert!(evaluate(&c.instance, &roster).feasible());
        let att = |a: &[Attendance]| a.iter().map(|x| (x.staff.clone(), x.session)).collect::<HashSet<_>>();
        assert_eq!(att(&c.supervision_of(&p, &roster)), att(&rota.supervision));
    }

    /// Three sessions of one date each two the daily rest apart (00:00–00:20, 11:20–11:40,
    /// 22:40–23:00) are one core cell for a worker who attends all three. Every worker due
    /// supervision is due one hour and these are the only sessions, so each must attend all
    /// three. Until 2026-12-05 such a month was not compiled and production gave it to the
    /// MIP; now the core solves it (phases `["core"]`), the rota passes the checker, and the
    /// roster maps back.
    #[test]
    fn three_sessions_of_one_date_are_one_core_cell() {
        let p = covered_two_weeks();
        let date = p.supervision_sessions[0].date;
        let mut p = more_sessions(&p, &[((0, 0), (0, 20)), ((11, 20), (11, 40)), ((22, 40), (23, 0))]);
        p.supervision_sessions.drain(..2);
        assert!(p.supervision_sessions.iter().all(|x| x.date == date) && p.supervision_sessions.len() == 3);
        for x in &mut p.supervision_sessions {
            x.capacity = 20;
        }
        for s in &mut p.staff {
            let away = s.leave.iter().any(|l| l.contains(date));
            s.supervision_hours = if s.supervision_hours > 0 && !away { 1 } else { 0 };
        }
        let due: Vec<String> = p.staff.iter().filter(|s| s.supervision_hours > 0).map(|s| s.id.clone()).collect();
        assert!(due.len() >= 8, "{due:?}");
        assert_eq!(p.validate(), vec![]);
        let c = compile(&p);
        assert!(c.types.contains(&Kind::Together(None, 0, Some(1), Some(2))), "{:?}", c.types);
        let rota = solve_with(&p, &crate::mip::Options { time_limit_s: 20.0, ..crate::mip::Options::new() }, crate::mip::Control::default());
        assert_eq!(rota.solve.phases, vec!["core".to_string()], "{:?}", rota.issues);
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        for id in &due {
            let mut attended: Vec<usize> = rota.supervision.iter().filter(|a| &a.staff == id).map(|a| a.session).collect();
            attended.sort_unstable();
            assert_eq!(attended, vec![0, 1, 2], "{id}");
            assert!(!rota.assignments.iter().any(|a| &a.staff == id && a.date == date), "{id} works no shift beside them");
        }
        let roster = c.roster_of(&p, &rota).unwrap();
        assert!(evaluate(&c.instance, &roster).feasible());
        let att = |a: &[Attendance]| a.iter().map(|x| (x.staff.clone(), x.session)).collect::<HashSet<_>>();
        assert_eq!(att(&c.supervision_of(&p, &roster)), att(&rota.supervision));
    }

    /// Rule for rule, the core and the checker agree on the rules compiled exactly: a worker's
    /// row breaks one in the core exactly when the checker finds that worker on leave, in an
    /// unavailable time, on a night they may not work, off a fixed day, in a unit not theirs,
    /// without daily or weekly rest, without a free Sunday or over their nights in a row. Rows of a
    /// solved month with a few cells changed at random (supervision left out: sessions are
    /// not compiled).
    /// The two-week month with its sessions at 06:00–08:00, which a night shift (19:00) may
    /// follow the same day: s05 has fixed nights on both session dates, so attends one beside a
    /// night.
    fn sessions_beside_nights() -> Problem {
        let mut p = two_weeks();
        for ses in &mut p.supervision_sessions {
            (ses.from, ses.to) = (chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(), chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        }
        let fixed = |date: &str| crate::problem::Fixed { date: date.parse().unwrap(), shift: "N".into(), unit: "A".into() };
        p.staff[4].fixed = vec![fixed("2026-12-09"), fixed("2026-12-16")];
        assert_eq!(p.validate(), vec![]);
        p
    }

    /// A shift that may share a day with a supervision session (the daily rest apart) is one
    /// cell with it (`Kind::Together`): such a month compiles whole and production solves it
    /// by the core, not the MIP (before 2026-12-05 the MIP answered for it). The rota passes
    /// the checker; the worker fixed to nights on both session dates attends one beside its
    /// night; the core's roster of a rota and back gives the same rota, for the core's rota
    /// and for the MIP's, whose gaps the core counts as the rota reports them; the core's
    /// repair of a sick call there passes the checker too.
    #[test]
    fn a_session_and_a_night_on_one_day_are_one_core_cell() {
        use crate::mip::{Control, Disruption, Options};
        use crate::problem::DateRange;
        let p = sessions_beside_nights();
        let c = compile(&p);
        let with: Vec<Kind> = c.types.iter().copied().filter(|k| matches!(k, Kind::Together(..))).collect();
        // N (19:00) is 11 h after 08:00; D (07:00) and L (15:00) are closer: one unit, two
        // sessions, N alone or naming r3.
        assert_eq!(with.len(), 4, "{with:?}");
        assert!(with.iter().all(|k| k.shift().is_some_and(|(t, _)| p.shift_types[t].id == "N")));
        let rota = solve_with(&p, &Options { time_limit_s: 20.0, ..Options::new() }, Control::default());
        assert_eq!(rota.solve.phases, vec!["core".to_string()]);
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        let both = p.supervision_sessions.iter().enumerate().any(|(j, ses)| rota.supervision.iter().any(|a| a.staff == "s05" && a.session == j) && rota.assignments.iter().any(|a| a.staff == "s05" && a.date == ses.date && a.shift == "N"));
        assert!(both, "s05 attends a session on a day of its night: {:?}", rota.supervision);
        let mip = crate::mip::solve(&p, Options::new().time_limit(20.0));
        assert!(check(&p, &mip).passes());
        for (who, r) in [("core", &rota), ("MIP", &mip)] {
            let roster = c.roster_of(&p, r).unwrap();
            assert!(roster.iter().flatten().flatten().any(|&x| matches!(c.types[x], Kind::Together(..))), "{who}: a shift with a session");
            let ev = evaluate(&c.instance, &roster);
            assert!(ev.feasible(), "{who}: {:?}", ev.violations);
            let missing = r.objective.uncovered_staff_minutes + r.objective.one_to_one_unnamed_minutes;
            assert_eq!(ev.under, u64::from(c.cover_per_minute) * missing as u64, "{who}: uncovered and unnamed minutes");
            let set = |a: &[Assignment]| a.iter().cloned().collect::<HashSet<_>>();
            assert_eq!(set(&c.assignments_of(&p, &roster)), set(&r.assignments), "{who}: the shifts");
            let att = |a: &[Attendance]| a.iter().map(|x| (x.staff.clone(), x.session)).collect::<HashSet<_>>();
            assert_eq!(att(&c.supervision_of(&p, &roster)), att(&r.supervision), "{who}: the sessions");
        }
        // A session's places count its cells beside a shift: every worker due supervision at
        // the first session breaks them, in the core as in the checker.
        let first = p.supervision_sessions[0].date;
        let crowded = Rota { supervision: p.staff.iter().filter(|s| s.supervision_hours > 0 && !s.leave.iter().any(|l| l.contains(first))).map(|s| Attendance { staff: s.id.clone(), session: 0 }).collect(), ..rota.clone() };
        let crowded_roster = c.roster_of(&p, &Rota { assignments: crowded.assignments.iter().filter(|a| a.date != first || a.shift == "N").cloned().collect(), ..crowded.clone() }).unwrap();
        assert!(evaluate(&c.instance, &crowded_roster).violations.iter().any(|v| v.rule == "capacity"));
        // The core's repair: a worker with a shift on the second session's date who does not
        // attend it falls ill that day (not s05, whose nights are fixed: a fixed day on leave
        // does not validate; and not one who attends that session, whose supervision could
        // then move only to a session outside the window).
        let day = p.supervision_sessions[1].date;
        let attends = |id: &str| rota.supervision.iter().any(|a| a.staff == id && a.session == 1);
        let sick = rota.assignments.iter().filter(|a| a.date == day && a.staff != "s05" && !attends(&a.staff)).min_by_key(|a| (a.shift != "N", a.staff.clone())).expect("a worker that day not at the session").staff.clone();
        let mut changed = p.clone();
        changed.staff.iter_mut().find(|s| s.id == sick).unwrap().leave.push(DateRange { from: day, to: day });
        assert_eq!(changed.validate(), vec![]);
        let r = repair(&changed, &rota, &Disruption { from: day, to: day }, &Options { time_limit_s: 20.0, ..Options::new() }, Control::default());
        assert!(r.solve.phases.iter().all(|x| x.starts_with("core repair")), "{:?}", r.solve.phases);
        let report = check(&changed, &r);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        assert!(!r.assignments.iter().any(|a| a.staff == sick && a.date == day));
        assert!(!r.supervision.iter().any(|a| a.staff == sick && a.session == 1));
    }

    #[test]
    fn the_core_and_the_checker_agree_on_the_compiled_rules_cell_by_cell() {
        const EXACT: [&str; 10] = ["leave", "unavailable", "nights", "fixed", "assignment.unit", "daily_rest", "weekly_rest", "free_sunday", "max_consecutive_nights", "supervision.hours"];
        const CORE: [&str; 8] = ["day_off", "blocked", "fixed", "max_shifts", "succession", "limit", "rest", "quota"];
        let p = case("dst-october");
        let rota = crate::mip::solve(&p, crate::mip::Options::new().time_limit(20.0));
        let c = compile(&p);
        assert!(c.types.iter().any(|k| matches!(k, Kind::Session(_))), "the month's sessions compile");
        let start = c.roster_of(&p, &rota).unwrap();
        // Cells are changed to shifts or days off (a session cell so changed is attendance lost).
        let (ne, h, ns) = (c.instance.employees.len(), c.instance.days, c.types.iter().filter(|k| matches!(k, Kind::Shift(..))).count());
        let mut g = 0x2545_F491_4F6C_DD1Du64;
        let mut below = |n: usize| {
            g ^= g << 13;
            g ^= g >> 7;
            g ^= g << 17;
            (g % n as u64) as usize
        };
        let (mut broken, mut kept) = (0, 0);
        for round in 0..150 {
            let mut roster = start.clone();
            let e = below(ne);
            for _ in 0..1 + below(3) {
                let (d, v) = (below(h), below(ns + 2));
                roster[e][d] = (v < ns).then_some(v);
            }
            let perturbed = Rota { assignments: c.assignments_of(&p, &roster), supervision: c.supervision_of(&p, &roster), ..rota.clone() };
            let report = check(&p, &perturbed);
            let wsm: HashSet<&str> = report.violations.iter().filter(|v| EXACT.contains(&v.rule.as_str())).filter_map(|v| v.staff.as_deref()).collect();
            let ev = evaluate(&c.instance, &roster);
            let core: HashSet<&str> = ev.violations.iter().filter(|v| CORE.contains(&v.rule.as_str())).map(|v| v.employee.as_str()).collect();
            assert_eq!(core, wsm, "round {round}: the core finds {:?}, the checker {:?}", ev.violations, report.violations);
            if wsm.is_empty() {
                kept += 1;
            } else {
                broken += 1;
            }
        }
        assert!(broken > 20 && kept > 20, "{broken} changed rows broke a rule, {kept} kept them");
    }

    /// The production path (`solve_with`, what the server runs): the core answers, holding the
    /// manager's locks — a late shift a worker would not otherwise work, a day off, a day shift
    /// that may also name the 1:1 resident — and reports progress in the MIP's terms, the last
    /// report being the rota returned; a lock the month cannot hold, input that does not
    /// validate and a gap out of range are invalid rotas naming the field, with no solve; a
    /// cancel ends it at once.
    #[test]
    fn production_solves_by_the_core_holding_locks_and_reporting_progress() {
        use crate::mip::{Control, Options, Progress};
        use crate::rota::{Cell, Status};
        let p = two_weeks();
        let date = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cell = |shift: &str| Some(Cell { shift: shift.into(), unit: "A".into() });
        let freeze = vec![
            Frozen { staff: "s05".into(), date: date("2026-12-10"), cell: cell("L") },
            Frozen { staff: "s06".into(), date: date("2026-12-10"), cell: None },
            Frozen { staff: "s07".into(), date: date("2026-12-14"), cell: cell("D") },
            Frozen { staff: "s08".into(), date: date("2026-12-15"), cell: cell("L") },
        ];
        let seen: std::sync::Mutex<Vec<Progress>> = std::sync::Mutex::new(Vec::new());
        let report = |x: &Progress| seen.lock().unwrap().push(x.clone());
        let options = Options { time_limit_s: 20.0, freeze: freeze.clone(), ..Options::new() };
        let rota = solve_with(&p, &options, Control { cancel: None, progress: Some(&report) });
        assert_eq!(rota.solve.phases, vec!["core".to_string()], "{:?}", rota.issues);
        let report = check(&p, &rota);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        let worked = |id: &str, d: &str| rota.assignments.iter().find(|a| a.staff == id && a.date == date(d)).map(|a| (a.shift.clone(), a.unit.clone()));
        assert_eq!(worked("s05", "2026-12-10"), Some(("L".into(), "A".into())));
        assert_eq!(worked("s06", "2026-12-10"), None);
        assert_eq!(worked("s07", "2026-12-14"), Some(("D".into(), "A".into())));
        assert_eq!(worked("s08", "2026-12-15"), Some(("L".into(), "A".into())));
        let seen = seen.into_inner().unwrap();
        assert!(!seen.is_empty(), "progress was reported");
        assert!(seen.windows(2).all(|w| w[0].solutions <= w[1].solutions && w[0].millis <= w[1].millis && w[0].objective >= w[1].objective), "{seen:?}");
        let last = seen.last().unwrap();
        assert!((last.objective.unwrap() - rota.objective.total).abs() < 1e-6, "last report {last:?} against the rota's {:?}", rota.objective);
        assert_eq!(last.uncovered_staff_minutes, Some(rota.objective.uncovered_staff_minutes));
        assert!(last.solutions >= 1 && last.solutions == rota.solve.solutions, "{last:?} {:?}", rota.solve);
        if rota.objective.uncovered_staff_minutes == 0 {
            let first = seen.iter().find(|x| x.uncovered_staff_minutes == Some(0)).expect("a covered report");
            assert_eq!(rota.solve.first_covered_millis, Some(first.millis), "the first covered time is the first covered report's");
        }

        // s01 is on leave on 2026-12-09: the lock is named, and nothing is solved.
        let bad = vec![Frozen { staff: "s01".into(), date: date("2026-12-09"), cell: cell("D") }];
        assert_eq!(compile_locked(&p, &bad).unwrap_err().iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), vec!["freeze[0]"]);
        let refused = |p: &Problem, options: &Options| {
            let r = solve_with(p, options, Control::default());
            assert_eq!(r.status, Status::Invalid);
            assert!(r.solve.phases.is_empty() && r.assignments.is_empty(), "{:?}", r.solve);
            r.issues.iter().map(|i| i.path.clone()).collect::<Vec<_>>()
        };
        assert_eq!(refused(&p, &Options { time_limit_s: 20.0, freeze: bad.clone(), ..Options::new() }), vec!["freeze[0]"]);
        let unknown = [Frozen { staff: "s99".into(), date: date("2026-12-09"), cell: None }, Frozen { staff: "s02".into(), date: date("2026-12-09"), cell: Some(Cell { shift: "X".into(), unit: "A".into() }) }];
        assert_eq!(refused(&p, &Options { freeze: unknown[..1].to_vec(), ..Options::new() }), vec!["freeze[0].staff"]);
        assert_eq!(refused(&p, &Options { freeze: unknown[1..].to_vec(), ..Options::new() }), vec!["freeze[0].cell"]);
        // Every bad lock at once, in the locks' order (a worker's locks are compiled with the
        // worker, so s01's comes up before s02's and s99's), a good one among them unnamed.
        let all: Vec<Frozen> = [freeze[0].clone(), unknown[1].clone(), bad[0].clone(), unknown[0].clone()].into();
        assert_eq!(refused(&p, &Options { freeze: all, ..Options::new() }), vec!["freeze[1].cell", "freeze[2]", "freeze[3].staff"]);
        assert_eq!(refused(&p, &Options { mip_gap: 1.5, ..Options::new() }), vec!["options.mip_gap"]);
        let mut broken = p.clone();
        broken.staff[1].units.clear();
        assert!(!broken.validate().is_empty());
        assert_eq!(refused(&broken, &Options::new()), broken.validate().into_iter().map(|i| i.path).collect::<Vec<_>>());

        // Cancelled before it starts: back at once, marked cancelled.
        let stop = std::sync::atomic::AtomicBool::new(true);
        let r = solve_with(&p, &Options { time_limit_s: 120.0, ..Options::new() }, Control { cancel: Some(&stop), progress: None });
        assert!(r.solve.cancelled, "{:?}", r.solve);
        assert!(r.solve.millis < 60_000, "a cancel ends the solve ({} ms)", r.solve.millis);
    }

    /// When the engine ends without a roster production asks no other solver: a worker whose
    /// own rules contradict each other (s05 fixed to four nights in a row, three allowed) gets
    /// an invalid rota giving the engine's reason, found and proven long before the time limit
    /// (the engine stops on the proof), and the greedy construction (which breaks the rule
    /// too) is not passed off as a rota; where the greedy keeps every rule (a time limit too
    /// short for the engine's construction) it is the answer, checked.
    #[test]
    fn without_a_roster_production_answers_from_the_core_alone() {
        use crate::mip::{Control, Options};
        use crate::rota::Status;
        let mut p = two_weeks();
        let nights = ["2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"];
        p.staff[4].fixed = nights.iter().map(|d| crate::problem::Fixed { date: d.parse().unwrap(), shift: "N".into(), unit: "A".into() }).collect();
        assert_eq!(p.validate(), vec![]);
        let r = solve_with(&p, &Options { time_limit_s: 120.0, ..Options::new() }, Control::default());
        assert_eq!(r.status, Status::Invalid, "{:?}", r.solve.phases);
        assert!(r.issues.iter().any(|i| i.path == "$" && i.message.starts_with("no rota: no roster exists")), "{:?}", r.issues);
        assert!(r.solve.millis < 60_000, "the proof ends the solve, not the limit ({} ms)", r.solve.millis);
        assert_eq!(r.solve.phases.len(), 1, "{:?}", r.solve.phases);
        assert!(r.solve.phases[0].starts_with("core: "), "{:?}", r.solve.phases);

        let p = two_weeks();
        let began = std::time::Instant::now();
        let r = no_roster(&p, &Options::new(), None, "a reason", began, vec!["core".into()]);
        assert_eq!(r.solve.phases, vec!["core: a reason".to_string(), "greedy".to_string()], "{:?}", r.issues);
        let report = check(&p, &r);
        assert!(report.passes(), "checker: {:#?}", report.violations);
    }

    /// A sick call repaired by the core: the sick worker is off, the days outside the window
    /// are exactly as they were (shifts, the 1:1 residents they name, sessions attended), the
    /// changes are the difference and whom to call are the workers given a shift; the rota
    /// passes the checker. A previous rota the changed month cannot hold outside the window is
    /// the MIP's to repair.
    #[test]
    fn the_core_repairs_a_sick_call_holding_everything_outside_the_window() {
        use crate::mip::{Control, Disruption, Options};
        use crate::problem::DateRange;
        use crate::rota::Status;
        // Three more carers, so that the month is covered before the sick call.
        let p = covered_two_weeks();
        let date = |s: &str| s.parse::<NaiveDate>().unwrap();
        let published = solve_with(&p, &Options { time_limit_s: 20.0, ..Options::new() }, Control::default());
        assert!(check(&p, &published).passes());
        assert_eq!(published.objective.uncovered_staff_minutes, 0);
        assert!(published.assignments.iter().any(|a| a.one_to_one.is_some()) && !published.supervision.is_empty());
        let sick = published.assignments.iter().find(|a| a.date == date("2026-12-14") && a.one_to_one.is_some()).or_else(|| published.assignments.iter().find(|a| a.date == date("2026-12-14"))).unwrap().staff.clone();
        let mut changed = p.clone();
        changed.staff.iter_mut().find(|s| s.id == sick).unwrap().leave.push(DateRange { from: date("2026-12-14"), to: date("2026-12-14") });
        let disruption = Disruption { from: date("2026-12-14"), to: date("2026-12-14") };
        let r = repair(&changed, &published, &disruption, &Options { time_limit_s: 20.0, ..Options::new() }, Control::default());
        assert_eq!(r.solve.phases, vec!["core repair window".to_string()], "{:?} {:?}", r.status, r.issues);
        assert!(matches!(r.status, Status::Optimal | Status::Feasible), "{:?}", r.status);
        let report = check(&changed, &r);
        assert!(report.passes(), "checker: {:#?}", report.violations);
        assert!(!r.assignments.iter().any(|a| a.staff == sick && a.date == date("2026-12-14")));
        let outside = |d: NaiveDate| d < date("2026-12-12") || d > date("2026-12-16");
        let held = |rota: &Rota| -> HashSet<Assignment> { rota.assignments.iter().filter(|a| outside(a.date)).cloned().collect() };
        assert_eq!(held(&r), held(&published), "outside 12–16 December nothing moved, 1:1 names included");
        // Inside it too a cell kept keeps the resident it named (the model names none there).
        for a in r.assignments.iter().filter(|a| !outside(a.date)) {
            if let Some(b) = published.assignments.iter().find(|b| (&b.staff, b.date, &b.shift, &b.unit) == (&a.staff, a.date, &a.shift, &a.unit) && b.one_to_one.is_some()) {
                assert_eq!(a.one_to_one, b.one_to_one, "{} on {}: a kept cell renamed", a.staff, a.date);
            }
        }
        let sessions = |rota: &Rota| -> HashSet<(String, usize)> { rota.supervision.iter().filter(|x| outside(p.supervision_sessions[x.session].date)).map(|x| (x.staff.clone(), x.session)).collect() };
        assert_eq!(sessions(&r), sessions(&published), "and the sessions attended outside it");
        assert!(!r.changes.is_empty());
        let counted: usize = r.changes.iter().map(|c| usize::from(c.before.is_some()) + usize::from(c.after.is_some())).sum();
        assert_eq!(r.objective.changes as usize, counted);
        let cells = |rota: &Rota| -> HashSet<(String, NaiveDate, String, String)> { rota.assignments.iter().map(|a| (a.staff.clone(), a.date, a.shift.clone(), a.unit.clone())).collect() };
        assert_eq!(cells(&r).symmetric_difference(&cells(&published)).count(), counted);
        let mut called: Vec<String> = r.changes.iter().filter(|c| c.after.is_some()).map(|c| c.staff.clone()).chain(r.attendance_changes.iter().filter(|c| c.attends).map(|c| c.staff.clone())).collect();
        called.sort();
        called.dedup();
        assert_eq!(r.call, called);

        // In the compiled repair a roster that moves anything outside the window breaks a
        // rule: a shift added on a day off there, or a shift renamed to another 1:1 resident
        // or unnamed; and a cell changed inside costs two changes.
        let window = (date("2026-12-12"), date("2026-12-16"));
        let (c, before) = compile_repair(&changed, &published, Some(window), &[]).unwrap();
        let dates: Vec<NaiveDate> = changed.dates().collect();
        let base = evaluate(&c.instance, &before);
        assert!(!base.violations.iter().any(|v| v.rule == "blocked" || v.rule == "fixed"), "{:?}", base.violations);
        let unit_shift = c.types.iter().position(|k| matches!(k, Kind::Shift(..))).unwrap();
        let (e, d) = (0..before.len()).flat_map(|e| (0..dates.len()).map(move |d| (e, d))).find(|&(e, d)| outside(dates[d]) && before[e][d].is_none() && !changed.staff[e].leave.iter().any(|l| l.contains(dates[d]))).unwrap();
        let mut added = before.clone();
        added[e][d] = Some(unit_shift);
        assert!(evaluate(&c.instance, &added).violations.iter().any(|v| v.rule == "blocked"), "a shift added outside the window");
        let (e, d, x) = (0..before.len()).flat_map(|e| (0..dates.len()).map(move |d| (e, d))).filter(|&(_, d)| outside(dates[d])).find_map(|(e, d)| before[e][d].filter(|&x| matches!(c.types[x], Kind::Named(..))).map(|x| (e, d, x))).expect("a named shift outside the window");
        let alike = (0..c.types.len()).find(|&y| y != x && c.types[y].shift() == c.types[x].shift()).unwrap();
        let mut renamed = before.clone();
        renamed[e][d] = Some(alike);
        assert!(evaluate(&c.instance, &renamed).violations.iter().any(|v| v.rule == "blocked" || v.rule == "fixed"), "a 1:1 naming changed outside the window");
        let (e, d, x) = (0..before.len()).flat_map(|e| (0..dates.len()).map(move |d| (e, d))).filter(|&(_, d)| !outside(dates[d])).find_map(|(e, d)| before[e][d].filter(|&x| matches!(c.types[x], Kind::Shift(..))).map(|x| (e, d, x))).unwrap();
        let other = (0..c.types.len()).find(|&y| matches!(c.types[y], Kind::Shift(..)) && c.types[y].shift() != c.types[x].shift()).unwrap();
        let mut moved = before.clone();
        moved[e][d] = Some(other);
        let ev = evaluate(&c.instance, &moved);
        let change = (crate::mip::CHANGE_WEIGHT * SCALE / crate::mip::REPAIR_SOFT_SCALE).round() as u64;
        assert_eq!(ev.on_requests + ev.off_requests - base.on_requests - base.off_requests, 2 * change, "one cell changed inside: before and after");

        // The previous rota has the sick worker on a day outside the window too: the window
        // cannot be held, so the core repairs over the whole month, as the MIP's repair does.
        let a = published.assignments.iter().find(|a| a.staff == sick && a.date > date("2026-12-16")).or_else(|| published.assignments.iter().find(|a| a.staff == sick && a.date < date("2026-12-12"))).expect("the sick worker works another day");
        let mut longer = changed.clone();
        longer.staff.iter_mut().find(|s| s.id == sick).unwrap().leave.push(DateRange { from: a.date, to: a.date });
        let r = repair(&longer, &published, &disruption, &Options { time_limit_s: 10.0, ..Options::new() }, Control::default());
        assert_eq!(r.solve.phases, vec!["core repair window".to_string(), "core repair month".to_string()], "{:?} {:?}", r.status, r.issues);
        assert!(check(&longer, &r).passes(), "checker: {:#?}", check(&longer, &r).violations);
        assert!(!r.assignments.iter().any(|x| x.staff == sick && (x.date == a.date || x.date == date("2026-12-14"))));
    }
}
