//! Problems that look like real WSMs, for benchmarks and tests: generated, deterministic.

use crate::problem::Problem;

/// A generated benchmark problem.
pub struct Case {
    /// Short name.
    pub name: &'static str,
    /// The problem.
    pub problem: Problem,
}

fn build(start: &str, days: u32, units: &[&str], residents: Vec<String>, staff: Vec<String>, sessions: &str) -> Problem {
    let text = format!(
        r#"{{"version": 1, "start": "{start}", "days": {days}, "slot_minutes": 30,
        "shift_types": [{{"id": "D", "start": "07:00", "end": "19:00"}}, {{"id": "N", "start": "19:00", "end": "07:00"}},
                        {{"id": "E", "start": "07:00", "end": "15:00"}}, {{"id": "L", "start": "15:00", "end": "21:00"}}],
        "units": [{}], "residents": [{}], "staff": [{}], "supervision_sessions": [{sessions}],
        "rules": {{"hours_tolerance": 12, "overtime_hours_max": 0}}}}"#,
        units.iter().map(|u| format!(r#"{{"id": "{u}"}}"#)).collect::<Vec<_>>().join(","),
        residents.join(","),
        staff.join(",")
    );
    Problem::from_json(&text).expect("generated problem parses")
}

/// Six residents of a unit: half at a day programme on weekdays, `one_to_one` of them in 1:1
/// from 07:00 to 21:00, and the given dated absences.
fn residents(unit: &str, one_to_one: usize, away: &[(usize, &str, &str)]) -> Vec<String> {
    (0..6)
        .map(|i| {
            let day = if i % 2 == 1 { r#", "away_weekly": [{"days": ["mon","tue","wed","thu","fri"], "from": "08:00", "to": "15:00"}]"# } else { "" };
            let one = if i < one_to_one { r#", "one_to_one_weekly": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "07:00", "to": "21:00"}]"# } else { "" };
            let dated: Vec<String> = away.iter().filter(|(r, _, _)| *r == i).map(|(_, f, t)| format!(r#"{{"from": "{f}", "to": "{t}"}}"#)).collect();
            let dated = if dated.is_empty() { String::new() } else { format!(r#", "away": [{}]"#, dated.join(",")) };
            format!(r#"{{"id": "{unit}{i}", "unit": "{unit}"{day}{one}{dated}}}"#)
        })
        .collect()
}

/// `n` workers with a realistic FTE mix spread over `units`; every eighth works in both.
fn staff(n: usize, units: &[&str], supervision: bool) -> Vec<String> {
    (0..n)
        .map(|i| {
            let fte = match i % 10 {
                0 | 5 => "0.75",
                7 => "0.5",
                _ => "1.0",
            };
            let u = if i % 8 == 7 && units.len() > 1 { units.join("\",\"") } else { units[i % units.len()].to_string() };
            let nights = if i % 10 == 3 { r#", "nights": false"# } else { "" };
            let sup = if supervision { r#", "supervision_hours": 2"# } else { "" };
            format!(r#"{{"id": "s{i:02}", "fte": {fte}, "units": ["{u}"]{nights}, "max_consecutive_nights": 3{sup}}}"#)
        })
        .collect()
}

fn sessions(month: &str, n: usize) -> String {
    (0..n).map(|i| format!(r#"{{"date": "{month}-{:02}", "from": "10:00", "to": "12:00", "capacity": 12}}"#, 8 + i * 5)).collect::<Vec<_>>().join(",")
}

/// The benchmark set of the solver issue.
pub fn cases() -> Vec<Case> {
    vec![
        Case { name: "one-unit-20-staff", problem: build("2026-11-01", 30, &["A"], residents("A", 0, &[]), staff(20, &["A"], true), &sessions("2026-11", 2)) },
        Case {
            name: "two-units-40-staff",
            problem: build("2026-11-01", 30, &["A", "B"], [residents("A", 1, &[]), residents("B", 0, &[])].concat(), staff(40, &["A", "B"], true), &sessions("2026-11", 4)),
        },
        Case {
            name: "heavy-three-1to1",
            problem: build("2026-11-01", 30, &["A", "B"], [residents("A", 2, &[]), residents("B", 1, &[])].concat(), staff(46, &["A", "B"], true), &sessions("2026-11", 4)),
        },
        Case {
            name: "dst-october",
            problem: build("2026-10-01", 31, &["A", "B"], [residents("A", 1, &[]), residents("B", 0, &[])].concat(), staff(40, &["A", "B"], true), &sessions("2026-10", 4)),
        },
        Case {
            name: "december-holidays",
            problem: build(
                "2026-12-01",
                31,
                &["A", "B"],
                [
                    residents("A", 1, &[(2, "2026-12-24T10:00", "2026-12-27T18:00"), (4, "2026-12-23T16:00", "2027-01-02T12:00")]),
                    residents("B", 0, &[(0, "2026-12-24T09:00", "2026-12-26T20:00"), (3, "2026-12-08T08:00", "2026-12-11T12:00")]),
                ]
                .concat(),
                staff(40, &["A", "B"], true),
                &sessions("2026-12", 4),
            ),
        },
        Case {
            name: "short-staffed",
            problem: build("2026-11-01", 30, &["A", "B"], [residents("A", 1, &[]), residents("B", 0, &[])].concat(), staff(26, &["A", "B"], true), &sessions("2026-11", 3)),
        },
    ]
}

/// The sick calls `wsm bench` repairs a published rota for: each of the five workers with the
/// most shifts on days 10–12 of the month in turn is ill for those days (ties by id). Each
/// comes as the changed problem (that worker on leave) and the disruption.
pub fn sick_calls(problem: &Problem, published: &crate::rota::Rota) -> Vec<(String, Problem, crate::mip::Disruption)> {
    let from = problem.start + chrono::Duration::days(9);
    let to = from + chrono::Duration::days(2);
    let mut count: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in published.assignments.iter().filter(|a| a.date >= from && a.date <= to) {
        *count.entry(a.staff.as_str()).or_default() += 1;
    }
    let mut by_shifts: Vec<(&str, usize)> = count.into_iter().collect();
    by_shifts.sort_by_key(|(id, n)| (std::cmp::Reverse(*n), *id));
    by_shifts
        .into_iter()
        .take(5)
        .map(|(sick, _)| {
            let mut changed = problem.clone();
            if let Some(s) = changed.staff.iter_mut().find(|s| s.id == sick) {
                s.leave.push(crate::problem::DateRange { from, to });
            }
            (sick.to_string(), changed, crate::mip::Disruption { from, to })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_case_is_a_valid_problem() {
        for c in super::cases() {
            assert_eq!(c.problem.validate(), vec![], "{}", c.name);
        }
    }
}
