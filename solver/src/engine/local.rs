//! A fast local search beside the neighbourhood MIPs: small moves on the roster (one cell,
//! two days of one worker, a block of days between two workers, a short cover cell filled),
//! each checked against the worker's hard rules on the row and kept when it costs nothing
//! more, or by chance when it costs a little ([`TEMPERATURE`]). Thousands of moves take the
//! time of one neighbourhood solve; the MIP then works from where the moves left the roster.

use std::time::Instant;

use super::{cover_cost, on_shift, Instance, Rng, Roster, Tables};

/// Whether worker `e`'s row keeps every hard rule of the model (the same rules as
/// `solve_hood` states as rows; checked here on the row itself).
pub(super) fn row_ok(inst: &Instance, t: &Tables, e: usize, row: &[Option<usize>]) -> bool {
    let emp = &inst.employees[e];
    let h = row.len();
    let mut count = vec![0u32; inst.shifts.len()];
    let mut minutes = 0u32;
    for (d, cell) in row.iter().enumerate() {
        let Some(s) = *cell else {
            if t.fixed[e * h + d].is_some() {
                return false;
            }
            continue;
        };
        if !t.allowed(inst, e, d, s) {
            return false;
        }
        count[s] += 1;
        if count[s] > emp.max_shifts[s] {
            return false;
        }
        minutes += t.minutes[d * t.s + s];
        if let Some(Some(next)) = row.get(d + 1) {
            if t.forbids(inst, d, s, *next) {
                return false;
            }
        }
    }
    if minutes > emp.max_minutes || minutes < emp.min_minutes {
        return false;
    }
    if emp.limits.iter().any(|l| l.cells.iter().filter(|&&(d, s)| row[d] == Some(s)).count() > l.max as usize) {
        return false;
    }
    // A cell listed twice in a quota counts once.
    if emp.quotas.iter().any(|q| q.worked(row, |d, s| t.minutes[d * t.s + s]) < q.minutes) {
        return false;
    }
    if !emp.rests.iter().all(|r| r.options.iter().any(|o| o.iter().all(|&(d, s)| row[d] != Some(s)))) {
        return false;
    }
    // Runs of working days and of days off; runs touching the first or last day are exempt
    // from the minimum lengths.
    let mut d = 0;
    while d < h {
        let (start, working) = (d, row[d].is_some());
        while d < h && row[d].is_some() == working {
            d += 1;
        }
        let (len, inner) = (d - start, start > 0 && d < h);
        if working && (len > emp.max_consecutive as usize || (inner && len < emp.min_consecutive as usize)) {
            return false;
        }
        if !working && inner && len < emp.min_days_off as usize {
            return false;
        }
    }
    let weekends = inst.weekends().filter(|&(sat, sun)| row[sat].is_some() || row[sun].is_some()).count();
    weekends <= emp.max_weekends as usize
}

/// A roster being improved by moves, with its cover counts and score kept up to date.
struct State<'a> {
    inst: &'a Instance,
    t: &'a Tables,
    roster: Roster,
    /// Workers on each cover row.
    n: Vec<u32>,
    /// Minutes each worker works.
    minutes: Vec<u32>,
    /// Workers on each capacity's cells.
    caps: Vec<u32>,
    /// Each fairness group's members' counts.
    fair: Vec<Vec<u64>>,
    /// Cells of each worker's charges worked.
    charged: Vec<Vec<u32>>,
    value: u64,
}

impl State<'_> {
    /// What worker `e` working `v` on day `d` adds to the request part of the score.
    fn request(&self, e: usize, d: usize, v: Option<usize>) -> i64 {
        v.map_or(0, |s| {
            let i = self.t.cell(e, d, s);
            i64::from(self.t.off[i]) - i64::from(self.t.on[i])
        })
    }

    /// Sets one cell, returns the change of the score.
    fn set(&mut self, e: usize, d: usize, v: Option<usize>) -> i64 {
        let old = self.roster[e][d];
        let mut delta = self.request(e, d, v) - self.request(e, d, old);
        let length = |v: Option<usize>| v.map_or(0, |s| self.t.minutes[d * self.t.s + s]);
        let before = self.minutes[e];
        self.minutes[e] = before - length(old) + length(v);
        let emp = &self.inst.employees[e];
        if emp.target.is_some() {
            delta += emp.target_cost(self.minutes[e]) as i64 - emp.target_cost(before) as i64;
        }
        if !self.t.charge_of.is_empty() {
            for (s, step) in [(old, -1i64), (v, 1)] {
                let Some(s) = s else { continue };
                for &c in &self.t.charge_of[self.t.cell(e, d, s)] {
                    let n = &mut self.charged[e][c as usize];
                    let was = *n > 0;
                    *n = (i64::from(*n) + step) as u32;
                    if was != (*n > 0) {
                        delta += step * i64::from(emp.charges[c as usize].weight);
                    }
                }
            }
        }
        for (g, f) in self.inst.fairness.iter().enumerate() {
            let Some(k) = self.t.fair_slot[g][e] else { continue };
            let counted = |v: Option<usize>| v.is_some_and(|s| self.t.fair_cell[g][d * self.t.s + s]);
            let step = i64::from(counted(v)) - i64::from(counted(old));
            if step != 0 {
                let before = f.group_cost(&self.fair[g]);
                self.fair[g][k] = (self.fair[g][k] as i64 + step) as u64;
                delta += f.group_cost(&self.fair[g]) as i64 - before as i64;
            }
        }
        for (s, step) in [(old, -1i64), (v, 1)] {
            let Some(s) = s else { continue };
            for &c in &self.t.caps_of[d * self.t.s + s] {
                self.caps[c] = (i64::from(self.caps[c]) + step) as u32;
            }
            for &r in &self.t.rows_of[d * self.t.s + s] {
                let before = cover_cost(self.t.rows[r], self.n[r]);
                self.n[r] = (i64::from(self.n[r]) + step) as u32;
                delta += cover_cost(self.t.rows[r], self.n[r]) as i64 - before as i64;
            }
        }
        self.roster[e][d] = v;
        delta
    }

    /// Applies `changes` (worker, day, new value) and keeps them when every touched row keeps
    /// its rules and `accept` takes the change of the score; otherwise puts everything back.
    fn attempt(&mut self, changes: &[(usize, usize, Option<usize>)], accept: impl FnOnce(i64) -> bool) -> bool {
        let mut undo = Vec::with_capacity(changes.len());
        let mut delta = 0i64;
        for &(e, d, v) in changes {
            if self.roster[e][d] != v {
                undo.push((e, d, self.roster[e][d]));
                delta += self.set(e, d, v);
            }
        }
        if undo.is_empty() {
            return false;
        }
        let mut workers: Vec<usize> = undo.iter().map(|u| u.0).collect();
        workers.sort_unstable();
        workers.dedup();
        // Only a cell newly worked can fill a capacity beyond its places.
        let within = || changes.iter().all(|&(_, d, v)| v.is_none_or(|s| self.t.caps_of[d * self.t.s + s].iter().all(|&c| self.caps[c] <= self.t.caps[c].1)));
        if accept(delta) && within() && workers.iter().all(|&e| row_ok(self.inst, self.t, e, &self.roster[e])) {
            self.value = (self.value as i64 + delta) as u64;
            return true;
        }
        for &(e, d, v) in undo.iter().rev() {
            self.set(e, d, v);
        }
        false
    }
}

/// Cells of each worker's charges worked in `roster` (a cell listed twice counts once).
fn charge_counts(inst: &Instance, roster: &Roster) -> Vec<Vec<u32>> {
    inst.employees
        .iter()
        .zip(roster)
        .map(|(emp, row)| {
            emp.charges
                .iter()
                .map(|c| {
                    let mut worked: Vec<(usize, usize)> = c.cells.iter().copied().filter(|&(d, s)| row[d] == Some(s)).collect();
                    worked.sort_unstable();
                    worked.dedup();
                    worked.len() as u32
                })
                .collect()
        })
        .collect()
}

/// A move that raises the score by δ is kept with probability e^(−δ/T) (simulated annealing at a
/// fixed temperature, the best roster seen kept aside). Measured on Instances 14, 15, 19 (one
/// 60 s run each, 1 s of moves before each neighbourhood): T = 0 (descent only) 1638, 5615,
/// 5719; T = 2: 1486, 4287, 4727; T = 5: 1536, 4821, 4941; T = 10: 1438, 4668, 5088; T = 20:
/// 1560, 5656, 5521. A missing worker usually costs 100, a request 1–3: at T = 2 the walk
/// trades requests but almost never cover.
const TEMPERATURE: f64 = 2.0;

/// How often [`improve`] shows its best roster while it goes on (milliseconds).
const BETTER_EVERY_MS: u128 = 10;

/// Improves `roster` (which keeps every hard rule; scored `value`) by moves until `until` or
/// until `stop` says so (the engine's halt: a repair whose window model has proven the
/// search's roster good enough must not wait out the rest of the slice); returns the roster
/// and its score, never worse than the start. `better` sees the best roster so far while the
/// moves go on, at most every [`BETTER_EVERY_MS`] and only when it improved: the engine
/// publishes it, so that the first covered rota does not wait for the slice to end.
pub(super) fn improve(inst: &Instance, t: &Tables, roster: Roster, value: u64, until: Instant, stop: &dyn Fn() -> bool, better: &mut dyn FnMut(&Roster, u64), rng: &mut Rng) -> (Roster, u64) {
    let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
    let n = t.row_counts(&on_shift(&roster, h, ns));
    let minutes = roster.iter().map(|row| t.row_minutes(row)).collect();
    let caps = t.cap_counts(&roster);
    let fair = t.fair_counts(inst, &roster);
    let charged = charge_counts(inst, &roster);
    let mut st = State { inst, t, roster, n, minutes, caps, fair, charged, value };
    // The walk may end above its best point: the best is kept aside.
    let mut best = (st.roster.clone(), value);
    let mut changes = Vec::with_capacity(16);
    let (mut seen, mut last) = (value, Instant::now());
    for i in 0u64.. {
        if i % 256 == 0 {
            let now = Instant::now();
            if now >= until || stop() {
                break;
            }
            if best.1 < seen && now.duration_since(last).as_millis() >= BETTER_EVERY_MS {
                better(&best.0, best.1);
                (seen, last) = (best.1, now);
            }
        }
        changes.clear();
        match rng.below(4) {
            // One cell: off, or another shift type the worker may work that day.
            0 => {
                let (e, d) = (rng.below(ne), rng.below(h));
                let s = rng.below(ns + 1);
                let v = (s < ns).then_some(s);
                if v.is_none() || t.allowed(inst, e, d, s) {
                    changes.push((e, d, v));
                }
            }
            // Two days of one worker change places (a shift moves within a week or two).
            1 => {
                let e = rng.below(ne);
                let d1 = rng.below(h);
                let d2 = (d1 + 1 + rng.below(13)).min(h - 1);
                let (a, b) = (st.roster[e][d1], st.roster[e][d2]);
                changes.extend([(e, d1, b), (e, d2, a)]);
            }
            // A block of one to seven days changes hands between two workers (cover unchanged).
            2 => {
                let (e1, e2) = (rng.below(ne), rng.below(ne));
                let len = 1 + rng.below(7);
                let from = rng.below(h);
                for d in from..(from + len).min(h) {
                    let (a, b) = (st.roster[e1][d], st.roster[e2][d]);
                    changes.extend([(e1, d, b), (e2, d, a)]);
                }
            }
            // A short cover cell gets a worker, who may give up a shift on another day.
            _ => {
                let c = rng.below(h * ns);
                let short = t.rows_of[c].iter().any(|&r| t.rows[r].1 > 0 && st.n[r] < t.rows[r].0);
                let (d, s) = (c / ns, c % ns);
                let e = rng.below(ne);
                if short && t.allowed(inst, e, d, s) {
                    changes.push((e, d, Some(s)));
                    if rng.below(2) == 0 {
                        let d2 = rng.below(h);
                        if d2 != d {
                            changes.push((e, d2, None));
                        }
                    }
                }
            }
        }
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        if st.attempt(&changes, |delta| delta <= 0 || u < (-(delta as f64) / TEMPERATURE).exp()) && st.value < best.1 {
            best = (st.roster.clone(), st.value);
        }
    }
    if st.value <= best.1 {
        (st.roster, st.value)
    } else {
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cq::{evaluate, parse};
    use crate::engine::{construct, Incumbent, Shared};

    fn instance(name: &str) -> Instance {
        parse(&std::fs::read_to_string(format!("{}/benches/curtois-qu/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap()
    }

    /// A first roster by the engine's construction alone.
    fn constructed(inst: &Instance, t: &Tables) -> Roster {
        let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
        construct(inst, t, 5.0, 1, &shared, Default::default(), Instant::now()).unwrap().expect("a constructed roster")
    }

    /// The row check agrees with the independent evaluator worker by worker, on rosters drawn
    /// by random cell changes from a feasible one (both verdicts occur).
    #[test]
    fn the_row_check_agrees_with_the_evaluator() {
        for name in ["Instance2", "Instance7", "Instance14"] {
            let inst = instance(name);
            let t = Tables::new(&inst);
            let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
            let start = constructed(&inst, &t);
            let mut rng = Rng(11);
            let (mut ok, mut bad) = (0, 0);
            for _ in 0..400 {
                let mut roster = start.clone();
                for _ in 0..1 + rng.below(3) {
                    let (e, d, s) = (rng.below(ne), rng.below(h), rng.below(ns + 1));
                    roster[e][d] = (s < ns).then_some(s);
                }
                let ev = evaluate(&inst, &roster);
                for (e, emp) in inst.employees.iter().enumerate() {
                    let row = row_ok(&inst, &t, e, &roster[e]);
                    let clean = !ev.violations.iter().any(|v| v.employee == emp.id);
                    assert_eq!(row, clean, "{name}, worker {}: row check {row}, evaluator {:?}", emp.id, ev.violations);
                    if row {
                        ok += 1;
                    } else {
                        bad += 1;
                    }
                }
            }
            assert!(ok > 0 && bad > 0, "{name}: {ok} rows kept the rules, {bad} broke them");
        }
    }

    /// Under the rules beyond the benchmark's too (blocked and fixed cells, limits, rests,
    /// quotas, per-day lengths and successions): on random rows of random tiny instances the row check and the
    /// evaluator agree worker by worker.
    #[test]
    fn the_row_check_agrees_with_the_evaluator_under_the_general_rules() {
        let (mut ok, mut bad) = (0, 0);
        for seed in 1..=40 {
            let inst = super::super::tests::random_general_instance(seed);
            let t = Tables::new(&inst);
            let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
            let mut rng = Rng(seed);
            for _ in 0..200 {
                // About a third of the days worked.
                let roster: Roster = (0..ne).map(|_| (0..h).map(|_| Some(rng.below(2 * ns + 2)).filter(|&s| s < ns)).collect()).collect();
                let ev = evaluate(&inst, &roster);
                for (e, emp) in inst.employees.iter().enumerate() {
                    let row = row_ok(&inst, &t, e, &roster[e]);
                    // A capacity is a rule across rows (the moves check it apart).
                    let clean = !ev.violations.iter().any(|v| v.employee == emp.id && v.rule != "capacity");
                    assert_eq!(row, clean, "seed {seed}, worker {}: row check {row}, evaluator {:?}", emp.id, ev.violations);
                    if row {
                        ok += 1;
                    } else {
                        bad += 1;
                    }
                }
            }
        }
        assert!(ok > 100 && bad > 100, "{ok} rows kept the rules, {bad} broke them");
    }

    /// The score the moves keep up to date is the evaluator's after every move kept, and every
    /// rule holds, under the general rules (targets, quotas, charges, capacities, fairness): random
    /// single-cell and two-cell changes of random tiny instances, each kept when it keeps the
    /// touched rows' rules and the capacities.
    #[test]
    fn the_kept_score_is_the_evaluators_under_the_general_rules() {
        let mut kept = 0;
        for seed in 1..=24 {
            let inst = super::super::tests::random_general_instance(seed);
            let t = Tables::new(&inst);
            let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
            let Ok(Some(start)) = construct(&inst, &t, 5.0, 1, &shared, Default::default(), Instant::now()) else { continue };
            let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
            let n = t.row_counts(&on_shift(&start, h, ns));
            let minutes = start.iter().map(|row| t.row_minutes(row)).collect();
            let caps = t.cap_counts(&start);
            let fair = t.fair_counts(&inst, &start);
            let charged = charge_counts(&inst, &start);
            let value = evaluate(&inst, &start).objective;
            let mut st = State { inst: &inst, t: &t, roster: start, n, minutes, caps, fair, charged, value };
            let mut rng = Rng(seed);
            for _ in 0..300 {
                let mut changes = vec![(rng.below(ne), rng.below(h), Some(rng.below(ns + 1)).filter(|&s| s < ns))];
                if rng.below(2) == 0 {
                    changes.push((rng.below(ne), rng.below(h), Some(rng.below(ns + 1)).filter(|&s| s < ns)));
                }
                if st.attempt(&changes, |_| true) {
                    kept += 1;
                    let ev = evaluate(&inst, &st.roster);
                    assert!(ev.feasible(), "seed {seed}: {:?}", ev.violations);
                    assert_eq!(ev.objective, st.value, "seed {seed}: the kept score is not the evaluator's");
                }
            }
        }
        assert!(kept > 200, "only {kept} moves were kept");
    }

    /// From the construction's roster the moves find a better one within half a second; every
    /// rule holds and the score they keep is the evaluator's, in the end and in each roster
    /// shown on the way.
    #[test]
    fn moves_improve_a_constructed_roster_and_keep_every_rule() {
        for name in ["Instance7", "Instance14"] {
            let inst = instance(name);
            let t = Tables::new(&inst);
            let start = constructed(&inst, &t);
            let before = evaluate(&inst, &start);
            assert!(before.feasible());
            let until = Instant::now() + std::time::Duration::from_millis(500);
            let mut shown: Vec<u64> = Vec::new();
            let mut better = |r: &Roster, v: u64| {
                let ev = evaluate(&inst, r);
                assert!(ev.feasible(), "{name}: a roster shown breaks a rule: {:?}", ev.violations);
                assert_eq!(ev.objective, v, "{name}: a roster shown is not scored as the evaluator scores it");
                shown.push(v);
            };
            let (r, v) = improve(&inst, &t, start, before.objective, until, &|| false, &mut better, &mut Rng(5));
            let ev = evaluate(&inst, &r);
            assert!(ev.feasible(), "{name}: {:?}", ev.violations);
            assert_eq!(ev.objective, v, "{name}: the kept score is the evaluator's");
            assert!(v < before.objective, "{name}: {v} is no better than the construction's {}", before.objective);
            // The best so far was shown while the moves went on, each better than the last,
            // none better than the end.
            assert!(!shown.is_empty(), "{name}: no roster was shown in half a second of moves");
            assert!(shown.windows(2).all(|w| w[1] < w[0]) && shown[0] < before.objective, "{name}: shown {shown:?}");
            assert!(*shown.last().unwrap() >= v, "{name}: shown {shown:?}, returned {v}");
        }
    }
}
