//! `wsm bench --web`: how fast the server renders a carer's "my shifts" page on SQLite for the
//! demo facility (39 staff) with the month's rota solved and published. Each request goes
//! through the whole router (session lookup, store reads, Leptos server rendering), in process,
//! so the figure is the server's time, not the network's.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

use crate::config::Config;
use crate::store::model::{NewRotaVersion, NewUser, Role, StaffRole};

/// Runs the benchmark and prints the figures.
pub async fn run(requests: usize) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("wsm-webbench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}", dir.join("wsm.db").display());
    let store = crate::store::open(&url, 10).await?;
    store.migrate().await?;
    crate::demo::load(store.as_ref()).await?;
    let facility = store.facility_ids().await?[0];
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Warsaw).date_naive();
    let first = chrono::Datelike::with_day(&today, 1).expect("day 1");
    let month = first.format("%Y-%m").to_string();

    // This month's rota, solved and published, as a manager would.
    let f = store.facility(facility).await?;
    let residents = store.residents(facility).await?;
    let staff = store.staff_list(facility, today).await?;
    let built = crate::rota::build_problem(&f, &residents, &staff, &[], first, None);
    let started = Instant::now();
    let rota = wsm_solver::wsm_core::solve_with(&built.problem, &wsm_solver::mip::Options::new().time_limit(10.0), Default::default());
    anyhow::ensure!(rota.status != wsm_solver::rota::Status::Invalid, "the demo month has no rota: {:?}", rota.issues);
    println!("rota for {month}: {:?}, {} shifts, solved in {:.2} s", rota.status, rota.assignments.len(), started.elapsed().as_secs_f64());
    let version = store
        .create_rota_version(&NewRotaVersion {
            facility_id: facility,
            month: month.clone(),
            origin: "solved",
            based_on: None,
            problem: serde_json::to_string(&built.problem)?,
            excluded: serde_json::to_string(&built.excluded)?,
            rota: serde_json::to_string(&rota)?,
            locks: "[]".into(),
            status: "feasible".into(),
            violations: 0,
            note: "web benchmark".into(),
            created_by: 0,
        })
        .await?;
    store.publish_rota(version.id, version.version, 0).await?;

    // A carer with shifts this month, signed in.
    let carer = staff
        .iter()
        .filter(|s| s.role == StaffRole::Carer && s.rosterability.rosterable)
        .find(|s| rota.assignments.iter().any(|a| a.staff == format!("s{}", s.id)))
        .ok_or_else(|| anyhow::anyhow!("no carer has a shift"))?;
    let hash = crate::auth::hash_password("benchmark-password")?;
    let user = store.create_user(&NewUser { email: "bench@wsm.local".into(), password: String::new(), role: Role::Staff, staff_id: Some(carer.id), facility_ids: vec![] }, &hash).await?;
    let token = crate::auth::new_token();
    store.create_session(&crate::auth::token_hash(&token), user.id, chrono::Utc::now() + chrono::Duration::hours(1)).await?;

    let app = crate::app(crate::state(store, Config::default()));
    let cookie = format!("{}={token}", crate::auth::SESSION_COOKIE);
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..requests + 20 {
        let req = Request::get("/moje").header("cookie", &cookie).body(Body::empty())?;
        let t = Instant::now();
        let resp = app.clone().oneshot(req).await?;
        anyhow::ensure!(resp.status().is_success(), "GET /moje answered {}", resp.status());
        let body = axum::body::to_bytes(resp.into_body(), 4 << 20).await?;
        let took = t.elapsed();
        if i >= 20 {
            // The first 20 warm the connection pool and caches; they are not counted.
            times.push(took);
            bytes = body.len();
        }
        anyhow::ensure!(std::str::from_utf8(&body).is_ok_and(|s| s.contains("next-shift")), "the page does not show the next shift");
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("GET /moje (server render, SQLite, {} staff, {} requests): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms, page {} bytes", staff.len(), times.len(), ms(pct(0.50)), ms(pct(0.95)), ms(pct(0.99)), ms(*times.last().expect("timed")), bytes);
    println!("target: p95 ≤ 20 ms — {}", if pct(0.95) <= Duration::from_millis(20) { "met" } else { "NOT met" });
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
