//! Column generation over workers' rows, then the integer master, dives and branch and price.
//!
//! Every hard rule of the core is a rule of one worker's row; only cover ties the rows
//! together, and it is soft. So a roster is a choice of one feasible row per worker, and the
//! *master* problem chooses them: `min Σ cost(row)·λ + Σ under·u + over·o` subject to one row
//! per worker (`Σ λ = 1`) and, per cover cell, `Σ rows on it · λ + u − o = requirement`.
//! Its linear relaxation over *every* feasible row is far tighter than the compact model's
//! (the rules on runs and weekends are inside the rows). Rows are generated as needed: with
//! the relaxation's duals (π per cover cell, μ per worker), a row with negative reduced cost
//! `cost(row) − Σ π(cells worked) − μ` is sought first by descent from the worker's rows in the
//! relaxation ([`descend`]), then exactly: by dynamic programming over the row's states
//! ([`super::dp`]), or where a worker's state space is too large for it and descent finds none
//! for anyone, by the same one-worker MIP the construction uses, the cover rows replaced by the
//! prices π ([`super::Sub::prices`]).
//! Such an exact round gives a lower bound of the whole problem: the relaxation's value plus
//! every worker's least reduced cost (the Lagrangian bound; the value itself once no row prices
//! out). The integer master over the rows generated (and the search's rows) then gives
//! rosters, and dives (fix the rows that are whole in the relaxation or the largest, price
//! again) grow the pool; any roster of them keeps every hard rule, since each row does. Once
//! the incumbent is near the bound, depth-first branch and price on (worker, day, choice)
//! ([`Cg::tree`]) searches for the optimum and, searched to the end, proves it; when the
//! search beside it finds nothing more, its core searches a second tree ([`second_tree`]).

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::time::Instant;

use highs::{ColProblem, HighsModelStatus, Model, Row, Sense};

use super::dp::{cheapest_row, fits, Cheapest};
use super::{lock, note, score, solve_hood, round_bound, Control, Hood, Instance, Rng, Roster, Shared, Sub, Tables};

/// A worker's row.
type Line = Vec<Option<usize>>;

/// What a row costs on its own: on-requests not granted, off-requests granted, minutes away
/// from the worker's target.
fn row_cost(inst: &Instance, t: &Tables, e: usize, row: &[Option<usize>]) -> f64 {
    request_cost(t, e, row) + inst.employees[e].target_cost(t.row_minutes(row)) as f64
}

/// What a row's requests cost: on-requests not granted, off-requests granted.
fn request_cost(t: &Tables, e: usize, row: &[Option<usize>]) -> f64 {
    let mut c = 0.0;
    for (d, cell) in row.iter().enumerate() {
        for s in 0..t.s {
            let i = t.cell(e, d, s);
            if *cell == Some(s) {
                c += f64::from(t.off[i]);
            } else {
                c += f64::from(t.on[i]);
            }
        }
    }
    c
}

/// The master's rows: one per worker (a row chosen), one per cover row, with its slack
/// columns (under, over) added first.
struct Rows {
    conv: Vec<Row>,
    /// Master row of each cover row and its index among the master's rows.
    cover: Vec<(Row, usize)>,
    /// Cover rows of each cell (day × shift types + shift).
    rows_of: Vec<Vec<usize>>,
    /// Cells of each cover row.
    row_cells: Vec<Vec<usize>>,
    /// Slack columns' requirements, in column order (one pair per cover row).
    slacks: Vec<u32>,
    ns: usize,
}

impl Rows {
    fn new(pb: &mut ColProblem, t: &Tables, ne: usize) -> Self {
        let conv: Vec<Row> = (0..ne).map(|_| pb.add_row(1.0..=1.0)).collect();
        let mut cover = Vec::with_capacity(t.rows.len());
        let mut slacks = Vec::new();
        for &(req, under, over) in &t.rows {
            let r = pb.add_row(f64::from(req)..=f64::from(req));
            cover.push((r, ne + slacks.len()));
            pb.add_column(f64::from(under), 0.0.., [(r, 1.0)]);
            pb.add_column(f64::from(over), 0.0.., [(r, -1.0)]);
            slacks.push(req);
        }
        Rows { conv, cover, rows_of: t.rows_of.clone(), row_cells: t.row_cells.clone(), slacks, ns: t.s }
    }

    /// The master's entries of worker `e`'s row: a cover row over several cells (a period) the
    /// row works more than one of counts each (one entry with their number).
    fn entries(&self, e: usize, row: &[Option<usize>]) -> Vec<(Row, f64)> {
        let mut rows: Vec<usize> = row.iter().enumerate().filter_map(|(d, s)| s.map(|s| d * self.ns + s)).flat_map(|c| self.rows_of[c].iter().copied()).collect();
        rows.sort_unstable();
        let mut v = vec![(self.conv[e], 1.0)];
        for r in rows {
            match v.last_mut() {
                Some(last) if last.0 == self.cover[r].0 => last.1 += 1.0,
                _ => v.push((self.cover[r].0, 1.0)),
            }
        }
        v
    }

    /// The slack columns' values in `roster`.
    fn slack_values(&self, roster: &Roster) -> Vec<f64> {
        let n = super::on_shift(roster, roster.first().map_or(0, Vec::len), self.ns);
        self.slacks.iter().zip(&self.row_cells).flat_map(|(&req, cells)| {
            let n: u32 = cells.iter().map(|&c| n[c]).sum();
            [f64::from(req.saturating_sub(n)), f64::from(n.saturating_sub(req))]
        }).collect()
    }

    /// Each cell's price: the duals `y` of the cover rows it is in.
    fn prices(&self, y: &[f64]) -> Vec<f64> {
        self.rows_of.iter().map(|rows| rows.iter().map(|&r| y[self.cover[r].1]).sum()).collect()
    }
}

/// The rows generated so far, as columns of the master (after its slack columns).
#[derive(Default)]
struct Pool {
    cols: Vec<(usize, Line)>,
    seen: HashSet<(usize, Line)>,
}

impl Pool {
    /// Records a row; false when it is already a column.
    fn take(&mut self, e: usize, row: &[Option<usize>]) -> bool {
        let key = (e, row.to_vec());
        if !self.seen.insert(key.clone()) {
            return false;
        }
        self.cols.push(key);
        true
    }
}

/// What price and branch found.
pub(super) struct Priced {
    /// A proven lower bound on the whole problem (Lagrangian or the converged relaxation).
    pub bound: Option<f64>,
    /// Column generation ran until no row priced out (this and the counts are read by the
    /// tests only).
    #[cfg_attr(not(test), allow(dead_code))]
    pub converged: bool,
    /// Rounds of pricing and columns generated.
    #[cfg_attr(not(test), allow(dead_code))]
    pub rounds: u32,
    #[cfg_attr(not(test), allow(dead_code))]
    pub columns: usize,
}

/// What worker `e` working `v` on day `d` adds to a row's reduced cost at `prices`.
fn cell_cost(t: &Tables, prices: &[f64], e: usize, d: usize, v: Option<usize>) -> f64 {
    v.map_or(0.0, |s| {
        let i = t.cell(e, d, s);
        f64::from(t.off[i]) - f64::from(t.on[i]) - prices[d * t.s + s]
    })
}

/// A cheap row at `prices` by descent from `row` (which keeps the worker's rules): a block of
/// one to four days set to one shift type or to off, kept when the row keeps its rules and
/// costs less. Returns the row and how much cheaper it is than `row`.
fn descend(inst: &Instance, t: &Tables, prices: &[f64], e: usize, mut row: Line) -> (Line, f64) {
    let (h, ns) = (row.len(), t.s);
    let emp = &inst.employees[e];
    let length = |x: usize, v: Option<usize>| v.map_or(0, |s| t.minutes[x * ns + s]);
    let mut minutes = t.row_minutes(&row);
    let mut gained = 0.0;
    loop {
        let mut better = false;
        for len in 1..=4usize {
            for d in 0..h.saturating_sub(len - 1) {
                for v in std::iter::once(None).chain((0..ns).map(Some)) {
                    let after = (d..d + len).fold(minutes, |m, x| m - length(x, row[x]) + length(x, v));
                    let delta: f64 = (d..d + len).map(|x| cell_cost(t, prices, e, x, v) - cell_cost(t, prices, e, x, row[x])).sum::<f64>() + emp.target_cost(after) as f64 - emp.target_cost(minutes) as f64;
                    if delta > -1e-9 {
                        continue;
                    }
                    let old: Line = row[d..d + len].to_vec();
                    row[d..d + len].fill(v);
                    if super::local::row_ok(inst, t, e, &row) {
                        minutes = after;
                        gained -= delta;
                        better = true;
                    } else {
                        row[d..d + len].copy_from_slice(&old);
                    }
                }
            }
        }
        if !better {
            return (row, gained);
        }
    }
}


fn quiet(model: &mut Model, seconds: f64) {
    model.make_quiet();
    model.set_threads(NonZeroU32::MIN);
    model.set_option("time_limit", seconds.max(0.01));
}

/// Column generation's state: the relaxation (a HiGHS model that keeps its basis between
/// solves), the rows generated, and the workers a dive has fixed to one row.
struct Cg<'a> {
    inst: &'a Instance,
    t: &'a Tables,
    rows: Rows,
    pool: Pool,
    model: Option<Model>,
    /// Model column of each pool column.
    handles: Vec<highs::Col>,
    /// Per worker: the pool column a dive fixed them to.
    fixed: Vec<Option<usize>>,
    /// Per (worker, day): the choices branching leaves open ([`bit`]).
    open: Vec<u64>,
    /// Per pool column: held at zero (its worker fixed to another column, or it takes a
    /// choice branching closed).
    held: Vec<bool>,
    /// Per worker: their pool columns.
    mine: Vec<Vec<usize>>,
    /// A roster keeping every hard rule (what the one-worker pricing models hold constant).
    start: Roster,
    /// Version of the shared incumbent whose rows were last taken.
    version: u64,
    /// Column bounds changed since the last solve (a dive's fixing, a branch), so the last
    /// basis may no longer be primal feasible: the next solve runs the dual simplex.
    rebound: bool,
    /// Branch on a choice drawn among those whose share is within [`SPREAD`] of the nearest
    /// one half, not on the nearest itself (the second tree, [`second_tree`]).
    spread: Option<Rng>,
}

/// How much farther from one half than the nearest a choice the second tree branches on may
/// be.
const SPREAD: f64 = 0.1;

/// A branching's restriction: worker·h + day and the choices left open there.
type Cut = (usize, u64);

/// One solved relaxation: value, row duals, column values.
struct Relaxed {
    z: f64,
    y: Vec<f64>,
    lp: Vec<f64>,
}

/// How a round of pricing ([`Cg::round`]) looks for rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pricing {
    /// By descent only: no bound.
    Descent,
    /// Exactly only, where descent at the same duals found nothing (it is not run again).
    Exact,
    /// By descent, then exactly.
    Both,
}

/// A choice of a day (off or shift type `s`) as a bit of [`Cg::open`].
fn bit(v: Option<usize>) -> u64 {
    1 << v.map_or(0, |s| s + 1)
}

/// How a node of the branch-and-price tree ended its column generation.
enum Node {
    /// Its bound reaches the incumbent (or it has no roster at all).
    Pruned,
    /// Time ran out.
    Out,
    /// No row prices out: its relaxation.
    Settled(Relaxed),
}

impl<'a> Cg<'a> {
    /// The relaxation over `start`'s rows (a roster keeping every hard rule; the shared
    /// incumbent's at `version`).
    fn new(inst: &'a Instance, t: &'a Tables, start: Roster, version: u64) -> Self {
        let ne = inst.employees.len();
        let mut pb = ColProblem::default();
        let rows = Rows::new(&mut pb, t, ne);
        let model = Some(pb.optimise(Sense::Minimise));
        let mut cg = Cg { inst, t, rows, pool: Pool::default(), model, handles: Vec::new(), fixed: vec![None; ne], open: vec![u64::MAX; ne * inst.days], held: Vec::new(), mine: vec![Vec::new(); ne], start, version, rebound: false, spread: None };
        for e in 0..ne {
            let row = cg.start[e].clone();
            cg.add(e, &row);
        }
        cg
    }

    /// Adds a row as a column (held at zero when its worker is fixed or it takes a choice
    /// branching closed); false when known.
    fn add(&mut self, e: usize, row: &[Option<usize>]) -> bool {
        if !self.pool.take(e, row) {
            return false;
        }
        let held = self.fixed[e].is_some() || !self.keeps(e, row);
        let model = self.model.as_mut().expect("the relaxation");
        let c = model.add_col(row_cost(self.inst, self.t, e, row), 0.0.., self.rows.entries(e, row));
        if held {
            model.change_column_bounds(c, 0.0..=0.0);
        }
        self.handles.push(c);
        self.held.push(held);
        self.mine[e].push(self.pool.cols.len() - 1);
        true
    }

    /// Whether worker `e`'s `row` takes only choices branching left open.
    fn keeps(&self, e: usize, row: &[Option<usize>]) -> bool {
        let h = self.inst.days;
        row.iter().enumerate().all(|(d, &v)| self.open[e * h + d] & bit(v) != 0)
    }

    /// Holds at zero worker `e`'s columns that their fixing or branching rules out, and frees
    /// the others.
    fn restrict(&mut self, e: usize) {
        for i in 0..self.mine[e].len() {
            let j = self.mine[e][i];
            let held = self.fixed[e].is_some_and(|k| k != j) || !self.keeps(e, &self.pool.cols[j].1);
            if held != self.held[j] {
                self.held[j] = held;
                self.rebound = true;
                let model = self.model.as_mut().expect("the relaxation");
                model.change_column_bounds(self.handles[j], if held { 0.0..=0.0 } else { 0.0..=f64::INFINITY });
            }
        }
    }

    /// The search's newer roster: its rows become columns too.
    fn take_search(&mut self, shared: &Shared) {
        let newer = {
            let g = lock(shared);
            (g.version != self.version).then(|| (g.version, g.roster.clone()))
        };
        if let Some((v, Some(r))) = newer {
            self.version = v;
            for (e, row) in r.iter().enumerate() {
                self.add(e, row);
            }
        }
    }

    /// Solves the relaxation (warm from its last basis). No time limit: HiGHS holds one
    /// against its clock over the model's life, not this solve (ERGO-Code/HiGHS#1477), and with
    /// what is left of the minute as the limit the solves stopped 30–40 s in (and dives
    /// spun); one solve takes milliseconds, and the callers watch the time between them.
    fn relax(&mut self) -> Option<Relaxed> {
        let mut model = self.model.take().expect("the relaxation");
        quiet(&mut model, f64::INFINITY);
        // Columns added since the last solve leave its basis primal feasible, so the primal
        // simplex goes on from it; HiGHS's default, the dual simplex, took twice as long per
        // solve on Instance 12 (0.5 s against 0.23 s at 2 000–5 000 columns), so column
        // generation converges sooner (12: 11.6 s against 17.5 s; 17: 14.5 s against 18.2 s).
        // After bounds changed the dual simplex, which a bound change leaves feasible.
        model.set_option("simplex_strategy", if std::mem::take(&mut self.rebound) { 1 } else { 4 });
        let solved = model.solve();
        let optimal = solved.status() == HighsModelStatus::Optimal;
        let out = Relaxed { z: solved.objective_value(), y: solved.get_solution().dual_rows().to_vec(), lp: solved.get_solution().columns().to_vec() };
        self.model = Some(solved.into());
        optimal.then_some(out)
    }

    /// Value of pool column `k` in the relaxation.
    fn share(&self, r: &Relaxed, k: usize) -> f64 {
        r.lp.get(2 * self.rows.slacks.len() + k).copied().unwrap_or(0.0)
    }

    /// One round of pricing at the relaxation's duals, for the workers not fixed, as `pricing`
    /// says: rows by descent from each worker's rows in the relaxation; exactly, each worker's
    /// cheapest row ([`cheapest_row`], or where its state space is too large and descent found
    /// none at all, the exact one-worker MIP), which also gives the Lagrangian bound's part
    /// (Σ of each worker's least reduced cost). Returns the columns added and that part.
    fn round(&mut self, r: &Relaxed, pricing: Pricing, until: Instant, ctl: Control<'_>, began: Instant) -> Result<(usize, Option<f64>), String> {
        let (inst, t) = (self.inst, self.t);
        let (ne, h, ns) = (inst.employees.len(), inst.days, t.s);
        let prices = self.rows.prices(&r.y);
        let reduced = |e: usize, row: &[Option<usize>]| row_cost(inst, t, e, row) - row.iter().enumerate().filter_map(|(d, s)| s.map(|s| prices[d * ns + s])).sum::<f64>() - r.y[e];
        let mut used: Vec<Vec<(f64, usize)>> = vec![Vec::new(); ne];
        for (k, (e, _)) in self.pool.cols.iter().enumerate() {
            let v = self.share(r, k);
            if v > 1e-6 {
                used[*e].push((v, k));
            }
        }
        let mut added = 0;
        let mut descended: Vec<Line> = self.start.clone();
        let free: Vec<bool> = self.fixed.iter().map(Option::is_none).collect();
        for (e, mine) in used.iter_mut().enumerate().filter(|(e, _)| free[*e] && pricing != Pricing::Exact) {
            mine.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut froms: Vec<Line> = mine.iter().take(3).map(|&(_, k)| self.pool.cols[k].1.clone()).collect();
            if froms.is_empty() {
                froms.push(self.start[e].clone());
            }
            let mut best = f64::INFINITY;
            for from in froms {
                let (row, _) = descend(inst, t, &prices, e, from);
                let rc = reduced(e, &row);
                if rc < -1e-6 && self.keeps(e, &row) && self.add(e, &row) {
                    added += 1;
                }
                if rc < best {
                    best = rc;
                    descended[e] = row;
                }
            }
        }
        if pricing == Pricing::Descent {
            return Ok((added, None));
        }
        // Exact pricing: by dynamic programming where the worker's state space allows (every
        // round, it is cheap), else by the one-worker MIP (only when descent found nothing).
        let descent_found = added > 0;
        let mut lagrange = Some(0.0);
        for e in (0..ne).filter(|e| free[*e]) {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 {
                return Ok((added, None));
            }
            let open = &self.open[e * h..(e + 1) * h];
            let cost = |d: usize, v: Option<usize>| if open[d] & bit(v) == 0 { f64::INFINITY } else { cell_cost(t, &prices, e, d, v) };
            match cheapest_row(inst, t, e, &cost) {
                Cheapest::Row(row, c) => {
                    // The programme's cost `c` holds the cells' costs and the target's; the on-requests
                    // of a row that works nothing are the constant left.
                    let rc = request_cost(t, e, &vec![None; h]) + c - r.y[e];
                    if let Some(l) = lagrange.as_mut() {
                        *l += rc.min(0.0);
                    }
                    if rc < -1e-6 && self.add(e, &row) {
                        added += 1;
                    }
                    continue;
                }
                // Cannot be: the start's row keeps every rule, and a node of the tree is entered
                // only with an open row for every worker. No bound from it.
                Cheapest::Infeasible => {
                    lagrange = None;
                    continue;
                }
                Cheapest::TooLarge if descent_found => {
                    lagrange = None;
                    continue;
                }
                Cheapest::TooLarge => {}
            }
            let mut warm = self.start.clone();
            warm[e] = descended[e].clone();
            let sub = Sub { prices: Some(&prices), ..Sub::new(left.min(5.0), 0.0, 1, true) };
            let out = solve_hood(inst, t, &warm, &Hood { workers: vec![e], from: 0, to: h }, sub, ctl, began)?;
            match (out.bound, lagrange.as_mut()) {
                (Some(b), Some(l)) => *l += (b + out.offset - r.y[e]).min(0.0),
                _ => lagrange = None,
            }
            if let Some(x) = out.roster {
                if reduced(e, &x[e]) < -1e-6 && self.add(e, &x[e]) {
                    added += 1;
                }
            }
        }
        Ok((added, lagrange))
    }

    /// Column generation until no row prices out (every worker priced exactly) or `until`, or
    /// until the bound reaches the incumbent; takes the search's newer rosters' rows each
    /// round. Returns the best bound found, whether it converged, and the rounds.
    fn converge(&mut self, shared: &Shared, until: Instant, ctl: Control<'_>, began: Instant) -> Result<(Option<f64>, bool, u32), String> {
        let mut bound: Option<f64> = None;
        let mut rounds = 0;
        loop {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 || ctl.cancelled() {
                return Ok((bound, false, rounds));
            }
            let Some(r) = self.relax() else { return Ok((bound, false, rounds)) };
            rounds += 1;
            self.take_search(shared);
            let (added, lagrange) = self.round(&r, Pricing::Both, until, ctl, began)?;
            if let Some(l) = lagrange {
                bound = Some(bound.map_or(r.z + l, |b: f64| b.max(r.z + l)));
            }
            if added == 0 && lagrange.is_some() {
                return Ok((Some(bound.map_or(r.z, |b: f64| b.max(r.z))), true, rounds));
            }
            if bound.is_some_and(|b| round_bound(b) >= lock(shared).value as f64) {
                return Ok((bound, false, rounds));
            }
        }
    }

    /// Fixes worker `e` to pool column `k`: their other columns are held at zero.
    fn fix(&mut self, e: usize, k: usize) {
        self.fixed[e] = Some(k);
        self.restrict(e);
    }

    fn unfix_all(&mut self) {
        self.fixed.iter_mut().for_each(|f| *f = None);
        for e in 0..self.fixed.len() {
            self.restrict(e);
        }
    }

    /// Column generation at a node of the tree until no row prices out, pruned as soon as
    /// its bound reaches the incumbent.
    fn settle(&mut self, shared: &Shared, until: Instant, ctl: Control<'_>, began: Instant) -> Result<Node, String> {
        loop {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 || ctl.cancelled() {
                return Ok(Node::Out);
            }
            // Every worker has an open column and cover is soft, so the relaxation is feasible
            // and bounded; a solve without an optimum (which should not be) ends the search.
            let Some(r) = self.relax() else { return Ok(Node::Out) };
            // Rows by descent first; the exact programme (and with it the node's bound) only
            // at duals where descent adds none. Pricing every worker exactly each round took
            // most of a node's time: with descent first Instance 5 was proven in 8.0 s
            // against 31.4 s, and Instance 7 reached 1056 with eight seeds of eight against
            // five (docs/benchmarks.md, 2026-12-05 fifth session).
            if self.round(&r, Pricing::Descent, until, ctl, began)?.0 > 0 {
                continue;
            }
            let (added, lagrange) = self.round(&r, Pricing::Exact, until, ctl, began)?;
            let Some(l) = lagrange else { return Ok(Node::Out) };
            let value = lock(shared).value as f64;
            if round_bound(r.z + l) >= value {
                return Ok(Node::Pruned);
            }
            if added == 0 {
                return Ok(Node::Settled(r));
            }
        }
    }

    /// Gives worker `e` an open column when branching held all theirs at zero: their cheapest
    /// row at zero prices among the choices left open. False when there is none (the node
    /// holds no roster).
    fn ensure(&mut self, e: usize) -> bool {
        if self.mine[e].iter().any(|&j| !self.held[j]) {
            return true;
        }
        let (inst, t, h) = (self.inst, self.t, self.inst.days);
        let zero = vec![0.0; h * t.s];
        let open = &self.open[e * h..(e + 1) * h];
        let cost = |d: usize, v: Option<usize>| if open[d] & bit(v) == 0 { f64::INFINITY } else { cell_cost(t, &zero, e, d, v) };
        match cheapest_row(inst, t, e, &cost) {
            Cheapest::Row(row, _) => self.add(e, &row),
            Cheapest::Infeasible | Cheapest::TooLarge => false,
        }
    }

    /// The roster when the relaxation chose one whole row per worker; else the choice to
    /// branch on: the (worker, day, off or shift) taken by the fraction nearest one half.
    fn whole_or_branch(&mut self, r: &Relaxed) -> Result<Roster, (usize, usize, Option<usize>)> {
        let (ne, h, ns) = (self.inst.employees.len(), self.inst.days, self.t.s);
        let mut roster: Roster = vec![Vec::new(); ne];
        let mut taken = vec![0.0; ne * h * (ns + 1)];
        let mut whole = true;
        for (k, (e, row)) in self.pool.cols.iter().enumerate() {
            let v = self.share(r, k);
            if v <= 1e-6 {
                continue;
            }
            if v >= 1.0 - 1e-6 {
                roster[*e] = row.clone();
            } else {
                whole = false;
            }
            for (d, c) in row.iter().enumerate() {
                taken[(e * h + d) * (ns + 1) + c.map_or(0, |s| s + 1)] += v;
            }
        }
        if whole && roster.iter().all(|row| row.len() == h) {
            return Ok(roster);
        }
        // A fractional choice's nearness to one half.
        let nearness = |x: f64| (x > 1e-6 && x < 1.0 - 1e-6).then(|| 0.5 - (x - 0.5).abs());
        let mut best: Option<(f64, usize)> = None;
        for (i, &x) in taken.iter().enumerate() {
            if let Some(n) = nearness(x).filter(|&n| best.is_none_or(|b| n > b.0)) {
                best = Some((n, i));
            }
        }
        let (nearest, mut i) = best.expect("two rows of one worker in the relaxation differ on some day");
        if let Some(rng) = self.spread.as_mut() {
            let near: Vec<usize> = (0..taken.len()).filter(|&j| nearness(taken[j]).is_some_and(|n| n >= nearest - SPREAD)).collect();
            i = near[rng.below(near.len())];
        }
        let c = i % (ns + 1);
        Err((i / (ns + 1) / h, i / (ns + 1) % h, c.checked_sub(1)))
    }

    /// Branch and price: at each node column generation (rows by descent first; every worker
    /// priced exactly before a node is pruned or settled, so its bound holds for every roster
    /// below it) until no row prices out; a node whose bound
    /// reaches the incumbent is pruned, a whole relaxation is a roster (offered to the
    /// incumbent), else the (worker, day, choice) taken by the fraction nearest one half is
    /// branched on. The search plunges into the branch that takes the choice and keeps the
    /// branch that bars it; when a plunge ends (pruned, a roster, or no row left for a
    /// worker) it goes on from the kept node of the lowest bound, the latest kept among equals.
    /// Every worker's state space must fit the programme. Returns whether the tree was
    /// searched to the end (which proves the incumbent optimal) and the nodes visited; the
    /// restrictions are lifted on return.
    fn tree(&mut self, shared: &Shared, until: Instant, ctl: Control<'_>, began: Instant) -> Result<(bool, u64), String> {
        let h = self.inst.days;
        // Kept nodes: their parent's bound and their restrictions (worker·h + day, the
        // choices left open there).
        let mut kept: Vec<(f64, Vec<Cut>)> = vec![(f64::NEG_INFINITY, Vec::new())];
        let mut nodes = 0;
        let complete = 'search: loop {
            let value = lock(shared).value as f64;
            kept.retain(|(b, _)| round_bound(*b) < value);
            let Some(k) = (0..kept.len()).min_by(|&a, &b| kept[a].0.total_cmp(&kept[b].0).then(b.cmp(&a))) else { break 'search true };
            let (_, mut path) = kept.remove(k);
            if !self.enter(&path) {
                continue;
            }
            loop {
                nodes += 1;
                match self.settle(shared, until, ctl, began)? {
                    Node::Out => break 'search false,
                    Node::Pruned => break,
                    Node::Settled(r) => match self.whole_or_branch(&r) {
                        Ok(roster) => {
                            let v = score(self.inst, self.t, &roster);
                            if lock(shared).replace(roster, v, began) {
                                note(began, || format!("pricing: the tree's roster {v} ({nodes} nodes, depth {}, {} kept)", path.len(), kept.len()));
                            }
                            break;
                        }
                        Err((e, d, c)) => {
                            // The plunge takes the choice; the node that bars it is kept.
                            let i = e * h + d;
                            let mut barred = path.clone();
                            barred.push((i, !bit(c)));
                            kept.push((r.z, barred));
                            path.push((i, bit(c)));
                            if !self.enter(&path) {
                                break;
                            }
                        }
                    },
                }
            }
        };
        self.enter(&[]);
        Ok((complete, nodes))
    }

    /// Sets the choices open to those `path`'s restrictions leave (every other choice open)
    /// and gives each worker whose choices changed an open column; false when one has none
    /// (the node holds no roster).
    fn enter(&mut self, path: &[Cut]) -> bool {
        let h = self.inst.days;
        let mut open = vec![u64::MAX; self.open.len()];
        for &(i, choices) in path {
            open[i] &= choices;
        }
        let mut changed: Vec<usize> = (0..open.len()).filter(|&i| open[i] != self.open[i]).map(|i| i / h).collect();
        changed.dedup();
        self.open = open;
        for &e in &changed {
            self.restrict(e);
        }
        changed.into_iter().all(|e| self.ensure(e))
    }

    /// A dive: column generation among the workers not yet fixed, then the workers
    /// whose row is (nearly) whole in the relaxation, or else the one with the largest share
    /// (ties broken at random), fixed to it; until every worker is fixed. The roster is offered
    /// to the shared incumbent.
    /// False when time ran out or the relaxation found no optimum.
    fn dive(&mut self, shared: &Shared, until: Instant, rng: &mut Rng, ctl: Control<'_>, began: Instant) -> Result<bool, String> {
        let ne = self.inst.employees.len();
        while self.fixed.iter().any(Option::is_none) {
            let left = until.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 || ctl.cancelled() {
                return Ok(false);
            }
            let Some(r) = self.relax() else { return Ok(false) };
            if self.round(&r, Pricing::Both, until, ctl, began)?.0 > 0 {
                continue;
            }
            let mut best: Option<(f64, usize)> = None;
            let mut whole_rows = Vec::new();
            for (k, (e, _)) in self.pool.cols.iter().enumerate() {
                if self.fixed[*e].is_some() {
                    continue;
                }
                let v = self.share(&r, k) + 1e-3 * (rng.below(1000) as f64 / 1000.0);
                if v > 0.999 {
                    whole_rows.push((*e, k));
                }
                if best.is_none_or(|b| v > b.0) {
                    best = Some((v, k));
                }
            }
            if whole_rows.is_empty() {
                if let Some((_, k)) = best {
                    whole_rows.push((self.pool.cols[k].0, k));
                }
            }
            for (e, k) in whole_rows {
                self.fix(e, k);
            }
        }
        let mut roster: Roster = vec![Vec::new(); ne];
        for (e, k) in self.fixed.iter().enumerate() {
            roster[e] = self.pool.cols[k.expect("every worker fixed")].1.clone();
        }
        let v = score(self.inst, self.t, &roster);
        let better = lock(shared).replace(roster, v, began);
        note(began, || format!("pricing: the dive's roster {v}{}", if better { " (better)" } else { "" }));
        Ok(true)
    }
}

/// How near the incumbent must be to the relaxation's bound (relative) before branch and
/// price takes over from dives: Instances 5, 6, 7 and 11 start within it and are proven or
/// come close in the tree; on 9 (start ≈ 15 % above the bound) the tree ended at 469 and 457
/// in two runs where dives reach 439 (measurements in docs/benchmarks.md).
const BRANCH_GAP: f64 = 0.02;

/// Column generation until `cg_until` (or convergence), then until `until` the integer master
/// over the rows generated (for as long as column generation took, at most 10 s), and dives
/// (fix a worker's row, price again) each followed by the integer master over the grown pool,
/// until the incumbent is within [`BRANCH_GAP`] of the bound; then branch and price
/// ([`Cg::tree`]), which proves the incumbent optimal when it searches its tree to the end. Starts from the shared incumbent's rows (waits for
/// one) and takes the search's newer rosters' rows each round; every roster found is offered
/// to the shared incumbent.
pub(super) fn price_and_branch(inst: &Instance, t: &Tables, shared: &Shared, cg_until: Instant, until: Instant, ctl: Control<'_>, began: Instant, seed: u64) -> Result<Priced, String> {
    let ne = inst.employees.len();
    let (start, version) = loop {
        {
            let g = lock(shared);
            if let Some(r) = &g.roster {
                break (r.clone(), g.version);
            }
        }
        if Instant::now() >= until || ctl.cancelled() {
            return Ok(Priced { bound: None, converged: false, rounds: 0, columns: 0 });
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let priced_from = Instant::now();
    let mut cg = Cg::new(inst, t, start, version);
    let (mut bound, converged, rounds) = cg.converge(shared, cg_until, ctl, began)?;
    let columns = cg.pool.cols.len();
    note(began, || format!("pricing: column generation {} after {rounds} rounds, {columns} columns, bound {bound:?}, incumbent {}", if converged { "converged" } else { "stopped" }, lock(shared).value));
    let proven = || bound.is_some_and(|b| round_bound(b) >= lock(shared).value as f64);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    // The integer master again only when the pool grew (a dive that added no row leaves it
    // as it was: solving it again found nothing new).
    let mut mastered = 0;
    // Branch and price once column generation converged, the programme prices everyone and
    // the incumbent is within BRANCH_GAP of the bound; dives until then.
    let mut branch = converged && inst.shifts.len() < 63 && (0..ne).all(|e| fits(inst, t, e));
    // The integer master gets as long as column generation took, at most 10 s, and none once
    // the tree takes over (which finds rosters itself). On Instance 7 (column generation in
    // about 2 s) it never bettered the incumbent: HiGHS spent its 10 s at the root, in sub-MIPs,
    // and held the dives and the tree back; on 12 (about 18 s) it brought the incumbent from
    // 5145 to 4546 (docs/benchmarks.md, 2026-12-05 fourth session).
    let master_s = priced_from.elapsed().as_secs_f64().clamp(1.0, 10.0);
    let near = || bound.is_some_and(|b| lock(shared).value as f64 - round_bound(b) <= BRANCH_GAP * round_bound(b).abs());
    while !proven() && Instant::now() < until && !ctl.cancelled() {
        cg.take_search(shared);
        if !(branch && near()) && cg.pool.cols.len() > mastered {
            mastered = cg.pool.cols.len();
            let master_until = until.min(Instant::now() + std::time::Duration::from_secs_f64(master_s));
            integer_master(inst, t, &cg.pool, shared, master_until, began);
            note(began, || format!("pricing: integer master over {mastered} columns, incumbent {}", lock(shared).value));
            if proven() {
                break;
            }
        }
        if branch && near() {
            branch = false;
            lock(shared).tree_on = true;
            note(began, || format!("pricing: tree from incumbent {}", lock(shared).value));
            let (complete, nodes) = cg.tree(shared, until, ctl, began)?;
            note(began, || format!("pricing: tree {} after {nodes} nodes, incumbent {}", if complete { "complete" } else { "stopped" }, lock(shared).value));
            if complete {
                // Searched to the end: nothing is better than the incumbent.
                let mut g = lock(shared);
                bound = Some(g.value as f64);
                g.tree_proved = true;
                break;
            }
            continue;
        }
        let dived = cg.dive(shared, until, &mut rng, ctl, began)?;
        note(began, || format!("pricing: dive {}, {} columns, incumbent {}", if dived { "ended" } else { "stopped" }, cg.pool.cols.len(), lock(shared).value));
        cg.unfix_all();
        if !dived {
            break;
        }
    }
    Ok(Priced { bound: bound.map(round_bound), converged, rounds, columns })
}

/// A second branch-and-price tree beside the first (on the searcher's core once its
/// neighbourhoods find nothing more): column generation from the incumbent's rows, then a tree
/// that branches on a choice drawn near one half ([`Cg::spread`]), so that it searches
/// elsewhere than the first. Its rosters go to the shared incumbent; searched to the end, it
/// proves the incumbent optimal ([`Incumbent::tree_proved`]).
pub(super) fn second_tree(inst: &Instance, t: &Tables, shared: &Shared, until: Instant, ctl: Control<'_>, began: Instant, seed: u64) -> Result<(), String> {
    let (start, version) = {
        let g = lock(shared);
        match &g.roster {
            Some(r) => (r.clone(), g.version),
            None => return Ok(()),
        }
    };
    let mut cg = Cg::new(inst, t, start, version);
    let (_, converged, rounds) = cg.converge(shared, until, ctl, began)?;
    note(began, || format!("second tree: column generation {} after {rounds} rounds, {} columns", if converged { "converged" } else { "stopped" }, cg.pool.cols.len()));
    if !converged {
        return Ok(());
    }
    cg.spread = Some(Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1));
    let (complete, nodes) = cg.tree(shared, until, ctl, began)?;
    note(began, || format!("second tree: {} after {nodes} nodes, incumbent {}", if complete { "complete" } else { "stopped" }, lock(shared).value));
    if complete {
        let mut g = lock(shared);
        g.tree_proved = true;
        g.proven = true;
    }
    Ok(())
}

/// The master with binary row choices over every column generated, started from the incumbent
/// when its rows are columns; its best roster is offered to the incumbent.
fn integer_master(inst: &Instance, t: &Tables, pool: &Pool, shared: &Shared, until: Instant, began: Instant) {
    let (ne, h) = (inst.employees.len(), inst.days);
    // The incumbent as a start, when each of its rows is a column.
    let incumbent = lock(shared).roster.clone().filter(|r| r.iter().enumerate().all(|(e, row)| pool.seen.contains(&(e, row.clone()))));
    let mut pb = ColProblem::default();
    let rows = Rows::new(&mut pb, t, ne);
    for (e, row) in &pool.cols {
        pb.add_integer_column(row_cost(inst, t, *e, row), 0.0..=1.0, rows.entries(*e, row));
    }
    let mut model = pb.optimise(Sense::Minimise);
    quiet(&mut model, until.saturating_duration_since(Instant::now()).as_secs_f64());
    model.set_option("mip_rel_gap", 0.0);
    if let Some(r) = &incumbent {
        let mut values = rows.slack_values(r);
        values.extend(pool.cols.iter().map(|(e, row)| f64::from(u8::from(r[*e] == *row))));
        model.set_solution(Some(&values), None, None, None);
    }
    let solved = model.solve();
    if !matches!(solved.status(), HighsModelStatus::Optimal | HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt) {
        return;
    }
    let values = solved.get_solution().columns().to_vec();
    let Some(chosen_values) = values.get(2 * rows.slacks.len()..) else { return };
    let mut roster: Roster = vec![vec![None; h]; ne];
    let mut chosen = vec![0; ne];
    for ((e, row), v) in pool.cols.iter().zip(chosen_values) {
        if *v > 0.5 {
            roster[*e] = row.clone();
            chosen[*e] += 1;
        }
    }
    if chosen.iter().all(|&c| c == 1) {
        let v = score(inst, t, &roster);
        lock(shared).replace(roster, v, began);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{random_instance_of, tiny_optima};
    use super::super::{construct, Incumbent};
    use super::*;
    use crate::cq::{evaluate, parse};

    /// Price and branch from the construction's roster, `seconds` in all; returns what it
    /// reported and the incumbent at the end (its roster, value) with the start's value.
    fn priced(inst: &Instance, seconds: f64) -> (Priced, Roster, u64, u64) {
        let t = Tables::new(inst);
        let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
        let began = Instant::now();
        let start = construct(inst, &t, 5.0, 1, &shared, Control::default(), began).unwrap().expect("a constructed roster");
        let first = score(inst, &t, &start);
        lock(&shared).replace(start, first, began);
        let at = |f: f64| Instant::now() + std::time::Duration::from_secs_f64(seconds * f);
        let out = price_and_branch(inst, &t, &shared, at(0.6), at(1.0), Control::default(), began, 1).unwrap();
        let g = lock(&shared);
        let roster = g.roster.clone().unwrap();
        let ev = evaluate(inst, &roster);
        assert!(ev.feasible(), "{:?}", ev.violations);
        assert_eq!(ev.objective, g.value, "the engine's score and the evaluator's differ");
        (out, roster, g.value, first)
    }

    /// On random tiny instances: the bound never passes the brute-force optimum, column
    /// generation converges (or proves the roster optimal), the integer master never makes the
    /// roster worse, and price and branch ends with the optimum and a bound that proves it (the
    /// tree is searched to the end where the root did not prove it).
    #[test]
    fn proves_the_brute_force_optimum_of_random_tiny_instances() {
        let mut checked = 0;
        for (seed, inst, optimum) in tiny_optima() {
            let (out, _, value, first) = priced(inst, 5.0);
            let bound = out.bound.expect("a bound");
            // It stops when no row prices out, or when the bound proves the roster optimal.
            assert!(out.converged || bound.ceil() >= value as f64, "seed {seed}: stopped after {} rounds, bound {bound}, roster {value}", out.rounds);
            assert!(bound <= *optimum as f64 + 1e-6, "seed {seed}: bound {bound} above the optimum {optimum}");
            assert!(*optimum <= value && value <= first, "seed {seed}: {value} against optimum {optimum} and start {first}");
            assert_eq!(value, *optimum, "seed {seed}: the roster is not the optimum");
            assert_eq!(out.bound, Some(*optimum as f64), "seed {seed}: the bound does not prove the optimum");
            checked += 1;
        }
        assert!(checked >= 15, "only {checked} random instances were feasible");
    }

    /// The same with the rules beyond the benchmark's that the programme keeps (periods,
    /// per-day lengths and successions, blocked and fixed cells, targets; limits, rests, quotas,
    /// charges, capacities and fairness are dropped so that every worker is priced by the programme and the tree
    /// runs): price and branch proves the brute-force optimum.
    #[test]
    fn proves_the_brute_force_optimum_of_random_tiny_instances_with_the_general_rules() {
        let (mut checked, mut targeted) = (0, 0);
        for seed in 1..=24 {
            let mut inst = super::super::tests::random_general_instance(seed);
            for emp in &mut inst.employees {
                (emp.limits, emp.rests, emp.quotas, emp.charges) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            }
            inst.capacities.clear();
            inst.fairness.clear();
            let Some(optimum) = super::super::tests::brute_force(&inst) else { continue };
            let (out, _, value, _) = priced(&inst, 5.0);
            assert_eq!(value, optimum, "general seed {seed}: the roster is not the optimum");
            assert_eq!(out.bound, Some(optimum as f64), "general seed {seed}: the bound does not prove the optimum");
            checked += 1;
            targeted += usize::from(inst.employees.iter().any(|e| e.target.is_some()));
        }
        assert!(checked >= 10 && targeted >= 5, "only {checked} random general instances were feasible ({targeted} with targets)");
    }

    /// On random small instances (where the relaxation is seldom whole), the tree alone, from
    /// the construction's roster and without the integer master, is searched to the end and
    /// reaches the optimum the whole model proves; so does the second tree.
    #[test]
    fn the_tree_alone_and_a_second_tree_reach_the_optimum_the_whole_model_proves() {
        let (mut checked, mut branched) = (0, 0);
        for seed in 1..=12 {
            let inst = random_instance_of(seed, 4, 14);
            let options = super::super::Options { time_limit_s: 20.0, pricing: Some(false), ..Default::default() };
            let Ok(whole) = super::super::solve(&inst, &options, Control::default()) else { continue };
            if !whole.optimal {
                continue;
            }
            let t = Tables::new(&inst);
            let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
            let began = Instant::now();
            let start = construct(&inst, &t, 5.0, 1, &shared, Control::default(), began).unwrap().expect("a constructed roster");
            let first = score(&inst, &t, &start);
            lock(&shared).replace(start.clone(), first, began);
            let mut cg = Cg::new(&inst, &t, start, 1);
            let until = Instant::now() + std::time::Duration::from_secs(20);
            let (complete, nodes) = cg.tree(&shared, until, Control::default(), began).unwrap();
            assert!(complete, "seed {seed}: the tree was not searched to the end in 20 s ({nodes} nodes)");
            let g = lock(&shared);
            let ev = evaluate(&inst, g.roster.as_ref().unwrap());
            assert!(ev.feasible() && ev.objective == g.value, "seed {seed}: {:?}", ev.violations);
            assert_eq!(g.value, whole.objective, "seed {seed}: the tree's roster against the whole model's optimum (start {first}, {nodes} nodes)");
            assert!(cg.open.iter().all(|&o| o == u64::MAX) && !cg.held.iter().any(|&h| h), "seed {seed}: branching left restrictions behind");
            drop(g);
            // The second tree (its own column generation, branching drawn near one half) from
            // the construction's roster: the same optimum, proven.
            let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
            lock(&shared).replace(cg.start.clone(), first, began);
            second_tree(&inst, &t, &shared, Instant::now() + std::time::Duration::from_secs(20), Control::default(), began, seed).unwrap();
            let g = lock(&shared);
            assert!(g.tree_proved && g.proven, "seed {seed}: the second tree was not searched to the end in 20 s");
            assert_eq!(g.value, whole.objective, "seed {seed}: the second tree's roster against the whole model's optimum (start {first})");
            assert!(evaluate(&inst, g.roster.as_ref().unwrap()).feasible(), "seed {seed}: the second tree's roster breaks a rule");
            checked += 1;
            branched += usize::from(nodes > 1);
        }
        assert!(checked >= 6, "only {checked} random instances were proven by the whole model");
        assert!(branched >= 3, "only {branched} instances branched: the draw does not exercise the tree");
    }

    /// On a published instance: a bound at most the proven optimum, a better roster than the
    /// construction's.
    #[test]
    fn bounds_and_improves_a_published_instance() {
        let inst = parse(include_str!("../../benches/curtois-qu/Instance2.txt")).unwrap();
        let (out, _, value, first) = priced(&inst, 10.0);
        let bound = out.bound.expect("a bound");
        assert!(bound <= 828.0 + 1e-6, "bound {bound} above the proven optimum 828");
        assert!(value < first, "the integer master did not improve on the construction ({first})");
        assert!(out.columns > inst.employees.len(), "no column was generated");
    }
}
