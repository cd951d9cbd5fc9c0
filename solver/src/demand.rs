//! Cover demand (domain.md §4): per housing unit and slot of real time, night `2 + k` when
//! anyone is present, day `2 × ceil(n / 3) + k`, where `n` are present residents not in 1:1 and
//! `k` those in 1:1.

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::calendar::instant;
use crate::problem::Problem;

/// One slot of the cover window.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Start (an instant in the problem's zone).
    pub start: DateTime<Tz>,
    /// End.
    pub end: DateTime<Tz>,
    /// Its start lies in the cover night.
    pub night: bool,
}

impl Slot {
    /// Real length, minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// Demand over the horizon.
#[derive(Debug, Clone)]
pub struct Demand {
    /// The slots, in order.
    pub slots: Vec<Slot>,
    /// `needed[unit][slot]`, units in problem order.
    pub needed: Vec<Vec<u32>>,
}

/// The earliest shift start: where the cover window begins each day.
pub fn window_start_time(p: &Problem) -> NaiveTime {
    p.shift_types.iter().map(|s| s.start).min().unwrap_or_else(|| NaiveTime::from_hms_opt(7, 0, 0).expect("07:00"))
}

/// Whether a wall-clock time of day lies in the cover night.
pub fn in_night(p: &Problem, t: NaiveTime) -> bool {
    if p.night.end <= p.night.start {
        t >= p.night.start || t < p.night.end
    } else {
        t >= p.night.start && t < p.night.end
    }
}

/// The cover window cut into slots of real time.
pub fn slots(p: &Problem) -> Vec<Slot> {
    let tz = p.tz();
    let first = window_start_time(p);
    let begin = instant(tz, p.start.and_time(first));
    let end = instant(tz, p.end().and_time(first));
    let step = Duration::minutes(i64::from(p.slot_minutes));
    let mut out = Vec::new();
    let mut t = begin;
    while t < end {
        let next = (t + step).min(end);
        out.push(Slot { start: t, end: next, night: in_night(p, t.naive_local().time()) });
        t = next;
    }
    out
}

/// Residents of `unit` present at a wall-clock moment: (not in 1:1, in 1:1).
pub fn present(p: &Problem, unit: &str, at: NaiveDateTime) -> (u32, u32) {
    let mut n = 0;
    let mut k = 0;
    for r in p.residents.iter().filter(|r| r.unit == unit) {
        let away = r.away_weekly.iter().any(|w| w.contains(at)) || r.away.iter().any(|i| i.contains(at));
        if away {
            continue;
        }
        if r.one_to_one_weekly.iter().any(|w| w.contains(at)) || r.one_to_one.iter().any(|i| i.contains(at)) {
            k += 1;
        } else {
            n += 1;
        }
    }
    (n, k)
}

/// Staff needed for `unit` in a slot.
pub fn needed(p: &Problem, unit: &str, slot: &Slot) -> u32 {
    let (n, k) = present(p, unit, slot.start.naive_local());
    if slot.night {
        if n + k > 0 {
            2 + k
        } else {
            0
        }
    } else {
        2 * n.div_ceil(3) + k
    }
}

/// Demand for every unit and slot.
pub fn demand(p: &Problem) -> Demand {
    let slots = slots(p);
    let needed = p.units.iter().map(|u| slots.iter().map(|s| needed(p, &u.id, s)).collect()).collect();
    Demand { slots, needed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(extra_residents: &str) -> Problem {
        let text = format!(
            r#"{{"version": 1, "start": "2026-12-07", "days": 1, "slot_minutes": 60,
            "shift_types": [{{"id": "D", "start": "07:00", "end": "19:00"}}, {{"id": "N", "start": "19:00", "end": "07:00"}}],
            "units": [{{"id": "A"}}],
            "residents": [
              {{"id": "r1", "unit": "A", "away_weekly": [{{"days": ["mon","tue","wed","thu","fri"], "from": "08:00", "to": "15:00"}}]}},
              {{"id": "r2", "unit": "A", "away_weekly": [{{"days": ["mon"], "from": "08:00", "to": "15:00"}}]}},
              {{"id": "r3", "unit": "A"}}, {{"id": "r4", "unit": "A"}}, {{"id": "r5", "unit": "A"}},
              {{"id": "r6", "unit": "A", "one_to_one_weekly": [{{"days": ["mon"], "from": "07:00", "to": "21:00"}}]}}
              {extra_residents}
            ],
            "staff": []}}"#
        );
        Problem::from_json(&text).unwrap()
    }

    #[test]
    fn day_cover_counts_need_and_planned_staff_minutes_per_day() {
        let p = problem("");
        let a = |staff: &str, shift: &str| crate::rota::Assignment { staff: staff.into(), date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), shift: shift.into(), unit: "A".into(), one_to_one: None };
        let d = demand(&p);
        let needed: i64 = d.needed[0].iter().map(|n| i64::from(*n) * 60).sum();
        // One carer on the day shift: 12 h planned, all of it within the need.
        let c = day_cover(&p, &[a("s1", "D")]);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].date.to_string(), c[0].needed, c[0].planned, c[0].covered), ("2026-12-07".into(), needed, 720, 720));
        // Six on days: 72 h planned, but the day needs 5 + 7 × 3 + 4 × 5 = 46 staff-hours, so
        // only those count; nobody at night.
        let six: Vec<_> = (1..=6).map(|i| a(&format!("s{i}"), "D")).collect();
        let c = day_cover(&p, &six);
        assert_eq!((c[0].planned, c[0].covered), (6 * 720, 46 * 60));
        assert!(c[0].covered < c[0].needed, "the night is uncovered");
    }

    #[test]
    fn a_unit_of_six_with_two_at_the_day_centre_and_one_in_one_to_one() {
        let p = problem("");
        let d = demand(&p);
        assert_eq!(d.slots.len(), 24);
        let at = |h: usize| d.needed[0][h];
        // 07:00: all six home, r6 in 1:1 → n = 5, k = 1 → 2 × 2 + 1 = 5.
        assert_eq!(at(0), 5);
        // 08:00–15:00: r1 and r2 away → n = 3, k = 1 → 2 + 1 = 3.
        assert_eq!(at(1), 3);
        assert_eq!(at(7), 3);
        // 15:00: back → 5.
        assert_eq!(at(8), 5);
        // 21:00 night: 1:1 over → 2 staff.
        assert_eq!(at(14), 2);
        assert!(d.slots[14].night);
        assert!(!d.slots[13].night);
    }

    #[test]
    fn nobody_home_at_night_needs_nobody() {
        let mut p = problem("");
        for r in &mut p.residents {
            r.away.push(crate::problem::Interval { from: "2026-12-07T20:00:00".parse().unwrap(), to: "2026-12-08T08:00:00".parse().unwrap() });
        }
        let d = demand(&p);
        assert_eq!(d.needed[0][14], 0);
    }

    #[test]
    fn the_october_change_night_has_thirteen_hourly_slots() {
        let mut p = problem("");
        p.start = "2026-10-24".parse().unwrap();
        let s = slots(&p);
        assert_eq!(s.len(), 25, "24 h of wall clock last 25 h on 25 October");
        p.start = "2026-03-28".parse().unwrap();
        assert_eq!(slots(&p).len(), 23);
    }
}

/// Real minutes of a wall-clock interval that fall in the cover night.
pub fn slots_night_minutes(p: &Problem, start: NaiveDateTime, end: NaiveDateTime) -> i64 {
    let tz = p.tz();
    (-1..=1)
        .map(|k| {
            let day = start.date() + Duration::days(k);
            let ns = day.and_time(p.night.start);
            let ne = if p.night.end <= p.night.start { (day + Duration::days(1)).and_time(p.night.end) } else { day.and_time(p.night.end) };
            let (a, b) = (instant(tz, start.max(ns)), instant(tz, end.min(ne)));
            if a < b {
                (b - a).num_minutes()
            } else {
                0
            }
        })
        .sum()
}

/// Cover of one unit on one cover day (from the earliest shift start to the same time the next
/// day, local time): staff-minutes the rules
/// need, staff-minutes planned, and planned minutes that count toward the need (no more than
/// needed in any slot).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DayCover {
    /// Unit id.
    pub unit: String,
    /// Day.
    pub date: chrono::NaiveDate,
    /// Staff-minutes needed.
    pub needed: i64,
    /// Staff-minutes planned.
    pub planned: i64,
    /// Planned staff-minutes within the need.
    pub covered: i64,
}

/// Need against planned per unit and day for a rota's assignments (the planner's cover strip).
pub fn day_cover(p: &Problem, assignments: &[crate::rota::Assignment]) -> Vec<DayCover> {
    let d = demand(p);
    let tz = p.tz();
    let planned: Vec<(&str, DateTime<Tz>, DateTime<Tz>)> = assignments
        .iter()
        .filter_map(|a| {
            let t = p.shift(&a.shift)?;
            let (s, e) = t.interval(a.date);
            Some((a.unit.as_str(), instant(tz, s), instant(tz, e)))
        })
        .collect();
    let offset = window_start_time(p) - NaiveTime::MIN;
    let mut out: Vec<DayCover> = Vec::new();
    for (ui, u) in p.units.iter().enumerate() {
        for (k, slot) in d.slots.iter().enumerate() {
            let need = i64::from(d.needed[ui][k]);
            let have = planned.iter().filter(|(unit, s, e)| *unit == u.id && *s <= slot.start && slot.start < *e).count() as i64;
            let m = slot.minutes();
            // The cover day runs from the earliest shift start to the same time next day.
            let date = (slot.start.naive_local() - offset).date();
            match out.last_mut() {
                Some(c) if c.unit == u.id && c.date == date => {
                    c.needed += need * m;
                    c.planned += have * m;
                    c.covered += have.min(need) * m;
                }
                _ => out.push(DayCover { unit: u.id.clone(), date, needed: need * m, planned: have * m, covered: have.min(need) * m }),
            }
        }
    }
    out
}
