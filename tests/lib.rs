//! Shared harness for the end-to-end tests: fresh databases (SQLite always, PostgreSQL when
//! `WSM_TEST_POSTGRES_URL` is set), the real server on 127.0.0.1:0, and signed-in clients.

use std::sync::Arc;

use anyhow::Context;
use wsm_server::config::Config;
use wsm_server::store::model::{NewUser, Role, User};
use wsm_server::store::Store;

/// The environment variable that turns the PostgreSQL half of every suite on.
pub const PG_ENV: &str = "WSM_TEST_POSTGRES_URL";

/// A fresh, migrated database of one kind.
pub struct TestDb {
    /// "sqlite" or "postgres".
    pub kind: &'static str,
    /// Its URL.
    pub url: String,
    /// The open store.
    pub store: Arc<dyn Store>,
    _dir: Option<tempdir::TempDir>,
}

mod tempdir {
    /// A temporary directory removed on drop.
    pub struct TempDir(pub std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}_{}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst), nanos)
}

/// A fresh SQLite file database.
pub async fn sqlite() -> anyhow::Result<TestDb> {
    let dir = std::env::temp_dir().join(unique("wsm_test"));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}", dir.join("wsm.db").display());
    let store = wsm_server::store::open(&url, 5).await?;
    store.migrate().await?;
    Ok(TestDb { kind: "sqlite", url, store, _dir: Some(tempdir::TempDir(dir)) })
}

/// A fresh PostgreSQL database (a new database on the server `WSM_TEST_POSTGRES_URL` names),
/// or `None` when that variable is not set.
pub async fn postgres() -> anyhow::Result<Option<TestDb>> {
    let Ok(base) = std::env::var(PG_ENV) else { return Ok(None) };
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&base).await.with_context(|| format!("connecting to {PG_ENV}"))?;
    // Drop what earlier runs left behind, once per test process (test binaries run one after
    // another; a database still in use refuses to be dropped and is left alone).
    static CLEANED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    CLEANED
        .get_or_init(|| async {
            if let Ok(Ok(mut c)) = tokio::time::timeout(std::time::Duration::from_secs(5), sqlx::PgConnection::connect(&base)).await {
                let old: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'wsm_test_%'").fetch_all(&mut c).await.unwrap_or_default();
                for name in old {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&mut c).await;
                }
            }
        })
        .await;
    let name = unique("wsm_test");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let (prefix, _) = base.rsplit_once('/').context("database URL without a database name")?;
    let url = format!("{prefix}/{name}");
    let store = wsm_server::store::open(&url, 5).await?;
    store.migrate().await?;
    Ok(Some(TestDb { kind: "postgres", url, store, _dir: None }))
}

/// Every database the suites run on: SQLite always, PostgreSQL when configured.
pub async fn databases() -> Vec<TestDb> {
    let mut out = vec![sqlite().await.expect("sqlite test database")];
    match postgres().await.expect("postgres test database") {
        Some(pg) => out.push(pg),
        None => eprintln!("note: {PG_ENV} not set; the PostgreSQL half of this suite is skipped"),
    }
    out
}

/// The real server on 127.0.0.1:0.
pub struct TestApp {
    /// Base URL, e.g. `http://127.0.0.1:43123`.
    pub base: String,
    /// Its store.
    pub store: Arc<dyn Store>,
    /// Database kind.
    pub kind: &'static str,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the app on a database.
pub async fn start(db: &TestDb) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config::default();
    config.database.url = db.url.clone();
    if let Ok(site) = std::env::var("WSM_SITE_ROOT") {
        config.server.site_root = site.into();
    }
    let state = wsm_server::state(db.store.clone(), config);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        wsm_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .expect("server");
    });
    TestApp { base: format!("http://{addr}"), store: db.store.clone(), kind: db.kind, shutdown: Some(tx) }
}

/// Password of every test account.
pub const PASSWORD: &str = "test-password-123";

/// Creates an account directly in the store.
pub async fn account(store: &dyn Store, email: &str, role: Role, staff_id: Option<i64>, facility_ids: Vec<i64>) -> User {
    let hash = wsm_server::auth::hash_password(PASSWORD).expect("hash");
    store.create_user(&NewUser { email: email.into(), password: PASSWORD.into(), role, staff_id, facility_ids }, &hash).await.expect("account")
}

/// A client signed in as `email`.
pub async fn client(app: &TestApp, email: &str) -> reqwest::Client {
    let c = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let r = c.post(format!("{}/api/v1/auth/login", app.base)).json(&serde_json::json!({"email": email, "password": PASSWORD})).send().await.expect("login");
    assert_eq!(r.status(), 200, "login as {email} on {}", app.kind);
    c
}

/// Builders for register records used by several suites.
pub mod fixtures {
    use std::str::FromStr;

    use chrono::NaiveDate;
    use wsm_server::domain::resident::CertificateDegree;
    use wsm_server::domain::standards::{BuildingType, RoomKind};
    use wsm_server::domain::values::{AreaM2, Fte, Money};
    use wsm_server::store::model::*;
    use wsm_server::store::Store;

    /// A date.
    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).expect("date")
    }

    /// An area.
    pub fn area(s: &str) -> AreaM2 {
        AreaM2::parse(s.parse().expect("decimal")).expect("area")
    }

    /// A facility of two empty units of six places, with six single rooms each.
    pub struct Layout {
        /// Facility.
        pub facility: i64,
        /// Units.
        pub units: [i64; 2],
        /// Resident rooms per unit.
        pub rooms: [Vec<i64>; 2],
    }

    /// Builds [`Layout`] in `store`.
    pub async fn layout(store: &dyn Store, building_type: BuildingType) -> Layout {
        let op = store.create_operator(&OperatorInput { name: "Fundacja Testowa".into(), tax_id: None }).await.expect("operator");
        let f = store
            .create_facility(&FacilityInput {
                operator_id: op.id,
                name: "WSM Testowy".into(),
                address: "ul. Próbna 1, Lublin".into(),
                building_type,
                profile: "niepełnosprawność intelektualna".into(),
                duty_start: Some(d("2024-01-01")),
            })
            .await
            .expect("facility");
        let mut units = [0; 2];
        let mut rooms: [Vec<i64>; 2] = [vec![], vec![]];
        for (i, name) in ["A", "B"].iter().enumerate() {
            let u = store.create_unit(f.id, &UnitInput { name: (*name).into(), places: 6, accessible: i == 0 }).await.expect("unit");
            units[i] = u.id;
            for n in 1..=6 {
                let r = store
                    .create_room(u.id, &RoomInput { name: format!("{name}{n}"), kind: RoomKind::ResidentRoom, area_m2: area("16"), accessible: false, serves_room_id: None })
                    .await
                    .expect("room");
                rooms[i].push(r.id);
            }
        }
        Layout { facility: f.id, units, rooms }
    }

    /// A valid adult resident in a unit and room.
    pub fn resident(unit_id: i64, room_id: Option<i64>, name: &str) -> ResidentInput {
        ResidentInput {
            unit_id,
            room_id,
            first_name: name.into(),
            last_name: "Testowa".into(),
            date_of_birth: d("1980-05-05"),
            certificate: Certificate { number: format!("C-{name}"), issuer: "MZON Lublin".into(), degree: CertificateDegree::Znaczny, valid_from: d("2020-01-01"), valid_until: None },
            legal_representative: None,
            supported_decision_making: true,
            moved_in: d("2024-02-01"),
            moved_out: None,
            day_programme: vec![],
            one_to_one: vec![],
            register: RegisterData::default(),
        }
    }

    /// A valid carer in the given units.
    pub fn carer(unit_ids: Vec<i64>, name: &str) -> StaffInput {
        StaffInput {
            first_name: name.into(),
            last_name: "Opiekuńczy".into(),
            role: StaffRole::Carer,
            fte: Fte::from_milli(1000),
            contract_start: d("2024-01-01"),
            contract_end: None,
            unit_ids,
            nights_allowed: true,
            overtime_allowed: false,
            hourly_pay: Money::from_grosze(4020),
            experience_years: 2,
        }
    }
}
