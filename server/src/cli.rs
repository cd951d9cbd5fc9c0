//! The `wsm` command line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::Context;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::store::model::{NewUser, Role};

/// WSM Ops: the operations system for supported-housing communities (WSM).
#[derive(Debug, Parser)]
#[command(name = "wsm", version, about)]
pub struct Cli {
    /// Configuration file (default: ./wsm.toml if present; also WSM_CONFIG).
    #[arg(long, global = true, env = "WSM_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum Command {
    /// Migrate the database and serve the app.
    Serve {
        /// Address to listen on (default 127.0.0.1:3000).
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Load the demo facility (skipped if it is already there).
    Demo {
        #[command(flatten)]
        db: DbArg,
    },
    /// Solve a rota problem file (shared/spec/rota-problem.md) into a rota file.
    Solve {
        /// The problem (JSON).
        problem: PathBuf,
        /// Where to write the rota (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Time limit in seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// A previous rota (e.g. the published one): changed cells are minimised and listed,
        /// with the workers to call.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// With --previous: the first day the problem changed (sick leave, new 1:1); only the
        /// days around the change are re-planned unless the whole month must be.
        #[arg(long, requires_all = ["previous", "changed_to"])]
        changed_from: Option<chrono::NaiveDate>,
        /// With --previous: the last day the problem changed.
        #[arg(long, requires_all = ["previous", "changed_from"])]
        changed_to: Option<chrono::NaiveDate>,
    },
    /// Check a rota against its problem; exit 1 with the violations when a rule is broken.
    Check {
        /// The problem (JSON).
        problem: PathBuf,
        /// The rota (JSON).
        rota: PathBuf,
    },
    /// Solve the generated WSM benchmark problems and print the figures.
    Bench {
        /// Time limit per problem, seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Only cases whose name contains this.
        #[arg(long)]
        only: Option<String>,
        /// The solve path: `production` (what the server runs, `wsm_core::solve_with`: the
        /// rostering core, stopping within 1 % of its floor; repairs by the core, the MIP's
        /// repair of each sick call printed beside), `core` (the rostering core alone for the
        /// whole time limit, the engine the Curtois–Qu benchmark measures) or `mip` (the MIP
        /// alone, the production path until 2026-12-04, kept as the reference).
        #[arg(long, default_value = "production", value_parser = ["production", "core", "mip"])]
        engine: String,
        /// Instead of the solver: time the server render of a carer's "my shifts" page.
        #[arg(long)]
        web: bool,
        /// With --web: how many requests to time.
        #[arg(long, default_value_t = 300)]
        requests: usize,
        /// A public benchmark instead of the generated WSM problems.
        #[command(subcommand)]
        suite: Option<BenchSuite>,
    },
    /// Print cost and funding figures with their formulas (domain.md §5, §6), from the
    /// built-in reference tables (the ones the migrations seed) and the flags given.
    Cost {
        #[command(subcommand)]
        command: CostCommand,
    },
    /// Run a scheduled job once now (it is skipped when this run was already done).
    Job {
        /// monthly_statements, reviews_due, expiries, supervision_missing, rota_unpublished.
        name: String,
        /// The day to run it for (default: today in Europe/Warsaw).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

/// Cost subcommands.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum CostCommand {
    /// State-funded support cost of one resident for a month.
    Support {
        /// Month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// I (day programme, index 3.0) or II (24/7 care, index 3.6).
        #[arg(long)]
        variant: String,
        /// First day of stay in the month (default: the 1st).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day of stay in the month (default: the last).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Declared reduction of the additional-staff cost, % (0–25).
        #[arg(long, default_value = "0")]
        reduction: rust_decimal::Decimal,
        /// Accident insurance rate, % (the other contributions as in 2021: 20.31 %).
        #[arg(long, default_value = "1.67")]
        accident: rust_decimal::Decimal,
    },
    /// Funding of unused places: 25 % of the 24/7 amount per unused place-day.
    Unused {
        /// Month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// Unused place-days in the month.
        #[arg(long)]
        place_days: u32,
        /// Declared reduction, %.
        #[arg(long, default_value = "0")]
        reduction: rust_decimal::Decimal,
        /// Accident insurance rate, %.
        #[arg(long, default_value = "1.67")]
        accident: rust_decimal::Decimal,
    },
    /// Maintenance split between the resident (70 % of income, capped) and the municipality.
    Maintenance {
        /// Month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// County DPS reference cost, zł a month.
        #[arg(long)]
        reference_cost: String,
        /// Resident's monthly income, zł.
        #[arg(long)]
        income: String,
        /// Days of stay (default: the whole month).
        #[arg(long)]
        days: Option<u32>,
    },
    /// Protected-housing fee by income against the criterion (default fee table).
    Fee {
        /// Month, YYYY-MM (picks the criterion in force).
        #[arg(long)]
        month: String,
        /// Monthly income (single person, or per person in the family), zł.
        #[arg(long)]
        income: String,
        /// The flat's monthly cost per person, zł.
        #[arg(long)]
        monthly_cost: String,
        /// A family (per-person criterion) rather than a single person.
        #[arg(long)]
        family: bool,
        /// Days of stay (default: the whole month).
        #[arg(long)]
        days: Option<u32>,
    },
}

/// The database flag.
#[derive(Debug, Args)]
pub struct DbArg {
    /// Database URL: sqlite://FILE or postgres://… (default: SQLite file in the data directory).
    #[arg(long)]
    pub database: Option<String>,
}

/// Account subcommands.
#[derive(Debug, Subcommand)]
#[allow(missing_docs)]
pub enum UserCommand {
    /// Create an account.
    Add {
        /// admin, manager, staff or funder.
        #[arg(long)]
        role: String,
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Staff record (staff accounts).
        #[arg(long)]
        staff_id: Option<i64>,
        /// Facility a manager manages / a funder funds (repeatable).
        #[arg(long = "facility")]
        facilities: Vec<i64>,
        #[command(flatten)]
        db: DbArg,
    },
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    // The scheduler crate logs every job it creates at info; its warnings are enough.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(format!("{},tokio_cron_scheduler=warn", config.log.level)));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if config.log.format == "json" { builder.json().try_init() } else { builder.try_init() };
}

async fn open(config: &Config) -> anyhow::Result<std::sync::Arc<dyn crate::store::Store>> {
    let url = config.database_url();
    if url.starts_with("sqlite:") && config.database.url.is_empty() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let store = crate::store::open(&url, config.database.max_connections).await?;
    store.migrate().await?;
    tracing::info!(backend = store.backend(), url = %crate::config::redact(&url), "database ready");
    Ok(store)
}

/// Public benchmarks `wsm bench` can run.
#[derive(Debug, Subcommand)]
pub enum BenchSuite {
    /// The Curtois–Qu shift-scheduling benchmark (Instances 1–24): solve each instance file
    /// with the rostering engine, re-score the roster with the independent evaluator, print a
    /// table against the best known results.
    CurtoisQu {
        /// Instance files (e.g. solver/benches/curtois-qu/Instance7.txt).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Time limit per instance, seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Write the results (objective, bound, millis, roster) as JSON here.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Seed of the neighbourhood search.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seconds of local search (small moves) before each neighbourhood solve; 0 turns it
        /// off (to measure what it adds).
        #[arg(long)]
        local_search: Option<f64>,
        /// Beside the search on the smaller instances: `whole` runs the whole model on HiGHS,
        /// `pricing` column generation and the integer master (default: the engine's).
        #[arg(long, value_parser = ["whole", "pricing"])]
        exact: Option<String>,
    },
}

/// Runs the command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    let db = match &cli.command {
        Command::Serve { db, .. } | Command::Migrate { db } | Command::Demo { db } | Command::Job { db, .. } => db,
        Command::User { command: UserCommand::Add { db, .. } } => db,
        Command::Solve { problem, output, time_limit, previous, changed_from, changed_to } => {
            let window = changed_from.zip(*changed_to).map(|(from, to)| wsm_solver::mip::Disruption { from, to });
            return solve_file(problem, output.as_deref(), *time_limit, previous.as_deref(), window);
        }
        Command::Check { problem, rota } => return check_files(problem, rota),
        Command::Bench { suite: Some(BenchSuite::CurtoisQu { paths, time_limit, output, seed, local_search, exact }), .. } => {
            let defaults = wsm_solver::engine::Options::default();
            let pricing = exact.as_deref().map(|e| e == "pricing");
            let options = wsm_solver::engine::Options { time_limit_s: *time_limit, seed: *seed, local_search_s: local_search.unwrap_or(defaults.local_search_s), pricing, ..defaults };
            return bench_cq(paths, &options, output.as_deref());
        }
        Command::Bench { web: true, requests, .. } => return crate::webbench::run(*requests).await,
        Command::Bench { time_limit, only, engine, .. } => return bench(*time_limit, only.as_deref(), engine),
        Command::Cost { command } => return cost(command),
    };
    if let Some(url) = &db.database {
        config.database.url = url.clone();
    }
    if let Command::Serve { bind: Some(b), .. } = &cli.command {
        config.server.bind = b.clone();
    }
    init_logging(&config);
    match cli.command {
        Command::Serve { .. } => {
            let store = open(&config).await?;
            let listener = tokio::net::TcpListener::bind(&config.server.bind).await?;
            tracing::info!(address = %listener.local_addr()?, "listening");
            if config.log.format != "json" {
                // For people and scripts; JSON log shippers get only JSON lines.
                println!("WSM Ops listening on http://{}", listener.local_addr()?);
            }
            let state = crate::state(store, config);
            // Scheduled jobs run in every instance; each run is claimed in the database first.
            let instance = format!("{}:{}", std::env::var("HOSTNAME").unwrap_or_else(|_| "wsm".into()), std::process::id());
            let mut scheduler = crate::jobs::start(state.clone(), instance).await?;
            let served = crate::serve(listener, state, shutdown_signal()).await;
            let _ = scheduler.shutdown().await;
            served
        }
        Command::Migrate { .. } => {
            open(&config).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { .. } => {
            let store = open(&config).await?;
            crate::demo::load(store.as_ref()).await
        }
        Command::Job { name, date, .. } => {
            anyhow::ensure!(crate::jobs::JOBS.iter().any(|(n, _)| *n == name), "no job '{name}': one of {}", crate::jobs::JOBS.iter().map(|j| j.0).collect::<Vec<_>>().join(", "));
            let store = open(&config).await?;
            let state = crate::state(store, config);
            let day = date.unwrap_or_else(|| state.today());
            match crate::jobs::run(&state, &name, day, &format!("cli:{}", std::process::id())).await {
                None => println!("{name} for {}: already done", crate::jobs::run_key(&name, day)),
                Some(Ok(detail)) => println!("{name} for {}: {detail}", crate::jobs::run_key(&name, day)),
                Some(Err(e)) => anyhow::bail!("{name} for {} failed: {e}", crate::jobs::run_key(&name, day)),
            }
            Ok(())
        }
        Command::Solve { .. } | Command::Check { .. } | Command::Bench { .. } | Command::Cost { .. } => unreachable!("handled before the configuration is read"),
        Command::User { command: UserCommand::Add { role, email, password_stdin, staff_id, facilities, .. } } => {
            let role = Role::from_code(&role).ok_or_else(|| anyhow::anyhow!("--role must be admin, manager, staff or funder"))?;
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                std::env::var("WSM_PASSWORD").map_err(|_| anyhow::anyhow!("give the password on standard input with --password-stdin (or in WSM_PASSWORD)"))?
            };
            let new = NewUser { email, password, role, staff_id, facility_ids: facilities };
            crate::http::people::validate_new_user(&new).map_err(|e| anyhow::anyhow!("{e}: {}", error_field(&e)))?;
            let store = open(&config).await?;
            let hash = crate::auth::hash_password(&new.password)?;
            let user = store.create_user(&new, &hash).await?;
            println!("created {} account {} (id {})", user.role.code(), user.email, user.id);
            Ok(())
        }
    }
}

fn error_field(e: &crate::http::error::AppError) -> String {
    match e {
        crate::http::error::AppError::Invalid(r) => r.field.clone(),
        _ => String::new(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

fn read_problem(path: &std::path::Path) -> anyhow::Result<wsm_solver::problem::Problem> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    wsm_solver::problem::Problem::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn solve_file(problem: &std::path::Path, output: Option<&std::path::Path>, time_limit: f64, previous: Option<&std::path::Path>, window: Option<wsm_solver::mip::Disruption>) -> anyhow::Result<()> {
    let p = read_problem(problem)?;
    let previous: Option<wsm_solver::rota::Rota> = match previous {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Some(serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let options = wsm_solver::mip::Options { time_limit_s: time_limit, previous: previous.clone(), ..Default::default() };
    let rota = match (&previous, window) {
        (Some(prev), Some(d)) => wsm_solver::wsm_core::repair(&p, prev, &d, &options, Default::default()),
        _ => wsm_solver::wsm_core::solve_with(&p, &options, Default::default()),
    };
    let json = serde_json::to_string_pretty(&rota)?;
    match output {
        Some(path) => std::fs::write(path, json)?,
        None => println!("{json}"),
    }
    eprintln!("status {:?}: {} assignments, {} uncovered staff-minutes, {} ms", rota.status, rota.assignments.len(), rota.objective.uncovered_staff_minutes, rota.solve.millis);
    for i in &rota.issues {
        eprintln!("invalid\t{}\t{}", i.path, i.message);
    }
    for d in &rota.diagnosis {
        eprintln!("short\t{}", d.message);
    }
    if previous.is_some() {
        let cell = |c: &Option<wsm_solver::rota::Cell>| c.as_ref().map_or("off".to_string(), |c| format!("{} {}", c.shift, c.unit));
        for c in &rota.changes {
            eprintln!("changed\t{}\t{}\t{} -> {}", c.date, c.staff, cell(&c.before), cell(&c.after));
        }
        for c in &rota.attendance_changes {
            let (before, after) = if c.attends { ("off", "supervision") } else { ("supervision", "off") };
            eprintln!("changed\t{}\t{}\t{before} -> {after} (session {})", c.date, c.staff, c.session);
        }
        eprintln!("call\t{}", if rota.call.is_empty() { "nobody".to_string() } else { rota.call.join(", ") });
    }
    Ok(())
}

fn check_files(problem: &std::path::Path, rota: &std::path::Path) -> anyhow::Result<()> {
    let p = read_problem(problem)?;
    let text = std::fs::read_to_string(rota).map_err(|e| anyhow::anyhow!("{}: {e}", rota.display()))?;
    let r: wsm_solver::rota::Rota = serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", rota.display()))?;
    let report = wsm_solver::check::check(&p, &r);
    for v in &report.violations {
        println!("{}\t{}\t{}\t{}", v.rule, v.staff.as_deref().unwrap_or("-"), v.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()), v.message);
    }
    for s in &report.shortfalls {
        println!("gap\t{}\t{} – {}\tneeded {}, planned {}", s.unit, s.from, s.to, s.needed, s.planned);
    }
    if report.passes() {
        println!("ok: every rule holds ({} gaps reported)", report.shortfalls.len());
        Ok(())
    } else {
        println!("{} violation(s)", report.violations.len());
        std::process::exit(1)
    }
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `wsm bench curtois-qu`: each instance solved, re-scored by the evaluator, compared with
/// the best known value.
fn bench_cq(paths: &[PathBuf], options: &wsm_solver::engine::Options, output: Option<&Path>) -> anyhow::Result<()> {
    use wsm_solver::{cq, engine};
    println!(
        "Curtois–Qu benchmark: time limit {} s per instance, seed {}, HiGHS on 2 threads, local search {} s before each neighbourhood, {} beside the search where it fits.",
        options.time_limit_s,
        options.seed,
        options.local_search_s,
        match options.pricing {
            None => "column generation where >= 300 shift variables and every worker fits its dynamic programme, else the whole model on <= 28 days",
            Some(true) => "column generation",
            Some(false) => "the whole model",
        }
    );
    println!("{:<12} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>10}", "instance", "objective", "bound", "best", "gap%", "first.s", "secs", "evaluator");
    let mut results = Vec::new();
    let mut failed = 0;
    for path in paths {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let inst = cq::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let best = cq::best_known(&name);
        let fmt_best = best.map_or("?".to_string(), |b| b.to_string());
        match engine::solve(&inst, options, Default::default()) {
            Ok(sol) => {
                let ev = cq::evaluate(&inst, &sol.roster);
                let verdict = if !ev.feasible() {
                    failed += 1;
                    format!("FAIL: {}", ev.violations.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; "))
                } else if ev.objective != sol.objective {
                    failed += 1;
                    format!("FAIL: evaluator scores {}", ev.objective)
                } else {
                    "pass".to_string()
                };
                let gap = best.map_or("?".to_string(), |b| format!("{:.2}", (ev.objective as f64 - b as f64) / b as f64 * 100.0));
                println!(
                    "{:<12} {:>9} {:>9} {:>9} {:>8} {:>8.1} {:>8.1} {:>10}",
                    name,
                    ev.objective,
                    sol.bound.map_or("—".to_string(), |b| format!("{:.0}", b.ceil())),
                    fmt_best,
                    gap,
                    sol.first_feasible_millis as f64 / 1000.0,
                    sol.millis as f64 / 1000.0,
                    verdict
                );
                results.push(serde_json::json!({
                    "instance": name, "objective": ev.objective, "bound": sol.bound.map(|b| b.ceil()), "millis": sol.millis,
                    "first_feasible_millis": sol.first_feasible_millis, "best_known": best, "optimal": sol.optimal,
                    "evaluator": verdict, "neighbourhoods": sol.neighbourhoods.0, "improving_neighbourhoods": sol.neighbourhoods.1,
                    "roster": inst.roster_to_json(&sol.roster),
                }));
            }
            Err(e) => {
                failed += 1;
                println!("{:<12} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>10}", name, "—", "—", fmt_best, "—", "—", "—", format!("none: {e}"));
                results.push(serde_json::json!({"instance": name, "objective": null, "bound": null, "best_known": best, "error": e}));
            }
        }
        if let Some(out) = output {
            std::fs::write(out, serde_json::to_string_pretty(&results)?).with_context(|| format!("writing {}", out.display()))?;
        }
    }
    println!("peak memory of the whole run: {:.0} MiB", peak_memory_mib().unwrap_or(f64::NAN));
    if failed > 0 {
        anyhow::bail!("{failed} instance(s) without a verified roster");
    }
    Ok(())
}

fn bench(time_limit: f64, only: Option<&str>, engine: &str) -> anyhow::Result<()> {
    use wsm_solver::mip::{repair, solve, Options};
    let secs = |ms: Option<u64>| ms.map_or("never".to_string(), |m| format!("{:.2}", m as f64 / 1000.0));
    let core = engine == "core";
    let path = match engine {
        "core" => "the rostering core alone (wsm_core::solve)",
        "mip" => "the MIP alone (mip::solve)",
        _ => "the production path (wsm_core::solve_with: the core; the greedy construction when the engine ends without a roster)",
    };
    println!("Solver benchmark on generated WSM problems by {path}: time limit {time_limit} s per problem, 2 threads.");
    println!(
        "{:<20} {:>8} {:>9} {:>8} {:>7} {:>8} {:>8} {:>6} {:>6} {:>6} {:>7} {:>8} {:>8}",
        "problem", "status", "covered.s", "final.s", "gap%", "uncov.m", "hrs.dev", "req", "fair", "cont", "1:1un.m", "checker", "peakMiB"
    );
    let mut repairs = Vec::new();
    for case in wsm_solver::bench::cases() {
        if only.is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        let rota = if core {
            let options = wsm_solver::engine::Options { time_limit_s: time_limit, ..Default::default() };
            match wsm_solver::wsm_core::solve(&case.problem, &options) {
                Ok(rota) => rota,
                Err(e) => {
                    println!("{:<20} no rota: {e}", case.name);
                    continue;
                }
            }
        } else if engine == "mip" {
            solve(&case.problem, Options { time_limit_s: time_limit, ..Default::default() })
        } else {
            wsm_solver::wsm_core::solve_with(&case.problem, &Options { time_limit_s: time_limit, ..Default::default() }, Default::default())
        };
        let report = wsm_solver::check::check(&case.problem, &rota);
        println!(
            "{:<20} {:>8} {:>9} {:>8.2} {:>7} {:>8} {:>8.1} {:>6} {:>6.1} {:>6} {:>7} {:>8} {:>8.0}",
            case.name,
            format!("{:?}", rota.status).to_lowercase(),
            // The core alone does not record when cover was first complete.
            if core { "?".to_string() } else { secs(rota.solve.first_covered_millis) },
            rota.solve.millis as f64 / 1000.0,
            rota.solve.gap.map_or("?".to_string(), |g| format!("{:.2}", g * 100.0)),
            rota.objective.uncovered_staff_minutes,
            rota.objective.hours_deviation,
            rota.objective.requests_broken,
            rota.objective.fairness,
            rota.objective.continuity,
            rota.objective.one_to_one_unnamed_minutes,
            if report.passes() { "pass" } else { "FAIL" },
            peak_memory_mib().unwrap_or(f64::NAN)
        );
        for d in &rota.diagnosis {
            println!("    {}", d.message);
        }
        if !core && case.name == "two-units-40-staff" && rota.status != wsm_solver::rota::Status::Invalid {
            repairs.push((case.problem.clone(), rota));
        }
    }
    for (problem, published) in repairs {
        // Sick calls (bench::sick_calls: five workers in turn ill on days 10–12), one repair
        // each from the same published rota; the slowest counts against the target.
        let mut slowest = 0.0f64;
        let mut calls = 0;
        for (sick, changed, disruption) in wsm_solver::bench::sick_calls(&problem, &published) {
            let (from, to) = (disruption.from, disruption.to);
            calls += 1;
            let options = Options { time_limit_s: time_limit, ..Default::default() };
            // Production repairs by the core (`--engine mip`: by the MIP); the MIP's repair of
            // the same call beside it, for comparison.
            let production = if engine == "mip" { repair } else { wsm_solver::wsm_core::repair };
            let mut by = vec![("", production(&changed, &published, &disruption, &options, Default::default()))];
            if engine != "mip" {
                by.push((" by the MIP (beside, for comparison)", repair(&changed, &published, &disruption, &options, Default::default())));
            }
            for (i, (label, rota)) in by.iter().enumerate() {
                let report = wsm_solver::check::check(&changed, rota);
                println!(
                    "sick-call repair (two-units-40-staff, {sick} ill {from} – {to}){label}: {:.2} s (first covered {}), status {}, {} cells changed, call: {}, phases: {}, checker {}",
                    rota.solve.millis as f64 / 1000.0,
                    secs(rota.solve.first_covered_millis),
                    format!("{:?}", rota.status).to_lowercase(),
                    rota.changes.len(),
                    if rota.call.is_empty() { "nobody".to_string() } else { rota.call.join(", ") },
                    rota.solve.phases.join(" → "),
                    if report.passes() { "pass" } else { "FAIL" }
                );
                if i == 0 {
                    slowest = slowest.max(rota.solve.millis as f64 / 1000.0);
                }
            }
        }
        println!("sick-call repair: slowest {slowest:.2} s of {calls}");
    }
    println!("peak memory of the whole run: {:.0} MiB", peak_memory_mib().unwrap_or(f64::NAN));
    Ok(())
}

fn month_arg(m: &str) -> anyhow::Result<wsm_solver::cost::Month> {
    wsm_solver::cost::Month::parse(m).ok_or_else(|| anyhow::anyhow!("--month: '{m}' is not a month as YYYY-MM"))
}

fn amount_arg(flag: &str, v: &str) -> anyhow::Result<wsm_solver::cost::Amount> {
    let a: wsm_solver::cost::Amount = v.replace(',', ".").replace(' ', "").parse().map_err(|e| anyhow::anyhow!("--{flag}: {e}"))?;
    anyhow::ensure!(a.grosze() >= 0, "--{flag}: must not be negative");
    Ok(a)
}

fn rates_with(accident: rust_decimal::Decimal) -> anyhow::Result<wsm_solver::cost::EmployerRates> {
    let rates = wsm_solver::cost::EmployerRates { accident, ..wsm_solver::cost::EmployerRates::default_2021() };
    rates.validate().map_err(|(f, m)| anyhow::anyhow!("--{f}: {m}"))?;
    Ok(rates)
}

fn cost(command: &CostCommand) -> anyhow::Result<()> {
    use wsm_solver::cost::*;
    let wages = minimum_wages();
    match command {
        CostCommand::Support { month, variant, from, to, reduction, accident } => {
            let m = month_arg(month)?;
            let variant: Variant = variant.parse().map_err(|e: String| anyhow::anyhow!("--variant: {e}"))?;
            let rates = rates_with(*accident)?;
            let from = from.unwrap_or(m.first);
            let to = to.unwrap_or(m.last());
            anyhow::ensure!(from <= to, "--to: must not be before --from");
            let days = m.days_within(from, Some(to));
            let p = SupportParams { wages: &wages, rates: &rates, reduction: *reduction };
            let s = support(m, variant, &days, &p).map_err(|e| anyhow::anyhow!(e))?;
            println!("Support cost, {}, variant {:?} (index {}), {} of {} days", m.label(), variant, variant.index(), s.days, s.month_days);
            println!("employer rate: {} % ({} + {} + {} + {} + {} + {})", rates.total(), rates.pension, rates.disability, rates.accident, rates.labour_fund, rates.fgsp, rates.ppk);
            for part in &s.parts {
                println!("minimum wage {} for {} d: 180 % at employer's cost = 1.8 × {} × {} = {}; coordination base = 0.64 × {} × {} = {}", part.minimum_wage.pl(), part.days, part.minimum_wage, rates.factor(), part.employer_cost_180.pl(), part.minimum_wage, rates.factor(), part.coordination_base.pl());
            }
            println!("formula: {}", s.formula);
            println!("additional staff  {:>16}", s.staff.pl());
            println!("coordination      {:>16}", s.coordination.pl());
            println!("support total     {:>16}", s.total.pl());
        }
        CostCommand::Unused { month, place_days, reduction, accident } => {
            let m = month_arg(month)?;
            let rates = rates_with(*accident)?;
            let p = SupportParams { wages: &wages, rates: &rates, reduction: *reduction };
            let full = support(m, Variant::II, &m.dates().collect::<Vec<_>>(), &p).map_err(|e| anyhow::anyhow!(e))?;
            let a = unused_places(m, *place_days, &p).map_err(|e| anyhow::anyhow!(e))?;
            println!("Unused places, {}: 25 % × {} (24/7 amount of a place) × {} place-days / {} d = {}", m.label(), full.total, place_days, m.days, a.pl());
        }
        CostCommand::Maintenance { month, reference_cost, income, days } => {
            let m = month_arg(month)?;
            let d = days.unwrap_or(m.days);
            anyhow::ensure!(d <= m.days, "--days: at most {} in {}", m.days, m.label());
            let x = maintenance(amount_arg("reference-cost", reference_cost)?, amount_arg("income", income)?, d, m.days);
            println!("Maintenance, {}: {}", m.label(), x.formula);
            println!("resident          {:>16}", x.resident.pl());
            println!("municipality      {:>16}", x.municipality.pl());
            println!("cost              {:>16}", x.cost.pl());
        }
        CostCommand::Fee { month, income, monthly_cost, family, days } => {
            let m = month_arg(month)?;
            let d = days.unwrap_or(m.days);
            anyhow::ensure!(d <= m.days, "--days: at most {} in {}", m.days, m.label());
            let c = criterion_on(&income_criteria(), m.first).ok_or_else(|| anyhow::anyhow!("--month: no income criterion is recorded for {}", m.label()))?;
            let criterion = if *family { c.family } else { c.single };
            let f = protected_housing_fee(amount_arg("income", income)?, criterion, &default_fee_bands(), amount_arg("monthly-cost", monthly_cost)?, d, m.days).map_err(|e| anyhow::anyhow!(e))?;
            println!("Protected-housing fee, {} ({} criterion {} from {}): {}", m.label(), if *family { "per person in a family" } else { "single person" }, criterion.pl(), c.from, f.formula);
            println!("fee               {:>16}", f.fee.pl());
        }
    }
    Ok(())
}
