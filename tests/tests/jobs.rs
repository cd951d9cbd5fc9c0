//! Scheduled jobs on SQLite and PostgreSQL: two server instances on one database run a job
//! once; a failing job does not stop the others; every run is logged; what the daily jobs raise
//! reaches the managers of the facility through the API.

use std::sync::Arc;

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::Value;
use wsm_server::jobs::{self, JOBS};
use wsm_server::store::model::Role;
use wsm_tests::{account, client, databases, start};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn two_instances_on_one_database_run_each_job_once() {
    for db in databases().await {
        let k = db.kind;
        wsm_server::demo::load(db.store.as_ref()).await.unwrap();
        // A second instance: its own connection pool to the same database.
        let other = wsm_server::store::open(&db.url, 5).await.unwrap();
        let a = wsm_server::state(db.store.clone(), wsm_server::config::Config::default());
        let b = wsm_server::state(other, wsm_server::config::Config::default());
        let today = d("2026-11-23");
        for (name, _) in JOBS {
            let (x, y) = tokio::join!(jobs::run(&a, name, today, "instance-a"), jobs::run(&b, name, today, "instance-b"));
            assert_eq!(usize::from(x.is_some()) + usize::from(y.is_some()), 1, "{k}: {name} ran once: {x:?} / {y:?}");
            // Later on the same day (or a restart) it is not run again.
            assert!(jobs::run(&b, name, today, "instance-b").await.is_none(), "{k}: {name}");
        }
        let runs = db.store.job_runs(100).await.unwrap();
        assert_eq!(runs.len(), JOBS.len(), "{k}: one logged run per job");
        assert!(runs.iter().all(|r| r.outcome == "ok" && r.finished_at.is_some()), "{k}: {runs:?}");
        let monthly = runs.iter().find(|r| r.job == "monthly_statements").unwrap();
        assert_eq!(monthly.run_key, "2026-10", "{k}: the 1st's job drafts the previous month");
        // The demo's assessments and plans are a month old: 80 days on, every resident's Barthel
        // reassessment (3 months) and plan review fall within 14 days, once per subject.
        let later = chrono::Utc::now().date_naive() + chrono::Duration::days(80);
        let facilities = db.store.facility_ids().await.unwrap();
        let before = db.store.notifications(&facilities, 1000).await.unwrap().len();
        assert!(jobs::run(&a, "reviews_due", later, "instance-a").await.is_some_and(|r| r.is_ok()));
        let all = db.store.notifications(&facilities, 1000).await.unwrap();
        let reviews = all.iter().filter(|n| n.created_on == later && (n.kind == "barthel_review" || n.kind == "plan_review")).count();
        assert_eq!(reviews, 24, "{k}: 12 residents × Barthel and plan");
        assert_eq!(all.len(), before + 24, "{k}");
    }
}

#[tokio::test]
async fn a_failing_job_does_not_stop_the_others_and_managers_see_what_the_jobs_raise() {
    for db in databases().await {
        let k = db.kind;
        let app = start(&db).await;
        let s = app.store.as_ref();
        wsm_server::demo::load(s).await.unwrap();
        let facility = s.facility_ids().await.unwrap()[0];
        let state = wsm_server::state(db.store.clone(), wsm_server::config::Config::default());
        // 1 Feb 2028: no employer contribution rates are recorded for 2028 yet, so drafting
        // January's statements fails; the daily jobs still run.
        let day = d("2028-02-01");
        let mut outcomes = Vec::new();
        for (name, _) in JOBS {
            outcomes.push((*name, jobs::run(&state, name, day, "solo").await.expect("not taken")));
        }
        let monthly = &outcomes.iter().find(|o| o.0 == "monthly_statements").unwrap().1;
        assert!(monthly.as_ref().is_err_and(|e| e.contains("2028")), "{k}: {monthly:?}");
        assert!(outcomes.iter().filter(|o| o.0 != "monthly_statements").all(|o| o.1.is_ok()), "{k}: {outcomes:?}");
        let runs = s.job_runs(100).await.unwrap();
        assert_eq!(runs.iter().filter(|r| r.outcome == "failed").count(), 1, "{k}");

        // On 23 November 2026 (after the 20th) with nothing published for December.
        let today = d("2026-11-23");
        for (name, _) in JOBS {
            jobs::run(&state, name, today, "solo").await.expect("not taken").unwrap_or_else(|e| panic!("{k}: {name}: {e}"));
        }
        account(s, "kier@j.pl", Role::Manager, None, vec![facility]).await;
        account(s, "admin@j.pl", Role::Admin, None, vec![]).await;
        account(s, "urzad@j.pl", Role::Funder, None, vec![facility]).await;
        let m = client(&app, "kier@j.pl").await;
        let r = m.get(format!("{}/api/v1/notifications", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let list: Vec<Value> = r.json().await.unwrap();
        let kinds: Vec<&str> = list.iter().map(|n| n["kind"].as_str().unwrap()).collect();
        for kind in ["rota_unpublished", "vetting_expiry", "supervision_missing", "statement_draft"] {
            assert!(kinds.contains(&kind), "{k}: {kind} in {kinds:?}");
        }
        let rota = list.iter().find(|n| n["kind"] == "rota_unpublished").unwrap();
        assert_eq!(rota["message"], "The rota for 2026-12 is not published yet", "{k}");
        assert_eq!(rota["message_pl"], "Grafik na 2026-12 nie jest jeszcze opublikowany", "{k}");
        // The demo's expired criminal-record certificate is named.
        assert!(list.iter().any(|n| n["kind"] == "vetting_expiry" && n["message"].as_str().unwrap().contains("expired") && n["message_pl"].as_str().unwrap().contains("wygasło")), "{k}");
        // Statements for October were drafted by the monthly job.
        assert!(!s.statements(facility, Some("2026-10")).await.unwrap().is_empty(), "{k}");
        // Runs are visible to the admin; a funder sees no notifications.
        let admin = client(&app, "admin@j.pl").await;
        let runs: Vec<Value> = admin.get(format!("{}/api/v1/job-runs", app.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(runs.len(), 2 * JOBS.len(), "{k}");
        let funder = client(&app, "urzad@j.pl").await;
        assert_eq!(funder.get(format!("{}/api/v1/notifications", app.base)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_scheduler_starts_with_every_job_on_its_europe_warsaw_schedule() {
    let db = wsm_tests::sqlite().await.unwrap();
    let state = wsm_server::state(Arc::clone(&db.store), wsm_server::config::Config::default());
    let mut sched = jobs::start(state, "test".into()).await.expect("every cron expression parses");
    sched.shutdown().await.unwrap();
}
