//! The dedicated 1:1 worker (domain.md §4: each resident in a 1:1 period adds one dedicated
//! worker for that period). A rota names, per shift, the 1:1 resident the worker is dedicated
//! to (`Assignment::one_to_one`); continuity counts the different workers named for a resident
//! in a week, and 1:1 time with nobody named is reported and weighted like uncovered cover.
//!
//! The model builder uses [`weeks`], [`week_cap`] and [`min_cover`]; the rest measures and
//! completes the naming of a given set of assignments (the greedy construction, hand edits).

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::calendar::instant;
use crate::problem::Problem;
use crate::rota::Assignment;

/// Minutes since the epoch of an assignment's shift (start, end), if its shift type exists.
pub fn span(p: &Problem, a: &Assignment) -> Option<(i64, i64)> {
    let t = p.shift(&a.shift)?;
    let (s, e) = t.interval(a.date);
    Some((instant(p.tz(), s).timestamp() / 60, instant(p.tz(), e).timestamp() / 60))
}

/// Week of the horizon (days 1–7 are week 0) a date belongs to.
pub fn week_of(p: &Problem, date: NaiveDate) -> usize {
    ((date - p.start).num_days().max(0) / 7) as usize
}

/// Per 1:1 resident, per week of the horizon, the intervals (epoch minutes, merged, in order)
/// of 1:1 time when the resident is present.
pub fn weeks(p: &Problem) -> Vec<(usize, Vec<Vec<(i64, i64)>>)> {
    let slots = crate::demand::slots(p);
    let n_weeks = (p.days as usize).div_ceil(7);
    let mut out = Vec::new();
    for (r, res) in p.residents.iter().enumerate() {
        if res.one_to_one_weekly.is_empty() && res.one_to_one.is_empty() {
            continue;
        }
        let mut per_week: Vec<Vec<(i64, i64)>> = vec![Vec::new(); n_weeks];
        for slot in &slots {
            let at = slot.start.naive_local();
            let away = res.away_weekly.iter().any(|w| w.contains(at)) || res.away.iter().any(|i| i.contains(at));
            let one = res.one_to_one_weekly.iter().any(|w| w.contains(at)) || res.one_to_one.iter().any(|i| i.contains(at));
            if away || !one {
                continue;
            }
            let week = week_of(p, at.date()).min(n_weeks - 1);
            let (a, b) = (slot.start.timestamp() / 60, slot.end.timestamp() / 60);
            let list = &mut per_week[week];
            match list.last_mut() {
                Some(last) if last.1 == a => last.1 = b,
                _ => list.push((a, b)),
            }
        }
        out.push((r, per_week));
    }
    out
}

/// The most shifts one worker can start in week `week` of the horizon: one a day, and in a
/// full week (the weeks where weekly rest is checked) six when no two shifts on consecutive
/// days, nor the week's edges, leave the weekly rest free between them (then a week with a
/// shift every day has no weekly rest).
pub fn week_cap(p: &Problem, week: usize) -> usize {
    let days = (p.days as usize).saturating_sub(7 * week).min(7);
    if days < 7 || p.shift_types.is_empty() {
        return days;
    }
    let minutes = |t: chrono::NaiveTime| i64::from(chrono::Timelike::num_seconds_from_midnight(&t) / 60);
    let end_offset = |t: &crate::problem::ShiftType| if t.end <= t.start { minutes(t.end) + 1440 } else { minutes(t.end) };
    let latest_start = p.shift_types.iter().map(|t| minutes(t.start)).max().unwrap_or(0);
    let earliest_end = p.shift_types.iter().map(end_offset).min().unwrap_or(0);
    // Free time before the week's first shift, between shifts on consecutive days, after the
    // week's last shift; one hour more for a DST change.
    let longest = latest_start.max(1440 + latest_start - earliest_end).max(1440 - earliest_end) + 60;
    if longest < i64::from(p.rules.weekly_rest_hours) * 60 {
        6
    } else {
        7
    }
}

/// `from..to` cut at every one of `points` inside it, in order: pieces that a shift starting
/// or ending only at such points holds whole or not at all.
pub fn cut(from: i64, to: i64, points: impl IntoIterator<Item = i64>) -> Vec<(i64, i64)> {
    let mut cuts: Vec<i64> = vec![from, to];
    cuts.extend(points.into_iter().filter(|t| *t > from && *t < to));
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The fewest `intervals` that cover every one of `segments` (each a piece of time that an
/// interval either holds whole or not at all); segments no interval holds are skipped. The
/// greedy choice (the interval holding the first uncovered segment that reaches furthest) is
/// optimal for covering points on a line.
pub fn min_cover(segments: &[(i64, i64)], intervals: &[(i64, i64)]) -> usize {
    let mut segs: Vec<(i64, i64)> = segments.iter().copied().filter(|(a, b)| intervals.iter().any(|(s, e)| s <= a && b <= e)).collect();
    segs.sort_unstable();
    let mut count = 0;
    let mut i = 0;
    while i < segs.len() {
        let (a, b) = segs[i];
        let reach = intervals.iter().filter(|(s, e)| *s <= a && b <= *e).map(|(_, e)| *e).max().expect("kept segments are held");
        count += 1;
        while i < segs.len() && segs[i].1 <= reach {
            i += 1;
        }
    }
    count
}

/// The fewest different workers who can hold `segments` (1:1 time of week `week` that only
/// `shifts` — the week's possible shifts, by the day they start — can hold): at least the
/// fewest shifts that hold them all over the most one worker can take in the week, and at
/// least the fewest shifts one day needs (one shift a day each).
pub fn least_workers(p: &Problem, week: usize, segments: &[(i64, i64)], shifts: &[(NaiveDate, (i64, i64))]) -> usize {
    let all: Vec<(i64, i64)> = shifts.iter().map(|(_, iv)| *iv).collect();
    let by_week = min_cover(segments, &all).div_ceil(week_cap(p, week).max(1));
    let dates: HashSet<NaiveDate> = shifts.iter().map(|(d, _)| *d).collect();
    let by_day = dates
        .into_iter()
        .map(|d| {
            let held_by = |seg: &(i64, i64), pred: &dyn Fn(NaiveDate) -> bool| shifts.iter().filter(|(_, (s, e))| *s <= seg.0 && seg.1 <= *e).all(|(x, _)| pred(*x));
            let only_today: Vec<(i64, i64)> = segments.iter().copied().filter(|seg| held_by(seg, &|x| x == d)).collect();
            let today: Vec<(i64, i64)> = shifts.iter().filter(|(x, _)| *x == d).map(|(_, iv)| *iv).collect();
            min_cover(&only_today, &today)
        })
        .max()
        .unwrap_or(0);
    by_week.max(by_day)
}

/// A lower bound no rota can beat, from the 1:1 time alone: `(workers, segment)`. Any rota
/// either names a dedicated worker for all the 1:1 time some shift could hold — and then its
/// continuity is at least `workers` (per resident and week, the fewest shifts that can hold the
/// week's 1:1 time, over the most one worker can take that week, rounded up) — or leaves some
/// holdable 1:1 time unnamed, at least `segment` minutes (the shortest piece of 1:1 time
/// between two shift boundaries). Shifts of every type on every day count as possible, so
/// the bound holds whoever is on leave.
pub fn floor(p: &Problem) -> (u32, i64) {
    let first = p.start - chrono::Duration::days(1);
    let shifts: Vec<(NaiveDate, (i64, i64))> = (0..=p.days as i64)
        .flat_map(|k| {
            let date = first + chrono::Duration::days(k);
            p.shift_types.iter().map(move |t| {
                let (s, e) = t.interval(date);
                (date, (instant(p.tz(), s).timestamp() / 60, instant(p.tz(), e).timestamp() / 60))
            })
        })
        .collect();
    let (mut workers, mut shortest) = (0u32, i64::MAX);
    for (_, weeks) in weeks(p) {
        for (week, intervals) in weeks.iter().enumerate() {
            let mut segments = Vec::new();
            for &(from, to) in intervals {
                for (x, y) in cut(from, to, shifts.iter().flat_map(|(_, (s, e))| [*s, *e])) {
                    let holders: Vec<&(NaiveDate, (i64, i64))> = shifts.iter().filter(|(_, (s, e))| *s <= x && y <= *e).collect();
                    if holders.is_empty() {
                        continue;
                    }
                    shortest = shortest.min(y - x);
                    if holders.iter().all(|(d, _)| *d >= p.start && week_of(p, *d) == week) {
                        segments.push((x, y));
                    }
                }
            }
            let in_week: Vec<(NaiveDate, (i64, i64))> = shifts.iter().copied().filter(|(d, _)| *d >= p.start && week_of(p, *d) == week).collect();
            workers += least_workers(p, week, &segments, &in_week) as u32;
        }
    }
    (workers, shortest)
}

/// Continuity of a set of assignments: Σ over 1:1 residents and weeks of the different
/// workers named as the resident's dedicated worker (weeks by the day the shift starts).
pub fn continuity(p: &Problem, assignments: &[Assignment]) -> u32 {
    let mut n = 0;
    for (r, _) in weeks(p) {
        let id = &p.residents[r].id;
        let who: HashSet<(usize, &str)> = assignments.iter().filter(|a| a.one_to_one.as_ref() == Some(id)).map(|a| (week_of(p, a.date), a.staff.as_str())).collect();
        n += who.len() as u32;
    }
    n
}

/// Minutes of 1:1 time (residents present) in which no shift in the resident's unit names the
/// resident.
pub fn unnamed_minutes(p: &Problem, assignments: &[Assignment]) -> i64 {
    let mut total = 0;
    for (r, weeks) in weeks(p) {
        let res = &p.residents[r];
        let mut named: Vec<(i64, i64)> = assignments.iter().filter(|a| a.one_to_one.as_ref() == Some(&res.id) && a.unit == res.unit).filter_map(|a| span(p, a)).collect();
        named.sort_unstable();
        for &(from, to) in weeks.iter().flatten() {
            let mut t = from;
            for &(s, e) in &named {
                if e <= t || s >= to {
                    continue;
                }
                if s > t {
                    total += s.min(to) - t;
                }
                t = t.max(e.min(to));
            }
            total += to - t;
        }
    }
    total
}

/// Names a dedicated worker for 1:1 time nobody is named for yet, from the shifts already in
/// the rota (names already given are kept): at each unnamed moment, a worker on shift in the
/// resident's unit who is dedicated to nobody, preferring one already named for the resident
/// that week, then the shift that reaches furthest.
pub fn name_missing(p: &Problem, assignments: &mut [Assignment]) {
    let spans: Vec<Option<(i64, i64)>> = assignments.iter().map(|a| span(p, a)).collect();
    for (r, weeks) in weeks(p) {
        let res = &p.residents[r];
        for (week, intervals) in weeks.iter().enumerate() {
            for &(from, to) in intervals {
                let mut t = from;
                while t < to {
                    let holds = |i: usize| spans[i].is_some_and(|(s, e)| s <= t && t < e);
                    let named = (0..assignments.len()).filter(|&i| holds(i) && assignments[i].one_to_one.as_ref() == Some(&res.id) && assignments[i].unit == res.unit).filter_map(|i| spans[i].map(|(_, e)| e)).max();
                    if let Some(e) = named {
                        t = e;
                        continue;
                    }
                    let regulars: HashSet<&str> = assignments.iter().filter(|a| a.one_to_one.as_ref() == Some(&res.id) && week_of(p, a.date) == week).map(|a| a.staff.as_str()).collect();
                    let pick = (0..assignments.len())
                        .filter(|&i| holds(i) && assignments[i].one_to_one.is_none() && assignments[i].unit == res.unit)
                        .max_by_key(|&i| (regulars.contains(assignments[i].staff.as_str()), spans[i].map(|(_, e)| e), std::cmp::Reverse(i)));
                    match pick {
                        Some(i) => {
                            assignments[i].one_to_one = Some(res.id.clone());
                            t = spans[i].map_or(to, |(_, e)| e);
                        }
                        None => {
                            // Nobody free now: go on from the next shift start in the unit.
                            let next = assignments.iter().zip(&spans).filter(|(a, _)| a.unit == res.unit).filter_map(|(_, sp)| sp.map(|(s, _)| s)).filter(|s| *s > t).min();
                            t = next.unwrap_or(to).min(to);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(days: u32) -> Problem {
        Problem::from_json(&format!(
            r#"{{"version": 1, "start": "2026-12-07", "days": {days}, "slot_minutes": 60,
            "shift_types": [{{"id": "D", "start": "07:00", "end": "19:00"}}, {{"id": "N", "start": "19:00", "end": "07:00"}},
                            {{"id": "E", "start": "07:00", "end": "15:00"}}, {{"id": "L", "start": "15:00", "end": "21:00"}}],
            "units": [{{"id": "A"}}, {{"id": "B"}}],
            "residents": [{{"id": "r1", "unit": "A", "one_to_one_weekly": [{{"days": ["mon","tue"], "from": "07:00", "to": "21:00"}}]}}],
            "staff": [{{"id": "a", "fte": 1.0, "units": ["A", "B"]}}, {{"id": "b", "fte": 1.0, "units": ["A", "B"]}}, {{"id": "c", "fte": 1.0, "units": ["A", "B"]}}],
            "holidays": []}}"#
        ))
        .unwrap()
    }

    fn shift(staff: &str, date: &str, shift: &str, unit: &str) -> Assignment {
        Assignment { staff: staff.into(), date: date.parse().unwrap(), shift: shift.into(), unit: unit.into(), one_to_one: None }
    }

    #[test]
    fn naming_fills_the_1to1_time_from_the_shifts_there_and_keeps_the_same_worker() {
        let p = problem(7);
        // Monday: a D 07–19 and b L 15–21 in A, c D in B; Tuesday: a D, c N in A.
        let mut rota = vec![
            shift("a", "2026-12-07", "D", "A"),
            shift("b", "2026-12-07", "L", "A"),
            shift("c", "2026-12-07", "D", "B"),
            shift("a", "2026-12-08", "D", "A"),
            shift("c", "2026-12-08", "N", "A"),
        ];
        // 2 days × 14 h of 1:1, nobody named yet.
        assert_eq!(unnamed_minutes(&p, &rota), 2 * 14 * 60);
        assert_eq!(continuity(&p, &rota), 0);
        name_missing(&p, &mut rota);
        let named: Vec<String> = rota.iter().filter(|a| a.one_to_one.as_deref() == Some("r1")).map(|a| format!("{} {}", a.staff, a.date)).collect();
        assert_eq!(named, ["a 2026-12-07", "b 2026-12-07", "a 2026-12-08", "c 2026-12-08"]);
        assert_eq!(unnamed_minutes(&p, &rota), 0);
        assert_eq!(continuity(&p, &rota), 3, "a, b and c were each someone's dedicated worker that week");
        // Tuesday without the night: 19:00–21:00 nobody can be named.
        rota.retain(|a| !(a.staff == "c" && a.shift == "N"));
        assert_eq!(unnamed_minutes(&p, &rota), 120);
        assert_eq!(continuity(&p, &rota), 2);
    }

    #[test]
    fn a_week_cap_follows_weekly_rest_and_the_greedy_cover_is_minimal() {
        let p = problem(10);
        // 35 h weekly rest cannot fit between shifts on consecutive days (longest free time
        // E 15:00 → next day 19:00 is 28 h): six shift days at most in the full week.
        assert_eq!(week_cap(&p, 0), 6);
        assert_eq!(week_cap(&p, 1), 3, "the partial last week: one a day");
        // 07–21 cut at 15 and 19: D + L (or D + N) is two, never one.
        let segs = [(7, 15), (15, 19), (19, 21)];
        assert_eq!(min_cover(&segs, &[(7, 19), (19, 31), (7, 15), (15, 21)]), 2);
        assert_eq!(min_cover(&segs, &[(7, 15), (15, 21)]), 2);
        assert_eq!(min_cover(&segs, &[(7, 21)]), 1);
        assert_eq!(min_cover(&segs, &[(7, 15)]), 1, "segments nobody can hold are skipped");
        // Week 0: Monday and Tuesday 07–21 need four shifts, at most six a worker, but each
        // day needs two shifts and a worker takes one a day: two. Week 1 (three days): four
        // shifts, at most three a worker: two. The shortest piece between shift boundaries is
        // 19–21.
        assert_eq!(floor(&p), (4, 120));
    }
}
