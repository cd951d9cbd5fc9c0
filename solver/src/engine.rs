//! The rostering core: a staff-rostering problem in its general form (days × shift types,
//! per-worker limits, requests, cover per day and shift with under/over weights) and one solve
//! path for it: a construction worker by worker, a large-neighbourhood search that frees a few
//! workers or a window of days at a time and re-optimises them with a MIP on HiGHS (each
//! neighbourhood preceded by a second of small moves, `engine::local`), and on models small enough
//! an exact side beside the search for a proven bound: the whole model on HiGHS, or column
//! generation over workers' rows with the integer master (`engine::price`, pricing by dynamic
//! programming over a worker's row, `engine::dp`).
//!
//! The Curtois–Qu benchmark file ([`crate::cq`]) parses straight into [`Instance`]. Rules:
//! each worker works at most one shift a day; hard: days off, forbidden successions (day d →
//! d+1 inside the horizon), at most `max_shifts[t]` shifts of type t, total minutes within
//! [min, max], every run of working days ≤ `max_consecutive`, every run of working days ≥
//! `min_consecutive` and of days off ≥ `min_days_off` except runs touching the first or last
//! day, weekends worked ≤ `max_weekends` (day 0 is a Monday). Objective: weights of on-requests
//! not granted + off-requests granted + under/over cover.
//!
//! The model is built for a *neighbourhood*: a set of free workers over a window of days, with
//! every other cell held as a constant. The whole model is the neighbourhood of every worker
//! over the whole horizon; the construction is one worker at a time over the whole horizon.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

pub use crate::highs_run::Control;
use crate::highs_run::{run, Offer, Run};

mod dp;
mod local;
mod price;

/// A shift type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftType {
    /// Id, e.g. "D".
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Shift types that may not be worked the day after this one (indices into `shifts`).
    pub forbidden_next: Vec<usize>,
}

/// An employee and their limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Employee {
    /// Id, e.g. "A".
    pub id: String,
    /// At most this many shifts of each type (index = shift type).
    pub max_shifts: Vec<u32>,
    /// Total minutes at most.
    pub max_minutes: u32,
    /// Total minutes at least.
    pub min_minutes: u32,
    /// Longest run of working days.
    pub max_consecutive: u32,
    /// Shortest run of working days (runs touching the horizon's ends excepted).
    pub min_consecutive: u32,
    /// Shortest run of days off (runs touching the horizon's ends excepted).
    pub min_days_off: u32,
    /// Weekends worked at most.
    pub max_weekends: u32,
    /// Days that must be off.
    pub days_off: Vec<usize>,
    /// Cells (day, shift type) the worker may not work, beyond the days off (the WSM month: a
    /// unit that is not theirs, an unavailability, a night for a worker who works no nights).
    /// The benchmark has none.
    pub blocked: Vec<(usize, usize)>,
    /// Cells (day, shift type) the worker must work (the WSM month: a fixed day, a cell held by
    /// a repair). The benchmark has none.
    pub fixed: Vec<(usize, usize)>,
    /// At most `max` of a set of cells worked (the WSM month: a free Sunday within every four
    /// weeks, at most so many nights in a row). The benchmark has none.
    pub limits: Vec<Limit>,
    /// Rests: in each, at least one of its sets of cells left wholly unworked (the WSM month:
    /// a weekly rest window). The benchmark has none.
    pub rests: Vec<Rest>,
    /// Minutes wanted, soft: each minute worked away from them costs (the WSM month: the
    /// deviation from a worker's target hours). The benchmark has none.
    pub target: Option<Target>,
    /// At least so many minutes worked on a set of cells (the WSM month: the supervision a
    /// worker must attend). The benchmark has none.
    pub quotas: Vec<Quota>,
    /// Fixed costs of working any cell of a set (the WSM month: one more worker named as a 1:1
    /// resident's dedicated worker in a week). The benchmark has none.
    pub charges: Vec<Charge>,
}

/// A cost of `weight` when the worker works any of `cells` (once, however many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The cells.
    pub cells: Vec<(usize, usize)>,
    /// The cost.
    pub weight: u32,
}

impl Employee {
    /// What a row's charges cost.
    pub fn charges_cost(&self, row: &[Option<usize>]) -> u64 {
        self.charges.iter().filter(|c| c.cells.iter().any(|&(d, s)| row[d] == Some(s))).map(|c| u64::from(c.weight)).sum()
    }
}

/// At least `minutes` worked by one worker on `cells` (day, shift type), each cell counting its
/// length that day, or what `credit` says it counts (the WSM month: a shift and a supervision
/// session on one day count the session's minutes towards the supervision due).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// The cells.
    pub cells: Vec<(usize, usize)>,
    /// Minutes worked on them at least.
    pub minutes: u32,
    /// Minutes each cell counts, by its position in `cells`; empty: each its length that day.
    pub credit: Vec<u32>,
}

impl Quota {
    /// The minutes the `i`-th listed cell counts (its credit, else `length(d, s)`, its length
    /// that day); `None` where the cell was listed before, so that a cell counts once, with
    /// what it counts where first listed.
    fn credit_of(&self, i: usize, length: &impl Fn(usize, usize) -> u32) -> Option<u32> {
        let (d, s) = self.cells[i];
        (!self.cells[..i].contains(&(d, s))).then(|| self.credit.get(i).copied().unwrap_or_else(|| length(d, s)))
    }

    /// The distinct cells, sorted, each with the minutes it counts ([`Quota::credit_of`]).
    /// Sorted, so that the model's rows are those measured before per-cell credits.
    pub fn counted(&self, length: impl Fn(usize, usize) -> u32) -> Vec<((usize, usize), u32)> {
        let mut out: Vec<((usize, usize), u32)> = (0..self.cells.len()).filter_map(|i| Some((self.cells[i], self.credit_of(i, &length)?))).collect();
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    /// Minutes a worker's `row` works on the cells (each counted once), without the
    /// allocation of [`Quota::counted`]: the row check of the local moves calls it often.
    pub fn worked(&self, row: &[Option<usize>], length: impl Fn(usize, usize) -> u32) -> u32 {
        (0..self.cells.len()).filter(|&i| row.get(self.cells[i].0) == Some(&Some(self.cells[i].1))).filter_map(|i| self.credit_of(i, &length)).sum()
    }
}

/// At most `max` workers on `cells` (day, shift type) together, hard: the one rule of the core
/// that ties workers' rows together (the WSM month: a supervision session's places). The
/// benchmark has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    /// The cells.
    pub cells: Vec<(usize, usize)>,
    /// Workers on them at most.
    pub max: u32,
}

/// Soft fairness among workers: each member's count of the group's cells worked should stay
/// within `band` of their fair share of the cells the members work in all (share = the
/// member's weight / Σ weights); every cell beyond the band costs `weight`. A member's cost is
/// rounded up to a whole number, `⌈weight × max(0, |A·c − a·T| − band·A) / A⌉` for a member of
/// weight `a` working `c` of the `T` cells the members work (A = Σ weights), so that the
/// objective stays whole (the WSM month: nights, weekend shifts and holiday shifts in
/// proportion to target hours; the rounding is less than one core unit, 1/60 of a shift, per
/// worker). The benchmark has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fairness {
    /// The cells counted (the same for every member).
    pub cells: Vec<(usize, usize)>,
    /// Members (employee index) and their weights.
    pub members: Vec<(usize, u64)>,
    /// Cells away from the fair share that cost nothing.
    pub band: u32,
    /// Cost of one cell beyond the band.
    pub weight: u32,
}

impl Fairness {
    /// What a member of weight `a` working `c` of the `total` cells costs.
    pub fn cost(&self, a: u64, c: u64, total: u64) -> u64 {
        self.cost_in(self.members.iter().map(|m| m.1).sum(), a, c, total)
    }

    /// What the members working `counts` of the cells cost together.
    pub fn group_cost(&self, counts: &[u64]) -> u64 {
        let (sum, total) = (self.members.iter().map(|m| m.1).sum(), counts.iter().sum());
        self.members.iter().zip(counts).map(|(m, &c)| self.cost_in(sum, m.1, c, total)).sum()
    }

    /// [`Fairness::cost`] with the sum of the weights given.
    fn cost_in(&self, sum: u64, a: u64, c: u64, total: u64) -> u64 {
        if sum == 0 {
            return 0;
        }
        let away = (sum * c).abs_diff(a * total).saturating_sub(u64::from(self.band) * sum);
        (u64::from(self.weight) * away).div_ceil(sum)
    }
}

/// A worker's wanted minutes: every minute worked above or below `minutes` costs `weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Minutes wanted.
    pub minutes: u32,
    /// Cost of one minute away from them.
    pub weight: u32,
}

impl Employee {
    /// What working `minutes` in all costs against the worker's [`Target`] (0 without one).
    pub fn target_cost(&self, minutes: u32) -> u64 {
        self.target.map_or(0, |t| u64::from(t.weight) * u64::from(minutes.abs_diff(t.minutes)))
    }
}

/// At least one of `options` (sets of cells, day and shift type) left wholly unworked by one
/// worker (the WSM month: in each week one rest window of 35 hours, among the windows that
/// start at the week's start or when a shift ends; an option is the cells it overlaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rest {
    /// The options.
    pub options: Vec<Vec<(usize, usize)>>,
}

/// At most `max` of `cells` (day, shift type) worked by one worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The cells.
    pub cells: Vec<(usize, usize)>,
    /// Worked at most.
    pub max: u32,
}

/// Cover wanted over several (day, shift type) cells at once: a period of time that more than
/// one shift covers (the WSM month: a half-hour slot covered by the day shift and by the night
/// shift that began the evening before). Every worker on any of the cells counts once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The cells counted.
    pub cells: Vec<(usize, usize)>,
    /// Staff wanted.
    pub requirement: u32,
    /// Penalty per missing employee.
    pub under: u32,
    /// Penalty per employee too many.
    pub over: u32,
}

/// A weighted wish: to work (on) or not to work (off) a shift on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Employee index.
    pub employee: usize,
    /// Day.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Weight (penalty when not granted).
    pub weight: u32,
}

/// Cover wanted for one day and shift type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cover {
    /// Day.
    pub day: usize,
    /// Shift type index.
    pub shift: usize,
    /// Staff wanted.
    pub requirement: u32,
    /// Penalty per missing employee.
    pub under: u32,
    /// Penalty per employee too many.
    pub over: u32,
}

/// A parsed instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Instance {
    /// Days (a multiple of 7).
    pub days: usize,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// Employees.
    pub employees: Vec<Employee>,
    /// Requests to work a shift.
    pub on_requests: Vec<Request>,
    /// Requests not to work a shift.
    pub off_requests: Vec<Request>,
    /// Cover per (day, shift type).
    pub cover: Vec<Cover>,
    /// Cover over several cells at once ([`Period`]). The benchmark has none.
    pub periods: Vec<Period>,
    /// Lengths that differ from the shift type's on one day: (day, shift type, minutes) (the
    /// WSM month: the night of a DST change lasts 11 h or 13 h). The benchmark has none.
    pub day_minutes: Vec<(usize, usize, u32)>,
    /// Successions forbidden on one day only, beyond every day's `forbidden_next`: (day, shift
    /// type that day, shift type the next day) (the WSM month: daily rest measured in real time
    /// across a DST change). The benchmark has none.
    pub forbidden_on: Vec<(usize, usize, usize)>,
    /// Hard limits on the workers on sets of cells ([`Capacity`]). The benchmark has none.
    pub capacities: Vec<Capacity>,
    /// Soft fairness among workers ([`Fairness`]). The benchmark has none.
    pub fairness: Vec<Fairness>,
}

/// A roster: per worker, per day, the shift type worked (None = off).
pub type Roster = Vec<Vec<Option<usize>>>;

impl Instance {
    /// Weekends as (Saturday, Sunday) day indices; day 0 is a Monday. An iterator: the local
    /// search asks for them on every move.
    pub fn weekends(&self) -> impl Iterator<Item = (usize, usize)> {
        (0..self.days / 7).map(|w| (7 * w + 5, 7 * w + 6))
    }

    /// Whether the instance uses only the benchmark's rules (no periods, per-day lengths or
    /// successions, blocked or fixed cells, limits, rests, targets, quotas, charges,
    /// capacities, fairness).
    pub fn is_plain(&self) -> bool {
        self.periods.is_empty()
            && self.day_minutes.is_empty()
            && self.forbidden_on.is_empty()
            && self.capacities.is_empty()
            && self.fairness.is_empty()
            && self.employees.iter().all(|e| e.blocked.is_empty() && e.fixed.is_empty() && e.limits.is_empty() && e.rests.is_empty() && e.target.is_none() && e.quotas.is_empty() && e.charges.is_empty())
    }

    /// Minutes of shift type `s` on day `d`.
    pub fn minutes_on(&self, d: usize, s: usize) -> u32 {
        self.day_minutes.iter().rev().find(|x| x.0 == d && x.1 == s).map_or(self.shifts[s].minutes, |x| x.2)
    }

    /// Whether shift type `b` may not follow shift type `a` worked on day `d`.
    pub fn forbids(&self, d: usize, a: usize, b: usize) -> bool {
        self.shifts[a].forbidden_next.contains(&b) || self.forbidden_on.contains(&(d, a, b))
    }
}

/// How the engine may run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock limit for the whole solve, seconds.
    pub time_limit_s: f64,
    /// Seed of the neighbourhood choices (the search is deterministic for a seed, up to time).
    pub seed: u64,
    /// Run the whole-model MIP beside the search when the model has at most this many shift
    /// variables.
    pub full_model_max_vars: usize,
    /// ... and at most this many days (on longer horizons two searchers did better than the
    /// whole model beside one).
    pub full_model_max_days: usize,
    /// Neighbourhood searchers running side by side (each with its share of HiGHS threads).
    pub threads: usize,
    /// Seconds of local search (small moves, no MIP) before each neighbourhood solve; 0 = none.
    pub local_search_s: f64,
    /// Run column generation and the integer master over the rows generated beside the search
    /// ([`price`]): `None` = by the rule of [`exact_side`] (the model has at least
    /// [`PRICING_MIN_VARS`] shift variables and enough workers' rows fit the dynamic
    /// programme, [`dp`]); `Some(false)` = never (the whole model where it fits).
    pub pricing: Option<bool>,
    /// A value no roster can go below (the objective's constant part, 0 for the benchmark): a
    /// roster at it is optimal and the search stops.
    pub floor: u64,
    /// A value good enough to stop at (0 = none): the search ends when a roster reaches it,
    /// without claiming it optimal. A caller with a proven floor sets it so that the roster is
    /// within a relative gap of that floor (`wsm_core`: the MIP's 1 % gap against the 1:1
    /// floor).
    pub enough: u64,
    /// The whole model beside the search stops within this relative gap of its bound (HiGHS's
    /// MIP gap), and the search with it; the roster is claimed optimal only at the bound.
    /// 0 = to the proof (the benchmark's setting).
    pub gap: f64,
    /// The whole model (or the window model) beside the search stops once the best roster —
    /// its own or the search's — is within this many objective units of its dual bound, and
    /// the search with it; the roster is claimed optimal only at the bound. `wsm_core`'s
    /// repairs: half a change, as the MIP's repair stops (a relative gap of a repair's whole
    /// objective let several needless changes through).
    pub abs_gap: Option<u64>,
    /// A roster to start from instead of the construction (a repair: the previous rota with
    /// the cells it can no longer hold taken out), taken when it keeps every hard rule (by the
    /// evaluator, [`crate::cq::evaluate`]); otherwise the construction runs as usual.
    pub start: Option<Roster>,
    /// With a start: the exact side models only days `from..to` (every worker), the start
    /// holding the rest — a repair's window, whose other days the instance holds anyway, so
    /// the window model's bound is the whole one's (HiGHS with its presolve, warm from the
    /// start, as a neighbourhood is solved).
    pub window: Option<(usize, usize)>,
    /// A soft limit on HiGHS's cut pool (`mip_pool_soft_limit`) in the search's neighbourhoods
    /// and the whole (or window) model; `None`: HiGHS's default, 10 000. `wsm_core`'s repairs:
    /// 30 in their window phase. With the default their window model spent up to 3.3 s in
    /// root cut rounds over a pool of thousands of cuts; with 30 its bound came within half a
    /// change in 1.5 s (docs/benchmarks.md).
    pub cut_pool: Option<u32>,
}

/// Column generation instead of the whole model beside the search when the whole model has at
/// least this many shift variables and the workers' cheapest rows can be found by dynamic
/// programming ([`dp`], [`exact_side`]). Measured (60 s,
/// one run each, docs/benchmarks.md, with that pricing): column generation proves 2 and 3
/// optimal in 1.2 s and 1.7 s (the whole model: 9–17 s and 34–45 s), proves 11 optimal in
/// 18 s (the whole model's side ends at 3471–3483), reaches best known on 9 (439 against
/// 459–466), 4–7 as in the table, is level on 12 (4323 against 4248–4613); on 1 (112
/// variables) its bound stays at 558 where the whole model proves 607 in 1–2 s, hence the
/// floor. Since the relaxation stopped running into HiGHS's life-long time limit (decisions):
/// on 10 (27 of 40 workers within the programme) column generation proves 4631 optimal in
/// 30–45 s (three runs; the whole model's side ends at 4676–4827), on 8 (21 of 30) it is level
/// (1380, 1470 against 1371–1489), on 13 (1 of 120) worse (2370 against 2212, one run each),
/// hence "half" then; since 2026-12-02 every worker must fit ([`exact_side`]).
pub const PRICING_MIN_VARS: usize = 300;

impl Default for Options {
    fn default() -> Self {
        Options { time_limit_s: 60.0, seed: 1, full_model_max_vars: 65_000, full_model_max_days: 28, threads: 2, local_search_s: 1.0, pricing: None, floor: 0, enough: 0, gap: 0.0, abs_gap: None, start: None, window: None, cut_pool: None }
    }
}

/// What the engine found.
#[derive(Debug, Clone)]
pub struct Solution {
    /// The roster.
    pub roster: Roster,
    /// Its objective (by the engine's own scoring; the benchmark re-scores it independently).
    pub objective: u64,
    /// A proven lower bound from the whole-model MIP, when it ran.
    pub bound: Option<f64>,
    /// Proven optimal.
    pub optimal: bool,
    /// Milliseconds to the first feasible roster.
    pub first_feasible_millis: u64,
    /// Milliseconds used.
    pub millis: u64,
    /// (milliseconds, objective) of every improvement.
    pub trace: Vec<(u64, u64)>,
    /// Neighbourhoods solved and how many improved the roster.
    pub neighbourhoods: (u32, u32),
}

/// Per (worker, day, shift) data kept dense.
struct Tables {
    s: usize,
    h: usize,
    /// on-request weight, off-request weight per (e, d, s).
    on: Vec<u32>,
    off: Vec<u32>,
    /// Cover rows (requirement, under, over): the instance's cover entries in order, then its
    /// periods.
    rows: Vec<(u32, u32, u32)>,
    /// Cells (day × shift types + shift) of each cover row.
    row_cells: Vec<Vec<usize>>,
    /// Cover rows of each cell (day × shift types + shift).
    rows_of: Vec<Vec<usize>>,
    /// Minutes of each cell (day × shift types + shift).
    minutes: Vec<u32>,
    /// Day off per (e, d).
    day_off: Vec<bool>,
    /// Cell (e, d, s) not workable: a day off, a blocked cell, a type the worker works none
    /// of, another type fixed that day.
    barred: Vec<bool>,
    /// Shift type fixed per (e, d).
    fixed: Vec<Option<usize>>,
    /// Per-day successions exist (checked beside `forbidden_next` only then).
    dated_successions: bool,
    /// Capacities (cells, max), cells deduplicated; and the capacities of each cell (day ×
    /// shift types + shift).
    caps: Vec<(Vec<usize>, u32)>,
    caps_of: Vec<Vec<usize>>,
    /// Whether a cell (day × shift types + shift) is counted by each fairness group, and each
    /// group's member slot of each worker.
    fair_cell: Vec<Vec<bool>>,
    fair_slot: Vec<Vec<Option<usize>>>,
    /// The charges of each cell (e, d, s), by index into the worker's charges (empty when no
    /// worker has any).
    charge_of: Vec<Vec<u32>>,
}

impl Tables {
    fn new(inst: &Instance) -> Self {
        let (e, h, s) = (inst.employees.len(), inst.days, inst.shifts.len());
        let mut t = Tables {
            s,
            h,
            on: vec![0; e * h * s],
            off: vec![0; e * h * s],
            rows: Vec::new(),
            row_cells: Vec::new(),
            rows_of: vec![Vec::new(); h * s],
            minutes: (0..h * s).map(|c| inst.shifts[c % s].minutes).collect(),
            day_off: vec![false; e * h],
            barred: vec![false; e * h * s],
            fixed: vec![None; e * h],
            dated_successions: !inst.forbidden_on.is_empty(),
            caps: Vec::new(),
            caps_of: vec![Vec::new(); h * s],
            fair_cell: Vec::new(),
            fair_slot: Vec::new(),
            charge_of: Vec::new(),
        };
        if inst.employees.iter().any(|emp| !emp.charges.is_empty()) {
            t.charge_of = vec![Vec::new(); e * h * s];
            for (i, emp) in inst.employees.iter().enumerate() {
                for (k, c) in emp.charges.iter().enumerate() {
                    for &(d, x) in &c.cells {
                        let list = &mut t.charge_of[(i * h + d) * s + x];
                        if !list.contains(&(k as u32)) {
                            list.push(k as u32);
                        }
                    }
                }
            }
        }
        for f in &inst.fairness {
            let mut cell = vec![false; h * s];
            for &(d, x) in &f.cells {
                cell[d * s + x] = true;
            }
            let mut slot = vec![None; e];
            for (k, &(m, _)) in f.members.iter().enumerate() {
                slot[m] = Some(k);
            }
            t.fair_cell.push(cell);
            t.fair_slot.push(slot);
        }
        for cap in &inst.capacities {
            let mut cells: Vec<usize> = cap.cells.iter().map(|&(d, x)| d * s + x).collect();
            cells.sort_unstable();
            cells.dedup();
            for &c in &cells {
                t.caps_of[c].push(t.caps.len());
            }
            t.caps.push((cells, cap.max));
        }
        for r in &inst.on_requests {
            t.on[(r.employee * h + r.day) * s + r.shift] += r.weight;
        }
        for r in &inst.off_requests {
            t.off[(r.employee * h + r.day) * s + r.shift] += r.weight;
        }
        // The benchmark's cover by cell (day, then shift type), the order its model's columns
        // have always had.
        let mut single: Vec<&Cover> = inst.cover.iter().collect();
        single.sort_by_key(|c| c.day * s + c.shift);
        let cells = single.into_iter().map(|c| (vec![c.day * s + c.shift], (c.requirement, c.under, c.over)));
        let periods = inst.periods.iter().map(|p| (p.cells.iter().map(|&(d, x)| d * s + x).collect::<Vec<usize>>(), (p.requirement, p.under, p.over)));
        for (mut list, row) in cells.chain(periods) {
            list.sort_unstable();
            list.dedup();
            for &c in &list {
                t.rows_of[c].push(t.rows.len());
            }
            t.rows.push(row);
            t.row_cells.push(list);
        }
        for &(d, x, m) in &inst.day_minutes {
            t.minutes[d * s + x] = m;
        }
        for (i, emp) in inst.employees.iter().enumerate() {
            for d in &emp.days_off {
                t.day_off[i * h + d] = true;
            }
            for &(d, x) in &emp.fixed {
                t.fixed[i * h + d] = Some(x);
            }
            for d in 0..h {
                for x in 0..s {
                    let other = t.fixed[i * h + d].is_some_and(|f| f != x);
                    t.barred[(i * h + d) * s + x] = t.day_off[i * h + d] || emp.max_shifts[x] == 0 || other;
                }
            }
            for &(d, x) in &emp.blocked {
                t.barred[(i * h + d) * s + x] = true;
            }
        }
        t
    }
    fn cell(&self, e: usize, d: usize, s: usize) -> usize {
        (e * self.h + d) * self.s + s
    }
    fn allowed(&self, _inst: &Instance, e: usize, d: usize, s: usize) -> bool {
        !self.barred[self.cell(e, d, s)]
    }
    /// Whether shift type `b` may not follow `a` worked on day `d`.
    fn forbids(&self, inst: &Instance, d: usize, a: usize, b: usize) -> bool {
        inst.shifts[a].forbidden_next.contains(&b) || (self.dated_successions && inst.forbidden_on.contains(&(d, a, b)))
    }
    /// Minutes a worker's row works in all.
    fn row_minutes(&self, row: &[Option<usize>]) -> u32 {
        row.iter().enumerate().filter_map(|(d, s)| s.map(|s| self.minutes[d * self.s + s])).sum()
    }
    /// Each fairness group's members' counts of its cells in `roster`.
    fn fair_counts(&self, inst: &Instance, roster: &Roster) -> Vec<Vec<u64>> {
        inst.fairness
            .iter()
            .zip(&self.fair_cell)
            .map(|(f, cell)| f.members.iter().map(|&(e, _)| roster[e].iter().enumerate().filter(|(d, v)| v.is_some_and(|x| cell[d * self.s + x])).count() as u64).collect())
            .collect()
    }
    /// What fairness costs at these counts.
    fn fair_cost(inst: &Instance, counts: &[Vec<u64>]) -> u64 {
        inst.fairness.iter().zip(counts).map(|(f, c)| f.group_cost(c)).sum()
    }
    /// Workers on each capacity's cells in `roster`.
    fn cap_counts(&self, roster: &Roster) -> Vec<u32> {
        let n = on_shift(roster, self.h, self.s);
        self.caps.iter().map(|(cells, _)| cells.iter().map(|&c| n[c]).sum()).collect()
    }
    /// Workers on each cover row, from the workers on each cell.
    fn row_counts(&self, n: &[u32]) -> Vec<u32> {
        self.row_cells.iter().map(|cells| cells.iter().map(|&c| n[c]).sum()).collect()
    }
    /// What cover costs in `roster`, row by row.
    fn cover_costs(&self, roster: &Roster) -> Vec<u64> {
        let n = self.row_counts(&on_shift(roster, self.h, self.s));
        self.rows.iter().zip(&n).map(|(&c, &n)| cover_cost(c, n)).collect()
    }
}

/// `cells` sorted, each once (a cell listed twice in a rule counts once).
fn distinct(cells: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = cells.to_vec();
    out.sort_unstable();
    out.dedup();
    out
}

/// A lower bound raised to the whole number it proves (objectives are whole numbers), allowing
/// for a solver's tolerance of 1e-6 relative: HiGHS may report a dual bound a hair above the
/// optimum it proved, which raised naively would pass it.
fn round_bound(bound: f64) -> f64 {
    // `+ 0.0` turns the −0 that a bound of 0 rounds to into 0.
    (bound - 1e-6 * bound.abs().max(1.0)).ceil() + 0.0
}

/// The engine's own score of a roster (requests, targets, charges, fairness and cover; hard
/// rules are the model's).
fn score(inst: &Instance, t: &Tables, roster: &Roster) -> u64 {
    let mut total: u64 = inst.employees.iter().zip(roster).map(|(emp, row)| emp.target_cost(t.row_minutes(row)) + emp.charges_cost(row)).sum();
    total += Tables::fair_cost(inst, &t.fair_counts(inst, roster));
    // On-requests are scored as "not granted": all of them, minus those granted.
    total += inst.on_requests.iter().map(|r| u64::from(r.weight)).sum::<u64>();
    for (e, row) in roster.iter().enumerate() {
        for (d, s) in row.iter().enumerate() {
            if let Some(s) = s {
                let i = t.cell(e, d, *s);
                total -= u64::from(t.on[i]);
                total += u64::from(t.off[i]);
            }
        }
    }
    total + t.cover_costs(roster).iter().sum::<u64>()
}

/// Workers on each cover cell (day × shift types + shift) in `roster`.
fn on_shift(roster: &Roster, h: usize, ns: usize) -> Vec<u32> {
    let mut n = vec![0u32; h * ns];
    for row in roster {
        for (d, s) in row.iter().enumerate() {
            if let Some(s) = s {
                n[d * ns + s] += 1;
            }
        }
    }
    n
}

/// What a cover row (requirement, under, over) with `n` workers costs.
fn cover_cost((req, under, over): (u32, u32, u32), n: u32) -> u64 {
    u64::from(under) * u64::from(req.saturating_sub(n)) + u64::from(over) * u64::from(n.saturating_sub(req))
}

/// A neighbourhood: these workers are free on days `from..to`; every other cell is held.
struct Hood {
    workers: Vec<usize>,
    from: usize,
    to: usize,
}

/// A term of a worker's day: a variable or a held constant.
#[derive(Clone)]
enum Work {
    Held(bool),
    Free(Expression),
}

/// What a column of a neighbourhood's model stands for, so that its value can be read off any
/// roster: the warm start, and a roster found by the search handed to a running whole-model
/// solve.
#[derive(Debug, Clone, Copy)]
enum Col {
    /// Worker `e` works shift `s` on day `d`.
    Shift { e: usize, d: usize, s: usize },
    /// Worker `e` works the weekend (Saturday, Sunday).
    Weekend { e: usize, sat: usize, sun: usize },
    /// Staff missing from cover row `row` against `req`.
    Under { row: usize, req: u32 },
    /// Staff beyond `req` in cover row `row`.
    Over { row: usize, req: u32 },
    /// Worker `e` leaves option `option` of their rest `rest` wholly unworked.
    Rest { e: usize, rest: usize, option: usize },
    /// Minutes worker `e` works above their target.
    Above { e: usize },
    /// Minutes worker `e` works below their target.
    Below { e: usize },
    /// Member `k` of fairness group `g`: what their distance from the fair share costs.
    Fair { g: usize, k: usize },
    /// The cells fairness group `g`'s members work in all.
    FairTotal { g: usize },
    /// Worker `e` works a cell of their charge `k`.
    Charge { e: usize, k: usize },
}

fn add(vars: &mut ProblemVariables, cols: &mut Vec<Col>, def: good_lp::VariableDefinition, col: Col) -> Variable {
    cols.push(col);
    vars.add(def)
}

/// The value of every column in `roster`.
fn column_values(cols: &[Col], roster: &Roster, inst: &Instance, t: &Tables) -> Vec<f64> {
    let n = t.row_counts(&on_shift(roster, t.h, t.s));
    cols.iter()
        .map(|c| match *c {
            Col::Shift { e, d, s } => f64::from(u8::from(roster[e][d] == Some(s))),
            Col::Weekend { e, sat, sun } => f64::from(u8::from(roster[e][sat].is_some() || roster[e][sun].is_some())),
            Col::Under { row, req } => f64::from(req.saturating_sub(n[row])),
            Col::Over { row, req } => f64::from(n[row].saturating_sub(req)),
            Col::Rest { e, rest, option } => f64::from(u8::from(inst.employees[e].rests[rest].options[option].iter().all(|&(d, s)| roster[e][d] != Some(s)))),
            Col::Above { e } => f64::from(t.row_minutes(&roster[e]).saturating_sub(inst.employees[e].target.map_or(0, |x| x.minutes))),
            Col::Below { e } => f64::from(inst.employees[e].target.map_or(0, |x| x.minutes).saturating_sub(t.row_minutes(&roster[e]))),
            Col::Fair { g, k } => {
                let counts = &t.fair_counts(inst, roster)[g];
                let f = &inst.fairness[g];
                f.cost(f.members[k].1, counts[k], counts.iter().sum()) as f64
            }
            Col::FairTotal { g } => t.fair_counts(inst, roster)[g].iter().sum::<u64>() as f64,
            Col::Charge { e, k } => f64::from(u8::from(inst.employees[e].charges[k].cells.iter().any(|&(d, s)| roster[e][d] == Some(s)))),
        })
        .collect()
}

/// `base` with the neighbourhood's cells read from a solution's column values.
fn roster_of(cols: &[Col], values: &[f64], base: &Roster, hood: &Hood) -> Roster {
    let mut r = base.clone();
    for &e in &hood.workers {
        for cell in &mut r[e][hood.from..hood.to] {
            *cell = None;
        }
    }
    for (c, v) in cols.iter().zip(values) {
        if let (Col::Shift { e, d, s }, true) = (*c, *v > 0.5) {
            r[e][d] = Some(s);
        }
    }
    r
}

/// The outcome of one neighbourhood solve.
struct SubResult {
    roster: Option<Roster>,
    optimal: bool,
    /// HiGHS proved the neighbourhood's model has no solution.
    infeasible: bool,
    bound: Option<f64>,
    /// The constant part of the objective the sub-model leaves out (bound + this = whole bound).
    offset: f64,
}

/// How to run one neighbourhood's model.
#[derive(Clone, Copy)]
struct Sub<'a> {
    time_limit_s: f64,
    mip_gap: f64,
    /// HiGHS threads.
    threads: usize,
    /// Start HiGHS from the current roster.
    warm: bool,
    /// Any roster that keeps the rules (no objective): far quicker to find for a worker whose
    /// own limits leave few rows.
    feasible_only: bool,
    /// Trade rosters with the search while running: every roster HiGHS finds goes to the
    /// shared incumbent when better, and a better incumbent is handed to HiGHS (the whole
    /// model beside the search).
    share: Option<&'a Shared>,
    /// Prices per cover cell (day × shift types + shift) in place of the cover rows: a worked
    /// cell earns its price (column generation's pricing, [`price`]).
    prices: Option<&'a [f64]>,
    /// Places of all capacities together left free for workers not yet placed (the
    /// construction): without it the first workers took several places each (their hours
    /// target pays for a second session) and a later one found every session full.
    reserve: u32,
    /// Stop within this relative gap of the whole objective less this floor: `(gap, floor)`
    /// (a repair's window, whose own objective leaves most of the month's out).
    within: Option<(f64, u64)>,
    /// Stop within this many units of the dual bound (HiGHS's `mip_abs_gap`, and `watch`'s
    /// roster counted too).
    abs_gap: Option<f64>,
    /// Fairness costs as continuous columns, not whole numbers: the model's fairness is then
    /// a relaxation (each member's cost up to one unit low; the roster found is scored
    /// exactly all the same) that HiGHS closes far sooner (a repair's window model).
    relax_fairness: bool,
    /// The search's incumbent, counted by the stops (`within`, `abs_gap`) as if HiGHS held it
    /// (read only; a repair's window model: the search finds a roster within the gap long
    /// before HiGHS's own heuristics do).
    watch: Option<&'a Shared>,
    /// HiGHS's cut pool soft limit ([`Options::cut_pool`]).
    cut_pool: Option<u32>,
}

impl Sub<'_> {
    fn new(time_limit_s: f64, mip_gap: f64, threads: usize, warm: bool) -> Self {
        Sub { time_limit_s, mip_gap, threads, warm, feasible_only: false, share: None, prices: None, reserve: 0, within: None, abs_gap: None, relax_fairness: false, watch: None, cut_pool: None }
    }
}

/// Builds and solves the model of one neighbourhood, starting from `current` (which must keep
/// every hard rule outside the neighbourhood; inside it, it is the warm start when `warm`).
fn solve_hood(inst: &Instance, t: &Tables, current: &Roster, hood: &Hood, sub: Sub<'_>, ctl: Control<'_>, began: Instant) -> Result<SubResult, String> {
    let (h, ns) = (inst.days, inst.shifts.len());
    let inside = |d: usize| d >= hood.from && d < hood.to;
    let mut vars = ProblemVariables::new();
    // What each column stands for (columns are numbered in the order added).
    let mut cols: Vec<Col> = Vec::new();
    // x[(slot in hood.workers, d - from, s)].
    let width = hood.to - hood.from;
    let mut x: Vec<Option<Variable>> = vec![None; hood.workers.len() * width * ns];
    let xi = |k: usize, d: usize, s: usize| (k * width + (d - hood.from)) * ns + s;
    for (k, &e) in hood.workers.iter().enumerate() {
        for d in hood.from..hood.to {
            for s in 0..ns {
                if !t.allowed(inst, e, d, s) {
                    continue;
                }
                // Successions against held neighbours outside the window.
                if d == hood.from && d > 0 {
                    if let Some(p) = current[e][d - 1] {
                        if t.forbids(inst, d - 1, p, s) {
                            continue;
                        }
                    }
                }
                if d + 1 == hood.to && d + 1 < h {
                    if let Some(n) = current[e][d + 1] {
                        if t.forbids(inst, d, s, n) {
                            continue;
                        }
                    }
                }
                x[xi(k, d, s)] = Some(add(&mut vars, &mut cols, variable().binary(), Col::Shift { e, d, s }));
            }
        }
    }
    let mut constraints: Vec<good_lp::Constraint> = Vec::new();
    let mut objective = Expression::from(0.0);
    let mut offset = 0.0;

    for (k, &e) in hood.workers.iter().enumerate() {
        let emp = &inst.employees[e];
        let row = &current[e];
        let work = |d: usize| -> Work {
            if inside(d) {
                let mut ex = Expression::from(0.0);
                for s in 0..ns {
                    if let Some(v) = x[xi(k, d, s)] {
                        ex += v;
                    }
                }
                Work::Free(ex)
            } else {
                Work::Held(row[d].is_some())
            }
        };
        let works: Vec<Work> = (0..h).map(work).collect();
        // A linear form over days: Σ coef·work[d] ≤ rhs, with held days moved to the right.
        let linear = |terms: &[(usize, f64)], rhs: f64, constraints: &mut Vec<good_lp::Constraint>| {
            let mut ex = Expression::from(0.0);
            let mut r = rhs;
            let mut free = false;
            for &(d, c) in terms {
                match &works[d] {
                    Work::Held(w) => r -= if *w { c } else { 0.0 },
                    Work::Free(f) => {
                        ex += f.clone() * c;
                        free = true;
                    }
                }
            }
            if free {
                constraints.push(ex.leq(r));
            }
        };
        // One shift a day; a fixed cell is worked (when the window's edges leave it no
        // variable, the held neighbours contradict it and the model has no solution).
        for d in hood.from..hood.to {
            let vs: Vec<Variable> = (0..ns).filter_map(|s| x[xi(k, d, s)]).collect();
            if vs.len() > 1 {
                constraints.push(vs.iter().fold(Expression::from(0.0), |a, v| a + *v).leq(1.0));
            }
            if let Some(f) = t.fixed[e * h + d] {
                match x[xi(k, d, f)] {
                    Some(v) => constraints.push(Expression::from(v).geq(1.0)),
                    None => constraints.push(Expression::from(0.0).geq(1.0)),
                }
            }
        }
        // Successions inside the window: x[d, s] + Σ_{f ∈ F(s)} x[d+1, f] ≤ 1.
        for d in hood.from..hood.to.saturating_sub(1) {
            for s in 0..ns {
                let Some(a) = x[xi(k, d, s)] else { continue };
                let next: Vec<Variable> = (0..ns).filter(|&f| t.forbids(inst, d, s, f)).filter_map(|f| x[xi(k, d + 1, f)]).collect();
                if !next.is_empty() {
                    constraints.push(next.iter().fold(Expression::from(a), |acc, v| acc + *v).leq(1.0));
                }
            }
        }
        // Shifts of each type and total minutes: the held part moves to the right.
        let mut minutes_held = 0.0;
        let mut held_of = vec![0u32; ns];
        for d in (0..h).filter(|d| !inside(*d)) {
            if let Some(s) = row[d] {
                held_of[s] += 1;
                minutes_held += f64::from(t.minutes[d * ns + s]);
            }
        }
        let mut minutes = Expression::from(0.0);
        for s in 0..ns {
            let vs: Vec<(usize, Variable)> = (hood.from..hood.to).filter_map(|d| x[xi(k, d, s)].map(|v| (d, v))).collect();
            let room = f64::from(emp.max_shifts[s]) - f64::from(held_of[s]);
            if (vs.len() as f64) > room {
                constraints.push(vs.iter().fold(Expression::from(0.0), |a, (_, v)| a + *v).leq(room));
            }
            for (d, v) in vs {
                minutes += v * f64::from(t.minutes[d * ns + s]);
            }
        }
        // Limits over sets of cells: held cells move to the right.
        for limit in &emp.limits {
            let mut ex = Expression::from(0.0);
            let (mut rhs, mut free) = (f64::from(limit.max), 0usize);
            for &(d, s) in &limit.cells {
                if inside(d) {
                    if let Some(v) = x[xi(k, d, s)] {
                        ex += v;
                        free += 1;
                    }
                } else if row[d] == Some(s) {
                    rhs -= 1.0;
                }
            }
            if free as f64 > rhs {
                constraints.push(ex.leq(rhs));
            }
        }
        // Charges: one held cell worked makes it a constant; else a column at least every free
        // cell's.
        for (ci, charge) in emp.charges.iter().enumerate() {
            if charge.cells.iter().any(|&(d, s)| !inside(d) && row[d] == Some(s)) {
                offset += f64::from(charge.weight);
                continue;
            }
            let vs: Vec<Variable> = charge.cells.iter().filter(|(d, _)| inside(*d)).filter_map(|&(d, s)| x[xi(k, d, s)]).collect();
            if vs.is_empty() {
                continue;
            }
            let y = add(&mut vars, &mut cols, variable().min(0.0).max(1.0), Col::Charge { e, k: ci });
            for v in vs {
                constraints.push((Expression::from(v) - y).leq(0.0));
            }
            objective += y * f64::from(charge.weight);
        }
        // Quotas: minutes on held cells move to the right.
        for quota in &emp.quotas {
            let mut ex = Expression::from(0.0);
            let (mut rhs, mut free) = (f64::from(quota.minutes), false);
            for ((d, s), m) in quota.counted(|d, s| t.minutes[d * ns + s]) {
                let m = f64::from(m);
                if inside(d) {
                    if let Some(v) = x[xi(k, d, s)] {
                        ex += v * m;
                        free = true;
                    }
                } else if row[d] == Some(s) {
                    rhs -= m;
                }
            }
            if rhs > 0.0 {
                constraints.push(if free { ex.geq(rhs) } else { Expression::from(0.0).geq(1.0) });
            }
        }
        // Rests: an option with a held worked cell is out; one with no free cell left holds
        // the rule; else a choice r per option, Σ r ≥ 1, and an option chosen is not worked
        // (Σ its cells + m·r ≤ m, m its days: at most one shift a day).
        for (ri, rest) in emp.rests.iter().enumerate() {
            let mut open: Vec<(usize, Vec<(usize, Variable)>)> = Vec::new();
            let mut holds = false;
            for (o, cells) in rest.options.iter().enumerate() {
                let mut vs = Vec::new();
                let mut out = false;
                // A cell listed twice counts once.
                for &(d, s) in &distinct(cells) {
                    if inside(d) {
                        if let Some(v) = x[xi(k, d, s)] {
                            vs.push((d, v));
                        }
                    } else if row[d] == Some(s) {
                        out = true;
                        break;
                    }
                }
                if out {
                    continue;
                }
                if vs.is_empty() {
                    holds = true;
                    break;
                }
                open.push((o, vs));
            }
            if holds {
                continue;
            }
            let mut any = Expression::from(0.0);
            for (option, vs) in open {
                let r = add(&mut vars, &mut cols, variable().binary(), Col::Rest { e, rest: ri, option });
                let mut days: Vec<usize> = vs.iter().map(|p| p.0).collect();
                days.sort_unstable();
                days.dedup();
                let m = days.len() as f64;
                constraints.push(vs.iter().fold(Expression::from(r) * m, |a, (_, v)| a + *v).leq(m));
                any += r;
            }
            constraints.push(any.geq(1.0));
        }
        // Target: minutes above and below it, each costing its weight.
        if let Some(target) = emp.target {
            let above = add(&mut vars, &mut cols, variable().min(0.0), Col::Above { e });
            let below = add(&mut vars, &mut cols, variable().min(0.0), Col::Below { e });
            let wanted = f64::from(target.minutes) - minutes_held;
            constraints.push((minutes.clone() - above + below).eq(wanted));
            objective += (above + below) * f64::from(target.weight);
        }
        constraints.push(minutes.clone().leq(f64::from(emp.max_minutes) - minutes_held));
        if emp.min_minutes > 0 {
            constraints.push(minutes.geq(f64::from(emp.min_minutes) - minutes_held));
        }
        // Max consecutive working days: every window of max+1 days has a day off.
        let mc = emp.max_consecutive as usize;
        if mc < h {
            for a in 0..h - mc {
                if a + mc < hood.from || a >= hood.to {
                    continue;
                }
                let terms: Vec<(usize, f64)> = (a..=a + mc).map(|d| (d, 1.0)).collect();
                linear(&terms, mc as f64, &mut constraints);
            }
        }
        // Runs that must last: a run of working days starting on day a (≥ 1) lasts through
        // a+j for j < min unless it reaches the horizon's end — work[a] − work[a−1] −
        // work[a+j] ≤ 0; an off-run starting on day a (work[a−1] = 1, work[a] = 0) likewise —
        // work[a−1] − work[a] + work[a+j] ≤ 1.
        for (min, working) in [(emp.min_consecutive as usize, true), (emp.min_days_off as usize, false)] {
            for a in 1..h {
                for b in (a + 1..a + min).take_while(|b| *b < h) {
                    if b < hood.from || a - 1 >= hood.to {
                        continue;
                    }
                    if working {
                        linear(&[(a, 1.0), (a - 1, -1.0), (b, -1.0)], 0.0, &mut constraints);
                    } else {
                        linear(&[(a - 1, 1.0), (a, -1.0), (b, 1.0)], 1.0, &mut constraints);
                    }
                }
            }
        }
        // Weekends.
        let weekends: Vec<(usize, usize)> = inst.weekends().collect();
        if (emp.max_weekends as usize) < weekends.len() {
            let mut held = 0.0;
            let mut sum = Expression::from(0.0);
            for &(sat, sun) in &weekends {
                match (&works[sat], &works[sun]) {
                    (Work::Held(a), Work::Held(b)) => held += if *a || *b { 1.0 } else { 0.0 },
                    _ => {
                        let y = add(&mut vars, &mut cols, variable().min(0.0).max(1.0), Col::Weekend { e, sat, sun });
                        for d in [sat, sun] {
                            match &works[d] {
                                Work::Held(true) => constraints.push(Expression::from(y).geq(1.0)),
                                Work::Held(false) => {}
                                Work::Free(f) => constraints.push((f.clone() - y).leq(0.0)),
                            }
                        }
                        sum += y;
                    }
                }
            }
            constraints.push(sum.leq(f64::from(emp.max_weekends) - held));
        }
        // Requests: on-requests cost their weight unless granted; off-requests when worked.
        for d in hood.from..hood.to {
            for s in 0..ns {
                let i = t.cell(e, d, s);
                let (on, off) = (f64::from(t.on[i]), f64::from(t.off[i]));
                offset += on;
                if let Some(v) = x[xi(k, d, s)] {
                    let c = off - on;
                    if c != 0.0 {
                        objective += v * c;
                    }
                }
            }
        }
    }
    if let Some(prices) = sub.prices {
        for (k, _) in hood.workers.iter().enumerate() {
            for d in hood.from..hood.to {
                for s in 0..ns {
                    if let (Some(v), p) = (x[xi(k, d, s)], prices[d * ns + s]) {
                        if p != 0.0 {
                            objective -= v * p;
                        }
                    }
                }
            }
        }
    }
    // Cover: held workers' count is a constant.
    let free_set: Vec<bool> = {
        let mut f = vec![false; inst.employees.len()];
        for &e in &hood.workers {
            f[e] = true;
        }
        f
    };
    // Cover rows with a cell in the window; what held cells (held workers, and free workers
    // outside the window) contribute is a constant.
    for (row, &(r, under, over)) in t.rows.iter().enumerate().filter(|_| sub.prices.is_none()) {
        let cells = &t.row_cells[row];
        if !cells.iter().any(|&c| inside(c / ns)) {
            continue;
        }
        let mut held = 0.0;
        let mut vs: Vec<Variable> = Vec::new();
        for &c in cells {
            let (d, s) = (c / ns, c % ns);
            held += current.iter().enumerate().filter(|(e, row)| (!free_set[*e] || !inside(d)) && row[d] == Some(s)).count() as f64;
            if inside(d) {
                vs.extend((0..hood.workers.len()).filter_map(|k| x[xi(k, d, s)]));
            }
        }
        let req = f64::from(r);
        if vs.is_empty() {
            offset += f64::from(under) * (req - held).max(0.0) + f64::from(over) * (held - req).max(0.0);
            continue;
        }
        let n = vs.iter().fold(Expression::from(held), |a, v| a + *v);
        if under > 0 && req > held {
            let u = add(&mut vars, &mut cols, variable().min(0.0).max(req - held), Col::Under { row, req: r });
            constraints.push((n.clone() + u).geq(req));
            objective += u * f64::from(under);
        }
        if over > 0 {
            let o = add(&mut vars, &mut cols, variable().min(0.0), Col::Over { row, req: r });
            constraints.push((n - o).leq(req));
            objective += o * f64::from(over);
        }
    }
    // Capacities: workers held on their cells are a constant. With places reserved, all of
    // them together keep that many free as well.
    let mut all_free = Expression::from(0.0);
    let mut all_room = 0.0;
    for (cells, max) in &t.caps {
        let mut held = 0.0;
        let mut vs: Vec<Variable> = Vec::new();
        for &c in cells {
            let (d, s) = (c / ns, c % ns);
            held += current.iter().enumerate().filter(|(e, row)| (!free_set[*e] || !inside(d)) && row[d] == Some(s)).count() as f64;
            if inside(d) {
                vs.extend((0..hood.workers.len()).filter_map(|k| x[xi(k, d, s)]));
            }
        }
        if !vs.is_empty() && vs.len() as f64 + held > f64::from(*max) {
            constraints.push(vs.iter().fold(Expression::from(0.0), |a, v| a + *v).leq(f64::from(*max) - held));
        }
        all_room += (f64::from(*max) - held).max(0.0);
        all_free = vs.iter().fold(all_free, |a, v| a + *v);
    }
    if sub.reserve > 0 && !t.caps.is_empty() {
        constraints.push(all_free.leq((all_room - f64::from(sub.reserve)).max(0.0)));
    }
    // Fairness: each member's count is held or free; a group with a free cell gets a cost
    // column per member, A·f ≥ weight·(±(A·c − a·T) − band·A), f whole (the cost is rounded
    // up) unless `sub.relax_fairness`.
    for (g, f) in inst.fairness.iter().enumerate() {
        let cell = &t.fair_cell[g];
        let mut counts: Vec<Expression> = Vec::with_capacity(f.members.len());
        let mut free = false;
        for &(e, _) in &f.members {
            let mut c = Expression::from(0.0);
            let slot = hood.workers.iter().position(|&w| w == e);
            for d in 0..h {
                match (slot, inside(d)) {
                    (Some(k), true) => {
                        for s in (0..ns).filter(|&s| cell[d * ns + s]) {
                            if let Some(v) = x[xi(k, d, s)] {
                                c += v;
                                free = true;
                            }
                        }
                    }
                    _ => {
                        if current[e][d].is_some_and(|s| cell[d * ns + s]) {
                            c += 1.0;
                        }
                    }
                }
            }
            counts.push(c);
        }
        let sum: u64 = f.members.iter().map(|m| m.1).sum();
        if !free {
            offset += f.group_cost(&t.fair_counts(inst, current)[g]) as f64;
            continue;
        }
        // The total as a column of its own keeps each member's rows short.
        let all = add(&mut vars, &mut cols, variable().min(0.0), Col::FairTotal { g });
        constraints.push(counts.iter().fold(Expression::from(all), |a, c| a - c.clone()).eq(0.0));
        let all = Expression::from(all);
        let (sum_f, band, weight) = (sum as f64, f64::from(f.band), f64::from(f.weight));
        // A member's cost is at most `weight` × (a count or a share, each at most a cell a day
        // of every member): stated as the column's upper bound. Unbounded, HiGHS 1.15 could
        // bound it itself from an incumbent's objective (cover weighs 1000 a staff-minute), past
        // the 32-bit integers its reduced-cost fixing at the root casts bounds to, and loop
        // there (fixed upstream, ERGO-Code/HiGHS pull 3241; one CI run hung in it).
        let most = weight * (h * f.members.len()) as f64 + 1.0;
        for (k, (&(_, a), c)) in f.members.iter().zip(&counts).enumerate() {
            let v = if sub.relax_fairness { variable().min(0.0).max(most) } else { variable().integer().min(0.0).max(most) };
            let v = add(&mut vars, &mut cols, v, Col::Fair { g, k });
            let away = c.clone() * sum_f - all.clone() * a as f64;
            constraints.push((Expression::from(v) * sum_f - away.clone() * weight).geq(-weight * band * sum_f));
            constraints.push((Expression::from(v) * sum_f + away * weight).geq(-weight * band * sum_f));
            objective += v;
        }
    }
    let objective = if sub.feasible_only { Expression::from(0.0) } else { objective };
    let model = constraints.into_iter().fold(vars.minimise(objective).using(highs), |m, c| m.with(c));
    let initial = sub.warm.then(|| column_values(&cols, current, inst, t));
    // Trading with the search: the last incumbent version HiGHS has seen (taken from it or
    // handed to it).
    let seen = AtomicU64::new(u64::MAX);
    let on_improving = |values: &[f64]| {
        let Some(share) = sub.share else { return };
        let r = roster_of(&cols, values, current, hood);
        let v = score(inst, t, &r);
        let mut g = lock(share);
        if g.replace(r, v, began) {
            seen.store(g.version, Ordering::Relaxed);
        }
    };
    let offer = |primal: f64| -> Option<Vec<f64>> {
        let g = lock(sub.share?);
        let r = g.roster.as_ref()?;
        if g.version == seen.load(Ordering::Relaxed) || g.value as f64 - offset >= primal - 0.5 {
            return None;
        }
        seen.store(g.version, Ordering::Relaxed);
        Some(column_values(&cols, r, inst, t))
    };
    let elsewhere = || sub.watch.map_or(f64::INFINITY, |w| {
        let g = lock(w);
        if g.roster.is_some() { g.value as f64 - offset } else { f64::INFINITY }
    });
    let setup = Run {
        time_limit_s: sub.time_limit_s,
        mip_gap: sub.mip_gap,
        threads: sub.threads,
        initial,
        shorts: &[],
        began,
        phase: "neighbourhood",
        presolve: sub.share.is_none(),
        on_improving: sub.share.map(|_| &on_improving as &(dyn Fn(&[f64]) + Sync)),
        offer: sub.share.map(|_| &offer as &Offer<'_>),
        within: sub.within.map(|(gap, floor)| (gap, offset - floor as f64)),
        elsewhere: sub.watch.map(|_| &elsewhere as &(dyn Fn() -> f64 + Sync)),
        abs_gap: sub.abs_gap,
        cut_pool: sub.cut_pool,
    };
    let out = run(model, &setup, ctl)?;
    // Stopped within the gap asked for counts as HiGHS's own gap does.
    let optimal = matches!(out.status, highs::HighsModelStatus::Optimal) || out.within;
    let roster = out.values.map(|values| roster_of(&cols, &values, current, hood));
    let infeasible = matches!(out.status, highs::HighsModelStatus::Infeasible | highs::HighsModelStatus::UnboundedOrInfeasible);
    Ok(SubResult { roster, optimal, infeasible, bound: out.bound, offset })
}

/// The best roster so far, shared by the searchers and the whole-model MIP.
struct Incumbent {
    roster: Option<Roster>,
    /// Its score (`u64::MAX` while there is none).
    value: u64,
    /// Bumped on every replacement: a searcher's result counts only against the version it
    /// started from.
    version: u64,
    trace: Vec<(u64, u64)>,
    tried: u32,
    improved: u32,
    /// The whole model was solved to optimality, or the roster is at the known floor or good
    /// enough: nothing left to search.
    proven: bool,
    /// The search stops at a roster of this value or below ([`Options::floor`],
    /// [`Options::enough`]).
    floor: u64,
    /// Column generation's branch-and-price tree has begun: a searcher that finds nothing
    /// more may search a second tree ([`price::second_tree`]).
    tree_on: bool,
    /// A tree was searched to the end: the incumbent is optimal.
    tree_proved: bool,
}

type Shared = std::sync::Mutex<Incumbent>;

/// A developer's aid: `WSM_ENGINE_TRACE=1` prints the engine's events (which part found
/// which roster when, the exact side's phases) to standard error.
pub(crate) fn note(began: Instant, what: impl FnOnce() -> String) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("WSM_ENGINE_TRACE").is_some()) {
        eprintln!("[{:7.2} s] {}", began.elapsed().as_secs_f64(), what());
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Incumbent> {
    shared.lock().unwrap_or_else(|p| p.into_inner())
}

impl Incumbent {
    /// No roster yet.
    fn empty() -> Self {
        Incumbent { roster: None, value: u64::MAX, version: 0, trace: Vec::new(), tried: 0, improved: 0, proven: false, floor: 0, tree_on: false, tree_proved: false }
    }

    /// Takes `roster` when it scores better than the incumbent.
    fn replace(&mut self, roster: Roster, value: u64, began: Instant) -> bool {
        if value >= self.value {
            return false;
        }
        self.set(roster, value, began);
        true
    }

    /// Takes `roster` (no worse than the incumbent): a new version, in the trace when better.
    fn set(&mut self, roster: Roster, value: u64, began: Instant) {
        if value < self.value {
            self.trace.push((began.elapsed().as_millis() as u64, value));
        }
        self.roster = Some(roster);
        self.value = value;
        self.version += 1;
        self.proven |= value <= self.floor;
    }
}

/// One searcher of the large-neighbourhood search.
struct Searcher<'a> {
    inst: &'a Instance,
    t: &'a Tables,
    limit: f64,
    began: Instant,
    ctl: Control<'a>,
    /// HiGHS threads per neighbourhood solve.
    threads: usize,
    /// Seconds of local search before each neighbourhood.
    local_s: f64,
    /// The days neighbourhoods are drawn from: the horizon, or a repair's window (every other
    /// day is held by the instance, so a neighbourhood there frees nothing).
    span: (usize, usize),
    /// HiGHS's cut pool per neighbourhood ([`Options::cut_pool`]).
    cut_pool: Option<u32>,
    /// Hand over to a second branch-and-price tree once column generation's tree is on and
    /// the incumbent has not improved for [`JOIN_TREE_AFTER_MS`].
    join_tree: bool,
}

/// How long the incumbent must have stood still, with the tree on, before the searcher
/// searches a second tree instead (milliseconds).
const JOIN_TREE_AFTER_MS: u64 = 10_000;

impl Searcher<'_> {
    /// Frees a neighbourhood, re-optimises it with the MIP, keeps the result when it is no
    /// worse and the incumbent has not moved meanwhile; adapts the neighbourhoods' size so
    /// that most are solved to optimality well within their time. Waits for a first roster
    /// (from the construction or the whole-model MIP).
    /// Returns true when it hands over to a second tree (`join_tree`).
    fn run(&self, shared: &Shared, mut rng: Rng, id: usize) -> Result<bool, String> {
        let (inst, t) = (self.inst, self.t);
        let (ne, ns) = (inst.employees.len(), inst.shifts.len());
        let left = || self.limit - self.began.elapsed().as_secs_f64();
        let mut per_worker = (ne as f64 / 4.0).clamp(2.0, 8.0);
        let (lo, sh) = (self.span.0, self.span.1 - self.span.0);
        let mut window = (sh as f64 / 4.0).clamp(5.0, 14.0);
        // A neighbourhood gets 1/30 of the time limit (1–5 s); searchers alternate between
        // a few workers over the whole horizon and many workers over a window of days.
        let sub_limit = (self.limit / 30.0).clamp(1.0, 5.0);
        let mut tried = id as u32;
        loop {
            let (roster, value, mut version, proven, stalled) = {
                let g = lock(shared);
                let now = self.began.elapsed().as_millis() as u64;
                let stalled = g.tree_on && g.trace.last().is_some_and(|&(at, _)| now.saturating_sub(at) >= JOIN_TREE_AFTER_MS);
                (g.roster.clone(), g.value, g.version, g.proven, stalled)
            };
            if proven || left() <= 0.2 || self.ctl.cancelled() {
                return Ok(false);
            }
            if self.join_tree && stalled {
                note(self.began, || format!("search: nothing better for {} s with the tree on: a second tree", JOIN_TREE_AFTER_MS / 1000));
                return Ok(true);
            }
            let Some(roster) = roster else {
                std::thread::sleep(std::time::Duration::from_millis(20));
                continue;
            };
            // Small moves first; the neighbourhood starts from where they left the roster. What
            // they find is published as they go and when they end (when better than the
            // incumbent), not only after the neighbourhood: the month's first covered
            // rota came 1–2 s later for the wait (docs/benchmarks.md).
            let (roster, moved) = if self.local_s > 0.0 {
                let until = Instant::now() + std::time::Duration::from_secs_f64(self.local_s.min(left().max(0.0)));
                let mut publish = |r: &Roster, v: u64| {
                    let mut g = lock(shared);
                    if g.replace(r.clone(), v, self.began) {
                        version = g.version;
                        note(self.began, || format!("local: {v} published"));
                    }
                };
                let (r, v) = local::improve(inst, t, roster, value, until, &|| self.ctl.cancelled(), &mut publish, &mut rng);
                publish(&r, v);
                note(self.began, || format!("local: {value} -> {v}"));
                (r, v)
            } else {
                (roster, value)
            };
            tried += 1;
            let by_window = tried % 2 == 0;
            let (w, k) = if by_window {
                // All workers when the window is small enough, else a part of them.
                let w = (window.round() as usize).clamp(2, sh.max(2)).min(sh);
                (w, ((1_500.0 * 7.0 / (w * ns) as f64) as usize).clamp(2, ne))
            } else {
                // A few workers over the whole horizon, or over six weeks of a longer one.
                (sh.min(42), (per_worker.round() as usize).clamp(1, ne))
            };
            // Every other window neighbourhood is built around a cover cell that costs
            // (workers who could mend it first), the others are random. Targeting half the
            // worker neighbourhoods as well was measured once: worse on 5-7 (7: 1365 vs 1081),
            // better on five of 14-19; not adopted (docs/benchmarks.md).
            let targeted = by_window && (tried / 2) % 2 == 0;
            let hood = match targeted.then(|| costly_row(t, &roster, &mut rng)).flatten() {
                Some(row) if k < ne => {
                    let hood = targeted_hood(inst, t, &roster, row, w, k, &mut rng);
                    let from = hood.from.clamp(lo, lo + sh - w);
                    Hood { from, to: from + w, ..hood }
                }
                _ => {
                    let from = lo + rng.below(sh - w + 1);
                    Hood { workers: rng.pick(ne, k), from, to: from + w }
                }
            };
            let budget = sub_limit.min(left()).max(0.1);
            let took = Instant::now();
            let out = solve_hood(inst, t, &roster, &hood, Sub { cut_pool: self.cut_pool, ..Sub::new(budget, 0.0, self.threads, true) }, self.ctl, self.began)?;
            // The neighbourhood's kind, for the trace.
            let kind = if targeted { "targeted" } else if by_window { "window" } else { "workers" };
            note(self.began, || format!("hood {kind} {}d×{}w: {:.2} s of {budget:.2}, optimal {}, value {:?} (was {value})", hood.to - hood.from, hood.workers.len(), took.elapsed().as_secs_f64(), out.optimal, out.roster.as_ref().map(|r| score(inst, t, r))));
            let fast = out.optimal && took.elapsed().as_secs_f64() < budget / 3.0;
            let grow = |x: &mut f64, max: f64| *x = if fast { (*x * 1.15 + 0.5).min(max) } else if !out.optimal { (*x * 0.85).max(1.0) } else { *x };
            if by_window {
                grow(&mut window, sh as f64);
            } else {
                grow(&mut per_worker, ne as f64);
            }
            let mut g = lock(shared);
            g.tried += 1;
            // The moves' roster is the incumbent already, unless it has moved meanwhile.
            if let Some(r) = out.roster {
                let v = score(inst, t, &r);
                if g.version == version && v <= g.value {
                    if v < moved {
                        note(self.began, || format!("search: {moved} -> {v} ({kind} {} days × {} workers)", hood.to - hood.from, hood.workers.len()));
                        g.improved += 1;
                    }
                    g.set(r, v, self.began);
                }
            }
        }
    }
}

/// A cover row drawn with probability proportional to what its under- or over-cover costs
/// in `roster`; `None` when cover costs nothing.
fn costly_row(t: &Tables, roster: &Roster, rng: &mut Rng) -> Option<usize> {
    let cost = t.cover_costs(roster);
    let total: u64 = cost.iter().sum();
    if total == 0 {
        return None;
    }
    let mut pick = rng.next() % total;
    cost.iter().position(|&c| {
        if pick < c {
            return true;
        }
        pick -= c;
        false
    })
}

/// A window of `w` days around a cell of cover row `row` with `k` workers: first (in random
/// order) those who could mend the row — allowed that cell and not on it when the row is
/// short, on it when it is over — then random others.
fn targeted_hood(inst: &Instance, t: &Tables, roster: &Roster, row: usize, w: usize, k: usize, rng: &mut Rng) -> Hood {
    let (ne, h) = (inst.employees.len(), inst.days);
    let cells = &t.row_cells[row];
    let cell = if cells.len() == 1 { cells[0] } else { cells[rng.below(cells.len())] };
    let (d, s) = (cell / t.s, cell % t.s);
    let on: u32 = cells.iter().map(|&c| roster.iter().filter(|r| r[c / t.s] == Some(c % t.s)).count() as u32).sum();
    let short = on < t.rows[row].0;
    let mut all: Vec<usize> = (0..ne).collect();
    rng.shuffle(&mut all);
    let mut workers: Vec<usize> = all.iter().copied().filter(|&e| if short { t.allowed(inst, e, d, s) && roster[e][d] != Some(s) } else { roster[e][d] == Some(s) }).take(k.div_ceil(2)).collect();
    for e in all {
        if workers.len() >= k {
            break;
        }
        if !workers.contains(&e) {
            workers.push(e);
        }
    }
    workers.sort_unstable();
    let from = (d + 1).saturating_sub(1 + rng.below(w)).min(h - w);
    Hood { workers, from, to: from + w }
}

/// A small deterministic generator for neighbourhood choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn shuffle(&mut self, v: &mut [usize]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
    /// `k` distinct indices below `n`.
    fn pick(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all.sort_unstable();
        all
    }
}

/// Builds a first roster one worker at a time over the whole horizon, the others held as they
/// are (not yet rostered = off). `Ok(None)` when the whole-model MIP found a roster first.
/// `Err((why, proven))`: `proven` when no roster exists at all — a worker with no row that
/// keeps their own rules even with every other worker off (what ties rows together, places
/// at a session, is then loosest; cover and fairness are soft).
fn construct(inst: &Instance, t: &Tables, limit: f64, threads: usize, shared: &Shared, ctl: Control<'_>, began: Instant) -> Result<Option<Roster>, (String, bool)> {
    let (ne, h) = (inst.employees.len(), inst.days);
    let left = || limit - began.elapsed().as_secs_f64();
    let mut r = vec![vec![None; h]; ne];
    // Workers with a quota on capacity cells (a session to attend): each needs a place.
    let needs_place: Vec<bool> = inst.employees.iter().map(|emp| emp.quotas.iter().any(|q| q.cells.iter().any(|&(d, s)| !t.caps_of[d * t.s + s].is_empty()))).collect();
    for e in 0..ne {
        if lock(shared).roster.is_some() {
            return Ok(None);
        }
        let reserve = needs_place[e + 1..].iter().filter(|x| **x).count() as u32;
        let hood = Hood { workers: vec![e], from: 0, to: h };
        // A short look per worker (within 2 % of the best row for them); more time only when
        // that finds no row at all.
        let mut per = (limit * 0.1 / ne as f64).clamp(0.1, 1.0);
        let row = loop {
            let out = solve_hood(inst, t, &r, &hood, Sub { reserve, ..Sub::new(per, 0.02, threads, false) }, ctl, began).map_err(|e| (e, false))?;
            if let Some(row) = out.roster {
                break row;
            }
            // No row in time: any row that keeps the worker's rules, then the search.
            let sub = Sub { feasible_only: true, reserve, ..Sub::new(per.max(left() / 4.0), 0.0, threads, false) };
            let out = solve_hood(inst, t, &r, &hood, sub, ctl, began).map_err(|e| (e, false))?;
            if let Some(row) = out.roster {
                break row;
            }
            // None at all: with every other worker off too?
            if out.infeasible {
                let alone = vec![vec![None; h]; ne];
                let sub = Sub { feasible_only: true, ..Sub::new(per.max(left() / 4.0), 0.0, threads, false) };
                if solve_hood(inst, t, &alone, &hood, sub, ctl, began).map_err(|e| (e, false))?.infeasible {
                    return Err((format!("no roster exists: no row keeps worker {}'s own rules (days off, fixed and blocked days, limits, rest and hours contradict each other)", inst.employees[e].id), true));
                }
            }
            if per > left() || ctl.cancelled() {
                return Err((format!("no feasible row for worker {} after {:.1} s (their own rules may contradict each other)", inst.employees[e].id, began.elapsed().as_secs_f64()), false));
            }
            per *= 4.0;
        };
        r = row;
    }
    Ok(Some(r))
}

/// Solves `inst` within the options' time limit. An error only when no feasible roster was
/// found (the solver failed, the time ran out before the construction finished, or a worker's
/// own rules contradict each other).
///
/// One core constructs a first roster and then runs the large-neighbourhood search; the other
/// runs an exact side for the whole time where one pays, which gives the proven bound:
/// column generation ([`price`]) where [`Options::pricing`] says so (by default: the model is
/// not tiny, [`PRICING_MIN_VARS`], and every worker's rows fit the dynamic programme,
/// [`exact_side`]); else the whole model on HiGHS when it has at most
/// `options.full_model_max_vars` shift variables and a horizon of at most
/// `options.full_model_max_days`; else a second searcher. The sides trade rosters as they go
/// (see [`Sub::share`]; column generation takes the search's rows as columns).
pub fn solve(inst: &Instance, options: &Options, ctl: Control<'_>) -> Result<Solution, String> {
    solve_observed(inst, options, ctl, None)
}

/// Sees new best rosters while the engine runs: the roster, its value, and the improvements
/// found so far ([`Solution::trace`]'s length).
pub type Observer<'a> = &'a (dyn Fn(&Roster, u64, u32) + Sync);

/// [`solve`], with `observe` called from a thread of its own, at most every 50 ms (the first
/// roster that leaves no cover row short at once), with the best roster when it improved, and
/// once more at the end with the roster returned (when it was not the last seen): the
/// caller's live progress. `ctl.progress` is not used (the engine's rosters mean nothing to
/// the caller until it maps them back).
pub fn solve_observed(inst: &Instance, options: &Options, caller: Control<'_>, observe: Option<Observer<'_>>) -> Result<Solution, String> {
    let began = Instant::now();
    // Every part of the engine stops on one flag: the caller's cancel, or a roster nothing is
    // left to improve on (proven, at the floor, good enough) — so that the exact side stops
    // too when the search reaches the floor.
    let halt = AtomicBool::new(false);
    let finished = AtomicBool::new(false);
    let ctl = Control { cancel: Some(&halt), progress: None };
    let t = Tables::new(inst);
    let (ne, h) = (inst.employees.len(), inst.days);
    let limit = options.time_limit_s;
    let left = || limit - began.elapsed().as_secs_f64();
    let (cells, whole_fits) = whole_model(inst, &t, options);
    let shared: Shared = std::sync::Mutex::new(Incumbent { floor: options.floor.max(options.enough), ..Incumbent::empty() });
    let first_error: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let fail = |e: String| {
        first_error.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
    };
    // The end of the time limit, for the exact side and a second tree.
    let until = began + std::time::Duration::from_secs_f64(limit.max(0.0));
    let search = |id: usize| {
        let span = options.window.map(|(from, to)| (from, to.min(h))).filter(|(from, to)| from < to).unwrap_or((0, h));
        // Only the main thread's searcher: the exact side's core runs a second searcher only
        // where there is no tree.
        let searcher = Searcher { inst, t: &t, limit, began, ctl, threads: 1, local_s: options.local_search_s, span, cut_pool: options.cut_pool, join_tree: id == 0 };
        let out = searcher.run(&shared, Rng(options.seed.wrapping_add(id as u64 * 7919)), id).and_then(|join| if join { price::second_tree(inst, &t, &shared, until, ctl, began, options.seed) } else { Ok(()) });
        if let Err(e) = out {
            fail(e);
        }
    };
    // A start of the instance's shape; one that keeps every rule stands for the construction.
    let shaped = options.start.as_ref().filter(|r| r.len() == ne && r.iter().all(|row| row.len() == h));
    let mended = shaped.and_then(|r| if crate::cq::evaluate(inst, r).feasible() { Some(r.clone()) } else { options.window.and_then(|w| mend_start(inst, &t, r, w)) });
    let start = mended.as_ref();
    note(began, || format!("start: {}", if mended.is_some() { "the caller's, keeping every rule" } else if shaped.is_some() { "the caller's breaks a rule: constructing" } else { "constructing" }));
    // The first roster that leaves no cover row short is reported at once, not after the
    // 50 ms: that is the caller's first covered rota (the month's waited up to 50 ms
    // behind a report of a roster still short; docs/benchmarks.md).
    let all_covered = |r: &Roster| t.rows.iter().zip(t.row_counts(&on_shift(r, h, t.s))).all(|(&(req, under, _), n)| under == 0 || n >= req);
    // The exact side's outcome: (proven bound, proven optimal); None when it searched instead.
    let mut whole: Option<(Option<f64>, bool)> = None;
    std::thread::scope(|scope| {
        // The observer stops when this closure ends, a panic included (else the scope would
        // wait for it for ever).
        let _finish = SetOnDrop(&finished);
        // It looks every 5 ms and reports at most every 50 ms: the first roster, and the first
        // after a quiet spell, are reported within 5 ms of being found (when it slept 50 ms
        // between looks, up to 50 ms passed unseen, a third of the month's time to its first
        // covered rota; docs/benchmarks.md).
        scope.spawn(|| {
            let (mut seen, mut best, mut reported, mut covered) = (0, u64::MAX, None::<Instant>, false);
            loop {
                let done = finished.load(Ordering::Relaxed);
                let due = done || reported.is_none_or(|at| at.elapsed().as_millis() >= 50);
                let news = {
                    let g = lock(&shared);
                    if g.proven || caller.cancelled() {
                        halt.store(true, Ordering::Relaxed);
                    }
                    let fresh = g.version != seen && (g.value < best || done) && observe.is_some();
                    let now_covered = fresh && !covered && !due && g.roster.as_ref().is_some_and(all_covered);
                    // A roster of the same value as the last seen is reported only at the end.
                    (fresh && (due || now_covered)).then(|| (g.roster.clone(), g.value, g.version, g.trace.len() as u32, now_covered))
                };
                if let (Some((Some(roster), value, version, improvements, now_covered)), Some(observe)) = (news, observe) {
                    (seen, best) = (version, value);
                    covered = covered || now_covered || all_covered(&roster);
                    observe(&roster, value, improvements);
                    reported = Some(Instant::now());
                }
                if done {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        let exact = scope.spawn(|| -> Result<Option<(Option<f64>, bool)>, String> {
            match exact_side(inst, &t, options, cells, whole_fits) {
                Exact::Pricing => {
                    let cg_until = began + std::time::Duration::from_secs_f64((limit * 0.6).max(0.0));
                    let out = price::price_and_branch(inst, &t, &shared, cg_until, until, ctl, began, options.seed)?;
                    let mut g = lock(&shared);
                    let optimal = out.bound.is_some_and(|b| g.value as f64 <= b.ceil() + 1e-6);
                    g.proven |= optimal;
                    Ok(Some((out.bound, optimal)))
                }
                Exact::Whole => {
                    // The window model needs the start only to hold the days outside it (which
                    // the instance holds anyway); it is HiGHS's warm start when it keeps every
                    // rule (a sick worker's remaining hours may fall below the band, which the
                    // window must mend).
                    let out = match (options.window, start.or(shaped)) {
                        (Some((from, to)), Some(current)) => {
                            let window = Hood { workers: (0..ne).collect(), from, to: to.min(h) };
                            // It stops on the search's roster too (`watch`): the search finds
                            // the repair long before HiGHS's own heuristics, which run after
                            // seconds of the root's cut rounds. Its fairness costs are
                            // continuous (a relaxation: the bound stays a bound, the roster is
                            // scored exactly), which HiGHS closes sooner.
                            let within = (options.gap > 0.0).then_some((options.gap, options.floor));
                            let watch = Some(&shared);
                            let abs_gap = options.abs_gap.map(|a| a as f64);
                            let sub = Sub { within, abs_gap, watch, relax_fairness: abs_gap.is_some() || within.is_some(), cut_pool: options.cut_pool, ..Sub::new(left(), options.gap, 1, start.is_some()) };
                            solve_hood(inst, &t, current, &window, sub, ctl, began)?
                        }
                        _ => {
                            let everyone = Hood { workers: (0..ne).collect(), from: 0, to: h };
                            let empty = vec![vec![None; h]; ne];
                            let sub = Sub { share: Some(&shared), abs_gap: options.abs_gap.map(|a| a as f64), cut_pool: options.cut_pool, ..Sub::new(left(), options.gap, 1, false) };
                            let out = solve_hood(inst, &t, &empty, &everyone, sub, ctl, began)?;
                            // The whole model proven empty: no roster exists, and every part
                            // of the engine stops.
                            if out.infeasible && out.roster.is_none() {
                                // The reason before the halt, so that it is the one given.
                                fail("no roster exists: no roster keeps every rule together (the whole model is infeasible)".into());
                                halt.store(true, Ordering::Relaxed);
                                return Ok(None);
                            }
                            out
                        }
                    };
                    let mut g = lock(&shared);
                    if let Some(r) = &out.roster {
                        let v = score(inst, &t, r);
                        g.replace(r.clone(), v, began);
                    }
                    // Within the gap (0: proven): the search ends too; optimal at the bound only.
                    g.proven |= out.optimal;
                    let bound = out.bound.map(|b| round_bound(b + out.offset));
                    let to_proof = options.gap == 0.0 && options.abs_gap.is_none();
                    let optimal = out.optimal && (to_proof || bound.is_some_and(|b| g.value as f64 <= b.ceil() + 1e-6));
                    Ok(Some((bound, optimal)))
                }
                Exact::None => {
                    if options.threads > 1 {
                        search(1);
                    }
                    Ok(None)
                }
            }
        });
        // The construction takes both cores where the whole model does not run beside it
        // (column generation and a second searcher wait for its roster).
        let built = match start {
            Some(r) => Ok(Some(r.clone())),
            None => construct(inst, &t, limit, if whole_fits { 1 } else { 2 }, &shared, ctl, began),
        };
        match built {
            Ok(Some(r)) => {
                let v = score(inst, &t, &r);
                note(began, || format!("construction: {v}"));
                lock(&shared).replace(r, v, began);
            }
            Ok(None) => {}
            Err((e, proven)) => {
                // Nothing left to look for: every part of the engine stops.
                if proven {
                    halt.store(true, Ordering::Relaxed);
                }
                fail(e)
            }
        }
        search(0);
        match exact.join() {
            Ok(Ok(out)) => whole = out,
            Ok(Err(e)) => fail(e),
            Err(_) => fail("the exact side panicked".into()),
        }
    });
    let Incumbent { roster, value, trace, tried, improved, tree_proved, .. } = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    let Some(roster) = roster else {
        return Err(first_error.into_inner().unwrap_or_else(|p| p.into_inner()).unwrap_or_else(|| "no feasible roster within the time limit".into()));
    };
    // A tree searched to the end (the second one too) proves the incumbent optimal.
    let bound = if tree_proved { Some(value as f64) } else { whole.and_then(|w| w.0) };
    let optimal = whole.is_some_and(|w| w.1) || tree_proved || bound.is_some_and(|b| value as f64 <= b.ceil() + 1e-6) || value <= options.floor;
    let first_feasible_millis = trace.first().map_or(0, |x| x.0);
    Ok(Solution { roster, objective: value, bound, optimal, first_feasible_millis, millis: began.elapsed().as_millis() as u64, trace, neighbourhoods: (tried, improved) })
}

/// A repair's start that breaks only workers' minimum minutes (a sick worker's shifts gone
/// take them below their band), mended by giving them shifts inside the window, one at a
/// time, each the best-scoring that breaks nothing else; `None` when another rule is broken
/// or nothing mends it. Without it the search began from the construction, far from the
/// previous rota, and took seconds to come back (docs/benchmarks.md).
fn mend_start(inst: &Instance, t: &Tables, start: &Roster, (from, to): (usize, usize)) -> Option<Roster> {
    let (h, ns) = (inst.days, inst.shifts.len());
    let short = |r: &Roster| -> Option<Vec<usize>> {
        let ev = crate::cq::evaluate(inst, r);
        ev.violations.iter().map(|v| if v.rule == "min_minutes" { inst.employees.iter().position(|e| e.id == v.employee) } else { None }).collect()
    };
    let mut r = start.clone();
    for _ in 0..h {
        let Some(&e) = short(&r)?.first() else { return Some(r) };
        let before = t.row_minutes(&r[e]);
        let mut best: Option<(u64, Roster)> = None;
        for d in (from..to.min(h)).filter(|&d| r[e][d].is_none()) {
            for s in (0..ns).filter(|&s| t.allowed(inst, e, d, s)) {
                let mut c = r.clone();
                c[e][d] = Some(s);
                // Nothing else broken, and this worker no longer short or working more than before.
                let ok = short(&c).is_some_and(|left| left.iter().all(|&x| x == e) && (left.is_empty() || t.row_minutes(&c[e]) > before));
                if ok {
                    let v = score(inst, t, &c);
                    if best.as_ref().is_none_or(|b| v < b.0) {
                        best = Some((v, c));
                    }
                }
            }
        }
        r = best?.1;
    }
    None
}

/// Sets a flag when dropped.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The whole model's shift variables, and whether it is small enough to run beside the search
/// (at most `options.full_model_max_vars` of them over at most `options.full_model_max_days`).
fn whole_model(inst: &Instance, t: &Tables, options: &Options) -> (usize, bool) {
    let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
    let cells = (0..ne).map(|e| (0..h).map(|d| (0..ns).filter(|&s| t.allowed(inst, e, d, s)).count()).sum::<usize>()).sum::<usize>();
    (cells, cells <= options.full_model_max_vars && h <= options.full_model_max_days)
}

/// What runs beside the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exact {
    /// Column generation and branch and price.
    Pricing,
    /// The whole model on HiGHS.
    Whole,
    /// Nothing exact: a second searcher.
    None,
}

/// The exact side for `inst`: column generation where `options.pricing` forces it or, by
/// default, where the model has at least [`PRICING_MIN_VARS`] shift variables and every
/// worker's rows fit the dynamic programme ([`dp::fits`]); else the whole model where it fits;
/// else none. Until 2026-12-02 half the workers sufficed on four weeks (the rest priced by the
/// one-worker MIP); once the programme kept only reached states, 8 (28 of 30 fitting) did worse
/// with column generation (1470–1656 in six runs) than with the whole model (1364, 1492), and
/// 10, the other instance the half rule was for, fits whole. Deciding may take a second (a
/// worker's rows are counted by running the programme), so it runs on the exact side's core.
fn exact_side(inst: &Instance, t: &Tables, options: &Options, cells: usize, whole_fits: bool) -> Exact {
    let ne = inst.employees.len();
    // The master has no rows for capacities or fairness: column generation declines such an
    // instance.
    let pricing = inst.capacities.is_empty() && inst.fairness.is_empty() && options.pricing.unwrap_or_else(|| {
        if cells < PRICING_MIN_VARS {
            return false;
        }
        // Stops at the first worker who does not fit.
        (0..ne).all(|e| dp::fits(inst, t, e))
    });
    match (pricing, whole_fits) {
        (true, _) => Exact::Pricing,
        (false, true) => Exact::Whole,
        (false, false) => Exact::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cq::{evaluate, parse};

    /// Solves within `seconds`; the evaluator must accept the roster and agree on its score.
    fn solve_verified(inst: &Instance, seconds: f64, what: &str) -> Solution {
        solve_verified_with(inst, &Options { time_limit_s: seconds, ..Default::default() }, what)
    }

    fn solve_verified_with(inst: &Instance, options: &Options, what: &str) -> Solution {
        let sol = solve(inst, options, Control::default()).expect("a roster");
        let ev = evaluate(inst, &sol.roster);
        assert!(ev.feasible(), "{what}: {:?}", ev.violations);
        assert_eq!(ev.objective, sol.objective, "{what}: the engine's score and the evaluator's differ");
        sol
    }

    /// Every roster of a tiny instance, by brute force, scored by the independent evaluator.
    pub(super) fn brute_force(inst: &Instance) -> Option<u64> {
        let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
        let cells = ne * h;
        let base = ns + 1;
        let total = (base as u64).pow(cells as u32);
        let mut best = None;
        for code in 0..total {
            let mut c = code;
            let mut r = vec![vec![None; h]; ne];
            for cell in r.iter_mut().flatten() {
                let v = (c % base as u64) as usize;
                c /= base as u64;
                *cell = (v > 0).then(|| v - 1);
            }
            let ev = evaluate(inst, &r);
            if ev.feasible() {
                best = Some(best.map_or(ev.objective, |b: u64| b.min(ev.objective)));
            }
        }
        best
    }

    /// A random tiny instance: 2 workers, 7 days, 1–2 shift types, every rule drawn.
    pub(super) fn random_instance(seed: u64) -> Instance {
        random_instance_of(seed, 2, 7)
    }

    /// A random instance of `ne` workers over `h` days (limits on shifts and minutes scaled
    /// by weeks).
    pub(super) fn random_instance_of(seed: u64, ne: usize, h: usize) -> Instance {
        let mut g = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let weeks = (h / 7).max(1) as u32;
        let ns = 1 + g.below(2);
        let shifts: Vec<ShiftType> = (0..ns).map(|s| ShiftType { id: ["D", "N"][s].into(), minutes: [480, 600][s], forbidden_next: if s == 1 && g.below(2) == 0 { vec![0] } else { vec![] } }).collect();
        let employees = (0..ne)
            .map(|e| Employee {
                id: format!("E{e}"),
                max_shifts: (0..ns).map(|_| (2 + g.below(4) as u32) * weeks).collect(),
                max_minutes: 480 * (3 + g.below(3) as u32) * weeks,
                min_minutes: 480 * g.below(3) as u32 * weeks,
                max_consecutive: 2 + g.below(3) as u32,
                min_consecutive: 1 + g.below(2) as u32,
                min_days_off: 1 + g.below(2) as u32,
                max_weekends: g.below(2) as u32 * weeks,
                days_off: if g.below(2) == 0 { vec![g.below(h)] } else { vec![] },
                ..Default::default()
            })
            .collect();
        let request = |g: &mut Rng| Request { employee: g.below(ne), day: g.below(h), shift: g.below(ns), weight: 1 + g.below(3) as u32 };
        let on_requests = (0..g.below(4) * weeks as usize).map(|_| request(&mut g)).collect();
        let off_requests = (0..g.below(4) * weeks as usize).map(|_| request(&mut g)).collect();
        let cover = (0..h).flat_map(|d| (0..ns).map(move |s| (d, s))).map(|(day, shift)| Cover { day, shift, requirement: g.below(3) as u32, under: 100, over: 1 }).collect();
        Instance { days: h, shifts, employees, on_requests, off_requests, cover, ..Default::default() }
    }

    /// A random tiny instance with the rules the WSM month adds to the benchmark's drawn as
    /// well: periods of cover over several cells, a length that differs on one day, a
    /// succession forbidden on one day, blocked and fixed cells, limits over sets of cells,
    /// rests, targets, quotas, charges, capacities, fairness.
    pub(super) fn random_general_instance(seed: u64) -> Instance {
        let mut inst = random_instance(seed);
        let mut g = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
        let (ne, h, ns) = (inst.employees.len(), inst.days, inst.shifts.len());
        let cell = |g: &mut Rng| (g.below(h), g.below(ns));
        for _ in 0..1 + g.below(2) {
            let cells = (0..2 + g.below(2)).map(|_| cell(&mut g)).collect();
            inst.periods.push(Period { cells, requirement: 1 + g.below(2) as u32, under: 50, over: g.below(2) as u32 });
        }
        if g.below(2) == 0 {
            let (d, s) = cell(&mut g);
            let longer = inst.shifts[s].minutes + 60;
            inst.day_minutes.push((d, s, longer));
        }
        if g.below(2) == 0 {
            let (d, s) = cell(&mut g);
            inst.forbidden_on.push((d.min(h - 2), s, g.below(ns)));
        }
        for e in 0..ne {
            let blocked = (0..g.below(3)).map(|_| cell(&mut g)).collect();
            let fixed = if g.below(3) == 0 { vec![cell(&mut g)] } else { vec![] };
            let limits = if g.below(2) == 0 { vec![Limit { cells: (0..2 + g.below(3)).map(|_| cell(&mut g)).collect(), max: g.below(2) as u32 }] } else { vec![] };
            let rests = if g.below(2) == 0 { vec![Rest { options: (0..2 + g.below(2)).map(|_| (0..1 + g.below(3)).map(|_| cell(&mut g)).collect()).collect() }] } else { vec![] };
            let emp = &mut inst.employees[e];
            (emp.blocked, emp.fixed, emp.limits, emp.rests) = (blocked, fixed, limits, rests);
        }
        // Targets, quotas and capacities from a stream of their own (the draws above stay as
        // they were).
        let mut tg = Rng(seed.wrapping_mul(0xA24B_AED4_963E_E407) | 1);
        for emp in &mut inst.employees {
            if tg.below(3) > 0 {
                let minutes = 480 * tg.below(5) as u32 + 120 * tg.below(4) as u32;
                emp.target = Some(Target { minutes, weight: 1 + tg.below(2) as u32 });
            }
            if tg.below(3) == 0 {
                let cells: Vec<(usize, usize)> = (0..2 + tg.below(3)).map(|_| (tg.below(h), tg.below(ns))).collect();
                let minutes = 240 + 240 * tg.below(2) as u32;
                // Half of them count set minutes per cell rather than the cells' lengths.
                let credit = if tg.below(2) == 0 { Vec::new() } else { cells.iter().map(|_| 120 * (1 + tg.below(4)) as u32).collect() };
                emp.quotas.push(Quota { cells, minutes, credit });
            }
            for _ in 0..tg.below(3) {
                let cells = (0..1 + tg.below(4)).map(|_| (tg.below(h), tg.below(ns))).collect();
                emp.charges.push(Charge { cells, weight: 1 + 4 * tg.below(3) as u32 });
            }
        }
        if tg.below(2) == 0 {
            let cells = (0..1 + tg.below(3)).map(|_| (tg.below(h), tg.below(ns))).collect();
            inst.capacities.push(Capacity { cells, max: tg.below(2) as u32 });
        }
        if tg.below(3) > 0 {
            let cells = (0..2 + tg.below(5)).map(|_| (tg.below(h), tg.below(ns))).collect();
            let members = (0..ne).map(|e| (e, 1 + tg.below(3) as u64)).collect();
            inst.fairness.push(Fairness { cells, members, band: tg.below(2) as u32, weight: 1 + 2 * tg.below(3) as u32 });
        }
        inst
    }

    /// The feasible ones of the random tiny instances of seeds 1–25 with their brute-force
    /// optima, computed once per test process (each test that checks against them reads these).
    pub(super) fn tiny_optima() -> &'static [(u64, Instance, u64)] {
        static OPTIMA: std::sync::OnceLock<Vec<(u64, Instance, u64)>> = std::sync::OnceLock::new();
        OPTIMA.get_or_init(|| {
            (1..=25)
                .filter_map(|seed| {
                    let inst = random_instance(seed);
                    brute_force(&inst).map(|optimum| (seed, inst, optimum))
                })
                .collect()
        })
    }

    #[test]
    fn finds_the_optimum_of_random_tiny_instances_that_brute_force_finds() {
        let mut checked = 0;
        for (seed, inst, optimum) in tiny_optima() {
            let sol = solve_verified(inst, 5.0, &format!("seed {seed}"));
            assert_eq!(sol.objective, *optimum, "seed {seed}: brute force finds {optimum}");
            assert!(sol.optimal, "seed {seed}: a tiny model is proven optimal");
            checked += 1;
        }
        assert!(checked >= 15, "only {checked} random instances were feasible");
    }

    /// The rules beyond the benchmark's (periods, per-day lengths and successions, blocked and
    /// fixed cells, limits) are kept and scored as the evaluator reads them: the engine finds
    /// and proves the brute-force optimum of random tiny instances that use them.
    #[test]
    fn finds_the_optimum_of_random_tiny_instances_with_the_general_rules() {
        let mut checked = 0;
        for seed in 1..=24 {
            let inst = random_general_instance(seed);
            assert!(!inst.is_plain() && !inst.periods.is_empty(), "seed {seed}: the general rules are drawn");
            let Some(optimum) = brute_force(&inst) else { continue };
            let sol = solve_verified(&inst, 5.0, &format!("general seed {seed}"));
            assert_eq!(sol.objective, optimum, "general seed {seed}: brute force finds {optimum}");
            assert!(sol.optimal, "general seed {seed}: a tiny model is proven optimal");
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} random general instances were feasible");
    }

    /// The construction places workers one at a time and keeps a place of the capacities free
    /// for each worker still to come who must attend: three workers, sessions of two and one
    /// places, each worker due one session and paid by their target for two. Without the
    /// reserve the first took both sessions, the second the last place of the first, and the
    /// third found none.
    #[test]
    fn the_construction_keeps_places_for_the_workers_still_to_come() {
        let h = 7;
        let worker = |e: usize| Employee {
            id: format!("E{e}"),
            max_shifts: vec![h as u32],
            max_minutes: 10_000,
            max_consecutive: h as u32,
            min_consecutive: 1,
            min_days_off: 1,
            max_weekends: 1,
            blocked: (0..h).filter(|d| *d != 2 && *d != 4).map(|d| (d, 0)).collect(),
            quotas: vec![Quota { cells: vec![(2, 0), (4, 0)], minutes: 120, credit: Vec::new() }],
            target: Some(Target { minutes: 240, weight: 1 }),
            ..Default::default()
        };
        let inst = Instance {
            days: h,
            shifts: vec![ShiftType { id: "X".into(), minutes: 120, forbidden_next: Vec::new() }],
            employees: (0..3).map(worker).collect(),
            capacities: vec![Capacity { cells: vec![(2, 0)], max: 2 }, Capacity { cells: vec![(4, 0)], max: 1 }],
            ..Default::default()
        };
        let t = Tables::new(&inst);
        let shared: Shared = std::sync::Mutex::new(Incumbent::empty());
        let roster = construct(&inst, &t, 5.0, 1, &shared, Control::default(), Instant::now()).expect("every worker placed").expect("a roster");
        let ev = evaluate(&inst, &roster);
        assert!(ev.feasible(), "{:?}", ev.violations);
    }

    /// A roster at the known floor is optimal and ends the search: with nothing to cover and
    /// nothing asked, the first roster (value 0) is the answer, long before the time limit,
    /// even with no exact side to prove it.
    /// A roster good enough ([`Options::enough`]) ends the search without being called
    /// optimal, and the whole-model MIP beside it stops with it (one flag stops every part):
    /// Instance 7, which nothing proves within the minute, ends at its first roster.
    #[test]
    fn a_roster_good_enough_ends_the_search_and_the_exact_side_with_it() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance7.txt")).unwrap();
        let options = Options { time_limit_s: 60.0, enough: u64::MAX - 1, ..Default::default() };
        let seen: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());
        let observe = |r: &Roster, v: u64, _: u32| {
            assert_eq!(evaluate(&inst, r).objective, v, "the observer sees a roster and its value");
            seen.lock().unwrap().push(v);
        };
        let sol = solve_observed(&inst, &options, Control::default(), Some(&observe)).expect("a roster");
        assert!(evaluate(&inst, &sol.roster).feasible());
        assert!(!sol.optimal, "good enough is not optimal");
        assert!(sol.millis < 40_000, "the search and the whole model stopped at the first roster ({} ms)", sol.millis);
        assert_eq!(seen.lock().unwrap().last(), Some(&sol.objective), "the observer saw the final roster");
    }

    /// A start that keeps every rule stands for the construction (it is the first roster);
    /// one that breaks a rule is not taken, and the engine constructs as usual.
    #[test]
    fn a_start_that_keeps_every_rule_stands_for_the_construction() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance2.txt")).unwrap();
        let first = solve(&inst, &Options { time_limit_s: 2.0, ..Default::default() }, Control::default()).expect("a roster");
        let v = evaluate(&inst, &first.roster).objective;
        let sol = solve(&inst, &Options { time_limit_s: 20.0, start: Some(first.roster.clone()), enough: v, ..Default::default() }, Control::default()).expect("a roster");
        assert_eq!(sol.trace.first().map(|x| x.1), Some(v), "the start is the first roster");
        assert_eq!(sol.roster, first.roster, "and good enough at once");
        let full = vec![vec![Some(0); inst.days]; inst.employees.len()];
        assert!(!evaluate(&inst, &full).feasible());
        let sol = solve(&inst, &Options { time_limit_s: 5.0, start: Some(full), ..Default::default() }, Control::default()).expect("a roster");
        assert!(evaluate(&inst, &sol.roster).feasible(), "a start that breaks a rule is not taken");
    }

    /// A repair's start whose only broken rule is a worker's minimum minutes is mended inside
    /// the window, by that worker's shifts alone; one breaking another rule is not.
    #[test]
    fn a_start_short_of_a_workers_minimum_is_mended_inside_the_window() {
        let (mut tried, mut mended) = (0, 0);
        for seed in 1..=12 {
            let mut inst = random_instance_of(seed, 4, 14);
            let Ok(sol) = solve(&inst, &Options { time_limit_s: 2.0, ..Default::default() }, Control::default()) else { continue };
            let start = sol.roster;
            let (h, ne) = (inst.days, inst.employees.len());
            for e in 0..ne {
                // The worker wants one more of their shortest shift than they work.
                let more = Tables::new(&inst).row_minutes(&start[e]) + inst.shifts.iter().map(|s| s.minutes).min().unwrap();
                if more > inst.employees[e].max_minutes {
                    continue;
                }
                let saved = std::mem::replace(&mut inst.employees[e].min_minutes, more);
                let t = Tables::new(&inst);
                let ev = evaluate(&inst, &start);
                assert_eq!(ev.violations.iter().map(|v| (v.rule.as_str(), v.employee.as_str())).collect::<Vec<_>>(), vec![("min_minutes", inst.employees[e].id.as_str())]);
                let window = (seed as usize % (h - 5), seed as usize % (h - 5) + 5);
                tried += 1;
                if let Some(r) = mend_start(&inst, &t, &start, window) {
                    mended += 1;
                    assert!(evaluate(&inst, &r).feasible(), "seed {seed}, worker {e}: the mended start keeps every rule");
                    for (x, (a, b)) in start.iter().zip(&r).enumerate() {
                        for d in 0..h {
                            assert!(a[d] == b[d] || (x == e && d >= window.0 && d < window.1), "seed {seed}, worker {e}: {x} changed on day {d}, outside {window:?}");
                        }
                    }
                }
                inst.employees[e].min_minutes = saved;
            }
            // Another rule broken (every worker on every day): not mended.
            let full = vec![vec![Some(0); h]; ne];
            if !evaluate(&inst, &full).violations.iter().all(|v| v.rule == "min_minutes") {
                assert!(mend_start(&inst, &Tables::new(&inst), &full, (0, 5)).is_none());
            }
        }
        assert!(mended >= 3 && mended * 4 >= tried, "{mended} of {tried} starts mended");
    }

    #[test]
    fn a_roster_at_the_floor_ends_the_search() {
        let mut inst = random_instance_of(3, 6, 28);
        inst.cover.iter_mut().for_each(|c| c.requirement = 0);
        inst.cover.iter_mut().for_each(|c| c.over = 0);
        (inst.on_requests, inst.off_requests) = (Vec::new(), Vec::new());
        let options = Options { time_limit_s: 30.0, full_model_max_vars: 0, pricing: Some(false), ..Default::default() };
        let sol = solve_verified_with(&inst, &options, "nothing to cover");
        assert_eq!(sol.objective, 0);
        assert!(sol.optimal && sol.bound.is_none(), "optimal by the floor alone");
        assert!(sol.millis < 25_000, "the search stopped at the floor ({} ms)", sol.millis);
    }

    /// A worker whose own rules contradict each other (more minutes at least than at most):
    /// no roster exists, and the engine says so and stops on the proof, not at its limit —
    /// from the construction (no exact side) and with the whole model beside it.
    #[test]
    fn a_worker_whose_rules_contradict_ends_the_engine_with_the_proof() {
        let mut inst = random_instance_of(3, 6, 28);
        inst.employees[2].min_minutes = inst.employees[2].max_minutes + 1;
        let id = inst.employees[2].id.clone();
        for (how, options) in [
            ("construction alone", Options { time_limit_s: 120.0, full_model_max_vars: 0, pricing: Some(false), ..Default::default() }),
            ("the whole model beside it", Options { time_limit_s: 120.0, pricing: Some(false), ..Default::default() }),
        ] {
            let began = Instant::now();
            let e = solve(&inst, &options, Control::default()).map(|s| s.objective).unwrap_err();
            assert!(e.starts_with("no roster exists"), "{how}: {e}");
            if how == "construction alone" {
                assert!(e.contains(&format!("worker {id}'s own rules")), "{how}: {e}");
            }
            assert!(began.elapsed().as_secs_f64() < 60.0, "{how}: stopped on the proof, not at the limit ({:.1} s)", began.elapsed().as_secs_f64());
        }
    }

    /// The whole model alone (no search, no start) on random tiny instances with the general
    /// rules: its optimum is the brute-force optimum and its bound proves it, so every rule
    /// and every cost term is stated in the model itself (the search beside it, scored apart,
    /// could hide a term the model lacks).
    #[test]
    fn the_whole_model_alone_states_the_general_rules_and_costs() {
        let mut checked = 0;
        for seed in 1..=24 {
            let inst = random_general_instance(seed);
            let Some(optimum) = brute_force(&inst) else { continue };
            let t = Tables::new(&inst);
            let (ne, h) = (inst.employees.len(), inst.days);
            let everyone = Hood { workers: (0..ne).collect(), from: 0, to: h };
            let out = solve_hood(&inst, &t, &vec![vec![None; h]; ne], &everyone, Sub::new(10.0, 0.0, 1, false), Control::default(), Instant::now()).unwrap();
            let roster = out.roster.expect("a roster");
            assert!(out.optimal, "general seed {seed}: proven optimal");
            assert_eq!(evaluate(&inst, &roster).objective, optimum, "general seed {seed}: the model's optimum is not the brute-force optimum");
            assert_eq!(out.bound.map(|b| round_bound(b + out.offset)), Some(optimum as f64), "general seed {seed}: the model's bound");
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} random general instances were feasible");
    }

    #[test]
    fn construction_and_neighbourhood_search_keep_every_rule_on_a_published_instance() {
        // Without the whole model beside them (as for the large instances): the construction
        // and the neighbourhood search alone.
        let inst = parse(include_str!("../benches/curtois-qu/Instance8.txt")).unwrap();
        let sol = solve_verified_with(&inst, &Options { time_limit_s: 8.0, full_model_max_vars: 0, pricing: Some(false), ..Default::default() }, "Instance8");
        assert!(sol.neighbourhoods.0 > 0, "the neighbourhood search ran");
        assert!(sol.trace.len() >= 2, "the search improved on the construction: {:?}", sol.trace);
        assert_eq!(sol.bound, None, "no whole model ran");
    }

    /// The default rule for what runs beside the search, on published instances of each kind.
    #[test]
    fn the_exact_side_follows_the_rule() {
        let options = Options::default();
        for (name, want) in [
            ("Instance1", Exact::Whole),    // 112 shift variables: the whole model proves it
            ("Instance8", Exact::Whole),    // four weeks, 28 of 30 workers fit the programme
            ("Instance10", Exact::Pricing), // four weeks, every worker fits
            ("Instance13", Exact::Whole),   // four weeks, 4 of 120 fit
            ("Instance16", Exact::Pricing), // eight weeks, every worker fits
            ("Instance17", Exact::Pricing), // eight weeks, every worker fits
            ("Instance18", Exact::None),    // twelve weeks, 4 of 22 fit
            ("Instance19", Exact::None),    // twelve weeks, 10 of 40 fit
        ] {
            let text = std::fs::read_to_string(format!("{}/benches/curtois-qu/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let inst = parse(&text).unwrap();
            let t = Tables::new(&inst);
            let (cells, whole_fits) = whole_model(&inst, &t, &options);
            assert_eq!(exact_side(&inst, &t, &options, cells, whole_fits), want, "{name}");
        }
    }

    /// On a horizon beyond four weeks where every worker fits the programme, column generation
    /// runs beside the search and bounds it (before, such instances had no bound at all).
    #[test]
    fn column_generation_bounds_an_eight_week_instance() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance16.txt")).unwrap();
        let sol = solve_verified(&inst, 15.0, "Instance16");
        let bound = sol.bound.expect("column generation's bound");
        // 3225 is the best known value (and proven optimal by this engine, docs/benchmarks.md).
        assert!(bound <= sol.objective as f64 + 1e-6 && bound <= 3225.0 + 1e-6, "bound {bound} above the roster {} or the optimum 3225", sol.objective);
        assert!(bound >= 3000.0, "bound {bound}: column generation did not converge");
    }

    /// A bound is raised to the whole number it proves, but not past a solver's tolerance:
    /// Instance 3 once reported "1002" for its proven optimum 1001 (HiGHS's dual bound a hair
    /// above it, raised by `ceil`).
    #[test]
    fn a_bound_is_rounded_to_the_whole_number_it_proves() {
        assert_eq!(round_bound(1001.0 + 1e-7), 1001.0);
        assert_eq!(round_bound(1001.0 + 2e-3), 1002.0);
        assert_eq!(round_bound(1000.4), 1001.0);
        assert_eq!(round_bound(1001.0), 1001.0);
        let zero = round_bound(-1e-9);
        assert!(zero == 0.0 && zero.is_sign_positive(), "{zero}");
    }

    #[test]
    fn the_whole_model_runs_beside_the_search_and_bounds_it() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance8.txt")).unwrap();
        let sol = solve_verified_with(&inst, &Options { time_limit_s: 8.0, pricing: Some(false), ..Default::default() }, "Instance8");
        assert!(sol.neighbourhoods.0 > 0, "the neighbourhood search ran");
        let bound = sol.bound.expect("the whole model's dual bound");
        assert!(bound <= sol.objective as f64 + 1e-6 && bound <= 1300.0 + 1e-6, "bound {bound} above the roster {} or the proven optimum 1300", sol.objective);
    }

    /// A roster handed to a running whole-model solve (and every warm start) is its column
    /// values: HiGHS must take them as a feasible solution. With no objective, HiGHS keeps a
    /// feasible start as it is, so it comes back unchanged only when it was feasible. (Tiny
    /// models are left out: presolve solves them outright and never looks at a start.)
    #[test]
    fn a_rosters_column_values_are_a_feasible_point_of_the_model() {
        for name in ["Instance2", "Instance5", "Instance8"] {
            let text = std::fs::read_to_string(format!("{}/benches/curtois-qu/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
            let inst = parse(&text).unwrap();
            let roster = solve_verified_with(&inst, &Options { time_limit_s: 3.0, full_model_max_vars: 0, pricing: Some(false), ..Default::default() }, name).roster;
            let t = Tables::new(&inst);
            let everyone = Hood { workers: (0..inst.employees.len()).collect(), from: 0, to: inst.days };
            let sub = Sub { feasible_only: true, ..Sub::new(10.0, 0.0, 1, true) };
            let out = solve_hood(&inst, &t, &roster, &everyone, sub, Control::default(), Instant::now()).unwrap();
            assert_eq!(out.roster.as_ref(), Some(&roster), "{name}: HiGHS did not keep the roster's column values as a start");
            // Handed over while HiGHS runs (no repair of the continuous columns there): the
            // shared incumbent is offered right after HiGHS's setup.
            let shared: Shared = std::sync::Mutex::new(Incumbent { roster: Some(roster.clone()), value: score(&inst, &t, &roster), version: 1, ..Incumbent::empty() });
            let sub = Sub { feasible_only: true, share: Some(&shared), ..Sub::new(10.0, 0.0, 1, false) };
            let empty = vec![vec![None; inst.days]; inst.employees.len()];
            let out = solve_hood(&inst, &t, &empty, &everyone, sub, Control::default(), Instant::now()).unwrap();
            assert_eq!(out.roster.as_ref(), Some(&roster), "{name}: HiGHS did not take the offered roster");
        }
    }

    #[test]
    fn a_targeted_neighbourhood_frees_workers_who_could_mend_a_costly_cover_cell() {
        let inst = parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/curtois-qu/Instance8.txt")).unwrap()).unwrap();
        let t = Tables::new(&inst);
        let (ne, h) = (inst.employees.len(), inst.days);
        // Nobody works: every cell with a requirement is short, and no other cell costs.
        let off: Roster = vec![vec![None; h]; ne];
        let mut rng = Rng(7);
        for _ in 0..50 {
            let row = costly_row(&t, &off, &mut rng).expect("short cells cost");
            assert!(t.rows[row].0 > 0 && t.rows[row].1 > 0, "row {row} costs nothing");
            let cell = t.row_cells[row][0];
            let (d, s) = (cell / t.s, cell % t.s);
            let hood = targeted_hood(&inst, &t, &off, row, 5, 6, &mut rng);
            assert!(hood.from <= d && d < hood.to && hood.to - hood.from == 5 && hood.to <= h, "window {}..{} misses day {d}", hood.from, hood.to);
            assert_eq!(hood.workers.len(), 6);
            assert!(hood.workers.windows(2).all(|p| p[0] < p[1]), "workers sorted and distinct");
            let menders = hood.workers.iter().filter(|&&e| t.allowed(&inst, e, d, s)).count();
            assert!(menders >= 3, "only {menders} of the six may work shift {s} on day {d}");
        }
        // One cover cell (day 0, one worker, under 100, over 1): met exactly it costs nothing;
        // short or over, it is the one costly row.
        let one = Instance {
            days: 2,
            shifts: vec![ShiftType { id: "D".into(), minutes: 480, forbidden_next: vec![] }],
            employees: (0..2).map(|e| Employee { id: format!("E{e}"), max_shifts: vec![2], max_minutes: 960, max_consecutive: 2, ..Default::default() }).collect(),
            cover: vec![Cover { day: 0, shift: 0, requirement: 1, under: 100, over: 1 }],
            ..Default::default()
        };
        let t = Tables::new(&one);
        let (met, short, over) = (vec![vec![Some(0), None], vec![None, Some(0)]], vec![vec![None, Some(0)], vec![None, None]], vec![vec![Some(0), None], vec![Some(0), None]]);
        assert_eq!(costly_row(&t, &met, &mut rng), None);
        assert_eq!(costly_row(&t, &short, &mut rng), Some(0));
        assert_eq!(costly_row(&t, &over, &mut rng), Some(0));
    }

    /// Column generation in place of the whole model (forced here; on two-week horizons the
    /// engine runs the whole model): its bound proves the published optimum of Instance 2.
    #[test]
    fn column_generation_beside_the_search_proves_the_optimum_of_instance_2() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance2.txt")).unwrap();
        let sol = solve_verified_with(&inst, &Options { time_limit_s: 20.0, pricing: Some(true), ..Default::default() }, "Instance2");
        assert_eq!(sol.bound, Some(828.0), "column generation's bound");
        assert_eq!(sol.objective, 828);
        assert!(sol.optimal);
    }

    #[test]
    fn reaches_the_proven_optimum_of_instance_1() {
        let inst = parse(include_str!("../benches/curtois-qu/Instance1.txt")).unwrap();
        let sol = solve_verified(&inst, 20.0, "Instance1");
        assert_eq!(sol.objective, 607);
        assert!(sol.optimal);
    }
}
