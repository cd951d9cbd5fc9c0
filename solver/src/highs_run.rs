//! Running a HiGHS model with a callback: live progress on every improving solution, the time
//! of the first rota that meets every cover slot, and cancellation at the solver's next
//! interrupt check. good_lp builds the model; this module only runs it, because good_lp does
//! not expose HiGHS callbacks, the MIP gap or the dual bound.
//!
//! The only `unsafe` code of the solver lives here: registering the callback through the HiGHS
//! C API and reading the data HiGHS hands to it.
#![allow(unsafe_code)]

use std::os::raw::{c_char, c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use highs::HighsModelStatus;
use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut, Highs_setCallback, Highs_setCallbackSolution, Highs_startCallback};
use serde::Serialize;

const IMPROVING_SOLUTION: c_int = 4; // kHighsCallbackMipImprovingSolution
const MIP_INTERRUPT: c_int = 6; // kHighsCallbackMipInterrupt
const MIP_USER_SOLUTION: c_int = 9; // kCallbackMipUserSolution

/// What the search reports while it runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Milliseconds since the solve began (model building included).
    pub millis: u64,
    /// Improving solutions so far.
    pub solutions: u32,
    /// Uncovered staff-minutes of the best rota so far.
    pub uncovered_staff_minutes: Option<i64>,
    /// Objective of the best rota so far.
    pub objective: Option<f64>,
    /// Proven lower bound.
    pub bound: Option<f64>,
    /// Milliseconds until the first fully covered rota, once there is one.
    pub first_covered_millis: Option<u64>,
    /// Which part of the search is running ("solve", "repair window", "repair month").
    pub phase: String,
}

/// Hooks a caller gives the solver: a cancel flag it may set from another thread, and a
/// function called with progress (from the solving thread).
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Set to stop the search; the best rota found so far is returned.
    pub cancel: Option<&'a AtomicBool>,
    /// Called on every improving solution.
    pub progress: Option<&'a (dyn Fn(&Progress) + Sync)>,
}

impl Control<'_> {
    /// Whether the caller asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// How to run one model.
pub(crate) struct Run<'a> {
    pub time_limit_s: f64,
    pub mip_gap: f64,
    /// HiGHS threads.
    pub threads: usize,
    pub initial: Option<Vec<f64>>,
    /// Columns of the shortfall variables and their staff-minutes per unit.
    pub shorts: &'a [(usize, f64)],
    pub began: Instant,
    pub phase: &'a str,
    /// Run HiGHS's presolve. Off where solutions found elsewhere are handed in: presolve's dual
    /// reductions keep one optimal solution, not every feasible one, so a roster handed in may
    /// no longer fit the presolved model.
    pub presolve: bool,
    /// Called with the column values of every improving solution HiGHS finds.
    pub on_improving: Option<&'a (dyn Fn(&[f64]) + Sync)>,
    /// Asked, whenever HiGHS is about to dive, for a better solution found elsewhere (given
    /// HiGHS's best objective so far); the column values it returns become HiGHS's incumbent
    /// when they are feasible.
    pub offer: Option<&'a Offer<'a>>,
    /// Stop once the best solution is within this relative gap of the dual bound measured
    /// on the objective plus a constant (the part of a whole objective this model leaves out,
    /// less its floor): `(gap, constant)`. HiGHS's own `mip_rel_gap` measures the model's
    /// objective alone, which for a window of a month can be near 0 while the whole is not.
    pub within: Option<(f64, f64)>,
    /// The best objective found elsewhere (in this model's terms; `INFINITY` while there is
    /// none), counted by the stops (`within`, `abs_gap`) as if HiGHS held it: a search beside
    /// the model whose roster is already within the gap of HiGHS's dual bound ends the run,
    /// though HiGHS's own best is still far off (HiGHS asks for solutions found elsewhere
    /// only before it dives, not during the root's cut rounds, where a repair's window model
    /// spent its seconds).
    pub elsewhere: Option<&'a (dyn Fn() -> f64 + Sync)>,
    /// Stop once the best solution (or `elsewhere`'s) is within this absolute distance of the
    /// dual bound (HiGHS's `mip_abs_gap`), whatever the relative gap; `None` keeps HiGHS's
    /// default.
    pub abs_gap: Option<f64>,
    /// HiGHS's `mip_pool_soft_limit` (None: its default).
    pub cut_pool: Option<u32>,
}

/// Given HiGHS's best objective so far, the column values of a better solution, if any.
pub(crate) type Offer<'a> = dyn Fn(f64) -> Option<Vec<f64>> + Sync + 'a;

/// What a run produced.
pub(crate) struct Outcome {
    pub values: Option<Vec<f64>>,
    pub status: HighsModelStatus,
    pub gap: Option<f64>,
    pub bound: Option<f64>,
    pub first_covered_millis: Option<u64>,
    pub solutions: u32,
    pub cancelled: bool,
    /// Stopped by `Run::within` or `Run::abs_gap` at the interrupt callback.
    pub within: bool,
}

struct State<'a> {
    run: &'a Run<'a>,
    ctl: Control<'a>,
    first_covered: Option<u64>,
    solutions: u32,
    cancelled: bool,
    within: bool,
}

fn uncovered(shorts: &[(usize, f64)], values: &[f64]) -> Option<i64> {
    let mut total = 0.0;
    for (col, minutes) in shorts {
        total += values.get(*col)? * minutes;
    }
    Some(total.round() as i64)
}

extern "C" fn callback(kind: c_int, _message: *const c_char, out: *const HighsCallbackDataOut, input: *mut HighsCallbackDataIn, user: *mut c_void) {
    // A panic must not cross the C boundary.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `user` is the pointer registered in `run`, to a `State` that outlives the
        // solve; HiGHS calls back only during `try_solve`, on the thread that called it.
        let state = unsafe { &mut *(user as *mut State) };
        // SAFETY: HiGHS passes valid data pointers for the duration of the call.
        let (out, input) = unsafe { (&*out, &mut *input) };
        match kind {
            IMPROVING_SOLUTION => {
                state.solutions += 1;
                let millis = state.run.began.elapsed().as_millis() as u64;
                let size = usize::try_from(out.mip_solution_size).unwrap_or(0);
                let uncovered = if out.mip_solution.is_null() || size == 0 {
                    None
                } else {
                    // SAFETY: HiGHS guarantees `mip_solution` holds `mip_solution_size` values.
                    let values = unsafe { std::slice::from_raw_parts(out.mip_solution, size) };
                    if let Some(f) = state.run.on_improving {
                        f(values);
                    }
                    uncovered(state.run.shorts, values)
                };
                if uncovered == Some(0) && state.first_covered.is_none() {
                    state.first_covered = Some(millis);
                }
                if let Some(report) = state.ctl.progress {
                    report(&Progress {
                        millis,
                        solutions: state.solutions,
                        uncovered_staff_minutes: uncovered,
                        objective: out.mip_primal_bound.is_finite().then_some(out.mip_primal_bound),
                        bound: out.mip_dual_bound.is_finite().then_some(out.mip_dual_bound),
                        first_covered_millis: state.first_covered,
                        phase: state.run.phase.to_string(),
                    });
                }
            }
            MIP_USER_SOLUTION => {
                if let Some(values) = state.run.offer.and_then(|f| f(out.mip_primal_bound)) {
                    // SAFETY: `input` is HiGHS's callback input for this call; HiGHS copies
                    // at most its number of columns from `values`, which lives until return.
                    let status = unsafe { Highs_setCallbackSolution(input, values.len() as _, values.as_ptr()) };
                    // The C++ side copies this struct back after the call: the flag must be
                    // set here too, or the solution is dropped.
                    if status == 0 {
                        input.user_has_solution = 1;
                    }
                }
            }
            MIP_INTERRUPT if state.ctl.cancelled() => {
                state.cancelled = true;
                input.user_interrupt = 1;
            }
            MIP_INTERRUPT => {
                let (primal, dual) = (out.mip_primal_bound, out.mip_dual_bound);
                let primal = state.run.elsewhere.map_or(primal, |f| primal.min(f()));
                let near = primal.is_finite() && dual.is_finite();
                let by_gap = state.run.within.is_some_and(|(gap, constant)| primal - dual <= gap * (primal + constant).max(0.0));
                let by_abs = state.run.abs_gap.is_some_and(|abs| primal - dual <= abs);
                if near && (by_gap || by_abs) {
                    state.within = true;
                    input.user_interrupt = 1;
                }
            }
            _ => {}
        }
    }));
}

/// Solves `model` (built by good_lp) under `run`'s limits, with progress and cancellation.
pub(crate) fn run(model: good_lp::solvers::highs::HighsProblem, run: &Run<'_>, ctl: Control<'_>) -> Result<Outcome, String> {
    let mut model = model.try_into_inner().map_err(|e| e.to_string())?;
    model.make_quiet();
    // A developer's aid: WSM_HIGHS_LOG=DIR writes HiGHS's own log of every model run to a
    // file of its own in DIR (numbered, named by phase; "-shared" for a model that trades
    // solutions with the search). How the repair's window model was seen to spend its
    // seconds in root cut rounds (docs/benchmarks.md).
    if let Some(dir) = std::env::var_os("WSM_HIGHS_LOG") {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUNS.fetch_add(1, Ordering::Relaxed);
        let name = format!("{n:05}-{}{}.log", run.phase.replace(' ', "_"), if run.offer.is_some() { "-shared" } else { "" });
        let path = std::path::Path::new(&dir).join(name);
        model.try_set_option("output_flag", true).map_err(|e| format!("HiGHS option output_flag: {e:?}"))?;
        model.try_set_option("log_to_console", false).map_err(|e| format!("HiGHS option log_to_console: {e:?}"))?;
        model.try_set_option("log_file", path.to_string_lossy().as_ref()).map_err(|e| format!("HiGHS option log_file: {e:?}"))?;
    }
    let options: [(&str, f64); 2] = [("time_limit", run.time_limit_s.max(0.01)), ("mip_rel_gap", run.mip_gap)];
    for (key, value) in options {
        model.try_set_option(key, value).map_err(|e| format!("HiGHS option {key}: {e:?}"))?;
    }
    if let Some(abs) = run.abs_gap {
        model.try_set_option("mip_abs_gap", abs).map_err(|e| format!("HiGHS option mip_abs_gap: {e:?}"))?;
    }
    if let Some(limit) = run.cut_pool {
        model.try_set_option("mip_pool_soft_limit", limit as i32).map_err(|e| format!("HiGHS option mip_pool_soft_limit: {e:?}"))?;
    }
    model.try_set_option("threads", run.threads as i32).map_err(|e| format!("HiGHS option threads: {e:?}"))?;
    if !run.presolve {
        model.try_set_option("presolve", "off").map_err(|e| format!("HiGHS option presolve: {e:?}"))?;
    }
    if let Some(initial) = &run.initial {
        // A start HiGHS finds infeasible is ignored; the search then starts from scratch.
        let _ = model.try_set_solution(Some(initial.as_slice()), None, None, None);
    }
    let mut state = State { run, ctl, first_covered: None, solutions: 0, cancelled: false, within: false };
    let ptr = model.as_mut_ptr();
    // SAFETY: `ptr` is the live HiGHS instance owned by `model`; `state` outlives the solve
    // below, which is the only time HiGHS calls `callback`.
    unsafe {
        Highs_setCallback(ptr, Some(callback), &mut state as *mut State as *mut c_void);
        Highs_startCallback(ptr, IMPROVING_SOLUTION);
        Highs_startCallback(ptr, MIP_INTERRUPT);
        if run.offer.is_some() {
            Highs_startCallback(ptr, MIP_USER_SOLUTION);
        }
    }
    let solved = model.try_solve().map_err(|e| format!("HiGHS failed: {e:?}"))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let values = has_solution.then(|| solved.get_solution().columns().to_vec());
    let gap = solved.double_info_value(c"mip_gap").ok().filter(|g| g.is_finite() && has_solution);
    let bound = solved.double_info_value(c"mip_dual_bound").ok().filter(|b| b.is_finite());
    let mut first_covered = state.first_covered;
    if first_covered.is_none() {
        // A start given by the caller that already covers everything never shows up as an
        // improving solution.
        if let Some(v) = &values {
            if uncovered(run.shorts, v) == Some(0) {
                first_covered = Some(run.began.elapsed().as_millis() as u64);
            }
        }
    }
    Ok(Outcome { values, status, gap, bound, first_covered_millis: first_covered, solutions: state.solutions, cancelled: state.cancelled, within: state.within })
}
