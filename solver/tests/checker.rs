//! The independent checker, one rule at a time, on small stories.

use wsm_solver::check::check;
use wsm_solver::problem::Problem;
use wsm_solver::rota::{Assignment, Attendance, Rota, Shortfall, Status};

/// One unit without residents (no cover needed), one week from Monday 7 Dec 2026.
fn problem(staff: &str, extra: &str) -> Problem {
    let text = format!(
        r#"{{"version": 1, "start": "2026-12-07", "days": 7,
        "shift_types": [{{"id": "D", "start": "07:00", "end": "19:00"}}, {{"id": "N", "start": "19:00", "end": "07:00"}}, {{"id": "E", "start": "07:00", "end": "15:00"}}],
        "units": [{{"id": "A"}}],
        "staff": [{staff}],
        "rules": {{"hours_tolerance": 200, "overtime_hours_max": 200}}
        {extra}}}"#
    );
    let p = Problem::from_json(&text).unwrap();
    assert_eq!(p.validate(), vec![]);
    p
}

fn worker(id: &str, more: &str) -> String {
    format!(r#"{{"id": "{id}", "fte": 1.0, "units": ["A"] {more}}}"#)
}

fn rota(shifts: &[(&str, &str, &str)]) -> Rota {
    Rota {
        version: 1,
        status: Status::Optimal,
        assignments: shifts.iter().map(|(s, d, t)| Assignment { staff: (*s).into(), date: d.parse().unwrap(), shift: (*t).into(), unit: "A".into(), one_to_one: None }).collect(),
        ..Default::default()
    }
}

fn rules(p: &Problem, r: &Rota) -> Vec<String> {
    check(p, r).violations.into_iter().map(|v| v.rule).collect()
}

#[test]
fn a_day_shift_straight_after_a_night_breaks_daily_rest() {
    let p = problem(&worker("s1", ""), "");
    let r = rota(&[("s1", "2026-12-07", "N"), ("s1", "2026-12-08", "D")]);
    let report = check(&p, &r);
    let v: Vec<_> = report.violations.iter().filter(|v| v.rule == "daily_rest").collect();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].staff.as_deref(), Some("s1"));
    assert!(v[0].message.starts_with("0 h rest"), "{}", v[0].message);
    assert_eq!(v[0].message_pl, "0 h odpoczynku przed pracą od 08.12.2026 07:00; co najmniej 11 h (odpoczynek dobowy)");
    // Eleven hours later is fine.
    let ok = rota(&[("s1", "2026-12-07", "E"), ("s1", "2026-12-08", "E")]);
    assert!(!rules(&p, &ok).contains(&"daily_rest".to_string()));
}

#[test]
fn seven_day_shifts_leave_no_weekly_rest_and_six_do() {
    let p = problem(&worker("s1", ""), "");
    let days = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"];
    let all: Vec<_> = days.iter().map(|d| ("s1", *d, "E")).collect();
    assert!(rules(&p, &rota(&all)).contains(&"weekly_rest".to_string()));
    // Off Saturday and Sunday: 15:00 Friday to the end of Sunday = 57 h.
    assert!(!rules(&p, &rota(&all[..5])).contains(&"weekly_rest".to_string()));
}

#[test]
fn leave_nights_flag_one_shift_a_day_and_unknown_things_are_caught() {
    let p = problem(
        &[worker("s1", r#", "leave": [{"from": "2026-12-09", "to": "2026-12-09"}]"#), worker("s2", r#", "nights": false"#)].join(","),
        "",
    );
    let r = rota(&[("s1", "2026-12-09", "E"), ("s2", "2026-12-07", "N"), ("s2", "2026-12-10", "E"), ("s2", "2026-12-10", "D"), ("s3", "2026-12-10", "D")]);
    let got = rules(&p, &r);
    for rule in ["leave", "nights", "assignment.one_per_day", "assignment.unknown"] {
        assert!(got.contains(&rule.to_string()), "{rule} missing from {got:?}");
    }
}

#[test]
fn at_most_the_allowed_nights_in_a_row() {
    let p = problem(&worker("s1", r#", "max_consecutive_nights": 2"#), "");
    let r = rota(&[("s1", "2026-12-07", "N"), ("s1", "2026-12-08", "N"), ("s1", "2026-12-09", "N")]);
    let report = check(&p, &r);
    let v: Vec<_> = report.violations.iter().filter(|v| v.rule == "max_consecutive_nights").collect();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].date, Some("2026-12-09".parse().unwrap()));
}

#[test]
fn four_sundays_in_a_row_need_one_free() {
    let text = r#"{"version": 1, "start": "2026-11-30", "days": 28,
        "shift_types": [{"id": "E", "start": "07:00", "end": "15:00"}], "units": [{"id": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A"]}], "rules": {"hours_tolerance": 500}}"#;
    let p = Problem::from_json(text).unwrap();
    let sundays = ["2026-12-06", "2026-12-13", "2026-12-20", "2026-12-27"];
    let all: Vec<_> = sundays.iter().map(|d| ("s1", *d, "E")).collect();
    assert!(rules(&p, &rota(&all)).contains(&"free_sunday".to_string()));
    assert!(!rules(&p, &rota(&all[..3])).contains(&"free_sunday".to_string()));
}

#[test]
fn planned_hours_must_stay_near_the_target() {
    // December 2026 norm 160 h; a full-time worker planned for 7 × 12 h = 84 h is 76 h short.
    let text = r#"{"version": 1, "start": "2026-12-01", "days": 31,
        "shift_types": [{"id": "D", "start": "07:00", "end": "19:00"}], "units": [{"id": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A"]}]}"#;
    let p = Problem::from_json(text).unwrap();
    assert_eq!(p.target_minutes(&p.staff[0]), 160 * 60);
    let r = rota(&[("s1", "2026-12-01", "D"), ("s1", "2026-12-03", "D"), ("s1", "2026-12-05", "D"), ("s1", "2026-12-07", "D"), ("s1", "2026-12-09", "D"), ("s1", "2026-12-11", "D"), ("s1", "2026-12-13", "D")]);
    let report = check(&p, &r);
    let v = report.violations.iter().find(|v| v.rule == "hours.tolerance").expect("hours");
    assert_eq!(v.message, "84 h planned against a target of 160 h; tolerance ± 12 h");
    assert_eq!(report.staff_hours[0].planned, 84.0);
}

#[test]
fn the_october_night_counts_thirteen_hours_and_the_march_night_eleven() {
    let text = r#"{"version": 1, "start": "2026-10-24", "days": 2,
        "shift_types": [{"id": "N", "start": "19:00", "end": "07:00"}], "units": [{"id": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A"]}], "rules": {"hours_tolerance": 500, "overtime_hours_max": 500}}"#;
    let p = Problem::from_json(text).unwrap();
    let report = check(&p, &rota(&[("s1", "2026-10-24", "N")]));
    assert_eq!(report.staff_hours[0].planned, 13.0);
    assert_eq!(report.staff_hours[0].night, 11.0, "21:00–07:00 that night lasts 11 real hours");
    let mut p = p;
    p.start = "2026-03-28".parse().unwrap();
    let report = check(&p, &rota(&[("s1", "2026-03-28", "N")]));
    assert_eq!(report.staff_hours[0].planned, 11.0);
}

#[test]
fn supervision_needs_its_hours_its_capacity_and_no_own_shift() {
    let p = problem(
        &[worker("s1", r#", "supervision_hours": 2"#), worker("s2", r#", "supervision_hours": 2"#), worker("s3", "")].join(","),
        r#", "supervision_sessions": [{"date": "2026-12-08", "from": "10:00", "to": "12:00", "capacity": 1}]"#,
    );
    let mut r = rota(&[("s2", "2026-12-08", "E")]);
    r.supervision = vec![Attendance { staff: "s1".into(), session: 0 }, Attendance { staff: "s2".into(), session: 0 }];
    let got = rules(&p, &r);
    assert!(got.contains(&"supervision.capacity".to_string()), "{got:?}");
    assert!(got.contains(&"supervision.during_shift".to_string()), "{got:?}");
    r.supervision.truncate(1);
    let got = rules(&p, &r);
    assert!(got.contains(&"supervision.hours".to_string()), "s2 has none: {got:?}");
}

#[test]
fn cover_gaps_must_be_reported_exactly_and_a_short_rota_is_not_optimal() {
    let text = r#"{"version": 1, "start": "2026-12-07", "days": 1, "slot_minutes": 60,
        "shift_types": [{"id": "D", "start": "07:00", "end": "19:00"}, {"id": "N", "start": "19:00", "end": "07:00"}],
        "units": [{"id": "A"}], "residents": [{"id": "r1", "unit": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A"]}, {"id": "s2", "fte": 1.0, "units": ["A"]}, {"id": "s3", "fte": 1.0, "units": ["A"]}],
        "rules": {"hours_tolerance": 500, "overtime_hours_max": 10}}"#;
    let p = Problem::from_json(text).unwrap();
    // One resident: 2 by day, 2 by night. Two on days, one on nights: from 19:00 (still day
    // time in the cover rules, 2 needed) to 07:00 the unit is one short.
    let mut r = rota(&[("s1", "2026-12-07", "D"), ("s2", "2026-12-07", "D"), ("s3", "2026-12-07", "N")]);
    let report = check(&p, &r);
    assert_eq!(report.shortfalls.len(), 1);
    let gap = &report.shortfalls[0];
    assert_eq!((gap.from.as_str(), gap.to.as_str(), gap.needed, gap.planned), ("2026-12-07T19:00:00+01:00", "2026-12-08T07:00:00+01:00", 2, 1));
    let got = rules(&p, &r);
    assert!(got.contains(&"cover.reported".to_string()) && got.contains(&"cover.status".to_string()), "{got:?}");
    // Reported in two pieces it is the same gap.
    r.status = Status::Short;
    r.shortfalls = vec![
        Shortfall { unit: "A".into(), from: "2026-12-07T19:00:00+01:00".into(), to: "2026-12-07T21:00:00+01:00".into(), needed: 2, planned: 1 },
        Shortfall { unit: "A".into(), from: "2026-12-07T21:00:00+01:00".into(), to: "2026-12-08T07:00:00+01:00".into(), needed: 2, planned: 1 },
    ];
    let report = check(&p, &r);
    assert_eq!(report.shortfalls.len(), 1, "{:?}", report.shortfalls);
    assert!(report.passes(), "{:?}", report.violations);
}

#[test]
fn a_problem_that_contradicts_itself_names_the_path() {
    let text = r#"{"version": 1, "start": "2026-12-07", "days": 7,
        "shift_types": [{"id": "L", "start": "06:00", "end": "19:00"}], "units": [{"id": "A"}],
        "staff": [{"id": "s1", "fte": 1.0, "units": ["A", "B"], "leave": [{"from": "2026-12-08", "to": "2026-12-09"}],
                   "fixed": [{"date": "2026-12-08", "shift": "L", "unit": "A"}]}]}"#;
    let p = Problem::from_json(text).unwrap();
    let paths: Vec<String> = p.validate().into_iter().map(|i| i.path).collect();
    assert_eq!(paths, vec!["shift_types[0]", "staff[0].units[1]", "staff[0].fixed[0]"]);
    let e = Problem::from_json(r#"{"version": 1, "start": "2026-12-07", "days": 7, "shift_types": [], "units": [], "staff": [{"id": "x", "fte": 1, "units": [], "colour": 1}]}"#).unwrap_err();
    assert_eq!(e.path, "staff[0].colour");
}

#[test]
fn a_dedicated_1to1_worker_is_named_only_for_a_resident_in_1to1_during_the_shift() {
    let p = problem(&worker("s1", ""), r#", "residents": [{"id": "r1", "unit": "A", "one_to_one_weekly": [{"days": ["mon"], "from": "09:00", "to": "12:00"}]}]"#);
    let named = |shift: &str, date: &str, resident: &str| {
        let mut r = rota(&[("s1", date, shift)]);
        r.assignments[0].one_to_one = Some(resident.into());
        r
    };
    let one_to_one = |r: &Rota| check(&p, r).violations.into_iter().filter(|v| v.rule == "one_to_one").map(|v| v.message).collect::<Vec<_>>();
    assert_eq!(one_to_one(&named("D", "2026-12-07", "r1")), Vec::<String>::new(), "Monday's day shift holds r1's 09–12");
    assert_eq!(one_to_one(&named("N", "2026-12-07", "r1")), ["dedicated worker of r1 on a shift with none of r1's 1:1 time"]);
    assert_eq!(one_to_one(&named("D", "2026-12-08", "r1")), ["dedicated worker of r1 on a shift with none of r1's 1:1 time"], "no 1:1 on Tuesday");
    assert_eq!(one_to_one(&named("D", "2026-12-07", "r9")), ["named the dedicated worker of 'r9', who is not a resident"]);
}
