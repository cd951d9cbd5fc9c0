//! The rota engine of WSM Ops, pure: no IO, no async, no database.
//!
//! - [`problem`]: the problem file (`shared/spec/rota-problem.md`), parsed and validated with
//!   errors that name the JSON path;
//! - [`calendar`]: Polish public holidays, the working-time norm, real elapsed time across
//!   daylight-saving changes in Europe/Warsaw;
//! - [`demand`]: how many staff each housing unit needs in each slot;
//! - [`check`]: the independent checker, which recomputes every rule from the problem alone;
//! - [`mip`]: the rota as a MIP on HiGHS, with live progress, cancellation and repair (repairs
//!   and the months the core cannot state are still solved here);
//! - [`diagnose`]: short-staffing summed up in words a manager acts on;
//! - [`engine`]: the general rostering core (days × shift types, per-worker limits, requests,
//!   weighted cover) with construction, large-neighbourhood search and MIP on HiGHS;
//! - [`cq`]: the Curtois–Qu benchmark's file format and an independent evaluator;
//! - [`wsm_core`]: the WSM month compiled into the engine's core, and the production solve
//!   ([`wsm_core::solve_with`]: the core, with the MIP where the core cannot answer);
//! - [`cost`]: support cost, maintenance split, protected-housing fees and staffing, exact to
//!   the grosz.
//!
//! ```
//! use wsm_solver::calendar::{norm_hours, polish_holidays};
//! use chrono::NaiveDate;
//! // December 2026: 4 weeks (160 h) + Tue–Thu 29–31 (24 h) − 24, 25, 26 Dec (24 h) = 160 h.
//! let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
//! assert_eq!(norm_hours(start, 31, &polish_holidays(2026)), 160);
//! ```
#![deny(missing_docs)]

pub mod bench;
pub mod calendar;
pub mod check;
mod construct;
pub mod cost;
pub mod dedicated;
pub mod cq;
pub mod demand;
pub mod diagnose;
pub mod engine;
mod highs_run;
pub mod mip;
pub mod problem;
pub mod rota;
pub mod wsm_core;
