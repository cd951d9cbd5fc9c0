//! Short-staffing diagnosis: the list of gaps summed up per unit, week and part of the day in
//! words a manager acts on — "unit A is 0.8 FTE short on nights in week 3 (leave of s04, s11)".

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate};

use crate::calendar::instant;
use crate::demand::slots;
use crate::problem::Problem;
use crate::rota::{Diagnosis, Shortfall};

/// Hours of one FTE in a week.
pub const WEEK_HOURS: f64 = 40.0;

/// Sums the gaps per (unit, week, night/day) and names the workers of the unit on leave or
/// unavailable that week.
pub fn diagnose(p: &Problem, shortfalls: &[Shortfall]) -> Vec<Diagnosis> {
    if shortfalls.is_empty() {
        return Vec::new();
    }
    let tz = p.tz();
    let all = slots(p);
    // (unit, week, night) → missing staff-minutes
    let mut missing: BTreeMap<(String, u32, bool), i64> = BTreeMap::new();
    for s in shortfalls {
        let (Ok(from), Ok(to)) = (DateTime::parse_from_rfc3339(&s.from), DateTime::parse_from_rfc3339(&s.to)) else { continue };
        for slot in all.iter().filter(|x| x.start >= from && x.end <= to) {
            let date = slot.start.naive_local().date();
            let week = ((date - p.start).num_days().max(0) / 7) as u32 + 1;
            *missing.entry((s.unit.clone(), week, slot.night)).or_default() += i64::from(s.needed.saturating_sub(s.planned)) * slot.minutes();
        }
    }
    let mut out = Vec::new();
    for ((unit, week, night), minutes) in missing {
        if minutes <= 0 {
            continue;
        }
        let first = p.start + Duration::days(i64::from(week - 1) * 7);
        let last = (first + Duration::days(6)).min(p.end() - Duration::days(1));
        let (week_from, week_to) = (instant(tz, first.and_hms_opt(0, 0, 0).expect("midnight")), instant(tz, (last + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight")));
        let mine = p.staff.iter().filter(|s| s.units.contains(&unit));
        let mut leave_of = Vec::new();
        let mut unavailable = Vec::new();
        for s in mine {
            if s.leave.iter().any(|l| l.from <= last && first <= l.to) {
                leave_of.push(s.id.clone());
            } else if s.unavailable.iter().any(|u| instant(tz, u.from) < week_to && week_from < instant(tz, u.to)) {
                unavailable.push(s.id.clone());
            }
        }
        let hours = minutes as f64 / 60.0;
        let fte = ((hours / WEEK_HOURS) * 10.0).ceil() / 10.0;
        let part = if night { "night" } else { "day" };
        let why = match (leave_of.is_empty(), unavailable.is_empty()) {
            (false, true) => format!("leave of {}", leave_of.join(", ")),
            (false, false) => format!("leave of {}; unavailable: {}", leave_of.join(", "), unavailable.join(", ")),
            (true, false) => format!("unavailable: {}", unavailable.join(", ")),
            (true, true) => format!("nobody on leave: the unit needs more staff{}", if night { " allowed to work nights" } else { "" }),
        };
        let message = format!("unit {unit} is {fte:.1} FTE short on {part}s in week {week} ({:.1} staff-hours, {} – {}; {why})", hours, fmt(first), fmt(last));
        let why_pl = match (leave_of.is_empty(), unavailable.is_empty()) {
            (false, true) => format!("urlop: {}", leave_of.join(", ")),
            (false, false) => format!("urlop: {}; niedostępni: {}", leave_of.join(", "), unavailable.join(", ")),
            (true, false) => format!("niedostępni: {}", unavailable.join(", ")),
            (true, true) => format!("nikt nie jest na urlopie: zespół potrzebuje więcej osób{}", if night { " mogących pracować w nocy" } else { "" }),
        };
        let message_pl = format!(
            "w zespole {unit} brakuje {} etatu na zmianach {} w {week}. tygodniu ({} roboczogodzin, {} – {}; {why_pl})",
            comma(format!("{fte:.1}")),
            if night { "nocnych" } else { "dziennych" },
            comma(format!("{hours:.1}")),
            fmt(first),
            fmt(last)
        );
        out.push(Diagnosis { unit, week, part: part.into(), staff_hours: (hours * 100.0).round() / 100.0, fte, leave_of, unavailable, message, message_pl });
    }
    out
}

fn comma(s: String) -> String {
    s.replace('.', ",")
}

fn fmt(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}
