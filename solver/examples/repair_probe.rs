//! A developer's probe (not a test, not a benchmark figure): the two-unit month's five sick
//! calls (`bench::sick_calls`, as `wsm bench` repairs them), repaired by the MIP (production)
//! and by the core (`wsm_core::repair`), timed, with the cells each changes and the checker's
//! verdict. The published rota is solved once and kept in `$WSM_PROBE_ROTA` (default
//! `/tmp/wsm-probe-rota.json`), so that repeated runs repair the same rota in seconds.
//!
//! `WSM_PROBE=mip|core` runs one repair only, `WSM_PROBE_ONLY=s20` one sick call only;
//! `WSM_HIGHS_LOG=DIR` writes HiGHS's log of every model to DIR; `WSM_PROBE_MONTH=N` instead
//! solves the month N times (production's path, 60 s each) and prints each answer.
//!
//! `cargo run --release -p wsm-solver --example repair_probe`
use std::time::Instant;

use wsm_solver::mip::Options;
use wsm_solver::rota::Rota;

fn main() {
    let case = wsm_solver::bench::cases().into_iter().find(|c| c.name == "two-units-40-staff").expect("the two-unit case");
    let p = case.problem;
    let solve_month = || wsm_solver::wsm_core::solve_with(&p, &Options { time_limit_s: 60.0, ..Default::default() }, Default::default());
    // WSM_PROBE_MONTH=N: solve the month N times (60 s each) and stop.
    if let Some(n) = std::env::var("WSM_PROBE_MONTH").ok().and_then(|n| n.parse::<usize>().ok()) {
        for _ in 0..n {
            let began = Instant::now();
            let rota = solve_month();
            println!(
                "month: {:.1} s, status {:?}, gap {}, uncovered {}, continuity {}, hours {}, fairness {:.2}, checker {}",
                began.elapsed().as_secs_f64(),
                rota.status,
                rota.solve.gap.map_or("?".into(), |g| format!("{:.2} %", g * 100.0)),
                rota.objective.uncovered_staff_minutes,
                rota.objective.continuity,
                rota.objective.hours_deviation,
                rota.objective.fairness,
                if wsm_solver::check::check(&p, &rota).passes() { "pass" } else { "FAIL" }
            );
        }
        return;
    }
    let path = std::env::var("WSM_PROBE_ROTA").unwrap_or_else(|_| "/tmp/wsm-probe-rota.json".into());
    let published: Rota = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).expect("a rota as JSON"),
        Err(_) => {
            let rota = solve_month();
            std::fs::write(&path, serde_json::to_string(&rota).expect("a rota serialises")).expect("the rota written");
            rota
        }
    };
    let which = std::env::var("WSM_PROBE").unwrap_or_default();
    let only = std::env::var("WSM_PROBE_ONLY").ok();
    type Repair = fn(&wsm_solver::problem::Problem, &Rota, &wsm_solver::mip::Disruption, &Options, wsm_solver::mip::Control<'_>) -> Rota;
    let repairs: [(&str, Repair); 2] = [("mip", wsm_solver::mip::repair), ("core", wsm_solver::wsm_core::repair)];
    for (sick, changed, disruption) in wsm_solver::bench::sick_calls(&p, &published) {
        if only.as_deref().is_some_and(|o| o != sick) {
            continue;
        }
        for (name, repair) in repairs.iter().filter(|(name, _)| which.is_empty() || which == *name) {
            let began = Instant::now();
            // When the answer's objective was first reached (the last improvement reported):
            // what the rest of the time bought is the proof.
            let seen: std::sync::Mutex<Vec<(u64, u32)>> = std::sync::Mutex::new(Vec::new());
            let report = |x: &wsm_solver::mip::Progress| seen.lock().unwrap().push((x.millis, x.solutions));
            let rota = repair(&changed, &published, &disruption, &Options::default(), wsm_solver::mip::Control { cancel: None, progress: Some(&report) });
            let seen = seen.into_inner().unwrap();
            // The first report of the last improvement count.
            let last = seen.iter().map(|x| x.1).max();
            let reached = seen.iter().find(|x| Some(x.1) == last).map_or("?".to_string(), |(ms, _)| format!("{:.2}", *ms as f64 / 1000.0));
            println!(
                "{sick} {name:>4}: {:.2} s (answer reached at {reached} s), status {:?}, {} cells changed, uncovered {}, continuity {}, hours {:.1}, fairness {:.2}, total {:.3}, phases {:?}, checker {}",
                began.elapsed().as_secs_f64(),
                rota.status,
                rota.changes.len(),
                rota.objective.uncovered_staff_minutes,
                rota.objective.continuity,
                rota.objective.hours_deviation,
                rota.objective.fairness,
                rota.objective.total,
                rota.solve.phases,
                if wsm_solver::check::check(&changed, &rota).passes() { "pass" } else { "FAIL" }
            );
        }
    }
}
