//! The least-cost row of one worker, exactly, by dynamic programming over the states a row
//! passes through day by day: what was worked the day before, the length of the current run
//! (of working days, or of days off up to the minimum that matters), whether that run began
//! on the first day, the weekends worked so far (and whether this weekend's Saturday was),
//! the minutes so far, and the count of each shift type whose limit can bind. Every hard rule
//! of a worker's row ([`super::local::row_ok`]) is a rule on these states, so the programme
//! ranges over exactly the rows that keep them.
//!
//! Column generation prices with it ([`super::price`]): with a cost per worked cell (request
//! weights less the cover prices) the cheapest row is the column to add and its cost the
//! worker's part of the Lagrangian bound. The programme keeps only the states a row reaches;
//! when they are too many ([`MAX_NODES`]) the caller prices with the one-worker MIP.

use super::{Instance, Tables};

/// State spaces of at most this many states are indexed by a dense array (fast); larger ones by
/// a hash map over the states actually reached.
const MAX_DENSE: u64 = 1 << 20;
/// Most states reached over a row's days (summed) that the programme keeps (24 bytes each):
/// a worker whose row reaches more — or, projected from the day so far, would — is too large
/// and priced by the one-worker MIP. Reached states per worker on the benchmark (the most of
/// any worker): Instance 7: 28 000, 10: 232 000, 8: 727 000, 17: 271 000, 18: 1.7 million,
/// 14: 8 million, 15 and 19: 30–40 million, 13: 11–60 million. At this limit every worker
/// of 1–7, 9–12, 16 and 17 fits, 28 of 30 of 8's. With 2^21 (all of 8's) column generation on 8
/// ended at 1564 and 1656 in two runs, at this limit 1476 and 1569, at 300 000 1586 and 1470;
/// 1371–1489 before the change (the dense programme, 21 of 8's workers): worse at every limit
/// tried, not mended.
pub(super) const MAX_NODES: usize = 1 << 19;
/// A state space beyond this many states is too large without trying.
const MAX_SPACE: u64 = 1 << 34;

/// What the programme found.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cheapest {
    /// The cheapest row keeping every rule, and its cost.
    Row(Vec<Option<usize>>, f64),
    /// No row keeps every rule.
    Infeasible,
    /// The state space is beyond the limits.
    TooLarge,
}

/// A state, decoded.
#[derive(Debug, Clone, Copy)]
struct State {
    /// 0 = off the day before, else shift type + 1.
    last: usize,
    /// Length of the current run (days off counted up to `off_cap`).
    run: usize,
    /// The current run began on the first day.
    from_start: bool,
    weekends: usize,
    /// This weekend's Saturday was worked.
    saturday: bool,
    /// Minutes so far, in units of `unit`.
    minutes: usize,
}

/// The ranges of a worker's states and the rules on them.
struct Space<'a> {
    inst: &'a Instance,
    t: &'a Tables,
    e: usize,
    /// Ranges of the fields, in the order of [`State`], then one per counted shift type.
    radix: Vec<usize>,
    /// Shift types whose count is part of the state, with their limit.
    counted: Vec<(usize, usize)>,
    /// Position of each shift type in `counted`.
    slot: Vec<Option<usize>>,
    max_run: usize,
    off_cap: usize,
    weekends_counted: bool,
    unit: u32,
    min_units: usize,
    max_units: usize,
    /// Most units one day can add.
    step_units: usize,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl<'a> Space<'a> {
    fn new(inst: &'a Instance, t: &'a Tables, e: usize) -> Self {
        let emp = &inst.employees[e];
        let h = inst.days;
        let workable: Vec<usize> = (0..inst.shifts.len()).filter(|&s| emp.max_shifts[s] > 0).collect();
        let ns = inst.shifts.len();
        let workable_ref = &workable;
        let lengths = || (0..h).flat_map(move |d| workable_ref.iter().map(move |&s| t.minutes[d * ns + s]));
        let unit = lengths().fold(0, gcd).max(1);
        let step_units = lengths().map(|m| (m / unit) as usize).max().unwrap_or(0);
        let max_units = ((emp.max_minutes / unit) as usize).min(h * step_units);
        let min_units = emp.min_minutes.div_ceil(unit) as usize;
        let counted: Vec<(usize, usize)> = workable.iter().filter(|&&s| (emp.max_shifts[s] as usize) < h).map(|&s| (s, emp.max_shifts[s] as usize)).collect();
        let mut slot = vec![None; inst.shifts.len()];
        for (k, &(s, _)) in counted.iter().enumerate() {
            slot[s] = Some(k);
        }
        let max_run = (emp.max_consecutive as usize).min(h);
        let off_cap = (emp.min_days_off as usize).max(1);
        let weekends_counted = (emp.max_weekends as usize) < h / 7;
        let mut radix = vec![
            inst.shifts.len() + 1,
            max_run.max(off_cap) + 1,
            2,
            if weekends_counted { emp.max_weekends as usize + 1 } else { 1 },
            if weekends_counted { 2 } else { 1 },
            max_units + 1,
        ];
        radix.extend(counted.iter().map(|&(_, m)| m + 1));
        Space { inst, t, e, radix, counted, slot, max_run, off_cap, weekends_counted, unit, min_units, max_units, step_units }
    }

    /// Number of states (the product of the ranges), or None past [`MAX_SPACE`].
    fn size(&self) -> Option<u64> {
        self.radix.iter().try_fold(1u64, |a, &r| a.checked_mul(r as u64)).filter(|&n| n <= MAX_SPACE)
    }

    fn encode(&self, s: &State, counts: &[usize]) -> u64 {
        let fields = [s.last, s.run, usize::from(s.from_start), s.weekends, usize::from(s.saturday), s.minutes];
        fields.iter().chain(counts).zip(&self.radix).fold(0, |i, (&v, &r)| i * r as u64 + v as u64)
    }

    fn decode(&self, mut i: u64, counts: &mut [usize]) -> State {
        let k = self.counted.len();
        for j in (0..k).rev() {
            let r = self.radix[6 + j] as u64;
            counts[j] = (i % r) as usize;
            i /= r;
        }
        let mut f = [0usize; 6];
        for j in (0..6).rev() {
            let r = self.radix[j] as u64;
            f[j] = (i % r) as usize;
            i /= r;
        }
        State { last: f[0], run: f[1], from_start: f[2] == 1, weekends: f[3], saturday: f[4] == 1, minutes: f[5] }
    }

    /// The state after working `v` on day `d` from `x` (None before the first day), with the
    /// counts updated in place; None when a rule forbids it.
    fn step(&self, x: Option<&State>, counts: &mut [usize], d: usize, v: Option<usize>) -> Option<State> {
        let (inst, emp, h) = (self.inst, &self.inst.employees[self.e], self.inst.days);
        let (mut run, mut from_start) = (1, x.is_none());
        let mut minutes = x.map_or(0, |x| x.minutes);
        if v.is_none() && self.t.fixed[self.e * h + d].is_some() {
            return None;
        }
        match (x, v) {
            (Some(x), None) if x.last == 0 => (run, from_start) = ((x.run + 1).min(self.off_cap), x.from_start),
            (Some(x), None) if !x.from_start && x.run < emp.min_consecutive as usize => return None,
            (_, None) => {}
            (_, Some(s)) => {
                if !self.t.allowed(inst, self.e, d, s) {
                    return None;
                }
                match x {
                    Some(x) if x.last == 0 && !x.from_start && x.run < emp.min_days_off as usize => return None,
                    Some(x) if x.last > 0 => {
                        if self.t.forbids(inst, d - 1, x.last - 1, s) || x.run + 1 > self.max_run {
                            return None;
                        }
                        (run, from_start) = (x.run + 1, x.from_start);
                    }
                    _ if self.max_run == 0 => return None,
                    _ => {}
                }
                if let Some(k) = self.slot[s] {
                    counts[k] += 1;
                    if counts[k] > self.counted[k].1 {
                        return None;
                    }
                }
                minutes += (self.t.minutes[d * inst.shifts.len() + s] / self.unit) as usize;
                if minutes > self.max_units {
                    return None;
                }
            }
        }
        // Even working every day left with the longest shift cannot reach the minimum.
        if minutes + (h - 1 - d) * self.step_units < self.min_units {
            return None;
        }
        let (mut weekends, mut saturday) = (x.map_or(0, |x| x.weekends), false);
        if self.weekends_counted && d / 7 < h / 7 && v.is_some() {
            let sunday_only = d % 7 == 6 && !x.is_some_and(|x| x.saturday);
            if d % 7 == 5 || sunday_only {
                weekends += 1;
                if weekends > emp.max_weekends as usize {
                    return None;
                }
            }
            saturday = d % 7 == 5;
        }
        Some(State { last: v.map_or(0, |s| s + 1), run, from_start, weekends, saturday, minutes })
    }
}

/// Whether worker `e`'s rows stay within the programme's limits (it runs the programme once,
/// at zero costs: barring choices, as branching does, only removes states).
pub(super) fn fits(inst: &Instance, t: &Tables, e: usize) -> bool {
    !matches!(cheapest_row(inst, t, e, &|_, _| 0.0), Cheapest::TooLarge)
}

/// A state reached on some day: its code, the least cost of reaching it, and the state of the
/// day before it came from (an index into that day's layer).
#[derive(Clone, Copy)]
struct Node {
    code: u64,
    cost: f64,
    parent: u32,
}

/// Where each state of the day being built sits in its layer.
enum Index {
    /// Every state of the space has a slot (`u32::MAX` = not reached).
    Dense(Vec<u32>),
    /// The states reached.
    Sparse(std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<Mix>>),
}

impl Index {
    /// The slot of `code` in the layer being built, or None when it is new there (it is then
    /// given slot `len`, the layer's length).
    fn slot(&mut self, code: u64, len: usize) -> Option<usize> {
        use std::collections::hash_map::Entry;
        match self {
            Index::Dense(v) => {
                let s = &mut v[code as usize];
                if *s == u32::MAX {
                    *s = len as u32;
                    None
                } else {
                    Some(*s as usize)
                }
            }
            Index::Sparse(m) => match m.entry(code) {
                Entry::Occupied(o) => Some(*o.get() as usize),
                Entry::Vacant(v) => {
                    v.insert(len as u32);
                    None
                }
            },
        }
    }

    /// Forgets the states of `layer`, ready for the next day.
    fn clear(&mut self, layer: &[Node]) {
        match self {
            Index::Dense(v) => layer.iter().for_each(|n| v[n.code as usize] = u32::MAX),
            Index::Sparse(m) => m.clear(),
        }
    }
}

/// A fast hash for state codes (a multiply and a shift; the codes are not adversarial).
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        let y = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = y ^ (y >> 29);
    }
}

/// The cheapest row of worker `e` keeping every hard rule, where working shift type `s` on day
/// `d` costs `cost(d, Some(s))` and a day off `cost(d, None)`, plus what the row's minutes cost
/// against the worker's target; an infinite cost bars the choice.
/// Day by day it keeps only the states reached (a layer per day), each with its least cost and
/// where it came from.
pub(super) fn cheapest_row(inst: &Instance, t: &Tables, e: usize, cost: &dyn Fn(usize, Option<usize>) -> f64) -> Cheapest {
    // Limits, rests, quotas and charges over sets of cells are not part of the state: such a
    // worker is priced by the MIP.
    let emp = &inst.employees[e];
    if !emp.limits.is_empty() || !emp.rests.is_empty() || !emp.quotas.is_empty() || !emp.charges.is_empty() {
        return Cheapest::TooLarge;
    }
    cheapest_row_indexed(inst, t, e, cost, MAX_DENSE)
}

/// [`cheapest_row`], the states indexed densely when the space has at most `dense` states.
fn cheapest_row_indexed(inst: &Instance, t: &Tables, e: usize, cost: &dyn Fn(usize, Option<usize>) -> f64, dense: u64) -> Cheapest {
    let h = inst.days;
    let space = Space::new(inst, t, e);
    let Some(n) = space.size() else { return Cheapest::TooLarge };
    if h == 0 {
        return Cheapest::Row(Vec::new(), 0.0);
    }
    let k = space.counted.len();
    let choices: Vec<Option<usize>> = std::iter::once(None).chain((0..inst.shifts.len()).map(Some)).collect();
    let mut index = if n <= dense { Index::Dense(vec![u32::MAX; n as usize]) } else { Index::Sparse(Default::default()) };
    let mut layers: Vec<Vec<Node>> = Vec::with_capacity(h);
    let mut kept = 0usize;
    let mut counts = vec![0usize; k];
    let mut next_counts = vec![0usize; k];
    // The day before the first: one state, no work yet.
    let before = [Node { code: 0, cost: 0.0, parent: 0 }];
    for d in 0..h {
        let cell: Vec<f64> = choices.iter().map(|&v| cost(d, v)).collect();
        let prev: &[Node] = layers.last().map_or(&before, Vec::as_slice);
        let mut layer: Vec<Node> = Vec::new();
        for (pi, p) in prev.iter().enumerate() {
            let x = (d > 0).then(|| space.decode(p.code, &mut counts));
            if d == 0 {
                counts.iter_mut().for_each(|c| *c = 0);
            }
            for (&v, &c) in choices.iter().zip(&cell) {
                if !c.is_finite() {
                    continue;
                }
                next_counts.copy_from_slice(&counts);
                let Some(y) = space.step(x.as_ref(), &mut next_counts, d, v) else { continue };
                let code = space.encode(&y, &next_counts);
                let total = p.cost + c;
                match index.slot(code, layer.len()) {
                    None => layer.push(Node { code, cost: total, parent: pi as u32 }),
                    Some(j) if total < layer[j].cost => layer[j] = Node { code, cost: total, parent: pi as u32 },
                    Some(_) => {}
                }
            }
        }
        index.clear(&layer);
        kept += layer.len();
        // Too many states already, or at this day's count for the days left.
        if kept.saturating_add(layer.len().saturating_mul(h - 1 - d)) > MAX_NODES {
            return Cheapest::TooLarge;
        }
        layers.push(layer);
    }
    let last = &layers[h - 1];
    // The row's whole minutes are known at the end: the target's cost is added there.
    let emp = &inst.employees[e];
    let best = (0..last.len())
        .filter_map(|i| {
            let units = space.decode(last[i].code, &mut counts).minutes;
            (units >= space.min_units).then(|| (i, last[i].cost + emp.target_cost(units as u32 * space.unit) as f64))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let Some((mut i, value)) = best else { return Cheapest::Infeasible };
    let mut row = vec![None; h];
    for d in (0..h).rev() {
        let node = layers[d][i];
        row[d] = space.decode(node.code, &mut counts).last.checked_sub(1);
        i = node.parent as usize;
    }
    Cheapest::Row(row, value)
}

#[cfg(test)]
mod tests {
    use super::super::local::row_ok;
    use super::super::{Employee, Rng, ShiftType, Target};
    use super::*;

    /// One worker with every rule drawn at random, over `h` days.
    fn random_worker(g: &mut Rng, h: usize) -> Instance {
        let ns = 1 + g.below(3);
        let shifts: Vec<ShiftType> = (0..ns)
            .map(|s| ShiftType { id: format!("S{s}"), minutes: [480, 240, 600][s], forbidden_next: (0..ns).filter(|_| g.below(3) == 0).collect() })
            .collect();
        let emp = Employee {
            id: "A".into(),
            max_shifts: (0..ns).map(|_| [0, 1, 2, 3, 9][g.below(5)]).collect(),
            max_minutes: 240 * (4 + g.below(20) as u32),
            min_minutes: 240 * g.below(12) as u32,
            max_consecutive: 1 + g.below(5) as u32,
            min_consecutive: 1 + g.below(3) as u32,
            min_days_off: 1 + g.below(3) as u32,
            max_weekends: g.below(2) as u32,
            days_off: (0..g.below(3)).map(|_| g.below(h)).collect(),
            ..Default::default()
        };
        Instance { days: h, shifts, employees: vec![emp], ..Default::default() }
    }

    /// [`random_worker`] with the core's other rules on a row drawn as well: blocked and fixed
    /// cells, a length that differs on one day, a succession forbidden on one day.
    fn random_general_worker(g: &mut Rng, h: usize) -> Instance {
        let mut inst = random_worker(g, h);
        let ns = inst.shifts.len();
        let blocked = (0..g.below(3)).map(|_| (g.below(h), g.below(ns))).collect();
        let fixed = if g.below(3) == 0 { vec![(g.below(h), g.below(ns))] } else { vec![] };
        (inst.employees[0].blocked, inst.employees[0].fixed) = (blocked, fixed);
        if g.below(2) == 0 {
            inst.day_minutes.push((g.below(h), g.below(ns), 240 * (1 + g.below(3) as u32)));
        }
        if g.below(2) == 0 {
            inst.forbidden_on.push((g.below(h - 1), g.below(ns), g.below(ns)));
        }
        inst
    }

    /// With blocked and fixed cells, per-day lengths and successions, and a target in half the
    /// cases, the programme's cheapest row is the cheapest of the rows the independent
    /// evaluator accepts, the target's cost as the evaluator counts it.
    #[test]
    fn finds_the_cheapest_row_the_evaluator_accepts_under_the_general_rules() {
        let mut g = Rng(23);
        let (mut feasible, mut infeasible, mut targeted) = (0, 0, 0);
        for case in 0..300 {
            let h = [7, 8][case % 2];
            let mut inst = random_general_worker(&mut g, h);
            let mut tg = Rng(1000 + case as u64);
            if tg.below(2) == 0 {
                inst.employees[0].target = Some(Target { minutes: 240 * tg.below(20) as u32 + 30 * tg.below(2) as u32, weight: 1 + tg.below(3) as u32 });
            }
            let t = Tables::new(&inst);
            let ns = inst.shifts.len();
            let costs: Vec<f64> = (0..h * (ns + 1)).map(|i| if i % (ns + 1) > 0 { g.below(21) as f64 - 10.0 + 0.25 } else { 0.0 }).collect();
            let cost = |d: usize, v: Option<usize>| costs[d * (ns + 1) + v.map_or(0, |s| s + 1)];
            let row_cost = |row: &[Option<usize>]| row.iter().enumerate().map(|(d, &v)| cost(d, v)).sum::<f64>();
            let best = every_row(h, ns)
                .filter_map(|r| {
                    let ev = crate::cq::evaluate(&inst, &vec![r.clone()]);
                    ev.feasible().then(|| row_cost(&r) + ev.target as f64)
                })
                .min_by(f64::total_cmp);
            if inst.employees[0].target.is_some() && best.is_some() {
                targeted += 1;
            }
            match (cheapest_row(&inst, &t, 0, &cost), best) {
                (Cheapest::Row(row, value), Some(b)) => {
                    assert!(crate::cq::evaluate(&inst, &vec![row.clone()]).feasible(), "case {case}: the row {row:?} breaks a rule of {inst:?}");
                    assert!((value - b).abs() < 1e-9, "case {case}: {value} against the enumerated {b} for {inst:?}");
                    feasible += 1;
                }
                (Cheapest::Infeasible, None) => infeasible += 1,
                (got, b) => panic!("case {case}: {got:?} against the enumerated {b:?} for {inst:?}"),
            }
        }
        assert!(feasible > 100 && infeasible > 0 && targeted > 50, "{feasible} feasible ({targeted} with a target), {infeasible} infeasible cases");
    }

    /// Every row of the worker, by enumeration.
    fn every_row(h: usize, ns: usize) -> impl Iterator<Item = Vec<Option<usize>>> {
        (0..(ns + 1).pow(h as u32)).map(move |mut code| {
            (0..h)
                .map(|_| {
                    let v = code % (ns + 1);
                    code /= ns + 1;
                    v.checked_sub(1)
                })
                .collect()
        })
    }

    /// Against enumeration of every row with the local search's rule check: the same least
    /// cost, and the row returned keeps every rule and costs what it says.
    #[test]
    fn finds_the_cheapest_row_that_enumeration_finds() {
        let (feasible, infeasible) = against_enumeration(0x5EED, 0);
        assert!(feasible >= 100 && infeasible >= 10, "{feasible} feasible and {infeasible} infeasible cases: the draw does not exercise both");
    }

    /// The same with some choices barred (an infinite cost, days off included), as branching
    /// bars them: the row returned never takes a barred choice.
    #[test]
    fn keeps_to_the_choices_left_open() {
        let (feasible, infeasible) = against_enumeration(0xBA22, 8);
        assert!(feasible >= 100 && infeasible >= 20, "{feasible} feasible and {infeasible} infeasible cases: the draw does not exercise both");
    }

    /// 300 random workers and cell costs, each choice barred with `bar_percent` % chance;
    /// the programme against enumeration. Returns the feasible and infeasible cases.
    fn against_enumeration(seed: u64, bar_percent: usize) -> (usize, usize) {
        let mut g = Rng(seed);
        let (mut feasible, mut infeasible) = (0, 0);
        for case in 0..300 {
            let h = [7, 8, 9][case % 3];
            let inst = random_worker(&mut g, h);
            let t = Tables::new(&inst);
            let ns = inst.shifts.len();
            let mut draw = |work: bool| if bar_percent > 0 && g.below(100) < bar_percent { f64::INFINITY } else if work { g.below(21) as f64 - 10.0 + 0.25 } else { 0.0 };
            let costs: Vec<f64> = (0..h * (ns + 1)).map(|i| draw(i % (ns + 1) > 0)).collect();
            let cost = |d: usize, v: Option<usize>| costs[d * (ns + 1) + v.map_or(0, |s| s + 1)];
            let row_cost = |row: &[Option<usize>]| row.iter().enumerate().map(|(d, &v)| cost(d, v)).sum::<f64>();
            let best = every_row(h, ns).filter(|r| row_ok(&inst, &t, 0, r)).map(|r| row_cost(&r)).filter(|c| c.is_finite()).min_by(f64::total_cmp);
            match (cheapest_row(&inst, &t, 0, &cost), best) {
                (Cheapest::Row(row, value), Some(b)) => {
                    assert!(row_ok(&inst, &t, 0, &row), "case {case}: the row {row:?} breaks a rule of {:?}", inst.employees[0]);
                    assert!((row_cost(&row) - value).abs() < 1e-9, "case {case}: the row costs {} but {value} was reported", row_cost(&row));
                    assert!((value - b).abs() < 1e-9, "case {case}: {value} against the enumerated {b} for {:?}", inst.employees[0]);
                    feasible += 1;
                }
                (Cheapest::Infeasible, None) => infeasible += 1,
                (got, b) => panic!("case {case}: {got:?} against the enumerated {b:?} for {:?}", inst.employees[0]),
            }
        }
        (feasible, infeasible)
    }

    /// The hash-indexed programme (what workers with large state spaces get) finds the same
    /// least cost as the dense one on every worker of a published instance, at random cell
    /// costs with some choices barred, and its row keeps every rule and costs what it says.
    #[test]
    fn sparse_and_dense_indexing_agree() {
        let inst = crate::cq::parse(include_str!("../../benches/curtois-qu/Instance8.txt")).unwrap();
        let t = Tables::new(&inst);
        let ns = inst.shifts.len();
        let mut g = Rng(0xD15C);
        let mut compared = 0;
        for e in 0..inst.employees.len() {
            // The dense index needs a slot for every state.
            if Space::new(&inst, &t, e).size().is_none_or(|n| n > 1 << 24) {
                continue;
            }
            let costs: Vec<f64> = (0..inst.days * (ns + 1)).map(|i| if g.below(100) < 3 { f64::INFINITY } else if i % (ns + 1) > 0 { g.below(21) as f64 - 10.0 + 0.5 } else { 0.0 }).collect();
            let cost = |d: usize, v: Option<usize>| costs[d * (ns + 1) + v.map_or(0, |s| s + 1)];
            let dense = cheapest_row_indexed(&inst, &t, e, &cost, 1 << 24);
            let sparse = cheapest_row_indexed(&inst, &t, e, &cost, 0);
            match (&dense, &sparse) {
                (Cheapest::Row(_, a), Cheapest::Row(row, b)) => {
                    assert!((a - b).abs() < 1e-9, "worker {e}: dense {a}, sparse {b}");
                    assert!(row_ok(&inst, &t, e, row), "worker {e}: the sparse row breaks a rule");
                    let c: f64 = row.iter().enumerate().map(|(d, &v)| cost(d, v)).sum();
                    assert!((c - b).abs() < 1e-9, "worker {e}: the row costs {c}, {b} reported");
                    compared += 1;
                }
                (Cheapest::TooLarge, Cheapest::TooLarge) | (Cheapest::Infeasible, Cheapest::Infeasible) => {}
                _ => panic!("worker {e}: dense {dense:?} against sparse {sparse:?}"),
            }
        }
        assert!(compared >= 20, "only {compared} workers compared");
    }
}
